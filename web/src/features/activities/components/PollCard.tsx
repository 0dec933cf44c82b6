import {
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Progress,
  Radio,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../../i18n';
import { errorMessage } from '../../../ui/error-message';
import { FormError } from '../../../ui/FormError';
import { formatDateTime } from '../../../ui/format';
import { LoadError } from '../../communities/components/LoadError';
import { usePoll, usePollAction } from '../hooks';
import type { Poll } from '../types';

/**
 * A poll as a member sees it: a ballot while open (single or multiple choice), results when the
 * creator's choice allows (after voting or after closing), and the voters of named polls.
 * Give `poll` when the caller already has it (a list, a post); otherwise it is loaded by id.
 */
export function PollCard({ pollId, poll: initial }: { pollId: string; poll?: Poll }) {
  const { t } = useTranslation();
  const poll = usePoll(pollId, initial);
  if (poll.isPending) return <Skeleton h={160} radius="md" />;
  if (poll.isError) return <LoadError error={poll.error} retry={() => void poll.refetch()} />;
  return <PollView poll={poll.data} key={poll.data.myVote.join()} title={t('activities.poll.label')} />;
}

function PollView({ poll, title }: { poll: Poll; title: string }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const action = usePollAction(poll.id);
  const voted = poll.myVote.length > 0;
  const [choice, setChoice] = useState<string[]>(poll.myVote);
  const [editing, setEditing] = useState(!voted);
  const ballotOpen = poll.abilities.vote && editing;
  const tooMany = poll.multiple && choice.length > poll.maxChoices;

  const submit = () =>
    action.mutate({ kind: 'vote', optionIds: choice }, { onSuccess: () => setEditing(false) });

  return (
    <Card withBorder radius="md" component="section" aria-label={title} data-testid="poll-card">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={3} size="h5">
            {poll.question}
          </Title>
          <Badge variant="light" color={poll.closed ? 'gray' : 'teal'} style={{ flexShrink: 0 }}>
            {poll.closed ? t('activities.poll.closed') : t('activities.poll.open')}
          </Badge>
        </Group>
        <Text fz="xs" c="dimmed">
          {[
            poll.multiple
              ? t('activities.poll.multipleHint', { count: poll.maxChoices })
              : t('activities.poll.singleHint'),
            poll.anonymous ? t('activities.poll.anonymous') : t('activities.poll.named'),
            poll.closesAt && !poll.closed
              ? t('activities.poll.closesAt', { date: formatDateTime(poll.closesAt, language) })
              : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </Text>

        {ballotOpen ? (
          poll.multiple ? (
            <Checkbox.Group value={choice} onChange={setChoice} label={t('activities.poll.yourChoice')}>
              <Stack gap={6} mt={6}>
                {poll.options.map((o) => (
                  <Checkbox key={o.id} value={o.id} label={o.label} />
                ))}
              </Stack>
            </Checkbox.Group>
          ) : (
            <Radio.Group
              value={choice[0] ?? null}
              onChange={(value) => setChoice([value])}
              label={t('activities.poll.yourChoice')}
            >
              <Stack gap={6} mt={6}>
                {poll.options.map((o) => (
                  <Radio key={o.id} value={o.id} label={o.label} />
                ))}
              </Stack>
            </Radio.Group>
          )
        ) : (
          <Results poll={poll} />
        )}

        {ballotOpen && !poll.resultsVisible && <HiddenResultsHint poll={poll} />}
        {tooMany && (
          <Text fz="sm" c="red">
            {t('activities.poll.tooMany', { count: poll.maxChoices })}
          </Text>
        )}
        <FormError message={action.isError ? errorMessage(t, action.error) : null} />
        <Group gap="xs">
          {ballotOpen && (
            <Button
              size="xs"
              onClick={submit}
              disabled={choice.length === 0 || tooMany}
              loading={action.isPending}
            >
              {voted ? t('activities.poll.saveVote') : t('activities.poll.vote')}
            </Button>
          )}
          {ballotOpen && voted && (
            <Button size="xs" variant="default" onClick={() => setEditing(false)}>
              {t('common.cancel')}
            </Button>
          )}
          {!ballotOpen && poll.abilities.vote && (
            <Button size="xs" variant="light" onClick={() => setEditing(true)}>
              {voted ? t('activities.poll.changeVote') : t('activities.poll.vote')}
            </Button>
          )}
          {!ballotOpen && poll.abilities.vote && voted && (
            <Button
              size="xs"
              variant="subtle"
              color="gray"
              onClick={() => action.mutate({ kind: 'retract' }, { onSuccess: () => setChoice([]) })}
            >
              {t('activities.poll.retract')}
            </Button>
          )}
          {poll.abilities.close && (
            <Button size="xs" variant="subtle" color="red" onClick={() => action.mutate({ kind: 'close' })}>
              {t('activities.poll.close')}
            </Button>
          )}
        </Group>
      </Stack>
    </Card>
  );
}

function Results({ poll }: { poll: Poll }) {
  const { t } = useTranslation();
  if (!poll.resultsVisible)
    return (
      <Stack gap={4}>
        {poll.options.map((o) => (
          <Text key={o.id} fz="sm">
            {poll.myVote.includes(o.id) ? '✓ ' : '· '}
            {o.label}
          </Text>
        ))}
        <HiddenResultsHint poll={poll} />
      </Stack>
    );
  const total = poll.options.reduce((sum, o) => sum + (o.votes ?? 0), 0);
  return (
    <Stack gap="xs" data-testid="poll-results">
      {poll.options.map((o) => {
        const votes = o.votes ?? 0;
        const percent = total === 0 ? 0 : Math.round((votes / total) * 100);
        const mine = poll.myVote.includes(o.id);
        return (
          <div key={o.id}>
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Text fz="sm" fw={mine ? 600 : 400} truncate>
                {mine ? '✓ ' : ''}
                {o.label}
              </Text>
              <Text fz="sm" c="dimmed" style={{ flexShrink: 0 }} data-testid="poll-option-votes">
                {t('activities.poll.votes', { count: votes })} · {percent}%
              </Text>
            </Group>
            <Progress value={percent} size="sm" color={mine ? 'teal' : 'gray'} aria-hidden />
            {o.voters.length > 0 && (
              <Text fz="xs" c="dimmed" mt={2}>
                {o.voters.map((v) => v.displayName).join('、')}
              </Text>
            )}
          </div>
        );
      })}
      <Text fz="xs" c="dimmed">
        {t('activities.poll.voters', { count: poll.voterCount ?? 0 })}
      </Text>
    </Stack>
  );
}

function HiddenResultsHint({ poll }: { poll: Poll }) {
  const { t } = useTranslation();
  return (
    <Text fz="sm" c="dimmed" data-testid="poll-results-hidden">
      {poll.resultsVisibility === 'after_close'
        ? t('activities.poll.resultsAfterClose')
        : t('activities.poll.resultsAfterVote')}
    </Text>
  );
}

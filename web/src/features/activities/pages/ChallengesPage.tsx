import {
  Badge,
  Button,
  Card,
  Group,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorMessage } from '../../../ui/error-message';
import { FormError } from '../../../ui/FormError';
import { ActivityListPage } from '../components/ActivityListPage';
import { CommunityGate } from '../components/CommunityGate';
import { fieldError } from '../field-errors';
import { useChallenges, useCreateChallenge } from '../hooks';
import type { Challenge } from '../types';

/** A community's check-in challenges (打卡), and a form for the owner and moderators to start one. */
export function ChallengesPage() {
  const { t } = useTranslation();
  return (
    <CommunityGate title={t('activities.challenges.title')}>
      {(community, viewer) => (
        <ChallengeList communityId={community.id} slug={community.slug} canCreate={viewer.canModerate} />
      )}
    </CommunityGate>
  );
}

function ChallengeList({
  communityId,
  slug,
  canCreate,
}: {
  communityId: string;
  slug: string;
  canCreate: boolean;
}) {
  const { t } = useTranslation();
  return (
    <ActivityListPage
      slug={slug}
      title={t('activities.challenges.title')}
      newLabel={t('activities.challenges.new')}
      emptyLabel={t('activities.challenges.empty')}
      list={useChallenges(communityId)}
      canCreate={canCreate}
      renderForm={(onCreated) => <NewChallengeForm communityId={communityId} onCreated={onCreated} />}
      renderItem={(challenge) => <ChallengeSummary challenge={challenge} />}
    />
  );
}

export const PHASE_COLORS = { upcoming: 'blue', open: 'teal', ended: 'gray' } as const;

function ChallengeSummary({ challenge }: { challenge: Challenge }) {
  const { t } = useTranslation();
  return (
    <Card
      withBorder
      radius="md"
      component={Link}
      to={`/challenges/${challenge.id}`}
      data-testid="challenge-item"
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Text fw={600} truncate>
            {challenge.title}
          </Text>
          <Text fz="sm" c="dimmed">
            {t('activities.challenges.dates', { start: challenge.startDate, end: challenge.endDate })} ·{' '}
            {t(`activities.challenges.cadence.${challenge.cadence}`)} ·{' '}
            {t('activities.challenges.participants', { count: challenge.participantCount })}
          </Text>
          {challenge.me && challenge.me.checkinCount > 0 && (
            <Text fz="sm">
              {t('activities.challenges.streakShort', { count: challenge.me.currentStreak })}
            </Text>
          )}
        </Stack>
        <Badge variant="light" color={PHASE_COLORS[challenge.phase]} style={{ flexShrink: 0 }}>
          {t(`activities.challenges.phase.${challenge.phase}`)}
        </Badge>
      </Group>
    </Card>
  );
}

function NewChallengeForm({ communityId, onCreated }: { communityId: string; onCreated: () => void }) {
  const { t } = useTranslation();
  const create = useCreateChallenge(communityId);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [startDate, setStartDate] = useState('');
  const [endDate, setEndDate] = useState('');
  const [cadence, setCadence] = useState<'daily' | 'weekly'>('daily');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { title, description, startDate, endDate, cadence },
      {
        onSuccess: () => {
          setTitle('');
          setDescription('');
          onCreated();
        },
      },
    );
  };
  const error = (field: string) => fieldError(t, create.error, field);
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput
          label={t('activities.challenges.fields.title')}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          error={error('title')}
          required
          maxLength={120}
        />
        <Textarea
          label={t('activities.challenges.fields.description')}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          autosize
          minRows={2}
        />
        <Group grow>
          <TextInput
            type="date"
            label={t('activities.challenges.fields.startDate')}
            value={startDate}
            onChange={(e) => setStartDate(e.currentTarget.value)}
            error={error('startDate')}
            required
          />
          <TextInput
            type="date"
            label={t('activities.challenges.fields.endDate')}
            value={endDate}
            onChange={(e) => setEndDate(e.currentTarget.value)}
            error={error('endDate')}
            required
          />
        </Group>
        <SegmentedControl
          value={cadence}
          onChange={(v) => setCadence(v === 'weekly' ? 'weekly' : 'daily')}
          data={[
            { value: 'daily', label: t('activities.challenges.cadence.daily') },
            { value: 'weekly', label: t('activities.challenges.cadence.weekly') },
          ]}
          w="fit-content"
        />
        <Text fz="xs" c="dimmed">
          {t('activities.challenges.timezoneHint')}
        </Text>
        <FormError message={create.isError ? errorMessage(t, create.error) : null} />
        <Button
          type="submit"
          w="fit-content"
          loading={create.isPending}
          disabled={!title || !startDate || !endDate}
        >
          {t('activities.challenges.create')}
        </Button>
      </Stack>
    </form>
  );
}

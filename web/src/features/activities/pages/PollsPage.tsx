import { Button, Card, Collapse, Container, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../communities/components/LoadError';
import { BackToCommunity, CommunityGate } from '../components/CommunityGate';
import { NewPollForm } from '../components/PollBuilder';
import { PollCard } from '../components/PollCard';
import { usePolls } from '../hooks';

/** A community's polls, newest first, and a form for a new one. */
export function PollsPage() {
  const { t } = useTranslation();
  return (
    <CommunityGate title={t('activities.polls.title')}>
      {(community) => <PollList communityId={community.id} slug={community.slug} />}
    </CommunityGate>
  );
}

function PollList({ communityId, slug }: { communityId: string; slug: string }) {
  const { t } = useTranslation();
  const polls = usePolls(communityId);
  const [creating, setCreating] = useState(false);
  const items = polls.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Container size="md" py="xl">
      <Stack gap="lg">
        <BackToCommunity idOrSlug={slug} />
        <Group justify="space-between">
          <Title order={1}>{t('activities.polls.title')}</Title>
          <Button variant={creating ? 'default' : 'filled'} onClick={() => setCreating((c) => !c)}>
            {creating ? t('common.cancel') : t('activities.polls.new')}
          </Button>
        </Group>
        <Collapse expanded={creating}>
          <Card withBorder radius="md">
            <NewPollForm communityId={communityId} onCreated={() => setCreating(false)} />
          </Card>
        </Collapse>
        {polls.isError && <LoadError error={polls.error} retry={() => void polls.refetch()} />}
        {polls.isSuccess && items.length === 0 && <Text c="dimmed">{t('activities.polls.empty')}</Text>}
        {items.map((poll) => (
          <PollCard key={poll.id} pollId={poll.id} poll={poll} />
        ))}
        {polls.hasNextPage && (
          <Button
            variant="subtle"
            onClick={() => void polls.fetchNextPage()}
            loading={polls.isFetchingNextPage}
          >
            {t('activities.more')}
          </Button>
        )}
      </Stack>
    </Container>
  );
}

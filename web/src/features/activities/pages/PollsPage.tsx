import { useTranslation } from 'react-i18next';
import { ActivityListPage } from '../components/ActivityListPage';
import { CommunityGate } from '../components/CommunityGate';
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
  return (
    <ActivityListPage
      slug={slug}
      title={t('activities.polls.title')}
      newLabel={t('activities.polls.new')}
      emptyLabel={t('activities.polls.empty')}
      list={usePolls(communityId)}
      canCreate
      renderForm={(onCreated) => <NewPollForm communityId={communityId} onCreated={onCreated} />}
      renderItem={(poll) => <PollCard pollId={poll.id} poll={poll} />}
    />
  );
}

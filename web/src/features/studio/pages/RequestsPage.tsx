import { Stack } from '@mantine/core';
import { JoinRequestsCard } from '../components/JoinRequestsCard';
import { ReviewQueueCard } from '../components/ReviewQueueCard';
import { useStudioCommunity } from '../context';

export function RequestsPage() {
  const { community, base } = useStudioCommunity();
  return (
    <Stack gap="lg">
      <JoinRequestsCard communityId={community.id} />
      <ReviewQueueCard communityId={community.id} base={base} />
    </Stack>
  );
}

import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorMessage } from '../../../ui/error-message';
import { ReasonModal } from '../../studio/components/ReasonModal';
import { approvePost, rejectPost } from '../api';
import { discussionKeys, useReviewQueue } from '../hooks';

/** Posts waiting for review, for the community's staff: approve, or reject with a reason. */
export function ReviewQueue({ communityId }: { communityId: string }) {
  const { t } = useTranslation();
  const queue = useReviewQueue(communityId, true);
  const queryClient = useQueryClient();
  const [rejecting, setRejecting] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const items = queue.data?.items ?? [];
  if (items.length === 0) return null;
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: discussionKeys.review(communityId) }),
      queryClient.invalidateQueries({ queryKey: discussionKeys.feeds(communityId) }),
    ]);

  return (
    <Card withBorder radius="md" component="section" aria-labelledby="review-title">
      <Stack gap="sm">
        <Title order={2} size="h5" id="review-title">
          {t('discussions.review.title', { count: items.length })}
        </Title>
        {error && (
          <Text c="red" size="sm" role="alert">
            {error}
          </Text>
        )}
        {items.map((post) => (
          <Group key={post.id} justify="space-between" wrap="nowrap">
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Link to={`/posts/${post.id}`}>{post.title ?? post.excerpt.slice(0, 60)}</Link>
              <Text size="xs" c="dimmed">
                {post.author.displayName}
              </Text>
            </Stack>
            <Group gap="xs" wrap="nowrap">
              <Button
                size="xs"
                onClick={() =>
                  void approvePost(post.id)
                    .then(refresh)
                    .catch((caught: unknown) => setError(errorMessage(t, caught)))
                }
              >
                {t('discussions.review.approve')}
              </Button>
              <Button size="xs" variant="default" color="red" onClick={() => setRejecting(post.id)}>
                {t('discussions.review.reject')}
              </Button>
            </Group>
          </Group>
        ))}
      </Stack>
      {rejecting && (
        <ReasonModal
          title={t('discussions.review.rejectTitle')}
          submitLabel={t('discussions.review.reject')}
          required
          onClose={() => setRejecting(null)}
          onSubmit={(reason) => rejectPost(rejecting, reason).then(refresh)}
        />
      )}
    </Card>
  );
}

import { Alert, Anchor, Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { currentLanguage } from '../../../i18n';
import { errorMessage } from '../../../ui/error-message';
import { formatDateTime } from '../../../ui/format';
import { approveReview, rejectReview } from '../api';
import { studioKeys, useInvalidate, useReviewQueue } from '../hooks';
import type { Review } from '../types';
import { QueryState } from './QueryState';
import { ReasonModal } from './ReasonModal';

export function ReviewQueueCard({ communityId, base }: { communityId: string; base: string }) {
  const { t } = useTranslation();
  const queue = useReviewQueue(communityId);
  const invalidate = useInvalidate();
  const [rejecting, setRejecting] = useState<Review | null>(null);
  const refresh = () =>
    Promise.all([invalidate(studioKeys.reviews(communityId)), invalidate(studioKeys.courses(communityId))]);
  const approve = useMutation({ mutationFn: approveReview, onSuccess: refresh });
  const items = queue.data?.pages.flatMap((page) => page.items) ?? [];
  const language = currentLanguage();
  const linkTo = (review: Review) =>
    review.itemType === 'course' ? `${base}/courses/${review.itemId}` : `${base}/lessons/${review.itemId}`;

  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="md">
        <Title order={2} size="h4">
          {t('studio.requests.reviewTitle')}
        </Title>
        {approve.isError && (
          <Alert color="red" variant="light" role="alert">
            {errorMessage(t, approve.error)}
          </Alert>
        )}
        {queue.isSuccess ? (
          items.length === 0 ? (
            <Text c="dimmed">{t('studio.requests.reviewEmpty')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="sm" aria-label={t('studio.requests.reviewTitle')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('studio.requests.item')}</Table.Th>
                    <Table.Th>{t('studio.requests.author')}</Table.Th>
                    <Table.Th>{t('studio.requests.submittedAt')}</Table.Th>
                    <Table.Th>{t('studio.actions')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((review) => (
                    <Table.Tr key={review.id}>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Badge variant="light" size="sm">
                            {t(`studio.requests.itemType.${review.itemType}`)}
                          </Badge>
                          <Anchor component={Link} to={linkTo(review)}>
                            {review.itemTitle}
                          </Anchor>
                        </Group>
                        {review.requestedPublishAt && (
                          <Text size="xs" c="dimmed">
                            {t('studio.requests.scheduledFor', {
                              when: formatDateTime(review.requestedPublishAt, language),
                            })}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{review.submittedBy.displayName}</Table.Td>
                      <Table.Td>{formatDateTime(review.createdAt, language)}</Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Button
                            size="xs"
                            onClick={() => approve.mutate(review.id)}
                            loading={approve.isPending && approve.variables === review.id}
                            aria-label={t('studio.requests.approveNamed', { name: review.itemTitle })}
                          >
                            {t('studio.requests.approve')}
                          </Button>
                          <Button
                            size="xs"
                            variant="subtle"
                            color="red"
                            onClick={() => setRejecting(review)}
                            aria-label={t('studio.requests.rejectNamed', { name: review.itemTitle })}
                          >
                            {t('studio.requests.reject')}
                          </Button>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        ) : (
          <QueryState error={queue.error} retry={() => void queue.refetch()} />
        )}
        {queue.hasNextPage && (
          <Button
            variant="default"
            onClick={() => void queue.fetchNextPage()}
            loading={queue.isFetchingNextPage}
          >
            {t('studio.loadMore')}
          </Button>
        )}
      </Stack>
      {rejecting && (
        <ReasonModal
          title={t('studio.requests.rejectNamed', { name: rejecting.itemTitle })}
          submitLabel={t('studio.requests.reject')}
          required
          onClose={() => setRejecting(null)}
          onSubmit={async (reason) => {
            await rejectReview(rejecting.id, reason);
            await refresh();
          }}
        />
      )}
    </Card>
  );
}

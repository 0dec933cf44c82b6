import { Alert, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../../i18n';
import { errorMessage } from '../../../ui/error-message';
import { formatDateTime } from '../../../ui/format';
import { approveJoinRequest, rejectJoinRequest } from '../api';
import { studioKeys, useInvalidate, useJoinRequests, usePlans } from '../hooks';
import type { JoinRequest } from '../types';
import { QueryState } from './QueryState';
import { ReasonModal } from './ReasonModal';

export function JoinRequestsCard({ communityId }: { communityId: string }) {
  const { t } = useTranslation();
  const requests = useJoinRequests(communityId);
  const plans = usePlans(communityId);
  const invalidate = useInvalidate();
  const [rejecting, setRejecting] = useState<JoinRequest | null>(null);
  const refresh = () =>
    Promise.all([
      invalidate(studioKeys.joinRequests(communityId)),
      invalidate(studioKeys.members(communityId)),
    ]);
  const approve = useMutation({
    mutationFn: (userId: string) => approveJoinRequest(communityId, userId),
    onSuccess: refresh,
  });
  const items = requests.data?.pages.flatMap((page) => page.items) ?? [];
  const planName = (id: string | null) => plans.data?.find((plan) => plan.id === id)?.name ?? '—';

  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="md">
        <Title order={2} size="h4">
          {t('studio.requests.joinTitle')}
        </Title>
        {approve.isError && (
          <Alert color="red" variant="light" role="alert">
            {errorMessage(t, approve.error)}
          </Alert>
        )}
        {requests.isSuccess ? (
          items.length === 0 ? (
            <Text c="dimmed">{t('studio.requests.joinEmpty')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={560}>
              <Table verticalSpacing="sm" aria-label={t('studio.requests.joinTitle')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('studio.members.name')}</Table.Th>
                    <Table.Th>{t('studio.members.plan')}</Table.Th>
                    <Table.Th>{t('studio.requests.requestedAt')}</Table.Th>
                    <Table.Th>{t('studio.actions')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((request) => (
                    <Table.Tr key={request.userId}>
                      <Table.Td>{request.displayName}</Table.Td>
                      <Table.Td>{planName(request.planId)}</Table.Td>
                      <Table.Td>{formatDateTime(request.requestedAt, currentLanguage())}</Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Button
                            size="xs"
                            onClick={() => approve.mutate(request.userId)}
                            loading={approve.isPending && approve.variables === request.userId}
                            aria-label={t('studio.requests.approveNamed', { name: request.displayName })}
                          >
                            {t('studio.requests.approve')}
                          </Button>
                          <Button
                            size="xs"
                            variant="subtle"
                            color="red"
                            onClick={() => setRejecting(request)}
                            aria-label={t('studio.requests.rejectNamed', { name: request.displayName })}
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
          <QueryState error={requests.error} retry={() => void requests.refetch()} />
        )}
        {requests.hasNextPage && (
          <Button
            variant="default"
            onClick={() => void requests.fetchNextPage()}
            loading={requests.isFetchingNextPage}
          >
            {t('studio.loadMore')}
          </Button>
        )}
      </Stack>
      {rejecting && (
        <ReasonModal
          title={t('studio.requests.rejectNamed', { name: rejecting.displayName })}
          submitLabel={t('studio.requests.reject')}
          required={false}
          onClose={() => setRejecting(null)}
          onSubmit={async (reason) => {
            await rejectJoinRequest(communityId, rejecting.userId, reason || undefined);
            await refresh();
          }}
        />
      )}
    </Card>
  );
}

import { Alert, Badge, Button, Card, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../../i18n';
import { errorMessage } from '../../../ui/error-message';
import { formatDateTime } from '../../../ui/format';
import { createInvitation, revokeInvitation } from '../api';
import { CreateInvitationForm } from '../components/CreateInvitationForm';
import { InvitationLink } from '../components/InvitationLink';
import { QueryState } from '../components/QueryState';
import { useStudioCommunity } from '../context';
import { studioKeys, useInvalidate, useInvitations, usePlans } from '../hooks';
import type { Invitation } from '../types';

type InvitationStatus = 'active' | 'revoked' | 'expired' | 'used_up';

function statusOf(invitation: Invitation, now: number): InvitationStatus {
  if (invitation.revokedAt !== null) return 'revoked';
  if (invitation.expiresAt !== null && invitation.expiresAt <= now) return 'expired';
  if (invitation.maxUses !== null && invitation.uses >= invitation.maxUses) return 'used_up';
  return 'active';
}

export function InvitationsPage() {
  const { t } = useTranslation();
  const { community, canManage } = useStudioCommunity();
  const invitations = useInvitations(community.id);
  const plans = usePlans(community.id);
  const invalidate = useInvalidate();
  const [created, setCreated] = useState<string | null>(null);
  const revoke = useMutation({
    mutationFn: (id: string) => revokeInvitation(community.id, id),
    onSuccess: () => invalidate(studioKeys.invitations(community.id)),
  });
  const items = invitations.data?.pages.flatMap((page) => page.items) ?? [];
  const language = currentLanguage();
  const now = Date.now();
  const planName = (id: string | null) =>
    id ? (plans.data?.find((plan) => plan.id === id)?.name ?? '—') : t('studio.invitations.anyPlan');

  if (!canManage) return <Alert variant="light">{t('studio.settings.ownerOnly')}</Alert>;

  return (
    <Stack gap="lg">
      <Card withBorder radius="md" padding="lg">
        <Stack gap="md">
          <Title order={2} size="h4">
            {t('studio.invitations.newTitle')}
          </Title>
          {created && <InvitationLink url={created} onClose={() => setCreated(null)} />}
          <CreateInvitationForm
            plans={(plans.data ?? []).filter((plan) => plan.status === 'active')}
            onSubmit={async (input) => {
              const invitation = await createInvitation(community.id, input);
              setCreated(invitation.url);
              await invalidate(studioKeys.invitations(community.id));
            }}
          />
        </Stack>
      </Card>
      <Card withBorder radius="md" padding="lg">
        <Stack gap="md">
          <Title order={2} size="h4">
            {t('studio.invitations.title')}
          </Title>
          {revoke.isError && (
            <Alert color="red" variant="light" role="alert">
              {errorMessage(t, revoke.error)}
            </Alert>
          )}
          {invitations.isSuccess ? (
            items.length === 0 ? (
              <Text c="dimmed">{t('studio.invitations.empty')}</Text>
            ) : (
              <Table.ScrollContainer minWidth={640}>
                <Table verticalSpacing="sm" aria-label={t('studio.invitations.title')}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('studio.invitations.created')}</Table.Th>
                      <Table.Th>{t('studio.invitations.plan')}</Table.Th>
                      <Table.Th>{t('studio.invitations.uses')}</Table.Th>
                      <Table.Th>{t('studio.invitations.expiresAt')}</Table.Th>
                      <Table.Th>{t('studio.statusLabel')}</Table.Th>
                      <Table.Th>{t('studio.actions')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {items.map((invitation) => {
                      const status = statusOf(invitation, now);
                      return (
                        <Table.Tr key={invitation.id}>
                          <Table.Td>{formatDateTime(invitation.createdAt, language)}</Table.Td>
                          <Table.Td>{planName(invitation.planId)}</Table.Td>
                          <Table.Td>
                            {invitation.maxUses === null
                              ? t('studio.invitations.usesUnlimited', { uses: invitation.uses })
                              : t('studio.invitations.usesOf', {
                                  uses: invitation.uses,
                                  max: invitation.maxUses,
                                })}
                          </Table.Td>
                          <Table.Td>
                            {invitation.expiresAt
                              ? formatDateTime(invitation.expiresAt, language)
                              : t('studio.invitations.never')}
                          </Table.Td>
                          <Table.Td>
                            <Badge variant="light" color={status === 'active' ? 'teal' : 'gray'} size="sm">
                              {t(`studio.invitations.status.${status}`)}
                            </Badge>
                          </Table.Td>
                          <Table.Td>
                            {status === 'active' && (
                              <Button
                                size="xs"
                                variant="subtle"
                                color="red"
                                onClick={() => revoke.mutate(invitation.id)}
                                loading={revoke.isPending && revoke.variables === invitation.id}
                              >
                                {t('studio.invitations.revoke')}
                              </Button>
                            )}
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )
          ) : (
            <QueryState error={invitations.error} retry={() => void invitations.refetch()} />
          )}
          {invitations.hasNextPage && (
            <Button
              variant="default"
              onClick={() => void invitations.fetchNextPage()}
              loading={invitations.isFetchingNextPage}
            >
              {t('studio.loadMore')}
            </Button>
          )}
        </Stack>
      </Card>
    </Stack>
  );
}

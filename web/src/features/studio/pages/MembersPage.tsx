import { Alert, Button, Card, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../ui/error-message';
import { removeRole, setRole } from '../api';
import { HistoryDrawer } from '../components/HistoryDrawer';
import { type MemberAction, MemberActionDialog } from '../components/MemberActionDialog';
import { MemberFilters } from '../components/MemberFilters';
import { MemberRow } from '../components/MemberRow';
import { QueryState } from '../components/QueryState';
import { TeamCard } from '../components/TeamCard';
import { useStudioCommunity } from '../context';
import { type MemberFilters as Filters, studioKeys, useInvalidate, useMembers, usePlans } from '../hooks';
import type { Member, StaffRole } from '../types';

export function MembersPage() {
  const { t } = useTranslation();
  const { community, canManage } = useStudioCommunity();
  const [filters, setFilters] = useState<Filters>({});
  const members = useMembers(community.id, filters);
  const plans = usePlans(community.id);
  const invalidate = useInvalidate();
  const [dialog, setDialog] = useState<{ action: MemberAction; member: Member } | null>(null);
  const [historyOf, setHistoryOf] = useState<Member | null>(null);
  const role = useMutation({
    mutationFn: async ({ userId, role }: { userId: string; role: StaffRole | null; name: string }) => {
      if (role) await setRole(community.id, userId, role);
      else await removeRole(community.id, userId);
    },
    onSuccess: () => invalidate(studioKeys.members(community.id)),
  });
  const items = members.data?.pages.flatMap((page) => page.items) ?? [];
  const planList = plans.data ?? [];

  const refresh = () =>
    Promise.all([
      invalidate(studioKeys.members(community.id)),
      invalidate(studioKeys.landing(community.slug)),
    ]);

  return (
    <Stack gap="lg">
      <Card withBorder radius="md" padding="lg">
        <Stack gap="md">
          <Title order={2} size="h4">
            {t('studio.members.title')}
          </Title>
          <MemberFilters value={filters} plans={planList} onChange={setFilters} />
          {role.isError && (
            <Alert color="red" variant="light" role="alert">
              {errorMessage(t, role.error)}
            </Alert>
          )}
          {role.isSuccess && (
            <Alert color="teal" variant="light" role="status">
              {role.variables.role
                ? t('studio.members.roleSet', {
                    name: role.variables.name,
                    role: t(`studio.role.${role.variables.role}`),
                  })
                : t('studio.members.roleRemoved', { name: role.variables.name })}
            </Alert>
          )}
          {members.isSuccess ? (
            items.length === 0 ? (
              <Text c="dimmed">{t('studio.members.empty')}</Text>
            ) : (
              <Table.ScrollContainer minWidth={720}>
                <Table verticalSpacing="sm" aria-label={t('studio.members.title')}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('studio.members.name')}</Table.Th>
                      <Table.Th>{t('studio.members.roles')}</Table.Th>
                      <Table.Th>{t('studio.members.state')}</Table.Th>
                      <Table.Th>{t('studio.members.plan')}</Table.Th>
                      <Table.Th>{t('studio.members.joined')}</Table.Th>
                      <Table.Th>{t('studio.members.ends')}</Table.Th>
                      <Table.Th>{t('studio.actions')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {items.map((member) => (
                      <MemberRow
                        key={member.userId}
                        member={member}
                        plans={planList}
                        canManage={canManage}
                        onAction={(action) => setDialog({ action, member })}
                        onRole={(next) =>
                          role.mutate({ userId: member.userId, role: next, name: member.displayName })
                        }
                        onHistory={() => setHistoryOf(member)}
                      />
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )
          ) : (
            <QueryState error={members.error} retry={() => void members.refetch()} />
          )}
          {members.hasNextPage && (
            <Button
              variant="default"
              onClick={() => void members.fetchNextPage()}
              loading={members.isFetchingNextPage}
            >
              {t('studio.loadMore')}
            </Button>
          )}
        </Stack>
        {dialog && (
          <MemberActionDialog
            action={dialog.action}
            member={dialog.member}
            communityId={community.id}
            plans={planList.filter((plan) => plan.status === 'active')}
            onClose={() => setDialog(null)}
            onDone={async () => {
              await refresh();
              await invalidate(studioKeys.history(community.id, dialog.member.userId));
            }}
          />
        )}
        <HistoryDrawer communityId={community.id} member={historyOf} onClose={() => setHistoryOf(null)} />
      </Card>
      <TeamCard communityId={community.id} />
    </Stack>
  );
}

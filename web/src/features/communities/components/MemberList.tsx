import { Avatar, Badge, Button, Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../../i18n';
import { formatDate } from '../../../ui/format';
import { useMembers } from '../hooks';
import type { Member } from '../types';
import { LoadError } from './LoadError';

const ROLE_COLORS: Record<NonNullable<Member['role']>, string> = {
  owner: 'orange',
  moderator: 'indigo',
  contributor: 'teal',
};

/** Active members, newest first, a page at a time; the team's role shows beside a name. */
export function MemberList({ communityId }: { communityId: string }) {
  const { t } = useTranslation();
  const members = useMembers(communityId, true);
  const items = members.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Card withBorder radius="md" component="section" aria-labelledby="members-title">
      <Title order={2} size="h4" id="members-title" mb="sm">
        {t('community.home.membersTitle')}
      </Title>
      {members.isPending && <Skeleton h={120} />}
      {members.isError && <LoadError error={members.error} retry={() => void members.refetch()} />}
      <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        {items.map((member) => (
          <Group key={member.userId} component="li" gap="sm" wrap="nowrap" data-testid="member-item">
            <Avatar name={member.displayName} color="initials" radius="xl" size={34} />
            <div style={{ minWidth: 0 }}>
              <Group gap={6} wrap="nowrap">
                <Text fw={500} truncate>
                  {member.displayName}
                </Text>
                {member.role && (
                  <Badge
                    size="xs"
                    variant="light"
                    color={ROLE_COLORS[member.role]}
                    tt="none"
                    style={{ flexShrink: 0 }}
                    data-testid="member-role"
                  >
                    {t(`community.home.role.${member.role}`)}
                  </Badge>
                )}
              </Group>
              <Text fz="xs" c="dimmed">
                {t('community.home.joinedOn', { date: formatDate(member.joinedAt, currentLanguage()) })}
              </Text>
            </div>
          </Group>
        ))}
      </Stack>
      {members.hasNextPage && (
        <Button
          variant="subtle"
          size="xs"
          mt="sm"
          onClick={() => void members.fetchNextPage()}
          loading={members.isFetchingNextPage}
        >
          {t('community.home.moreMembers')}
        </Button>
      )}
    </Card>
  );
}

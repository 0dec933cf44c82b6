import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useTeam } from '../hooks';
import { QueryState } from './QueryState';

/** The owner, moderators and contributors: the team may hold a role without a membership. */
export function TeamCard({ communityId }: { communityId: string }) {
  const { t } = useTranslation();
  const team = useTeam(communityId);
  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('studio.members.team')}
        </Title>
        {team.isSuccess ? (
          <Stack gap="xs" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {team.data.map((person) => (
              <Group key={person.userId} component="li" gap="sm" justify="space-between">
                <Text fw={500}>{person.displayName}</Text>
                <Badge variant="light" color={person.role === 'owner' ? 'teal' : 'gray'}>
                  {t(`studio.role.${person.role}`)}
                </Badge>
              </Group>
            ))}
          </Stack>
        ) : (
          <QueryState error={team.error} retry={() => void team.refetch()} />
        )}
      </Stack>
    </Card>
  );
}

import { Avatar, Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ManagedCommunity } from '../types';

export function ManagedCommunityCard({ community }: { community: ManagedCommunity }) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="sm" h="100%">
        <Group gap="sm" wrap="nowrap">
          <Avatar
            src={community.avatarFileId ? `/api/files/${community.avatarFileId}` : null}
            name={community.name}
            color="teal"
            radius="md"
            size={44}
          />
          <Stack gap={0} miw={0}>
            <Text fw={600} truncate>
              {community.name}
            </Text>
            <Text size="xs" c="dimmed" truncate>
              /c/{community.slug}
            </Text>
          </Stack>
        </Group>
        <Group gap="xs">
          <Badge variant="light" color="teal">
            {t(`studio.role.${community.role}`)}
          </Badge>
          <Badge variant="light" color="gray">
            {t('studio.mine.members', { count: community.memberCount })}
          </Badge>
        </Group>
        <Group gap="xs" mt="auto">
          <Button
            component={Link}
            to={`/studio/c/${community.slug}`}
            size="xs"
            aria-label={t('studio.mine.openNamed', { name: community.name })}
          >
            {t('studio.mine.open')}
          </Button>
          <Button component={Link} to={`/c/${community.slug}`} size="xs" variant="default">
            {t('studio.mine.viewPublic')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

import { Avatar, Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Landing } from '../types';

export function ManagedCommunityCard({ landing }: { landing: Landing }) {
  const { t } = useTranslation();
  const { community, viewer } = landing;
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
          {viewer.role && (
            <Badge variant="light" color="teal">
              {t(`studio.role.${viewer.role}`)}
            </Badge>
          )}
          <Badge variant="light" color="gray">
            {t('studio.mine.members', { count: community.memberCount })}
          </Badge>
          <Badge variant="light" color="gray">
            {t(`studio.community.visibilityOption.${community.visibility}`)}
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

import { Badge, Box, Container, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { UsersIcon } from '../../../ui/icons';
import type { Community } from '../types';
import { CommunityAvatar } from './CommunityAvatar';

/** The top of a community's pages: cover, avatar, name, member count and tags. */
export function CommunityHero({ community, actions }: { community: Community; actions?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Box>
      <Box
        h={{ base: 120, sm: 180 }}
        style={{
          background: community.coverFileId
            ? `center / cover no-repeat url(/api/files/${community.coverFileId})`
            : 'linear-gradient(135deg, var(--mantine-color-teal-7), var(--mantine-color-cyan-5))',
        }}
      />
      <Container size="lg">
        <Group align="flex-end" justify="space-between" gap="md">
          <Group align="flex-end" gap="md" wrap="nowrap">
            <Box
              mt={-40}
              style={{
                borderRadius: 'var(--mantine-radius-md)',
                border: '4px solid var(--mantine-color-body)',
              }}
            >
              <CommunityAvatar name={community.name} fileId={community.avatarFileId} size={88} />
            </Box>
            <Stack gap={4} pb={4}>
              <Title order={1} fz={{ base: 24, sm: 32 }}>
                {community.name}
              </Title>
              <Group gap="xs" c="dimmed" wrap="nowrap">
                <UsersIcon size={16} />
                <Text span fz="sm">
                  {t('community.memberCount', { count: community.memberCount })}
                </Text>
              </Group>
            </Stack>
          </Group>
          {actions}
        </Group>
        {(community.category || community.tags.length > 0) && (
          <Group gap={6} mt="md">
            {community.category && (
              <Badge variant="filled" color="teal" tt="none">
                {community.category}
              </Badge>
            )}
            {community.tags.map((tag) => (
              <Badge key={tag} variant="light" color="gray" tt="none">
                #{tag}
              </Badge>
            ))}
          </Group>
        )}
      </Container>
    </Box>
  );
}

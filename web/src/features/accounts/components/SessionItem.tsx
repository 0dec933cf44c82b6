import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../ui/format';
import type { Session } from '../types';
import { describeUserAgent } from './user-agent';

interface SessionItemProps {
  session: Session;
  onRevoke: (id: string) => void;
  revoking: boolean;
}

export function SessionItem({ session, onRevoke, revoking }: SessionItemProps) {
  const { t, i18n } = useTranslation();
  const { browser, os } = describeUserAgent(session.userAgent);
  const device =
    browser && os
      ? t('profile.sessions.deviceFormat', { browser, os })
      : (browser ?? os ?? t('profile.sessions.unknownDevice'));

  return (
    <Paper withBorder radius="md" p="md" component="li" data-testid="session-item">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={4} miw={0}>
          <Group gap="xs">
            <Text fw={600} truncate>
              {device}
            </Text>
            {session.current && (
              <Badge size="sm" color="teal" variant="light">
                {t('profile.sessions.thisDevice')}
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            {t('profile.sessions.ip', { ip: session.ip ?? t('profile.sessions.unknownIp') })}
          </Text>
          <Text size="sm" c="dimmed">
            {t('profile.sessions.lastSeen', { time: formatDateTime(session.lastSeenAt, i18n.language) })}
            {' · '}
            {t('profile.sessions.signedIn', { time: formatDateTime(session.createdAt, i18n.language) })}
          </Text>
        </Stack>
        {!session.current && (
          <Button
            size="xs"
            variant="light"
            color="red"
            loading={revoking}
            style={{ flexShrink: 0 }}
            onClick={() => onRevoke(session.id)}
            aria-label={t('profile.sessions.revokeLabel', { device })}
          >
            {t('profile.sessions.revoke')}
          </Button>
        )}
      </Group>
    </Paper>
  );
}

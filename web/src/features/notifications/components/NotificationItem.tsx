import { Box, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { currentLanguage } from '../../../i18n';
import { formatDateTime } from '../../../ui/format';
import { describeNotification, notificationTarget } from '../describe';
import { useMarkRead } from '../hooks';
import type { Notification } from '../types';

/** One notification: its sentence, community and time; opening it marks it read. */
export function NotificationItem({
  notification: n,
  compact = false,
}: {
  notification: Notification;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const markRead = useMarkRead();
  const unread = n.readAt === null;
  const open = () => {
    if (unread) markRead.mutate({ ids: [n.id] });
    navigate(notificationTarget(n));
  };
  return (
    <UnstyledButton
      onClick={open}
      w="100%"
      p={compact ? 'xs' : 'sm'}
      data-testid="notification-item"
      data-unread={unread ? 'true' : 'false'}
      style={{ borderRadius: 8 }}
      bg={unread ? 'var(--mantine-color-teal-light)' : undefined}
    >
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <Box
          mt={6}
          w={8}
          h={8}
          style={{ borderRadius: 4, flex: 'none' }}
          bg={unread ? 'teal' : 'transparent'}
          aria-label={unread ? t('notifications.unreadMark') : undefined}
        />
        <Stack gap={2} miw={0}>
          <Text size="sm" fw={unread ? 600 : 400} lineClamp={compact ? 2 : undefined}>
            {describeNotification(t, n, currentLanguage())}
          </Text>
          <Text size="xs" c="dimmed">
            {n.community.name} · {formatDateTime(n.createdAt, currentLanguage())}
          </Text>
        </Stack>
      </Group>
    </UnstyledButton>
  );
}

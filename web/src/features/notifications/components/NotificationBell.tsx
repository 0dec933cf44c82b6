import {
  ActionIcon,
  Button,
  Divider,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Stack,
  Text,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../accounts/hooks';
import { useLiveNotifications, useMarkRead, useNotifications, useUnreadCount } from '../hooks';
import { BellIcon } from './BellIcon';
import { NotificationItem } from './NotificationItem';

/** The header bell: a live unread count (WebSocket) and the latest notifications. */
export function NotificationBell() {
  const { data: user } = useMe();
  if (!user) return null;
  return <SignedInBell />;
}

function SignedInBell() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  useLiveNotifications(true);
  const unread = useUnreadCount(true).data?.unread ?? 0;
  const label = unread > 0 ? t('notifications.bellUnread', { count: unread }) : t('notifications.bell');
  return (
    <Popover
      opened={opened}
      onChange={(o) => !o && close()}
      position="bottom-end"
      width={360}
      withinPortal
      shadow="md"
    >
      <Popover.Target>
        <Indicator
          label={unread > 99 ? '99+' : unread}
          disabled={unread === 0}
          size={18}
          offset={4}
          color="red"
          data-testid="notification-count"
        >
          <ActionIcon variant="subtle" color="gray" size="lg" onClick={toggle} aria-label={label}>
            <BellIcon />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p="xs">{opened && <LatestNotifications onNavigate={close} />}</Popover.Dropdown>
    </Popover>
  );
}

function LatestNotifications({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const list = useNotifications();
  const markRead = useMarkRead();
  const items = list.data?.pages[0]?.items.slice(0, 8) ?? [];
  return (
    <Stack gap={4}>
      <Group justify="space-between" px="xs">
        <Text fw={600}>{t('notifications.title')}</Text>
        <Button variant="subtle" size="compact-xs" onClick={() => markRead.mutate({ all: true })}>
          {t('notifications.markAllRead')}
        </Button>
      </Group>
      <Divider />
      <ScrollArea.Autosize mah={400}>
        {list.isSuccess && items.length === 0 && (
          <Text c="dimmed" size="sm" p="sm">
            {t('notifications.empty')}
          </Text>
        )}
        <Stack gap={2} onClick={onNavigate}>
          {items.map((n) => (
            <NotificationItem key={n.id} notification={n} compact />
          ))}
        </Stack>
      </ScrollArea.Autosize>
      <Divider />
      <Group justify="space-between" px="xs">
        <Button component={Link} to="/notifications" variant="subtle" size="compact-sm" onClick={onNavigate}>
          {t('notifications.seeAll')}
        </Button>
        <Button
          component={Link}
          to="/settings/notifications"
          variant="subtle"
          size="compact-sm"
          onClick={onNavigate}
        >
          {t('notifications.settings.link')}
        </Button>
      </Group>
    </Stack>
  );
}

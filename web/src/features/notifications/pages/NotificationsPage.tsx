import { Button, Card, Container, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageLoader } from '../../../ui/PageLoader';
import { LoadError } from '../../communities/components/LoadError';
import { useDocumentTitle } from '../../communities/use-document-title';
import { NotificationItem } from '../components/NotificationItem';
import { useMarkRead, useNotifications } from '../hooks';

/** All my notifications, newest first, a page at a time; new ones arrive live. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const list = useNotifications();
  const markRead = useMarkRead();
  useDocumentTitle(t('notifications.title'));

  if (list.isPending) return <PageLoader />;
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const unread = list.data?.pages[0]?.unread ?? 0;

  return (
    <Container size="sm" py="xl">
      <Stack gap="lg">
        <Group justify="space-between" align="center">
          <Title order={1}>{t('notifications.title')}</Title>
          <Group gap="xs">
            <Button
              variant="default"
              size="sm"
              disabled={unread === 0}
              loading={markRead.isPending}
              onClick={() => markRead.mutate({ all: true })}
            >
              {t('notifications.markAllRead')}
            </Button>
            <Button component={Link} to="/settings/notifications" variant="subtle" size="sm">
              {t('notifications.settings.link')}
            </Button>
          </Group>
        </Group>
        {list.isError && <LoadError error={list.error} retry={() => void list.refetch()} />}
        {list.isSuccess && items.length === 0 && <Text c="dimmed">{t('notifications.empty')}</Text>}
        {items.length > 0 && (
          <Card withBorder radius="md" padding="xs">
            <Stack gap={2}>
              {items.map((n) => (
                <NotificationItem key={n.id} notification={n} />
              ))}
            </Stack>
          </Card>
        )}
        {list.hasNextPage && (
          <Button
            variant="default"
            onClick={() => void list.fetchNextPage()}
            loading={list.isFetchingNextPage}
          >
            {t('notifications.loadMore')}
          </Button>
        )}
      </Stack>
    </Container>
  );
}

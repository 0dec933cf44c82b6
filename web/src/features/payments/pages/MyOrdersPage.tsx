import { Button, Card, Container, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { currentLanguage } from '../../../i18n';
import { formatDateTime } from '../../../ui/format';
import { PageLoader } from '../../../ui/PageLoader';
import { LoadError } from '../../communities/components/LoadError';
import { formatMoney } from '../../communities/money';
import { useDocumentTitle } from '../../communities/use-document-title';
import { OrderStateBadge } from '../components/OrderStateBadge';
import { useMyOrders } from '../hooks';
import { orderItemLabel } from '../order-item';

/** The signed-in person's orders, newest first, a page at a time. */
export function MyOrdersPage() {
  const { t } = useTranslation();
  const orders = useMyOrders();
  const language = currentLanguage();
  useDocumentTitle(t('payments.mine.title'));

  if (orders.isPending) return <PageLoader />;
  const items = orders.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Container size="sm" py="xl">
      <Stack gap="lg">
        <Group justify="space-between" align="center">
          <Title order={1}>{t('payments.mine.title')}</Title>
          <Button component={Link} to="/me/referrals" variant="default" size="sm">
            {t('referrals.mine.title')}
          </Button>
        </Group>
        {orders.isError && <LoadError error={orders.error} retry={() => void orders.refetch()} />}
        {orders.isSuccess && items.length === 0 && <Text c="dimmed">{t('payments.mine.empty')}</Text>}
        {items.map((order) => (
          <Card
            key={order.id}
            withBorder
            radius="md"
            padding="md"
            component={Link}
            to={`/orders/${order.id}`}
            data-testid="order-item"
          >
            <Group justify="space-between" wrap="nowrap" gap="sm">
              <Stack gap={2} miw={0}>
                <Text fw={600} truncate>
                  {orderItemLabel(order, t)}
                </Text>
                <Text fz="sm" c="dimmed">
                  {formatDateTime(order.createdAt, language)}
                </Text>
              </Stack>
              <Group gap="sm" wrap="nowrap">
                <Text fw={600}>{formatMoney(order.amountMinor, order.currency, language)}</Text>
                <OrderStateBadge state={order.state} size="sm" />
              </Group>
            </Group>
          </Card>
        ))}
        {orders.hasNextPage && (
          <Button
            variant="default"
            onClick={() => void orders.fetchNextPage()}
            loading={orders.isFetchingNextPage}
          >
            {t('payments.mine.loadMore')}
          </Button>
        )}
      </Stack>
    </Container>
  );
}

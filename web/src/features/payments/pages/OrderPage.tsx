import { Anchor, Button, Card, Container, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../../api/errors';
import { NotFoundPage } from '../../../app/NotFoundPage';
import { currentLanguage } from '../../../i18n';
import { formatDateTime } from '../../../ui/format';
import { PageLoader } from '../../../ui/PageLoader';
import { LoadError } from '../../communities/components/LoadError';
import { formatMoney } from '../../communities/money';
import { useDocumentTitle } from '../../communities/use-document-title';
import { OrderNextStep } from '../components/OrderNextStep';
import { OrderStateBadge } from '../components/OrderStateBadge';
import { PriceSummary } from '../components/PriceSummary';
import { RefundList } from '../components/RefundList';
import { RefundModal } from '../components/RefundModal';
import { useOrder, useRefunds, useRequestRefund } from '../hooks';
import { isPaid } from '../order-state';

/** One order: its state (kept fresh while it is being paid), what comes next, and its refunds. */
export function OrderPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const order = useOrder(id);
  const hasRefunds = Boolean(order.data && order.data.refundedMinor > 0);
  const refunds = useRefunds(id, hasRefunds);
  const refund = useRequestRefund(id);
  const [refunding, setRefunding] = useState<string | null>(null);
  useDocumentTitle(t('payments.order.title'));

  if (order.isPending) return <PageLoader />;
  if (order.isError) {
    if (isApiError(order.error) && order.error.status === 404) return <NotFoundPage />;
    return (
      <Container size="sm" py="xl">
        <LoadError error={order.error} retry={() => void order.refetch()} />
      </Container>
    );
  }
  const data = order.data;
  const language = currentLanguage();
  const mayRefund = isPaid(data.state) && data.selfRefundUntil !== null && data.selfRefundUntil > Date.now();

  return (
    <Container size="sm" py="xl">
      <Stack gap="lg">
        <Stack gap={4}>
          <Anchor component={Link} to="/me/orders" size="sm">
            {t('payments.mine.title')}
          </Anchor>
          <Group justify="space-between" align="center">
            <Title order={1}>{t('payments.order.title')}</Title>
            <OrderStateBadge state={data.state} size="lg" />
          </Group>
          {data.item.kind === 'question' ? (
            <Anchor component={Link} to={`/paid-questions/${data.item.id}`} c="dimmed">
              {t('payments.order.item.question')}
            </Anchor>
          ) : (
            <Text c="dimmed">
              {data.item.kind === 'tip'
                ? t('payments.order.item.tip', {
                    amount: formatMoney(data.amountMinor, data.currency, language),
                  })
                : data.gift
                  ? t('gifts.order.itemAsGift', { name: data.item.name })
                  : data.item.name}
            </Text>
          )}
        </Stack>
        <Card withBorder radius="md" padding="lg">
          <Stack gap="md">
            <OrderNextStep order={data} />
            <PriceSummary {...data} />
            {data.refundedMinor > 0 && (
              <Group justify="space-between">
                <Text c="dimmed">{t('payments.order.refunded')}</Text>
                <Text c="orange">{formatMoney(data.refundedMinor, data.currency, language)}</Text>
              </Group>
            )}
            <Stack gap={2}>
              <Text fz="sm" c="dimmed">
                {t('payments.order.number', { id: data.id })}
              </Text>
              <Text fz="sm" c="dimmed">
                {t('payments.order.createdAt', { date: formatDateTime(data.createdAt, language) })}
              </Text>
              {data.paidAt !== null && (
                <Text fz="sm" c="dimmed">
                  {t('payments.order.paidAt', { date: formatDateTime(data.paidAt, language) })}
                </Text>
              )}
              <Text fz="sm" c="dimmed">
                {t('payments.order.provider', { provider: t(`payments.provider.${data.provider}`) })}
              </Text>
            </Stack>
          </Stack>
        </Card>
        {mayRefund && data.selfRefundUntil !== null && (
          <Card withBorder radius="md" padding="lg">
            <Stack gap="sm" align="flex-start">
              <Text fz="sm">
                {t('payments.refund.until', { date: formatDateTime(data.selfRefundUntil, language) })}
              </Text>
              <Button variant="light" color="red" onClick={() => setRefunding(crypto.randomUUID())}>
                {t('payments.refund.request')}
              </Button>
            </Stack>
          </Card>
        )}
        {refunds.data && <RefundList refunds={refunds.data} />}
      </Stack>
      {refunding && (
        <RefundModal
          remainingMinor={data.amountMinor - data.refundedMinor}
          currency={data.currency}
          partial={false}
          onClose={() => setRefunding(null)}
          onSubmit={(input) => refund.mutateAsync({ input, idempotencyKey: refunding })}
        />
      )}
    </Container>
  );
}

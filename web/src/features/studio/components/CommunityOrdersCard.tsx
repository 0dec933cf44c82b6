import { Alert, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../../i18n';
import { formatDateTime } from '../../../ui/format';
import { formatMoney } from '../../communities/money';
import { OrderStateBadge } from '../../payments/components/OrderStateBadge';
import { RefundModal } from '../../payments/components/RefundModal';
import { useCommunityOrders, useOwnerRefund, useRecordManualPayment } from '../../payments/hooks';
import { orderItemLabel } from '../../payments/order-item';
import { awaitsPayment, isPaid } from '../../payments/order-state';
import type { Order } from '../../payments/types';
import { ManualPaymentModal } from './ManualPaymentModal';
import { QueryState } from './QueryState';

type Acting = { kind: 'refund'; order: Order; idempotencyKey: string } | { kind: 'markPaid'; order: Order };

/** The community's orders, newest first, with a refund for paid ones and "mark paid" for transfers. */
export function CommunityOrdersCard({ communityId }: { communityId: string }) {
  const { t } = useTranslation();
  const orders = useCommunityOrders(communityId);
  const refund = useOwnerRefund(communityId);
  const markPaid = useRecordManualPayment(communityId);
  const [acting, setActing] = useState<Acting | null>(null);
  const items = orders.data?.pages.flatMap((page) => page.items) ?? [];
  const language = currentLanguage();

  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="md">
        <Title order={2} size="h4">
          {t('studio.payments.orders.title')}
        </Title>
        {orders.isSuccess ? (
          items.length === 0 ? (
            <Text c="dimmed">{t('studio.payments.orders.empty')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={720}>
              <Table verticalSpacing="sm" aria-label={t('studio.payments.orders.title')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('studio.payments.orders.created')}</Table.Th>
                    <Table.Th>{t('studio.payments.orders.plan')}</Table.Th>
                    <Table.Th>{t('studio.payments.orders.amount')}</Table.Th>
                    <Table.Th>{t('studio.payments.orders.provider')}</Table.Th>
                    <Table.Th>{t('studio.statusLabel')}</Table.Th>
                    <Table.Th>{t('studio.actions')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((order) => {
                    const remaining = order.amountMinor - order.refundedMinor;
                    return (
                      <Table.Tr key={order.id} data-testid="studio-order">
                        <Table.Td>{formatDateTime(order.createdAt, language)}</Table.Td>
                        <Table.Td>{orderItemLabel(order, t)}</Table.Td>
                        <Table.Td>
                          {formatMoney(order.amountMinor, order.currency, language)}
                          {order.refundedMinor > 0 && (
                            <Text fz="xs" c="orange">
                              {t('studio.payments.orders.refunded', {
                                amount: formatMoney(order.refundedMinor, order.currency, language),
                              })}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>{t(`payments.provider.${order.provider}`)}</Table.Td>
                        <Table.Td>
                          <OrderStateBadge state={order.state} size="sm" />
                        </Table.Td>
                        <Table.Td>
                          <Group gap="xs" wrap="nowrap">
                            {isPaid(order.state) && remaining > 0 && (
                              <Button
                                size="xs"
                                variant="subtle"
                                color="red"
                                onClick={() =>
                                  setActing({ kind: 'refund', order, idempotencyKey: crypto.randomUUID() })
                                }
                              >
                                {t('studio.payments.orders.refund')}
                              </Button>
                            )}
                            {order.provider === 'manual' && awaitsPayment(order.state) && (
                              <Button
                                size="xs"
                                variant="light"
                                onClick={() => setActing({ kind: 'markPaid', order })}
                              >
                                {t('studio.payments.orders.markPaid')}
                              </Button>
                            )}
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        ) : (
          <QueryState error={orders.error} retry={() => void orders.refetch()} />
        )}
        {orders.hasNextPage && (
          <Button
            variant="default"
            onClick={() => void orders.fetchNextPage()}
            loading={orders.isFetchingNextPage}
          >
            {t('studio.loadMore')}
          </Button>
        )}
        {(refund.isSuccess || markPaid.isSuccess) && (
          <Alert color="teal" variant="light" role="status">
            {t(
              refund.isSuccess ? 'studio.payments.orders.refundDone' : 'studio.payments.orders.markPaidDone',
            )}
          </Alert>
        )}
      </Stack>
      {acting?.kind === 'refund' && (
        <RefundModal
          remainingMinor={acting.order.amountMinor - acting.order.refundedMinor}
          currency={acting.order.currency}
          partial
          onClose={() => setActing(null)}
          onSubmit={(input) =>
            refund.mutateAsync({ orderId: acting.order.id, input, idempotencyKey: acting.idempotencyKey })
          }
        />
      )}
      {acting?.kind === 'markPaid' && (
        <ManualPaymentModal
          onClose={() => setActing(null)}
          onSubmit={(reference) => markPaid.mutateAsync({ orderId: acting.order.id, reference })}
        />
      )}
    </Card>
  );
}

import { Alert, Badge, Button, Card, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../../i18n';
import { errorMessage } from '../../../ui/error-message';
import { formatDateTime } from '../../../ui/format';
import { formatMoney } from '../../communities/money';
import { useCoupons, useCreateCoupon, useSetCouponStatus } from '../../payments/hooks';
import type { Coupon } from '../../payments/types';
import type { Plan } from '../types';
import { CouponForm } from './CouponForm';
import { QueryState } from './QueryState';

function discountOf(coupon: Coupon, language: string): string {
  if (coupon.kind === 'percent') return `${coupon.percentOff ?? 0}%`;
  return formatMoney(coupon.amountOffMinor ?? 0, coupon.currency ?? 'CNY', language);
}

/** Creating coupons, and the list of them with a switch each. */
export function CouponsCard({ communityId, plans }: { communityId: string; plans: Plan[] }) {
  const { t } = useTranslation();
  const coupons = useCoupons(communityId);
  const create = useCreateCoupon(communityId);
  const setStatus = useSetCouponStatus(communityId);
  const items = coupons.data?.pages.flatMap((page) => page.items) ?? [];
  const language = currentLanguage();
  const paidPlans = plans.filter((plan) => plan.priceMinor > 0 && plan.status === 'active');
  const currency = paidPlans[0]?.currency ?? 'CNY';
  const planName = (id: string) => plans.find((plan) => plan.id === id)?.name ?? '—';
  const validity = (coupon: Coupon) => {
    if (coupon.validFrom === null && coupon.validUntil === null) return t('studio.payments.coupons.always');
    const from = coupon.validFrom === null ? '…' : formatDateTime(coupon.validFrom, language);
    const until = coupon.validUntil === null ? '…' : formatDateTime(coupon.validUntil, language);
    return `${from} – ${until}`;
  };

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="coupons-title">
      <Stack gap="md">
        <Title order={2} size="h4" id="coupons-title">
          {t('studio.payments.coupons.title')}
        </Title>
        <CouponForm plans={paidPlans} currency={currency} onSubmit={(input) => create.mutateAsync(input)} />
        {setStatus.isError && (
          <Alert color="red" variant="light" role="alert">
            {errorMessage(t, setStatus.error)}
          </Alert>
        )}
        {coupons.isSuccess ? (
          items.length === 0 ? (
            <Text c="dimmed">{t('studio.payments.coupons.empty')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={720}>
              <Table verticalSpacing="sm" aria-label={t('studio.payments.coupons.listTitle')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('studio.payments.coupons.code')}</Table.Th>
                    <Table.Th>{t('studio.payments.coupons.discount')}</Table.Th>
                    <Table.Th>{t('studio.payments.coupons.validity')}</Table.Th>
                    <Table.Th>{t('studio.payments.coupons.used')}</Table.Th>
                    <Table.Th>{t('studio.payments.coupons.plans')}</Table.Th>
                    <Table.Th>{t('studio.statusLabel')}</Table.Th>
                    <Table.Th>{t('studio.actions')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((coupon) => {
                    const active = coupon.status === 'active';
                    return (
                      <Table.Tr key={coupon.id} data-testid="coupon-row">
                        <Table.Td>
                          <Text ff="monospace" fw={600}>
                            {coupon.code}
                          </Text>
                        </Table.Td>
                        <Table.Td>{discountOf(coupon, language)}</Table.Td>
                        <Table.Td>{validity(coupon)}</Table.Td>
                        <Table.Td>
                          {coupon.maxRedemptions === null
                            ? coupon.redeemed
                            : t('studio.payments.coupons.usedOf', {
                                used: coupon.redeemed,
                                max: coupon.maxRedemptions,
                              })}
                        </Table.Td>
                        <Table.Td>
                          {coupon.planIds.length === 0
                            ? t('studio.payments.coupons.allPlans')
                            : coupon.planIds.map(planName).join(', ')}
                        </Table.Td>
                        <Table.Td>
                          <Badge variant="light" color={active ? 'teal' : 'gray'} size="sm">
                            {t(`studio.payments.coupons.status.${coupon.status}`)}
                          </Badge>
                        </Table.Td>
                        <Table.Td>
                          <Button
                            size="xs"
                            variant="subtle"
                            color={active ? 'red' : 'teal'}
                            loading={setStatus.isPending && setStatus.variables?.id === coupon.id}
                            onClick={() =>
                              setStatus.mutate({ id: coupon.id, status: active ? 'disabled' : 'active' })
                            }
                          >
                            {t(active ? 'studio.payments.coupons.disable' : 'studio.payments.coupons.enable')}
                          </Button>
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        ) : (
          <QueryState error={coupons.error} retry={() => void coupons.refetch()} />
        )}
        {coupons.hasNextPage && (
          <Button
            variant="default"
            onClick={() => void coupons.fetchNextPage()}
            loading={coupons.isFetchingNextPage}
          >
            {t('studio.loadMore')}
          </Button>
        )}
      </Stack>
    </Card>
  );
}

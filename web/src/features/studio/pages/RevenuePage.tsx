import { Alert, Card, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRevenue } from '../../payments/hooks';
import { CommunityOrdersCard } from '../components/CommunityOrdersCard';
import { CouponsCard } from '../components/CouponsCard';
import { QueryState } from '../components/QueryState';
import { RefundWindowForm } from '../components/RefundWindowForm';
import { RevenueTable } from '../components/RevenueTable';
import { useStudioCommunity } from '../context';
import { usePlans } from '../hooks';

/** Money: revenue per currency, the refund window, orders and coupons. For the owner. */
export function RevenuePage() {
  const { t } = useTranslation();
  const { community, canManage } = useStudioCommunity();
  const revenue = useRevenue(community.id);
  const plans = usePlans(community.id);

  if (!canManage) return <Alert variant="light">{t('studio.settings.ownerOnly')}</Alert>;

  return (
    <Stack gap="lg">
      <Card withBorder radius="md" padding="lg">
        <Stack gap="md">
          <Title order={2} size="h4">
            {t('studio.payments.revenue.title')}
          </Title>
          {revenue.isSuccess ? (
            <>
              <RevenueTable currencies={revenue.data.currencies} />
              <RefundWindowForm communityId={community.id} hours={revenue.data.refundWindowHours} />
            </>
          ) : (
            <QueryState error={revenue.error} retry={() => void revenue.refetch()} />
          )}
        </Stack>
      </Card>
      <CommunityOrdersCard communityId={community.id} />
      <CouponsCard communityId={community.id} plans={plans.data ?? []} />
    </Stack>
  );
}

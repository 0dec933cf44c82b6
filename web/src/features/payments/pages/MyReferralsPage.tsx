import { Anchor, Badge, Button, Card, Container, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { currentLanguage } from '../../../i18n';
import { formatDateTime } from '../../../ui/format';
import { PageLoader } from '../../../ui/PageLoader';
import { LoadError } from '../../communities/components/LoadError';
import { formatMoney } from '../../communities/money';
import { useDocumentTitle } from '../../communities/use-document-title';
import { useMyReferrals } from '../hooks';
import type { ReferralCommission } from '../types';

const STATE_COLORS: Record<ReferralCommission['state'], string> = {
  attributed: 'gray',
  pending: 'yellow',
  payable: 'teal',
  reversed: 'gray',
};

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Card withBorder radius="md" padding="md">
      <Text fz="sm" c="dimmed">
        {label}
      </Text>
      <Text fz="xl" fw={700} data-testid={testId}>
        {value}
      </Text>
    </Card>
  );
}

/** What my referral links earned: clicks, paid orders, commission held and payable, per order. */
export function MyReferralsPage() {
  const { t } = useTranslation();
  const referrals = useMyReferrals();
  const language = currentLanguage();
  useDocumentTitle(t('referrals.mine.title'));

  if (referrals.isPending) return <PageLoader />;
  if (referrals.isError)
    return (
      <Container size="sm" py="xl">
        <LoadError error={referrals.error} retry={() => void referrals.refetch()} />
      </Container>
    );
  const first = referrals.data.pages[0];
  const items = referrals.data.pages.flatMap((page) => page.items);
  const totals = first?.totals ?? [];

  return (
    <Container size="sm" py="xl">
      <Stack gap="lg">
        <Stack gap={4}>
          <Anchor component={Link} to="/me/orders" size="sm">
            {t('payments.mine.title')}
          </Anchor>
          <Title order={1}>{t('referrals.mine.title')}</Title>
          <Text c="dimmed">{t('referrals.mine.intro')}</Text>
        </Stack>
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <Figure
            label={t('referrals.mine.clicks')}
            value={String(first?.clicks ?? 0)}
            testId="referral-clicks"
          />
          <Figure
            label={t('referrals.mine.orders')}
            value={String(first?.orders ?? 0)}
            testId="referral-orders"
          />
          <Figure
            label={t('referrals.mine.pending')}
            value={totals.map((c) => formatMoney(c.pendingMinor, c.currency, language)).join(' · ') || '—'}
            testId="referral-pending"
          />
          <Figure
            label={t('referrals.mine.payable')}
            value={totals.map((c) => formatMoney(c.payableMinor, c.currency, language)).join(' · ') || '—'}
            testId="referral-payable"
          />
        </SimpleGrid>
        <Text fz="sm" c="dimmed">
          {t('referrals.mine.how')}
        </Text>
        {items.length === 0 && <Text c="dimmed">{t('referrals.mine.empty')}</Text>}
        {items.map((item) => (
          <Card key={item.orderId} withBorder radius="md" padding="md" data-testid="referral-item">
            <Group justify="space-between" wrap="nowrap" gap="sm">
              <Stack gap={2} miw={0}>
                <Anchor component={Link} to={`/c/${item.community.slug}`} fw={600} truncate>
                  {item.community.name}
                </Anchor>
                <Text fz="sm" c="dimmed">
                  {item.planName} · {formatDateTime(item.createdAt, language)}
                </Text>
                {item.state === 'pending' && item.payableAt !== null && (
                  <Text fz="xs" c="dimmed">
                    {t('referrals.mine.payableFrom', { date: formatDateTime(item.payableAt, language) })}
                  </Text>
                )}
              </Stack>
              <Group gap="sm" wrap="nowrap">
                <Text fw={600}>
                  {formatMoney(item.commissionMinor - item.reversedMinor, item.currency, language)}
                </Text>
                <Badge variant="light" color={STATE_COLORS[item.state]}>
                  {t(`referrals.state.${item.state}`)}
                </Badge>
              </Group>
            </Group>
          </Card>
        ))}
        {referrals.hasNextPage && (
          <Button
            variant="default"
            onClick={() => void referrals.fetchNextPage()}
            loading={referrals.isFetchingNextPage}
          >
            {t('referrals.mine.more')}
          </Button>
        )}
      </Stack>
    </Container>
  );
}

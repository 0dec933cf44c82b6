import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../../i18n';
import { formatMoney } from '../../communities/money';
import type { CurrencyRevenue } from '../../payments/types';

const FIGURES = [
  'grossMinor',
  'feesMinor',
  'refundsMinor',
  'commissionsMinor',
  'netMinor',
  'paidOutMinor',
  'balanceMinor',
] as const;

/** One row per currency: what came in, what the platform, refunds and referrers took, and what is owed. */
export function RevenueTable({ currencies }: { currencies: CurrencyRevenue[] }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  if (currencies.length === 0) return <Text c="dimmed">{t('studio.payments.revenue.empty')}</Text>;
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="sm" aria-label={t('studio.payments.revenue.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('studio.payments.revenue.currency')}</Table.Th>
            {FIGURES.map((figure) => (
              <Table.Th key={figure} ta="right">
                {t(`studio.payments.revenue.${figure}`)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {currencies.map((row) => (
            <Table.Tr key={row.currency} data-testid="revenue-row">
              <Table.Td>
                {row.currency}
                <Text fz="xs" c="dimmed">
                  {t('studio.payments.revenue.orders', { count: row.orders })}
                </Text>
              </Table.Td>
              {FIGURES.map((figure) => (
                <Table.Td key={figure} ta="right" data-testid={`revenue-${figure}`}>
                  {formatMoney(row[figure], row.currency, language)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

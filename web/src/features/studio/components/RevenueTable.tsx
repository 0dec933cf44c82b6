import { Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../../i18n';
import { formatMoney } from '../../communities/money';
import type { CurrencyRevenue } from '../../payments/types';

const FIGURES = [
  'grossMinor',
  'feesMinor',
  'refundsMinor',
  'commissionsMinor',
  'memberTipsMinor',
  'netMinor',
  'paidOutMinor',
  'feesCollectedMinor',
  'balanceMinor',
] as const;

/**
 * One row per currency: what came in, what the platform, refunds and referrers took, and what is
 * owed — to the creator, or (a negative balance) by the creator, whose own payment account holds
 * the platform's fees on payments made into it.
 */
export function RevenueTable({ currencies }: { currencies: CurrencyRevenue[] }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  if (currencies.length === 0) return <Text c="dimmed">{t('studio.payments.revenue.empty')}</Text>;
  // Fees paid back and tips to members only show where they happened.
  const figures = FIGURES.filter(
    (figure) =>
      (figure !== 'feesCollectedMinor' && figure !== 'memberTipsMinor') ||
      currencies.some((row) => row[figure] !== 0),
  );
  const owes = currencies.some((row) => row.balanceMinor < 0);
  return (
    <Stack gap="xs">
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="sm" aria-label={t('studio.payments.revenue.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('studio.payments.revenue.currency')}</Table.Th>
              {figures.map((figure) => (
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
                {figures.map((figure) => (
                  <Table.Td key={figure} ta="right" data-testid={`revenue-${figure}`}>
                    {figure === 'balanceMinor' && row.balanceMinor < 0 ? (
                      <Text span c="orange.8" fw={500} fz="inherit">
                        {t('studio.payments.revenue.owesFees', {
                          amount: formatMoney(-row.balanceMinor, row.currency, language),
                        })}
                      </Text>
                    ) : (
                      formatMoney(row[figure], row.currency, language)
                    )}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {owes && (
        <Text size="sm" c="dimmed">
          {t('studio.payments.revenue.owesFeesHint')}
        </Text>
      )}
    </Stack>
  );
}

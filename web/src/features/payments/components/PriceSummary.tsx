import { Divider, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../../i18n';
import { formatMoney } from '../../communities/money';

/** List price, discount and what is charged, one line each. */
export function PriceSummary({
  listPriceMinor,
  discountMinor,
  amountMinor,
  currency,
}: {
  listPriceMinor: number;
  discountMinor: number;
  amountMinor: number;
  currency: string;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  return (
    <Stack gap={6}>
      <Group justify="space-between">
        <Text c="dimmed">{t('payments.price.list')}</Text>
        <Text>{formatMoney(listPriceMinor, currency, language)}</Text>
      </Group>
      {discountMinor > 0 && (
        <Group justify="space-between">
          <Text c="dimmed">{t('payments.price.discount')}</Text>
          <Text c="teal" data-testid="price-discount">
            −{formatMoney(discountMinor, currency, language)}
          </Text>
        </Group>
      )}
      <Divider />
      <Group justify="space-between">
        <Text fw={600}>{t('payments.price.total')}</Text>
        <Text fw={700} fz="xl" data-testid="price-total">
          {formatMoney(amountMinor, currency, language)}
        </Text>
      </Group>
    </Stack>
  );
}

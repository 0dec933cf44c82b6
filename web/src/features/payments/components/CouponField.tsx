import { Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../../i18n';
import { formatMoney } from '../../communities/money';
import type { Quote } from '../types';

/** The coupon box, with the verdict of the latest quote: the discount, or why it does not apply. */
export function CouponField({
  value,
  onChange,
  quote,
  checking,
}: {
  value: string;
  onChange: (value: string) => void;
  quote: Quote | undefined;
  checking: boolean;
}) {
  const { t } = useTranslation();
  const verdict = value.trim() && !checking ? quote?.coupon : null;
  const refusal = verdict && !verdict.valid ? (verdict.refusal ?? 'coupon_unknown') : null;
  return (
    <TextInput
      label={t('payments.coupon.label')}
      placeholder={t('payments.coupon.placeholder')}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      maxLength={40}
      autoComplete="off"
      error={
        refusal ? t(`payments.coupon.refusal.${refusal}`, t('payments.coupon.refusal.coupon_unknown')) : null
      }
      description={
        verdict?.valid && quote ? (
          <Text component="span" fz="xs" c="teal" role="status">
            {t('payments.coupon.applied', {
              code: verdict.code,
              amount: formatMoney(quote.discountMinor, quote.currency, currentLanguage()),
            })}
          </Text>
        ) : (
          t('payments.coupon.hint')
        )
      }
    />
  );
}

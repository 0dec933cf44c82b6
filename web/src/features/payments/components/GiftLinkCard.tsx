import { Alert, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../../i18n';
import { formatDateTime } from '../../../ui/format';
import type { OrderGift } from '../types';
import { CopyField } from './CopyField';

/** A paid gift order: the redemption link to pass on, or what became of it. */
export function GiftLinkCard({ gift }: { gift: OrderGift }) {
  const { t } = useTranslation();
  if (gift.state === 'redeemed')
    return (
      <Alert color="teal" variant="light" title={t('gifts.order.redeemedTitle')} role="status">
        {gift.redeemedAt !== null &&
          t('gifts.order.redeemedText', { date: formatDateTime(gift.redeemedAt, currentLanguage()) })}
      </Alert>
    );
  if (gift.state === 'void')
    return (
      <Alert color="gray" variant="light" title={t('gifts.order.voidTitle')}>
        {t('gifts.order.voidText')}
      </Alert>
    );
  if (gift.state !== 'ready' || !gift.redeemUrl) return null;
  return (
    <Alert color="teal" variant="light" title={t('gifts.order.readyTitle')} role="status">
      <Stack gap="sm">
        <Text fz="sm">{t('gifts.order.readyText')}</Text>
        {gift.recipientEmail && (
          <Text fz="sm" c="dimmed">
            {t('gifts.order.mailed', { email: gift.recipientEmail })}
          </Text>
        )}
        <CopyField label={t('gifts.order.link')} value={gift.redeemUrl} testId="gift-link" />
      </Stack>
    </Alert>
  );
}

import { Badge, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../../i18n';
import { formatDateTime } from '../../../ui/format';
import { formatMoney } from '../../communities/money';
import type { Refund } from '../types';

const REFUND_COLORS: Record<Refund['state'], string> = {
  pending: 'yellow',
  succeeded: 'teal',
  failed: 'red',
};

export function RefundList({ refunds }: { refunds: Refund[] }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  if (refunds.length === 0) return null;
  return (
    <Stack gap="xs" component="section" aria-labelledby="refunds-title">
      <Title order={2} size="h5" id="refunds-title">
        {t('payments.refund.listTitle')}
      </Title>
      {refunds.map((refund) => (
        <Group key={refund.id} justify="space-between" wrap="nowrap" data-testid="refund-item">
          <Stack gap={0} miw={0}>
            <Text fw={500}>{formatMoney(refund.amountMinor, refund.currency, language)}</Text>
            <Text fz="sm" c="dimmed" truncate>
              {formatDateTime(refund.createdAt, language)} · {refund.reason}
            </Text>
          </Stack>
          <Badge variant="light" color={REFUND_COLORS[refund.state]} size="sm">
            {t(`payments.refund.state.${refund.state}`)}
          </Badge>
        </Group>
      ))}
    </Stack>
  );
}

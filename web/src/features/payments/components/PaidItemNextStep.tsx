import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { currentLanguage } from '../../../i18n';
import { formatMoney } from '../../communities/money';
import { isPaid } from '../order-state';
import type { Order } from '../types';

/**
 * After paying for a question to the owner or a tip (no membership to wait for): the way to the
 * question, or thanks for the tip and the way back to where it was given.
 */
export function PaidItemNextStep({
  order,
  community,
}: {
  order: Order;
  community?: { slug: string; name: string };
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const paid = isPaid(order.state);
  const kind = order.item.kind === 'question' ? 'question' : 'tip';
  const text = paid
    ? t(`payments.order.${kind}Paid`, {
        amount: formatMoney(order.amountMinor, order.currency, currentLanguage()),
      })
    : t(`payments.order.${kind}Ended.${order.state}`, {
        defaultValue: t(`payments.order.ended.${order.state}`),
      });
  return (
    <Alert color={paid ? 'teal' : 'gray'} variant="light" role="status">
      <Stack gap="sm">
        <Text fz="sm">{text}</Text>
        <Group>
          {kind === 'question' ? (
            <Button component={Link} to={`/paid-questions/${order.item.id}`} size="sm">
              {t('payments.order.viewQuestion')}
            </Button>
          ) : (
            <Button size="sm" variant="light" onClick={() => navigate(-1)}>
              {t('payments.order.back')}
            </Button>
          )}
          {community && (
            <Button component={Link} to={`/c/${community.slug}/home`} variant="default" size="sm">
              {t('payments.order.backToCommunity', { name: community.name })}
            </Button>
          )}
        </Group>
      </Stack>
    </Alert>
  );
}

import { Alert, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { currentLanguage } from '../../../i18n';
import { formatMoney } from '../../communities/money';
import { useOrderCommunity } from '../hooks';
import { awaitsPayment, isPaid } from '../order-state';
import type { Order } from '../types';
import { GiftLinkCard } from './GiftLinkCard';
import { PaidItemNextStep } from './PaidItemNextStep';

/** What the buyer does or gets now: pay, wait for the transfer, or enter the community. */
export function OrderNextStep({ order }: { order: Order }) {
  const { t } = useTranslation();
  const paid = isPaid(order.state);
  // A gift, a question or a tip grants the buyer nothing: there is no membership to wait for.
  const forPlan = order.item.kind === 'plan';
  const community = useOrderCommunity(order.communityId, paid && !order.gift && forPlan);
  const landing = community.data;

  if (awaitsPayment(order.state)) {
    const action = order.paymentAction;
    if (order.provider === 'manual') {
      return (
        <Alert color="blue" variant="light" title={t('payments.order.transferTitle')}>
          <Stack gap="xs">
            <Text fz="sm">
              {t('payments.order.transferText', {
                amount: formatMoney(order.amountMinor, order.currency, currentLanguage()),
                community: landing?.community.name ?? '',
              })}
            </Text>
            <Text fz="sm" ff="monospace" data-testid="transfer-reference">
              {t('payments.order.transferReference', { reference: order.id })}
            </Text>
            <Text fz="sm" c="dimmed">
              {t('payments.order.transferAfter')}
            </Text>
          </Stack>
        </Alert>
      );
    }
    return (
      <Stack gap="sm">
        <Group gap="xs">
          <Loader size="xs" />
          <Text c="dimmed">{t('payments.order.waiting')}</Text>
        </Group>
        {action?.kind === 'redirect' && (
          <Group>
            {action.url.startsWith('/') ? (
              <Button component={Link} to={action.url}>
                {t('payments.order.continuePayment')}
              </Button>
            ) : (
              <Button component="a" href={action.url}>
                {t('payments.order.continuePayment')}
              </Button>
            )}
          </Group>
        )}
      </Stack>
    );
  }

  if (!forPlan) return <PaidItemNextStep order={order} community={landing?.community} />;

  if (order.gift && (paid || order.gift.state === 'void')) return <GiftLinkCard gift={order.gift} />;

  if (paid) {
    if (!landing?.viewer.isMember) {
      return (
        <Group gap="xs" role="status">
          <Loader size="xs" />
          <Text c="dimmed">{t('payments.order.activating')}</Text>
        </Group>
      );
    }
    return (
      <Alert color="teal" variant="light" title={t('payments.order.inTitle')} role="status">
        <Stack gap="sm">
          <Text fz="sm">{t('payments.order.inText', { name: landing.community.name })}</Text>
          <Group>
            <Button component={Link} to={`/c/${landing.community.slug}/home`} size="sm">
              {t('payments.order.enter')}
            </Button>
          </Group>
        </Stack>
      </Alert>
    );
  }

  return (
    <Alert color="gray" variant="light">
      <Stack gap="sm">
        <Text fz="sm">{t(`payments.order.ended.${order.state}`)}</Text>
        {landing && (
          <Group>
            <Button component={Link} to={`/c/${landing.community.slug}`} variant="light" size="sm">
              {t('payments.order.backToCommunity', { name: landing.community.name })}
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}

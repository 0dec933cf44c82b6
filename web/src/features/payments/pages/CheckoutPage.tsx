import { Anchor, Button, Card, Checkbox, Container, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { errorMessage } from '../../../ui/error-message';
import { FormError } from '../../../ui/FormError';
import { LoadError } from '../../communities/components/LoadError';
import { PlanOption } from '../../communities/components/PlanOption';
import { useCommunity } from '../../communities/hooks';
import { useDocumentTitle } from '../../communities/use-document-title';
import { createOrder } from '../api';
import { CouponField } from '../components/CouponField';
import { PriceSummary } from '../components/PriceSummary';
import { ProviderChoice } from '../components/ProviderChoice';
import { useQuote } from '../hooks';
import type { CreateOrderInput, Provider } from '../types';
import { useStartPayment } from '../use-start-payment';

/** Typing pauses this long before the coupon is checked. */
const COUPON_DEBOUNCE_MS = 350;

/** Buying a plan: the plan, the price with an optional coupon, how to pay, and Pay. */
export function CheckoutPage() {
  const { t } = useTranslation();
  const { planId = '' } = useParams();
  const [couponInput, setCouponInput] = useState('');
  const [couponCode] = useDebouncedValue(couponInput.trim(), COUPON_DEBOUNCE_MS);
  const quote = useQuote(planId, couponCode);
  // The quote names the plan's community; its landing data shows the plan as the landing page does.
  const landing = useCommunity(quote.data?.community.slug);
  const [chosen, setChosen] = useState<Provider | null>(null);
  const [asGift, setAsGift] = useState(false);
  const [recipientEmail, setRecipientEmail] = useState('');
  // A new coupon, provider or gift choice is a new attempt (a new order).
  const checkout = useStartPayment((input: CreateOrderInput, key: string) => createOrder(input, key));
  useDocumentTitle(t('payments.checkout.title'));

  const plan = landing.data?.plans.find((item) => item.id === planId);
  const community = landing.data?.community;
  const provider = chosen ?? quote.data?.providers[0] ?? null;
  const checking = couponInput.trim() !== couponCode || quote.isFetching;
  const couponApplies = quote.data?.coupon?.valid === true;
  // Recurring plans renew on the payer's card: they cannot be given.
  const giftable = quote.data !== undefined && quote.data.plan.kind !== 'subscription';

  const newAttempt = checkout.newAttempt;

  const pay = () => {
    if (!provider || !quote.data) return;
    const email = recipientEmail.trim();
    const input = {
      planId,
      provider,
      ...(couponApplies && couponCode ? { couponCode } : {}),
      ...(giftable && asGift ? { gift: true, ...(email ? { recipientEmail: email } : {}) } : {}),
    };
    checkout.pay(input);
  };

  if (quote.isError && !quote.data) {
    return (
      <Container size="sm" py="xl">
        <LoadError error={quote.error} retry={() => void quote.refetch()} />
      </Container>
    );
  }

  return (
    <Container size="sm" py="xl">
      <Stack gap="lg">
        <Stack gap={4}>
          <Title order={1}>{t('payments.checkout.title')}</Title>
          {community && (
            <Anchor component={Link} to={`/c/${community.slug}`} size="sm">
              {t('payments.checkout.backTo', { name: community.name })}
            </Anchor>
          )}
        </Stack>
        {plan && <PlanOption plan={plan} />}
        <Card withBorder radius="md" padding="lg">
          <Stack gap="md">
            <CouponField
              value={couponInput}
              onChange={(value) => {
                setCouponInput(value);
                newAttempt();
              }}
              quote={quote.data}
              checking={checking}
            />
            {quote.data ? (
              <>
                <PriceSummary {...quote.data} />
                <ProviderChoice
                  providers={quote.data.providers}
                  value={provider}
                  onChange={(next) => {
                    setChosen(next);
                    newAttempt();
                  }}
                />
              </>
            ) : (
              <Text c="dimmed">{t('common.loading')}</Text>
            )}
            {giftable && (
              <Stack gap="xs">
                <Checkbox
                  label={t('gifts.checkout.asGift')}
                  description={t('gifts.checkout.asGiftHint')}
                  checked={asGift}
                  onChange={(event) => {
                    setAsGift(event.currentTarget.checked);
                    newAttempt();
                  }}
                />
                {asGift && (
                  <TextInput
                    type="email"
                    label={t('gifts.checkout.recipientEmail')}
                    description={t('gifts.checkout.recipientEmailHint')}
                    value={recipientEmail}
                    maxLength={254}
                    onChange={(event) => {
                      setRecipientEmail(event.currentTarget.value);
                      newAttempt();
                    }}
                  />
                )}
              </Stack>
            )}
            <FormError message={checkout.error ? errorMessage(t, checkout.error) : null} />
            <Button
              size="md"
              onClick={pay}
              loading={checkout.busy}
              disabled={!quote.data || !provider || checking}
            >
              {t('payments.checkout.pay')}
            </Button>
            <Text fz="xs" c="dimmed">
              {t('payments.checkout.note')}
            </Text>
          </Stack>
        </Card>
      </Stack>
    </Container>
  );
}

import { Button, Modal, NumberInput, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../../i18n';
import { errorMessage } from '../../../ui/error-message';
import { FormError } from '../../../ui/FormError';
import { formatMoney, minorDigits } from '../../communities/money';
import { ProviderChoice } from '../../payments/components/ProviderChoice';
import type { Provider } from '../../payments/types';
import { useStartPayment } from '../../payments/use-start-payment';
import { tipPost } from '../api';
import type { PaidSettings, TipInput } from '../types';

const CUSTOM = 'custom';
/** The server's limit on a tip's message. */
const MESSAGE_MAX = 200;

/** An amount typed in major units (9.9) as minor units (990); the decimal point moved in text, not by ×100. */
const toMinor = (major: number, currency: string) => Math.round(Number(`${major}e${minorDigits(currency)}`));

/**
 * Tipping a post or one of its comments: a preset amount or one's own (within the community's
 * bounds), an optional message, how to pay; then on to pay, as for any order.
 */
export function TipModal({
  postId,
  commentId,
  recipientName,
  settings,
  onClose,
}: {
  postId: string;
  commentId?: string;
  recipientName: string;
  settings: PaidSettings;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { currency } = settings;
  const { minMinor, maxMinor, presetsMinor } = settings.tips;
  const [choice, setChoice] = useState<string>(
    presetsMinor[0] !== undefined ? String(presetsMinor[0]) : CUSTOM,
  );
  const [custom, setCustom] = useState<number | string>('');
  const [message, setMessage] = useState('');
  const [chosen, setChosen] = useState<Provider | null>(null);
  const tip = useStartPayment(async (input: TipInput, key: string) => {
    const { order } = await tipPost(postId, input, key);
    return order;
  });
  const provider = chosen ?? (settings.providers[0] as Provider | undefined) ?? null;
  const money = (minor: number) => formatMoney(minor, currency, language);

  const amountMinor =
    choice === CUSTOM ? (typeof custom === 'number' ? toMinor(custom, currency) : null) : Number(choice);
  const outOfRange = amountMinor !== null && (amountMinor < minMinor || amountMinor > maxMinor);
  // Anything changed is another tip: a new attempt, so a new order.
  const change =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      tip.newAttempt();
    };

  return (
    <Modal opened onClose={onClose} title={t('paid.tip.title', { name: recipientName })} centered>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (amountMinor === null || outOfRange || !provider) return;
          const note = message.trim();
          tip.pay({
            amountMinor,
            provider,
            ...(commentId ? { commentId } : {}),
            ...(note ? { message: note } : {}),
          });
        }}
      >
        <Stack gap="md">
          <Stack gap={4}>
            <Text size="sm" fw={500} id="tip-amount-label">
              {t('paid.tip.amount')}
            </Text>
            <SegmentedControl
              aria-labelledby="tip-amount-label"
              value={choice}
              onChange={change(setChoice)}
              data={[
                ...presetsMinor.map((minor) => ({ value: String(minor), label: money(minor) })),
                { value: CUSTOM, label: t('paid.tip.custom') },
              ]}
              fullWidth
            />
          </Stack>
          {choice === CUSTOM && (
            <NumberInput
              label={t('paid.tip.customAmount')}
              description={t('paid.tip.range', { min: money(minMinor), max: money(maxMinor) })}
              value={custom}
              onChange={change(setCustom)}
              min={0}
              decimalScale={minorDigits(currency)}
              error={
                outOfRange ? t('paid.tip.outOfRange', { min: money(minMinor), max: money(maxMinor) }) : null
              }
              data-autofocus
            />
          )}
          <Textarea
            label={t('paid.tip.message')}
            value={message}
            onChange={(event) => change(setMessage)(event.currentTarget.value)}
            maxLength={MESSAGE_MAX}
            autosize
            minRows={2}
          />
          <ProviderChoice
            providers={settings.providers as Provider[]}
            value={provider}
            onChange={change(setChosen)}
          />
          <FormError message={tip.error ? errorMessage(t, tip.error) : null} />
          <Button type="submit" loading={tip.busy} disabled={amountMinor === null || outOfRange || !provider}>
            {amountMinor !== null && !outOfRange
              ? t('paid.tip.submit', { amount: money(amountMinor) })
              : t('paid.tip.button')}
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}

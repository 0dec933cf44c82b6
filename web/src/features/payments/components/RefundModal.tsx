import { Button, Group, Modal, NumberInput, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../../i18n';
import { errorMessage } from '../../../ui/error-message';
import { FormError } from '../../../ui/FormError';
import { formatMoney } from '../../communities/money';
import { toMajor, toMinor } from '../../studio/money';
import type { RefundInput } from '../types';

interface RefundModalProps {
  /** What is left to refund, in minor units. */
  remainingMinor: number;
  currency: string;
  /** The owner may refund a part; a buyer refunds the whole order. */
  partial: boolean;
  onClose: () => void;
  onSubmit: (input: RefundInput) => Promise<unknown>;
}

/** Asks why (and, for the owner, how much), then refunds. */
export function RefundModal({ remainingMinor, currency, partial, onClose, onSubmit }: RefundModalProps) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const [reason, setReason] = useState('');
  const [amount, setAmount] = useState<number | string>(toMajor(remainingMinor, currency));
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [amountError, setAmountError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const amountMinor = typeof amount === 'number' ? toMinor(amount, currency) : 0;
    const badAmount = partial && (amountMinor < 1 || amountMinor > remainingMinor);
    setReasonError(reason.trim() ? null : t('payments.refund.reasonRequired'));
    setAmountError(badAmount ? t('payments.refund.amountRange') : null);
    if (!reason.trim() || badAmount) return;
    setBusy(true);
    setFormError(null);
    try {
      await onSubmit({
        reason: reason.trim(),
        ...(partial && amountMinor !== remainingMinor ? { amountMinor } : {}),
      });
      onClose();
    } catch (error) {
      setFormError(errorMessage(t, error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t('payments.refund.title')} centered>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
        noValidate
      >
        <Stack gap="md">
          <FormError message={formError} />
          {partial ? (
            <NumberInput
              label={t('payments.refund.amount')}
              description={t('payments.refund.amountHint', {
                amount: formatMoney(remainingMinor, currency, language),
              })}
              value={amount}
              onChange={setAmount}
              min={0}
              max={toMajor(remainingMinor, currency)}
              decimalScale={2}
              error={amountError}
              required
            />
          ) : (
            <Text>
              {t('payments.refund.whole', { amount: formatMoney(remainingMinor, currency, language) })}
            </Text>
          )}
          <Textarea
            label={t('payments.refund.reason')}
            required
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={reasonError}
            autosize
            minRows={3}
            maxLength={500}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="red" loading={busy}>
              {t('payments.refund.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

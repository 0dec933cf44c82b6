import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../ui/error-message';
import { FormError } from '../../../ui/FormError';

/** Records that a bank transfer arrived, with the bank's reference for it. */
export function ManualPaymentModal({
  onClose,
  onSubmit,
}: {
  onClose: () => void;
  onSubmit: (reference: string) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const [reference, setReference] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (!reference.trim()) {
      setFieldError(t('studio.payments.orders.referenceRequired'));
      return;
    }
    setBusy(true);
    setFormError(null);
    try {
      await onSubmit(reference.trim());
      onClose();
    } catch (error) {
      setFormError(errorMessage(t, error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t('studio.payments.orders.markPaidTitle')} centered>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
        noValidate
      >
        <Stack gap="md">
          <FormError message={formError} />
          <TextInput
            label={t('studio.payments.orders.reference')}
            description={t('studio.payments.orders.referenceHint')}
            required
            value={reference}
            onChange={(event) => setReference(event.currentTarget.value)}
            error={fieldError}
            maxLength={200}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('studio.payments.orders.markPaid')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

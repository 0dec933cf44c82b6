import { Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../ui/error-message';
import { FormError } from '../../../ui/FormError';

interface ReasonModalProps {
  title: string;
  submitLabel: string;
  required: boolean;
  onClose: () => void;
  onSubmit: (reason: string) => Promise<unknown>;
}

/** Asks why, then does it: rejecting a request or a submission. */
export function ReasonModal({ title, submitLabel, required, onClose, onSubmit }: ReasonModalProps) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (required && !reason.trim()) {
      setFieldError(t('studio.members.reasonRequired'));
      return;
    }
    setBusy(true);
    setFormError(null);
    try {
      await onSubmit(reason.trim());
      onClose();
    } catch (error) {
      setFormError(errorMessage(t, error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={title} centered>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
        noValidate
      >
        <Stack gap="md">
          <FormError message={formError} />
          <Textarea
            label={t('studio.members.reason')}
            required={required}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={fieldError}
            autosize
            minRows={3}
            maxLength={2000}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="red" loading={busy}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

import { Button, Group, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/errors';
import { errorMessage, fieldErrorMessage } from '../../../ui/error-message';

interface InlineAddFormProps {
  label: string;
  submitLabel: string;
  onAdd: (title: string) => Promise<unknown>;
}

/** One title and a button: adds a chapter or a lesson. */
export function InlineAddForm({ label, submitLabel, onAdd }: InlineAddFormProps) {
  const { t } = useTranslation();
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) {
      setError(t('validation.required'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onAdd(title.trim());
      setTitle('');
    } catch (caught) {
      const field = isApiError(caught) ? caught.fieldErrors[0] : undefined;
      setError(field ? fieldErrorMessage(t, field) : errorMessage(t, caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Group gap="xs" align="flex-start" wrap="nowrap">
        <TextInput
          aria-label={label}
          placeholder={label}
          value={title}
          onChange={(event) => setTitle(event.currentTarget.value)}
          error={error}
          maxLength={200}
          style={{ flex: 1 }}
        />
        <Button type="submit" variant="light" loading={busy}>
          {submitLabel}
        </Button>
      </Group>
    </form>
  );
}

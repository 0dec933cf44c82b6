import { Button, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../../i18n';
import { FormError } from '../../../ui/FormError';
import { applyServerErrors } from '../../../ui/form-errors';
import { PasswordField } from '../../../ui/PasswordField';
import type { RegisterInput } from '../types';
import { accountValidators } from '../validation';

interface AccountFormProps {
  submitLabel: string;
  onSubmit: (input: RegisterInput) => Promise<unknown>;
  onError?: (error: unknown) => void;
}

/** E-mail, display name and password: the form behind both first-run setup and sign-up. */
export function AccountForm({ submitLabel, onSubmit, onError }: AccountFormProps) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const validators = accountValidators(t);
  const form = useForm({
    initialValues: { email: '', displayName: '', password: '' },
    validate: {
      email: validators.email,
      displayName: validators.displayName,
      password: validators.newPassword,
    },
  });

  const handleSubmit = form.onSubmit(async (values) => {
    setFormError(null);
    try {
      await onSubmit({
        email: values.email.trim(),
        displayName: values.displayName.trim(),
        password: values.password,
        locale: currentLanguage(),
      });
    } catch (error) {
      setFormError(applyServerErrors(form, error, t));
      onError?.(error);
    }
  });

  return (
    <form onSubmit={handleSubmit} noValidate>
      <Stack gap="md">
        <FormError message={formError} />
        <TextInput
          label={t('fields.email')}
          type="email"
          autoComplete="email"
          required
          {...form.getInputProps('email')}
        />
        <TextInput
          label={t('fields.displayName')}
          description={t('fields.displayNameHint')}
          autoComplete="nickname"
          required
          {...form.getInputProps('displayName')}
        />
        <PasswordField
          label={t('fields.password')}
          description={t('fields.passwordHint')}
          autoComplete="new-password"
          required
          {...form.getInputProps('password')}
        />
        <Button type="submit" fullWidth mt="xs" loading={form.submitting}>
          {submitLabel}
        </Button>
      </Stack>
    </form>
  );
}

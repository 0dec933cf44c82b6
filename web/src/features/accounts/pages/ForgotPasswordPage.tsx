import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AuthCard } from '../../../ui/AuthCard';
import { FormError } from '../../../ui/FormError';
import { applyServerErrors } from '../../../ui/form-errors';
import { useRequestPasswordReset } from '../hooks';
import { accountValidators } from '../validation';

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const requestReset = useRequestPasswordReset();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { email: '' },
    validate: { email: accountValidators(t).email },
  });

  const handleSubmit = form.onSubmit(async ({ email }) => {
    setFormError(null);
    try {
      await requestReset.mutateAsync(email.trim());
      setSentTo(email.trim());
    } catch (error) {
      setFormError(applyServerErrors(form, error, t));
    }
  });

  return (
    <AuthCard
      title={t('forgot.title')}
      subtitle={t('forgot.subtitle')}
      footer={
        <Anchor component={Link} to="/login">
          {t('forgot.backToLogin')}
        </Anchor>
      }
    >
      {sentTo ? (
        <Alert color="teal" variant="light" title={t('forgot.sentTitle')} role="status">
          <Text size="sm">{t('forgot.sent', { email: sentTo })}</Text>
        </Alert>
      ) : (
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
            <Button type="submit" fullWidth loading={form.submitting}>
              {t('forgot.submit')}
            </Button>
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}

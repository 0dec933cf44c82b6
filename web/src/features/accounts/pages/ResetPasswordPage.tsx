import { Alert, Anchor, Button, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { isApiError } from '../../../api/errors';
import { AuthCard } from '../../../ui/AuthCard';
import { errorMessage } from '../../../ui/error-message';
import { FormError } from '../../../ui/FormError';
import { applyServerErrors } from '../../../ui/form-errors';
import { PasswordField } from '../../../ui/PasswordField';
import { useConfirmPasswordReset } from '../hooks';
import { accountValidators } from '../validation';

function InvalidLink({ message }: { message: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <Alert color="red" variant="light" role="alert">
        {message}
      </Alert>
      <Button component={Link} to="/forgot-password" variant="light" fullWidth>
        {t('reset.requestNew')}
      </Button>
    </Stack>
  );
}

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const [search] = useSearchParams();
  const token = search.get('token') ?? '';
  const confirm = useConfirmPasswordReset();
  const [done, setDone] = useState(false);
  const [tokenError, setTokenError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { password: '', confirmPassword: '' },
    validate: {
      password: accountValidators(t).newPassword,
      confirmPassword: (value, values) =>
        value === values.password ? null : t('validation.passwordMismatch'),
    },
  });

  const handleSubmit = form.onSubmit(async ({ password }) => {
    setFormError(null);
    try {
      await confirm.mutateAsync({ token, password });
      setDone(true);
    } catch (error) {
      if (isApiError(error) && error.code === 'token_invalid') setTokenError(errorMessage(t, error));
      else setFormError(applyServerErrors(form, error, t));
    }
  });

  const body = () => {
    if (!token) return <InvalidLink message={t('reset.missingToken')} />;
    if (tokenError) return <InvalidLink message={tokenError} />;
    if (done) {
      return (
        <Stack gap="md">
          <Alert color="teal" variant="light" title={t('reset.doneTitle')} role="status">
            <Text size="sm">{t('reset.done')}</Text>
          </Alert>
          <Button component={Link} to="/login" fullWidth>
            {t('reset.goLogin')}
          </Button>
        </Stack>
      );
    }
    return (
      <form onSubmit={handleSubmit} noValidate>
        <Stack gap="md">
          <FormError message={formError} />
          <PasswordField
            label={t('reset.newPassword')}
            description={t('fields.passwordHint')}
            autoComplete="new-password"
            required
            {...form.getInputProps('password')}
          />
          <PasswordField
            label={t('reset.confirmPassword')}
            autoComplete="new-password"
            required
            {...form.getInputProps('confirmPassword')}
          />
          <Button type="submit" fullWidth loading={form.submitting}>
            {t('reset.submit')}
          </Button>
        </Stack>
      </form>
    );
  };

  return (
    <AuthCard
      title={t('reset.title')}
      subtitle={t('reset.subtitle')}
      footer={
        <Anchor component={Link} to="/login">
          {t('forgot.backToLogin')}
        </Anchor>
      }
    >
      {body()}
    </AuthCard>
  );
}

import { Anchor, Button, Group, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { adoptAccountLanguage } from '../../../i18n';
import { AuthCard } from '../../../ui/AuthCard';
import { FormError } from '../../../ui/FormError';
import { applyServerErrors } from '../../../ui/form-errors';
import { PasswordField } from '../../../ui/PasswordField';
import { useLogin } from '../hooks';
import { safeNextPath } from '../next-path';
import { accountValidators } from '../validation';

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const login = useLogin();
  const [formError, setFormError] = useState<string | null>(null);
  const validators = accountValidators(t);
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: { email: validators.email, password: validators.required },
  });

  const handleSubmit = form.onSubmit(async (values) => {
    setFormError(null);
    try {
      const user = await login.mutateAsync({ email: values.email.trim(), password: values.password });
      adoptAccountLanguage(user.locale);
      navigate(safeNextPath(search), { replace: true });
    } catch (error) {
      setFormError(applyServerErrors(form, error, t));
    }
  });

  return (
    <AuthCard
      title={t('login.title')}
      subtitle={t('login.subtitle')}
      footer={
        <>
          {t('login.noAccount')}{' '}
          <Anchor component={Link} to={`/register${search.size ? `?${search}` : ''}`}>
            {t('login.registerLink')}
          </Anchor>
        </>
      }
    >
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
          <PasswordField
            label={t('fields.password')}
            autoComplete="current-password"
            required
            {...form.getInputProps('password')}
          />
          <Group justify="flex-end">
            <Anchor component={Link} to="/forgot-password" size="sm">
              {t('login.forgot')}
            </Anchor>
          </Group>
          <Button type="submit" fullWidth loading={form.submitting}>
            {t('login.submit')}
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}

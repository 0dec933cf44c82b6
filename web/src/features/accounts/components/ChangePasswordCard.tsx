import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../../ui/FormError';
import { applyServerErrors } from '../../../ui/form-errors';
import { PasswordField } from '../../../ui/PasswordField';
import { useChangePassword } from '../hooks';
import { accountValidators } from '../validation';

export function ChangePasswordCard() {
  const { t } = useTranslation();
  const change = useChangePassword();
  const [done, setDone] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const validators = accountValidators(t);
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '' },
    validate: { currentPassword: validators.required, newPassword: validators.newPassword },
  });

  const handleSubmit = form.onSubmit(async (values) => {
    setFormError(null);
    setDone(false);
    try {
      await change.mutateAsync(values);
      form.reset();
      setDone(true);
    } catch (error) {
      setFormError(
        applyServerErrors(form, error, t, {
          codeToField: { invalid_credentials: 'currentPassword' },
          pathToField: { password: 'newPassword' },
        }),
      );
    }
  });

  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="md">
        <div>
          <Title order={2} size="h3">
            {t('profile.password.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('profile.password.subtitle')}
          </Text>
        </div>
        <form onSubmit={handleSubmit} noValidate>
          <Stack gap="md">
            <FormError message={formError} />
            <PasswordField
              label={t('profile.password.current')}
              autoComplete="current-password"
              required
              {...form.getInputProps('currentPassword')}
            />
            <PasswordField
              label={t('profile.password.new')}
              description={t('fields.passwordHint')}
              autoComplete="new-password"
              required
              {...form.getInputProps('newPassword')}
            />
            <Group justify="flex-end" gap="sm">
              {done && (
                <Text size="sm" c="teal" role="status">
                  {t('profile.password.changed')}
                </Text>
              )}
              <Button type="submit" loading={form.submitting}>
                {t('profile.password.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Card>
  );
}

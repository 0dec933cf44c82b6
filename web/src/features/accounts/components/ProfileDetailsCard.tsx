import { Badge, Button, Card, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { chooseLanguage } from '../../../i18n';
import { isLanguage, LANGUAGES } from '../../../i18n/language';
import { FormError } from '../../../ui/FormError';
import { applyServerErrors } from '../../../ui/form-errors';
import { formatDate } from '../../../ui/format';
import { useUpdateProfile } from '../hooks';
import type { User } from '../types';
import { accountValidators } from '../validation';

export function ProfileDetailsCard({ user }: { user: User }) {
  const { t, i18n } = useTranslation();
  const update = useUpdateProfile();
  const [saved, setSaved] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { displayName: user.displayName, locale: user.locale as string },
    validate: { displayName: accountValidators(t).displayName },
  });

  const handleSubmit = form.onSubmit(async (values) => {
    setFormError(null);
    setSaved(false);
    const locale = isLanguage(values.locale) ? values.locale : user.locale;
    try {
      const updated = await update.mutateAsync({ displayName: values.displayName.trim(), locale });
      form.setInitialValues({ displayName: updated.displayName, locale: updated.locale });
      form.reset();
      setSaved(true);
      if (locale !== i18n.language) await chooseLanguage(locale);
    } catch (error) {
      setFormError(applyServerErrors(form, error, t));
    }
  });

  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={2} size="h3">
              {t('profile.details.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('profile.memberSince', { date: formatDate(user.createdAt, i18n.language) })}
            </Text>
          </div>
          <Badge variant="light" color={user.role === 'operator' ? 'grape' : 'gray'}>
            {t(`profile.role.${user.role}`)}
          </Badge>
        </Group>
        <form onSubmit={handleSubmit} noValidate>
          <Stack gap="md">
            <FormError message={formError} />
            <TextInput
              label={t('fields.email')}
              value={user.email}
              readOnly
              rightSectionWidth={96}
              rightSection={
                <Badge size="sm" variant="light" color={user.emailVerified ? 'teal' : 'orange'}>
                  {user.emailVerified ? t('profile.verified') : t('profile.unverified')}
                </Badge>
              }
            />
            <TextInput
              label={t('fields.displayName')}
              autoComplete="nickname"
              required
              {...form.getInputProps('displayName')}
            />
            <Select
              label={t('profile.details.locale')}
              description={t('profile.details.localeHint')}
              data={LANGUAGES.map((lng) => ({ value: lng, label: t(`language.${lng}`) }))}
              allowDeselect={false}
              {...form.getInputProps('locale')}
            />
            <Group justify="flex-end" gap="sm">
              {saved && (
                <Text size="sm" c="teal" role="status">
                  {t('profile.details.saved')}
                </Text>
              )}
              <Button type="submit" loading={form.submitting} disabled={!form.isDirty()}>
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Card>
  );
}

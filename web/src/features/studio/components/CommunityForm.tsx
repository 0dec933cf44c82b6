import { Button, Group, NumberInput, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../../ui/FormError';
import { applyServerErrors } from '../../../ui/form-errors';
import { isValidSlug, suggestSlug } from '../slug';
import type { Community, CreateCommunityInput } from '../types';
import { MarkdownEditor } from './MarkdownEditor';

export interface CommunityFormValues {
  slug: string;
  name: string;
  description: string;
  visibility: Community['visibility'];
  joinPolicy: Community['joinPolicy'];
  memberCap: number | string;
  timezone: string;
  language: Community['language'];
  welcomeMessage: string;
  rulesText: string;
}

export function toCommunityInput(values: CommunityFormValues): CreateCommunityInput {
  return {
    slug: values.slug.trim(),
    name: values.name.trim(),
    description: values.description,
    visibility: values.visibility,
    joinPolicy: values.joinPolicy,
    memberCap: typeof values.memberCap === 'number' ? values.memberCap : null,
    timezone: values.timezone,
    language: values.language,
    welcomeMessage: values.welcomeMessage,
    rulesText: values.rulesText,
  };
}

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['Asia/Shanghai', 'UTC'];
  }
}

interface CommunityFormProps {
  initialValues: CommunityFormValues;
  submitLabel: string;
  onSubmit: (values: CommunityFormValues) => Promise<unknown>;
  /** On a new community the URL name follows the name until it is edited by hand. */
  suggestSlugFromName?: boolean;
}

/** Every setting of a community: used to create one and to change one. */
export function CommunityForm({
  initialValues,
  submitLabel,
  onSubmit,
  suggestSlugFromName,
}: CommunityFormProps) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const [slugTouched, setSlugTouched] = useState(!suggestSlugFromName);
  const zones = useMemo(() => timeZones(), []);
  const form = useForm<CommunityFormValues>({
    initialValues,
    validate: {
      slug: (value) => (isValidSlug(value.trim()) ? null : t('studio.community.slugInvalid')),
      name: (value) => (value.trim() ? null : t('validation.required')),
    },
  });

  const handleSubmit = form.onSubmit(async (values) => {
    setFormError(null);
    try {
      await onSubmit(values);
    } catch (error) {
      setFormError(
        applyServerErrors(form, error, t, { codeToField: { slug_taken: 'slug', slug_reserved: 'slug' } }),
      );
    }
  });

  const slugProps = form.getInputProps('slug');
  const nameProps = form.getInputProps('name');

  return (
    <form onSubmit={handleSubmit} noValidate>
      <Stack gap="lg">
        <FormError message={formError} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput
            label={t('studio.community.name')}
            required
            maxLength={80}
            {...nameProps}
            onChange={(event) => {
              nameProps.onChange(event);
              const suggested = suggestSlug(event.currentTarget.value);
              if (!slugTouched && suggested) form.setFieldValue('slug', suggested);
            }}
          />
          <TextInput
            label={t('studio.community.slug')}
            description={t('studio.community.slugHint')}
            required
            maxLength={40}
            leftSection={<span aria-hidden="true">/c/</span>}
            leftSectionWidth={36}
            autoCapitalize="none"
            spellCheck={false}
            {...slugProps}
            onChange={(event) => {
              setSlugTouched(true);
              slugProps.onChange(event.currentTarget.value.toLowerCase());
            }}
          />
        </SimpleGrid>
        <MarkdownEditor
          label={t('studio.community.description')}
          value={form.values.description}
          onChange={(value) => form.setFieldValue('description', value)}
          error={form.errors.description}
        />
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md">
          <Select
            label={t('studio.community.visibility')}
            description={t(`studio.community.visibilityHint.${form.values.visibility}`)}
            data={(['listed', 'unlisted'] as const).map((v) => ({
              value: v,
              label: t(`studio.community.visibilityOption.${v}`),
            }))}
            allowDeselect={false}
            {...form.getInputProps('visibility')}
          />
          <Select
            label={t('studio.community.joinPolicy')}
            description={t(`studio.community.joinPolicyHint.${form.values.joinPolicy}`)}
            data={(['open', 'paid', 'approval', 'invite'] as const).map((v) => ({
              value: v,
              label: t(`studio.community.joinPolicyOption.${v}`),
            }))}
            allowDeselect={false}
            {...form.getInputProps('joinPolicy')}
          />
          <NumberInput
            label={t('studio.community.memberCap')}
            description={t('studio.community.memberCapHint')}
            min={1}
            max={10_000_000}
            allowDecimal={false}
            allowNegative={false}
            {...form.getInputProps('memberCap')}
          />
          <Select
            label={t('studio.community.timezone')}
            data={zones}
            searchable
            allowDeselect={false}
            limit={50}
            {...form.getInputProps('timezone')}
          />
          <Select
            label={t('studio.community.language')}
            data={[
              { value: 'zh-CN', label: t('language.zh-CN') },
              { value: 'en', label: t('language.en') },
            ]}
            allowDeselect={false}
            {...form.getInputProps('language')}
          />
        </SimpleGrid>
        <MarkdownEditor
          label={t('studio.community.welcomeMessage')}
          description={t('studio.community.welcomeMessageHint')}
          value={form.values.welcomeMessage}
          onChange={(value) => form.setFieldValue('welcomeMessage', value)}
          error={form.errors.welcomeMessage}
          minRows={4}
        />
        <MarkdownEditor
          label={t('studio.community.rules')}
          description={t('studio.community.rulesHint')}
          value={form.values.rulesText}
          onChange={(value) => form.setFieldValue('rulesText', value)}
          error={form.errors.rulesText}
          minRows={4}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={form.submitting}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

import { Button, Group, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../../ui/FormError';
import { applyServerErrors } from '../../../ui/form-errors';
import type { CourseLevel, CreateCourseInput } from '../types';

export const LEVELS: CourseLevel[] = ['novice', 'advanced', 'expert'];

/** A new course starts as a draft with a title, a summary and a level. */
export function CreateCourseForm({ onSubmit }: { onSubmit: (input: CreateCourseInput) => Promise<unknown> }) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { title: '', summary: '', level: 'novice' as CourseLevel },
    validate: { title: (value) => (value.trim() ? null : t('validation.required')) },
  });

  const handleSubmit = form.onSubmit(async (values) => {
    setFormError(null);
    try {
      await onSubmit({
        title: values.title.trim(),
        summary: values.summary,
        level: values.level,
        status: 'draft',
      });
    } catch (error) {
      setFormError(applyServerErrors(form, error, t));
    }
  });

  return (
    <form onSubmit={handleSubmit} noValidate>
      <Stack gap="md">
        <FormError message={formError} />
        <TextInput
          label={t('studio.course.title')}
          required
          maxLength={200}
          {...form.getInputProps('title')}
        />
        <Textarea
          label={t('studio.course.summary')}
          autosize
          minRows={2}
          maxLength={2000}
          {...form.getInputProps('summary')}
        />
        <Select
          label={t('studio.course.level')}
          data={LEVELS.map((level) => ({ value: level, label: t(`studio.course.levels.${level}`) }))}
          allowDeselect={false}
          {...form.getInputProps('level')}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={form.submitting}>
            {t('studio.courses.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

import {
  Button,
  Group,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../../ui/FormError';
import { applyServerErrors } from '../../../ui/form-errors';
import { fromLocalInput, toLocalInput } from '../datetime';
import type { ContentStatus, Course, CourseLevel, Plan, UpdateCourseInput } from '../types';
import { LEVELS } from './CreateCourseForm';
import { StatusFields } from './StatusFields';

interface CourseSettingsFormProps {
  course: Course;
  plans: Plan[];
  onSave: (body: UpdateCourseInput) => Promise<unknown>;
}

/** A course's title, summary, level, tags, plans and publishing state; saves only what changed. */
export function CourseSettingsForm({ course, plans, onSave }: CourseSettingsFormProps) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const initial = {
    title: course.title,
    summary: course.summary,
    level: course.level as CourseLevel,
    tags: course.tags,
    planIds: course.planIds,
    status: course.status as ContentStatus,
    publishAt: toLocalInput(course.publishAt),
  };
  // What the server has, to send only changes; moves forward after each save.
  const baseline = useRef(initial);
  const form = useForm({
    initialValues: initial,
    validate: {
      title: (value) => (value.trim() ? null : t('validation.required')),
      publishAt: (value, values) =>
        values.status !== 'scheduled' || (fromLocalInput(value) ?? 0) > Date.now()
          ? null
          : t('studio.publishAtFuture'),
    },
  });

  const handleSubmit = form.onSubmit(async (values) => {
    setFormError(null);
    setSaved(false);
    const base = baseline.current;
    const body: UpdateCourseInput = {};
    if (values.title.trim() !== base.title) body.title = values.title.trim();
    if (values.summary !== base.summary) body.summary = values.summary;
    if (values.level !== base.level) body.level = values.level;
    if (values.tags.join('\n') !== base.tags.join('\n')) body.tags = values.tags;
    if ([...values.planIds].sort().join() !== [...base.planIds].sort().join()) body.planIds = values.planIds;
    if (
      values.status !== base.status ||
      (values.status === 'scheduled' && values.publishAt !== base.publishAt)
    ) {
      if (values.status !== 'in_review') body.status = values.status;
      if (values.status === 'scheduled') body.publishAt = fromLocalInput(values.publishAt);
    }
    if (Object.keys(body).length === 0) {
      setSaved(true);
      return;
    }
    try {
      await onSave(body);
      baseline.current = { ...values, title: values.title.trim() };
      setSaved(true);
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
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Select
            label={t('studio.course.level')}
            data={LEVELS.map((level) => ({ value: level, label: t(`studio.course.levels.${level}`) }))}
            allowDeselect={false}
            {...form.getInputProps('level')}
          />
          <TagsInput
            label={t('studio.course.tags')}
            description={t('studio.course.tagsHint')}
            maxTags={20}
            {...form.getInputProps('tags')}
          />
        </SimpleGrid>
        <MultiSelect
          label={t('studio.course.plans')}
          description={t('studio.course.plansHint')}
          data={plans.map((plan) => ({ value: plan.id, label: plan.name }))}
          clearable
          {...form.getInputProps('planIds')}
        />
        <StatusFields
          status={form.values.status}
          current={course.status}
          publishAt={form.values.publishAt}
          onStatus={(status) => form.setFieldValue('status', status)}
          onPublishAt={(value) => form.setFieldValue('publishAt', value)}
          statusError={form.errors.status}
          publishAtError={form.errors.publishAt}
        />
        <Group justify="flex-end" gap="sm">
          {saved && (
            <span role="status" style={{ color: 'var(--mantine-color-teal-text)', fontSize: 14 }}>
              {t('studio.saved')}
            </span>
          )}
          <Button type="submit" loading={form.submitting}>
            {t('studio.course.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

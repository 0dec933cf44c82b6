import { Button, Card, Group, NumberInput, Select, Stack, Switch, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../../ui/FormError';
import { applyServerErrors } from '../../../ui/form-errors';
import { fromLocalInput, toDateInput, toLocalInput } from '../datetime';
import type { ContentStatus, Drip, Lesson, UpdateLessonInput } from '../types';
import { DripFields, type DripKind } from './DripFields';
import { MarkdownEditor } from './MarkdownEditor';
import { StatusFields } from './StatusFields';
import { VideoFields, type VideoMode } from './VideoFields';

interface LessonValues {
  title: string;
  body: string;
  freePreview: boolean;
  status: ContentStatus;
  publishAt: string;
  estimatedMinutes: number | string;
  dripKind: DripKind;
  dripDate: string;
  dripDays: number | string;
  videoMode: VideoMode;
  videoFileId: string | null;
  videoUrl: string;
  prerequisiteLessonId: string | null;
}

function valuesOf(lesson: Lesson): LessonValues {
  return {
    title: lesson.title,
    body: lesson.body ?? '',
    freePreview: lesson.freePreview,
    status: lesson.status,
    publishAt: toLocalInput(lesson.publishAt),
    estimatedMinutes: lesson.estimatedMinutes ?? '',
    dripKind: lesson.drip.kind,
    dripDate: toDateInput(lesson.drip.at),
    dripDays: lesson.drip.days ?? '',
    videoMode: lesson.video?.fileId ? 'upload' : lesson.video?.url ? 'url' : 'none',
    videoFileId: lesson.video?.fileId ?? null,
    videoUrl: lesson.video?.url ?? '',
    prerequisiteLessonId: lesson.prerequisiteLessonId,
  };
}

function dripOf(values: LessonValues): Drip {
  if (values.dripKind === 'date') return { kind: 'date', at: fromLocalInput(values.dripDate) ?? 0 };
  if (values.dripKind === 'days_after_join')
    return { kind: 'days_after_join', days: typeof values.dripDays === 'number' ? values.dripDays : 0 };
  return { kind: 'none' };
}

/** The request body: every editable field, plus the status only when it changed. */
export function lessonUpdate(values: LessonValues, saved: LessonValues): UpdateLessonInput {
  const body: UpdateLessonInput = {
    title: values.title.trim(),
    body: values.body,
    freePreview: values.freePreview,
    estimatedMinutes: typeof values.estimatedMinutes === 'number' ? values.estimatedMinutes : null,
    drip: dripOf(values),
    videoFileId: values.videoMode === 'upload' ? values.videoFileId : null,
    videoUrl: values.videoMode === 'url' && values.videoUrl.trim() ? values.videoUrl.trim() : null,
    prerequisiteLessonId: values.prerequisiteLessonId,
  };
  const statusChanged = values.status !== saved.status;
  const rescheduled = values.status === 'scheduled' && values.publishAt !== saved.publishAt;
  if ((statusChanged || rescheduled) && values.status !== 'in_review') {
    body.status = values.status;
    if (values.status === 'scheduled') body.publishAt = fromLocalInput(values.publishAt);
  }
  return body;
}

/** The lessons one may require first, grouped by chapter (a Mantine Select's grouped data). */
export interface PrerequisiteGroup {
  group: string;
  items: { value: string; label: string }[];
}

interface LessonFormProps {
  lesson: Lesson;
  prerequisites: PrerequisiteGroup[];
  onSave: (body: UpdateLessonInput) => Promise<unknown>;
}

export function LessonForm({ lesson, prerequisites, onSave }: LessonFormProps) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const baseline = useRef(valuesOf(lesson));
  const form = useForm<LessonValues>({
    initialValues: baseline.current,
    validate: {
      title: (value) => (value.trim() ? null : t('validation.required')),
      publishAt: (value, values) =>
        values.status !== 'scheduled' || (fromLocalInput(value) ?? 0) > Date.now()
          ? null
          : t('studio.publishAtFuture'),
      videoUrl: (value, values) =>
        values.videoMode !== 'url' || /^https?:\/\/\S+$/.test(value.trim())
          ? null
          : t('studio.lesson.videoUrlInvalid'),
    },
  });
  const v = form.values;

  const handleSubmit = form.onSubmit(async (values) => {
    setFormError(null);
    setSaved(false);
    try {
      await onSave(lessonUpdate(values, baseline.current));
      baseline.current = values;
      setSaved(true);
    } catch (error) {
      setFormError(applyServerErrors(form, error, t, { pathToField: { at: 'dripDate', days: 'dripDays' } }));
    }
  });

  return (
    <form onSubmit={handleSubmit} noValidate>
      <Stack gap="lg">
        <FormError message={formError} />
        <Card withBorder radius="md" padding="lg">
          <Stack gap="md">
            <TextInput
              label={t('studio.lesson.title')}
              required
              maxLength={200}
              {...form.getInputProps('title')}
            />
            <MarkdownEditor
              label={t('studio.lesson.body')}
              value={v.body}
              onChange={(value) => form.setFieldValue('body', value)}
              error={form.errors.body}
              minRows={14}
            />
          </Stack>
        </Card>
        <Card withBorder radius="md" padding="lg">
          <Stack gap="md">
            <Switch
              label={t('studio.lesson.freePreview')}
              description={t('studio.lesson.freePreviewHint')}
              {...form.getInputProps('freePreview', { type: 'checkbox' })}
            />
            <StatusFields
              status={v.status}
              current={lesson.status}
              publishAt={v.publishAt}
              onStatus={(status) => form.setFieldValue('status', status)}
              onPublishAt={(value) => form.setFieldValue('publishAt', value)}
              statusError={form.errors.status}
              publishAtError={form.errors.publishAt}
            />
            <NumberInput
              label={t('studio.lesson.estimatedMinutes')}
              min={0}
              max={10_000}
              allowDecimal={false}
              maw={240}
              {...form.getInputProps('estimatedMinutes')}
            />
            <DripFields
              kind={v.dripKind}
              date={v.dripDate}
              days={v.dripDays}
              onKind={(kind) => form.setFieldValue('dripKind', kind)}
              onDate={(date) => form.setFieldValue('dripDate', date)}
              onDays={(days) => form.setFieldValue('dripDays', days)}
            />
            <Select
              label={t('studio.lesson.prerequisite')}
              description={t('studio.lesson.prerequisiteHint')}
              placeholder={t('studio.lesson.prerequisiteNone')}
              data={prerequisites}
              clearable
              searchable
              nothingFoundMessage={t('studio.lesson.prerequisiteNoOther')}
              maw={420}
              {...form.getInputProps('prerequisiteLessonId')}
            />
            <VideoFields
              mode={v.videoMode}
              fileId={v.videoFileId}
              url={v.videoUrl}
              communityId={lesson.communityId}
              urlError={form.errors.videoUrl}
              onMode={(mode) => form.setFieldValue('videoMode', mode)}
              onFileId={(fileId) => form.setFieldValue('videoFileId', fileId)}
              onUrl={(url) => form.setFieldValue('videoUrl', url)}
            />
          </Stack>
        </Card>
        <Group justify="flex-end" gap="sm" pos="sticky" bottom={0} py="sm" bg="var(--mantine-color-body)">
          {saved && (
            <span role="status" style={{ color: 'var(--mantine-color-teal-text)', fontSize: 14 }}>
              {t('studio.saved')}
            </span>
          )}
          <Button type="submit" loading={form.submitting}>
            {t('studio.lesson.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

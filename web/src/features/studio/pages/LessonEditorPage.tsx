import { Anchor, Breadcrumbs, Button, Grid, Group, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { AttachmentsCard } from '../components/AttachmentsCard';
import { ConfirmDeleteModal } from '../components/ConfirmDeleteModal';
import { LessonForm, type PrerequisiteGroup } from '../components/LessonForm';
import { QueryState } from '../components/QueryState';
import { ContentStatusBadge } from '../components/StatusBadge';
import { useStudioCommunity } from '../context';
import { studioKeys, useLesson, useOutline, useUpdateLesson } from '../hooks';
import type { Outline } from '../types';

/** Every other lesson of the course, by chapter: what this one may require first. */
const prerequisiteGroups = (outline: Outline | undefined, lessonId: string): PrerequisiteGroup[] =>
  (outline?.chapters ?? [])
    .map((chapter) => ({
      group: chapter.title,
      items: chapter.lessons.filter((l) => l.id !== lessonId).map((l) => ({ value: l.id, label: l.title })),
    }))
    .filter((group) => group.items.length > 0);

export function LessonEditorPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { lessonId = '' } = useParams();
  const { base } = useStudioCommunity();
  const lesson = useLesson(lessonId);
  const outline = useOutline(lesson.data?.courseId ?? '');
  const update = useUpdateLesson(lessonId);
  const [deleting, setDeleting] = useState(false);

  if (!lesson.isSuccess) return <QueryState error={lesson.error} retry={() => void lesson.refetch()} />;
  const data = lesson.data;
  const courseTitle = outline.data?.course.title ?? t('studio.lesson.course');

  return (
    <Stack gap="lg">
      <Breadcrumbs>
        <Anchor component={Link} to={`${base}/courses`}>
          {t('studio.tabs.courses')}
        </Anchor>
        <Anchor component={Link} to={`${base}/courses/${data.courseId}`}>
          {courseTitle}
        </Anchor>
        <Text>{data.title}</Text>
      </Breadcrumbs>
      <Group justify="space-between">
        <ContentStatusBadge status={data.status} />
        <Button color="red" variant="light" onClick={() => setDeleting(true)}>
          {t('studio.deletion.lessonConfirm')}
        </Button>
      </Group>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 9 }}>
          <LessonForm
            key={data.id}
            lesson={data}
            prerequisites={prerequisiteGroups(outline.data, data.id)}
            onSave={(body) => update.mutateAsync(body)}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 3 }}>
          <AttachmentsCard
            lessonId={data.id}
            communityId={data.communityId}
            attachments={data.attachments}
            onChanged={() => queryClient.invalidateQueries({ queryKey: studioKeys.lesson(lessonId) })}
          />
        </Grid.Col>
      </Grid>
      {deleting && (
        <ConfirmDeleteModal
          target={{ kind: 'lesson', id: data.id, courseId: data.courseId, title: data.title }}
          onClose={() => setDeleting(false)}
          onDeleted={() => navigate(`${base}/courses/${data.courseId}`)}
        />
      )}
    </Stack>
  );
}

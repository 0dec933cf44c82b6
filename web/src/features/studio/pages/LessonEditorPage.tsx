import { Anchor, Breadcrumbs, Grid, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { AttachmentsCard } from '../components/AttachmentsCard';
import { LessonForm } from '../components/LessonForm';
import { QueryState } from '../components/QueryState';
import { ContentStatusBadge } from '../components/StatusBadge';
import { useStudioCommunity } from '../context';
import { studioKeys, useLesson, useOutline, useUpdateLesson } from '../hooks';

export function LessonEditorPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { lessonId = '' } = useParams();
  const { base } = useStudioCommunity();
  const lesson = useLesson(lessonId);
  const outline = useOutline(lesson.data?.courseId ?? '');
  const update = useUpdateLesson(lessonId);

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
      <div>
        <ContentStatusBadge status={data.status} />
      </div>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 9 }}>
          <LessonForm key={data.id} lesson={data} onSave={(body) => update.mutateAsync(body)} />
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
    </Stack>
  );
}

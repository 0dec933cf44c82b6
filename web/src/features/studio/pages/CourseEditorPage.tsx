import { Alert, Anchor, Breadcrumbs, Button, Card, Divider, Grid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { errorMessage } from '../../../ui/error-message';
import { createChapter, createLesson, updateCourse } from '../api';
import { ChapterCard } from '../components/ChapterCard';
import { ConfirmDeleteModal } from '../components/ConfirmDeleteModal';
import { CourseSettingsForm } from '../components/CourseSettingsForm';
import { InlineAddForm } from '../components/InlineAddForm';
import { QueryState } from '../components/QueryState';
import { SortableList } from '../components/SortableList';
import { ContentStatusBadge } from '../components/StatusBadge';
import { useStudioCommunity } from '../context';
import {
  type DeleteTarget,
  studioKeys,
  useMoveInOutline,
  useMoveLessonToChapter,
  useOutline,
  usePlans,
} from '../hooks';
import type { OutlineLesson, UpdateCourseInput } from '../types';

export function CourseEditorPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { courseId = '' } = useParams();
  const { community, base } = useStudioCommunity();
  const outline = useOutline(courseId);
  const plans = usePlans(community.id);
  const move = useMoveInOutline(courseId);
  const moveToChapter = useMoveLessonToChapter(courseId);
  const [deleting, setDeleting] = useState<DeleteTarget | null>(null);

  if (!outline.isSuccess) return <QueryState error={outline.error} retry={() => void outline.refetch()} />;
  const { course, chapters } = outline.data;
  const version = outline.dataUpdatedAt;

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: studioKeys.outline(courseId) }),
      queryClient.invalidateQueries({ queryKey: studioKeys.courses(community.id) }),
    ]);

  const saveCourse = async (body: UpdateCourseInput) => {
    await updateCourse(courseId, body);
    await refresh();
  };

  const addLesson = async (chapterId: string, title: string) => {
    const lesson = await createLesson(chapterId, { title, body: '', freePreview: false });
    await refresh();
    navigate(`${base}/lessons/${lesson.id}`);
  };

  const lessonCount = chapters.reduce((sum, chapter) => sum + chapter.lessons.length, 0);

  const moveLessonToChapter = (lesson: OutlineLesson, chapterId: string) => {
    const chapter = chapters.find((c) => c.id === chapterId)?.title ?? '';
    moveToChapter.mutate(
      { lessonId: lesson.id, chapterId },
      {
        onSuccess: () =>
          notifications.show({
            color: 'teal',
            message: t('studio.outline.moved', { title: lesson.title, chapter }),
          }),
        onError: (error) =>
          notifications.show({
            color: 'red',
            title: t('studio.outline.moveFailed'),
            message: errorMessage(t, error),
          }),
      },
    );
  };

  return (
    <Stack gap="lg">
      <Breadcrumbs>
        <Anchor component={Link} to={`${base}/courses`}>
          {t('studio.tabs.courses')}
        </Anchor>
        <Text>{course.title}</Text>
      </Breadcrumbs>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <Title order={2} size="h4">
              {t('studio.outline.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('studio.outline.hint')}
            </Text>
            {move.isError && (
              <Alert color="red" variant="light" role="alert">
                {errorMessage(t, move.error)}
              </Alert>
            )}
            {chapters.length === 0 ? (
              <Text c="dimmed">{t('studio.outline.noChapters')}</Text>
            ) : (
              <SortableList
                items={chapters}
                nameOf={(chapter) => chapter.title}
                onMove={(id, m) => move.mutate({ kind: 'chapter', id, move: m })}
                version={version}
                gap="md"
              >
                {(chapter) => (
                  <ChapterCard
                    chapter={chapter}
                    otherChapters={chapters.filter((c) => c.id !== chapter.id)}
                    base={base}
                    version={version}
                    onMoveLesson={(id, m) => move.mutate({ kind: 'lesson', id, move: m })}
                    onMoveLessonToChapter={moveLessonToChapter}
                    onAddLesson={(title) => addLesson(chapter.id, title)}
                    onDelete={() =>
                      setDeleting({
                        kind: 'chapter',
                        id: chapter.id,
                        courseId,
                        title: chapter.title,
                        lessonCount: chapter.lessons.length,
                      })
                    }
                    onDeleteLesson={(lesson) =>
                      setDeleting({ kind: 'lesson', id: lesson.id, courseId, title: lesson.title })
                    }
                  />
                )}
              </SortableList>
            )}
            <InlineAddForm
              label={t('studio.outline.chapterTitle')}
              submitLabel={t('studio.outline.addChapter')}
              onAdd={async (title) => {
                await createChapter(courseId, title);
                await refresh();
              }}
            />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder radius="md" padding="lg">
            <Stack gap="md">
              <Stack gap={4}>
                <Title order={2} size="h4">
                  {t('studio.course.settings')}
                </Title>
                <div>
                  <ContentStatusBadge status={course.status} />
                </div>
              </Stack>
              <CourseSettingsForm course={course} plans={plans.data ?? []} onSave={saveCourse} />
              <Divider />
              <div>
                <Button
                  color="red"
                  variant="light"
                  onClick={() =>
                    setDeleting({ kind: 'course', id: courseId, title: course.title, lessonCount })
                  }
                >
                  {t('studio.deletion.courseConfirm')}
                </Button>
              </div>
            </Stack>
          </Card>
        </Grid.Col>
      </Grid>
      {deleting && (
        <ConfirmDeleteModal
          target={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={(target) => {
            if (target.kind === 'course') navigate(`${base}/courses`);
          }}
        />
      )}
    </Stack>
  );
}

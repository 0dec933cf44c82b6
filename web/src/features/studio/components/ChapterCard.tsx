import { Card, Group, Menu, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Move, OutlineChapter, OutlineLesson } from '../types';
import { InlineAddForm } from './InlineAddForm';
import { ItemActionsMenu } from './ItemActionsMenu';
import { LessonRow } from './LessonRow';
import { SortableList } from './SortableList';

interface ChapterCardProps {
  chapter: OutlineChapter;
  /** The course's other chapters, where its lessons may move. */
  otherChapters: { id: string; title: string }[];
  base: string;
  version: number;
  onMoveLesson: (lessonId: string, move: Move) => void;
  onMoveLessonToChapter: (lesson: OutlineLesson, chapterId: string) => void;
  onAddLesson: (title: string) => Promise<unknown>;
  onDelete: () => void;
  onDeleteLesson: (lesson: OutlineLesson) => void;
}

/** A chapter: its lessons in order (drag to reorder, or move to another chapter) and a field to add one. */
export function ChapterCard({
  chapter,
  otherChapters,
  base,
  version,
  onMoveLesson,
  onMoveLessonToChapter,
  onAddLesson,
  onDelete,
  onDeleteLesson,
}: ChapterCardProps) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-label={chapter.title}>
      <Stack gap="sm">
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Title order={3} size="h5">
            {chapter.title}
          </Title>
          <ItemActionsMenu label={t('studio.outline.chapterActions', { name: chapter.title })}>
            <Menu.Item color="red" onClick={onDelete}>
              {t('studio.deletion.chapterConfirm')}
            </Menu.Item>
          </ItemActionsMenu>
        </Group>
        {chapter.lessons.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('studio.outline.noLessons')}
          </Text>
        ) : (
          <SortableList
            items={chapter.lessons}
            nameOf={(lesson) => lesson.title}
            onMove={onMoveLesson}
            version={version}
          >
            {(lesson) => (
              <LessonRow
                lesson={lesson}
                base={base}
                otherChapters={otherChapters}
                onMoveToChapter={(chapterId) => onMoveLessonToChapter(lesson, chapterId)}
                onDelete={() => onDeleteLesson(lesson)}
              />
            )}
          </SortableList>
        )}
        <InlineAddForm
          label={t('studio.outline.lessonTitle', { chapter: chapter.title })}
          submitLabel={t('studio.outline.addLesson')}
          onAdd={onAddLesson}
        />
      </Stack>
    </Card>
  );
}

import { Card, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Move, OutlineChapter } from '../types';
import { InlineAddForm } from './InlineAddForm';
import { LessonRow } from './LessonRow';
import { SortableList } from './SortableList';

interface ChapterCardProps {
  chapter: OutlineChapter;
  base: string;
  version: number;
  onMoveLesson: (lessonId: string, move: Move) => void;
  onAddLesson: (title: string) => Promise<unknown>;
}

/** A chapter: its lessons in order (drag to reorder) and a field to add one. */
export function ChapterCard({ chapter, base, version, onMoveLesson, onAddLesson }: ChapterCardProps) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-label={chapter.title}>
      <Stack gap="sm">
        <Title order={3} size="h5">
          {chapter.title}
        </Title>
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
            {(lesson) => <LessonRow lesson={lesson} base={base} />}
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

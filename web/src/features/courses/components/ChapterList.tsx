import { Card, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { OutlineChapter } from '../types';
import { LessonRow } from './LessonRow';

/** A course's chapters, each with its lessons in order. */
export function ChapterList({
  chapters,
  currentLessonId,
}: {
  chapters: OutlineChapter[];
  currentLessonId?: string;
}) {
  const { t } = useTranslation();
  if (chapters.length === 0) return <Text c="dimmed">{t('course.empty')}</Text>;
  return (
    <Stack gap="md">
      {chapters.map((chapter, index) => (
        <Card
          key={chapter.id}
          withBorder
          radius="md"
          padding="xs"
          component="section"
          aria-label={chapter.title}
        >
          <Title order={3} size="h5" px="md" pt="xs" pb={4}>
            <Text span c="dimmed" fz="sm" mr={8}>
              {t('course.chapterNo', { n: String(index + 1) })}
            </Text>
            {chapter.title}
          </Title>
          {chapter.lessons.length === 0 ? (
            <Text c="dimmed" fz="sm" px="md" pb="sm">
              {t('course.noLessons')}
            </Text>
          ) : (
            chapter.lessons.map((lesson) => (
              <LessonRow key={lesson.id} lesson={lesson} current={lesson.id === currentLessonId} />
            ))
          )}
        </Card>
      ))}
    </Stack>
  );
}

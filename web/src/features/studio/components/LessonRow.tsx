import { Anchor, Badge, Group, Menu, Paper, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OutlineLesson } from '../types';
import { ItemActionsMenu } from './ItemActionsMenu';
import { ContentStatusBadge } from './StatusBadge';

interface LessonRowProps {
  lesson: OutlineLesson;
  base: string;
  /** The course's other chapters, where the lesson may move (to the end). */
  otherChapters: { id: string; title: string }[];
  onMoveToChapter: (chapterId: string) => void;
  onDelete: () => void;
}

export function LessonRow({ lesson, base, otherChapters, onMoveToChapter, onDelete }: LessonRowProps) {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="sm" px="sm" py={6}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Anchor
          component={Link}
          to={`${base}/lessons/${lesson.id}`}
          fw={500}
          truncate
          data-testid="lesson-title"
        >
          {lesson.title}
        </Anchor>
        <Group gap={6} wrap="nowrap">
          {lesson.estimatedMinutes !== null && (
            <Text size="xs" c="dimmed" visibleFrom="xs">
              {t('studio.lesson.minutesShort', { count: lesson.estimatedMinutes })}
            </Text>
          )}
          {lesson.freePreview && (
            <Badge variant="outline" color="grape" size="sm">
              {t('studio.lesson.freePreviewBadge')}
            </Badge>
          )}
          <ContentStatusBadge status={lesson.status} />
          <ItemActionsMenu label={t('studio.outline.lessonActions', { name: lesson.title })}>
            <Menu.Label>{t('studio.outline.moveToChapter')}</Menu.Label>
            {otherChapters.length === 0 ? (
              <Menu.Item disabled>{t('studio.outline.noOtherChapter')}</Menu.Item>
            ) : (
              otherChapters.map((chapter) => (
                <Menu.Item key={chapter.id} onClick={() => onMoveToChapter(chapter.id)}>
                  {chapter.title}
                </Menu.Item>
              ))
            )}
            <Menu.Divider />
            <Menu.Item color="red" onClick={onDelete}>
              {t('studio.deletion.lessonConfirm')}
            </Menu.Item>
          </ItemActionsMenu>
        </Group>
      </Group>
    </Paper>
  );
}

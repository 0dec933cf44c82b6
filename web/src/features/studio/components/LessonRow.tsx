import { Anchor, Badge, Group, Paper, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OutlineLesson } from '../types';
import { ContentStatusBadge } from './StatusBadge';

export function LessonRow({ lesson, base }: { lesson: OutlineLesson; base: string }) {
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
        </Group>
      </Group>
    </Paper>
  );
}

import { Badge, Group, Stack, Text, ThemeIcon, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CheckCircleIcon, ClockIcon, LockIcon, PlayCircleIcon } from '../../../ui/icons';
import type { OutlineLesson } from '../types';
import { LockLabel } from './LockLabel';

function StateIcon({ lesson }: { lesson: OutlineLesson }) {
  const { t } = useTranslation();
  if (lesson.completed)
    return (
      <>
        <ThemeIcon color="teal" variant="light" radius="xl" aria-hidden="true">
          <CheckCircleIcon size={16} />
        </ThemeIcon>
        <VisuallyHidden>{t('course.completed')}</VisuallyHidden>
      </>
    );
  if (lesson.lock.locked)
    return (
      <>
        <ThemeIcon color="gray" variant="light" radius="xl" aria-hidden="true">
          <LockIcon size={15} />
        </ThemeIcon>
        <VisuallyHidden>{t('course.locked')}</VisuallyHidden>
      </>
    );
  return (
    <ThemeIcon color="blue" variant="light" radius="xl" aria-hidden="true">
      <PlayCircleIcon size={16} />
    </ThemeIcon>
  );
}

/** One lesson in a course outline: its state, title, preview badge, length, and any lock. */
export function LessonRow({ lesson, current = false }: { lesson: OutlineLesson; current?: boolean }) {
  const { t } = useTranslation();
  return (
    <UnstyledButton
      component={Link}
      to={`/lessons/${lesson.id}`}
      px="md"
      py="sm"
      data-testid="outline-lesson"
      aria-current={current ? 'page' : undefined}
      style={{
        display: 'block',
        borderRadius: 'var(--mantine-radius-md)',
        background: current ? 'var(--mantine-color-default-hover)' : undefined,
      }}
    >
      <Group wrap="nowrap" gap="sm" align="flex-start">
        <StateIcon lesson={lesson} />
        <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
          <Group gap={6} wrap="wrap">
            <Text fw={500} c={lesson.lock.locked ? 'dimmed' : undefined}>
              {lesson.title}
            </Text>
            {lesson.freePreview && (
              <Badge size="sm" variant="light" color="orange" tt="none">
                {t('course.freePreview')}
              </Badge>
            )}
          </Group>
          <LockLabel lock={lesson.lock} />
        </Stack>
        {lesson.estimatedMinutes !== null && (
          <Group gap={4} c="dimmed" wrap="nowrap">
            <ClockIcon size={14} />
            <Text span fz="xs">
              {t('course.minutes', { count: lesson.estimatedMinutes })}
            </Text>
          </Group>
        )}
      </Group>
    </UnstyledButton>
  );
}

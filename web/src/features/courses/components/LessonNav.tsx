import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ArrowLeftIcon, ArrowRightIcon } from '../../../ui/icons';
import type { Lesson } from '../types';

/** Previous and next lessons of the course. */
export function LessonNav({ lesson }: { lesson: Lesson }) {
  const { t } = useTranslation();
  return (
    <Group justify="space-between" component="nav" aria-label={t('lesson.navLabel')}>
      {lesson.prevLessonId ? (
        <Button
          component={Link}
          to={`/lessons/${lesson.prevLessonId}`}
          variant="default"
          leftSection={<ArrowLeftIcon size={16} />}
        >
          {t('lesson.previous')}
        </Button>
      ) : (
        <span />
      )}
      {lesson.nextLessonId && (
        <Button
          component={Link}
          to={`/lessons/${lesson.nextLessonId}`}
          variant="default"
          rightSection={<ArrowRightIcon size={16} />}
        >
          {t('lesson.next')}
        </Button>
      )}
    </Group>
  );
}

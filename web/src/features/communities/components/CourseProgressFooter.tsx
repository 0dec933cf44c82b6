import { Button, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CourseProgressBar } from '../../courses/components/CourseProgressBar';
import type { CourseSummary } from '../types';

/**
 * The viewer's progress on one course, from the course list itself (no request per course), and
 * a link to the course outline to continue or start while lessons remain.
 */
export function CourseProgressFooter({ course }: { course: CourseSummary }) {
  const { t } = useTranslation();
  const { progress } = course;
  if (!progress) return null;
  const remaining = progress.completedLessons < progress.totalLessons;
  return (
    <Stack gap="xs" mt="xs">
      <CourseProgressBar percentage={progress.percentage} size="sm" />
      {remaining && (
        <Button component={Link} to={`/courses/${course.id}`} size="xs" variant="light">
          {progress.completedLessons > 0 ? t('community.home.continue') : t('course.start')}
        </Button>
      )}
    </Stack>
  );
}

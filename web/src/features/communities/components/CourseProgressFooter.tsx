import { Button, Skeleton, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CourseProgressBar } from '../../courses/components/CourseProgressBar';
import { continueLessonId } from '../../courses/continue-target';
import { useOutline } from '../../courses/hooks';

/** The viewer's progress on one course and a "continue where you left off" link. */
export function CourseProgressFooter({ courseId }: { courseId: string }) {
  const { t } = useTranslation();
  const outline = useOutline(courseId);
  if (outline.isPending) return <Skeleton h={48} />;
  if (!outline.data) return null;
  const target = continueLessonId(outline.data);
  const { percentage } = outline.data.progress;
  return (
    <Stack gap="xs" mt="xs">
      <CourseProgressBar percentage={percentage} size="sm" />
      {target && (
        <Button component={Link} to={`/lessons/${target}`} size="xs" variant="light">
          {percentage > 0 ? t('community.home.continue') : t('course.start')}
        </Button>
      )}
    </Stack>
  );
}

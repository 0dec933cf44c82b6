import { Alert, Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { errorMessage } from '../../../ui/error-message';
import { CheckCircleIcon } from '../../../ui/icons';
import { useMe } from '../../accounts/hooks';
import { loginPathFor } from '../../accounts/next-path';
import { useCompleteLesson } from '../hooks';
import type { Lesson } from '../types';

/** "Mark complete", then the lesson's done state with the course's new percentage. */
export function CompleteLesson({ lesson, coursePercentage }: { lesson: Lesson; coursePercentage?: number }) {
  const { t } = useTranslation();
  const location = useLocation();
  const { data: me } = useMe();
  const complete = useCompleteLesson(lesson);

  if (!me) {
    return (
      <Button component={Link} to={loginPathFor(location.pathname)} variant="light">
        {t('lesson.signInToComplete')}
      </Button>
    );
  }
  const percentage = complete.data?.coursePercentage ?? coursePercentage;
  if (lesson.progress?.completed || complete.data?.completed) {
    return (
      <Group gap="sm" role="status">
        <Group gap={6} c="teal">
          <CheckCircleIcon size={20} />
          <Text fw={600}>{t('lesson.completed')}</Text>
        </Group>
        {percentage !== undefined && (
          <Text c="dimmed" data-testid="lesson-course-percentage">
            {t('lesson.courseProgress', { percent: String(percentage) })}
          </Text>
        )}
      </Group>
    );
  }
  return (
    <Group gap="sm">
      <Button
        onClick={() => complete.mutate()}
        loading={complete.isPending}
        leftSection={<CheckCircleIcon size={18} />}
      >
        {t('lesson.markComplete')}
      </Button>
      {complete.isError && (
        <Alert color="red" variant="light" role="alert" py={6}>
          {errorMessage(t, complete.error)}
        </Alert>
      )}
    </Group>
  );
}

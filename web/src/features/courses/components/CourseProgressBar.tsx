import { Group, Progress, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The viewer's share of a course's lessons completed. */
export function CourseProgressBar({ percentage, size = 'md' }: { percentage: number; size?: 'sm' | 'md' }) {
  const { t } = useTranslation();
  const label = t('course.progress', { percent: String(percentage) });
  return (
    <div>
      <Group justify="space-between" mb={4}>
        <Text fz={size === 'sm' ? 'xs' : 'sm'} c="dimmed">
          {t('course.progressLabel')}
        </Text>
        <Text fz={size === 'sm' ? 'xs' : 'sm'} fw={600} data-testid="course-percentage">
          {label}
        </Text>
      </Group>
      <Progress
        value={percentage}
        size={size === 'sm' ? 'sm' : 'lg'}
        radius="xl"
        color={percentage === 100 ? 'teal' : 'blue'}
        aria-label={t('course.progressLabel')}
        aria-valuetext={label}
      />
    </div>
  );
}

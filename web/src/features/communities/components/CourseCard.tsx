import { Badge, Card, Group, Image, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { BookIcon } from '../../../ui/icons';
import type { CourseSummary } from '../types';

/** A course in a community's catalogue; `footer` adds the viewer's progress where known. */
export function CourseCard({ course, footer }: { course: CourseSummary; footer?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="md" padding="md" data-testid="course-card">
      <Card.Section>
        {course.coverFileId ? (
          <Image src={`/api/files/${course.coverFileId}`} h={110} alt="" />
        ) : (
          <Group
            h={110}
            justify="center"
            c="white"
            style={{
              background:
                'linear-gradient(135deg, var(--mantine-color-indigo-6), var(--mantine-color-blue-4))',
            }}
          >
            <BookIcon size={36} />
          </Group>
        )}
      </Card.Section>
      <Stack gap={6} mt="sm">
        <Text
          component={Link}
          to={`/courses/${course.id}`}
          fw={700}
          lineClamp={2}
          c="var(--mantine-color-text)"
        >
          {course.title}
        </Text>
        {course.summary && (
          <Text fz="sm" c="dimmed" lineClamp={2}>
            {course.summary}
          </Text>
        )}
        <Group gap={6}>
          <Badge variant="light" color="indigo" tt="none">
            {t(`course.level.${course.level}`)}
          </Badge>
          <Badge variant="light" color="gray" tt="none">
            {t('course.lessonCount', { count: course.lessonCount })}
          </Badge>
        </Group>
        {footer}
      </Stack>
    </Card>
  );
}

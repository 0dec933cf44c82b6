import { SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCourses } from '../hooks';
import { isLiveCourse } from '../live';
import { CourseCard } from './CourseCard';
import { CourseProgressFooter } from './CourseProgressFooter';
import { LoadError } from './LoadError';

/** The community's courses with the viewer's progress on each. */
export function MyCourses({ communityId }: { communityId: string }) {
  const { t } = useTranslation();
  const courses = useCourses(communityId);
  const live = courses.data?.items.filter((course) => isLiveCourse(course)) ?? [];
  return (
    <Stack gap="sm" component="section" aria-labelledby="my-courses-title">
      <Title order={2} size="h3" id="my-courses-title">
        {t('community.home.coursesTitle')}
      </Title>
      {courses.isPending && <Skeleton h={240} radius="md" />}
      {courses.isError && <LoadError error={courses.error} retry={() => void courses.refetch()} />}
      {courses.isSuccess && live.length === 0 && <Text c="dimmed">{t('community.noCourses')}</Text>}
      {live.length > 0 && (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          {live.map((course) => (
            <CourseCard key={course.id} course={course} footer={<CourseProgressFooter course={course} />} />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}

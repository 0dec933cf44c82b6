import { SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCourses } from '../hooks';
import { isLiveCourse } from '../live';
import { CourseCard } from './CourseCard';
import { LoadError } from './LoadError';

/** A community's published courses, for visitors and members alike. */
export function CourseCatalogue({ communityId }: { communityId: string }) {
  const { t } = useTranslation();
  const courses = useCourses(communityId);
  const live = courses.data?.items.filter(isLiveCourse) ?? [];

  return (
    <Stack gap="sm" component="section" aria-labelledby="catalogue-title">
      <Title order={2} size="h3" id="catalogue-title">
        {t('community.coursesTitle')}
      </Title>
      {courses.isPending && <Skeleton h={220} radius="md" />}
      {courses.isError && <LoadError error={courses.error} retry={() => void courses.refetch()} />}
      {courses.isSuccess && live.length === 0 && <Text c="dimmed">{t('community.noCourses')}</Text>}
      {live.length > 0 && (
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
          {live.map((course) => (
            <CourseCard key={course.id} course={course} />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}

import { Anchor, Button, Card, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { currentLanguage } from '../../../i18n';
import { formatDateTime } from '../../../ui/format';
import { createCourse } from '../api';
import { CreateCourseForm } from '../components/CreateCourseForm';
import { QueryState } from '../components/QueryState';
import { ContentStatusBadge } from '../components/StatusBadge';
import { useStudioCommunity } from '../context';
import { studioKeys, useCourses, useInvalidate } from '../hooks';
import type { Course } from '../types';

function CourseRow({ course, base }: { course: Course; base: string }) {
  const { t } = useTranslation();
  const when = course.status === 'scheduled' ? course.publishAt : course.publishedAt;
  return (
    <Table.Tr>
      <Table.Td>
        <Anchor component={Link} to={`${base}/courses/${course.id}`} fw={500}>
          {course.title}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <ContentStatusBadge status={course.status} />
      </Table.Td>
      <Table.Td>{t(`studio.course.levels.${course.level}`)}</Table.Td>
      <Table.Td>{course.lessonCount}</Table.Td>
      <Table.Td>{when ? formatDateTime(when, currentLanguage()) : '—'}</Table.Td>
    </Table.Tr>
  );
}

export function CoursesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { community, base } = useStudioCommunity();
  const courses = useCourses(community.id);
  const invalidate = useInvalidate();
  const [creating, modal] = useDisclosure(false);
  const items = courses.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="md">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t('studio.courses.title')}
          </Title>
          <Button onClick={modal.open}>{t('studio.courses.new')}</Button>
        </Group>
        {courses.isSuccess ? (
          items.length === 0 ? (
            <Text c="dimmed">{t('studio.courses.empty')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={600}>
              <Table verticalSpacing="sm" aria-label={t('studio.courses.title')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('studio.course.title')}</Table.Th>
                    <Table.Th>{t('studio.statusLabel')}</Table.Th>
                    <Table.Th>{t('studio.course.level')}</Table.Th>
                    <Table.Th>{t('studio.courses.lessons')}</Table.Th>
                    <Table.Th>{t('studio.courses.when')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((course) => (
                    <CourseRow key={course.id} course={course} base={base} />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        ) : (
          <QueryState error={courses.error} retry={() => void courses.refetch()} />
        )}
        {courses.hasNextPage && (
          <Button
            variant="default"
            onClick={() => void courses.fetchNextPage()}
            loading={courses.isFetchingNextPage}
          >
            {t('studio.loadMore')}
          </Button>
        )}
      </Stack>
      <Modal opened={creating} onClose={modal.close} title={t('studio.courses.new')} centered size="lg">
        <CreateCourseForm
          onSubmit={async (input) => {
            const course = await createCourse(community.id, input);
            await invalidate(studioKeys.courses(community.id));
            modal.close();
            navigate(`${base}/courses/${course.id}`);
          }}
        />
      </Modal>
    </Card>
  );
}

import { Container, Grid, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { isApiError } from '../../../api/errors';
import { NotFoundPage } from '../../../app/NotFoundPage';
import { PageLoader } from '../../../ui/PageLoader';
import { LoadError } from '../../communities/components/LoadError';
import { useDocumentTitle } from '../../communities/use-document-title';
import { ChapterList } from '../components/ChapterList';
import { CourseHeader } from '../components/CourseHeader';
import { CourseSidePanel } from '../components/CourseSidePanel';
import { useOutline } from '../hooks';

/** A course's outline: chapters and lessons with locks, and the viewer's progress. */
export function CoursePage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const outline = useOutline(id);
  useDocumentTitle(outline.data?.course.title);

  if (outline.isPending) return <PageLoader />;
  if (outline.isError) {
    if (isApiError(outline.error) && outline.error.status === 404) return <NotFoundPage />;
    return (
      <Container size="sm" py="xl">
        <LoadError error={outline.error} retry={() => void outline.refetch()} />
      </Container>
    );
  }

  return (
    <Container size="lg" py="xl">
      <Stack gap="xl">
        <CourseHeader outline={outline.data} />
        <Grid gap="xl">
          <Grid.Col span={{ base: 12, md: 8 }} order={{ base: 2, md: 1 }}>
            <Stack gap="sm">
              <Title order={2} size="h3">
                {t('course.outlineTitle')}
              </Title>
              <ChapterList chapters={outline.data.chapters} />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }} order={{ base: 1, md: 2 }}>
            <CourseSidePanel outline={outline.data} />
          </Grid.Col>
        </Grid>
      </Stack>
    </Container>
  );
}

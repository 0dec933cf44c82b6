import {
  Anchor,
  Badge,
  Breadcrumbs,
  Card,
  Container,
  Divider,
  Grid,
  Group,
  Stack,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../../api/errors';
import { NotFoundPage } from '../../../app/NotFoundPage';
import { PageLoader } from '../../../ui/PageLoader';
import { useMe } from '../../accounts/hooks';
import { LoadError } from '../../communities/components/LoadError';
import { RichText } from '../../communities/components/RichText';
import { useDocumentTitle } from '../../communities/use-document-title';
import { isAccessDenied } from '../access-error';
import { AccessWall } from '../components/AccessWall';
import { AttachmentList } from '../components/AttachmentList';
import { CompleteLesson } from '../components/CompleteLesson';
import { LessonNav } from '../components/LessonNav';
import { LessonSidebar } from '../components/LessonSidebar';
import { LessonVideo } from '../components/LessonVideo';
import { useLesson, useOutline } from '../hooks';
import type { Lesson, Outline } from '../types';

function LessonBody({ lesson, outline }: { lesson: Lesson; outline: Outline | undefined }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  return (
    <Stack gap="lg" component="article" aria-labelledby="lesson-title">
      <Stack gap={6}>
        {outline && (
          <Breadcrumbs>
            <Anchor component={Link} to={`/courses/${outline.course.id}`} fz="sm">
              {outline.course.title}
            </Anchor>
          </Breadcrumbs>
        )}
        <Group gap="sm" align="center">
          <Title order={1} id="lesson-title" fz={{ base: 24, sm: 32 }}>
            {lesson.title}
          </Title>
          {lesson.freePreview && (
            <Badge variant="light" color="orange" tt="none">
              {t('course.freePreview')}
            </Badge>
          )}
        </Group>
      </Stack>
      <LessonVideo key={lesson.id} lesson={lesson} track={Boolean(me)} />
      <div data-testid="lesson-body">
        <RichText html={lesson.bodyHtml} />
      </div>
      <AttachmentList attachments={lesson.attachments} />
      <Divider />
      <CompleteLesson key={lesson.id} lesson={lesson} coursePercentage={outline?.progress.percentage} />
      <LessonNav lesson={lesson} />
    </Stack>
  );
}

/** One lesson: video, text, files, completion, and the course beside it; or why it is closed. */
export function LessonPage() {
  const { id } = useParams();
  const { data: me } = useMe();
  const lesson = useLesson(id);
  const outline = useOutline(lesson.data?.courseId);
  useDocumentTitle(lesson.data?.title);

  if (lesson.isPending) return <PageLoader />;
  if (lesson.isError) {
    if (isAccessDenied(lesson.error)) return <AccessWall denied={lesson.error} />;
    if (isApiError(lesson.error) && lesson.error.status === 404) return <NotFoundPage />;
    return (
      <Container size="sm" py="xl">
        <LoadError error={lesson.error} retry={() => void lesson.refetch()} />
      </Container>
    );
  }

  return (
    <Container size="xl" py="xl">
      <Grid gap="xl">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <LessonBody lesson={lesson.data} outline={outline.data} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          {outline.data && (
            <Card withBorder radius="md" padding="md" component="aside">
              <LessonSidebar outline={outline.data} lessonId={lesson.data.id} signedIn={Boolean(me)} />
            </Card>
          )}
        </Grid.Col>
      </Grid>
    </Container>
  );
}

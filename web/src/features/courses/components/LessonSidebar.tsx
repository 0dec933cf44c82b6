import { Anchor, Stack } from '@mantine/core';
import { Link } from 'react-router';
import type { Outline } from '../types';
import { ChapterList } from './ChapterList';
import { CourseProgressBar } from './CourseProgressBar';

/** The course around a lesson: its title, the viewer's progress and the outline. */
export function LessonSidebar({
  outline,
  lessonId,
  signedIn,
}: {
  outline: Outline;
  lessonId: string;
  signedIn: boolean;
}) {
  return (
    <Stack gap="md">
      <Anchor component={Link} to={`/courses/${outline.course.id}`} fw={700}>
        {outline.course.title}
      </Anchor>
      {signedIn && <CourseProgressBar percentage={outline.progress.percentage} size="sm" />}
      <ChapterList chapters={outline.chapters} currentLessonId={lessonId} />
    </Stack>
  );
}

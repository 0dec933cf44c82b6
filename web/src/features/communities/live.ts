import type { CourseSummary } from './types';

/** Published, or scheduled with its time come (the server's job may not have flipped it yet). */
export function isLiveCourse(course: Pick<CourseSummary, 'status' | 'publishAt'>, now = Date.now()): boolean {
  return (
    course.status === 'published' ||
    (course.status === 'scheduled' && course.publishAt !== null && course.publishAt <= now)
  );
}

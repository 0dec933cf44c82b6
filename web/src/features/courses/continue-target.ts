import type { Outline, OutlineLesson } from './types';

/**
 * Where "continue" leads: the server's resume lesson, else the first open lesson not yet done.
 * The lesson itself, so the button can name it.
 */
export function continueLesson(outline: Pick<Outline, 'chapters' | 'progress'>): OutlineLesson | null {
  const lessons = outline.chapters.flatMap((chapter) => chapter.lessons);
  const resume = outline.progress.resumeLessonId;
  return (
    (resume ? lessons.find((lesson) => lesson.id === resume) : undefined) ??
    lessons.find((lesson) => !lesson.lock.locked && !lesson.completed) ??
    null
  );
}

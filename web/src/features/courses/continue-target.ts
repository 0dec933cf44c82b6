import type { Outline } from './types';

/** Where "continue" leads: the server's resume lesson, else the first open lesson not yet done. */
export function continueLessonId(outline: Pick<Outline, 'chapters' | 'progress'>): string | null {
  if (outline.progress.resumeLessonId) return outline.progress.resumeLessonId;
  for (const chapter of outline.chapters)
    for (const lesson of chapter.lessons) if (!lesson.lock.locked && !lesson.completed) return lesson.id;
  return null;
}

/** Course progress from a viewer's lesson rows: pure, so the outline and the progress write agree. */
import { isLive } from '../access/access.rules.js';

export interface ProgressLesson {
  id: string;
  status: Parameters<typeof isLive>[0]['status'];
  publish_at: number | null;
  author_id: string;
  locked: boolean;
}

export interface ProgressRow {
  lesson_id: string;
  completed_at: number | null;
  updated_at: number;
}

/** Completed live lessons over live lessons, rounded down (100 only when all are done). */
export function coursePercentage(
  lessons: readonly Pick<ProgressLesson, 'id' | 'status' | 'publish_at' | 'author_id'>[],
  completed: ReadonlySet<string>,
  now: number,
): number {
  const live = lessons.filter((l) => isLive(l, now));
  return percentageOf(live.filter((l) => completed.has(l.id)).length, live.length);
}

/** Completed over total live lessons as a whole percentage, rounded down; 0 when there are none. */
export function percentageOf(completedLessons: number, totalLessons: number): number {
  if (totalLessons <= 0) return 0;
  return Math.min(100, Math.floor((completedLessons * 100) / totalLessons));
}

/**
 * Where to continue: the most recently touched incomplete lesson the viewer can open, else the
 * first incomplete one they can open, else the first incomplete one at all. `lessons` are in
 * reading order and already limited to those the viewer may know of.
 */
export function resumeLesson(
  lessons: readonly ProgressLesson[],
  rows: readonly ProgressRow[],
  now: number,
): string | null {
  const completed = new Set(rows.filter((r) => r.completed_at !== null).map((r) => r.lesson_id));
  const candidates = lessons.filter((l) => isLive(l, now) && !completed.has(l.id));
  const open = new Set(candidates.filter((l) => !l.locked).map((l) => l.id));
  const touched = rows
    .filter((r) => r.completed_at === null && open.has(r.lesson_id))
    .sort((a, b) => b.updated_at - a.updated_at)[0];
  if (touched) return touched.lesson_id;
  return (candidates.find((l) => !l.locked) ?? candidates[0])?.id ?? null;
}

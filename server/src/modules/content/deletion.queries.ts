/**
 * Deleting content. Foreign keys cascade a course to its chapters, lessons, plan links,
 * attachments and progress, and a chapter to its lessons; what they do not reach (reviews,
 * prerequisites naming the deleted items) is cleared here, in the same transaction.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB>;

export const lessonIdsOfCourse = async (db: Db, courseId: string): Promise<string[]> =>
  (await db.selectFrom('lessons').select('id').where('course_id', '=', courseId).execute()).map((r) => r.id);

export const lessonIdsOfChapter = async (db: Db, chapterId: string): Promise<string[]> =>
  (await db.selectFrom('lessons').select('id').where('chapter_id', '=', chapterId).execute()).map(
    (r) => r.id,
  );

/** content_reviews names its item without a foreign key (it may be a course or a lesson). */
export async function deleteReviewsOf(db: Db, itemType: 'course' | 'lesson', ids: readonly string[]) {
  if (ids.length === 0) return;
  await db
    .deleteFrom('content_reviews')
    .where('item_type', '=', itemType)
    .where('item_id', 'in', ids)
    .execute();
}

/** A lesson needing a deleted one first would be locked for good; it needs nothing instead. */
export async function clearLessonPrerequisites(db: Db, ids: readonly string[], now: number) {
  if (ids.length === 0) return;
  await db
    .updateTable('lessons')
    .set({ prerequisite_lesson_id: null, updated_at: now })
    .where('prerequisite_lesson_id', 'in', ids)
    .where('id', 'not in', ids)
    .execute();
}

export async function clearCoursePrerequisites(db: Db, courseId: string, now: number) {
  await db
    .updateTable('courses')
    .set({ prerequisite_course_id: null, updated_at: now })
    .where('prerequisite_course_id', '=', courseId)
    .execute();
}

/** Progress rows that go with the lessons (for the audit entry). */
export async function countProgress(db: Db, lessonIds: readonly string[]): Promise<number> {
  if (lessonIds.length === 0) return 0;
  const row = await db
    .selectFrom('lesson_progress')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('lesson_id', 'in', lessonIds)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Each returns whether the row was still there: a concurrent delete makes the later one a 404. */
export const deleteCourse = async (db: Db, id: string): Promise<boolean> =>
  Number((await db.deleteFrom('courses').where('id', '=', id).executeTakeFirst()).numDeletedRows) === 1;

export const deleteChapter = async (db: Db, id: string): Promise<boolean> =>
  Number((await db.deleteFrom('chapters').where('id', '=', id).executeTakeFirst()).numDeletedRows) === 1;

export const deleteLesson = async (db: Db, id: string): Promise<boolean> =>
  Number((await db.deleteFrom('lessons').where('id', '=', id).executeTakeFirst()).numDeletedRows) === 1;

/** Kysely only: every function takes an executor (the database or a transaction). */
import type { Insertable, Kysely, Updateable } from 'kysely';
import { preparedQuery } from '../../db/prepared.js';
import type { ContentReviewsTable, CoursesTable, DB, LessonsTable } from '../../db/schema.js';

type Db = Kysely<DB>;

/** Which courses a list shows: all (staff), or live ones plus, for a contributor, their own. */
export type CourseScope = { kind: 'all' } | { kind: 'live'; now: number; authorId: string | null };

// ── courses ──────────────────────────────────────────────────────────────

export const findCourse = (db: Db, id: string) =>
  db.selectFrom('courses').selectAll().where('id', '=', id).executeTakeFirst();

export async function lastCoursePosition(db: Db, communityId: string): Promise<string | null> {
  const row = await db
    .selectFrom('courses')
    .select('position')
    .where('community_id', '=', communityId)
    .orderBy('position', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.position ?? null;
}

export const insertCourse = (db: Db, row: Insertable<CoursesTable>) =>
  db.insertInto('courses').values(row).execute();

export const updateCourse = (db: Db, id: string, set: Updateable<CoursesTable>) =>
  db.updateTable('courses').set(set).where('id', '=', id).execute();

/** The courses of a community in order, after a (position, id) keyset cursor, in one query. */
export function listCourses(
  db: Db,
  communityId: string,
  scope: CourseScope,
  after: { position: string; id: string } | null,
  limit: number,
) {
  let query = db.selectFrom('courses').selectAll().where('community_id', '=', communityId);
  if (scope.kind === 'live') {
    query = query.where((eb) =>
      eb.or([
        eb('status', '=', 'published'),
        eb.and([eb('status', '=', 'scheduled'), eb('publish_at', '<=', scope.now)]),
        ...(scope.authorId ? [eb('author_id', '=', scope.authorId)] : []),
      ]),
    );
  }
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('position', '>', after.position),
        eb.and([eb('position', '=', after.position), eb('id', '>', after.id)]),
      ]),
    );
  }
  return query.orderBy('position').orderBy('id').limit(limit).execute();
}

export async function coursePlanIds(db: Db, courseIds: readonly string[]): Promise<Map<string, string[]>> {
  const byCourse = new Map<string, string[]>(courseIds.map((id) => [id, []]));
  if (courseIds.length === 0) return byCourse;
  const rows = await db
    .selectFrom('course_plans')
    .select(['course_id', 'plan_id'])
    .where('course_id', 'in', [...courseIds])
    .orderBy('plan_id')
    .execute();
  for (const r of rows) byCourse.get(r.course_id)?.push(r.plan_id);
  return byCourse;
}

export async function replaceCoursePlans(
  db: Db,
  courseId: string,
  planIds: readonly string[],
): Promise<void> {
  await db.deleteFrom('course_plans').where('course_id', '=', courseId).execute();
  if (planIds.length > 0)
    await db
      .insertInto('course_plans')
      .values(planIds.map((plan_id) => ({ course_id: courseId, plan_id })))
      .execute();
}

/** Live lessons per course, in one grouped query. */
export async function countLiveLessons(
  db: Db,
  courseIds: readonly string[],
  now: number,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>(courseIds.map((id) => [id, 0]));
  if (courseIds.length === 0) return counts;
  const rows = await db
    .selectFrom('lessons')
    .select(['course_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('course_id', 'in', [...courseIds])
    .where((eb) =>
      eb.or([
        eb('status', '=', 'published'),
        eb.and([eb('status', '=', 'scheduled'), eb('publish_at', '<=', now)]),
      ]),
    )
    .groupBy('course_id')
    .execute();
  for (const r of rows) counts.set(r.course_id, Number(r.n));
  return counts;
}

/**
 * A user's completed live lessons per course, in one grouped query (live as `isLive`: published,
 * or scheduled and due).
 */
export async function countCompletedLiveLessons(
  db: Db,
  userId: string,
  courseIds: readonly string[],
  now: number,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>(courseIds.map((id) => [id, 0]));
  if (courseIds.length === 0) return counts;
  const rows = await db
    .selectFrom('lesson_progress as p')
    .innerJoin('lessons as l', 'l.id', 'p.lesson_id')
    .select(['l.course_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('p.user_id', '=', userId)
    .where('p.completed_at', 'is not', null)
    .where('l.course_id', 'in', [...courseIds])
    .where((eb) =>
      eb.or([
        eb('l.status', '=', 'published'),
        eb.and([eb('l.status', '=', 'scheduled'), eb('l.publish_at', '<=', now)]),
      ]),
    )
    .groupBy('l.course_id')
    .execute();
  for (const r of rows) counts.set(r.course_id, Number(r.n));
  return counts;
}

// ── plans and files (validated references) ───────────────────────────────

export async function findPlanIdsOf(db: Db, communityId: string, planIds: readonly string[]) {
  if (planIds.length === 0) return new Set<string>();
  const rows = await db
    .selectFrom('community_plans')
    .select('id')
    .where('community_id', '=', communityId)
    .where('id', 'in', [...planIds])
    .execute();
  return new Set(rows.map((r) => r.id));
}

export const findFile = (db: Db, id: string) =>
  db
    .selectFrom('files')
    .select(['id', 'kind', 'community_id', 'uploader_id'])
    .where('id', '=', id)
    .executeTakeFirst();

// ── chapters ─────────────────────────────────────────────────────────────

export const listChapters = (db: Db, courseId: string) =>
  db
    .selectFrom('chapters')
    .select(['id', 'course_id', 'title', 'position'])
    .where('course_id', '=', courseId)
    .orderBy('position')
    .orderBy('id')
    .execute();

export type ChapterRow = Awaited<ReturnType<typeof listChapters>>[number];

export const findChapter = (db: Db, id: string) =>
  db.selectFrom('chapters').selectAll().where('id', '=', id).executeTakeFirst();

export const insertChapter = (
  db: Db,
  row: { id: string; course_id: string; title: string; position: string; created_at: number },
) =>
  db
    .insertInto('chapters')
    .values({ ...row, updated_at: row.created_at })
    .execute();

export const updateChapter = (
  db: Db,
  id: string,
  set: { title?: string; position?: string; updated_at: number },
) => db.updateTable('chapters').set(set).where('id', '=', id).execute();

// ── lessons ──────────────────────────────────────────────────────────────

const OUTLINE_COLUMNS = [
  'l.id',
  'l.chapter_id',
  'l.title',
  'l.free_preview',
  'l.estimated_minutes',
  'l.status',
  'l.publish_at',
  'l.author_id',
  'l.drip_kind',
  'l.drip_at',
  'l.drip_days',
  'l.prerequisite_lesson_id',
  'l.position',
] as const;

/**
 * Every lesson of a course without bodies, grouped by chapter and in order within each chapter
 * (`inReadingOrder` puts the chapters in order), in one query. It reads only the `lessons_outline`
 * covering index, never the 7 KB rows.
 */
export const listCourseLessons = (db: Db, courseId: string) =>
  db
    .selectFrom('lessons as l')
    .select(OUTLINE_COLUMNS)
    .where('l.course_id', '=', courseId)
    .orderBy('l.chapter_id')
    .orderBy('l.position')
    .orderBy('l.id')
    .execute();
export type OutlineLessonRow = Awaited<ReturnType<typeof listCourseLessons>>[number];

/**
 * Lessons listed chapter by chapter (each chapter's lessons already in order) → reading order:
 * the chapters' order (`listChapters`), then the lessons' within each. Lessons of chapters not
 * in `chapters` are left out, as the join with chapters used to.
 */
export function inReadingOrder<L extends { chapter_id: string }>(
  chapters: readonly { id: string }[],
  lessons: readonly L[],
): L[] {
  const byChapter = new Map<string, L[]>(chapters.map((ch) => [ch.id, []]));
  for (const lesson of lessons) byChapter.get(lesson.chapter_id)?.push(lesson);
  return chapters.flatMap((ch) => byChapter.get(ch.id) ?? []);
}

export const listChapterLessonKeys = (db: Db, chapterId: string) =>
  db
    .selectFrom('lessons')
    .select(['id', 'position'])
    .where('chapter_id', '=', chapterId)
    .orderBy('position')
    .orderBy('id')
    .execute();

export const findLesson = (db: Db, id: string) =>
  db.selectFrom('lessons').selectAll().where('id', '=', id).executeTakeFirst();

export const findLessonBodyHtml = async (db: Db, id: string): Promise<string | undefined> =>
  (await db.selectFrom('lessons').select('body_html').where('id', '=', id).executeTakeFirst())?.body_html;

export const findLessonBody = async (db: Db, id: string): Promise<string | undefined> =>
  (await db.selectFrom('lessons').select('body').where('id', '=', id).executeTakeFirst())?.body;

export const insertLesson = (db: Db, row: Insertable<LessonsTable>) =>
  db.insertInto('lessons').values(row).execute();

export const updateLesson = (db: Db, id: string, set: Updateable<LessonsTable>) =>
  db.updateTable('lessons').set(set).where('id', '=', id).execute();

// ── attachments ──────────────────────────────────────────────────────────

export const listAttachments = (db: Db, lessonId: string) =>
  db
    .selectFrom('lesson_attachments')
    .select(['file_id', 'name', 'position'])
    .where('lesson_id', '=', lessonId)
    .orderBy('position')
    .orderBy('file_id')
    .execute();

export type AttachmentRow = { lesson_id: string; file_id: string; name: string; position: string };

/** Every attachment of a course's lessons, each lesson's in order. */
export const listCourseAttachments = (db: Db, courseId: string): Promise<AttachmentRow[]> =>
  db
    .selectFrom('lesson_attachments as a')
    .innerJoin('lessons as l', 'l.id', 'a.lesson_id')
    .select(['a.lesson_id', 'a.file_id', 'a.name', 'a.position'])
    .where('l.course_id', '=', courseId)
    .orderBy('a.lesson_id')
    .orderBy('a.position')
    .orderBy('a.file_id')
    .execute();

export const insertAttachment = (
  db: Db,
  row: { lesson_id: string; file_id: string; name: string; position: string },
) => db.insertInto('lesson_attachments').values(row).execute();

export async function deleteAttachment(db: Db, lessonId: string, fileId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('lesson_attachments')
    .where('lesson_id', '=', lessonId)
    .where('file_id', '=', fileId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

// ── progress ─────────────────────────────────────────────────────────────

export const listCourseProgress = preparedQuery((db: Db, userId: string, courseId: string) =>
  db
    .selectFrom('lesson_progress')
    .select(['lesson_id', 'completed_at', 'updated_at', 'position_seconds'])
    .where('user_id', '=', userId)
    .where('course_id', '=', courseId),
);

export const findProgress = (db: Db, userId: string, lessonId: string) =>
  db
    .selectFrom('lesson_progress')
    .selectAll()
    .where('user_id', '=', userId)
    .where('lesson_id', '=', lessonId)
    .executeTakeFirst();

/** Records progress; a completion, once set, is never cleared (the conflict keeps the first). */
export async function upsertProgress(
  db: Db,
  row: {
    user_id: string;
    lesson_id: string;
    course_id: string;
    position_seconds: number | undefined;
    completed_at: number | null;
    now: number;
  },
): Promise<void> {
  await db
    .insertInto('lesson_progress')
    .values({
      user_id: row.user_id,
      lesson_id: row.lesson_id,
      course_id: row.course_id,
      started_at: row.now,
      position_seconds: row.position_seconds ?? 0,
      completed_at: row.completed_at,
      updated_at: row.now,
    })
    .onConflict((oc) =>
      oc.columns(['user_id', 'lesson_id']).doUpdateSet((eb) => ({
        ...(row.position_seconds === undefined
          ? {}
          : { position_seconds: eb.ref('excluded.position_seconds') }),
        completed_at: eb.fn.coalesce('lesson_progress.completed_at', 'excluded.completed_at'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
}

// ── reviews ──────────────────────────────────────────────────────────────

export const insertReview = (db: Db, row: Insertable<ContentReviewsTable>) =>
  db.insertInto('content_reviews').values(row).execute();

export const findPendingReviewOf = (db: Db, itemType: 'course' | 'lesson', itemId: string) =>
  db
    .selectFrom('content_reviews')
    .select('id')
    .where('item_type', '=', itemType)
    .where('item_id', '=', itemId)
    .where('state', '=', 'pending')
    .executeTakeFirst();

/** Reviews with the item's title and requested time and the submitter's name. */
const reviewsWithItems = (db: Db) =>
  db
    .selectFrom('content_reviews as r')
    .innerJoin('users as u', 'u.id', 'r.submitted_by')
    .leftJoin('courses as c', (j) => j.onRef('c.id', '=', 'r.item_id').on('r.item_type', '=', 'course'))
    .leftJoin('lessons as l', (j) => j.onRef('l.id', '=', 'r.item_id').on('r.item_type', '=', 'lesson'))
    .selectAll('r')
    .select([
      'u.display_name as submitter_name',
      'u.email as submitter_email',
      'u.locale as submitter_locale',
      'c.title as course_title',
      'c.publish_at as course_publish_at',
      'l.title as lesson_title',
      'l.publish_at as lesson_publish_at',
    ]);

export const findReview = (db: Db, id: string) =>
  reviewsWithItems(db).where('r.id', '=', id).executeTakeFirst();
export type ReviewRow = NonNullable<Awaited<ReturnType<typeof findReview>>>;

export const listPendingReviews = (db: Db, communityId: string, afterId: string | null, limit: number) => {
  let query = reviewsWithItems(db).where('r.community_id', '=', communityId).where('r.state', '=', 'pending');
  if (afterId) query = query.where('r.id', '>', afterId);
  return query.orderBy('r.id').limit(limit).execute();
};

export const decideReview = (
  db: Db,
  id: string,
  set: { state: 'approved' | 'rejected'; decided_by: string; decided_at: number; reason: string | null },
) =>
  db
    .updateTable('content_reviews')
    .set(set)
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .executeTakeFirst();

/** The title and status of a reviewed item. */
export const findItemStatus = (db: Db, itemType: 'course' | 'lesson', id: string) =>
  itemType === 'course'
    ? db
        .selectFrom('courses')
        .select(['title', 'status', 'publish_at'])
        .where('id', '=', id)
        .executeTakeFirst()
    : db
        .selectFrom('lessons')
        .select(['title', 'status', 'publish_at'])
        .where('id', '=', id)
        .executeTakeFirst();

// ── scheduled publishing ─────────────────────────────────────────────────

/** Flips a scheduled item to published if it is still scheduled for that time (idempotent). */
export async function publishScheduled(
  db: Db,
  table: 'courses' | 'lessons',
  id: string,
  publishAt: number,
): Promise<void> {
  await db
    .updateTable(table)
    .set({ status: 'published', published_at: publishAt, publish_at: null, updated_at: publishAt })
    .where('id', '=', id)
    .where('status', '=', 'scheduled')
    .where('publish_at', '=', publishAt)
    .execute();
}

export const findUser = (db: Db, id: string) =>
  db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'locale'])
    .where('id', '=', id)
    .executeTakeFirst();

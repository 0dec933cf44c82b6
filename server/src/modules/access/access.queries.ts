import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../../db/dialect.js';
import { preparedQuery } from '../../db/prepared.js';
import type { DB, LessonsTable } from '../../db/schema.js';

/** The plans that include a course, as one comma-separated value (null: none), for a select list. */
function coursePlanIdList(db: Kysely<DB>, courseRef: 'l.course_id' | 'c.id') {
  const list = isPostgres(db) ? sql`string_agg(cp.plan_id, ',')` : sql`group_concat(cp.plan_id, ',')`;
  return sql<string | null>`(select ${list} from course_plans cp where cp.course_id = ${sql.ref(courseRef)})`;
}

/** `coursePlanIdList`'s value → plan ids (ids are UUIDs: no commas). */
export const splitPlanIds = (list: string | null): string[] => (list ? list.split(',') : []);

/** The community (to know it exists) with the user's staff role and membership, in one query. */
export function findViewerRow(db: Kysely<DB>, communityId: string, userId: string | null) {
  return db
    .selectFrom('communities as c')
    .leftJoin('community_roles as r', (join) =>
      join.onRef('r.community_id', '=', 'c.id').on('r.user_id', '=', userId ?? ''),
    )
    .leftJoin('memberships as m', (join) =>
      join.onRef('m.community_id', '=', 'c.id').on('m.user_id', '=', userId ?? ''),
    )
    .select(['c.id as community_id', 'r.role', 'm.state', 'm.plan_id', 'm.starts_at', 'm.ends_at'])
    .where('c.id', '=', communityId)
    .executeTakeFirst();
}

/** Active plans, in display order; limited to `planIds` when given. */
export function listOfferedPlans(db: Kysely<DB>, communityId: string, planIds?: readonly string[]) {
  let query = db
    .selectFrom('community_plans')
    .select(['id', 'name', 'kind', 'price_minor', 'currency', 'term_days', 'interval', 'trial_days'])
    .where('community_id', '=', communityId)
    .where('status', '=', 'active')
    .orderBy('position');
  if (planIds && planIds.length > 0) query = query.where('id', 'in', [...planIds]);
  return query.execute();
}

/** Which of `lessonIds` the user has completed: one query for a whole outline. */
export async function findCompletedLessonIds(db: Kysely<DB>, userId: string, lessonIds: readonly string[]) {
  if (lessonIds.length === 0) return new Set<string>();
  const rows = await db
    .selectFrom('lesson_progress')
    .select('lesson_id')
    .where('user_id', '=', userId)
    .where('lesson_id', 'in', [...lessonIds])
    .where('completed_at', 'is not', null)
    .execute();
  return new Set(rows.map((r) => r.lesson_id));
}

/**
 * A lesson's columns without its bodies: the markdown source only editors see, and the rendered
 * HTML that readers get from `LessonBodyCache` under `body_revision` (kilobytes not copied out of
 * the database on every view).
 */
const LESSON_COLUMNS_BUT_BODIES = [
  'l.id',
  'l.community_id',
  'l.course_id',
  'l.chapter_id',
  'l.title',
  'l.body_revision',
  'l.video_file_id',
  'l.video_url',
  'l.estimated_minutes',
  'l.free_preview',
  'l.status',
  'l.publish_at',
  'l.published_at',
  'l.drip_kind',
  'l.drip_at',
  'l.drip_days',
  'l.prerequisite_lesson_id',
  'l.position',
  'l.author_id',
  'l.created_at',
  'l.updated_at',
] as const satisfies readonly `l.${Exclude<keyof LessonsTable, 'body' | 'body_html'>}`[];

/**
 * A lesson with the facts of its course that the rules need, the viewer's role and membership in
 * its community, the viewer's progress on it, and the plans that include its course, in one
 * query. (A lesson's course, and that course's community, exist while it does: foreign keys.)
 */
const lessonWithCourse = preparedQuery((db: Kysely<DB>, lessonId: string, user: string) =>
  db
    .selectFrom('lessons as l')
    .innerJoin('courses as c', 'c.id', 'l.course_id')
    .leftJoin('community_roles as r', (join) =>
      join.onRef('r.community_id', '=', 'l.community_id').on('r.user_id', '=', user),
    )
    .leftJoin('memberships as m', (join) =>
      join.onRef('m.community_id', '=', 'l.community_id').on('m.user_id', '=', user),
    )
    .leftJoin('lesson_progress as p', (join) =>
      join.onRef('p.lesson_id', '=', 'l.id').on('p.user_id', '=', user),
    )
    .select(LESSON_COLUMNS_BUT_BODIES)
    .select([
      'c.status as course_status',
      'c.publish_at as course_publish_at',
      'c.author_id as course_author_id',
      'c.structure_version as course_structure_version',
      'r.role as viewer_role',
      'm.state as viewer_state',
      'm.plan_id as viewer_plan_id',
      'm.starts_at as viewer_starts_at',
      'm.ends_at as viewer_ends_at',
      'p.started_at as progress_started_at',
      'p.position_seconds as progress_position_seconds',
      'p.completed_at as progress_completed_at',
      coursePlanIdList(db, 'l.course_id').as('course_plan_ids'),
    ])
    .where('l.id', '=', lessonId),
);

export async function findLessonWithCourse(db: Kysely<DB>, lessonId: string, userId: string | null = null) {
  return (await lessonWithCourse(db, lessonId, userId ?? ''))[0];
}

/** A course with the plans that include it and the viewer's row in its community (as `findViewerRow`), in one query. */
const courseWithViewerRow = preparedQuery((db: Kysely<DB>, courseId: string, user: string) =>
  db
    .selectFrom('courses as c')
    .leftJoin('community_roles as r', (join) =>
      join.onRef('r.community_id', '=', 'c.community_id').on('r.user_id', '=', user),
    )
    .leftJoin('memberships as m', (join) =>
      join.onRef('m.community_id', '=', 'c.community_id').on('m.user_id', '=', user),
    )
    .selectAll('c')
    .select([
      'r.role as viewer_role',
      'm.state as viewer_state',
      'm.plan_id as viewer_plan_id',
      'm.starts_at as viewer_starts_at',
      'm.ends_at as viewer_ends_at',
      coursePlanIdList(db, 'c.id').as('course_plan_ids'),
    ])
    .where('c.id', '=', courseId),
);

export async function findCourseWithViewerRow(db: Kysely<DB>, courseId: string, userId: string | null) {
  return (await courseWithViewerRow(db, courseId, userId ?? ''))[0];
}

/** A post with the user's staff role and membership in its community, in one query. */
export function findPostWithViewerRow(db: Kysely<DB>, postId: string, userId: string | null) {
  return db
    .selectFrom('posts as p')
    .leftJoin('community_roles as r', (join) =>
      join.onRef('r.community_id', '=', 'p.community_id').on('r.user_id', '=', userId ?? ''),
    )
    .leftJoin('memberships as m', (join) =>
      join.onRef('m.community_id', '=', 'p.community_id').on('m.user_id', '=', userId ?? ''),
    )
    .selectAll('p')
    .select([
      'r.role as viewer_role',
      'm.state as viewer_state',
      'm.plan_id as viewer_plan_id',
      'm.starts_at as viewer_starts_at',
      'm.ends_at as viewer_ends_at',
    ])
    .where('p.id', '=', postId)
    .executeTakeFirst();
}

import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

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

/** A lesson with the facts of its course that the rules need, in one query. */
export function findLessonWithCourse(db: Kysely<DB>, lessonId: string) {
  return db
    .selectFrom('lessons as l')
    .innerJoin('courses as c', 'c.id', 'l.course_id')
    .selectAll('l')
    .select([
      'c.status as course_status',
      'c.publish_at as course_publish_at',
      'c.author_id as course_author_id',
    ])
    .where('l.id', '=', lessonId)
    .executeTakeFirst();
}

/** Plans that include a course (empty: all plans). */
export async function findCoursePlanIds(db: Kysely<DB>, courseId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('course_plans')
    .select('plan_id')
    .where('course_id', '=', courseId)
    .execute();
  return rows.map((r) => r.plan_id);
}

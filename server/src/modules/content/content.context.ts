/** What every content service shares: its dependencies and the checks each use case starts with. */
import type { Kysely } from 'kysely';
import type { CoursesTable, DB } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, forbidden, invalidField, notFound, unauthenticated } from '../../platform/errors.js';
import type { Outbox } from '../../platform/outbox.js';
import type { SearchIndexer } from '../../platform/search/search-document.js';
import { decideCourseOutline, type Viewer } from '../access/access.rules.js';
import type { AccessService } from '../access/access.service.js';
import * as q from './content.queries.js';
import type { DripInput } from './content.schemas.js';
import type { CourseStructureCache } from './course-structure.js';
import type { LessonBodyCache } from './lesson-body-cache.js';

export interface ContentDeps {
  db: Kysely<DB>;
  clock: Clock;
  outbox: Outbox;
  access: AccessService;
  structure: CourseStructureCache;
  bodies: LessonBodyCache;
  /** For links in e-mails. */
  publicUrl: string;
  /** Lessons are indexed for search inside the transaction that writes them. */
  search: SearchIndexer;
}

/** Writes need a signed-in user: 401 before anything is looked up. */
export function requireUserId(actor: Actor): string {
  if (actor.kind !== 'user') throw unauthenticated();
  return actor.user.id;
}

export function deny(allowed: boolean, message = 'You may not do this.'): void {
  if (!allowed) throw forbidden('forbidden', message);
}

/** A course the actor may see (its outline); 404 otherwise, so drafts stay unknown. */
export async function visibleCourse(
  deps: ContentDeps,
  actor: Actor,
  courseId: string,
): Promise<{ course: CoursesTable; viewer: Viewer; planIds: string[] }> {
  const found = await deps.access.courseWithViewer(actor, courseId);
  if (!found) throw notFound('course');
  await deps.access.enforce(found.viewer, decideCourseOutline(found.viewer, found.course), 'course');
  return found;
}

/** A file referenced by a course or lesson must exist (and belong to this community when it names one). */
export async function assertFile(deps: ContentDeps, field: string, fileId: string, communityId: string) {
  const file = await q.findFile(deps.db, fileId);
  if (!file || (file.community_id !== null && file.community_id !== communityId))
    throw invalidField(field, 'unknown_file', `${field} names no file of this community`);
  return file;
}

export async function assertPlans(deps: ContentDeps, communityId: string, planIds: readonly string[]) {
  const found = await q.findPlanIdsOf(deps.db, communityId, planIds);
  const unknown = planIds.findIndex((id) => !found.has(id));
  if (unknown >= 0)
    throw invalidField(`planIds.${unknown}`, 'unknown_plan', 'is not a plan of this community');
}

/** Drip settings → columns; a date needs `at`, days after joining need `days`. */
export function dripColumns(drip: DripInput): {
  drip_kind: DripInput['kind'];
  drip_at: number | null;
  drip_days: number | null;
} {
  if (drip.kind === 'date') {
    if (drip.at === undefined)
      throw invalidField('drip.at', 'required', 'drip.at is required for a date drip');
    return { drip_kind: 'date', drip_at: drip.at, drip_days: null };
  }
  if (drip.kind === 'days_after_join') {
    if (drip.days === undefined)
      throw invalidField('drip.days', 'required', 'drip.days is required for days_after_join');
    return { drip_kind: 'days_after_join', drip_at: null, drip_days: drip.days };
  }
  return { drip_kind: 'none', drip_at: null, drip_days: null };
}

export const moveError = (field: string, message: string) =>
  new AppError(400, 'validation_failed', `${field} ${message}`, [{ path: field, code: 'move', message }]);

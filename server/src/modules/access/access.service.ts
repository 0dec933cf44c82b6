import type { Kysely } from 'kysely';
import type { DB, LessonsTable, MembershipState } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, notFound, type OfferedPlan } from '../../platform/errors.js';
import * as q from './access.queries.js';
import { type Decision, decideLesson, type Viewer } from './access.rules.js';

const DENIAL_MESSAGES: Record<string, string> = {
  join_required: 'Join this community to see this.',
  plan_required: 'Your plan does not include this; one of the offered plans does.',
  not_yet_available: 'This opens later.',
  prerequisite_required: 'Complete the previous lesson first.',
};

/**
 * The one access service: resolves who the viewer is in a community, and turns a denied
 * decision into the error every read path returns (404 for what the viewer may not know
 * exists; 403 `join_required` with the plans to offer for what they may know but not open).
 */
export class AccessService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
  ) {}

  /** The viewer in a community; 404 when the community does not exist. */
  async viewer(actor: Actor, communityId: string): Promise<Viewer> {
    const userId = actor.kind === 'user' ? actor.user.id : null;
    const row = await q.findViewerRow(this.db, communityId, userId);
    if (!row) throw notFound('community');
    return {
      userId,
      isOperator: actor.kind === 'user' && actor.user.role === 'operator',
      communityId,
      staffRole: row.role ?? null,
      membership:
        row.state && row.starts_at !== null
          ? {
              state: row.state as MembershipState,
              planId: row.plan_id,
              startsAt: row.starts_at,
              endsAt: row.ends_at,
            }
          : null,
      now: this.clock.now(),
    };
  }

  /** Throws the right error when `decision` denies; `what` names the resource in a 404. */
  async enforce(viewer: Viewer, decision: Decision, what: string): Promise<void> {
    if (decision.allow) return;
    if (decision.status === 404) throw notFound(what);
    const plans =
      decision.code === 'join_required' || decision.code === 'plan_required'
        ? await this.offeredPlans(viewer.communityId, decision.planIds)
        : undefined;
    throw new AppError(
      403,
      decision.code,
      DENIAL_MESSAGES[decision.code] ?? 'You may not open this.',
      undefined,
      undefined,
      {
        communityId: viewer.communityId,
        ...(plans ? { plans } : {}),
        ...(decision.availableAt !== undefined ? { availableAt: decision.availableAt } : {}),
      },
    );
  }

  async offeredPlans(communityId: string, planIds?: readonly string[]): Promise<OfferedPlan[]> {
    const rows = await q.listOfferedPlans(this.db, communityId, planIds);
    return rows.map((p) => ({
      id: p.id,
      name: p.name,
      kind: p.kind,
      priceMinor: p.price_minor,
      currency: p.currency,
      termDays: p.term_days,
      interval: p.interval,
      trialDays: p.trial_days,
    }));
  }

  /**
   * Everything needed to serve one lesson (or its video or attachments): the viewer, the rules'
   * decision and the lesson row. 404 when the lesson does not exist.
   */
  async lessonAccess(
    actor: Actor,
    lessonId: string,
  ): Promise<{ viewer: Viewer; decision: Decision; lesson: LessonsTable }> {
    const row = await q.findLessonWithCourse(this.db, lessonId);
    if (!row) throw notFound('lesson');
    const { course_status, course_publish_at, course_author_id, ...lesson } = row;
    const [viewer, planIds] = await Promise.all([
      this.viewer(actor, lesson.community_id),
      q.findCoursePlanIds(this.db, lesson.course_id),
    ]);
    const completedLessonIds = lesson.prerequisite_lesson_id
      ? await this.completedLessons(viewer, [lesson.prerequisite_lesson_id])
      : new Set<string>();
    const decision = decideLesson(viewer, {
      course: {
        id: lesson.course_id,
        status: course_status,
        publish_at: course_publish_at,
        author_id: course_author_id,
        planIds,
      },
      lesson,
      completedLessonIds,
    });
    return { viewer, decision, lesson };
  }

  /** The lesson when the actor may open it; otherwise the 404 or 403 the rules chose. */
  async requireLesson(actor: Actor, lessonId: string): Promise<{ viewer: Viewer; lesson: LessonsTable }> {
    const { viewer, decision, lesson } = await this.lessonAccess(actor, lessonId);
    await this.enforce(viewer, decision, 'lesson');
    return { viewer, lesson };
  }

  completedLessons(viewer: Viewer, lessonIds: readonly string[]): Promise<Set<string>> {
    return viewer.userId
      ? q.findCompletedLessonIds(this.db, viewer.userId, lessonIds)
      : Promise.resolve(new Set());
  }
}

import type { Kysely, Selectable } from 'kysely';
import type {
  CommunityStaffRole,
  CoursesTable,
  DB,
  LessonsTable,
  MembershipState,
  PostsTable,
} from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, notFound, type OfferedPlan } from '../../platform/errors.js';
import * as q from './access.queries.js';
import { type CourseFacts, type Decision, decideLesson, decidePost, type Viewer } from './access.rules.js';

const actorUserId = (actor: Actor): string | null => (actor.kind === 'user' ? actor.user.id : null);

/** The viewer's columns of `findViewerRow` (null when the user has no role or membership). */
export interface ViewerColumns {
  role: CommunityStaffRole | null;
  state: string | null;
  plan_id: string | null;
  starts_at: number | null;
  ends_at: number | null;
}

/** A lesson's row without its bodies (see `LessonBodyCache` for the rendered one). */
export type LessonRow = Omit<Selectable<LessonsTable>, 'body' | 'body_html'>;

export interface LessonAccess {
  viewer: Viewer;
  decision: Decision;
  /** Without `body` (the markdown source): `LessonsService` reads it for editors. */
  lesson: LessonRow;
  /** The facts of the lesson's course the decision used. */
  course: CourseFacts;
  /** The course's `structure_version`, for `CourseStructureCache`. */
  structureVersion: number;
  /** The viewer's progress on the lesson, if any. */
  progress: { started_at: number; position_seconds: number; completed_at: number | null } | null;
}

const DENIAL_MESSAGES: Record<string, string> = {
  join_required: 'Join this community to see this.',
  plan_required: 'Your plan does not include this; one of the offered plans does.',
  not_yet_available: 'This opens later.',
  prerequisite_required: 'Complete the previous lesson first.',
};

/**
 * The lesson's own columns of a `findLessonWithCourse` row, copied by name: an object rest over a
 * wide row was a measurable share of a lesson read.
 */
function lessonOf(row: LessonRow): LessonRow {
  return {
    id: row.id,
    community_id: row.community_id,
    course_id: row.course_id,
    chapter_id: row.chapter_id,
    title: row.title,
    body_revision: row.body_revision,
    video_file_id: row.video_file_id,
    video_url: row.video_url,
    estimated_minutes: row.estimated_minutes,
    free_preview: row.free_preview,
    status: row.status,
    publish_at: row.publish_at,
    published_at: row.published_at,
    drip_kind: row.drip_kind,
    drip_at: row.drip_at,
    drip_days: row.drip_days,
    prerequisite_lesson_id: row.prerequisite_lesson_id,
    position: row.position,
    author_id: row.author_id,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/** The course's own columns of a `findCourseWithViewerRow` row, copied by name as `lessonOf`. */
function courseOf(row: CoursesTable): CoursesTable {
  return {
    id: row.id,
    community_id: row.community_id,
    title: row.title,
    summary: row.summary,
    cover_file_id: row.cover_file_id,
    tags: row.tags,
    level: row.level,
    status: row.status,
    publish_at: row.publish_at,
    published_at: row.published_at,
    position: row.position,
    author_id: row.author_id,
    prerequisite_course_id: row.prerequisite_course_id,
    structure_version: row.structure_version,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

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
    const row = await q.findViewerRow(this.db, communityId, actorUserId(actor));
    if (!row) throw notFound('community');
    return this.viewerFrom(actor, communityId, row);
  }

  /** A course with the viewer in its community and the plans that include it, in one query; undefined when the course does not exist. */
  async courseWithViewer(
    actor: Actor,
    courseId: string,
  ): Promise<{ course: CoursesTable; viewer: Viewer; planIds: string[] } | undefined> {
    const row = await q.findCourseWithViewerRow(this.db, courseId, actorUserId(actor));
    if (!row) return undefined;
    const course = courseOf(row);
    const viewer = this.viewerFrom(actor, course.community_id, {
      role: row.viewer_role,
      state: row.viewer_state,
      plan_id: row.viewer_plan_id,
      starts_at: row.viewer_starts_at,
      ends_at: row.viewer_ends_at,
    });
    return { course, viewer, planIds: q.splitPlanIds(row.course_plan_ids) };
  }

  /**
   * The viewer from their role and membership columns read along with something else (as a feed
   * page does), the same facts `findViewerRow` reads; the caller still asks the rules and `enforce`s.
   */
  viewerOf(actor: Actor, communityId: string, row: ViewerColumns): Viewer {
    return this.viewerFrom(actor, communityId, row);
  }

  private viewerFrom(actor: Actor, communityId: string, row: ViewerColumns): Viewer {
    return {
      userId: actorUserId(actor),
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
   * decision, the lesson row, the facts of its course the rules used, and the viewer's progress on
   * the lesson. 404 when the lesson does not exist.
   */
  async lessonAccess(actor: Actor, lessonId: string): Promise<LessonAccess> {
    const row = await q.findLessonWithCourse(this.db, lessonId, actorUserId(actor));
    if (!row) throw notFound('lesson');
    const lesson = lessonOf(row);
    const viewer = this.viewerFrom(actor, lesson.community_id, {
      role: row.viewer_role,
      state: row.viewer_state,
      plan_id: row.viewer_plan_id,
      starts_at: row.viewer_starts_at,
      ends_at: row.viewer_ends_at,
    });
    const { course_status, course_publish_at, course_author_id, course_structure_version, course_plan_ids } =
      row;
    const { progress_started_at, progress_position_seconds, progress_completed_at } = row;
    const planIds = q.splitPlanIds(course_plan_ids);
    const completedLessonIds = lesson.prerequisite_lesson_id
      ? await this.completedLessons(viewer, [lesson.prerequisite_lesson_id])
      : new Set<string>();
    const course: CourseFacts = {
      id: lesson.course_id,
      status: course_status,
      publish_at: course_publish_at,
      author_id: course_author_id,
      planIds,
    };
    const decision = decideLesson(viewer, { course, lesson, completedLessonIds });
    const progress =
      progress_started_at !== null && progress_position_seconds !== null
        ? {
            started_at: progress_started_at,
            position_seconds: progress_position_seconds,
            completed_at: progress_completed_at,
          }
        : null;
    return { viewer, decision, lesson, course, structureVersion: course_structure_version, progress };
  }

  /** The lesson when the actor may open it; otherwise the 404 or 403 the rules chose. */
  async requireLesson(actor: Actor, lessonId: string): Promise<{ viewer: Viewer; lesson: LessonRow }> {
    const { viewer, decision, lesson } = await this.lessonAccess(actor, lessonId);
    await this.enforce(viewer, decision, 'lesson');
    return { viewer, lesson };
  }

  /**
   * A post (discussions) with the viewer in its community and the rules' decision (`decidePost`),
   * in one query; 404 when the post does not exist. Comments, reactions and files of a post go
   * through this too, so none of them shows what the post may not.
   */
  async postAccess(
    actor: Actor,
    postId: string,
  ): Promise<{ viewer: Viewer; decision: Decision; post: PostsTable }> {
    const row = await q.findPostWithViewerRow(this.db, postId, actorUserId(actor));
    if (!row) throw notFound('post');
    const { viewer_role, viewer_state, viewer_plan_id, viewer_starts_at, viewer_ends_at, ...post } = row;
    const viewer = this.viewerFrom(actor, post.community_id, {
      role: viewer_role,
      state: viewer_state,
      plan_id: viewer_plan_id,
      starts_at: viewer_starts_at,
      ends_at: viewer_ends_at,
    });
    return { viewer, decision: decidePost(viewer, post), post };
  }

  /** The post when the actor may read it; otherwise the 404 or 403 (`join_required` with plans). */
  async requirePost(actor: Actor, postId: string): Promise<{ viewer: Viewer; post: PostsTable }> {
    const { viewer, decision, post } = await this.postAccess(actor, postId);
    await this.enforce(viewer, decision, 'post');
    return { viewer, post };
  }

  completedLessons(viewer: Viewer, lessonIds: readonly string[]): Promise<Set<string>> {
    return viewer.userId
      ? q.findCompletedLessonIds(this.db, viewer.userId, lessonIds)
      : Promise.resolve(new Set());
  }
}

/**
 * The paywall as pure rules. Every read of community content asks these, so they are the one
 * place that decides who sees what; each rule is a small function, tested alone and together.
 */
import type { CommunityStaffRole, ContentStatus, DripKind, MembershipState } from '../../db/schema.js';

export const DAY_MS = 86_400_000;

/** Who is looking, relative to one community. */
export interface Viewer {
  userId: string | null;
  isOperator: boolean;
  communityId: string;
  staffRole: CommunityStaffRole | null;
  membership: {
    state: MembershipState;
    planId: string | null;
    startsAt: number;
    endsAt: number | null;
  } | null;
  now: number;
}

export type DenyCode =
  | 'not_found'
  | 'join_required'
  | 'plan_required'
  | 'not_yet_available'
  | 'prerequisite_required';

export type Decision =
  | { allow: true }
  | { allow: false; status: 403 | 404; code: DenyCode; availableAt?: number; planIds?: string[] };

export const ALLOW: Decision = { allow: true };
const NOT_FOUND: Decision = { allow: false, status: 404, code: 'not_found' };

/** An active membership whose end, if any, is still ahead. Pending, expired, banned… are not members. */
export const isActiveMember = (v: Viewer): boolean =>
  v.membership !== null &&
  v.membership.state === 'active' &&
  (v.membership.endsAt === null || v.membership.endsAt > v.now);

/** Owner, moderators and the site operator see everything of a community. */
export const seesEverything = (v: Viewer): boolean =>
  v.isOperator || v.staffRole === 'owner' || v.staffRole === 'moderator';

/** Members, plus the community's team (contributors write for it, so they read it). */
export const hasMemberAccess = (v: Viewer): boolean =>
  seesEverything(v) || v.staffRole === 'contributor' || isActiveMember(v);

export interface Publishable {
  status: ContentStatus;
  publish_at: number | null;
  author_id: string;
}

/** Published, or scheduled and its time has come (the job that flips the status may lag). */
export const isLive = (item: Publishable, now: number): boolean =>
  item.status === 'published' ||
  (item.status === 'scheduled' && item.publish_at !== null && item.publish_at <= now);

/** Staff see unpublished work; a contributor sees their own. */
const seesUnpublished = (v: Viewer, item: Publishable): boolean =>
  seesEverything(v) || (v.staffRole === 'contributor' && v.userId !== null && v.userId === item.author_id);

export interface CourseFacts extends Publishable {
  id: string;
  /** Plans that include the course; empty means every plan. */
  planIds: readonly string[];
}

export interface LessonFacts extends Publishable {
  id: string;
  free_preview: number;
  drip_kind: DripKind;
  drip_at: number | null;
  drip_days: number | null;
  prerequisite_lesson_id: string | null;
}

export interface LessonContext {
  course: CourseFacts;
  lesson: LessonFacts;
  /** Lessons the viewer has completed, at least those named as prerequisites. */
  completedLessonIds: ReadonlySet<string>;
}

/** A rule allows, denies, or passes (`null`) to the next one. */
export type LessonRule = (v: Viewer, c: LessonContext) => Decision | null;

export const lessonRules: Record<string, LessonRule> = {
  /** Unpublished courses and lessons do not exist for those who may not see drafts. */
  exists: (v, { course, lesson }) =>
    (isLive(course, v.now) || seesUnpublished(v, course)) &&
    (isLive(lesson, v.now) || seesUnpublished(v, lesson))
      ? null
      : NOT_FOUND,
  staff: (v) => (seesEverything(v) || v.staffRole === 'contributor' ? ALLOW : null),
  freePreview: (_v, { lesson }) => (lesson.free_preview === 1 ? ALLOW : null),
  membership: (v, { course }) =>
    isActiveMember(v)
      ? null
      : {
          allow: false,
          status: 403,
          code: 'join_required',
          planIds: course.planIds.length ? [...course.planIds] : undefined,
        },
  plan: (v, { course }) =>
    course.planIds.length === 0 ||
    (v.membership?.planId != null && course.planIds.includes(v.membership.planId))
      ? null
      : { allow: false, status: 403, code: 'plan_required', planIds: [...course.planIds] },
  drip: (v, { lesson }) => {
    const opensAt =
      lesson.drip_kind === 'date'
        ? lesson.drip_at
        : lesson.drip_kind === 'days_after_join' && v.membership && lesson.drip_days !== null
          ? v.membership.startsAt + lesson.drip_days * DAY_MS
          : null;
    return opensAt !== null && opensAt > v.now
      ? { allow: false, status: 403, code: 'not_yet_available', availableAt: opensAt }
      : null;
  },
  prerequisite: (_v, { lesson, completedLessonIds }) =>
    lesson.prerequisite_lesson_id === null || completedLessonIds.has(lesson.prerequisite_lesson_id)
      ? null
      : { allow: false, status: 403, code: 'prerequisite_required' },
};

const LESSON_RULE_ORDER: readonly LessonRule[] = [
  lessonRules.exists,
  lessonRules.staff,
  lessonRules.freePreview,
  lessonRules.membership,
  lessonRules.plan,
  lessonRules.drip,
  lessonRules.prerequisite,
] as LessonRule[];

/** May the viewer open this lesson (body, video, attachments)? The first rule with an opinion decides. */
export function decideLesson(v: Viewer, context: LessonContext): Decision {
  for (const rule of LESSON_RULE_ORDER) {
    const decision = rule(v, context);
    if (decision) return decision;
  }
  return ALLOW;
}

/** Course outlines (titles, lesson list, lock states) are shown to visitors once published. */
export function decideCourseOutline(v: Viewer, course: Publishable): Decision {
  return isLive(course, v.now) || seesUnpublished(v, course) ? ALLOW : NOT_FOUND;
}

/** Member-only pages of a community: the member list, the member home. */
export function decideMemberArea(v: Viewer): Decision {
  return hasMemberAccess(v) ? ALLOW : { allow: false, status: 403, code: 'join_required' };
}

/** Running the community: settings, plans, members' states, the review queue. */
export const canManageCommunity = (v: Viewer): boolean => v.isOperator || v.staffRole === 'owner';

/** Moderating: hide, ban, approve joins (owner, moderators, operator). */
export const canModerate = (v: Viewer): boolean => seesEverything(v);

/** Writing courses and lessons (a contributor's go to review first). */
export const canAuthor = (v: Viewer): boolean => seesEverything(v) || v.staffRole === 'contributor';

/** The facts of a post (or of the post a comment belongs to) that decide who may read it. */
export interface PostFacts {
  state: 'published' | 'in_review' | 'hidden' | 'deleted';
  author_id: string;
}

/**
 * May the viewer read this post, its comments and its files? Deleted posts exist only for
 * moderators; posts waiting for review or hidden, for their author and moderators; everything
 * else is member content: members, the team and operators read it, others are asked to join.
 */
export function decidePost(v: Viewer, post: PostFacts): Decision {
  if (post.state === 'deleted' && !seesEverything(v)) return NOT_FOUND;
  const own = v.userId !== null && v.userId === post.author_id;
  if (post.state !== 'published' && post.state !== 'deleted' && !own && !seesEverything(v)) return NOT_FOUND;
  if (hasMemberAccess(v)) return ALLOW;
  return { allow: false, status: 403, code: 'join_required' };
}

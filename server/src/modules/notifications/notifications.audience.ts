/**
 * Who may see the item a notification points to. The decision is the access module's rules
 * (`decideLesson`, `decideCourseOutline`, member access): this file only gathers their facts for
 * many viewers at once, so a "new lesson" told to thousands of members costs a few queries, not
 * one per member. Used at delivery (who is told) and again at list time (is the title shown).
 */
import type { Kysely } from 'kysely';
import type { CommunityStaffRole, DB, MembershipState } from '../../db/schema.js';
import * as accessQueries from '../access/access.queries.js';
import {
  type CourseFacts,
  canAuthor,
  decideCourseOutline,
  decideLesson,
  decidePost,
  hasMemberAccess,
  isActiveMember,
  type LessonFacts,
  type PostFacts,
  seesEverything,
  type Viewer,
} from '../access/access.rules.js';
import { plainText } from '../discussions/discussions.presenter.js';
import * as q from './notifications.queries.js';

export type ItemType =
  | 'course'
  | 'lesson'
  | 'post'
  | 'event'
  | 'assignment_submission'
  | 'challenge'
  | 'assignment'
  | 'paid_question';

export interface ItemRef {
  itemType: ItemType;
  itemId: string;
}

/** What the rules need of one item, and its title for whoever may see it. */
export type ItemFacts =
  | { itemType: 'lesson'; communityId: string; title: string; course: CourseFacts; lesson: LessonFacts }
  | { itemType: 'course'; communityId: string; title: string; course: CourseFacts }
  | { itemType: 'post'; communityId: string; title: string | null; post: PostFacts }
  | {
      itemType: 'assignment_submission';
      communityId: string;
      title: string;
      submitterId: string;
      assignmentId: string;
    }
  | { itemType: 'event'; communityId: string; title: null }
  | { itemType: 'challenge' | 'assignment'; communityId: string; title: string }
  | {
      itemType: 'paid_question';
      communityId: string;
      title: string;
      askerId: string;
      ownerId: string;
      /** Answered and made public by its asker: members may read it. */
      open: boolean;
    };

/** The item's facts, or null when it is gone or not in `communityId` (a producer's mistake tells no one). */
export async function loadItemFacts(
  db: Kysely<DB>,
  ref: ItemRef,
  communityId: string,
): Promise<ItemFacts | null> {
  const facts = await readItemFacts(db, ref, communityId);
  return facts && facts.communityId === communityId ? facts : null;
}

async function readItemFacts(db: Kysely<DB>, ref: ItemRef, communityId: string): Promise<ItemFacts | null> {
  switch (ref.itemType) {
    case 'lesson': {
      const row = await accessQueries.findLessonWithCourse(db, ref.itemId);
      if (!row) return null;
      return {
        itemType: 'lesson',
        communityId: row.community_id,
        title: row.title,
        course: {
          id: row.course_id,
          status: row.course_status,
          publish_at: row.course_publish_at,
          author_id: row.course_author_id,
          planIds: accessQueries.splitPlanIds(row.course_plan_ids),
        },
        lesson: row,
      };
    }
    case 'course': {
      const row = await accessQueries.findCourseWithViewerRow(db, ref.itemId, null);
      if (!row) return null;
      return {
        itemType: 'course',
        communityId: row.community_id,
        title: row.title,
        course: { ...row, planIds: accessQueries.splitPlanIds(row.course_plan_ids) },
      };
    }
    case 'post': {
      const row = await q.findPostFacts(db, ref.itemId);
      if (!row) return null;
      return { itemType: 'post', communityId: row.community_id, title: row.title, post: row };
    }
    case 'assignment_submission': {
      const row = await q.findSubmissionFacts(db, ref.itemId);
      if (!row) return null;
      return {
        itemType: 'assignment_submission',
        communityId: row.community_id,
        title: row.title,
        submitterId: row.user_id,
        assignmentId: row.assignment_id,
      };
    }
    case 'challenge':
    case 'assignment': {
      const row = await q.findActivityFacts(db, ref.itemType, ref.itemId);
      return row ? { itemType: ref.itemType, communityId: row.community_id, title: row.title } : null;
    }
    case 'paid_question': {
      const row = await q.findPaidQuestionFacts(db, ref.itemId);
      if (!row) return null;
      return {
        itemType: 'paid_question',
        communityId: row.community_id,
        title: plainText(row.body, 60),
        askerId: row.asker_id,
        ownerId: row.owner_id,
        open: row.state === 'answered' && row.public === 1,
      };
    }
    case 'event':
      // No events module yet: an event is member content of its community, without a title here.
      return { itemType: 'event', communityId, title: null };
  }
}

/** The viewer each user is in the item's community, as `AccessService.viewer` would make it. */
export async function viewersIn(
  db: Kysely<DB>,
  communityId: string,
  userIds: readonly string[],
  now: number,
): Promise<Viewer[]> {
  if (userIds.length === 0) return [];
  const rows = await q.listViewerRows(db, communityId, userIds);
  return rows.map((row) => ({
    userId: row.user_id,
    isOperator: row.user_role === 'operator',
    communityId,
    staffRole: (row.role as CommunityStaffRole | null) ?? null,
    membership:
      row.state && row.starts_at !== null
        ? {
            state: row.state as MembershipState,
            planId: row.plan_id,
            startsAt: row.starts_at,
            endsAt: row.ends_at,
          }
        : null,
    now,
  }));
}

/**
 * A course is news to those who may open its lessons: its outline is live for them and their
 * plan includes it (members whose plan leaves it out are not told about it as new content).
 */
const maySeeCourse = (v: Viewer, course: CourseFacts): boolean =>
  decideCourseOutline(v, course).allow &&
  (seesEverything(v) ||
    v.staffRole === 'contributor' ||
    (isActiveMember(v) &&
      (course.planIds.length === 0 ||
        (v.membership?.planId != null && course.planIds.includes(v.membership.planId)))));

/** The item's parent the web path needs (a submission's assignment). */
export const parentOf = (facts: ItemFacts | null): string | null =>
  facts?.itemType === 'assignment_submission' ? facts.assignmentId : null;

/** May this viewer see the item? `completed`: lessons the viewer finished (for prerequisites). */
export function maySee(v: Viewer, facts: ItemFacts, completed: ReadonlySet<string> = new Set()): boolean {
  switch (facts.itemType) {
    case 'lesson':
      return decideLesson(v, { course: facts.course, lesson: facts.lesson, completedLessonIds: completed })
        .allow;
    case 'course':
      return maySeeCourse(v, facts.course);
    case 'post':
      return decidePost(v, facts.post).allow;
    case 'assignment_submission':
      // A submission is its author's and the reviewers' (the community's team).
      return hasMemberAccess(v) && (v.userId === facts.submitterId || canAuthor(v));
    case 'paid_question':
      return (
        v.userId === facts.askerId ||
        v.userId === facts.ownerId ||
        v.isOperator ||
        (facts.open && hasMemberAccess(v))
      );
    case 'event':
    case 'challenge':
    case 'assignment':
      // Member content of the community (activities' member area).
      return hasMemberAccess(v);
  }
}

/** Which of `userIds` may see the item now; the rest are told nothing (or shown no title). */
export async function whoMaySee(
  db: Kysely<DB>,
  facts: ItemFacts,
  userIds: readonly string[],
  now: number,
): Promise<Set<string>> {
  const viewers = await viewersIn(db, facts.communityId, userIds, now);
  const prerequisite = facts.itemType === 'lesson' ? facts.lesson.prerequisite_lesson_id : null;
  const finished = prerequisite
    ? await q.listUsersWhoCompleted(db, prerequisite, userIds)
    : new Set<string>();
  const allowed = new Set<string>();
  for (const v of viewers) {
    if (!v.userId) continue;
    const completed = prerequisite && finished.has(v.userId) ? new Set([prerequisite]) : new Set<string>();
    if (maySee(v, facts, completed)) allowed.add(v.userId);
  }
  return allowed;
}

/** Rows → response objects, field by field, with what the viewer may do. */
import type { ChaptersTable, CoursesTable, LessonsTable } from '../../db/schema.js';
import type { Decision, Viewer } from '../access/access.rules.js';
import { isLive } from '../access/access.rules.js';
import type { LessonRow } from '../access/access.service.js';
import { canEditItem, canExtendCourse } from './content.policy.js';
import type { ReviewRow } from './content.queries.js';
import type { CourseDto, LessonDto, ReviewDto } from './content.schemas.js';

function parseTags(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

/** Those who may not see drafts see a due scheduled item as what it is for them: published. */
export function visibleStatus(
  viewer: Viewer,
  item: { status: LessonsTable['status']; publish_at: number | null; author_id: string },
): { status: LessonsTable['status']; publishAt: number | null } {
  if (canEditItem(viewer, item)) return { status: item.status, publishAt: item.publish_at };
  return isLive(item, viewer.now)
    ? { status: 'published', publishAt: null }
    : { status: item.status, publishAt: null };
}

export function presentCourse(
  course: CoursesTable,
  viewer: Viewer,
  extra: { planIds: readonly string[]; lessonCount: number },
): CourseDto {
  const { status, publishAt } = visibleStatus(viewer, course);
  return {
    id: course.id,
    communityId: course.community_id,
    title: course.title,
    summary: course.summary,
    level: course.level,
    tags: parseTags(course.tags),
    coverFileId: course.cover_file_id,
    status,
    publishAt,
    publishedAt: course.published_at ?? (status === 'published' ? course.publish_at : null),
    authorId: course.author_id,
    planIds: [...extra.planIds],
    lessonCount: extra.lessonCount,
    abilities: { canEdit: canEditItem(viewer, course), canAddContent: canExtendCourse(viewer, course) },
  };
}

export const presentChapter = (chapter: Pick<ChaptersTable, 'id' | 'course_id' | 'title'>) => ({
  id: chapter.id,
  courseId: chapter.course_id,
  title: chapter.title,
});

export type LockDto = {
  locked: boolean;
  reason?: 'join_required' | 'plan_required' | 'not_yet_available' | 'prerequisite_required';
  availableAt?: number;
};

/** A decision as the lock shown next to a lesson in an outline (404s are never shown at all). */
export function presentLock(decision: Decision): LockDto {
  if (decision.allow || decision.code === 'not_found') return { locked: false };
  return {
    locked: true,
    reason: decision.code,
    ...(decision.availableAt !== undefined ? { availableAt: decision.availableAt } : {}),
  };
}

/** A lesson answer but its rendered body, which `lessonJson` splices in from `LessonBodyCache`. */
export type LessonHead = Omit<LessonDto, 'bodyHtml'>;

/** A lesson answer: the head's fields with the body's JSON string literal, as UTF-8 bytes. */
export interface LessonRead {
  head: LessonHead;
  bodyHtmlJson: Buffer;
}

const BODY_HTML_KEY = '{"bodyHtml":';

/** The answer's JSON with the stored body bytes copied in as they are (no escaping, no encoding). */
export function lessonJson(read: LessonRead): Buffer {
  // The head always has fields (`id`, …): its JSON is `{…}`, whose `{` becomes `,` after the body.
  const head = JSON.stringify(read.head);
  const body = read.bodyHtmlJson;
  const out = Buffer.allocUnsafe(BODY_HTML_KEY.length + body.length + Buffer.byteLength(head, 'utf8'));
  let at = out.write(BODY_HTML_KEY, 0, 'latin1');
  at += body.copy(out, at);
  at += out.write(',', at, 'latin1');
  out.write(head.slice(1), at, 'utf8');
  return out;
}

/** The same answer as an object, for the answers to edits. */
export function lessonDto(read: LessonRead): LessonDto {
  return { ...read.head, bodyHtml: JSON.parse(read.bodyHtmlJson.toString('utf8')) as string };
}

export function presentLesson(
  lesson: LessonRow,
  viewer: Viewer,
  extra: {
    /** The markdown source, for editors only. */
    body: string | undefined;
    attachments: readonly { file_id: string; name: string }[];
    prevLessonId: string | null;
    nextLessonId: string | null;
    progress: { started_at: number; position_seconds: number; completed_at: number | null } | null;
  },
): LessonHead {
  const canEdit = canEditItem(viewer, lesson);
  const { status, publishAt } = visibleStatus(viewer, lesson);
  return {
    id: lesson.id,
    communityId: lesson.community_id,
    courseId: lesson.course_id,
    chapterId: lesson.chapter_id,
    title: lesson.title,
    ...(canEdit && extra.body !== undefined ? { body: extra.body } : {}),
    video:
      lesson.video_file_id || lesson.video_url
        ? { fileId: lesson.video_file_id, url: lesson.video_url }
        : null,
    estimatedMinutes: lesson.estimated_minutes,
    freePreview: lesson.free_preview === 1,
    status,
    publishAt,
    drip: {
      kind: lesson.drip_kind,
      ...(lesson.drip_at !== null ? { at: lesson.drip_at } : {}),
      ...(lesson.drip_days !== null ? { days: lesson.drip_days } : {}),
    },
    prerequisiteLessonId: lesson.prerequisite_lesson_id,
    attachments: extra.attachments.map((a) => ({ fileId: a.file_id, name: a.name })),
    prevLessonId: extra.prevLessonId,
    nextLessonId: extra.nextLessonId,
    progress: extra.progress
      ? {
          startedAt: extra.progress.started_at,
          positionSeconds: extra.progress.position_seconds,
          completed: extra.progress.completed_at !== null,
          completedAt: extra.progress.completed_at,
        }
      : null,
    abilities: { canEdit },
  };
}

export function presentReview(row: ReviewRow): ReviewDto {
  const requested = row.item_type === 'course' ? row.course_publish_at : row.lesson_publish_at;
  return {
    id: row.id,
    communityId: row.community_id,
    itemType: row.item_type,
    itemId: row.item_id,
    itemTitle: (row.item_type === 'course' ? row.course_title : row.lesson_title) ?? '',
    submittedBy: { id: row.submitted_by, displayName: row.submitter_name },
    requestedPublishAt: row.state === 'pending' ? (requested ?? null) : null,
    state: row.state,
    reason: row.reason,
    createdAt: row.created_at,
    decidedAt: row.decided_at,
  };
}

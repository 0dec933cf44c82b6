import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { notFound } from '../../platform/errors.js';
import { type ContentDeps, deny, requireUserId, visibleCourse } from './content.context.js';
import { canEditItem } from './content.policy.js';
import * as q from './content.queries.js';
import * as d from './deletion.queries.js';

/**
 * Deleting courses, chapters and lessons: whoever may edit the item (for a chapter, its course)
 * deletes it with everything under it, in one transaction with its audit entry. Uploaded files
 * stay; only their links go (blobs wait for garbage collection).
 */
export class DeletionService {
  constructor(private readonly deps: ContentDeps) {}

  /** The course, its chapters, lessons, plan links, attachments, progress and reviews. */
  async deleteCourse(actor: Actor, courseId: string): Promise<void> {
    const userId = requireUserId(actor);
    const { course, viewer } = await visibleCourse(this.deps, actor, courseId);
    deny(canEditItem(viewer, course), 'You may not delete this course.');
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (tx) => {
      const lessonIds = await d.lessonIdsOfCourse(tx, courseId);
      const progressRows = await d.countProgress(tx, lessonIds);
      await d.deleteReviewsOf(tx, 'course', [courseId]);
      await d.deleteReviewsOf(tx, 'lesson', lessonIds);
      await d.clearCoursePrerequisites(tx, courseId, now);
      if (!(await d.deleteCourse(tx, courseId))) throw notFound('course');
      await this.audit(tx, actor, userId, 'course', courseId, now, {
        title: course.title,
        communityId: course.community_id,
        lessons: lessonIds.length,
        progressRows,
      });
    });
  }

  /** The chapter and its lessons (with their attachments, progress and reviews). */
  async deleteChapter(actor: Actor, chapterId: string): Promise<void> {
    const userId = requireUserId(actor);
    const chapter = await q.findChapter(this.deps.db, chapterId);
    if (!chapter) throw notFound('chapter');
    const { course, viewer } = await visibleCourse(this.deps, actor, chapter.course_id);
    deny(canEditItem(viewer, course), 'You may not delete chapters of this course.');
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (tx) => {
      const lessonIds = await d.lessonIdsOfChapter(tx, chapterId);
      const progressRows = await d.countProgress(tx, lessonIds);
      await d.deleteReviewsOf(tx, 'lesson', lessonIds);
      await d.clearLessonPrerequisites(tx, lessonIds, now);
      if (!(await d.deleteChapter(tx, chapterId))) throw notFound('chapter');
      await this.audit(tx, actor, userId, 'chapter', chapterId, now, {
        title: chapter.title,
        courseId: course.id,
        communityId: course.community_id,
        lessons: lessonIds.length,
        progressRows,
      });
    });
  }

  /** The lesson with its attachments, progress and reviews. */
  async deleteLesson(actor: Actor, lessonId: string): Promise<void> {
    const userId = requireUserId(actor);
    const { viewer, decision, lesson } = await this.deps.access.lessonAccess(actor, lessonId);
    if (!decision.allow && decision.status === 404) throw notFound('lesson');
    deny(canEditItem(viewer, lesson), 'You may not delete this lesson.');
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (tx) => {
      const progressRows = await d.countProgress(tx, [lessonId]);
      await d.deleteReviewsOf(tx, 'lesson', [lessonId]);
      await d.clearLessonPrerequisites(tx, [lessonId], now);
      if (!(await d.deleteLesson(tx, lessonId))) throw notFound('lesson');
      await this.audit(tx, actor, userId, 'lesson', lessonId, now, {
        title: lesson.title,
        courseId: lesson.course_id,
        chapterId: lesson.chapter_id,
        communityId: lesson.community_id,
        progressRows,
      });
    });
  }

  private audit(
    tx: Kysely<DB>,
    actor: Actor,
    userId: string,
    subjectType: 'course' | 'chapter' | 'lesson',
    subjectId: string,
    now: number,
    data: Record<string, unknown>,
  ): Promise<void> {
    return recordAudit(
      tx,
      {
        actorId: userId,
        action: `content.${subjectType}.delete`,
        subjectType,
        subjectId,
        data,
        ip: actor.ip,
      },
      now,
    );
  }
}

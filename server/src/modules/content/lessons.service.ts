import { isUniqueViolation } from '../../db/dialect.js';
import type { Actor } from '../../platform/actor.js';
import { badRequest, conflict, invalidField, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { renderMarkdown } from '../../platform/markdown.js';
import { type CourseFacts, lessonRules, type Viewer } from '../access/access.rules.js';
import type { LessonAccess, LessonRow } from '../access/access.service.js';
import { lessonSearchDocument, reindexLesson } from '../search/search.documents.js';
import {
  assertFile,
  type ContentDeps,
  deny,
  dripColumns,
  moveError,
  requireUserId,
  visibleCourse,
} from './content.context.js';
import { canEditItem, canExtendCourse } from './content.policy.js';
import { type LessonRead, lessonDto, presentLesson } from './content.presenter.js';
import { afterStatusWrite, planStatus } from './content.publishing.js';
import * as q from './content.queries.js';
import {
  ContentErrors,
  type CreateLessonInput,
  type LessonDto,
  type UpdateLessonInput,
} from './content.schemas.js';
import { NO_ATTACHMENTS } from './course-structure.js';
import { keyBetween, keyForMove } from './ordering.js';

/** Lessons: write (authors), read (through the access service), attachments. */
export class LessonsService {
  constructor(private readonly deps: ContentDeps) {}

  async createLesson(actor: Actor, chapterId: string, input: CreateLessonInput): Promise<LessonDto> {
    const userId = requireUserId(actor);
    const { db, clock, outbox } = this.deps;
    const chapter = await q.findChapter(db, chapterId);
    if (!chapter) throw notFound('chapter');
    const { course, viewer } = await visibleCourse(this.deps, actor, chapter.course_id);
    deny(canExtendCourse(viewer, course), 'You may not add lessons to this course.');
    const now = clock.now();
    const planned = planStatus(viewer, input.status ?? 'draft', input.publishAt, now);
    const drip = dripColumns(input.drip ?? { kind: 'none' });
    if (input.videoFileId) await assertFile(this.deps, 'videoFileId', input.videoFileId, course.community_id);
    if (input.prerequisiteLessonId)
      await this.assertPrerequisite(course.id, null, input.prerequisiteLessonId);
    const id = newId();
    await db.transaction().execute(async (tx) => {
      const last = (await q.listChapterLessonKeys(tx, chapterId)).at(-1)?.position ?? null;
      await q.insertLesson(tx, {
        id,
        community_id: course.community_id,
        course_id: course.id,
        chapter_id: chapterId,
        title: input.title,
        body: input.body,
        body_html: renderMarkdown(input.body),
        video_file_id: input.videoFileId ?? null,
        video_url: input.videoUrl ?? null,
        estimated_minutes: input.estimatedMinutes ?? null,
        free_preview: input.freePreview ? 1 : 0,
        published_at: null,
        ...planned.columns,
        ...drip,
        prerequisite_lesson_id: input.prerequisiteLessonId ?? null,
        position: keyBetween(last, null),
        author_id: userId,
        created_at: now,
        updated_at: now,
      });
      await this.deps.search.index(
        tx,
        lessonSearchDocument({
          id,
          community_id: course.community_id,
          course_id: course.id,
          title: input.title,
          body: input.body,
          author_id: userId,
          created_at: now,
        }),
      );
      await afterStatusWrite(
        tx,
        outbox,
        { itemType: 'lesson', id, communityId: course.community_id },
        planned,
        viewer,
        now,
      );
    });
    outbox.wake();
    return lessonDto(await this.present(id, viewer));
  }

  /** A lesson the viewer may open: the access service decides (404 or 403 with the reason). */
  async getLesson(actor: Actor, lessonId: string): Promise<LessonRead> {
    const access = await this.deps.access.lessonAccess(actor, lessonId);
    await this.deps.access.enforce(access.viewer, access.decision, 'lesson');
    return this.present(access.lesson, access.viewer, access);
  }

  async updateLesson(actor: Actor, lessonId: string, input: UpdateLessonInput): Promise<LessonDto> {
    requireUserId(actor);
    const { db, clock, outbox } = this.deps;
    const { viewer, lesson } = await this.editable(actor, lessonId);
    const now = clock.now();
    if (input.status === undefined && input.publishAt !== undefined)
      throw badRequest('validation_failed', 'publishAt goes with status', [
        { path: 'publishAt', code: 'status_required', message: 'is only accepted with status' },
      ]);
    const planned =
      input.status === undefined ? null : planStatus(viewer, input.status, input.publishAt, now);
    const drip = input.drip ? dripColumns(input.drip) : {};
    if (input.videoFileId) await assertFile(this.deps, 'videoFileId', input.videoFileId, lesson.community_id);
    if (input.prerequisiteLessonId)
      await this.assertPrerequisite(lesson.course_id, lesson.id, input.prerequisiteLessonId);
    await db.transaction().execute(async (tx) => {
      const placement = input.move ? await this.placement(tx, lesson, input.move) : {};
      await q.updateLesson(tx, lessonId, {
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.body !== undefined ? { body: input.body, body_html: renderMarkdown(input.body) } : {}),
        ...(input.freePreview !== undefined ? { free_preview: input.freePreview ? 1 : 0 } : {}),
        ...(input.estimatedMinutes !== undefined ? { estimated_minutes: input.estimatedMinutes } : {}),
        ...(input.videoFileId !== undefined ? { video_file_id: input.videoFileId } : {}),
        ...(input.videoUrl !== undefined ? { video_url: input.videoUrl } : {}),
        ...(input.prerequisiteLessonId !== undefined
          ? { prerequisite_lesson_id: input.prerequisiteLessonId }
          : {}),
        ...drip,
        ...placement,
        ...(planned ? planned.columns : {}),
        updated_at: now,
      });
      if (input.title !== undefined || input.body !== undefined)
        await reindexLesson(tx, this.deps.search, lessonId);
      if (planned)
        await afterStatusWrite(
          tx,
          outbox,
          { itemType: 'lesson', id: lessonId, communityId: lesson.community_id },
          planned,
          viewer,
          now,
        );
    });
    outbox.wake();
    return lessonDto(await this.present(lessonId, viewer));
  }

  async addAttachment(actor: Actor, lessonId: string, input: { fileId: string; name: string }) {
    requireUserId(actor);
    const { lesson } = await this.editable(actor, lessonId);
    await assertFile(this.deps, 'fileId', input.fileId, lesson.community_id);
    try {
      await this.deps.db.transaction().execute(async (tx) => {
        const last = (await q.listAttachments(tx, lessonId)).at(-1)?.position ?? null;
        await q.insertAttachment(tx, {
          lesson_id: lessonId,
          file_id: input.fileId,
          name: input.name,
          position: keyBetween(last, null),
        });
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw conflict(ContentErrors.attachmentExists, 'This file is already attached to the lesson.');
      throw error;
    }
    return this.attachments(lessonId);
  }

  async removeAttachment(actor: Actor, lessonId: string, fileId: string): Promise<void> {
    requireUserId(actor);
    await this.editable(actor, lessonId);
    if (!(await q.deleteAttachment(this.deps.db, lessonId, fileId))) throw notFound('attachment');
  }

  private async attachments(lessonId: string) {
    const rows = await q.listAttachments(this.deps.db, lessonId);
    return { attachments: rows.map((a) => ({ fileId: a.file_id, name: a.name })) };
  }

  /** A lesson the actor may edit: 404 when they may not know it, 403 when they may not change it. */
  private async editable(actor: Actor, lessonId: string): Promise<{ viewer: Viewer; lesson: LessonRow }> {
    const { viewer, decision, lesson } = await this.deps.access.lessonAccess(actor, lessonId);
    if (!decision.allow && decision.status === 404) throw notFound('lesson');
    deny(canEditItem(viewer, lesson), 'You may not edit this lesson.');
    return { viewer, lesson };
  }

  private async assertPrerequisite(courseId: string, selfId: string | null, prerequisiteId: string) {
    const other = await q.findLesson(this.deps.db, prerequisiteId);
    if (!other || other.course_id !== courseId || other.id === selfId)
      throw invalidField(
        'prerequisiteLessonId',
        'unknown_lesson',
        'prerequisiteLessonId must be another lesson of this course',
      );
  }

  /** The new chapter and key of a moved lesson; only its own row changes. */
  private async placement(
    tx: ContentDeps['db'],
    lesson: LessonRow,
    move: NonNullable<UpdateLessonInput['move']>,
  ): Promise<{ chapter_id?: string; position: string }> {
    const chapterId = move.chapterId ?? lesson.chapter_id;
    if (chapterId !== lesson.chapter_id) {
      const target = await q.findChapter(tx, chapterId);
      if (!target || target.course_id !== lesson.course_id)
        throw moveError('move.chapterId', 'is not a chapter of this course');
    }
    const siblings = (await q.listChapterLessonKeys(tx, chapterId)).filter((l) => l.id !== lesson.id);
    const moved = keyForMove(siblings, move);
    if ('field' in moved) throw moveError(`move.${moved.field}`, moved.message);
    return { ...(chapterId !== lesson.chapter_id ? { chapter_id: chapterId } : {}), position: moved.key };
  }

  private async courseOf(courseId: string): Promise<{ facts: CourseFacts; version: number }> {
    const course = await q.findCourse(this.deps.db, courseId);
    if (!course) throw notFound('lesson');
    return { facts: { ...course, planIds: [] }, version: course.structure_version };
  }

  /**
   * The lesson with its attachments, neighbours the viewer may know of, and their progress.
   * `known` passes on what the access check already read (the course's facts, the progress).
   */
  private async present(
    lessonOrId: LessonRow | string,
    viewer: Viewer,
    known?: Pick<LessonAccess, 'course' | 'progress' | 'structureVersion'>,
  ): Promise<LessonRead> {
    const { db, structure, bodies } = this.deps;
    const lesson = typeof lessonOrId === 'string' ? await q.findLesson(db, lessonOrId) : lessonOrId;
    if (!lesson) throw notFound('lesson');
    const lessonId = lesson.id;
    const [course, progress, bodyHtmlJson] = await Promise.all([
      known ? { facts: known.course, version: known.structureVersion } : this.courseOf(lesson.course_id),
      known
        ? known.progress
        : viewer.userId
          ? q.findProgress(db, viewer.userId, lessonId)
          : Promise.resolve(undefined),
      bodies.json(lessonId, lesson.body_revision),
    ]);
    const { lessons, attachments } = await structure.get(lesson.course_id, course.version);
    const courseFacts = course.facts;
    const noneCompleted = new Set<string>();
    // Only `exists` matters for neighbours: a locked lesson is still one to go to.
    const knowable = (l: q.OutlineLessonRow) =>
      l.id === lessonId ||
      lessonRules.exists?.(viewer, { course: courseFacts, lesson: l, completedLessonIds: noneCompleted }) ===
        null;
    const at = lessons.findIndex((l) => l.id === lessonId);
    const neighbour = (step: -1 | 1): string | null => {
      for (let i = at + step; at >= 0 && i >= 0 && i < lessons.length; i += step) {
        const candidate = lessons[i];
        if (candidate && knowable(candidate)) return candidate.id;
      }
      return null;
    };
    const prevLessonId = neighbour(-1);
    const nextLessonId = neighbour(1);
    // Editors get the markdown source, which the read path leaves out.
    const body = !canEditItem(viewer, lesson)
      ? undefined
      : 'body' in lesson && typeof lesson.body === 'string'
        ? lesson.body
        : await q.findLessonBody(db, lessonId);
    const head = presentLesson(lesson, viewer, {
      body,
      attachments: attachments.get(lessonId) ?? NO_ATTACHMENTS,
      prevLessonId,
      nextLessonId,
      progress: progress ?? null,
    });
    return { head, bodyHtmlJson };
  }
}

import type { Actor } from '../../platform/actor.js';
import { badRequest, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { decideLesson, isLive, seesEverything, type Viewer } from '../access/access.rules.js';
import {
  assertFile,
  assertPlans,
  type ContentDeps,
  deny,
  moveError,
  requireUserId,
  visibleCourse,
} from './content.context.js';
import { canCreateCourse, canEditItem, canExtendCourse } from './content.policy.js';
import { presentChapter, presentCourse, presentLock, visibleStatus } from './content.presenter.js';
import { afterStatusWrite, planStatus } from './content.publishing.js';
import * as q from './content.queries.js';
import type {
  CourseDto,
  CoursePageQuery,
  CreateChapterInput,
  CreateCourseInput,
  UpdateChapterInput,
  UpdateCourseInput,
} from './content.schemas.js';
import { keyBetween, keyForMove } from './ordering.js';
import { coursePercentage, percentageOf, resumeLesson } from './progress.rules.js';

const encodeCursor = (c: { position: string; id: string }) =>
  Buffer.from(JSON.stringify([c.position, c.id]), 'utf8').toString('base64url');

function decodeCursor(cursor: string | undefined): { position: string; id: string } | null {
  if (!cursor) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'string')
      return { position: value[0], id: value[1] };
  } catch {
    // fall through
  }
  throw badRequest('validation_failed', 'cursor is invalid', [
    { path: 'cursor', message: 'is invalid', code: 'cursor' },
  ]);
}

/** Courses and their chapters: create, list, outline, edit, reorder. */
export class CoursesService {
  constructor(private readonly deps: ContentDeps) {}

  async createCourse(actor: Actor, communityId: string, input: CreateCourseInput): Promise<CourseDto> {
    const userId = requireUserId(actor);
    const { db, access, clock, outbox } = this.deps;
    const viewer = await access.viewer(actor, communityId);
    deny(canCreateCourse(viewer), 'Only the community team may create courses.');
    const now = clock.now();
    const planned = planStatus(viewer, input.status ?? 'draft', input.publishAt, now);
    const planIds = input.planIds ?? [];
    await assertPlans(this.deps, communityId, planIds);
    if (input.coverFileId) await assertFile(this.deps, 'coverFileId', input.coverFileId, communityId);
    const id = newId();
    await db.transaction().execute(async (tx) => {
      const last = await q.lastCoursePosition(tx, communityId);
      await q.insertCourse(tx, {
        id,
        community_id: communityId,
        title: input.title,
        summary: input.summary,
        cover_file_id: input.coverFileId ?? null,
        tags: JSON.stringify(input.tags ?? []),
        level: input.level ?? 'novice',
        published_at: null,
        ...planned.columns,
        position: keyBetween(last, null),
        author_id: userId,
        prerequisite_course_id: null,
        structure_version: 0,
        created_at: now,
        updated_at: now,
      });
      await q.replaceCoursePlans(tx, id, planIds);
      await afterStatusWrite(tx, outbox, { itemType: 'course', id, communityId }, planned, viewer, now);
    });
    outbox.wake();
    return this.present(id, viewer);
  }

  /** One page of a community's courses in order; the scope is applied in SQL. */
  async listCourses(actor: Actor, communityId: string, page: CoursePageQuery) {
    const viewer = await this.deps.access.viewer(actor, communityId);
    const limit = page.limit ?? 20;
    const scope: q.CourseScope = seesEverything(viewer)
      ? { kind: 'all' }
      : {
          kind: 'live',
          now: viewer.now,
          authorId: viewer.staffRole === 'contributor' ? viewer.userId : null,
        };
    const rows = await q.listCourses(this.deps.db, communityId, scope, decodeCursor(page.cursor), limit + 1);
    const items = rows.slice(0, limit);
    const ids = items.map((c) => c.id);
    const [plans, counts, completed] = await Promise.all([
      q.coursePlanIds(this.deps.db, ids),
      q.countLiveLessons(this.deps.db, ids, viewer.now),
      viewer.userId ? q.countCompletedLiveLessons(this.deps.db, viewer.userId, ids, viewer.now) : null,
    ]);
    const last = items.at(-1);
    return {
      items: items.map((c) => {
        const totalLessons = counts.get(c.id) ?? 0;
        const completedLessons = Math.min(completed?.get(c.id) ?? 0, totalLessons);
        return {
          ...presentCourse(c, viewer, { planIds: plans.get(c.id) ?? [], lessonCount: totalLessons }),
          progress: completed
            ? { completedLessons, totalLessons, percentage: percentageOf(completedLessons, totalLessons) }
            : null,
        };
      }),
      nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
    };
  }

  /**
   * The outline: chapters and lessons with the viewer's lock on each (decided in bulk over one
   * query's rows), and the viewer's progress. Lessons the viewer may not know of are left out.
   */
  async getOutline(actor: Actor, courseId: string) {
    const { db, structure } = this.deps;
    // The progress read starts with the access check; it is dropped unread when that denies.
    const [{ course, viewer, planIds }, progressRows] = await Promise.all([
      visibleCourse(this.deps, actor, courseId),
      actor.kind === 'user' ? q.listCourseProgress(db, actor.user.id, courseId) : [],
    ]);
    const { chapters, lessons } = await structure.get(courseId, course.structure_version);
    const completed = new Set(progressRows.filter((r) => r.completed_at !== null).map((r) => r.lesson_id));
    const courseFacts = { ...course, planIds };
    const visible = lessons.flatMap((lesson) => {
      const decision = decideLesson(viewer, { course: courseFacts, lesson, completedLessonIds: completed });
      return !decision.allow && decision.status === 404 ? [] : [{ lesson, lock: presentLock(decision) }];
    });
    const byChapter = new Map(chapters.map((ch) => [ch.id, [] as typeof visible]));
    for (const entry of visible) byChapter.get(entry.lesson.chapter_id)?.push(entry);
    const progressLessons = visible.map(({ lesson, lock }) => ({
      id: lesson.id,
      status: lesson.status,
      publish_at: lesson.publish_at,
      author_id: lesson.author_id,
      locked: lock.locked,
    }));
    return {
      course: presentCourse(course, viewer, {
        planIds,
        lessonCount: lessons.filter((l) => isLive(l, viewer.now)).length,
      }),
      chapters: chapters.map((ch) => ({
        id: ch.id,
        title: ch.title,
        lessons: (byChapter.get(ch.id) ?? []).map(({ lesson, lock }) => ({
          id: lesson.id,
          title: lesson.title,
          freePreview: lesson.free_preview === 1,
          estimatedMinutes: lesson.estimated_minutes,
          status: visibleStatus(viewer, lesson).status,
          completed: completed.has(lesson.id),
          lock,
        })),
      })),
      progress: {
        completedLessonIds: visible.map((v) => v.lesson.id).filter((id) => completed.has(id)),
        percentage: coursePercentage(lessons, completed, viewer.now),
        resumeLessonId: resumeLesson(progressLessons, progressRows, viewer.now),
      },
    };
  }

  async updateCourse(actor: Actor, courseId: string, input: UpdateCourseInput): Promise<CourseDto> {
    requireUserId(actor);
    const { db, clock, outbox } = this.deps;
    const { course, viewer } = await visibleCourse(this.deps, actor, courseId);
    deny(canEditItem(viewer, course), 'You may not edit this course.');
    const now = clock.now();
    if (input.status === undefined && input.publishAt !== undefined)
      throw badRequest('validation_failed', 'publishAt goes with status', [
        { path: 'publishAt', code: 'status_required', message: 'is only accepted with status' },
      ]);
    const planned =
      input.status === undefined ? null : planStatus(viewer, input.status, input.publishAt, now);
    if (input.planIds) await assertPlans(this.deps, course.community_id, input.planIds);
    if (input.coverFileId) await assertFile(this.deps, 'coverFileId', input.coverFileId, course.community_id);
    await db.transaction().execute(async (tx) => {
      let position: string | undefined;
      if (input.move) {
        const siblings = (await q.listCourses(tx, course.community_id, { kind: 'all' }, null, 10_000)).filter(
          (c) => c.id !== courseId,
        );
        const moved = keyForMove(siblings, input.move);
        if ('field' in moved) throw moveError(`move.${moved.field}`, moved.message);
        position = moved.key;
      }
      await q.updateCourse(tx, courseId, {
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.summary !== undefined ? { summary: input.summary } : {}),
        ...(input.level !== undefined ? { level: input.level } : {}),
        ...(input.tags !== undefined ? { tags: JSON.stringify(input.tags) } : {}),
        ...(input.coverFileId !== undefined ? { cover_file_id: input.coverFileId } : {}),
        ...(position !== undefined ? { position } : {}),
        ...(planned ? planned.columns : {}),
        updated_at: now,
      });
      if (input.planIds) await q.replaceCoursePlans(tx, courseId, input.planIds);
      if (planned)
        await afterStatusWrite(
          tx,
          outbox,
          { itemType: 'course', id: courseId, communityId: course.community_id },
          planned,
          viewer,
          now,
        );
    });
    outbox.wake();
    return this.present(courseId, viewer);
  }

  async createChapter(actor: Actor, courseId: string, input: CreateChapterInput) {
    requireUserId(actor);
    const { course, viewer } = await visibleCourse(this.deps, actor, courseId);
    deny(canExtendCourse(viewer, course), 'You may not change this course.');
    const now = this.deps.clock.now();
    const id = newId();
    await this.deps.db.transaction().execute(async (tx) => {
      const last = (await q.listChapters(tx, courseId)).at(-1)?.position ?? null;
      await q.insertChapter(tx, {
        id,
        course_id: courseId,
        title: input.title,
        position: keyBetween(last, null),
        created_at: now,
      });
    });
    return presentChapter({ id, course_id: courseId, title: input.title });
  }

  async updateChapter(actor: Actor, chapterId: string, input: UpdateChapterInput) {
    requireUserId(actor);
    const chapter = await q.findChapter(this.deps.db, chapterId);
    if (!chapter) throw notFound('chapter');
    const { course, viewer } = await visibleCourse(this.deps, actor, chapter.course_id);
    deny(canExtendCourse(viewer, course), 'You may not change this course.');
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (tx) => {
      let position: string | undefined;
      if (input.move) {
        const siblings = (await q.listChapters(tx, chapter.course_id)).filter((c) => c.id !== chapterId);
        const moved = keyForMove(siblings, input.move);
        if ('field' in moved) throw moveError(`move.${moved.field}`, moved.message);
        position = moved.key;
      }
      await q.updateChapter(tx, chapterId, {
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(position !== undefined ? { position } : {}),
        updated_at: now,
      });
    });
    return presentChapter({ ...chapter, title: input.title ?? chapter.title });
  }

  private async present(courseId: string, viewer: Viewer): Promise<CourseDto> {
    const { db } = this.deps;
    const course = await q.findCourse(db, courseId);
    if (!course) throw notFound('course');
    const [plans, counts] = await Promise.all([
      q.coursePlanIds(db, [courseId]),
      q.countLiveLessons(db, [courseId], viewer.now),
    ]);
    return presentCourse(course, viewer, {
      planIds: plans.get(courseId) ?? [],
      lessonCount: counts.get(courseId) ?? 0,
    });
  }
}

import type { Actor } from '../../platform/actor.js';
import type { ContentDeps } from './content.context.js';
import { requireUserId } from './content.context.js';
import * as q from './content.queries.js';
import type { ProgressInput } from './content.schemas.js';
import { coursePercentage } from './progress.rules.js';

/** A member's progress through lessons: recorded only where they may open the lesson. */
export class ProgressService {
  constructor(private readonly deps: ContentDeps) {}

  async recordProgress(actor: Actor, lessonId: string, input: ProgressInput) {
    const userId = requireUserId(actor);
    const { lesson } = await this.deps.access.requireLesson(actor, lessonId);
    const { db, clock } = this.deps;
    const now = clock.now();
    await db.transaction().execute(async (tx) => {
      await q.upsertProgress(tx, {
        user_id: userId,
        lesson_id: lessonId,
        course_id: lesson.course_id,
        position_seconds: input.positionSeconds,
        completed_at: input.completed ? now : null,
        now,
      });
    });
    const [row, lessons, rows] = await Promise.all([
      q.findProgress(db, userId, lessonId),
      q.listCourseLessons(db, lesson.course_id),
      q.listCourseProgress(db, userId, lesson.course_id),
    ]);
    const completed = new Set(rows.filter((r) => r.completed_at !== null).map((r) => r.lesson_id));
    return {
      lessonId,
      positionSeconds: row?.position_seconds ?? 0,
      completed: row?.completed_at != null,
      completedAt: row?.completed_at ?? null,
      coursePercentage: coursePercentage(lessons, completed, now),
    };
  }
}

/**
 * A course's structure — chapters, lessons' outline columns in reading order, attachments — kept
 * in memory under the course's `structure_version`. Database triggers bump that number on every
 * change to those rows (migration 0003), and every read already has it from the query that checks
 * access, so a structure changed by any process is reloaded on the next read anywhere; the outline
 * and the lesson read need one query of their own instead of four.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import * as q from './content.queries.js';

export interface CourseStructure {
  readonly chapters: readonly q.ChapterRow[];
  /** Every lesson of the course (whatever its status), in reading order. */
  readonly lessons: readonly q.OutlineLessonRow[];
  /** Attachments by lesson id, in order; lessons without any are absent. */
  readonly attachments: ReadonlyMap<string, readonly q.AttachmentRow[]>;
}

interface Entry {
  version: number;
  structure: Promise<CourseStructure>;
}

export const NO_ATTACHMENTS: readonly q.AttachmentRow[] = Object.freeze([]);

export class CourseStructureCache {
  /** Insertion-ordered: the first key is the least recently loaded, evicted first. */
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly capacity = 2_000,
  ) {}

  /**
   * The structure at `version` or later. A load labels what it read with the version the caller
   * saw before it, which is never newer than what it read, so a stale entry is never kept past a
   * change. Concurrent misses share one load. The rows are shared: callers must not change them.
   */
  get(courseId: string, version: number): Promise<CourseStructure> {
    const entry = this.entries.get(courseId);
    if (entry && entry.version >= version) return entry.structure;
    const structure = this.load(courseId);
    const fresh: Entry = { version, structure };
    this.entries.delete(courseId);
    this.entries.set(courseId, fresh);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    structure.catch(() => {
      if (this.entries.get(courseId) === fresh) this.entries.delete(courseId);
    });
    return structure;
  }

  get size(): number {
    return this.entries.size;
  }

  private async load(courseId: string): Promise<CourseStructure> {
    const [chapters, lessons, attachmentRows] = await Promise.all([
      q.listChapters(this.db, courseId),
      q.listCourseLessons(this.db, courseId),
      q.listCourseAttachments(this.db, courseId),
    ]);
    const attachments = new Map<string, q.AttachmentRow[]>();
    for (const row of attachmentRows) {
      const list = attachments.get(row.lesson_id);
      if (list) list.push(row);
      else attachments.set(row.lesson_id, [row]);
    }
    return { chapters, lessons: q.inReadingOrder(chapters, lessons), attachments };
  }
}

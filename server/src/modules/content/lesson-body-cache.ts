/**
 * Lessons' rendered bodies, kept in memory as the UTF-8 bytes of their JSON string literal under
 * `lessons.body_revision` (bumped by a trigger whenever `body_html` changes, migration 0007).
 * Every lesson read already has the revision from the query that checks access, so that query
 * leaves the body out, and a hit sends the stored bytes as they are: no copy out of the database,
 * no JSON escaping, no re-encoding. An edit made by any process is seen on the next read anywhere.
 * Bounded by bytes, least recently used out.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { notFound } from '../../platform/errors.js';
import { findLessonBodyHtml } from './content.queries.js';

interface Entry {
  revision: number;
  json: Promise<Buffer>;
  bytes: number;
}

export class LessonBodyCache {
  /** Insertion-ordered: a hit moves its entry to the end, so the first key is the coldest. */
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly capacityBytes = 128 * 1024 * 1024,
  ) {}

  /**
   * `JSON.stringify(body_html)` as UTF-8, at `revision` or later. A load labels what it read with
   * the revision the caller saw, which is never newer than what it read, so a stale body is never
   * kept past an edit. Concurrent misses share one load.
   */
  json(lessonId: string, revision: number): Promise<Buffer> {
    const entry = this.entries.get(lessonId);
    if (entry && entry.revision >= revision) {
      this.entries.delete(lessonId);
      this.entries.set(lessonId, entry);
      return entry.json;
    }
    if (entry) this.forget(lessonId, entry);
    const fresh: Entry = { revision, json: this.load(lessonId), bytes: 0 };
    this.entries.set(lessonId, fresh);
    fresh.json.then(
      (json) => {
        if (this.entries.get(lessonId) !== fresh) return;
        fresh.bytes = json.length;
        this.bytes += json.length;
        this.evict();
      },
      () => {
        if (this.entries.get(lessonId) === fresh) this.entries.delete(lessonId);
      },
    );
    return fresh.json;
  }

  /** The body as HTML, for the answers to edits (not the hot path). */
  async html(lessonId: string, revision: number): Promise<string> {
    return JSON.parse((await this.json(lessonId, revision)).toString('utf8')) as string;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private async load(lessonId: string): Promise<Buffer> {
    const html = await findLessonBodyHtml(this.db, lessonId);
    if (html === undefined) throw notFound('lesson');
    return Buffer.from(JSON.stringify(html), 'utf8');
  }

  private forget(lessonId: string, entry: Entry): void {
    this.entries.delete(lessonId);
    this.bytes -= entry.bytes;
  }

  private evict(): void {
    for (const [lessonId, entry] of this.entries) {
      if (this.bytes <= this.capacityBytes) return;
      // A body larger than the whole cache is not kept (it would evict everything else).
      this.forget(lessonId, entry);
    }
  }
}

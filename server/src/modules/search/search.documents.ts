/**
 * What search indexes of lessons, and the job that brings the index up to date: lessons written
 * before search existed, and documents segmented by an older tokenizer (re-segmented from the
 * text the index keeps, so no module needs to be asked again).
 */
import type { Kysely } from 'kysely';
import type { DB, LessonsTable } from '../../db/schema.js';
import { findStaleDocuments } from '../../db/search-index.js';
import { markdownToPlainText } from '../../platform/search/plain-text.js';
import type { SearchDocument, SearchIndexer } from '../../platform/search/search-document.js';
import { TOKENIZER_VERSION } from '../../platform/search/tokenizer.js';

type LessonColumns = Pick<
  LessonsTable,
  'id' | 'community_id' | 'course_id' | 'title' | 'body' | 'author_id' | 'created_at'
>;

export function lessonSearchDocument(lesson: LessonColumns): SearchDocument {
  return {
    kind: 'lesson',
    id: lesson.id,
    communityId: lesson.community_id,
    parentId: lesson.course_id,
    title: lesson.title,
    text: markdownToPlainText(lesson.body),
    authorId: lesson.author_id,
    createdAt: lesson.created_at,
  };
}

const LESSON_COLUMNS = [
  'id',
  'community_id',
  'course_id',
  'title',
  'body',
  'author_id',
  'created_at',
] as const;

/** Re-indexes one lesson from its row (after an edit), inside the writer's transaction. */
export async function reindexLesson(tx: Kysely<DB>, indexer: SearchIndexer, lessonId: string): Promise<void> {
  const lesson = await tx
    .selectFrom('lessons')
    .select(LESSON_COLUMNS)
    .where('id', '=', lessonId)
    .executeTakeFirst();
  if (lesson) await indexer.index(tx, lessonSearchDocument(lesson));
  else await indexer.remove(tx, 'lesson', lessonId);
}

const BATCH = 200;

/**
 * Indexes lessons that have no document yet and re-segments documents of an older tokenizer, in
 * batches of one transaction each; safe to run again or in two processes at once (writes are
 * upserts). Returns how many documents it wrote.
 */
export async function backfillSearchIndex(db: Kysely<DB>, indexer: SearchIndexer): Promise<number> {
  let written = 0;
  for (;;) {
    const lessons = await db
      .selectFrom('lessons as l')
      .select(LESSON_COLUMNS.map((c) => `l.${c}` as const))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('search_documents as d')
              .select('d.id')
              .where('d.kind', '=', 'lesson')
              .whereRef('d.id', '=', 'l.id'),
          ),
        ),
      )
      .limit(BATCH)
      .execute();
    if (lessons.length === 0) break;
    await db.transaction().execute(async (tx) => {
      for (const lesson of lessons) await indexer.index(tx, lessonSearchDocument(lesson));
    });
    written += lessons.length;
  }
  for (;;) {
    const stale = await findStaleDocuments(db, TOKENIZER_VERSION, BATCH);
    if (stale.length === 0) break;
    await db.transaction().execute(async (tx) => {
      for (const d of stale)
        await indexer.index(tx, {
          kind: d.kind,
          id: d.id,
          communityId: d.community_id,
          parentId: d.parent_id,
          title: d.title,
          text: d.body,
          authorId: d.author_id,
          createdAt: d.created_at,
        });
    });
    written += stale.length;
  }
  return written;
}

const DONE_KEY = 'search.backfill';

/**
 * `backfillSearchIndex` once per tokenizer version: the job runs at start and then finds the
 * marker (writers index their own items from then on).
 */
export async function backfillSearchIndexOnce(
  db: Kysely<DB>,
  indexer: SearchIndexer,
  now: number,
): Promise<number> {
  const marker = await db
    .selectFrom('site_settings')
    .select('value')
    .where('key', '=', DONE_KEY)
    .executeTakeFirst();
  if (marker && (JSON.parse(marker.value) as { version?: number }).version === TOKENIZER_VERSION) return 0;
  const written = await backfillSearchIndex(db, indexer);
  const value = JSON.stringify({ version: TOKENIZER_VERSION, written });
  await db
    .insertInto('site_settings')
    .values({ key: DONE_KEY, value, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
    .execute();
  return written;
}

import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect.js';

/**
 * The facts search's access rule reads about a post or comment document, kept on the document so
 * a candidate is checked without reading its post and comment rows:
 * - `post_state`, `post_author_id`: the post's state and author (a comment's: its post's);
 * - `comment_state`: a comment document's own state.
 * They are a copy of the live rows, kept by triggers on every write to `posts`, `post_comments`
 * and `search_documents` (insert, state or author change, delete: null, as a missing row reads),
 * in the writing transaction, whichever code path writes. Lessons have none (their rule reads
 * lessons and courses). The backfill copies them for the documents already indexed.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('search_documents').addColumn('post_state', 'text').execute();
  await db.schema.alterTable('search_documents').addColumn('post_author_id', 'text').execute();
  await db.schema.alterTable('search_documents').addColumn('comment_state', 'text').execute();

  if (isPostgres(db)) await postgresTriggers(db);
  else await sqliteTriggers(db);

  // Backfill: the same copy the triggers make, for every post and comment document.
  await copySearchFacts(db);
}

/** Copies every post and comment document's facts from the live rows (the backfill). */
// biome-ignore lint/suspicious/noExplicitAny: as above
export async function copySearchFacts(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`UPDATE search_documents SET ${POST_FACTS('search_documents.id')} WHERE kind = 'post'`)
    .execute(db);
  await sql
    .raw(`UPDATE search_documents SET ${COMMENT_FACTS('search_documents.id')} WHERE kind = 'comment'`)
    .execute(db);
}

/** The facts of one post document (`doc` is the document's id), as SQL over the live rows. */
const POST_FACTS = (doc: string) => `
  post_state = (SELECT p.state FROM posts p WHERE p.id = ${doc}),
  post_author_id = (SELECT p.author_id FROM posts p WHERE p.id = ${doc}),
  comment_state = NULL`;
/** The facts of one comment document: its own state, and its post's. */
const COMMENT_FACTS = (doc: string) => `
  post_state = (SELECT p.state FROM post_comments c JOIN posts p ON p.id = c.post_id WHERE c.id = ${doc}),
  post_author_id = (SELECT p.author_id FROM post_comments c JOIN posts p ON p.id = c.post_id WHERE c.id = ${doc}),
  comment_state = (SELECT c.state FROM post_comments c WHERE c.id = ${doc})`;

// biome-ignore lint/suspicious/noExplicitAny: as above
async function sqliteTriggers(db: Kysely<any>): Promise<void> {
  // A document written (or re-written) copies the facts of its rows as they are now.
  for (const [event, name] of [
    ['INSERT', 'insert'],
    ['UPDATE OF kind, id', 'update'],
  ] as const) {
    await sql
      .raw(
        `CREATE TRIGGER search_documents_facts_post_${name} AFTER ${event} ON search_documents
         WHEN NEW.kind = 'post' BEGIN
           UPDATE search_documents SET ${POST_FACTS('NEW.id')} WHERE doc_no = NEW.doc_no;
         END`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER search_documents_facts_comment_${name} AFTER ${event} ON search_documents
         WHEN NEW.kind = 'comment' BEGIN
           UPDATE search_documents SET ${COMMENT_FACTS('NEW.id')} WHERE doc_no = NEW.doc_no;
         END`,
      )
      .execute(db);
  }
  // A post's state or author changes (or the post appears or goes): its document and its
  // comments' documents follow.
  const postChanged = (row: 'NEW' | 'OLD') => `
    UPDATE search_documents SET ${POST_FACTS(`${row}.id`)} WHERE kind = 'post' AND id = ${row}.id;
    UPDATE search_documents SET ${COMMENT_FACTS('search_documents.id')}
      WHERE kind = 'comment' AND id IN (SELECT c.id FROM post_comments c WHERE c.post_id = ${row}.id);`;
  await sql
    .raw(`CREATE TRIGGER posts_search_facts_insert AFTER INSERT ON posts BEGIN ${postChanged('NEW')} END`)
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER posts_search_facts_update AFTER UPDATE OF state, author_id ON posts
       WHEN OLD.state IS NOT NEW.state OR OLD.author_id IS NOT NEW.author_id
       BEGIN ${postChanged('NEW')} END`,
    )
    .execute(db);
  await sql
    .raw(`CREATE TRIGGER posts_search_facts_delete AFTER DELETE ON posts BEGIN ${postChanged('OLD')} END`)
    .execute(db);
  const commentChanged = (row: 'NEW' | 'OLD') =>
    `UPDATE search_documents SET ${COMMENT_FACTS(`${row}.id`)} WHERE kind = 'comment' AND id = ${row}.id;`;
  await sql
    .raw(
      `CREATE TRIGGER post_comments_search_facts_insert AFTER INSERT ON post_comments
       BEGIN ${commentChanged('NEW')} END`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER post_comments_search_facts_update AFTER UPDATE OF state, post_id ON post_comments
       WHEN OLD.state IS NOT NEW.state OR OLD.post_id IS NOT NEW.post_id
       BEGIN ${commentChanged('NEW')} END`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER post_comments_search_facts_delete AFTER DELETE ON post_comments
       BEGIN ${commentChanged('OLD')} END`,
    )
    .execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: as above
async function postgresTriggers(db: Kysely<any>): Promise<void> {
  // A document written (or re-written) copies the facts of its rows as they are now.
  await sql
    .raw(`CREATE FUNCTION search_documents_facts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.kind = 'post' THEN
    SELECT p.state, p.author_id INTO NEW.post_state, NEW.post_author_id FROM posts p WHERE p.id = NEW.id;
    NEW.comment_state := NULL;
  ELSIF NEW.kind = 'comment' THEN
    SELECT p.state, p.author_id INTO NEW.post_state, NEW.post_author_id
      FROM post_comments c JOIN posts p ON p.id = c.post_id WHERE c.id = NEW.id;
    SELECT c.state INTO NEW.comment_state FROM post_comments c WHERE c.id = NEW.id;
  END IF;
  RETURN NEW;
END $$`)
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER search_documents_facts BEFORE INSERT OR UPDATE OF kind, id ON search_documents
       FOR EACH ROW EXECUTE FUNCTION search_documents_facts()`,
    )
    .execute(db);
  await sql
    .raw(`CREATE FUNCTION search_post_facts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed text := CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
BEGIN
  UPDATE search_documents SET ${POST_FACTS('changed')} WHERE kind = 'post' AND id = changed;
  UPDATE search_documents SET ${COMMENT_FACTS('search_documents.id')}
    WHERE kind = 'comment' AND id IN (SELECT c.id FROM post_comments c WHERE c.post_id = changed);
  RETURN NULL;
END $$`)
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER posts_search_facts_insert_delete AFTER INSERT OR DELETE ON posts
       FOR EACH ROW EXECUTE FUNCTION search_post_facts()`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER posts_search_facts_update AFTER UPDATE OF state, author_id ON posts FOR EACH ROW
       WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.author_id IS DISTINCT FROM NEW.author_id)
       EXECUTE FUNCTION search_post_facts()`,
    )
    .execute(db);
  await sql
    .raw(`CREATE FUNCTION search_comment_facts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed text := CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
BEGIN
  UPDATE search_documents SET ${COMMENT_FACTS('changed')} WHERE kind = 'comment' AND id = changed;
  RETURN NULL;
END $$`)
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER post_comments_search_facts_insert_delete AFTER INSERT OR DELETE ON post_comments
       FOR EACH ROW EXECUTE FUNCTION search_comment_facts()`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER post_comments_search_facts_update AFTER UPDATE OF state, post_id ON post_comments
       FOR EACH ROW
       WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.post_id IS DISTINCT FROM NEW.post_id)
       EXECUTE FUNCTION search_comment_facts()`,
    )
    .execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: as above
export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql.raw('DROP TRIGGER IF EXISTS search_documents_facts ON search_documents').execute(db);
    await sql.raw('DROP TRIGGER IF EXISTS posts_search_facts_insert_delete ON posts').execute(db);
    await sql.raw('DROP TRIGGER IF EXISTS posts_search_facts_update ON posts').execute(db);
    await sql
      .raw('DROP TRIGGER IF EXISTS post_comments_search_facts_insert_delete ON post_comments')
      .execute(db);
    await sql.raw('DROP TRIGGER IF EXISTS post_comments_search_facts_update ON post_comments').execute(db);
    await sql.raw('DROP FUNCTION IF EXISTS search_documents_facts()').execute(db);
    await sql.raw('DROP FUNCTION IF EXISTS search_post_facts()').execute(db);
    await sql.raw('DROP FUNCTION IF EXISTS search_comment_facts()').execute(db);
  } else {
    for (const name of [
      'search_documents_facts_post_insert',
      'search_documents_facts_comment_insert',
      'search_documents_facts_post_update',
      'search_documents_facts_comment_update',
      'posts_search_facts_insert',
      'posts_search_facts_update',
      'posts_search_facts_delete',
      'post_comments_search_facts_insert',
      'post_comments_search_facts_update',
      'post_comments_search_facts_delete',
    ])
      await sql.raw(`DROP TRIGGER IF EXISTS ${name}`).execute(db);
  }
  await db.schema.alterTable('search_documents').dropColumn('comment_state').execute();
  await db.schema.alterTable('search_documents').dropColumn('post_author_id').execute();
  await db.schema.alterTable('search_documents').dropColumn('post_state').execute();
}

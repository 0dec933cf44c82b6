import { type CreateTableBuilder, type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect.js';

/**
 * Full-text search. `search_documents` keeps each indexed item's original title and plain text
 * (snippets are cut from them) and, per dialect, its jieba-segmented tokens: on PostgreSQL a
 * `tsvector` column with a GIN index; on SQLite a contentless FTS5 table whose rowid is the
 * document's `doc_no`. Deleting a lesson, by any path, removes its document (triggers).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  let table: CreateTableBuilder<string, string> = db.schema.createTable('search_documents');
  if (!pg) table = table.addColumn('doc_no', 'integer', (c) => c.primaryKey());
  table = table
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('community_id', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('indexed_at', 'bigint', (c) => c.notNull())
    .addColumn('tokenizer_version', 'integer', (c) => c.notNull());
  if (pg) {
    table = table
      .addColumn('tsv', sql`tsvector`, (c) => c.notNull())
      .addPrimaryKeyConstraint('search_documents_pk', ['kind', 'id']);
  } else {
    table = table.addUniqueConstraint('search_documents_kind_id', ['kind', 'id']);
  }
  await table.execute();
  await db.schema
    .createIndex('search_documents_version')
    .on('search_documents')
    .column('tokenizer_version')
    .execute();

  if (pg) {
    await sql.raw('CREATE INDEX search_documents_tsv ON search_documents USING gin (tsv)').execute(db);
    // The candidate window is the newest matches (modules/search): read in this order.
    await sql.raw('CREATE INDEX search_documents_recent ON search_documents (created_at DESC)').execute(db);
    await sql.raw('CREATE INDEX search_documents_community ON search_documents (community_id)').execute(db);
    await sql
      .raw(`CREATE FUNCTION search_forget_lesson() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM search_documents WHERE kind = 'lesson' AND id = OLD.id;
  RETURN OLD;
END $$`)
      .execute(db);
    await sql
      .raw(
        'CREATE TRIGGER lessons_search_forget AFTER DELETE ON lessons FOR EACH ROW EXECUTE FUNCTION search_forget_lesson()',
      )
      .execute(db);
  } else {
    // Tokens are segmented in the app and joined by spaces; unicode61 only splits on them. `scope`
    // holds `k<kind> c<community>` so a query is narrowed to what a viewer could open in the index.
    await sql
      .raw(
        `CREATE VIRTUAL TABLE search_fts USING fts5(title, body, scope, content='', contentless_delete=1,
         tokenize='unicode61 remove_diacritics 0')`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER lessons_search_forget AFTER DELETE ON lessons BEGIN
           DELETE FROM search_fts WHERE rowid =
             (SELECT doc_no FROM search_documents WHERE kind = 'lesson' AND id = OLD.id);
           DELETE FROM search_documents WHERE kind = 'lesson' AND id = OLD.id;
         END`,
      )
      .execute(db);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: as above
export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql.raw('DROP TRIGGER IF EXISTS lessons_search_forget ON lessons').execute(db);
    await sql.raw('DROP FUNCTION IF EXISTS search_forget_lesson()').execute(db);
  } else {
    await sql.raw('DROP TRIGGER IF EXISTS lessons_search_forget').execute(db);
    await sql.raw('DROP TABLE IF EXISTS search_fts').execute(db);
  }
  await db.schema.dropTable('search_documents').execute();
}

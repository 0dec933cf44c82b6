import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect.js';

/**
 * `lessons.body_revision` changes whenever `body_html` does. Readers keep rendered bodies in
 * memory under that number (`LessonBodyCache`), so the lesson read need not copy kilobytes of
 * HTML out of the database on every request, and an edit made by any process is seen by every
 * other on its next read. A trigger keeps it true for every write path, present and future.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('lessons')
    .addColumn('body_revision', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  if (isPostgres(db)) {
    await sql
      .raw(`CREATE FUNCTION bump_lesson_body_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.body_html IS DISTINCT FROM OLD.body_html THEN
    NEW.body_revision := OLD.body_revision + 1;
  END IF;
  RETURN NEW;
END $$`)
      .execute(db);
    await sql
      .raw(
        'CREATE TRIGGER lessons_body_revision BEFORE UPDATE OF body_html ON lessons FOR EACH ROW EXECUTE FUNCTION bump_lesson_body_revision()',
      )
      .execute(db);
  } else {
    // SQLite triggers cannot assign NEW; the row is updated again (recursive triggers are off,
    // and this UPDATE does not touch body_html, so it does not fire itself).
    await sql
      .raw(
        `CREATE TRIGGER lessons_body_revision AFTER UPDATE OF body_html ON lessons
         WHEN NEW.body_html IS NOT OLD.body_html
         BEGIN UPDATE lessons SET body_revision = OLD.body_revision + 1 WHERE id = NEW.id; END`,
      )
      .execute(db);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: as above
export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql.raw('DROP TRIGGER IF EXISTS lessons_body_revision ON lessons').execute(db);
    await sql.raw('DROP FUNCTION IF EXISTS bump_lesson_body_revision()').execute(db);
  } else await sql.raw('DROP TRIGGER IF EXISTS lessons_body_revision').execute(db);
  await db.schema.alterTable('lessons').dropColumn('body_revision').execute();
}

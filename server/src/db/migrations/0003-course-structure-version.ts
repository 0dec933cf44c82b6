import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect.js';

/**
 * `courses.structure_version` changes whenever anything an outline shows of the course changes:
 * its chapters, its lessons' outline columns, its lessons' attachments. Readers cache a course's
 * structure under that number (`CourseStructureCache`), so a change made by any process is seen
 * by every other on its next read. Triggers keep it true for every write path, present and future.
 */
const LESSON_OUTLINE_COLUMNS = [
  'course_id',
  'chapter_id',
  'position',
  'title',
  'free_preview',
  'estimated_minutes',
  'status',
  'publish_at',
  'author_id',
  'drip_kind',
  'drip_at',
  'drip_days',
  'prerequisite_lesson_id',
].join(', ');
const CHAPTER_OUTLINE_COLUMNS = 'course_id, position, title';

const bump = (courseIdExpr: string) =>
  `UPDATE courses SET structure_version = structure_version + 1 WHERE id = ${courseIdExpr};`;
const courseOfLesson = (lessonIdExpr: string) => `(SELECT course_id FROM lessons WHERE id = ${lessonIdExpr})`;

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('courses')
    .addColumn('structure_version', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  if (isPostgres(db)) await postgresTriggers(db);
  else await sqliteTriggers(db);
}

// biome-ignore lint/suspicious/noExplicitAny: as above
async function sqliteTriggers(db: Kysely<any>): Promise<void> {
  const statements: string[] = [];
  for (const [table, columns, courseOf] of [
    ['chapters', CHAPTER_OUTLINE_COLUMNS, (row: string) => `${row}.course_id`],
    ['lessons', LESSON_OUTLINE_COLUMNS, (row: string) => `${row}.course_id`],
    [
      'lesson_attachments',
      'lesson_id, file_id, name, position',
      (row: string) => courseOfLesson(`${row}.lesson_id`),
    ],
  ] as const) {
    statements.push(
      `CREATE TRIGGER ${table}_structure_insert AFTER INSERT ON ${table} BEGIN ${bump(courseOf('NEW'))} END`,
      `CREATE TRIGGER ${table}_structure_update AFTER UPDATE OF ${columns} ON ${table} BEGIN ${bump(courseOf('OLD'))} ${bump(courseOf('NEW'))} END`,
      `CREATE TRIGGER ${table}_structure_delete AFTER DELETE ON ${table} BEGIN ${bump(courseOf('OLD'))} END`,
    );
  }
  for (const statement of statements) await sql.raw(statement).execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: as above
async function postgresTriggers(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`CREATE FUNCTION bump_course_structure() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN ${bump('OLD.course_id')} END IF;
  IF TG_OP <> 'DELETE' THEN ${bump('NEW.course_id')} END IF;
  RETURN NULL;
END $$`)
    .execute(db);
  await sql
    .raw(`CREATE FUNCTION bump_course_structure_of_attachment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN ${bump(courseOfLesson('OLD.lesson_id'))} END IF;
  IF TG_OP <> 'DELETE' THEN ${bump(courseOfLesson('NEW.lesson_id'))} END IF;
  RETURN NULL;
END $$`)
    .execute(db);
  for (const [table, columns, fn] of [
    ['chapters', CHAPTER_OUTLINE_COLUMNS, 'bump_course_structure'],
    ['lessons', LESSON_OUTLINE_COLUMNS, 'bump_course_structure'],
    ['lesson_attachments', 'lesson_id, file_id, name, position', 'bump_course_structure_of_attachment'],
  ] as const)
    await sql
      .raw(
        `CREATE TRIGGER ${table}_structure AFTER INSERT OR UPDATE OF ${columns} OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
      )
      .execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: as above
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['chapters', 'lessons', 'lesson_attachments']) {
    if (isPostgres(db)) await sql.raw(`DROP TRIGGER IF EXISTS ${table}_structure ON ${table}`).execute(db);
    else
      for (const op of ['insert', 'update', 'delete'])
        await sql.raw(`DROP TRIGGER IF EXISTS ${table}_structure_${op}`).execute(db);
  }
  if (isPostgres(db)) {
    await sql.raw('DROP FUNCTION IF EXISTS bump_course_structure()').execute(db);
    await sql.raw('DROP FUNCTION IF EXISTS bump_course_structure_of_attachment()').execute(db);
  }
  await db.schema.alterTable('courses').dropColumn('structure_version').execute();
}

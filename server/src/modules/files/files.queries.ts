import type { Kysely } from 'kysely';
import type { DB, FilesTable } from '../../db/schema.js';

type Executor = Kysely<DB>;

/** At most this many lessons are asked about one shared file; any one allowing is enough. */
const MAX_LESSONS_PER_FILE = 20;

export async function insertFile(db: Executor, row: FilesTable): Promise<FilesTable> {
  await db.insertInto('files').values(row).execute();
  return row;
}

export function findFile(db: Executor, id: string): Promise<FilesTable | undefined> {
  return db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Lessons that use the file as their video or as an attachment. */
export async function listLessonIdsUsingFile(db: Executor, fileId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('lessons')
    .select('id')
    .where('video_file_id', '=', fileId)
    .union(db.selectFrom('lesson_attachments').select('lesson_id as id').where('file_id', '=', fileId))
    .limit(MAX_LESSONS_PER_FILE)
    .execute();
  return rows.map((r) => r.id);
}

/** Whether the file is a community's cover or avatar or a course's cover: shown to everyone. */
export async function isPublicAsset(db: Executor, fileId: string): Promise<boolean> {
  const row = await db
    .selectFrom('communities')
    .select('id')
    .where((eb) => eb.or([eb('cover_file_id', '=', fileId), eb('avatar_file_id', '=', fileId)]))
    .union(db.selectFrom('courses').select('id').where('cover_file_id', '=', fileId))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

import type { Kysely } from 'kysely';

/**
 * Which check-in or assignment submission uses which uploaded file, so that reading a private file
 * finds the activity items using it by index instead of scanning the JSON `file_ids` columns
 * (which stay, for presenting an item's files in order). Backfilled from those columns.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('activity_files')
    /** checkin | submission */
    .addColumn('kind', 'text', (c) => c.notNull())
    /** checkins.id or assignment_submissions.id, by kind. */
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('file_id', 'text', (c) => c.notNull().references('files.id'))
    .addPrimaryKeyConstraint('activity_files_pk', ['kind', 'item_id', 'file_id'])
    .execute();
  await db.schema.createIndex('activity_files_file').on('activity_files').columns(['file_id']).execute();

  await backfillActivityFiles(db);
}

/** Rows for every check-in's and submission's JSON `file_ids` (idempotent: existing rows stay). */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types
export async function backfillActivityFiles(db: Kysely<any>): Promise<void> {
  await backfill(db, 'checkins', 'checkin');
  await backfill(db, 'assignment_submissions', 'submission');
}

const BATCH = 500;

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types
async function backfill(db: Kysely<any>, table: string, kind: string): Promise<void> {
  let after = '';
  for (;;) {
    const rows: { id: string; file_ids: string }[] = await db
      .selectFrom(table)
      .select(['id', 'file_ids'])
      .where('id', '>', after)
      .where('file_ids', '!=', '[]')
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) return;
    after = rows[rows.length - 1]?.id ?? after;
    const pairs = rows.flatMap((row) =>
      [...new Set(parseIds(row.file_ids))].map((fileId) => ({ row, fileId })),
    );
    if (pairs.length === 0) continue;
    // Only files that still exist (the foreign key would refuse the rest).
    const existing = new Set<string>();
    const ids = [...new Set(pairs.map((p) => p.fileId))];
    for (let i = 0; i < ids.length; i += BATCH) {
      const found: { id: string }[] = await db
        .selectFrom('files')
        .select('id')
        .where('id', 'in', ids.slice(i, i + BATCH))
        .execute();
      for (const f of found) existing.add(f.id);
    }
    const values = pairs
      .filter((p) => existing.has(p.fileId))
      .map((p) => ({ kind, item_id: p.row.id, file_id: p.fileId }));
    for (let i = 0; i < values.length; i += BATCH)
      await db
        .insertInto('activity_files')
        .values(values.slice(i, i + BATCH))
        .onConflict((oc) => oc.doNothing())
        .execute();
  }
}

function parseIds(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema types
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('activity_files').ifExists().execute();
}

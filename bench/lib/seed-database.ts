/**
 * Filling a freshly migrated SQLite or PostgreSQL database with a seed's rows: multi-row INSERTs
 * batched under each dialect's limit on bound parameters.
 */
import type SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { createDatabase, openSqlite } from '../../server/src/db/database.js';
import { migrateToLatest } from '../../server/src/db/migrate.js';

export type Cell = string | number | null;
export type Row = readonly Cell[];

/** One table's rows, cells in the order of `columns`. */
export interface TableRows {
  table: string;
  columns: readonly string[];
  rows: readonly Row[];
}

/** Where the rows go: an open SQLite file or a connected PostgreSQL client. */
export type SeedConnection =
  | { dialect: 'sqlite'; sqlite: SqliteDatabase.Database }
  | { dialect: 'postgres'; client: pg.Client };

/** Bound parameters one statement may carry: SQLite's SQLITE_MAX_VARIABLE_NUMBER, PostgreSQL's protocol limit. */
const MAX_PARAMETERS = { sqlite: 32_766, postgres: 65_535 } as const;
/** The seeds' batch: few enough round trips, and a statement text of modest size. */
const MAX_ROWS_PER_INSERT = 500;

/** Rows per INSERT for a table of `columns` columns, under the dialect's parameter limit. */
export function rowsPerInsert(dialect: SeedConnection['dialect'], columns: number): number {
  return Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_PARAMETERS[dialect] / columns)));
}

/** `(?,?),(?,?)` or `($1,$2),($3,$4)`: `rows` groups of `columns` placeholders. */
function valuesList(columns: number, rows: number, placeholder: (i: number) => string): string {
  const groups: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    for (let c = 0; c < columns; c++) cells.push(placeholder(r * columns + c + 1));
    groups.push(`(${cells.join(',')})`);
  }
  return groups.join(',');
}

function* batches<T>(rows: readonly T[], size: number): Generator<readonly T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

/**
 * Inserts each table's rows with multi-row INSERTs, one transaction per table. Each statement
 * shape (table × batch length) is prepared once: cached on SQLite, named on PostgreSQL (so the
 * server parses and plans it once per connection).
 */
export async function insertRows(connection: SeedConnection, tables: readonly TableRows[]): Promise<void> {
  for (const { table, columns, rows } of tables) {
    const size = rowsPerInsert(connection.dialect, columns.length);
    const insert = (n: number, placeholder: (i: number) => string) =>
      `INSERT INTO ${table} (${columns.join(',')}) VALUES ${valuesList(columns.length, n, placeholder)}`;
    if (connection.dialect === 'sqlite') {
      const { sqlite } = connection;
      const statements = new Map<number, SqliteDatabase.Statement>();
      const statementFor = (n: number) => {
        let statement = statements.get(n);
        if (!statement) {
          statement = sqlite.prepare(insert(n, () => '?'));
          statements.set(n, statement);
        }
        return statement;
      };
      sqlite.transaction(() => {
        for (const batch of batches(rows, size)) statementFor(batch.length).run(batch.flat());
      })();
    } else {
      const { client } = connection;
      await client.query('BEGIN');
      try {
        for (const batch of batches(rows, size)) {
          await client.query({
            name: `bench_seed_${table}_${batch.length}`,
            text: insert(batch.length, (i) => `$${i}`),
            values: batch.flat(),
          });
        }
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    }
  }
}

/** A SQLite file to create, or the URL of an empty (scratch) PostgreSQL database. */
export type SeedTarget = { sqliteFile: string } | { url: string };

export interface SeedTimings {
  migrateMs: number;
  buildMs: number;
  insertMs: number;
}

export interface SeedOptions<D> {
  /** Further writes after the tables' rows, on the same connection. */
  afterInsert?: (connection: SeedConnection, dataset: D) => void | Promise<void>;
  /** ANALYZE the SQLite file too (PostgreSQL is always analysed, for stable plans). */
  analyzeSqlite?: boolean;
}

/**
 * Migrates the target through Zhishe's own migrations, builds the dataset and inserts its tables,
 * timing each step.
 */
export async function seedDatabase<D extends { tables: readonly TableRows[] }>(
  target: SeedTarget,
  build: () => D,
  options: SeedOptions<D> = {},
): Promise<{ dataset: D; timings: SeedTimings }> {
  let t = performance.now();
  const handle = createDatabase(
    'url' in target
      ? { databaseUrl: target.url, sqliteFile: '' }
      : { databaseUrl: null, sqliteFile: target.sqliteFile },
  );
  await migrateToLatest(handle.db);
  await handle.close();
  const migrateMs = performance.now() - t;

  t = performance.now();
  const dataset = build();
  const buildMs = performance.now() - t;

  t = performance.now();
  if ('url' in target) {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      const connection: SeedConnection = { dialect: 'postgres', client };
      await insertRows(connection, dataset.tables);
      await options.afterInsert?.(connection, dataset);
      await client.query('ANALYZE');
    } finally {
      await client.end();
    }
  } else {
    const sqlite = openSqlite(target.sqliteFile);
    try {
      const connection: SeedConnection = { dialect: 'sqlite', sqlite };
      await insertRows(connection, dataset.tables);
      await options.afterInsert?.(connection, dataset);
      if (options.analyzeSqlite) sqlite.exec('ANALYZE');
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      sqlite.close();
    }
  }
  return { dataset, timings: { migrateMs, buildMs, insertMs: performance.now() - t } };
}

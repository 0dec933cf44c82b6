/**
 * Everything that differs between SQLite and PostgreSQL lives here, behind named helpers.
 */
import { type Kysely, PostgresAdapter, type SelectQueryBuilder, sql } from 'kysely';
import type { DialectName } from './database.js';

/** A unique or primary-key constraint was violated (e.g. a duplicate e-mail). */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * Row locks for claiming work across processes. SQLite has one writer per file,
 * so the transaction itself is the lock and the clause is left out.
 */
export function forUpdateSkipLocked<DB, TB extends keyof DB, O>(
  dialect: DialectName,
  query: SelectQueryBuilder<DB, TB, O>,
): SelectQueryBuilder<DB, TB, O> {
  return dialect === 'postgres' ? query.forUpdate().skipLocked() : query;
}

/** True when `db` talks to PostgreSQL; for migrations, which get no dialect name. */
// biome-ignore lint/suspicious/noExplicitAny: works on any schema
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Column type for fractional ordering keys (`a0`, `a0V`, …), which must compare byte by byte.
 * SQLite's default collation does; PostgreSQL's locale collation would not, so it gets "C".
 */
// biome-ignore lint/suspicious/noExplicitAny: works on any schema
export function orderingKeyType(db: Kysely<any>) {
  return isPostgres(db) ? sql`text collate "C"` : sql`text`;
}

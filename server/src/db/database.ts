import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.js';

export type Database = Kysely<DB>;
export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Database;
  dialect: DialectName;
  close(): Promise<void>;
}

// int8 → number: our int8 columns are epoch milliseconds and minor units, far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

export interface DatabaseOptions {
  /** postgres:// URL, or null for SQLite. */
  databaseUrl: string | null;
  /** SQLite file path (ignored for PostgreSQL). */
  sqliteFile: string;
  poolSize?: number;
}

export function createDatabase(options: DatabaseOptions): DatabaseHandle {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: withNamedStatements(pool) }) });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  mkdirSync(path.dirname(options.sqliteFile), { recursive: true });
  const sqlite = openSqlite(options.sqliteFile);
  const cached = withStatementCache(sqlite);
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: cached }) });
  directReaders.set(db, {
    prepare: (sql) => cached.prepare(sql),
    get inTransaction() {
      return sqlite.inTransaction;
    },
  });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

export function openSqlite(file: string): SqliteDatabase.Database {
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Reads map the file instead of copying each page through read(2); lesson rows span several
  // overflow pages. Address space, not memory: the OS pages it in and out as it likes.
  sqlite.pragma('mmap_size = 1073741824');
  // 64 MB of page cache (the default is 2 MB) keeps the indexes of a large community resident.
  sqlite.pragma('cache_size = -65536');
  return sqlite;
}

/** The SQLite connection behind a root `Kysely` (not a transaction's), for `preparedQuery`. */
export interface DirectReader {
  prepare(sql: string): SqliteDatabase.Statement;
  readonly inTransaction: boolean;
}
const directReaders = new WeakMap<Kysely<DB>, DirectReader>();

/** The SQLite connection `db` runs on, when it is a root SQLite handle; otherwise undefined. */
export const directReaderOf = (db: Kysely<DB>): DirectReader | undefined => directReaders.get(db);

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query anew; preparing dominates a small query's cost,
 * so hand it a database whose `prepare` reuses statements (bounded, least recently used out).
 * Safe because better-sqlite3 is synchronous: a statement never runs twice at once.
 */
function withStatementCache(sqlite: SqliteDatabase.Database) {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql);
      } else {
        statement = sqlite.prepare(sql);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}

const NAMED_STATEMENTS_PER_CONNECTION = 500;
const NAME_CACHE_SIZE = 2_000;

/**
 * Kysely's PostgreSQL driver sends every query unnamed, so the server parses and plans it on each
 * run. Hand it a pool whose clients send each distinct parameterised SQL text as a named
 * (server-side prepared) statement instead: the name is a hash of the text, so it never names two
 * texts; pg parses it once per connection and then only binds and executes. Bounded: texts with
 * `in (…)` lists (one text per list length) and parameterless ones (DDL, `begin`, `commit`) stay
 * unnamed, and a connection names at most NAMED_STATEMENTS_PER_CONNECTION texts (the statements
 * live as long as the connection).
 */
function withNamedStatements(pool: pg.Pool) {
  const names = new Map<string, string>();
  const nameOf = (text: string): string => {
    let name = names.get(text);
    if (name === undefined) {
      name = `k${createHash('sha1').update(text).digest('hex')}`;
      if (names.size >= NAME_CACHE_SIZE) names.clear();
      names.set(text, name);
    }
    return name;
  };
  type Client = { query: pg.PoolClient['query']; release: pg.PoolClient['release'] };
  const wrappers = new WeakMap<pg.PoolClient, Client>();
  const wrap = (client: pg.PoolClient): Client => {
    const named = new Set<string>();
    return {
      // biome-ignore lint/suspicious/noExplicitAny: forwards pg's overloaded query as is
      query: ((text: any, values?: any) => {
        if (typeof text === 'string' && Array.isArray(values) && values.length > 0 && !IN_LIST.test(text)) {
          const name = nameOf(text);
          if (named.has(name) || named.size < NAMED_STATEMENTS_PER_CONNECTION) {
            named.add(name);
            return client.query({ name, text, values });
          }
        }
        return client.query(text, values);
      }) as pg.PoolClient['query'],
      release: (err?: Error | boolean) => client.release(err),
    };
  };
  return {
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        wrapper = wrap(client);
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}

const IN_LIST = /\sin \(/i;

import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import { directReaderOf } from './database.js';
import type { DB } from './schema.js';

/**
 * Building and compiling a Kysely query costs about as much as SQLite takes to run a short one,
 * so the hottest reads are built once per database handle and then run with new values.
 * `build` gets placeholder strings and must pass each to the query as a value (`where(…, '=', id)`),
 * never into SQL text; a placeholder that does not come out as a parameter is refused when the
 * query is first compiled.
 */
export function preparedQuery<Args extends string[], Row>(
  build: (db: Kysely<DB>, ...args: Args) => Compilable<Row>,
): (db: Kysely<DB>, ...args: Args) => Promise<Row[]> {
  const arity = build.length - 1;
  const templates = new WeakMap<Kysely<DB>, Template>();
  return async (db, ...args) => {
    let template = templates.get(db);
    if (!template) {
      template = compileTemplate(
        db,
        build as (db: Kysely<DB>, ...args: string[]) => Compilable<unknown>,
        arity,
      );
      templates.set(db, template);
    }
    const parameters = template.slots.map((slot) => (slot.arg === undefined ? slot.value : args[slot.arg]));
    // SQLite runs a statement synchronously on the one connection; outside a transaction nothing
    // can interleave with it, so Kysely's connection hand-off (a mutex and several awaits per
    // query) is skipped. Inside one, the query waits its turn through Kysely like any other, so it
    // never reads another request's uncommitted rows.
    const direct = directReaderOf(db);
    if (direct && !direct.inTransaction) return direct.prepare(template.sql).all(parameters) as Row[];
    const compiled: CompiledQuery<Row> = {
      sql: template.sql,
      query: template.query,
      queryId: template.queryId,
      parameters,
    };
    return (await db.executeQuery(compiled)).rows;
  };
}

interface Template {
  sql: string;
  query: CompiledQuery['query'];
  queryId: CompiledQuery['queryId'];
  /** Per parameter: the argument it takes, or the constant the builder put there. */
  slots: { arg?: number; value?: unknown }[];
}

const PLACEHOLDER = '\u0000zhishe-prepared-argument-';

function compileTemplate(
  db: Kysely<DB>,
  build: (db: Kysely<DB>, ...args: string[]) => Compilable<unknown>,
  arity: number,
): Template {
  const placeholders = Array.from({ length: arity }, (_, i) => `${PLACEHOLDER}${i}`);
  const compiled = build(db, ...placeholders).compile();
  const slots = compiled.parameters.map((value) => {
    const arg = typeof value === 'string' ? placeholders.indexOf(value) : -1;
    return arg >= 0 ? { arg } : { value };
  });
  for (let i = 0; i < arity; i++)
    if (!slots.some((s) => s.arg === i))
      throw new Error(`preparedQuery: argument ${i} is not a bound parameter of the query`);
  if (compiled.sql.includes(PLACEHOLDER))
    throw new Error('preparedQuery: an argument was written into the SQL text');
  return { sql: compiled.sql, query: compiled.query, queryId: compiled.queryId, slots };
}

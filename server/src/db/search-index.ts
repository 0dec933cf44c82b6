/**
 * The search index behind one interface for both databases. Callers hand in tokens already
 * segmented by platform/search (jieba); this file only stores them and compiles a parsed query:
 * SQLite keeps them in a contentless FTS5 table (unicode61 over space-joined tokens), PostgreSQL
 * in a `tsvector` built from the tokens themselves (no text-search parser or dictionary, so the
 * `simple` behaviour is exact and locale-proof; GIN index). Both find matches; ranking is done on
 * a bounded window of them by platform/search/rank.ts, identically for both.
 */
import { type CompiledQuery, type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import { directReaderOf } from './database.js';
import { isPostgres } from './dialect.js';
import type { DB, SearchDocumentsTable } from './schema.js';

export type SearchKindName = SearchDocumentsTable['kind'];

export interface IndexedDocument {
  kind: SearchKindName;
  id: string;
  communityId: string;
  parentId: string | null;
  title: string;
  body: string;
  authorId: string | null;
  createdAt: number;
  indexedAt: number;
  tokenizerVersion: number;
  titleTokens: readonly string[];
  bodyTokens: readonly string[];
}

/** A parsed query's shape, as platform/search/query.ts makes it. */
export type MatchTerm =
  | { kind: 'word'; word: string; parts: readonly string[] }
  | { kind: 'phrase'; tokens: readonly string[] };
export interface MatchQuery {
  terms: readonly MatchTerm[];
  exclude: readonly MatchTerm[];
}

/**
 * Documents matching a query, as `d` (search_documents), in no order yet: add filters, then
 * `newestFirst` and a limit for a bounded candidate window (ranking is platform/search/rank.ts).
 */
// biome-ignore lint/complexity/noBannedTypes: nothing selected yet
export type MatchedDocuments = SelectQueryBuilder<DB & { d: SearchDocumentsTable }, 'd', {}>;

/** Where a viewer could open anything: these communities, and lessons anywhere (free previews). */
export interface MatchScope {
  communityIds: readonly string[];
}

/** Adds or replaces the document; `db` is the writer's transaction. */
export async function writeSearchDocument(db: Kysely<DB>, doc: IndexedDocument): Promise<void> {
  const columns = {
    kind: doc.kind,
    id: doc.id,
    community_id: doc.communityId,
    parent_id: doc.parentId,
    title: doc.title,
    body: doc.body,
    author_id: doc.authorId,
    created_at: doc.createdAt,
    indexed_at: doc.indexedAt,
    tokenizer_version: doc.tokenizerVersion,
  };
  if (isPostgres(db)) {
    const tsv = sql`${tsvectorLiteral(doc.titleTokens, doc.bodyTokens)}::tsvector`;
    await db
      .insertInto('search_documents')
      .values({ ...columns, tsv } as typeof columns)
      .onConflict((oc) =>
        oc.columns(['kind', 'id']).doUpdateSet({
          community_id: (eb) => eb.ref('excluded.community_id'),
          parent_id: (eb) => eb.ref('excluded.parent_id'),
          title: (eb) => eb.ref('excluded.title'),
          body: (eb) => eb.ref('excluded.body'),
          author_id: (eb) => eb.ref('excluded.author_id'),
          created_at: (eb) => eb.ref('excluded.created_at'),
          indexed_at: (eb) => eb.ref('excluded.indexed_at'),
          tokenizer_version: (eb) => eb.ref('excluded.tokenizer_version'),
          ...({ tsv: sql`excluded.tsv` } as object),
        }),
      )
      .execute();
    return;
  }
  const existing = await sql<{ doc_no: number }>`
    select doc_no from search_documents where kind = ${doc.kind} and id = ${doc.id}`.execute(db);
  let docNo = existing.rows[0]?.doc_no;
  if (docNo === undefined) {
    const inserted = await sql<{ doc_no: number }>`
      insert into search_documents (kind, id, community_id, parent_id, title, body, author_id,
        created_at, indexed_at, tokenizer_version)
      values (${columns.kind}, ${columns.id}, ${columns.community_id}, ${columns.parent_id},
        ${columns.title}, ${columns.body}, ${columns.author_id}, ${columns.created_at},
        ${columns.indexed_at}, ${columns.tokenizer_version})
      returning doc_no`.execute(db);
    docNo = inserted.rows[0]?.doc_no as number;
  } else {
    await sql`delete from search_fts where rowid = ${docNo}`.execute(db);
    await db
      .updateTable('search_documents')
      .set(columns)
      .where('kind', '=', doc.kind)
      .where('id', '=', doc.id)
      .execute();
  }
  await sql`insert into search_fts (rowid, title, body, scope)
    values (${docNo}, ${doc.titleTokens.join(' ')}, ${doc.bodyTokens.join(' ')},
      ${scopeTokens(doc.kind, doc.communityId)})`.execute(db);
}

export async function deleteSearchDocument(db: Kysely<DB>, kind: SearchKindName, id: string): Promise<void> {
  if (!isPostgres(db))
    await sql`delete from search_fts where rowid =
      (select doc_no from search_documents where kind = ${kind} and id = ${id})`.execute(db);
  await db.deleteFrom('search_documents').where('kind', '=', kind).where('id', '=', id).execute();
}

const scopeToken = (prefix: string, value: string) => `${prefix}${value.replace(/[^0-9a-zA-Z]/g, '')}`;

/** `klesson c0193…`: the kind and community of a document, as tokens of the FTS5 `scope` column. */
export const scopeTokens = (kind: string, communityId: string) =>
  `${scopeToken('k', kind)} ${scopeToken('c', communityId)}`;

/**
 * The one value the database matches with, for `query` (which must have at least one term)
 * narrowed to `scope` (null: everywhere, for operators): FTS5 query text, where the scope is part
 * of the match so the index skips what the viewer could never open, or tsquery text.
 */
export function matchParameter(db: Kysely<DB>, query: MatchQuery, scope: MatchScope | null): string {
  if (query.terms.length === 0) throw new Error('matchParameter: a query needs at least one term');
  if (isPostgres(db)) return tsqueryText(query);
  // Terms match titles and bodies only, never the scope column's tokens.
  const text = `{title body} : (${fts5Text(query)})`;
  if (!scope) return text;
  const allowed = [scopeToken('k', 'lesson'), ...scope.communityIds.map((id) => scopeToken('c', id))];
  return `(${text}) AND scope : (${allowed.map(ftsToken).join(' OR ')})`;
}

/**
 * Where a viewer's scope is cheaper to apply: inside the match (returned as is) or on the rows
 * (null). On SQLite, ANDing the scope's tokens into the match costs a step through their doclists
 * for every document the words match; when the viewer's communities hold most of the index that
 * is most documents, and checking `community_id` on the rows already read is cheaper (3× for two
 * common words on 100,000 posts). When they hold a small part, the index skips the rest. Only the
 * cost changes: the rows are checked either way (modules/search, `visible`). PostgreSQL applies
 * the scope beside the GIN match, as before.
 */
export async function scopeForMatch(db: Kysely<DB>, scope: MatchScope | null): Promise<MatchScope | null> {
  if (!scope || isPostgres(db) || scope.communityIds.length === 0) return scope;
  const counts = await documentCounts(db, [
    ...KIND_TOKENS,
    ...scope.communityIds.map((id) => scopeToken('c', id)),
  ]);
  if (!counts) return scope;
  const total = KIND_TOKENS.reduce((sum, t) => sum + (counts.get(t) ?? 0), 0);
  const inScope = scope.communityIds.reduce((sum, id) => sum + (counts.get(scopeToken('c', id)) ?? 0), 0);
  return inScope < total * SCOPE_IN_MATCH_BELOW ? scope : null;
}

/** The scope goes into the match when the viewer's communities hold less than this share. */
const SCOPE_IN_MATCH_BELOW = 0.5;
const KIND_TOKENS = ['klesson', 'kpost', 'kcomment'];
/** Document counts move slowly and only choose a plan, so they are reused for a minute. */
const COUNTS_TTL_MS = 60_000;
const countCache = new WeakMap<Kysely<DB>, Map<string, { docs: number; until: number }>>();

/**
 * Documents per token (query words or scope tokens), from FTS5's own vocabulary (a per-connection
 * fts5vocab table), for choosing how to search, never what is found. Null on PostgreSQL.
 */
export async function documentCounts(
  db: Kysely<DB>,
  tokens: readonly string[],
): Promise<Map<string, number> | null> {
  const direct = directReaderOf(db);
  if (!direct || direct.inTransaction) return null;
  let cache = countCache.get(db);
  if (!cache) {
    direct
      .prepare(
        'CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_fts_terms USING fts5vocab(main, search_fts, row)',
      )
      .run();
    cache = new Map();
    countCache.set(db, cache);
  }
  const now = Date.now();
  const out = new Map<string, number>();
  const lookup = direct.prepare('SELECT doc FROM temp.search_fts_terms WHERE term = ?');
  for (const token of tokens) {
    let hit = cache.get(token);
    if (!hit || hit.until < now) {
      const row = lookup.get(token.toLowerCase()) as { doc: number } | undefined;
      hit = { docs: row?.doc ?? 0, until: now + COUNTS_TTL_MS };
      if (cache.size > 10_000) cache.clear();
      cache.set(token, hit);
    }
    out.set(token, hit.docs);
  }
  return out;
}

/**
 * The documents matching `match` (from `matchParameter` with the same scope), narrowed to `scope`
 * on PostgreSQL (on SQLite the match already is).
 */
export function matchDocuments(db: Kysely<DB>, match: string, scope: MatchScope | null): MatchedDocuments {
  if (isPostgres(db)) {
    let q = db.selectFrom('search_documents as d').where(sql<boolean>`d.tsv @@ ${match}::tsquery`);
    if (scope)
      q = q.where((eb) =>
        eb.or([
          eb('d.kind', '=', 'lesson'),
          ...(scope.communityIds.length > 0 ? [eb('d.community_id', 'in', [...scope.communityIds])] : []),
        ]),
      );
    return q as unknown as MatchedDocuments;
  }
  const fts = db as unknown as Kysely<DB & { search_fts: { rowid: number } }>;
  return fts
    .selectFrom('search_fts')
    .innerJoin('search_documents as d', (join) => join.on(sql<boolean>`d.doc_no = search_fts.rowid`))
    .where(sql<boolean>`search_fts match ${match}`) as unknown as MatchedDocuments;
}

/**
 * Newest first, in the order the index reads cheapest (FTS5 walks its rowids backwards; PostgreSQL
 * has an index on created_at), so `limit(n)` stops after n matches instead of scoring them all.
 */
// biome-ignore lint/suspicious/noExplicitAny: any query built on `matchDocuments`
export function newestFirst<Q extends SelectQueryBuilder<any, any, any>>(db: Kysely<DB>, query: Q): Q {
  return (
    isPostgres(db) ? query.orderBy(sql`d.created_at`, 'desc') : query.orderBy(sql`search_fts.rowid`, 'desc')
  ) as Q;
}

/**
 * The document's number where the database has one (SQLite: its FTS5 rowid, the cheapest way back
 * to its row), else null (PostgreSQL keys documents by kind and id only).
 */
export const documentNumber = (db: Kysely<DB>) =>
  isPostgres(db) ? sql<number | null>`null` : sql<number | null>`d.doc_no`;

/**
 * The first `chars` characters of the document's text, for ranking. On SQLite a text of at most
 * `chars` bytes (so at most `chars` characters: most posts) is returned as it is stored: `substr`
 * counts the characters of every text and copies it, a sixth of reading a candidate window.
 */
export function textHead(db: Kysely<DB>, chars: number) {
  const n = sql.lit(chars);
  return isPostgres(db)
    ? sql<string>`substr(d.body, 1, ${n})`
    : sql<string>`case when length(cast(d.body as blob)) <= ${n} then d.body else substr(d.body, 1, ${n}) end`;
}

/**
 * Runs a compiled read. On a root SQLite handle outside a transaction it goes straight to the
 * cached better-sqlite3 statement (as db/prepared.ts does): the query is synchronous on the one
 * connection, so Kysely's connection hand-off, a mutex and several awaits per search, buys nothing.
 */
export async function runSearchRead<Row>(db: Kysely<DB>, compiled: CompiledQuery<Row>): Promise<Row[]> {
  const direct = directReaderOf(db);
  if (direct && !direct.inTransaction)
    return direct.prepare(compiled.sql).all(compiled.parameters as unknown[]) as Row[];
  return (await db.executeQuery(compiled)).rows;
}

/**
 * `runSearchRead` for a query selecting `columns`, each row as an array in that order. On SQLite
 * the statement returns arrays itself (better-sqlite3's raw mode): building a keyed object per
 * row there costs a fifth of reading a candidate window.
 */
export async function runSearchReadArrays(
  db: Kysely<DB>,
  compiled: CompiledQuery,
  columns: readonly string[],
): Promise<unknown[][]> {
  const direct = directReaderOf(db);
  if (direct && !direct.inTransaction) {
    // The statement is shared through the connection's cache: raw mode only for this run.
    const statement = direct.prepare(compiled.sql);
    statement.raw(true);
    try {
      return statement.all(compiled.parameters as unknown[]) as unknown[][];
    } finally {
      statement.raw(false);
    }
  }
  const { rows } = await db.executeQuery<Record<string, unknown>>(compiled);
  return rows.map((row) => columns.map((c) => row[c]));
}

/** Every document still segmented by an older tokenizer: `limit` of them, for re-indexing. */
export function findStaleDocuments(db: Kysely<DB>, tokenizerVersion: number, limit: number) {
  return db
    .selectFrom('search_documents')
    .select(['kind', 'id', 'community_id', 'parent_id', 'title', 'body', 'author_id', 'created_at'])
    .where('tokenizer_version', '<>', tokenizerVersion)
    .limit(limit)
    .execute();
}

// ── query and vector text ───────────────────────────────────────────────

const ftsToken = (t: string) => `"${t.replace(/"/g, '""')}"`;

function fts5Term(term: MatchTerm): string {
  if (term.kind === 'phrase') return `"${term.tokens.map((t) => t.replace(/"/g, '""')).join(' ')}"`;
  if (term.parts.length === 0) return ftsToken(term.word);
  return `(${ftsToken(term.word)} OR (${term.parts.map(ftsToken).join(' AND ')}))`;
}

/** FTS5 query syntax: every term quoted, so nothing the user typed is read as an operator. */
export function fts5Text(query: MatchQuery): string {
  const positive = query.terms.map(fts5Term).join(' AND ');
  if (query.exclude.length === 0) return positive;
  return `(${positive}) NOT (${query.exclude.map(fts5Term).join(' OR ')})`;
}

const lexeme = (t: string) => `'${t.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

function tsqueryTerm(term: MatchTerm): string {
  if (term.kind === 'phrase') return `(${term.tokens.map(lexeme).join(' <-> ')})`;
  if (term.parts.length === 0) return lexeme(term.word);
  return `(${lexeme(term.word)} | (${term.parts.map(lexeme).join(' & ')}))`;
}

/** tsquery input syntax with quoted lexemes: parsed as written, no dictionary applied. */
export function tsqueryText(query: MatchQuery): string {
  const positive = query.terms.map(tsqueryTerm).join(' & ');
  if (query.exclude.length === 0) return positive;
  return `(${positive}) & !(${query.exclude.map(tsqueryTerm).join(' | ')})`;
}

/** PostgreSQL keeps at most this many positions per lexeme, and positions up to 16383. */
const MAX_POSITIONS = 256;
const MAX_POSITION = 16_383;

/** `'token':1A,5A 'other':7` — title tokens weighted A, body tokens D, positions in text order. */
export function tsvectorLiteral(titleTokens: readonly string[], bodyTokens: readonly string[]): string {
  const positions = new Map<string, string[]>();
  let at = 0;
  const add = (tokens: readonly string[], weight: string) => {
    for (const t of tokens) {
      at = Math.min(at + 1, MAX_POSITION);
      let list = positions.get(t);
      if (!list) {
        list = [];
        positions.set(t, list);
      }
      if (list.length < MAX_POSITIONS) list.push(`${at}${weight}`);
    }
  };
  add(titleTokens, 'A');
  add(bodyTokens, '');
  const parts: string[] = [];
  for (const [t, list] of positions) parts.push(`${lexeme(t)}:${list.join(',')}`);
  return parts.join(' ');
}

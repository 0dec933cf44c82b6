/**
 * Hand-written feed server for bench/feed.ts: Fastify and plain SQL on Zhishe's database (SQLite
 * file under DATA_DIR, or DATABASE_URL), answering the same document as Zhishe's
 * GET /api/communities/:id/posts?sort=latest|hot[&cursor=…] for one member (MEMBER_ID), with
 * none of Zhishe's plumbing (no session lookup, no schemas, no query builder):
 *   - the member's role and membership in the community (one query; 403 join_required without),
 *   - one keyset query on the order's index (limit + 1, to know whether there is a next page),
 *   - on the first page of the latest order, the pinned posts.
 */
import type SqliteDatabase from 'better-sqlite3';
import Fastify from 'fastify';
import pg from 'pg';
// Also sets pg's int8 → number parser, as Zhishe's server does.
import { openSqlite } from '../../server/src/db/database.js';
import { announceReady, handWrittenServerEnv, stopOnSignalOrOrphan } from './lifecycle.js';

interface ViewerRow {
  role: string | null;
  state: string | null;
  ends_at: number | null;
}
interface SummaryRow {
  id: string;
  community_id: string;
  author_id: string;
  author_name: string;
  kind: string;
  title: string | null;
  body: string;
  tags: string;
  state: string;
  pinned: number;
  featured: number;
  locked: number;
  reaction_count: number;
  comment_count: number;
  answer_count: number;
  accepted_comment_id: string | null;
  hot_score: number;
  created_at: number;
}

const COLUMNS = `p.id, p.community_id, p.author_id, u.display_name AS author_name, p.kind, p.title, p.body,
  p.tags, p.state, p.pinned, p.featured, p.locked, p.reaction_count, p.comment_count, p.answer_count,
  p.accepted_comment_id, p.hot_score, p.created_at
  FROM posts p JOIN users u ON u.id = p.author_id`;

const SQL = {
  viewer: `SELECT r.role, m.state, m.ends_at FROM communities c
           LEFT JOIN community_roles r ON r.community_id = c.id AND r.user_id = $1
           LEFT JOIN memberships m ON m.community_id = c.id AND m.user_id = $1
           WHERE c.id = $2`,
  latestFirst: `SELECT ${COLUMNS} WHERE p.community_id = $1 AND p.state = 'published'
                ORDER BY p.id DESC LIMIT $2`,
  latestAfter: `SELECT ${COLUMNS} WHERE p.community_id = $1 AND p.state = 'published' AND p.id < $3
                ORDER BY p.id DESC LIMIT $2`,
  hotFirst: `SELECT ${COLUMNS} WHERE p.community_id = $1 AND p.state = 'published'
             ORDER BY p.hot_score DESC, p.id DESC LIMIT $2`,
  hotAfter: `SELECT ${COLUMNS} WHERE p.community_id = $1 AND p.state = 'published'
             AND p.hot_score <= $3 AND (p.hot_score, p.id) < ($3, $4)
             ORDER BY p.hot_score DESC, p.id DESC LIMIT $2`,
  pinned: `SELECT ${COLUMNS} WHERE p.community_id = $1 AND p.pinned = 1 AND p.state = 'published'
           ORDER BY p.id DESC LIMIT 10`,
} as const;
type Name = keyof typeof SQL;
type Param = string | number;

interface Store {
  query<R>(name: Name, values: Param[]): Promise<R[]>;
  close(): Promise<void>;
}

function sqliteStore(file: string): Store {
  const db: SqliteDatabase.Database = openSqlite(file);
  const statements = new Map(
    (Object.keys(SQL) as Name[]).map((name) => [
      name,
      db.prepare<[Record<string, Param>], unknown>(SQL[name].replace(/\$(\d+)/g, '@p$1')),
    ]),
  );
  return {
    async query<R>(name: Name, values: Param[]) {
      const statement = statements.get(name);
      if (!statement) throw new Error(name);
      return statement.all(Object.fromEntries(values.map((v, i) => [`p${i + 1}`, v]))) as R[];
    },
    async close() {
      db.close();
    },
  };
}

function postgresStore(url: string): Store {
  // The same pool size as Zhishe's (server/src/db/database.ts).
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  return {
    async query<R>(name: Name, values: Param[]) {
      const result = await pool.query({ name: `raw_feed_${name}`, text: SQL[name], values });
      return result.rows as R[];
    },
    close: () => pool.end(),
  };
}

/** As the discussions presenter: markdown → one short plain-text line. */
function plainText(markdown: string, max = 200): string {
  const text = markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*_>#~|-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function tagsOf(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

const summary = (r: SummaryRow) => ({
  id: r.id,
  communityId: r.community_id,
  author: { id: r.author_id, displayName: r.author_name },
  kind: r.kind,
  title: r.title,
  excerpt: plainText(r.body),
  tags: tagsOf(r.tags),
  state: r.state,
  pinned: r.pinned === 1,
  featured: r.featured === 1,
  locked: r.locked === 1,
  reactionCount: r.reaction_count,
  commentCount: r.comment_count,
  answerCount: r.answer_count,
  acceptedCommentId: r.accepted_comment_id,
  hotScore: Number(r.hot_score),
  createdAt: r.created_at,
});

const encodeCursor = (c: { id: string; score?: number }) =>
  Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
function decodeCursor(cursor: string): { id: string; score?: number } | null {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      id?: unknown;
      score?: unknown;
    };
    if (typeof value.id !== 'string') return null;
    return typeof value.score === 'number' ? { id: value.id, score: value.score } : { id: value.id };
  } catch {
    return null;
  }
}

const { port, host, memberId, store } = handWrittenServerEnv({
  sqlite: sqliteStore,
  postgres: postgresStore,
});

const LIMIT = 20;
const app = Fastify({ logger: false });

app.get<{ Params: { id: string }; Querystring: { sort?: string; cursor?: string } }>(
  '/api/communities/:id/posts',
  async (request, reply) => {
    const communityId = request.params.id;
    const sort = request.query.sort ?? 'latest';
    if (sort !== 'latest' && sort !== 'hot') return reply.code(400).send({ status: 400, code: 'sort' });
    const after = request.query.cursor ? decodeCursor(request.query.cursor) : null;
    if (request.query.cursor && (!after || (sort === 'hot' && after.score === undefined)))
      return reply.code(400).send({ status: 400, code: 'cursor' });
    const [viewer] = await store.query<ViewerRow>('viewer', [memberId, communityId]);
    if (!viewer) return reply.code(404).send({ status: 404, code: 'not_found' });
    const member = viewer.state === 'active' && (viewer.ends_at === null || viewer.ends_at > Date.now());
    if (!member && viewer.role === null) return reply.code(403).send({ status: 403, code: 'join_required' });
    const rowsPromise =
      sort === 'hot'
        ? after
          ? store.query<SummaryRow>('hotAfter', [communityId, LIMIT + 1, after.score ?? 0, after.id])
          : store.query<SummaryRow>('hotFirst', [communityId, LIMIT + 1])
        : after
          ? store.query<SummaryRow>('latestAfter', [communityId, LIMIT + 1, after.id])
          : store.query<SummaryRow>('latestFirst', [communityId, LIMIT + 1]);
    const [rows, pinned] = await Promise.all([
      rowsPromise,
      sort === 'latest' && !after ? store.query<SummaryRow>('pinned', [communityId]) : Promise.resolve([]),
    ]);
    const items = rows.slice(0, LIMIT);
    const last = items.at(-1);
    return {
      pinned: pinned.map(summary),
      items: items.map(summary),
      nextCursor:
        rows.length > LIMIT && last
          ? encodeCursor(sort === 'hot' ? { id: last.id, score: Number(last.hot_score) } : { id: last.id })
          : null,
    };
  },
);

await app.listen({ port, host });
stopOnSignalOrOrphan(async () => {
  await app.close();
  await store.close();
});
announceReady(port);

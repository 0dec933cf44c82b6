/**
 * Discussions feed benchmark: Zhishe's GET /api/communities/:id/posts?sort=latest|hot (first
 * pages and keyset cursors spread over the whole feed), as a member, against bare Fastify and
 * against a hand-written server running the same page query (bench/servers/raw-feed.ts), on a
 * seeded community of 100,000 posts / 500,000 comments. wrk on loopback, pinned; interleaved
 * rounds; each verdict is the median of per-round ratios. Run `npx tsx bench/feed.ts --help`.
 */
import type { ServerChild } from './lib/children.js';
import { runMain } from './lib/cli.js';
import { type ComparisonOptions, canonicalJson, type Db, runComparison } from './lib/compare.js';
import { FEED_SEED_SIZE, type FeedSeedResult, seedFeedPostgres, seedFeedSqlite } from './lib/seed-feed.js';
import { fmtSeconds } from './lib/stats.js';

type Route = 'latest' | 'hot';

function describeSeed(db: Db, seed: FeedSeedResult): string {
  const c = seed.counts;
  const n = (k: string) => (c[k] ?? 0).toLocaleString('en-US');
  return (
    `Seeded ${db}: ${n('posts')} posts, ${n('post_comments')} comments, ${n('post_tags')} tags, ` +
    `${n('users')} users, ${n('memberships')} memberships — ` +
    `migrate ${fmtSeconds(seed.timings.migrateMs)}, build ${fmtSeconds(seed.timings.buildMs)}, ` +
    `insert ${fmtSeconds(seed.timings.insertMs)}`
  );
}

const cursorsOf = (options: ComparisonOptions<Route>) => options.extra.cursors ?? 200;

const encodeCursor = (c: { id: string; score?: number }) =>
  Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');

/** The posts in each order, as the feed reads them (latest: id desc; hot: score desc, id desc). */
function orders(seed: FeedSeedResult): Record<Route, FeedSeedResult['posts']> {
  const latest = [...seed.posts].sort((x, y) => (x.id < y.id ? 1 : x.id > y.id ? -1 : 0));
  const hot = [...seed.posts].sort((x, y) =>
    x.hotScore !== y.hotScore ? y.hotScore - x.hotScore : x.id < y.id ? 1 : x.id > y.id ? -1 : 0,
  );
  return { latest, hot };
}

/** The cursor that asks for the page after the post at `index` of the order. */
function cursorAt(route: Route, order: FeedSeedResult['posts'], index: number): string {
  const post = order[index];
  if (!post) throw new Error(`no post at ${index}`);
  return encodeCursor(route === 'hot' ? { id: post.id, score: post.hotScore } : { id: post.id });
}

/** First page, then `cursors` keyset cursors spread evenly over the whole feed (deep pages too). */
function feedPaths(seed: FeedSeedResult, route: Route, cursors: number): string[] {
  const order = orders(seed)[route];
  const base = `/api/communities/${seed.communityId}/posts?sort=${route}`;
  const paths = Array.from({ length: Math.max(1, Math.round(cursors / 10)) }, () => base);
  const span = order.length - 2 * FEED_PAGE;
  for (let i = 0; i < cursors; i++) {
    const index = Math.floor(((i + 0.5) * span) / cursors);
    paths.push(`${base}&cursor=${cursorAt(route, order, index)}`);
  }
  return paths;
}

const FEED_PAGE = 20;

/**
 * For each order: the first page, a page deep in the feed and the page its nextCursor leads to
 * answer 200 on both servers with the same document, field by field (canonical JSON), with the
 * posts the seed says, in that order.
 */
async function verify(
  zhishe: ServerChild,
  raw: ServerChild,
  cookie: string,
  seed: FeedSeedResult,
  routes: readonly Route[],
): Promise<void> {
  const get = async (server: ServerChild, p: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.baseUrl}${p}`, { headers });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${server.name} GET ${p} answered ${res.status}: ${text}`);
    return JSON.parse(text) as {
      pinned: { id: string }[];
      items: { id: string }[];
      nextCursor: string | null;
    };
  };
  const all = orders(seed);
  for (const route of routes) {
    const order = all[route];
    const base = `/api/communities/${seed.communityId}/posts?sort=${route}`;
    const deep = Math.floor(order.length / 2);
    const pages: { path: string; from: number }[] = [
      { path: base, from: 0 },
      { path: `${base}&cursor=${cursorAt(route, order, deep)}`, from: deep + 1 },
    ];
    for (let i = 0; i < pages.length; i++) {
      const page = pages[i];
      if (!page) continue;
      const [z, r] = await Promise.all([get(zhishe, page.path, { cookie }), get(raw, page.path)]);
      const expected = order.slice(page.from, page.from + FEED_PAGE).map((p) => p.id);
      if (z.items.map((p) => p.id).join() !== expected.join())
        throw new Error(`${zhishe.name} ${route}: page at ${page.from} is not the seeded order`);
      if (route === 'latest' && page.from === 0 && z.pinned.length === 0)
        throw new Error(`${zhishe.name}: the first latest page has no pinned posts`);
      if (canonicalJson(z) !== canonicalJson(r))
        throw new Error(
          `${zhishe.name} ${route}: the page differs from the hand-written server's:\n${canonicalJson(z)}\n${canonicalJson(r)}`,
        );
      // Follow Zhishe's own nextCursor once from each checked page.
      if (i < 2 && z.nextCursor)
        pages.push({ path: `${base}&cursor=${z.nextCursor}`, from: page.from + FEED_PAGE });
    }
  }
}

runMain(() =>
  runComparison<Route, FeedSeedResult>({
    name: 'feed',
    routeFlag: 'sort',
    routes: ['latest', 'hot'],
    usage: `  --sort <s>          latest, hot or both (default both)
  --cursors <n>       keyset cursors per order, spread over the feed (default 200; the first
                      page is a further tenth of the paths)`,
    profileHint: 'pair with --rounds 1 and one --sort',
    extraOptions: { cursors: { fallback: 200, min: 1, max: 10_000 } },
    setUpSec: { sqlite: 40, postgres: 90 },
    seedSqlite: seedFeedSqlite,
    seedPostgres: seedFeedPostgres,
    describeSeed,
    rawScript: 'raw-feed.ts',
    verify,
    route: (route, seed, options) => ({
      label: `/api/communities/:id/posts?sort=${route}`,
      paths: feedPaths(seed, route, cursorsOf(options)),
    }),
    checked: (_seed, options) =>
      `Checked: both servers answer 200 with the same page document (first page, a page halfway ` +
      `down, and the pages their nextCursor leads to), each order. wrk rotates over the first page ` +
      `and ${cursorsOf(options)} keyset cursors spread over all ${FEED_SEED_SIZE.posts.toLocaleString('en-US')} posts, at random.\n`,
    routeWord: 'order',
    /** Zhishe ≥ 0.7 of the hand-written server, for both orders, on both databases. */
    targetRatio: 0.7,
  }),
);

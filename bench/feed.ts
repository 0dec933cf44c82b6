/**
 * Discussions feed benchmark: Zhishe's GET /api/communities/:id/posts?sort=latest|hot (first
 * pages and keyset cursors spread over the whole feed), as a member, against bare Fastify and
 * against a hand-written server running the same page query (bench/servers/raw-feed.ts), on a
 * seeded community of 100,000 posts / 500,000 comments. wrk on loopback, pinned; interleaved
 * rounds; each verdict is the median of per-round ratios. Run `npx tsx bench/feed.ts --help`.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { killAllChildrenSync, type ServerChild, startServer } from './lib/children.js';
import { createScratchDatabase, type ScratchDatabase } from './lib/postgres.js';
import { largestProfile, summariseProfile } from './lib/profile.js';
import { FEED_SEED_SIZE, type FeedSeedResult, seedFeedPostgres, seedFeedSqlite } from './lib/seed-feed.js';
import { fmtMs, fmtRatio, fmtRps, median, table } from './lib/stats.js';
import type { WrkResult } from './lib/wrk.js';
import { findWrk } from './lib/wrk.js';
import { runWrkPaths, writePathList, writeRandomPathsScript } from './lib/wrk-paths.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVERS = path.join(ROOT, 'bench', 'servers');
/** Zhishe ≥ 0.7 of the hand-written server, for both orders, on both databases. */
const RAW_TARGET_RATIO = 0.7;
const SERVER_CPU = 1;
const WRK_CPU = 0;

const USAGE = `Usage: npx tsx bench/feed.ts [options]

  --rounds <n>        interleaved rounds (env BENCH_ROUNDS, default 3)
  --duration <s>      seconds per wrk run (env BENCH_DURATION, default 5)
  --warmup <s>        seconds of discarded warm-up per target (env BENCH_WARMUP, default 2)
  --connections <n>   wrk connections (env BENCH_CONNECTIONS, default 64)
  --threads <n>       wrk threads (env BENCH_THREADS, default 1)
  --sort <s>          latest, hot or both (default both)
  --cursors <n>       keyset cursors per order, spread over the feed (default 200; the first
                      page is a further tenth of the paths)
  --postgres          also measure on PostgreSQL, in a scratch database created on the server of
                      BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test) and
                      dropped afterwards
  --profile           run the Zhishe servers under --cpu-prof and summarise where time goes
                      (pair with --rounds 1 and one --sort)
  -h, --help          show this message

Servers are pinned to CPU ${SERVER_CPU} and wrk to CPU ${WRK_CPU} with taskset when there are two CPUs.`;

type Route = 'latest' | 'hot';
type Db = 'sqlite' | 'postgres';
type Kind = 'bare' | 'zhishe' | 'raw';

interface Options {
  rounds: number;
  durationSec: number;
  warmupSec: number;
  connections: number;
  threads: number;
  routes: Route[];
  cursors: number;
  postgres: boolean;
  postgresUrl: string;
  profile: boolean;
}

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      rounds: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      threads: { type: 'string' },
      sort: { type: 'string', default: 'both' },
      cursors: { type: 'string' },
      postgres: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return null;
  const int = (flag: string | undefined, envName: string, fallback: number, min: number, max: number) => {
    const raw = flag ?? process.env[envName] ?? String(fallback);
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new Error(`${envName.replace('BENCH_', '--').toLowerCase()} must be an integer ${min}–${max}`);
    }
    return n;
  };
  const routes: Route[] | undefined = (
    { both: ['latest', 'hot'], latest: ['latest'], hot: ['hot'] } as const
  )[values.sort as 'both' | 'latest' | 'hot']?.slice();
  if (!routes) throw new Error('--sort must be latest, hot or both');
  return {
    rounds: int(values.rounds, 'BENCH_ROUNDS', 3, 1, 50),
    durationSec: int(values.duration, 'BENCH_DURATION', 5, 1, 120),
    warmupSec: int(values.warmup, 'BENCH_WARMUP', 2, 0, 60),
    connections: int(values.connections, 'BENCH_CONNECTIONS', 64, 1, 10_000),
    threads: int(values.threads, 'BENCH_THREADS', 1, 1, 64),
    routes,
    cursors: int(values.cursors, 'BENCH_CURSORS', 200, 1, 10_000),
    postgres: values.postgres,
    postgresUrl: process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    profile: values.profile,
  };
}

interface Target {
  name: string;
  kind: Kind;
  route: Route | null;
  db: Db | null;
  server: ServerChild;
  pathList: string;
  headers: string[];
}

interface Run {
  target: Target;
  result: WrkResult;
  vsBare: number;
  /** Zhishe ÷ the hand-written server of the same route and database, same round. */
  vsRaw: number | null;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function describeSeed(db: Db, seed: FeedSeedResult): string {
  const c = seed.counts;
  const n = (k: string) => (c[k] ?? 0).toLocaleString('en-US');
  return (
    `Seeded ${db}: ${n('posts')} posts, ${n('post_comments')} comments, ${n('post_tags')} tags, ` +
    `${n('users')} users, ${n('memberships')} memberships — ` +
    `migrate ${seconds(seed.timings.migrateMs)}, build ${seconds(seed.timings.buildMs)}, ` +
    `insert ${seconds(seed.timings.insertMs)}`
  );
}

/** JSON with object keys sorted, so two documents compare by content, not key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

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

async function main(): Promise<number> {
  let options: Options | null;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    console.error(USAGE);
    return 2;
  }
  if (!options) {
    console.log(USAGE);
    return 0;
  }

  const wrk = findWrk();
  if (!wrk) {
    console.error('wrk is not installed. On Debian/Ubuntu: sudo apt-get install -y wrk  (then run again)');
    return 1;
  }
  const cpus = os.availableParallelism();
  const pinned = cpus >= 2;
  if (!pinned) console.warn('Only one CPU: running unpinned; wrk and the server will compete for it.');
  const serverCpu = pinned ? SERVER_CPU : null;
  const wrkCpu = pinned ? WRK_CPU : null;

  const targetsPerRound = 1 + options.routes.length * 2 * (options.postgres ? 2 : 1);
  const estimateSec =
    targetsPerRound * (options.warmupSec + options.rounds * options.durationSec) +
    (options.postgres ? 90 : 40);
  console.log(
    `Zhishe feed bench — node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${cpus}, ` +
      `${pinned ? `servers on CPU ${SERVER_CPU}, wrk on CPU ${WRK_CPU}` : 'unpinned'}`,
  );
  console.log(
    `wrk -t${options.threads} -c${options.connections} -d${options.durationSec}s --latency, random path per ` +
      `request; ${options.rounds} rounds; about ${Math.ceil(estimateSec)} s in all\n`,
  );

  const abort = new AbortController();
  // Ctrl-C reaches us twice (from the terminal and relayed by the tsx CLI): only a signal that
  // comes well after the first one forces an exit without the orderly clean-up.
  let firstSignalAt = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (firstSignalAt > 0) {
      if (Date.now() - firstSignalAt < 2_000) return;
      killAllChildrenSync();
      process.exit(130);
    }
    firstSignalAt = Date.now();
    console.error(`\n${signal}: stopping the servers… (again in 2 s or later to force)`);
    abort.abort();
  };
  process.stdout.on('error', () => abort.abort());
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', killAllChildrenSync);

  const servers: ServerChild[] = [];
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'zhishe-bench-feed-'));
  const profileDir = path.join(os.tmpdir(), `zhishe-bench-feed-prof-${process.pid}`);
  let scratch: ScratchDatabase | null = null;
  const targets: Target[] = [];
  const runs: Run[][] = [];

  try {
    const start = async (
      name: string,
      script: string,
      env: Record<string, string>,
      nodeArgs: string[] = [],
    ) => {
      const server = await startServer({
        name,
        script: path.join(SERVERS, script),
        cwd: ROOT,
        env: { LOG_LEVEL: 'warn', ...env },
        cpu: serverCpu,
        nodeArgs,
        signal: abort.signal,
      });
      servers.push(server);
      return server;
    };
    const script = writeRandomPathsScript(workDir);
    const barePaths = writePathList(workDir, 'bare', ['/bare']);

    const bare = await start('bare', 'bare.ts', {});
    targets.push({
      name: 'bare Fastify (/bare)',
      kind: 'bare',
      route: null,
      db: null,
      server: bare,
      pathList: barePaths,
      headers: [],
    });

    const setUp = async (db: Db, seed: FeedSeedResult, env: Record<string, string>, nodeArgs: string[]) => {
      const cookie = `zhishe_session=${seed.sessionToken}`;
      const zhishe = await start(db, 'zhishe.ts', env, nodeArgs);
      const raw = await start(`${db} raw`, 'raw-feed.ts', { ...env, MEMBER_ID: seed.memberId });
      await verify(zhishe, raw, cookie, seed, options.routes);
      for (const route of options.routes) {
        const list = writePathList(workDir, `${db}-${route}`, feedPaths(seed, route, options.cursors));
        targets.push(
          {
            name: `${db} Zhishe ${route} (/api/communities/:id/posts?sort=${route})`,
            kind: 'zhishe',
            route,
            db,
            server: zhishe,
            pathList: list,
            headers: [`Cookie: ${cookie}`],
          },
          {
            name: `${db} hand-written ${route}`,
            kind: 'raw',
            route,
            db,
            server: raw,
            pathList: list,
            headers: [],
          },
        );
      }
    };

    const sqliteDir = path.join(workDir, 'sqlite');
    const sqliteSeed = await seedFeedSqlite(path.join(sqliteDir, 'zhishe.db'));
    console.log(describeSeed('sqlite', sqliteSeed));
    const profileArgs = (db: Db) =>
      options.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, db)}`] : [];
    await setUp('sqlite', sqliteSeed, { DATA_DIR: sqliteDir }, profileArgs('sqlite'));

    if (options.postgres) {
      scratch = await createScratchDatabase(options.postgresUrl);
      const pgSeed = await seedFeedPostgres(scratch.url);
      console.log(`${describeSeed('postgres', pgSeed)} (scratch database ${scratch.name})`);
      await setUp(
        'postgres',
        pgSeed,
        { DATA_DIR: path.join(workDir, 'pg'), DATABASE_URL: scratch.url },
        profileArgs('postgres'),
      );
    }
    console.log(
      `Checked: both servers answer 200 with the same page document (first page, a page halfway ` +
        `down, and the pages their nextCursor leads to), each order. wrk rotates over the first page ` +
        `and ${options.cursors} keyset cursors spread over all ${FEED_SEED_SIZE.posts.toLocaleString('en-US')} posts, at random.\n`,
    );

    const wrkRun = (target: Target, durationSec: number) =>
      runWrkPaths(wrk, {
        baseUrl: target.server.baseUrl,
        script,
        pathList: target.pathList,
        threads: options.threads,
        connections: options.connections,
        durationSec,
        headers: target.headers,
        cpu: wrkCpu,
        signal: abort.signal,
      });

    if (options.warmupSec > 0) {
      process.stdout.write(`Warm-up (${options.warmupSec} s each, discarded)…`);
      for (const target of targets) await wrkRun(target, options.warmupSec);
      process.stdout.write(' done\n\n');
    }

    for (let round = 1; round <= options.rounds; round++) {
      const results: { target: Target; result: WrkResult }[] = [];
      for (const target of targets)
        results.push({ target, result: await wrkRun(target, options.durationSec) });
      const bareRps = results[0]?.result.requestsPerSec ?? Number.NaN;
      const rawRps = (route: Route | null, db: Db | null) =>
        results.find((r) => r.target.kind === 'raw' && r.target.route === route && r.target.db === db)?.result
          .requestsPerSec ?? Number.NaN;
      const roundRuns: Run[] = results.map(({ target, result }) => ({
        target,
        result,
        vsBare: result.requestsPerSec / bareRps,
        vsRaw: target.kind === 'zhishe' ? result.requestsPerSec / rawRps(target.route, target.db) : null,
      }));
      runs.push(roundRuns);
      console.log(`Round ${round}/${options.rounds}`);
      console.log(
        table([
          ['target', 'req/s', 'p50', 'p99', 'vs bare', 'vs hand', 'errors'],
          ...roundRuns.map((r) => [
            `  ${r.target.name}`,
            fmtRps(r.result.requestsPerSec),
            fmtMs(r.result.p50Ms),
            fmtMs(r.result.p99Ms),
            fmtRatio(r.vsBare),
            r.vsRaw === null ? '' : fmtRatio(r.vsRaw),
            errorsOf([r]),
          ]),
        ]),
      );
      console.log('');
    }

    printSummary(targets, runs, options);
  } catch (err) {
    if (abort.signal.aborted) {
      console.error(`Interrupted after ${runs.length} complete round(s).`);
      if (runs.length > 0) printSummary(targets, runs, options);
      return 130;
    }
    throw err;
  } finally {
    for (const server of servers.reverse()) await server.stop();
    if (scratch) {
      await scratch.drop().then(
        () => console.log(`Dropped ${scratch?.name}.`),
        (err: unknown) => console.error(`Could not drop ${scratch?.name}:`, err),
      );
    }
    rmSync(workDir, { recursive: true, force: true });
    for (const db of ['sqlite', 'postgres'] as const) {
      const dir = path.join(profileDir, db);
      const profile = options.profile && exists(dir) ? largestProfile(dir) : null;
      if (profile) {
        console.log(`\nCPU profile of the ${db} Zhishe server (open it in Chrome DevTools): ${profile}\n`);
        console.log(summariseProfile(profile, ROOT));
      }
    }
  }
  return 0;
}

function exists(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function errorsOf(runs: readonly Run[]): string {
  const non2xx = runs.reduce((s, r) => s + r.result.non2xx, 0);
  const socket = runs.reduce((s, r) => s + r.result.socketErrors, 0);
  return non2xx + socket > 0 ? `${non2xx} non-2xx, ${socket} socket` : '0';
}

const range = (values: readonly number[]) =>
  `${fmtRatio(Math.min(...values))}–${fmtRatio(Math.max(...values))}`;

function printSummary(targets: readonly Target[], runs: readonly Run[][], options: Options): void {
  const byTarget = (t: Target) => runs.flatMap((round) => round.filter((r) => r.target === t));
  console.log(
    `Summary: medians over ${runs.length} round(s); ratios are medians of per-round ratios ` +
      '("vs hand": Zhishe ÷ the hand-written server, same order and database)',
  );
  console.log(
    table([
      ['target', 'req/s', 'p99', 'vs bare', 'range', 'vs hand', 'range', 'errors'],
      ...targets.map((t) => {
        const rs = byTarget(t);
        const bare = rs.map((r) => r.vsBare);
        const raw = rs.flatMap((r) => (r.vsRaw === null ? [] : [r.vsRaw]));
        return [
          `  ${t.name}`,
          fmtRps(median(rs.map((r) => r.result.requestsPerSec))),
          fmtMs(median(rs.map((r) => r.result.p99Ms))),
          t.kind === 'bare' ? '1.00' : fmtRatio(median(bare)),
          t.kind === 'bare' ? '' : range(bare),
          raw.length > 0 ? fmtRatio(median(raw)) : '',
          raw.length > 0 ? range(raw) : '',
          errorsOf(rs),
        ];
      }),
    ]),
  );
  console.log(`\nTarget: Zhishe ≥ ${RAW_TARGET_RATIO} of the hand-written server, each order, each database`);
  for (const t of targets.filter((x) => x.kind === 'zhishe')) {
    const rs = byTarget(t);
    const pair = targets.find((x) => x.kind === 'raw' && x.route === t.route && x.db === t.db);
    const ratio = median(rs.flatMap((r) => (r.vsRaw === null ? [] : [r.vsRaw])));
    const invalid = [...rs, ...(pair ? byTarget(pair) : [])].some((r) => r.result.non2xx > 0);
    const verdict = invalid ? 'INVALID (non-2xx answers)' : ratio >= RAW_TARGET_RATIO ? 'PASS' : 'BELOW';
    console.log(
      `  ${`${t.db} ${t.route}`.padEnd(17)} ${fmtRatio(ratio)} → ${verdict}` +
        (options.rounds < 3 ? ' (fewer than 3 rounds: indicative only)' : ''),
    );
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);

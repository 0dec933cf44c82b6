/**
 * Search benchmark: GET /api/search as a member of a seeded community of 100,000 posts (Chinese
 * and English, Zipf-distributed words; bench/search-seed.ts), with queries from words found in
 * most posts to words found in a few, at 20 concurrent connections. wrk on loopback, pinned;
 * interleaved rounds; the target is the issue's: p99 < 50 ms on SQLite. Run
 * `npx tsx bench/search.ts --help`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { killAllChildrenSync, type ServerChild, startServer } from './lib/children.js';
import { createScratchDatabase, type ScratchDatabase } from './lib/postgres.js';
import { fmtMs, fmtRps, median, table } from './lib/stats.js';
import { findWrk, type WrkResult } from './lib/wrk.js';
import { runWrkPaths, writePathList, writeRandomPathsScript } from './lib/wrk-paths.js';
import { type SearchSeed, seedSearch } from './search-seed.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVERS = path.join(ROOT, 'bench', 'servers');
const P99_TARGET_MS = 50;
const SERVER_CPU = 1;
const WRK_CPU = 0;

const USAGE = `Usage: npx tsx bench/search.ts [options]

  --posts <n>         posts to seed (env BENCH_POSTS, default 100000)
  --rounds <n>        interleaved rounds (env BENCH_ROUNDS, default 3)
  --duration <s>      seconds per wrk run (env BENCH_DURATION, default 5)
  --warmup <s>        seconds of discarded warm-up per target (env BENCH_WARMUP, default 2)
  --connections <n>   wrk connections (env BENCH_CONNECTIONS, default 20)
  --postgres          also measure on PostgreSQL, in a scratch database created on the server of
                      BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test) and
                      dropped afterwards
  -h, --help          show this message

Servers are pinned to CPU ${SERVER_CPU} and wrk to CPU ${WRK_CPU} with taskset when there are two CPUs.`;

interface Options {
  posts: number;
  rounds: number;
  durationSec: number;
  warmupSec: number;
  connections: number;
  postgres: boolean;
  postgresUrl: string;
}

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      posts: { type: 'string' },
      rounds: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      postgres: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return null;
  const int = (flag: string | undefined, envName: string, fallback: number, min: number, max: number) => {
    const n = Number(flag ?? process.env[envName] ?? String(fallback));
    if (!Number.isInteger(n) || n < min || n > max)
      throw new Error(`${envName.replace('BENCH_', '--').toLowerCase()} must be an integer ${min}–${max}`);
    return n;
  };
  return {
    posts: int(values.posts, 'BENCH_POSTS', 100_000, 100, 1_000_000),
    rounds: int(values.rounds, 'BENCH_ROUNDS', 3, 1, 20),
    durationSec: int(values.duration, 'BENCH_DURATION', 5, 1, 60),
    warmupSec: int(values.warmup, 'BENCH_WARMUP', 2, 0, 30),
    connections: int(values.connections, 'BENCH_CONNECTIONS', 20, 1, 1_000),
    postgres: values.postgres,
    postgresUrl: process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  };
}

interface Target {
  name: string;
  db: 'sqlite' | 'postgres' | null;
  server: ServerChild;
  pathList: string;
  headers: string[];
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The member finds posts; a visitor finds none of them (members-only), and neither counts them. */
async function verify(server: ServerChild, seed: SearchSeed): Promise<void> {
  const get = async (q: string, cookie?: string) => {
    const res = await fetch(`${server.baseUrl}/api/search?q=${encodeURIComponent(q)}`, {
      headers: cookie ? { cookie } : {},
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${server.name} search ${q} answered ${res.status}: ${text}`);
    return JSON.parse(text) as { total: number; items: { communityId: string }[] };
  };
  const member = await get('社群', `zhishe_session=${seed.sessionToken}`);
  if (member.items.length === 0) throw new Error(`${server.name}: the member found nothing for 社群`);
  if (member.items.some((i) => i.communityId !== seed.communityId))
    throw new Error(`${server.name}: the member was shown posts of a community they are not in`);
  const visitor = await get('社群');
  if (visitor.total !== 0) throw new Error(`${server.name}: a visitor was told of ${visitor.total} posts`);
}

function searchPaths(seed: SearchSeed): string[] {
  const paths: string[] = [];
  for (const q of seed.queries) {
    const enc = encodeURIComponent(q);
    paths.push(`/api/search?q=${enc}`, `/api/search?q=${enc}&community=${seed.communityId}`);
  }
  return paths;
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
  console.log(
    `Zhishe search bench — node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${cpus}, ` +
      `${pinned ? `servers on CPU ${SERVER_CPU}, wrk on CPU ${WRK_CPU}` : 'unpinned'}; ` +
      `wrk -t1 -c${options.connections} -d${options.durationSec}s, random query per request; ${options.rounds} rounds\n`,
  );

  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', killAllChildrenSync);

  const servers: ServerChild[] = [];
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'zhishe-bench-search-'));
  let scratch: ScratchDatabase | null = null;
  const targets: Target[] = [];
  const results = new Map<Target, WrkResult[]>();
  try {
    const start = async (name: string, script: string, env: Record<string, string>) => {
      const server = await startServer({
        name,
        script: path.join(SERVERS, script),
        cwd: ROOT,
        env: { LOG_LEVEL: 'warn', ...env },
        cpu: pinned ? SERVER_CPU : null,
        signal: abort.signal,
      });
      servers.push(server);
      return server;
    };
    const script = writeRandomPathsScript(workDir);
    const bare = await start('bare', 'bare.ts', {});
    targets.push({
      name: 'bare Fastify (/bare)',
      db: null,
      server: bare,
      pathList: writePathList(workDir, 'bare', ['/bare']),
      headers: [],
    });

    const setUp = async (db: 'sqlite' | 'postgres', seed: SearchSeed, env: Record<string, string>) => {
      console.log(
        `Seeded ${db}: ${seed.posts.toLocaleString('en-US')} posts — migrate ${seconds(seed.timings.migrateMs)}, ` +
          `segment ${seconds(seed.timings.buildMs)}, insert ${seconds(seed.timings.insertMs)}`,
      );
      const server = await start(db, 'zhishe.ts', env);
      await verify(server, seed);
      targets.push({
        name: `${db} GET /api/search`,
        db,
        server,
        pathList: writePathList(workDir, `${db}-search`, searchPaths(seed)),
        headers: [`Cookie: zhishe_session=${seed.sessionToken}`],
      });
    };
    const sqliteDir = path.join(workDir, 'sqlite');
    await setUp(
      'sqlite',
      await seedSearch({ sqliteFile: path.join(sqliteDir, 'zhishe.db') }, options.posts),
      {
        DATA_DIR: sqliteDir,
      },
    );
    if (options.postgres) {
      scratch = await createScratchDatabase(options.postgresUrl);
      await setUp('postgres', await seedSearch({ url: scratch.url }, options.posts), {
        DATA_DIR: path.join(workDir, 'pg'),
        DATABASE_URL: scratch.url,
      });
    }
    console.log('Checked: the member finds posts of their community only; a visitor is told of none.\n');

    const run = (target: Target, durationSec: number) =>
      runWrkPaths(wrk, {
        baseUrl: target.server.baseUrl,
        script,
        pathList: target.pathList,
        threads: 1,
        connections: options.connections,
        durationSec,
        headers: target.headers,
        cpu: pinned ? WRK_CPU : null,
        signal: abort.signal,
      });
    if (options.warmupSec > 0) for (const target of targets) await run(target, options.warmupSec);
    for (let round = 1; round <= options.rounds; round++) {
      const rows: string[][] = [['target', 'req/s', 'p50', 'p99', 'errors']];
      for (const target of targets) {
        const result = await run(target, options.durationSec);
        results.set(target, [...(results.get(target) ?? []), result]);
        rows.push([
          `  ${target.name}`,
          fmtRps(result.requestsPerSec),
          fmtMs(result.p50Ms),
          fmtMs(result.p99Ms),
          String(result.non2xx + result.socketErrors),
        ]);
      }
      console.log(`Round ${round}/${options.rounds}\n${table(rows)}\n`);
    }

    const summary: string[][] = [['target', 'req/s', 'p50', 'p99', 'errors']];
    for (const target of targets) {
      const rs = results.get(target) ?? [];
      summary.push([
        `  ${target.name}`,
        fmtRps(median(rs.map((r) => r.requestsPerSec))),
        fmtMs(median(rs.map((r) => r.p50Ms))),
        fmtMs(median(rs.map((r) => r.p99Ms))),
        String(rs.reduce((s, r) => s + r.non2xx + r.socketErrors, 0)),
      ]);
    }
    console.log(`Summary: medians over ${options.rounds} round(s)\n${table(summary)}\n`);
    for (const target of targets.filter((t) => t.db !== null)) {
      const rs = results.get(target) ?? [];
      const p99 = median(rs.map((r) => r.p99Ms));
      const invalid = rs.some((r) => r.non2xx > 0);
      const verdict = invalid ? 'INVALID (non-2xx answers)' : p99 < P99_TARGET_MS ? 'PASS' : 'ABOVE';
      const note = target.db === 'sqlite' ? `target p99 < ${P99_TARGET_MS} ms` : 'no target (reported)';
      console.log(
        `  ${target.db} search p99 ${fmtMs(p99)} at ${options.connections} connections (${note}) → ${verdict}`,
      );
    }
  } finally {
    for (const server of servers.reverse()) await server.stop();
    if (scratch)
      await scratch.drop().catch((err: unknown) => console.error(`Could not drop ${scratch?.name}:`, err));
    rmSync(workDir, { recursive: true, force: true });
  }
  return abort.signal.aborted ? 130 : 0;
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

/**
 * Search benchmark: GET /api/search as a member of a seeded community of 100,000 posts (Chinese
 * and English, Zipf-distributed words; bench/search-seed.ts), with queries from words found in
 * most posts to words found in a few, at 20 concurrent connections. wrk on loopback, pinned;
 * interleaved rounds; the target is the issue's: p99 < 50 ms on SQLite. Run
 * `npx tsx bench/search.ts --help`.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { killAllChildrenSync, type ServerChild } from './lib/children.js';
import {
  cleanUp,
  DEFAULT_POSTGRES_URL,
  describeMachine,
  parseBenchArgs,
  prepareBench,
  runMain,
  SERVER_CPU,
  serverStarter,
  WRK_CPU,
} from './lib/cli.js';
import { createScratchDatabase, type ScratchDatabase } from './lib/postgres.js';
import { errorCount, type Measurement, measuredCells, runRounds, runsOf } from './lib/rounds.js';
import { fmtMs, fmtRps, fmtSeconds, median, table } from './lib/stats.js';
import { pathsMeasurer, writePathList, writeRandomPathsScript } from './lib/wrk-paths.js';
import { type SearchSeed, seedSearch } from './search-seed.js';

const P99_TARGET_MS = 50;

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
  const args = parseBenchArgs(argv, {
    ints: {
      posts: { fallback: 100_000, min: 100, max: 1_000_000 },
      rounds: { fallback: 3, min: 1, max: 20 },
      duration: { fallback: 5, min: 1, max: 60 },
      warmup: { fallback: 2, min: 0, max: 30 },
      connections: { fallback: 20, min: 1, max: 1_000 },
    },
    booleans: ['postgres'],
  });
  if (!args) return null;
  return {
    posts: args.ints.posts,
    rounds: args.ints.rounds,
    durationSec: args.ints.duration,
    warmupSec: args.ints.warmup,
    connections: args.ints.connections,
    postgres: args.booleans.postgres,
    postgresUrl: process.env.BENCH_POSTGRES_URL ?? DEFAULT_POSTGRES_URL,
  };
}

interface Target {
  name: string;
  db: 'sqlite' | 'postgres' | null;
  server: ServerChild;
  pathList: string;
  headers: string[];
}

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
  const prepared = prepareBench(parseOptions, USAGE);
  if (typeof prepared === 'number') return prepared;
  const { options, wrk, cpu } = prepared;
  console.log(
    `Zhishe search bench — ${describeMachine(cpu)}; ` +
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
  const runs: Measurement<Target>[][] = [];
  try {
    const start = serverStarter({ cpu: cpu.serverCpu, signal: abort.signal, servers });
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
        `Seeded ${db}: ${seed.posts.toLocaleString('en-US')} posts — migrate ${fmtSeconds(seed.timings.migrateMs)}, ` +
          `segment ${fmtSeconds(seed.timings.buildMs)}, insert ${fmtSeconds(seed.timings.insertMs)}`,
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

    await runRounds({
      targets,
      schedule: options,
      measure: pathsMeasurer(wrk, {
        script,
        threads: 1,
        connections: options.connections,
        cpu: cpu.wrkCpu,
        signal: abort.signal,
      }),
      announceWarmup: false,
      derive: (round) => round,
      roundTable: (round) => [
        ['target', 'req/s', 'p50', 'p99', 'errors'],
        ...round.map((r) => [...measuredCells(r.target.name, r.result), errorCount([r.result])]),
      ],
      completed: runs,
    });

    const summary: string[][] = [['target', 'req/s', 'p50', 'p99', 'errors']];
    for (const target of targets) {
      const rs = runsOf(runs, target).map((r) => r.result);
      summary.push([
        `  ${target.name}`,
        fmtRps(median(rs.map((r) => r.requestsPerSec))),
        fmtMs(median(rs.map((r) => r.p50Ms))),
        fmtMs(median(rs.map((r) => r.p99Ms))),
        errorCount(rs),
      ]);
    }
    console.log(`Summary: medians over ${options.rounds} round(s)\n${table(summary)}\n`);
    for (const target of targets.filter((t) => t.db !== null)) {
      const rs = runsOf(runs, target).map((r) => r.result);
      const p99 = median(rs.map((r) => r.p99Ms));
      const invalid = rs.some((r) => r.non2xx > 0);
      const verdict = invalid ? 'INVALID (non-2xx answers)' : p99 < P99_TARGET_MS ? 'PASS' : 'ABOVE';
      const note = target.db === 'sqlite' ? `target p99 < ${P99_TARGET_MS} ms` : 'no target (reported)';
      console.log(
        `  ${target.db} search p99 ${fmtMs(p99)} at ${options.connections} connections (${note}) → ${verdict}`,
      );
    }
  } finally {
    await cleanUp({ servers, scratch, workDir, announceDrop: false });
  }
  return abort.signal.aborted ? 130 : 0;
}

runMain(main);

/**
 * HTTP benchmark: the real Zhishe app against a bare Fastify baseline, with wrk, on loopback.
 * Interleaved rounds (bare → health → me, each its own wrk run) so drift hits every target alike;
 * the verdict uses the median of per-round ratios to bare. Run `npm run bench -- --help`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ServerChild } from './lib/children.js';
import {
  abortOnInterrupt,
  cleanUp,
  describeMachine,
  isDirectory,
  parseBenchArgs,
  prepareBench,
  ROOT,
  runMain,
  SERVER_CPU,
  serverStarter,
  WRK_CPU,
  WRK_INTS,
  type WrkBenchOptions,
  wrkBenchOptions,
} from './lib/cli.js';
import { createScratchDatabase, type ScratchDatabase } from './lib/postgres.js';
import { largestProfile, summariseProfile } from './lib/profile.js';
import {
  errorCount,
  errorsOf,
  fewRoundsNote,
  measuredCells,
  type RunVsBare,
  ratioRange,
  ratiosToBare,
  ratioVerdict,
  reportInterrupted,
  runRounds,
  runsOf,
} from './lib/rounds.js';
import { fmtMs, fmtRatio, fmtRps, median, table } from './lib/stats.js';
import { runWrk } from './lib/wrk.js';

/** From the issue: authenticated GET /api/me ≥ 0.6 of bare Fastify, on SQLite. */
const ME_TARGET_RATIO = 0.6;

const USAGE = `Usage: npm run bench -- [options]

  --rounds <n>        interleaved rounds (env BENCH_ROUNDS, default 5)
  --duration <s>      seconds per wrk run (env BENCH_DURATION, default 5)
  --warmup <s>        seconds of discarded warm-up per target (env BENCH_WARMUP, default 2)
  --connections <n>   wrk connections (env BENCH_CONNECTIONS, default 64)
  --threads <n>       wrk threads (env BENCH_THREADS, default 1)
  --postgres          also measure Zhishe on PostgreSQL, in a scratch database created on the
                      server of BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test)
                      and dropped afterwards
  --profile           run the SQLite Zhishe server under --cpu-prof and summarise where time goes
                      (pair with --rounds 1)
  -h, --help          show this message

Servers are pinned to CPU ${SERVER_CPU} and wrk to CPU ${WRK_CPU} with taskset when there are two CPUs.`;

interface Options extends WrkBenchOptions {
  profile: boolean;
}

function parseOptions(argv: string[]): Options | null {
  const args = parseBenchArgs(argv, {
    ints: { ...WRK_INTS, rounds: { fallback: 5, min: 1, max: 50 } },
    booleans: ['postgres', 'profile'],
  });
  return args && { ...wrkBenchOptions(args), profile: args.booleans.profile };
}

interface Target {
  name: string;
  server: ServerChild;
  path: string;
  headers: string[];
}

type Run = RunVsBare<Target>;

/** First-run setup over HTTP; returns the `zhishe_session=…` cookie pair, checked on GET /api/me. */
async function setUpOperator(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: 'bench@example.com',
      password: `bench-${randomBytes(16).toString('base64url')}`,
      displayName: 'Bench',
    }),
  });
  if (res.status !== 201) throw new Error(`POST /api/setup answered ${res.status}: ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('zhishe_session='));
  if (!cookie) throw new Error('POST /api/setup set no zhishe_session cookie');
  const me = await fetch(`${baseUrl}/api/me`, { headers: { cookie } });
  if (me.status !== 200) throw new Error(`GET /api/me with the new session answered ${me.status}`);
  return cookie;
}

async function main(): Promise<number> {
  const prepared = prepareBench(parseOptions, USAGE);
  if (typeof prepared === 'number') return prepared;
  const { options, wrk, cpu } = prepared;

  const targetsPerRound = options.postgres ? 5 : 3;
  const estimateSec = targetsPerRound * (options.warmupSec + options.rounds * options.durationSec) + 10;
  console.log(`Zhishe HTTP bench — ${describeMachine(cpu)}`);
  console.log(
    `wrk -t${options.threads} -c${options.connections} -d${options.durationSec}s --latency; ` +
      `${options.rounds} rounds; about ${Math.ceil(estimateSec)} s in all\n`,
  );

  const abort = new AbortController();
  abortOnInterrupt(abort);

  const servers: ServerChild[] = [];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'zhishe-bench-'));
  const profileDir = path.join(os.tmpdir(), `zhishe-bench-prof-${process.pid}`);
  let scratch: ScratchDatabase | null = null;
  const targets: Target[] = [];
  const runs: Run[][] = [];

  try {
    const start = serverStarter({ cpu: cpu.serverCpu, signal: abort.signal, servers });

    const bare = await start('bare', 'bare.ts', {});
    const profileArgs = options.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
    const sqlite = await start('sqlite', 'zhishe.ts', { DATA_DIR: dataDir }, profileArgs);
    const sqliteCookie = await setUpOperator(sqlite.baseUrl);

    targets.push(
      { name: 'bare', server: bare, path: '/bare', headers: [] },
      { name: 'health', server: sqlite, path: '/api/health', headers: [] },
      { name: 'me', server: sqlite, path: '/api/me', headers: [`Cookie: ${sqliteCookie}`] },
    );

    if (options.postgres) {
      scratch = await createScratchDatabase(options.postgresUrl);
      console.log(`PostgreSQL scratch database: ${scratch.name}`);
      const pgServer = await start('postgres', 'zhishe.ts', {
        DATA_DIR: path.join(dataDir, 'pg'),
        DATABASE_URL: scratch.url,
      });
      const pgCookie = await setUpOperator(pgServer.baseUrl);
      targets.push(
        { name: 'pg health', server: pgServer, path: '/api/health', headers: [] },
        { name: 'pg me', server: pgServer, path: '/api/me', headers: [`Cookie: ${pgCookie}`] },
      );
    }

    await runRounds({
      targets,
      schedule: options,
      measure: (target, durationSec) =>
        runWrk(wrk, {
          url: `${target.server.baseUrl}${target.path}`,
          threads: options.threads,
          connections: options.connections,
          durationSec,
          headers: target.headers,
          cpu: cpu.wrkCpu,
          signal: abort.signal,
        }),
      announceWarmup: true,
      derive: ratiosToBare,
      roundTable: (roundRuns) => [
        ['target', 'req/s', 'p50', 'p99', 'vs bare', 'errors'],
        ...roundRuns.map((r) => [
          ...measuredCells(r.target.name, r.result),
          fmtRatio(r.vsBare),
          errorsOf([r.result]),
        ]),
      ],
      completed: runs,
    });

    printSummary(targets, runs, options);
  } catch (err) {
    if (abort.signal.aborted) return reportInterrupted(runs, () => printSummary(targets, runs, options));
    throw err;
  } finally {
    await cleanUp({ servers, scratch, workDir: dataDir, announceDrop: true });
    const profile = options.profile && isDirectory(profileDir) ? largestProfile(profileDir) : null;
    if (profile) {
      console.log(`\nCPU profile of the SQLite server (open it in Chrome DevTools): ${profile}\n`);
      console.log(summariseProfile(profile, ROOT));
    }
  }
  return 0;
}

function printSummary(targets: Target[], runs: Run[][], options: Options): void {
  console.log(
    `Summary: medians over ${runs.length} round(s); "vs bare" is the median of per-round ratios to bare req/s`,
  );
  console.log(
    table([
      ['target', 'req/s', 'p99', 'vs bare', 'ratio range', 'errors'],
      ...targets.map((t) => {
        const rs = runsOf(runs, t);
        const ratios = rs.map((r) => r.vsBare);
        return [
          `  ${t.name} (${t.path})`,
          fmtRps(median(rs.map((r) => r.result.requestsPerSec))),
          fmtMs(median(rs.map((r) => r.result.p99Ms))),
          fmtRatio(median(ratios)),
          t.name === 'bare' ? '' : ratioRange(ratios),
          errorCount(rs.map((r) => r.result)),
        ];
      }),
    ]),
  );
  const me = targets.find((t) => t.name === 'me');
  const meRuns = me ? runsOf(runs, me) : [];
  const meRatio = median(meRuns.map((r) => r.vsBare));
  const verdict = ratioVerdict(
    meRatio,
    ME_TARGET_RATIO,
    meRuns.map((r) => r.result),
  );
  console.log(
    `\nTarget (issue): authenticated GET /api/me ≥ ${ME_TARGET_RATIO} of bare Fastify on SQLite: ` +
      `${fmtRatio(meRatio)} → ${verdict}` +
      fewRoundsNote(options.rounds),
  );
}

runMain(main);

/**
 * Zhishe against a hand-written server reading the same rows, on a seeded database: the frame of
 * bench/content.ts and bench/feed.ts. Bare Fastify, then per database and route Zhishe and the
 * hand-written server, over the same random paths; each verdict is the median of per-round ratios
 * of Zhishe to the hand-written server.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ServerChild } from './children.js';
import {
  abortOnInterrupt,
  cleanUp,
  DEFAULT_POSTGRES_URL,
  describeMachine,
  type IntOption,
  isDirectory,
  parseBenchArgs,
  prepareBench,
  ROOT,
  SERVER_CPU,
  serverStarter,
  WRK_CPU,
  WRK_INTS,
  type WrkBenchOptions,
  wrkBenchOptions,
} from './cli.js';
import { createScratchDatabase, type ScratchDatabase } from './postgres.js';
import { largestProfile, summariseProfile } from './profile.js';
import {
  errorsOf,
  fewRoundsNote,
  type Measurement,
  measuredCells,
  ratioRange,
  ratiosToBare,
  ratioVerdict,
  reportInterrupted,
  runRounds,
  runsOf,
} from './rounds.js';
import { fmtMs, fmtRatio, fmtRps, median, table } from './stats.js';
import { pathsMeasurer, writePathList, writeRandomPathsScript } from './wrk-paths.js';

export type Db = 'sqlite' | 'postgres';

export interface ComparisonOptions<Route extends string> extends WrkBenchOptions {
  routes: Route[];
  profile: boolean;
  /** The bench's own integer options, by name. */
  extra: Record<string, number>;
}

/** The usage lines every comparison bench shares (`extra`: its own, before --postgres). */
function comparisonUsage(script: string, extra: string, profileHint: string): string {
  return `Usage: npx tsx bench/${script} [options]

  --rounds <n>        interleaved rounds (env BENCH_ROUNDS, default 3)
  --duration <s>      seconds per wrk run (env BENCH_DURATION, default 5)
  --warmup <s>        seconds of discarded warm-up per target (env BENCH_WARMUP, default 2)
  --connections <n>   wrk connections (env BENCH_CONNECTIONS, default 64)
  --threads <n>       wrk threads (env BENCH_THREADS, default 1)
${extra}
  --postgres          also measure on PostgreSQL, in a scratch database created on the server of
                      BENCH_POSTGRES_URL (default ${DEFAULT_POSTGRES_URL}) and
                      dropped afterwards
  --profile           run the Zhishe servers under --cpu-prof and summarise where time goes
                      (${profileHint})
  -h, --help          show this message

Servers are pinned to CPU ${SERVER_CPU} and wrk to CPU ${WRK_CPU} with taskset when there are two CPUs.`;
}

/**
 * The shared options, `--<routeFlag>` choosing one of `routes` or both, and `extra` integers;
 * null after --help.
 */
function parseComparisonOptions<Route extends string>(
  argv: string[],
  routeFlag: string,
  routes: readonly Route[],
  extra: Record<string, IntOption>,
): ComparisonOptions<Route> | null {
  const args = parseBenchArgs(argv, {
    ints: { ...WRK_INTS, ...extra },
    booleans: ['postgres', 'profile'],
    choices: { [routeFlag]: [...routes, 'both'] },
  });
  if (!args) return null;
  const chosen = args.choices[routeFlag];
  return {
    ...wrkBenchOptions(args),
    routes: routes.filter((r) => chosen === 'both' || r === chosen),
    profile: args.booleans.profile,
    extra: Object.fromEntries(
      Object.keys(extra).map((name) => [name, (args.ints as Record<string, number>)[name] as number]),
    ),
  };
}

/** JSON with object keys sorted, so two documents compare by content, not key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

export interface ComparedTarget<Route extends string> {
  name: string;
  kind: 'bare' | 'zhishe' | 'raw';
  route: Route | null;
  db: Db | null;
  server: ServerChild;
  pathList: string;
  headers: string[];
}

export interface ComparedRun<Route extends string> extends Measurement<ComparedTarget<Route>> {
  vsBare: number;
  /** Zhishe ÷ the hand-written server of the same route and database, same round. */
  vsRaw: number | null;
}

/** The hand-written target paired with a Zhishe target (same route, same database). */
const isPairOf = <Route extends string>(t: ComparedTarget<Route>, x: ComparedTarget<Route>) =>
  x.kind === 'raw' && x.route === t.route && x.db === t.db;

function compareRound<Route extends string>(
  round: Measurement<ComparedTarget<Route>>[],
): ComparedRun<Route>[] {
  const rawRps = (t: ComparedTarget<Route>) =>
    round.find((r) => isPairOf(t, r.target))?.result.requestsPerSec ?? Number.NaN;
  return ratiosToBare(round).map((r) => ({
    ...r,
    vsRaw: r.target.kind === 'zhishe' ? r.result.requestsPerSec / rawRps(r.target) : null,
  }));
}

function roundTable<Route extends string>(runs: readonly ComparedRun<Route>[]): string[][] {
  return [
    ['target', 'req/s', 'p50', 'p99', 'vs bare', 'vs hand', 'errors'],
    ...runs.map((r) => [
      ...measuredCells(r.target.name, r.result),
      fmtRatio(r.vsBare),
      r.vsRaw === null ? '' : fmtRatio(r.vsRaw),
      errorsOf([r.result]),
    ]),
  ];
}

interface SummaryOptions {
  rounds: number;
  targetRatio: number;
  /** What a route is called here: "route" or "order". */
  routeWord: string;
}

function printSummary<Route extends string>(
  targets: readonly ComparedTarget<Route>[],
  completed: readonly ComparedRun<Route>[][],
  options: SummaryOptions,
): void {
  const vsRawOf = (rs: readonly ComparedRun<Route>[]) =>
    rs.flatMap((r) => (r.vsRaw === null ? [] : [r.vsRaw]));
  console.log(
    `Summary: medians over ${completed.length} round(s); ratios are medians of per-round ratios ` +
      `("vs hand": Zhishe ÷ the hand-written server, same ${options.routeWord} and database)`,
  );
  console.log(
    table([
      ['target', 'req/s', 'p99', 'vs bare', 'range', 'vs hand', 'range', 'errors'],
      ...targets.map((t) => {
        const rs = runsOf(completed, t);
        const bare = rs.map((r) => r.vsBare);
        const raw = vsRawOf(rs);
        return [
          `  ${t.name}`,
          fmtRps(median(rs.map((r) => r.result.requestsPerSec))),
          fmtMs(median(rs.map((r) => r.result.p99Ms))),
          t.kind === 'bare' ? '1.00' : fmtRatio(median(bare)),
          t.kind === 'bare' ? '' : ratioRange(bare),
          raw.length > 0 ? fmtRatio(median(raw)) : '',
          raw.length > 0 ? ratioRange(raw) : '',
          errorsOf(rs.map((r) => r.result)),
        ];
      }),
    ]),
  );
  console.log(
    `\nTarget: Zhishe ≥ ${options.targetRatio} of the hand-written server, each ${options.routeWord}, each database`,
  );
  for (const t of targets.filter((x) => x.kind === 'zhishe')) {
    const rs = runsOf(completed, t);
    const pair = targets.find((x) => isPairOf(t, x));
    const ratio = median(vsRawOf(rs));
    const results = [...rs, ...(pair ? runsOf(completed, pair) : [])].map((r) => r.result);
    console.log(
      `  ${`${t.db} ${t.route}`.padEnd(17)} ${fmtRatio(ratio)} → ${ratioVerdict(ratio, options.targetRatio, results)}` +
        fewRoundsNote(options.rounds),
    );
  }
}

export interface ComparisonBench<
  Route extends string,
  Seed extends { sessionToken: string; memberId: string },
> {
  /** "content" or "feed": bench/<name>.ts, in the header and the names of the temporary directories. */
  name: string;
  /** The option that picks the routes (`--route outline`), and the routes; both by default. */
  routeFlag: string;
  routes: readonly Route[];
  /** Usage lines of the routes option and of `extraOptions`. */
  usage: string;
  /** How to profile usefully, in the usage of --profile. */
  profileHint: string;
  /** The bench's own integer options (`--cursors`), by name. */
  extraOptions?: Record<string, IntOption>;
  /** Seconds that seeding and start-up add to the estimate, without and with PostgreSQL. */
  setUpSec: { sqlite: number; postgres: number };
  seedSqlite(file: string): Promise<Seed>;
  seedPostgres(url: string): Promise<Seed>;
  describeSeed(db: Db, seed: Seed): string;
  /** The hand-written server, a script in bench/servers. */
  rawScript: string;
  /** Both servers answer the same documents, or this throws. */
  verify(
    zhishe: ServerChild,
    raw: ServerChild,
    cookie: string,
    seed: Seed,
    routes: readonly Route[],
  ): Promise<void>;
  /** The route as Zhishe's target names it, and the paths wrk rotates over for it. */
  route(route: Route, seed: Seed, options: ComparisonOptions<Route>): { label: string; paths: string[] };
  /** What was checked and what wrk requests, said once both databases are ready. */
  checked(sqliteSeed: Seed, options: ComparisonOptions<Route>): string;
  /** What a route is called in the summary: "route" or "order". */
  routeWord: string;
  /** Zhishe ÷ hand-written, per route and database, that passes. */
  targetRatio: number;
}

/**
 * Reads the options, then seeds, starts and checks the servers, runs the rounds and prints the
 * summary; the exit code.
 */
export async function runComparison<
  Route extends string,
  Seed extends { sessionToken: string; memberId: string },
>(bench: ComparisonBench<Route, Seed>): Promise<number> {
  const prepared = prepareBench(
    (argv) => parseComparisonOptions(argv, bench.routeFlag, bench.routes, bench.extraOptions ?? {}),
    comparisonUsage(`${bench.name}.ts`, bench.usage, bench.profileHint),
  );
  if (typeof prepared === 'number') return prepared;
  const { options, wrk, cpu } = prepared;

  const targetsPerRound = 1 + options.routes.length * 2 * (options.postgres ? 2 : 1);
  const estimateSec =
    targetsPerRound * (options.warmupSec + options.rounds * options.durationSec) +
    (options.postgres ? bench.setUpSec.postgres : bench.setUpSec.sqlite);
  console.log(`Zhishe ${bench.name} bench — ${describeMachine(cpu)}`);
  console.log(
    `wrk -t${options.threads} -c${options.connections} -d${options.durationSec}s --latency, random path per ` +
      `request; ${options.rounds} rounds; about ${Math.ceil(estimateSec)} s in all\n`,
  );

  const abort = new AbortController();
  abortOnInterrupt(abort);

  const servers: ServerChild[] = [];
  const workDir = mkdtempSync(path.join(os.tmpdir(), `zhishe-bench-${bench.name}-`));
  const profileDir = path.join(os.tmpdir(), `zhishe-bench-${bench.name}-prof-${process.pid}`);
  let scratch: ScratchDatabase | null = null;
  const targets: ComparedTarget<Route>[] = [];
  const completed: ComparedRun<Route>[][] = [];
  const summary = { rounds: options.rounds, targetRatio: bench.targetRatio, routeWord: bench.routeWord };

  try {
    const start = serverStarter({ cpu: cpu.serverCpu, signal: abort.signal, servers });
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

    const setUp = async (db: Db, seed: Seed, env: Record<string, string>) => {
      const cookie = `zhishe_session=${seed.sessionToken}`;
      const nodeArgs = options.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, db)}`] : [];
      const zhishe = await start(db, 'zhishe.ts', env, nodeArgs);
      const raw = await start(`${db} raw`, bench.rawScript, { ...env, MEMBER_ID: seed.memberId });
      await bench.verify(zhishe, raw, cookie, seed, options.routes);
      for (const route of options.routes) {
        const { label, paths } = bench.route(route, seed, options);
        const pathList = writePathList(workDir, `${db}-${route}`, paths);
        targets.push(
          {
            name: `${db} Zhishe ${route} (${label})`,
            kind: 'zhishe',
            route,
            db,
            server: zhishe,
            pathList,
            headers: [`Cookie: ${cookie}`],
          },
          { name: `${db} hand-written ${route}`, kind: 'raw', route, db, server: raw, pathList, headers: [] },
        );
      }
    };

    const sqliteDir = path.join(workDir, 'sqlite');
    const sqliteSeed = await bench.seedSqlite(path.join(sqliteDir, 'zhishe.db'));
    console.log(bench.describeSeed('sqlite', sqliteSeed));
    await setUp('sqlite', sqliteSeed, { DATA_DIR: sqliteDir });

    if (options.postgres) {
      scratch = await createScratchDatabase(options.postgresUrl);
      const pgSeed = await bench.seedPostgres(scratch.url);
      console.log(`${bench.describeSeed('postgres', pgSeed)} (scratch database ${scratch.name})`);
      await setUp('postgres', pgSeed, { DATA_DIR: path.join(workDir, 'pg'), DATABASE_URL: scratch.url });
    }
    console.log(bench.checked(sqliteSeed, options));

    await runRounds({
      targets,
      schedule: options,
      measure: pathsMeasurer(wrk, {
        script,
        threads: options.threads,
        connections: options.connections,
        cpu: cpu.wrkCpu,
        signal: abort.signal,
      }),
      announceWarmup: true,
      derive: compareRound,
      roundTable,
      completed,
    });

    printSummary(targets, completed, summary);
  } catch (err) {
    if (abort.signal.aborted)
      return reportInterrupted(completed, () => printSummary(targets, completed, summary));
    throw err;
  } finally {
    await cleanUp({ servers, scratch, workDir, announceDrop: true });
    for (const db of ['sqlite', 'postgres'] as const) {
      const dir = path.join(profileDir, db);
      const profile = options.profile && isDirectory(dir) ? largestProfile(dir) : null;
      if (profile) {
        console.log(`\nCPU profile of the ${db} Zhishe server (open it in Chrome DevTools): ${profile}\n`);
        console.log(summariseProfile(profile, ROOT));
      }
    }
  }
  return 0;
}

/**
 * HTTP benchmark: the real Zhishe app against a bare Fastify baseline, with wrk, on loopback.
 * Interleaved rounds (bare → health → me, each its own wrk run) so drift hits every target alike;
 * the verdict uses the median of per-round ratios to bare. Run `npm run bench -- --help`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { killAllChildrenSync, type ServerChild, startServer } from './lib/children.js';
import { createScratchDatabase, type ScratchDatabase } from './lib/postgres.js';
import { largestProfile, summariseProfile } from './lib/profile.js';
import { fmtMs, fmtRatio, fmtRps, median, table } from './lib/stats.js';
import { findWrk, runWrk, type WrkResult } from './lib/wrk.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVERS = path.join(ROOT, 'bench', 'servers');
/** From the issue: authenticated GET /api/me ≥ 0.6 of bare Fastify, on SQLite. */
const ME_TARGET_RATIO = 0.6;
const SERVER_CPU = 1;
const WRK_CPU = 0;

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

interface Options {
  rounds: number;
  durationSec: number;
  warmupSec: number;
  connections: number;
  threads: number;
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
  return {
    rounds: int(values.rounds, 'BENCH_ROUNDS', 5, 1, 50),
    durationSec: int(values.duration, 'BENCH_DURATION', 5, 1, 120),
    warmupSec: int(values.warmup, 'BENCH_WARMUP', 2, 0, 60),
    connections: int(values.connections, 'BENCH_CONNECTIONS', 64, 1, 10_000),
    threads: int(values.threads, 'BENCH_THREADS', 1, 1, 64),
    postgres: values.postgres,
    postgresUrl: process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    profile: values.profile,
  };
}

interface Target {
  name: string;
  server: ServerChild;
  path: string;
  headers: string[];
}

interface Run {
  target: string;
  result: WrkResult;
  ratio: number;
}

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

  const targetsPerRound = options.postgres ? 5 : 3;
  const estimateSec = targetsPerRound * (options.warmupSec + options.rounds * options.durationSec) + 10;
  console.log(
    `Zhishe HTTP bench — node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${cpus}, ` +
      `${pinned ? `servers on CPU ${SERVER_CPU}, wrk on CPU ${WRK_CPU}` : 'unpinned'}`,
  );
  console.log(
    `wrk -t${options.threads} -c${options.connections} -d${options.durationSec}s --latency; ` +
      `${options.rounds} rounds; about ${Math.ceil(estimateSec)} s in all\n`,
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
  // Output piped into something that quits early (`| head`): stop, but still clean up.
  process.stdout.on('error', () => abort.abort());
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', killAllChildrenSync);

  const servers: ServerChild[] = [];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'zhishe-bench-'));
  const profileDir = path.join(os.tmpdir(), `zhishe-bench-prof-${process.pid}`);
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

    const wrkRun = (target: Target, durationSec: number) =>
      runWrk(wrk, {
        url: `${target.server.baseUrl}${target.path}`,
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
      const roundRuns = results.map(({ target, result }) => ({
        target: target.name,
        result,
        ratio: result.requestsPerSec / bareRps,
      }));
      runs.push(roundRuns);
      console.log(`Round ${round}/${options.rounds}`);
      console.log(
        table([
          ['target', 'req/s', 'p50', 'p99', 'vs bare', 'errors'],
          ...roundRuns.map((r) => [
            `  ${r.target}`,
            fmtRps(r.result.requestsPerSec),
            fmtMs(r.result.p50Ms),
            fmtMs(r.result.p99Ms),
            fmtRatio(r.ratio),
            r.result.non2xx + r.result.socketErrors > 0
              ? `${r.result.non2xx} non-2xx, ${r.result.socketErrors} socket`
              : '0',
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
    rmSync(dataDir, { recursive: true, force: true });
    const profile = options.profile && exists(profileDir) ? largestProfile(profileDir) : null;
    if (profile) {
      console.log(`\nCPU profile of the SQLite server (open it in Chrome DevTools): ${profile}\n`);
      console.log(summariseProfile(profile, ROOT));
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

function printSummary(targets: Target[], runs: Run[][], options: Options): void {
  const byTarget = (name: string) => runs.flatMap((round) => round.filter((r) => r.target === name));
  console.log(
    `Summary: medians over ${runs.length} round(s); "vs bare" is the median of per-round ratios to bare req/s`,
  );
  console.log(
    table([
      ['target', 'req/s', 'p99', 'vs bare', 'ratio range', 'errors'],
      ...targets.map((t) => {
        const rs = byTarget(t.name);
        const ratios = rs.map((r) => r.ratio);
        const errors = rs.reduce((sum, r) => sum + r.result.non2xx + r.result.socketErrors, 0);
        return [
          `  ${t.name} (${t.path})`,
          fmtRps(median(rs.map((r) => r.result.requestsPerSec))),
          fmtMs(median(rs.map((r) => r.result.p99Ms))),
          fmtRatio(median(ratios)),
          t.name === 'bare' ? '' : `${fmtRatio(Math.min(...ratios))}–${fmtRatio(Math.max(...ratios))}`,
          String(errors),
        ];
      }),
    ]),
  );
  const meRuns = byTarget('me');
  const meRatio = median(meRuns.map((r) => r.ratio));
  const invalid = meRuns.some((r) => r.result.non2xx > 0);
  const verdict = invalid ? 'INVALID (non-2xx answers)' : meRatio >= ME_TARGET_RATIO ? 'PASS' : 'BELOW';
  console.log(
    `\nTarget (issue): authenticated GET /api/me ≥ ${ME_TARGET_RATIO} of bare Fastify on SQLite: ` +
      `${fmtRatio(meRatio)} → ${verdict}` +
      (options.rounds < 3 ? ' (fewer than 3 rounds: indicative only)' : ''),
  );
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

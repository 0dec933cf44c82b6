/** What every wrk bench does around its measurements: options, CPUs, signals, servers, clean-up. */
import { rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { killAllChildrenSync, type ServerChild, startServer } from './children.js';
import type { ScratchDatabase } from './postgres.js';
import { findWrk } from './wrk.js';

/** The repository: the servers run with it as their working directory. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SERVERS = path.join(ROOT, 'bench', 'servers');
export const SERVER_CPU = 1;
export const WRK_CPU = 0;
export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** An integer option `--<name>`: the flag, else env `BENCH_<NAME>`, else `fallback`; min–max. */
export interface IntOption {
  fallback: number;
  min: number;
  max: number;
}

export interface BenchArgsSpec<I extends string, B extends string, C extends string> {
  ints: Record<I, IntOption>;
  /** Flags, false unless given. */
  booleans: readonly B[];
  /** Options that take one of a few words; the last word is the default. */
  choices?: Record<C, readonly string[]>;
}

export interface BenchArgs<I extends string, B extends string, C extends string> {
  ints: Record<I, number>;
  booleans: Record<B, boolean>;
  choices: Record<C, string>;
}

const orList = (words: readonly string[]) => `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;

/** The options of `spec` (and -h/--help, giving null); throws on an unknown or invalid one. */
export function parseBenchArgs<I extends string, B extends string, C extends string = never>(
  argv: string[],
  spec: BenchArgsSpec<I, B, C>,
): BenchArgs<I, B, C> | null {
  const choiceEntries = Object.entries<readonly string[]>(
    spec.choices ?? ({} as Record<C, readonly string[]>),
  );
  const { values } = parseArgs({
    args: argv,
    options: {
      ...Object.fromEntries(Object.keys(spec.ints).map((name) => [name, { type: 'string' as const }])),
      ...Object.fromEntries(choiceEntries.map(([name]) => [name, { type: 'string' as const }])),
      ...Object.fromEntries(
        spec.booleans.map((name) => [name, { type: 'boolean' as const, default: false }]),
      ),
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return null;
  const given = values as Record<string, string | boolean | undefined>;
  const choices: Record<string, string> = {};
  // Allowed words are checked before numbers, as each bench has always reported them.
  for (const [name, words] of choiceEntries) {
    const value = (given[name] as string | undefined) ?? (words.at(-1) as string);
    if (!words.includes(value)) throw new Error(`--${name} must be ${orList(words)}`);
    choices[name] = value;
  }
  const ints: Record<string, number> = {};
  for (const [name, o] of Object.entries<IntOption>(spec.ints)) {
    const n = Number(
      (given[name] as string | undefined) ?? process.env[`BENCH_${name.toUpperCase()}`] ?? o.fallback,
    );
    if (!Number.isInteger(n) || n < o.min || n > o.max)
      throw new Error(`--${name} must be an integer ${o.min}–${o.max}`);
    ints[name] = n;
  }
  const booleans = Object.fromEntries(spec.booleans.map((name) => [name, given[name] === true]));
  return {
    ints: ints as Record<I, number>,
    booleans: booleans as Record<B, boolean>,
    choices: choices as Record<C, string>,
  };
}

/** The options of every wrk bench with their usual default and bounds (a bench may change them). */
export const WRK_INTS = {
  rounds: { fallback: 3, min: 1, max: 50 },
  duration: { fallback: 5, min: 1, max: 120 },
  warmup: { fallback: 2, min: 0, max: 60 },
  connections: { fallback: 64, min: 1, max: 10_000 },
  threads: { fallback: 1, min: 1, max: 64 },
} satisfies Record<string, IntOption>;

export interface WrkBenchOptions {
  rounds: number;
  durationSec: number;
  warmupSec: number;
  connections: number;
  threads: number;
  postgres: boolean;
  postgresUrl: string;
}

/** The options of WRK_INTS and --postgres, as the benches name them. */
export function wrkBenchOptions(args: BenchArgs<keyof typeof WRK_INTS, 'postgres', string>): WrkBenchOptions {
  return {
    rounds: args.ints.rounds,
    durationSec: args.ints.duration,
    warmupSec: args.ints.warmup,
    connections: args.ints.connections,
    threads: args.ints.threads,
    postgres: args.booleans.postgres,
    postgresUrl: process.env.BENCH_POSTGRES_URL ?? DEFAULT_POSTGRES_URL,
  };
}

/**
 * The parsed options, or the exit code when there is nothing to run: 0 after --help (parse gave
 * null), 2 after a bad option (the message and the usage on stderr).
 */
function readOptions<O>(parse: (argv: string[]) => O | null, usage: string): O | number {
  let options: O | null;
  try {
    options = parse(process.argv.slice(2));
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    console.error(usage);
    return 2;
  }
  if (!options) {
    console.log(usage);
    return 0;
  }
  return options;
}

/** The options, wrk and the CPU plan; or the exit code when there is nothing to run. */
export function prepareBench<O>(
  parse: (argv: string[]) => O | null,
  usage: string,
): { options: O; wrk: string; cpu: CpuPlan } | number {
  const options = readOptions(parse, usage);
  if (typeof options === 'number') return options;
  const wrk = requireWrk();
  if (!wrk) return 1;
  return { options, wrk, cpu: planCpus() };
}

/** The wrk binary, or null after telling how to install it. */
function requireWrk(): string | null {
  const wrk = findWrk();
  if (!wrk)
    console.error('wrk is not installed. On Debian/Ubuntu: sudo apt-get install -y wrk  (then run again)');
  return wrk;
}

export interface CpuPlan {
  cpus: number;
  pinned: boolean;
  serverCpu: number | null;
  wrkCpu: number | null;
}

/** Servers and wrk each on a CPU of their own when there are two; unpinned (with a warning) otherwise. */
function planCpus(): CpuPlan {
  const cpus = os.availableParallelism();
  const pinned = cpus >= 2;
  if (!pinned) console.warn('Only one CPU: running unpinned; wrk and the server will compete for it.');
  return { cpus, pinned, serverCpu: pinned ? SERVER_CPU : null, wrkCpu: pinned ? WRK_CPU : null };
}

/** `node v20…, <CPU model> × <n>, servers on CPU 1, wrk on CPU 0` (or `unpinned`). */
export function describeMachine(plan: CpuPlan): string {
  return (
    `node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${plan.cpus}, ` +
    `${plan.pinned ? `servers on CPU ${SERVER_CPU}, wrk on CPU ${WRK_CPU}` : 'unpinned'}`
  );
}

/**
 * Ctrl-C, SIGTERM or a closed stdout (`| head`) aborts, so the bench stops and still cleans up;
 * children are killed on any exit.
 */
export function abortOnInterrupt(abort: AbortController): void {
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
}

export type ServerStarter = (
  name: string,
  script: string,
  env: Record<string, string>,
  nodeArgs?: string[],
) => Promise<ServerChild>;

/** Starts scripts of bench/servers (pinned as planned, LOG_LEVEL=warn) and records them in `servers`. */
export function serverStarter(options: {
  cpu: number | null;
  signal: AbortSignal;
  servers: ServerChild[];
}): ServerStarter {
  return async (name, script, env, nodeArgs = []) => {
    const server = await startServer({
      name,
      script: path.join(SERVERS, script),
      cwd: ROOT,
      env: { LOG_LEVEL: 'warn', ...env },
      cpu: options.cpu,
      nodeArgs,
      signal: options.signal,
    });
    options.servers.push(server);
    return server;
  };
}

/** Stops the servers (last started first), drops the scratch database and removes the work dir. */
export async function cleanUp(options: {
  servers: ServerChild[];
  scratch: ScratchDatabase | null;
  workDir: string;
  /** Say "Dropped …" once the scratch database is gone. */
  announceDrop: boolean;
}): Promise<void> {
  for (const server of options.servers.reverse()) await server.stop();
  const { scratch } = options;
  if (scratch) {
    await scratch.drop().then(
      () => {
        if (options.announceDrop) console.log(`Dropped ${scratch.name}.`);
      },
      (err: unknown) => console.error(`Could not drop ${scratch.name}:`, err),
    );
  }
  rmSync(options.workDir, { recursive: true, force: true });
}

export function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** Runs the bench's main and sets the exit code from it (1 and the error when it throws). */
export function runMain(main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}

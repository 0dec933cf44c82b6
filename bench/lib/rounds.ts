/**
 * Interleaved rounds: every target gets one wrk run per round, in the same order, so drift on a
 * shared machine hits every target alike; summaries take medians over the rounds.
 */
import { fmtMs, fmtRatio, fmtRps, table } from './stats.js';
import type { WrkResult } from './wrk.js';

/** One wrk run of one target. */
export interface Measurement<T> {
  target: T;
  result: WrkResult;
}

/** A measurement with its req/s as a share of the round's first target (bare Fastify). */
export interface RunVsBare<T> extends Measurement<T> {
  vsBare: number;
}

export interface RoundsOptions<T, R extends Measurement<T>> {
  targets: readonly T[];
  /** How many rounds, and the seconds of each wrk run and of each target's warm-up. */
  schedule: { rounds: number; durationSec: number; warmupSec: number };
  measure: (target: T, durationSec: number) => Promise<WrkResult>;
  /** Print a line while the (discarded) warm-up runs. */
  announceWarmup: boolean;
  /** One round's measurements, in target order, with whatever each bench derives from them. */
  derive: (round: Measurement<T>[]) => R[];
  /** The table printed after each round, header row first. */
  roundTable: (runs: readonly R[]) => string[][];
  /** Each complete round is appended here as it ends, so an interrupted bench can summarise them. */
  completed: R[][];
}

/** Warm-up, then `rounds` rounds over all targets, each followed by its table. */
export async function runRounds<T, R extends Measurement<T>>(options: RoundsOptions<T, R>): Promise<void> {
  const { rounds, durationSec, warmupSec } = options.schedule;
  if (warmupSec > 0) {
    if (options.announceWarmup) process.stdout.write(`Warm-up (${warmupSec} s each, discarded)…`);
    for (const target of options.targets) await options.measure(target, warmupSec);
    if (options.announceWarmup) process.stdout.write(' done\n\n');
  }
  for (let round = 1; round <= rounds; round++) {
    const results: Measurement<T>[] = [];
    for (const target of options.targets)
      results.push({ target, result: await options.measure(target, durationSec) });
    const runs = options.derive(results);
    options.completed.push(runs);
    console.log(`Round ${round}/${rounds}`);
    console.log(table(options.roundTable(runs)));
    console.log('');
  }
}

/** Adds each run's ratio to the round's first target, which is bare Fastify in every bench. */
export function ratiosToBare<T>(round: readonly Measurement<T>[]): RunVsBare<T>[] {
  const bareRps = round[0]?.result.requestsPerSec ?? Number.NaN;
  return round.map((m) => ({ ...m, vsBare: m.result.requestsPerSec / bareRps }));
}

/** The runs of one target across the rounds. */
export function runsOf<T, R extends Measurement<T>>(completed: readonly (readonly R[])[], target: T): R[] {
  return completed.flatMap((round) => round.filter((r) => r.target === target));
}

/** The leading cells of a round row: name, req/s, p50, p99. */
export function measuredCells(name: string, result: WrkResult): string[] {
  return [`  ${name}`, fmtRps(result.requestsPerSec), fmtMs(result.p50Ms), fmtMs(result.p99Ms)];
}

/** `0`, or `3 non-2xx, 1 socket`. */
export function errorsOf(results: readonly WrkResult[]): string {
  const non2xx = results.reduce((s, r) => s + r.non2xx, 0);
  const socket = results.reduce((s, r) => s + r.socketErrors, 0);
  return non2xx + socket > 0 ? `${non2xx} non-2xx, ${socket} socket` : '0';
}

/** Non-2xx answers and socket errors, as one number. */
export function errorCount(results: readonly WrkResult[]): string {
  return String(results.reduce((s, r) => s + r.non2xx + r.socketErrors, 0));
}

/** `0.61–0.74`: the lowest and highest of per-round ratios. */
export const ratioRange = (values: readonly number[]): string =>
  `${fmtRatio(Math.min(...values))}–${fmtRatio(Math.max(...values))}`;

/** PASS or BELOW against a ratio target; INVALID when any answer was not 2xx. */
export function ratioVerdict(ratio: number, target: number, results: readonly WrkResult[]): string {
  if (results.some((r) => r.non2xx > 0)) return 'INVALID (non-2xx answers)';
  return ratio >= target ? 'PASS' : 'BELOW';
}

/** Appended to a verdict when there were too few rounds for a median to mean much. */
export const fewRoundsNote = (rounds: number): string =>
  rounds < 3 ? ' (fewer than 3 rounds: indicative only)' : '';

/** Says how far an interrupted bench got, summarises the complete rounds, and gives exit code 130. */
export function reportInterrupted<R>(completed: readonly R[][], summarise: () => void): number {
  console.error(`Interrupted after ${completed.length} complete round(s).`);
  if (completed.length > 0) summarise();
  return 130;
}

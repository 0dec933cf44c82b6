import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export interface WrkOptions {
  url: string;
  threads: number;
  connections: number;
  durationSec: number;
  headers: string[];
  /** CPU to pin wrk to with taskset, or `null` to run unpinned. */
  cpu: number | null;
  signal: AbortSignal;
  /** A Lua script (`-s`) and the arguments after `--`; its errors on stderr fail the run. */
  script?: { file: string; args: string[] };
}

export interface WrkResult {
  requestsPerSec: number;
  requests: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses that were not 2xx/3xx: a run with any of these measured the wrong thing. */
  non2xx: number;
  socketErrors: number;
}

/** Debian's wrk first, then anything on PATH; `null` when there is none. */
export function findWrk(): string | null {
  const candidates = [
    '/usr/bin/wrk',
    ...(process.env.PATH ?? '').split(path.delimiter).map((d) => `${d}/wrk`),
  ];
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  return null;
}

export async function runWrk(wrk: string, options: WrkOptions): Promise<WrkResult> {
  const wrkArgs = [
    `-t${options.threads}`,
    `-c${options.connections}`,
    `-d${options.durationSec}s`,
    '--latency',
    ...(options.script ? ['-s', options.script.file] : []),
    ...options.headers.flatMap((h) => ['-H', h]),
    options.url,
    ...(options.script ? ['--', ...options.script.args] : []),
  ];
  const [command, ...args] =
    options.cpu === null ? [wrk, ...wrkArgs] : ['taskset', '-c', String(options.cpu), wrk, ...wrkArgs];
  const output = await new Promise<string>((resolve, reject) => {
    if (options.signal.aborted) {
      reject(new Error('interrupted'));
      return;
    }
    const child = spawn(command as string, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // Bounded even if wrk hangs on a server that stopped answering.
    const timer = setTimeout(() => child.kill('SIGKILL'), (options.durationSec + 15) * 1000);
    const onAbort = (): void => {
      child.kill('SIGTERM');
    };
    options.signal.addEventListener('abort', onAbort, { once: true });
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      if (options.signal.aborted) reject(new Error('interrupted'));
      else if (code !== 0)
        reject(new Error(`wrk failed (code ${code}, signal ${signal}): ${stderr || stdout}`));
      else if (options.script && stderr.trim()) reject(new Error(`wrk script error: ${stderr.trim()}`));
      else resolve(stdout);
    });
  });
  return parseWrkOutput(output);
}

/** wrk prints times as e.g. `812.00us`, `1.39ms`, `1.02s`, `2.00m`. */
export function parseWrkTime(text: string): number {
  const match = /^([\d.]+)(us|ms|s|m|h)$/.exec(text.trim());
  if (!match) throw new Error(`Unrecognised wrk time "${text}"`);
  const value = Number(match[1]);
  const unitMs = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[
    match[2] as 'us' | 'ms' | 's' | 'm' | 'h'
  ];
  return value * unitMs;
}

export function parseWrkOutput(output: string): WrkResult {
  const number = (re: RegExp, what: string): string => {
    const match = re.exec(output);
    if (!match?.[1]) throw new Error(`Could not find ${what} in wrk output:\n${output}`);
    return match[1];
  };
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  return {
    requestsPerSec: Number(number(/Requests\/sec:\s+([\d.]+)/, 'Requests/sec')),
    requests: Number(number(/(\d+) requests in /, 'the request count')),
    p50Ms: parseWrkTime(number(/^\s+50%\s+(\S+)\s*$/m, 'the 50th percentile')),
    p99Ms: parseWrkTime(number(/^\s+99%\s+(\S+)\s*$/m, 'the 99th percentile')),
    non2xx: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(output)?.[1] ?? 0),
    socketErrors: socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
  };
}

/**
 * wrk over many paths: a Lua script that sends each request to a random path from a list file.
 * Like runWrk (./wrk.js, same output parsing and bounds), plus `-s script -- <list>`.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseWrkOutput, type WrkOptions, type WrkResult } from './wrk.js';

/**
 * Each wrk thread reads the list once in init(); request() then picks a path at random. Headers
 * given with -H (the session cookie) are merged in by wrk.format. Threads get distinct seeds.
 */
const RANDOM_PATHS_LUA = `-- Written by bench/lib/wrk-paths.ts
local next_id = 0
function setup(thread)
  next_id = next_id + 1
  thread:set("thread_id", next_id)
end

local paths = {}
function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  if #paths == 0 then error("no paths in " .. tostring(args[1])) end
  math.randomseed(os.time() * 1000 + (thread_id or 0))
end

function request()
  return wrk.format(nil, paths[math.random(#paths)])
end
`;

/** Writes the Lua script into `dir` once; returns its path. */
export function writeRandomPathsScript(dir: string): string {
  const file = path.join(dir, 'random-paths.lua');
  writeFileSync(file, RANDOM_PATHS_LUA);
  return file;
}

/** Writes one path per line; returns the file. */
export function writePathList(dir: string, name: string, paths: readonly string[]): string {
  const file = path.join(dir, `${name}.paths`);
  writeFileSync(file, `${paths.join('\n')}\n`);
  return file;
}

export interface WrkPathsOptions extends Omit<WrkOptions, 'url'> {
  /** Scheme, host and port; the paths come from `pathList`. */
  baseUrl: string;
  script: string;
  pathList: string;
}

export async function runWrkPaths(wrk: string, options: WrkPathsOptions): Promise<WrkResult> {
  const wrkArgs = [
    `-t${options.threads}`,
    `-c${options.connections}`,
    `-d${options.durationSec}s`,
    '--latency',
    '-s',
    options.script,
    ...options.headers.flatMap((h) => ['-H', h]),
    `${options.baseUrl}/`,
    '--',
    options.pathList,
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
      else if (stderr.trim()) reject(new Error(`wrk script error: ${stderr.trim()}`));
      else resolve(stdout);
    });
  });
  return parseWrkOutput(output);
}

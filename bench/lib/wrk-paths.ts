/**
 * wrk over many paths: a Lua script that sends each request to a random path from a list file.
 * runWrk (./wrk.js) with `-s script -- <list>`.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runWrk, type WrkOptions, type WrkResult } from './wrk.js';

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

export interface WrkPathsOptions extends Omit<WrkOptions, 'url' | 'script'> {
  /** Scheme, host and port; the paths come from `pathList`. */
  baseUrl: string;
  script: string;
  pathList: string;
}

export function runWrkPaths(wrk: string, options: WrkPathsOptions): Promise<WrkResult> {
  const { baseUrl, script, pathList, ...rest } = options;
  return runWrk(wrk, { ...rest, url: `${baseUrl}/`, script: { file: script, args: [pathList] } });
}

/** What wrk measures over a path list: the server, its list of paths and the request headers. */
export interface PathsTarget {
  server: { baseUrl: string };
  pathList: string;
  headers: string[];
}

/** Measures any target for `durationSec` with the same script, threads, connections and CPU. */
export function pathsMeasurer(
  wrk: string,
  options: Omit<WrkPathsOptions, 'baseUrl' | 'pathList' | 'headers' | 'durationSec'>,
): (target: PathsTarget, durationSec: number) => Promise<WrkResult> {
  return (target, durationSec) =>
    runWrkPaths(wrk, {
      ...options,
      baseUrl: target.server.baseUrl,
      pathList: target.pathList,
      headers: target.headers,
      durationSec,
    });
}

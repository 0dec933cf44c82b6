import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { table } from './stats.js';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/** Where a frame's code lives: an npm package, Node's internals, or a project file. */
function areaOf(frame: CallFrame, root: string): string {
  if (SPECIAL.has(frame.functionName) && !frame.url) return frame.functionName;
  const url = frame.url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg?.[1]) return pkg[1];
  if (url.startsWith('node:')) return 'node internals';
  if (url === '') return '(native/v8)';
  return path.relative(root, url);
}

function keyOf(frame: CallFrame, root: string): string {
  const name = frame.functionName || '(anonymous)';
  if (!frame.url) return name;
  // Files loaded through tsx report line 0: leave the line out rather than print a wrong one.
  const line = frame.lineNumber > 0 ? `:${frame.lineNumber + 1}` : '';
  return `${name}  ${areaOf(frame, root)}${line}`;
}

/** tsx's loader thread writes a small profile of its own: the largest file is the main thread's. */
export function largestProfile(dir: string): string | null {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => path.join(dir, f));
  return files.sort((a, b) => statSync(b).size - statSync(a).size)[0] ?? null;
}

/** Self time by function and by package, and inclusive time of project functions. */
export function summariseProfile(file: string, root: string, top = 15): string {
  const out: string[] = [];
  {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

    const self = new Map<string, number>();
    const areas = new Map<string, number>();
    const inclusive = new Map<string, number>();
    let busy = 0;
    profile.samples.forEach((id, i) => {
      const node = byId.get(id);
      const delta = profile.timeDeltas[i] ?? 0;
      if (!node || node.callFrame.functionName === '(idle)') return;
      busy += delta;
      const key = keyOf(node.callFrame, root);
      self.set(key, (self.get(key) ?? 0) + delta);
      const area = areaOf(node.callFrame, root);
      areas.set(area, (areas.get(area) ?? 0) + delta);
      const seen = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const frame = byId.get(at)?.callFrame;
        if (!frame?.url.includes('/server/src/')) continue;
        const k = keyOf(frame, root);
        if (seen.has(k)) continue;
        seen.add(k);
        inclusive.set(k, (inclusive.get(k) ?? 0) + delta);
      }
    });

    const rank = (m: Map<string, number>, n: number): string[][] =>
      [...m.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(([k, v]) => [k, `${((100 * v) / busy).toFixed(1)}%`]);
    out.push(
      `Profile ${path.basename(file)}: ${(busy / 1e6).toFixed(1)} s of CPU (idle excluded)`,
      '',
      table([['self time by function', 'share'], ...rank(self, top)]),
      '',
      table([['self time by package / file', 'share'], ...rank(areas, 12)]),
      '',
      table([['inclusive time of server/src functions', 'share'], ...rank(inclusive, top)]),
      '',
    );
  }
  return out.join('\n');
}

#!/usr/bin/env node
// `npm start`: build whatever is missing or older than its sources, then serve.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

/** Newest modification time under `dir` (files only), or 0 when it does not exist. */
function newest(dir) {
  if (!existsSync(dir)) return 0;
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    latest = Math.max(latest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

const mtime = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);

function run(label, command, args) {
  console.log(`zhishe: ${label}…`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`zhishe: ${label} failed`);
    process.exit(result.status ?? 1);
  }
}

const serverBuilt = path.join(root, 'dist', 'server', 'main.js');
if (mtime(serverBuilt) < newest(path.join(root, 'server', 'src'))) {
  run('building the server', bin('tsc'), ['-p', 'server/tsconfig.build.json']);
}
const webBuilt = path.join(root, 'dist', 'web', 'index.html');
if (
  mtime(webBuilt) <
  Math.max(newest(path.join(root, 'web', 'src')), mtime(path.join(root, 'web', 'index.html')))
) {
  run('building the web app', bin('vite'), ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn']);
}

// Same process: signals reach the server directly, and it shuts down gracefully.
await import(path.join(root, 'dist', 'server', 'main.js'));

#!/usr/bin/env node
// `npx zhishe <command>`: the CLI of the built server (`npm run build` or `npm start` builds it).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const main = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'server', 'main.js');
if (!existsSync(main)) {
  console.error('Zhishe is not built yet: run `npm run build` (or `npm start`, which builds it) first.');
  process.exit(1);
}
await import(main);

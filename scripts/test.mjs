#!/usr/bin/env node
// `npm test`: unit and database tests (SQLite, and PostgreSQL when TEST_DATABASE_URL is set),
// then the browser journey in Chromium against the built app. Under CI=true nothing may be skipped.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const ci = process.env.CI === 'true';
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function loud(message) {
  const bar = '!'.repeat(78);
  console.warn(`\n${bar}\n${message}\n${bar}\n`);
}

function run(label, command, args, env = {}) {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`✖ ${label} failed`);
    process.exit(result.status ?? 1);
  }
}

if (!process.env.TEST_DATABASE_URL) {
  if (ci) {
    console.error('CI=true but TEST_DATABASE_URL is not set: the PostgreSQL leg must run in CI.');
    process.exit(1);
  }
  loud(
    'TEST_DATABASE_URL is not set: the PostgreSQL leg is SKIPPED.\nSet it, e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm test',
  );
}

run('unit and database tests', bin('vitest'), ['run']);

if (!existsSync(chromium)) {
  if (ci) {
    console.error(
      `CI=true but ${chromium} is missing: the browser leg must run in CI (apt-get install -y chromium).`,
    );
    process.exit(1);
  }
  loud(
    `${chromium} not found: the browser tests are SKIPPED.\nInstall it with: apt-get install -y chromium fonts-noto-cjk`,
  );
  process.exit(0);
}

run('building the app for the browser tests', 'npm', ['run', 'build', '--silent']);
run('browser tests (Chromium)', bin('vitest'), ['run', '--config', 'web/e2e/vitest.config.ts']);

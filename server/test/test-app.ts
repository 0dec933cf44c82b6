import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { type Kysely, sql } from 'kysely';
import { inject } from 'vitest';
import { type AppDeps, buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createDatabase, type DatabaseHandle } from '../src/db/database.js';
import type { DB } from '../src/db/schema.js';
import type { AuthLimits } from '../src/modules/accounts/accounts.service.js';
import type { FileLimits } from '../src/modules/files/files.service.js';
import type { PaymentProvider } from '../src/modules/payments/providers/provider.js';
import { InProcessBus } from '../src/platform/bus.js';
import { type Clock, systemClock } from '../src/platform/clock.js';
import { Jobs } from '../src/platform/jobs.js';
import { createLogger } from '../src/platform/logger.js';
import { RecordingMailer } from '../src/platform/mail.js';
import { Outbox } from '../src/platform/outbox.js';
import { MemoryRateLimiter } from '../src/platform/rate-limit.js';
import { DiskBlobStore } from '../src/platform/storage.js';
import { adminDb, withDatabase } from './global-setup.js';

export const PUBLIC_URL = 'http://zhishe.test';

/** A fresh copy of the migrated template database, for one test file. */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  if (inject('dialect') === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'zhishe-db-'));
    const file = path.join(dir, 'test.db');
    copyFileSync(inject('sqliteTemplate'), file);
    const handle = createDatabase({ databaseUrl: null, sqliteFile: file });
    return {
      ...handle,
      async close() {
        await handle.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = inject('postgresAdminUrl');
  const name = `zhishe_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = adminDb(adminUrl);
  await sql`create database ${sql.id(name)} template ${sql.id(inject('postgresTemplate'))}`.execute(admin);
  const handle = createDatabase({ databaseUrl: withDatabase(adminUrl, name), sqliteFile: '', poolSize: 5 });
  return {
    ...handle,
    async close() {
      await handle.close();
      // pg's pool.end() resolves before its sockets have closed; a forced drop that kills a
      // closing connection makes that client throw an uncaught error, so wait for them first.
      for (let i = 0; i < 100; i++) {
        const { rows } = await sql<{ n: number }>`
          select count(*)::int as n from pg_stat_activity where datname = ${name}`.execute(admin);
        if (rows[0]?.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
      await admin.destroy();
    },
  };
}

export interface TestApp {
  app: FastifyInstance;
  db: Kysely<DB>;
  deps: AppDeps;
  close(): Promise<void>;
}

export interface TestAppOptions {
  clock?: Clock;
  authLimits?: Partial<AuthLimits>;
  /** A built web app to serve; none by default. */
  webDir?: string | null;
  /** Where uploads are stored (`<dataDir>/files`); a fresh temp folder, removed on close, by default. */
  dataDir?: string;
  fileLimits?: Partial<FileLimits>;
  /** Payment provider adapters (with keys made in the test) besides the test and manual ones. */
  paymentProviders?: PaymentProvider[];
  /** The platform's fee on paid orders, as PLATFORM_FEE_PERCENT takes it ("5", "2.5"); none by default. */
  platformFeePercent?: string;
}

/** The whole app on its own database, driven with `app.inject`. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const log = createLogger((process.env.TEST_LOG_LEVEL as 'silent' | undefined) ?? 'silent');
  const clock = options.clock ?? systemClock;
  const config = loadConfig({
    PUBLIC_URL: PUBLIC_URL,
    SECRET: 'x'.repeat(40),
    DATA_DIR: tmpdir(),
    LOG_LEVEL: 'silent',
    ...(options.platformFeePercent === undefined ? {} : { PLATFORM_FEE_PERCENT: options.platformFeePercent }),
  });
  const bus = new InProcessBus(log);
  const limiter = new MemoryRateLimiter(() => clock.now());
  const outbox = new Outbox(database.db, database.dialect, clock, log);
  const mailer = new RecordingMailer(database.db, clock, log, { smtpUrl: null, from: config.mailFrom });
  const jobs = new Jobs(database.db, clock, log);
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'zhishe-data-'));
  const storage = new DiskBlobStore(path.join(dataDir, 'files'));
  const deps: AppDeps = {
    jobs,
    config,
    db: database.db,
    dialect: database.dialect,
    clock,
    log,
    bus,
    limiter,
    outbox,
    mailer,
    webDir: options.webDir ?? null,
    authLimits: options.authLimits,
    storage,
    fileLimits: options.fileLimits,
    paymentProviders: options.paymentProviders,
  };
  const app = await buildApp(deps);
  await app.ready();
  return {
    app,
    db: database.db,
    deps,
    async close() {
      await app.close();
      await outbox.stop();
      await limiter.close();
      await database.close();
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The session cookie a response set, as a Cookie header value. */
export function sessionCookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'zhishe_session');
  if (!cookie)
    throw new Error(`no session cookie in response (status ${response.statusCode}: ${response.body})`);
  return `zhishe_session=${cookie.value}`;
}

let counter = 0;
/** A unique address per call, so tests never collide. */
export const uniqueEmail = (prefix = 'user') =>
  `${prefix}-${Date.now().toString(36)}-${++counter}@example.com`;

export const STRONG_PASSWORD = 'violet-Harbor-42-lantern';

/**
 * Runs the outbox until nothing due at `now` is left: a background drain may hold a message for a
 * moment, so this looks again until the table says so (10 s at most).
 */
export async function settleOutbox(t: TestApp, now: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    await t.deps.outbox.drain();
    const left = await t.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('status', '=', 'pending')
      .where('run_after', '<=', now)
      .executeTakeFirstOrThrow();
    if (Number(left.n) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the outbox did not settle');
}

import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { redisForTests, TEST_REDIS_URL } from '../../../test/redis.js';
import {
  createTestDatabase,
  PUBLIC_URL,
  STRONG_PASSWORD,
  sessionCookieOf,
  uniqueEmail,
} from '../../../test/test-app.js';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import type { DatabaseHandle } from '../../db/database.js';
import { RedisBus } from '../../platform/bus.js';
import { ManualClock } from '../../platform/clock.js';
import { Jobs } from '../../platform/jobs.js';
import { createLogger } from '../../platform/logger.js';
import { RecordingMailer } from '../../platform/mail.js';
import { Outbox } from '../../platform/outbox.js';
import { MemoryRateLimiter } from '../../platform/rate-limit.js';
import { DiskBlobStore } from '../../platform/storage.js';
import { hashToken } from '../../platform/tokens.js';

// Two app instances on one database, as two processes behind a load balancer would be.
// Each caches sessions in memory; a logout on one must reach the other over the Redis bus
// at once, not after the cache's 30-second lifetime.

const REDIS_URL = TEST_REDIS_URL;
const redisUp = await redisForTests('the multi-process session tests');

interface Instance {
  app: FastifyInstance;
  bus: RedisBus;
  outbox: Outbox;
  limiter: MemoryRateLimiter;
}

describe.skipIf(!redisUp)('sessions across two processes sharing a Redis bus', () => {
  // The clock never moves, so nothing here can be explained by the cache's TTL running out.
  const clock = new ManualClock(Date.UTC(2026, 5, 1, 9, 0, 0));
  const channel = `zhishe:test:events:${randomUUID()}`;
  const log = createLogger('silent');
  let database: DatabaseHandle;
  let raw: Redis;
  let a: Instance;
  let b: Instance;

  async function instance(): Promise<Instance> {
    const config = loadConfig({
      PUBLIC_URL,
      SECRET: 'x'.repeat(40),
      DATA_DIR: tmpdir(),
      LOG_LEVEL: 'silent',
    });
    const bus = new RedisBus(REDIS_URL, log, channel);
    const limiter = new MemoryRateLimiter(() => clock.now());
    const outbox = new Outbox(database.db, database.dialect, clock, log);
    const mailer = new RecordingMailer(database.db, clock, log, { smtpUrl: null, from: config.mailFrom });
    const app = await buildApp({
      config,
      db: database.db,
      dialect: database.dialect,
      clock,
      log,
      bus,
      limiter,
      outbox,
      mailer,
      jobs: new Jobs(database.db, clock, log),
      storage: new DiskBlobStore(path.join(tmpdir(), 'zhishe-test-files')),
      webDir: null,
    });
    await app.ready();
    return { app, bus, outbox, limiter };
  }

  async function closeInstance(i: Instance) {
    await i.app.close();
    await i.outbox.stop();
    await i.limiter.close();
    await i.bus.close();
  }

  const post = (i: Instance, url: string, body?: unknown, cookie?: string) =>
    i.app.inject({
      method: 'POST',
      url,
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(cookie ? { cookie } : {}),
      },
    });
  const me = (i: Instance, cookie: string) =>
    i.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
  const cached = (i: Instance, cookie: string) =>
    i.app.services.accounts.sessionCache.get(hashToken(cookie.split('=')[1] ?? ''), clock.now());

  /** A new user, logged in on instance A; returns the session cookie. */
  async function loggedInUser(): Promise<{ email: string; cookie: string }> {
    const email = uniqueEmail('multi');
    const registered = await post(a, '/api/auth/register', {
      email,
      password: STRONG_PASSWORD,
      displayName: 'Ming',
    });
    expect(registered.statusCode, registered.body).toBe(201);
    const login = await post(a, '/api/auth/login', { email, password: STRONG_PASSWORD });
    expect(login.statusCode, login.body).toBe(200);
    return { email, cookie: sessionCookieOf(login) };
  }

  /** Both instances answer /api/me for the cookie and now hold it in their caches. */
  async function servedAndCachedByBoth(cookie: string) {
    for (const i of [a, b]) {
      const res = await me(i, cookie);
      expect(res.statusCode, res.body).toBe(200);
      expect(cached(i, cookie)).toBeDefined();
    }
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    raw = new Redis(REDIS_URL);
    a = await instance();
    b = await instance();
    // Subscribing is asynchronous: wait until both instances listen before testing delivery.
    await vi.waitFor(
      async () => {
        const [, count] = (await raw.pubsub('NUMSUB', channel)) as [string, number];
        expect(count).toBe(2);
      },
      { timeout: 3_000, interval: 10 },
    );
    const setup = await post(a, '/api/setup', {
      email: uniqueEmail('operator'),
      password: STRONG_PASSWORD,
      displayName: 'Operator',
    });
    expect(setup.statusCode, setup.body).toBe(201);
  });
  afterAll(async () => {
    if (a) await closeInstance(a);
    if (b) await closeInstance(b);
    await raw?.quit();
    await database?.close();
  });

  it('a logout on instance A makes instance B refuse the session at once', async () => {
    const { cookie } = await loggedInUser();
    await servedAndCachedByBoth(cookie);

    const logout = await post(a, '/api/auth/logout', undefined, cookie);
    expect(logout.statusCode).toBe(204);
    expect((await me(a, cookie)).statusCode).toBe(401);

    // Pub/sub delivery is asynchronous, but takes milliseconds; the clock has not moved.
    const start = clock.now();
    await vi.waitFor(async () => expect((await me(b, cookie)).statusCode).toBe(401), {
      timeout: 2_000,
      interval: 5,
    });
    expect(clock.now()).toBe(start);
    expect(cached(b, cookie)).toBeUndefined();
  });

  it('logging out everywhere on A ends every session of the user on B', async () => {
    const { email, cookie: first } = await loggedInUser();
    const again = await post(a, '/api/auth/login', { email, password: STRONG_PASSWORD });
    const second = sessionCookieOf(again);
    await servedAndCachedByBoth(first);
    await servedAndCachedByBoth(second);

    expect((await post(a, '/api/auth/logout-all', undefined, first)).statusCode).toBe(204);

    await vi.waitFor(
      async () => {
        expect((await me(b, first)).statusCode).toBe(401);
        expect((await me(b, second)).statusCode).toBe(401);
      },
      { timeout: 2_000, interval: 5 },
    );
  });

  it('a profile change on A is seen on B at once', async () => {
    const { cookie } = await loggedInUser();
    await servedAndCachedByBoth(cookie);

    const patch = await a.app.inject({
      method: 'PATCH',
      url: '/api/me',
      payload: JSON.stringify({ displayName: '小明' }),
      headers: { cookie, 'content-type': 'application/json' },
    });
    expect(patch.statusCode, patch.body).toBe(200);

    await vi.waitFor(
      async () => {
        const res = await me(b, cookie);
        expect(res.statusCode).toBe(200);
        expect(res.json().user.displayName).toBe('小明');
      },
      { timeout: 2_000, interval: 5 },
    );
  });

  it("logging out one session on A leaves the user's other sessions working on B", async () => {
    const { email, cookie: kept } = await loggedInUser();
    const other = sessionCookieOf(await post(a, '/api/auth/login', { email, password: STRONG_PASSWORD }));
    await servedAndCachedByBoth(kept);
    await servedAndCachedByBoth(other);

    expect((await post(a, '/api/auth/logout', undefined, other)).statusCode).toBe(204);
    await vi.waitFor(async () => expect((await me(b, other)).statusCode).toBe(401), {
      timeout: 2_000,
      interval: 5,
    });
    expect((await me(b, kept)).statusCode).toBe(200);
  });
});

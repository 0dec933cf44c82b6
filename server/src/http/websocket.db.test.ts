import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { signedInUser, type TestUser } from '../../test/community-fixtures.js';
import { insertCommunity, insertMembership, insertPlan } from '../../test/content-fixtures.js';
import { redisForTests, TEST_REDIS_URL } from '../../test/redis.js';
import { createTestDatabase, PUBLIC_URL, type TestApp } from '../../test/test-app.js';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import type { DatabaseHandle } from '../db/database.js';
import type { NotificationEvent } from '../modules/notifications/notification-events.js';
import { type EventBus, InProcessBus, RedisBus } from '../platform/bus.js';
import { systemClock } from '../platform/clock.js';
import { newId } from '../platform/ids.js';
import { Jobs } from '../platform/jobs.js';
import { createLogger } from '../platform/logger.js';
import { RecordingMailer } from '../platform/mail.js';
import { Outbox } from '../platform/outbox.js';
import { MemoryRateLimiter } from '../platform/rate-limit.js';
import { DiskBlobStore } from '../platform/storage.js';
import { WS_CLOSE } from './websocket.js';

const DAY = 86_400_000;
const log = createLogger('silent');

interface Instance {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

/** One app process on a shared database, listening on a real port (WebSockets need one). */
async function instance(database: DatabaseHandle, bus: EventBus, heartbeatMs = 30_000): Promise<Instance> {
  const config = loadConfig({ PUBLIC_URL, SECRET: 'x'.repeat(40), DATA_DIR: tmpdir(), LOG_LEVEL: 'silent' });
  const outbox = new Outbox(database.db, database.dialect, systemClock, log);
  const limiter = new MemoryRateLimiter();
  const app = await buildApp({
    config,
    db: database.db,
    dialect: database.dialect,
    clock: systemClock,
    log,
    bus,
    limiter,
    outbox,
    mailer: new RecordingMailer(database.db, systemClock, log, { smtpUrl: null, from: config.mailFrom }),
    jobs: new Jobs(database.db, systemClock, log),
    storage: new DiskBlobStore(path.join(tmpdir(), 'zhishe-test-files')),
    webDir: null,
    realtime: { heartbeatMs },
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    url: `${address.replace('http', 'ws')}/api/ws`,
    async close() {
      await app.close();
      await outbox.stop();
      await limiter.close();
      await bus.close();
    },
  };
}

interface Client {
  ws: WebSocket;
  messages: {
    type: string;
    unread?: number;
    notification?: { item: { id: string; title: string | null } };
  }[];
  /** Resolves with the first message (already received or coming) that matches. */
  next(
    match: (m: Client['messages'][number]) => boolean,
    timeoutMs?: number,
  ): Promise<Client['messages'][number]>;
  closed: Promise<number>;
}

function connect(url: string, headers: Record<string, string>): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const messages: Client['messages'] = [];
    const waiters: (() => void)[] = [];
    const closed = new Promise<number>((done) => ws.on('close', (code) => done(code)));
    ws.on('message', (data) => {
      messages.push(JSON.parse(data.toString()));
      for (const w of waiters.splice(0)) w();
    });
    ws.on('unexpected-response', (_req, res) => reject(new Error(`status ${res.statusCode}`)));
    ws.on('error', reject);
    ws.on('open', () =>
      resolve({
        ws,
        messages,
        closed,
        next(match, timeoutMs = 3000) {
          return new Promise((ok, fail) => {
            const timer = setTimeout(
              () => fail(new Error(`no matching message in ${JSON.stringify(messages)}`)),
              timeoutMs,
            );
            const check = () => {
              const found = messages.find(match);
              if (found) {
                clearTimeout(timer);
                ok(found);
              } else waiters.push(check);
            };
            check();
          });
        },
      }),
    );
  });
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A community with a member, a lapsed member and an outsider, and a members-only post. */
async function world(database: DatabaseHandle) {
  const t = { db: database.db, deps: { clock: systemClock } } as unknown as TestApp;
  const now = Date.now();
  const author = await signedInUser(t, { displayName: 'Author' });
  const member = await signedInUser(t);
  const lapsed = await signedInUser(t);
  const outsider = await signedInUser(t);
  const communityId = await insertCommunity(database.db, author.id, now);
  const planId = await insertPlan(database.db, communityId, now);
  await insertMembership(database.db, {
    communityId,
    userId: member.id,
    planId,
    startsAt: now - DAY,
    endsAt: now + DAY,
  });
  await insertMembership(database.db, {
    communityId,
    userId: lapsed.id,
    planId,
    startsAt: now - 30 * DAY,
    endsAt: now - DAY,
  });
  const postId = newId();
  await database.db
    .insertInto('posts')
    .values({
      id: postId,
      community_id: communityId,
      author_id: author.id,
      kind: 'discussion',
      title: 'Members-only plan',
      body: 'secret',
      body_html: '<p>secret</p>',
      tags: '[]',
      state: 'published',
      last_activity_at: now,
      created_at: now,
      updated_at: now,
    } as never)
    .execute();
  const reply = (recipient: TestUser): NotificationEvent => ({
    kind: 'reply',
    communityId,
    actorId: author.id,
    sourceId: newId(),
    at: Date.now(),
    postId,
    commentId: newId(),
    recipientId: recipient.id,
  });
  return { author, member, lapsed, outsider, postId, reply };
}

const origin = { origin: PUBLIC_URL };

describe('GET /api/ws on one process', () => {
  let database: DatabaseHandle;
  let one: Instance;
  let w: Awaited<ReturnType<typeof world>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    one = await instance(database, new InProcessBus(log), 100);
    w = await world(database);
  });
  afterAll(async () => {
    await one?.close().catch(() => {});
    await database?.close();
  });

  it('refuses a connection without a session (401) or from another site (403)', async () => {
    await expect(connect(one.url, origin)).rejects.toThrow('status 401');
    await expect(connect(one.url, { cookie: w.member.cookie, origin: 'http://evil.test' })).rejects.toThrow(
      'status 403',
    );
  });

  it('pushes new notifications and unread counts live, and nothing of a members-only post to others', async () => {
    const member = await connect(one.url, { cookie: w.member.cookie, ...origin });
    const outsider = await connect(one.url, { cookie: w.outsider.cookie, ...origin });
    const lapsed = await connect(one.url, { cookie: w.lapsed.cookie, ...origin });
    expect(await member.next((m) => m.type === 'unread')).toEqual({ type: 'unread', unread: 0 });
    await outsider.next((m) => m.type === 'unread');
    await lapsed.next((m) => m.type === 'unread');

    const service = one.app.services.notifications;
    await service.deliver(w.reply(w.outsider));
    await service.deliver(w.reply(w.lapsed));
    await service.deliver(w.reply(w.member));
    const pushed = await member.next((m) => m.type === 'notification');
    expect(pushed).toMatchObject({
      type: 'notification',
      unread: 1,
      notification: { kind: 'reply', item: { id: w.postId, title: 'Members-only plan', visible: true } },
    });
    await wait(200);
    for (const c of [outsider, lapsed]) {
      expect(c.messages.map((m) => m.type)).toEqual(['unread']);
      expect(JSON.stringify(c.messages)).not.toContain('Members-only');
    }

    const read = await one.app.inject({
      method: 'POST',
      url: '/api/me/notifications/read',
      headers: { cookie: w.member.cookie, 'content-type': 'application/json' },
      payload: JSON.stringify({ all: true }),
    });
    expect(read.statusCode, read.body).toBe(200);
    await member.next((m) => m.type === 'unread' && m.unread === 0 && member.messages.indexOf(m) > 0);
    for (const c of [member, outsider, lapsed]) c.ws.close();
  });

  it('pings to keep the connection alive and closes it when the session ends', async () => {
    const member = await connect(one.url, { cookie: w.member.cookie, ...origin });
    const pinged = new Promise<void>((resolve) => member.ws.once('ping', () => resolve()));
    await pinged;
    const logout = await one.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: w.member.cookie },
    });
    expect(logout.statusCode).toBeLessThan(300);
    expect(await member.closed).toBe(WS_CLOSE.sessionEnded);
  });

  it('lets one user hold a bounded number of sockets: the oldest gives way', async () => {
    const first = await connect(one.url, { cookie: w.lapsed.cookie, ...origin });
    const more = [];
    for (let i = 0; i < 16; i++) more.push(await connect(one.url, { cookie: w.lapsed.cookie, ...origin }));
    expect(await first.closed).toBe(WS_CLOSE.tooMany);
    expect(more.every((c) => c.ws.readyState === WebSocket.OPEN)).toBe(true);
    for (const c of more) c.ws.close();
  });

  it('tells clients it is going away on shutdown', async () => {
    const outsider = await connect(one.url, { cookie: w.outsider.cookie, ...origin });
    await outsider.next((m) => m.type === 'unread');
    await one.close();
    expect(await outsider.closed).toBe(WS_CLOSE.goingAway);
  });
});

const redisUp = await redisForTests('the cross-process WebSocket test');

describe.skipIf(!redisUp)('GET /api/ws across two processes on a Redis bus', () => {
  const channel = `zhishe:test:events:${randomUUID()}`;
  let database: DatabaseHandle;
  let a: Instance;
  let b: Instance;
  let w: Awaited<ReturnType<typeof world>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    const busA = new RedisBus(TEST_REDIS_URL, log, channel);
    const busB = new RedisBus(TEST_REDIS_URL, log, channel);
    await Promise.all([busA.whenReady(), busB.whenReady()]);
    a = await instance(database, busA);
    b = await instance(database, busB);
    w = await world(database);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.close();
  });

  it('a notification delivered by one process reaches the member connected to the other', async () => {
    const member = await connect(b.url, { cookie: w.member.cookie, ...origin });
    const outsider = await connect(b.url, { cookie: w.outsider.cookie, ...origin });
    await member.next((m) => m.type === 'unread');
    await outsider.next((m) => m.type === 'unread');
    await a.app.services.notifications.deliver(w.reply(w.outsider));
    await a.app.services.notifications.deliver(w.reply(w.member));
    const pushed = await member.next((m) => m.type === 'notification');
    expect(pushed.notification?.item).toMatchObject({ id: w.postId, title: 'Members-only plan' });
    await wait(200);
    expect(outsider.messages.map((m) => m.type)).toEqual(['unread']);
    member.ws.close();
    outsider.ws.close();
  });
});

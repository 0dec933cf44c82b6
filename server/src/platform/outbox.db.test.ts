import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestDatabase } from '../../test/test-app.js';
import type { DatabaseHandle } from '../db/database.js';
import { ManualClock } from './clock.js';
import { createLogger } from './logger.js';
import { Outbox, type OutboxOptions } from './outbox.js';

const START = Date.UTC(2026, 2, 1, 8, 0, 0);
const log = createLogger('silent');
let database: DatabaseHandle;
let clock: ManualClock;

const outbox = (options: OutboxOptions = {}) =>
  new Outbox(database.db, database.dialect, clock, log, options);

const row = (id: string) =>
  database.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

/** Commits one message and returns its id. */
const addCommitted = (box: Outbox, topic: string, payload: unknown, runAfter?: number) =>
  database.db.transaction().execute((tx) => box.add(tx, topic, payload, runAfter));

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});
beforeEach(async () => {
  // Each test starts from an empty outbox, so leftovers of one test never run in another.
  await database.db.deleteFrom('outbox').execute();
  clock = new ManualClock(START);
});

describe('Outbox.add', () => {
  it('never runs work whose transaction rolled back', async () => {
    const box = outbox();
    const handler = vi.fn(async () => {});
    box.register('test.rollback', handler);

    await expect(
      database.db.transaction().execute(async (tx) => {
        await box.add(tx, 'test.rollback', { n: 1 });
        throw new Error('the write failed');
      }),
    ).rejects.toThrow('the write failed');

    expect(await box.drain()).toBe(0);
    expect(handler).not.toHaveBeenCalled();
    expect(await database.db.selectFrom('outbox').select('id').execute()).toEqual([]);
  });

  it('runs committed work exactly once, with its payload, then clears the payload', async () => {
    const box = outbox();
    const seen: unknown[] = [];
    box.register('test.once', async (payload) => {
      seen.push(payload);
    });
    const ids = await database.db
      .transaction()
      .execute(async (tx) => [
        await box.add(tx, 'test.once', { n: 1, link: 'https://x.test/reset?token=secret' }),
        await box.add(tx, 'test.once', { n: 2 }),
        await box.add(tx, 'test.once', { n: 3 }),
      ]);

    expect(await box.drain()).toBe(3);
    expect(seen).toEqual([{ n: 1, link: 'https://x.test/reset?token=secret' }, { n: 2 }, { n: 3 }]);
    clock.advance(24 * 3_600_000);
    expect(await box.drain()).toBe(0);
    expect(seen).toHaveLength(3);

    for (const id of ids) {
      expect(await row(id)).toMatchObject({
        status: 'done',
        attempts: 1,
        payload: '{}',
        locked_until: null,
        last_error: null,
        done_at: START,
      });
    }
  });

  it('waits for run_after before running a message', async () => {
    const box = outbox();
    const handler = vi.fn(async () => {});
    box.register('test.later', handler);
    await addCommitted(box, 'test.later', {}, START + 5_000);

    clock.advance(4_999);
    expect(await box.drain()).toBe(0);
    clock.advance(1);
    expect(await box.drain()).toBe(1);
    expect(handler).toHaveBeenCalledTimes(1);
  });
});

describe('Outbox retries', () => {
  it('backs off exponentially, records the error, and parks the message as dead after maxAttempts', async () => {
    const box = outbox({ maxAttempts: 3 });
    let calls = 0;
    box.register('test.failing', async () => {
      calls += 1;
      throw new Error(`smtp down (call ${calls})`);
    });
    const id = await addCommitted(box, 'test.failing', { to: 'a@example.com' });

    expect(await box.drain()).toBe(1);
    let message = await row(id);
    expect(message).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: 'smtp down (call 1)',
      locked_until: null,
      run_after: START + 2_000,
    });
    expect(JSON.parse(message.payload)).toEqual({ to: 'a@example.com' });

    // Not before run_after.
    clock.advance(1_999);
    expect(await box.drain()).toBe(0);
    expect(calls).toBe(1);

    clock.advance(1);
    expect(await box.drain()).toBe(1);
    message = await row(id);
    expect(message).toMatchObject({ status: 'pending', attempts: 2, last_error: 'smtp down (call 2)' });
    // The second wait is longer than the first.
    expect(message.run_after - clock.now()).toBe(4_000);

    clock.advance(3_999);
    expect(await box.drain()).toBe(0);
    clock.advance(1);
    expect(await box.drain()).toBe(1);
    message = await row(id);
    expect(message).toMatchObject({ status: 'dead', attempts: 3, last_error: 'smtp down (call 3)' });
    // A dead message keeps its payload so the operator can inspect or replay it.
    expect(JSON.parse(message.payload)).toEqual({ to: 'a@example.com' });

    clock.advance(30 * 24 * 3_600_000);
    expect(await box.drain()).toBe(0);
    expect(calls).toBe(3);
  });

  it('caps the back-off at an hour', async () => {
    const box = outbox({ maxAttempts: 50 });
    box.register('test.flaky', async () => {
      throw new Error('still down');
    });
    const id = await addCommitted(box, 'test.flaky', {});
    await database.db.updateTable('outbox').set({ attempts: 20 }).where('id', '=', id).execute();

    expect(await box.drain()).toBe(1);
    const message = await row(id);
    expect(message.attempts).toBe(21);
    expect(message.run_after - clock.now()).toBe(3_600_000);
  });

  it('does not lose a message whose topic has no handler: it is retried, then dead', async () => {
    const box = outbox({ maxAttempts: 2 });
    const id = await addCommitted(box, 'nobody.listens', { important: true });

    expect(await box.drain()).toBe(1);
    expect(await row(id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: 'no handler for outbox topic nobody.listens',
    });

    clock.advance(2_000);
    expect(await box.drain()).toBe(1);
    const message = await row(id);
    expect(message).toMatchObject({ status: 'dead', attempts: 2 });
    expect(message.last_error).toContain('nobody.listens');
    expect(JSON.parse(message.payload)).toEqual({ important: true });
  });

  it('refuses a second handler for the same topic', () => {
    const box = outbox();
    box.register('test.dup', async () => {});
    expect(() => box.register('test.dup', async () => {})).toThrow(/already has a handler/);
  });
});

describe('Outbox leases', () => {
  it('claims a message left by a crashed worker again once its lease has passed, and not before', async () => {
    const box = outbox({ leaseMs: 60_000 });
    const handler = vi.fn(async () => {});
    box.register('test.crashed', handler);
    const id = await addCommitted(box, 'test.crashed', { n: 1 });
    // What a worker that died mid-message leaves behind.
    await database.db
      .updateTable('outbox')
      .set({ locked_until: START + 60_000, attempts: 1 })
      .where('id', '=', id)
      .execute();

    expect(await box.drain()).toBe(0);
    clock.advance(59_999);
    expect(await box.drain()).toBe(0);
    expect(handler).not.toHaveBeenCalled();

    clock.advance(1);
    expect(await box.drain()).toBe(1);
    expect(handler).toHaveBeenCalledWith({ n: 1 });
    expect(await row(id)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('hands a message held by a hung worker to another worker after the lease', async () => {
    const leaseMs = 10_000;
    const hung = outbox({ leaseMs });
    const healthy = outbox({ leaseMs });
    let release: () => void = () => {};
    let started: () => void = () => {};
    const hungStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    hung.register('test.lease', () => {
      started();
      return new Promise<void>((resolve) => {
        release = resolve;
      });
    });
    const healthyHandler = vi.fn(async () => {});
    healthy.register('test.lease', healthyHandler);
    const id = await addCommitted(hung, 'test.lease', { n: 1 });

    const hungDrain = hung.drain();
    await hungStarted;
    expect(await healthy.drain()).toBe(0);
    clock.advance(leaseMs - 1);
    expect(await healthy.drain()).toBe(0);
    expect(healthyHandler).not.toHaveBeenCalled();

    clock.advance(1);
    expect(await healthy.drain()).toBe(1);
    expect(healthyHandler).toHaveBeenCalledTimes(1);
    expect(await row(id)).toMatchObject({ status: 'done', attempts: 2 });

    // The hung worker finally finishes; the message stays done (delivery is at least once).
    release();
    expect(await hungDrain).toBe(1);
    expect(await row(id)).toMatchObject({ status: 'done' });
  });

  it('runs each message exactly once when two workers drain the same database at once', async () => {
    const calls = new Map<number, number>();
    const handler = async (payload: { n: number }) => {
      calls.set(payload.n, (calls.get(payload.n) ?? 0) + 1);
      // Yield so the two workers interleave their claims.
      await new Promise((resolve) => setTimeout(resolve, 1));
    };
    const a = outbox({ batchSize: 5 });
    const b = outbox({ batchSize: 5 });
    a.register('test.concurrent', handler);
    b.register('test.concurrent', handler);
    await database.db.transaction().execute(async (tx) => {
      for (let n = 0; n < 50; n++) await a.add(tx, 'test.concurrent', { n });
    });

    // Open the pool's connections first, so the two workers' claims really overlap (without this
    // the first claim finishes while the second connection is still being opened).
    await Promise.all(Array.from({ length: 4 }, () => sql`select 1`.execute(database.db)));
    const [handledA, handledB] = await Promise.all([a.drain(), b.drain()]);

    expect(handledA + handledB).toBe(50);
    expect(calls.size).toBe(50);
    expect([...calls.values()].every((count) => count === 1)).toBe(true);
    const statuses = await database.db
      .selectFrom('outbox')
      .select(['status', 'attempts'])
      .where('topic', '=', 'test.concurrent')
      .execute();
    expect(statuses).toHaveLength(50);
    expect(statuses.every((m) => m.status === 'done' && m.attempts === 1)).toBe(true);
  });
});

describe('Outbox worker loop', () => {
  it('drains on start and on wake, and not after stop', async () => {
    const box = outbox({ pollIntervalMs: 60_000 });
    const handler = vi.fn(async () => {});
    box.register('test.loop', handler);
    await addCommitted(box, 'test.loop', { n: 1 });

    box.start();
    await vi.waitFor(() => expect(handler).toHaveBeenCalledTimes(1));

    await addCommitted(box, 'test.loop', { n: 2 });
    box.wake();
    await vi.waitFor(() => expect(handler).toHaveBeenCalledTimes(2));

    await box.stop();
    const id = await addCommitted(box, 'test.loop', { n: 3 });
    box.wake();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(handler).toHaveBeenCalledTimes(2);
    expect((await row(id)).status).toBe('pending');
  });

  it('stop waits for the message in hand to finish', async () => {
    const box = outbox({ pollIntervalMs: 60_000 });
    let finished = false;
    let started: () => void = () => {};
    const hasStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    box.register('test.stop', async () => {
      started();
      await new Promise((resolve) => setTimeout(resolve, 30));
      finished = true;
    });
    const id = await addCommitted(box, 'test.stop', {});
    box.start();
    await hasStarted;
    await box.stop();
    expect(finished).toBe(true);
    expect((await row(id)).status).toBe('done');
  });
});

describe('Outbox.pruneDone', () => {
  it('deletes delivered messages older than the given age, and nothing else', async () => {
    const box = outbox({ maxAttempts: 1 });
    box.register('test.prune', async () => {});
    const old = await addCommitted(box, 'test.prune', {});
    await box.drain();
    const dead = await addCommitted(box, 'nobody.listens', {});
    await box.drain();
    clock.advance(10_000);
    const recent = await addCommitted(box, 'test.prune', {});
    await box.drain();
    const pending = await addCommitted(box, 'test.prune', {}, clock.now() + 60_000);

    await box.pruneDone(5_000);

    const left = await database.db.selectFrom('outbox').select('id').execute();
    expect(left.map((m) => m.id).sort()).toEqual([dead, recent, pending].sort());
    expect(left.map((m) => m.id)).not.toContain(old);
  });
});

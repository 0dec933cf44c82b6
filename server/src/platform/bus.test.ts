import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { redisForTests, TEST_REDIS_URL } from '../../test/redis.js';
import { type DomainEvent, InProcessBus, RedisBus } from './bus.js';
import { createLogger } from './logger.js';

/** A logger whose lines the test can read. */
function recordingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { log: createLogger('warn', stream), lines };
}

describe('InProcessBus', () => {
  it('dispatches an event to every subscriber of its type, and to no one else', async () => {
    const bus = new InProcessBus(createLogger('silent'));
    const first = vi.fn();
    const second = vi.fn();
    const other = vi.fn();
    bus.subscribe('post.created', first);
    bus.subscribe('post.created', second);
    bus.subscribe('post.deleted', other);

    const event: DomainEvent = { type: 'post.created', payload: { id: 'p1' } };
    await bus.publish(event);

    expect(first).toHaveBeenCalledExactlyOnceWith(event);
    expect(second).toHaveBeenCalledExactlyOnceWith(event);
    expect(other).not.toHaveBeenCalled();
  });

  it('waits for async handlers before publish resolves', async () => {
    const bus = new InProcessBus(createLogger('silent'));
    let done = false;
    bus.subscribe('slow', async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      done = true;
    });
    await bus.publish({ type: 'slow', payload: null });
    expect(done).toBe(true);
  });

  it('stops calling a handler once it unsubscribes, and keeps calling the rest', async () => {
    const bus = new InProcessBus(createLogger('silent'));
    const leaving = vi.fn();
    const staying = vi.fn();
    const unsubscribe = bus.subscribe('x', leaving);
    bus.subscribe('x', staying);

    await bus.publish({ type: 'x', payload: 1 });
    unsubscribe();
    await bus.publish({ type: 'x', payload: 2 });

    expect(leaving).toHaveBeenCalledTimes(1);
    expect(staying).toHaveBeenCalledTimes(2);
    // Unsubscribing twice is harmless.
    unsubscribe();
  });

  it('keeps a failing handler from stopping the others or reaching the publisher, and logs it', async () => {
    const { log, lines } = recordingLogger();
    const bus = new InProcessBus(log);
    const after = vi.fn();
    bus.subscribe('y', () => {
      throw new Error('sync failure');
    });
    bus.subscribe('y', async () => {
      throw new Error('async failure');
    });
    bus.subscribe('y', after);

    await expect(bus.publish({ type: 'y', payload: null })).resolves.toBeUndefined();

    expect(after).toHaveBeenCalledTimes(1);
    const errors = lines.filter((l) => l.msg === 'event handler failed');
    expect(errors.map((l) => (l.err as { message: string }).message)).toEqual([
      'sync failure',
      'async failure',
    ]);
    expect(errors.every((l) => l.eventType === 'y')).toBe(true);
  });

  it('publishes to no one without error', async () => {
    const bus = new InProcessBus(createLogger('silent'));
    await expect(bus.publish({ type: 'unheard', payload: null })).resolves.toBeUndefined();
  });
});

// ── Redis ──────────────────────────────────────────────────────────────────

const REDIS_URL = TEST_REDIS_URL;
const redisUp = await redisForTests('the RedisBus tests');

describe.skipIf(!redisUp)('RedisBus', () => {
  // A channel of its own, so parallel runs against the same Redis never hear each other.
  const channel = `zhishe:test:events:${randomUUID()}`;
  const silent = createLogger('silent');
  let a: RedisBus;
  let b: RedisBus;
  let raw: Redis;

  beforeAll(async () => {
    raw = new Redis(REDIS_URL);
    a = new RedisBus(REDIS_URL, silent, channel);
    b = new RedisBus(REDIS_URL, silent, channel);
    await waitForSubscribers(raw, channel, 2);
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close(), raw.quit()]);
  });

  it('delivers an event published by one instance to the subscribers of another, once each', async () => {
    const onA = vi.fn();
    const onB = vi.fn();
    const offA = a.subscribe('accounts.user_changed', onA);
    const offB = b.subscribe('accounts.user_changed', onB);

    await a.publish({ type: 'accounts.user_changed', payload: { userId: 'u1' } });

    await vi.waitFor(() => expect(onB).toHaveBeenCalledTimes(1), { timeout: 2_000 });
    expect(onB).toHaveBeenCalledWith({ type: 'accounts.user_changed', payload: { userId: 'u1' } });
    // The publishing process hears its own event too (it subscribes to the same channel).
    await vi.waitFor(() => expect(onA).toHaveBeenCalledTimes(1), { timeout: 2_000 });
    offA();
    offB();
  });

  it('does not deliver events of other types, or events on another channel', async () => {
    const otherChannel = `${channel}:other`;
    const elsewhere = new RedisBus(REDIS_URL, silent, otherChannel);
    await waitForSubscribers(raw, otherChannel, 1);
    const heard = vi.fn();
    const marker = vi.fn();
    const offHeard = b.subscribe('only.this', heard);
    const offMarker = b.subscribe('marker', marker);

    await elsewhere.publish({ type: 'only.this', payload: 'wrong channel' });
    await a.publish({ type: 'not.this', payload: 'wrong type' });
    // Messages on one connection arrive in order, so once the marker is in, the others are too.
    await a.publish({ type: 'marker', payload: null });
    await vi.waitFor(() => expect(marker).toHaveBeenCalledTimes(1), { timeout: 2_000 });

    expect(heard).not.toHaveBeenCalled();
    offHeard();
    offMarker();
    await elsewhere.close();
  });

  it('ignores a malformed message and keeps delivering', async () => {
    const onB = vi.fn();
    const off = b.subscribe('after.garbage', onB);
    await raw.publish(channel, 'this is not json{');
    await a.publish({ type: 'after.garbage', payload: 1 });
    await vi.waitFor(
      () => expect(onB).toHaveBeenCalledExactlyOnceWith({ type: 'after.garbage', payload: 1 }),
      {
        timeout: 2_000,
      },
    );
    off();
  });

  it('keeps a failing handler in one process from affecting the publisher or other handlers', async () => {
    const good = vi.fn();
    const offBad = b.subscribe('z', () => {
      throw new Error('boom');
    });
    const offGood = b.subscribe('z', good);
    await expect(a.publish({ type: 'z', payload: null })).resolves.toBeUndefined();
    await vi.waitFor(() => expect(good).toHaveBeenCalledTimes(1), { timeout: 2_000 });
    offBad();
    offGood();
  });
});

/** Subscribing is asynchronous: wait until Redis counts `n` subscribers on the channel. */
async function waitForSubscribers(redis: Redis, channel: string, n: number): Promise<void> {
  await vi.waitFor(
    async () => {
      const [, count] = (await redis.pubsub('NUMSUB', channel)) as [string, number];
      expect(count).toBe(n);
    },
    { timeout: 3_000, interval: 10 },
  );
}

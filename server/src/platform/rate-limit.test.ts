import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisForTests, TEST_REDIS_URL } from '../../test/redis.js';
import { MemoryRateLimiter, RedisRateLimiter } from './rate-limit.js';

describe('MemoryRateLimiter', () => {
  let now = Date.UTC(2026, 0, 1);
  const limiter = new MemoryRateLimiter(() => now);
  afterAll(() => limiter.close());

  it('counts hits in a window and starts again from zero once windowMs has passed', async () => {
    expect(await limiter.hit('login:ip:1', 60_000)).toEqual({ count: 1, resetInMs: 60_000 });
    now += 1_000;
    expect(await limiter.hit('login:ip:1', 60_000)).toEqual({ count: 2, resetInMs: 59_000 });
    now += 58_999;
    expect(await limiter.hit('login:ip:1', 60_000)).toEqual({ count: 3, resetInMs: 1 });
    now += 1;
    expect(await limiter.hit('login:ip:1', 60_000)).toEqual({ count: 1, resetInMs: 60_000 });
  });

  it('peeks without counting, and reports zero once the window is over', async () => {
    await limiter.hit('peek', 10_000);
    await limiter.hit('peek', 10_000);
    expect(await limiter.peek('peek')).toEqual({ count: 2, resetInMs: 10_000 });
    expect(await limiter.peek('peek')).toEqual({ count: 2, resetInMs: 10_000 });
    now += 10_000;
    expect(await limiter.peek('peek')).toEqual({ count: 0, resetInMs: 0 });
    expect(await limiter.peek('never-hit')).toEqual({ count: 0, resetInMs: 0 });
  });

  it('keeps keys apart and forgets a key on reset', async () => {
    await limiter.hit('a', 10_000);
    await limiter.hit('a', 10_000);
    await limiter.hit('b', 10_000);
    expect((await limiter.peek('a')).count).toBe(2);
    expect((await limiter.peek('b')).count).toBe(1);
    await limiter.reset('a');
    expect((await limiter.peek('a')).count).toBe(0);
    expect((await limiter.peek('b')).count).toBe(1);
    expect((await limiter.hit('a', 10_000)).count).toBe(1);
  });
});

// ── Redis ──────────────────────────────────────────────────────────────────

const REDIS_URL = TEST_REDIS_URL;
const redisUp = await redisForTests('the RedisRateLimiter tests');

describe.skipIf(!redisUp)('RedisRateLimiter', () => {
  // A prefix of its own, so parallel runs against the same Redis never share counters.
  const prefix = `zhishe:test:rl:${randomUUID()}:`;
  let a: RedisRateLimiter;
  let b: RedisRateLimiter;

  beforeAll(() => {
    a = new RedisRateLimiter(REDIS_URL, prefix);
    b = new RedisRateLimiter(REDIS_URL, prefix);
  });
  afterAll(async () => {
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    await Promise.all([a.close(), b.close()]);
  });

  it('shares one count between two limiters, as two processes would', async () => {
    const first = await a.hit('login:ip:9', 60_000);
    expect(first.count).toBe(1);
    expect(first.resetInMs).toBeGreaterThan(59_000);
    expect(first.resetInMs).toBeLessThanOrEqual(60_000);
    expect((await b.hit('login:ip:9', 60_000)).count).toBe(2);
    expect((await a.hit('login:ip:9', 60_000)).count).toBe(3);
    expect((await b.peek('login:ip:9')).count).toBe(3);
    expect((await a.peek('other-key')).count).toBe(0);
  });

  it('counts concurrent hits from both limiters without losing any', async () => {
    const hits = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).hit('burst', 60_000)),
    );
    expect(hits.map((h) => h.count).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
  });

  it('starts a new window once the old one expires, and does not extend a window on later hits', async () => {
    expect((await a.hit('short', 300)).count).toBe(1);
    await sleep(100);
    const second = await b.hit('short', 300);
    expect(second.count).toBe(2);
    // The window still ends 300 ms after the first hit, not after this one (≈300 ms if extended);
    // timers and Redis's clock differ by a few ms, hence the margin.
    expect(second.resetInMs).toBeLessThanOrEqual(230);
    await sleep(250);
    expect(await a.peek('short')).toEqual({ count: 0, resetInMs: 0 });
    expect((await b.hit('short', 300)).count).toBe(1);
  });

  it('reset on one limiter clears the count for the other', async () => {
    await a.hit('reset-me', 60_000);
    await a.hit('reset-me', 60_000);
    await b.reset('reset-me');
    expect((await a.peek('reset-me')).count).toBe(0);
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

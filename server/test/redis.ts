import { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Redis runs beside the tests locally and in CI. Under CI=true its absence fails the file;
 * elsewhere the caller skips `what`, and says so loudly.
 */
export async function redisForTests(what: string): Promise<boolean> {
  if (await redisReachable(TEST_REDIS_URL)) return true;
  if (process.env.CI === 'true') {
    throw new Error(`Redis is not reachable at ${TEST_REDIS_URL}; CI must run ${what}`);
  }
  console.warn(
    `\n⚠️  Redis is not reachable at ${TEST_REDIS_URL}: SKIPPING ${what}.\n` +
      '    Start it (redis-server --port 6379) or set TEST_REDIS_URL; under CI=true this is a failure.\n',
  );
  return false;
}

async function redisReachable(url: string): Promise<boolean> {
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

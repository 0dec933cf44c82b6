import path from 'node:path';
import { Redis } from 'ioredis';
import type { AppDeps } from './app.js';
import type { Config } from './config.js';
import { createDatabase, type DatabaseHandle } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { type EventBus, InProcessBus, RedisBus } from './platform/bus.js';
import { systemClock } from './platform/clock.js';
import { Jobs } from './platform/jobs.js';
import { createLogger, type Logger } from './platform/logger.js';
import { RecordingMailer } from './platform/mail.js';
import { Outbox } from './platform/outbox.js';
import { MemoryRateLimiter, type RateLimiter, RedisRateLimiter } from './platform/rate-limit.js';
import { DiskBlobStore } from './platform/storage.js';

export interface Runtime {
  deps: AppDeps;
  database: DatabaseHandle;
  close(): Promise<void>;
}

export const sqliteFileFor = (config: Config): string => path.join(config.dataDir, 'zhishe.db');

/**
 * Everything the app needs, made from configuration: SQLite or PostgreSQL, and with REDIS_URL
 * the bus and rate limits shared between processes through Redis.
 */
export async function createRuntime(
  config: Config,
  log: Logger = createLogger(config.logLevel),
): Promise<Runtime> {
  const database = createDatabase({ databaseUrl: config.databaseUrl, sqliteFile: sqliteFileFor(config) });
  await migrateToLatest(database.db);

  const clock = systemClock;
  const bus: EventBus = config.redisUrl ? new RedisBus(config.redisUrl, log) : new InProcessBus(log);
  const limiter: RateLimiter = config.redisUrl
    ? new RedisRateLimiter(config.redisUrl)
    : new MemoryRateLimiter();
  const outbox = new Outbox(database.db, database.dialect, clock, log);
  const jobs = new Jobs(database.db, clock, log);
  const mailer = new RecordingMailer(database.db, clock, log, {
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
  });
  // One long-lived client for readiness pings; it fails fast instead of queueing while Redis is down.
  const redisProbe = config.redisUrl
    ? new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false })
    : null;
  redisProbe?.on('error', () => {});
  const readinessChecks = redisProbe
    ? [{ name: 'redis', check: async () => void (await redisProbe.ping()) }]
    : [];

  return {
    database,
    deps: {
      config,
      db: database.db,
      dialect: database.dialect,
      clock,
      log,
      bus,
      limiter,
      outbox,
      mailer,
      jobs,
      storage: new DiskBlobStore(path.join(config.dataDir, 'files')),
      readinessChecks,
    },
    async close() {
      await Promise.all([outbox.stop(), jobs.stop()]);
      await Promise.allSettled([bus.close(), limiter.close(), redisProbe?.quit()]);
      await database.close();
    },
  };
}

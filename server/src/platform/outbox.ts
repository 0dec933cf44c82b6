import type { Kysely } from 'kysely';
import type { DialectName } from '../db/database.js';
import { forUpdateSkipLocked } from '../db/dialect.js';
import type { DB } from '../db/schema.js';
import type { Clock } from './clock.js';
import { newId } from './ids.js';
import type { Logger } from './logger.js';

export type Executor = Kysely<DB>;

// biome-ignore lint/suspicious/noExplicitAny: each topic's handler knows its own payload shape
export type OutboxHandler = (payload: any) => Promise<void>;

export interface OutboxOptions {
  pollIntervalMs?: number;
  /** How long a claimed message stays invisible to other workers; a crash releases it after this. */
  leaseMs?: number;
  maxAttempts?: number;
  batchSize?: number;
}

/**
 * After-commit work, recorded in the same transaction as the write that caused it:
 * if the transaction rolls back, the work never happens; if the process dies, the row is
 * still there and is claimed again once its lease runs out. Delivery is at least once,
 * so handlers are idempotent. Retries back off exponentially; after `maxAttempts` a
 * message is parked as `dead` for the operator.
 */
export class Outbox {
  private readonly handlers = new Map<string, OutboxHandler>();
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<void> | null = null;
  private wakeRequested = false;
  private stopped = true;
  private readonly options: Required<OutboxOptions>;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly dialect: DialectName,
    private readonly clock: Clock,
    private readonly log: Logger,
    options: OutboxOptions = {},
  ) {
    this.options = { pollIntervalMs: 1000, leaseMs: 60_000, maxAttempts: 10, batchSize: 20, ...options };
  }

  register(topic: string, handler: OutboxHandler): void {
    if (this.handlers.has(topic)) throw new Error(`Outbox topic ${topic} already has a handler`);
    this.handlers.set(topic, handler);
  }

  /** Records work inside the caller's transaction. Call `wake()` after the commit. */
  async add(tx: Executor, topic: string, payload: unknown, runAfter?: number): Promise<string> {
    const now = this.clock.now();
    const id = newId();
    await tx
      .insertInto('outbox')
      .values({
        id,
        topic,
        payload: JSON.stringify(payload),
        status: 'pending',
        attempts: 0,
        run_after: runAfter ?? now,
        locked_until: null,
        last_error: null,
        created_at: now,
        done_at: null,
      })
      .execute();
    return id;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.timer = setInterval(() => this.wake(), this.options.pollIntervalMs);
    this.timer.unref();
    this.wake();
  }

  /** Asks for a drain soon; cheap to call often. */
  wake(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.wakeRequested = true;
      return;
    }
    this.draining = this.drainUntilIdle().finally(() => {
      this.draining = null;
    });
  }

  /** Stops polling and waits for the messages in hand to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.draining;
  }

  /** Runs every due message once; returns how many were handled. Used by tests and the CLI. */
  async drain(): Promise<number> {
    let handled = 0;
    for (;;) {
      const batch = await this.claim();
      if (batch.length === 0) return handled;
      for (const message of batch) await this.run(message);
      handled += batch.length;
    }
  }

  private async drainUntilIdle(): Promise<void> {
    try {
      do {
        this.wakeRequested = false;
        await this.drain();
      } while (this.wakeRequested && !this.stopped);
    } catch (err) {
      this.log.error({ err }, 'outbox drain failed');
    }
  }

  private async claim() {
    const now = this.clock.now();
    return this.db.transaction().execute(async (tx) => {
      const due = await forUpdateSkipLocked(
        this.dialect,
        tx
          .selectFrom('outbox')
          .select(['id', 'topic', 'payload', 'attempts'])
          .where('status', '=', 'pending')
          .where('run_after', '<=', now)
          .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
          .orderBy('run_after')
          .limit(this.options.batchSize),
      ).execute();
      if (due.length === 0) return [];
      await tx
        .updateTable('outbox')
        .set((eb) => ({ locked_until: now + this.options.leaseMs, attempts: eb('attempts', '+', 1) }))
        .where(
          'id',
          'in',
          due.map((m) => m.id),
        )
        .execute();
      return due.map((m) => ({ ...m, attempts: m.attempts + 1 }));
    });
  }

  private async run(message: {
    id: string;
    topic: string;
    payload: string;
    attempts: number;
  }): Promise<void> {
    const handler = this.handlers.get(message.topic);
    try {
      if (!handler) throw new Error(`no handler for outbox topic ${message.topic}`);
      await handler(JSON.parse(message.payload));
      // The payload may hold secrets (a reset link); once delivered it is not needed.
      await this.db
        .updateTable('outbox')
        .set({
          status: 'done',
          done_at: this.clock.now(),
          locked_until: null,
          payload: '{}',
          last_error: null,
        })
        .where('id', '=', message.id)
        .execute();
    } catch (err) {
      const dead = message.attempts >= this.options.maxAttempts;
      const retryIn = Math.min(2 ** message.attempts * 1000, 3_600_000);
      this.log.warn(
        { err, outboxId: message.id, topic: message.topic, attempts: message.attempts, dead },
        'outbox message failed',
      );
      await this.db
        .updateTable('outbox')
        .set({
          status: dead ? 'dead' : 'pending',
          run_after: this.clock.now() + retryIn,
          locked_until: null,
          last_error: String(err instanceof Error ? err.message : err).slice(0, 2000),
        })
        .where('id', '=', message.id)
        .execute();
    }
  }

  /** Deletes delivered messages older than `ageMs`, a batch at a time. */
  async pruneDone(ageMs: number): Promise<void> {
    await this.db
      .deleteFrom('outbox')
      .where('status', '=', 'done')
      .where('done_at', '<', this.clock.now() - ageMs)
      .execute();
  }
}

import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';

export type JobHandler = () => Promise<void>;

interface RecurringJob {
  name: string;
  intervalMs: number;
  handler: JobHandler;
}

/**
 * Recurring jobs (expiry sweeps, reminders, digests) that run once per interval across all
 * processes: a process claims a run by moving the job's `next_run_at` forward with a conditional
 * UPDATE, which only one process can win on SQLite and PostgreSQL alike. One-off work at a time
 * (publish this course at 9:00) is an outbox message with `runAfter` instead.
 * A run that crashes midway is simply run again at the next interval, so handlers are idempotent.
 */
export class Jobs {
  private readonly jobs = new Map<string, RecurringJob>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly tickMs = 5_000,
  ) {}

  every(name: string, intervalMs: number, handler: JobHandler): void {
    if (this.jobs.has(name)) throw new Error(`Job ${name} is already registered`);
    this.jobs.set(name, { name, intervalMs, handler });
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.runDue()
        .then(() => undefined)
        .finally(() => {
          this.running = null;
        });
    }, this.tickMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Runs every job whose time has come and that no other process claimed first; returns their names. */
  async runDue(): Promise<string[]> {
    const ran: string[] = [];
    for (const job of this.jobs.values()) {
      try {
        if (await this.claim(job)) {
          ran.push(job.name);
          await this.run(job);
        }
      } catch (err) {
        this.log.error({ err, job: job.name }, 'could not claim a recurring job');
      }
    }
    return ran;
  }

  private async claim(job: RecurringJob): Promise<boolean> {
    const now = this.clock.now();
    await this.db
      .insertInto('recurring_jobs')
      .values({
        name: job.name,
        next_run_at: now,
        last_started_at: null,
        last_finished_at: null,
        last_error: null,
      })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const result = await this.db
      .updateTable('recurring_jobs')
      .set({ next_run_at: now + job.intervalMs, last_started_at: now })
      .where('name', '=', job.name)
      .where('next_run_at', '<=', now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  private async run(job: RecurringJob): Promise<void> {
    let error: string | null = null;
    try {
      await job.handler();
    } catch (err) {
      error = String(err instanceof Error ? err.message : err).slice(0, 2000);
      this.log.error({ err, job: job.name }, 'recurring job failed');
    }
    await this.db
      .updateTable('recurring_jobs')
      .set({ last_finished_at: this.clock.now(), last_error: error })
      .where('name', '=', job.name)
      .execute();
  }
}

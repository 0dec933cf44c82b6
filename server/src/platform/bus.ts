import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from './logger.js';

/** A domain event: a past-tense fact other modules (and other processes) may react to. */
export interface DomainEvent<T = unknown> {
  type: string;
  payload: T;
}

export type EventHandler = (event: DomainEvent) => void | Promise<void>;

/**
 * Publish after the transaction commits. Handlers in every process receive each event;
 * a handler's failure is logged and never reaches the publisher.
 */
export interface EventBus {
  publish(event: DomainEvent): Promise<void>;
  subscribe(type: string, handler: EventHandler): () => void;
  close(): Promise<void>;
}

class HandlerRegistry {
  private readonly handlers = new Map<string, Set<EventHandler>>();
  constructor(private readonly log: Logger) {}

  add(type: string, handler: EventHandler): () => void {
    let set = this.handlers.get(type);
    if (!set) {
      set = new Set();
      this.handlers.set(type, set);
    }
    set.add(handler);
    return () => set.delete(handler);
  }

  async dispatch(event: DomainEvent): Promise<void> {
    const set = this.handlers.get(event.type);
    if (!set) return;
    for (const handler of set) {
      try {
        await handler(event);
      } catch (err) {
        this.log.error({ err, eventType: event.type }, 'event handler failed');
      }
    }
  }
}

export class InProcessBus implements EventBus {
  private readonly registry: HandlerRegistry;
  constructor(log: Logger) {
    this.registry = new HandlerRegistry(log);
  }
  publish(event: DomainEvent): Promise<void> {
    return this.registry.dispatch(event);
  }
  subscribe(type: string, handler: EventHandler): () => void {
    return this.registry.add(type, handler);
  }
  async close(): Promise<void> {}
}

/**
 * Fans events out to every process over Redis pub/sub. The publishing process runs its own
 * handlers at once (before publishing, so it never serves stale state while the message makes
 * the round trip) and ignores its own message when it comes back. If Redis cannot be reached the
 * failure is logged, not thrown: the write that caused the event has already committed.
 */
export class RedisBus implements EventBus {
  private readonly registry: HandlerRegistry;
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly ready: Promise<unknown>;
  private readonly instanceId = randomUUID();

  constructor(
    url: string,
    private readonly log: Logger,
    private readonly channel = 'zhishe:events',
  ) {
    this.registry = new HandlerRegistry(log);
    this.publisher = new Redis(url, { maxRetriesPerRequest: 3 });
    this.subscriber = new Redis(url);
    for (const client of [this.publisher, this.subscriber]) {
      client.on('error', (err) => this.log.warn({ err }, 'redis bus connection error'));
    }
    this.subscriber.on('message', (_channel: string, message: string) => {
      let envelope: { from: string; event: DomainEvent };
      try {
        envelope = JSON.parse(message) as { from: string; event: DomainEvent };
      } catch (err) {
        this.log.warn({ err }, 'ignored a malformed bus message');
        return;
      }
      if (envelope.from === this.instanceId) return;
      void this.registry.dispatch(envelope.event);
    });
    this.ready = this.subscriber.subscribe(this.channel);
  }

  /** Resolves once this instance receives other processes' events. */
  whenReady(): Promise<unknown> {
    return this.ready;
  }

  async publish(event: DomainEvent): Promise<void> {
    await this.registry.dispatch(event);
    try {
      await this.publisher.publish(this.channel, JSON.stringify({ from: this.instanceId, event }));
    } catch (err) {
      this.log.error({ err, eventType: event.type }, 'could not publish an event to other processes');
    }
  }

  subscribe(type: string, handler: EventHandler): () => void {
    return this.registry.add(type, handler);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.subscriber.quit(), this.publisher.quit()]);
  }
}

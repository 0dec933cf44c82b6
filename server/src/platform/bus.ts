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

/** Fans events out to every process over Redis pub/sub; each process dispatches what it receives. */
export class RedisBus implements EventBus {
  private readonly registry: HandlerRegistry;
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly ready: Promise<unknown>;

  constructor(
    url: string,
    private readonly log: Logger,
    private readonly channel = 'zhishe:events',
  ) {
    this.registry = new HandlerRegistry(log);
    this.publisher = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
    this.subscriber = new Redis(url, { lazyConnect: false });
    this.subscriber.on('message', (_channel: string, message: string) => {
      let event: DomainEvent;
      try {
        event = JSON.parse(message) as DomainEvent;
      } catch (err) {
        this.log.warn({ err }, 'ignored a malformed bus message');
        return;
      }
      void this.registry.dispatch(event);
    });
    this.ready = this.subscriber.subscribe(this.channel);
  }

  async publish(event: DomainEvent): Promise<void> {
    await this.ready;
    await this.publisher.publish(this.channel, JSON.stringify(event));
  }

  subscribe(type: string, handler: EventHandler): () => void {
    return this.registry.add(type, handler);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.subscriber.quit(), this.publisher.quit()]);
  }
}

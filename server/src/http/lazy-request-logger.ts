import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions } from 'pino';

type LogCall = (...args: unknown[]) => void;

/**
 * Fastify gives every request a child logger bound to its request id; pino builds one by
 * serialising the bindings, which was a measurable share of a small request. Most requests never
 * log (request logging is off below `debug`), so the child is made on the first call instead.
 */
class LazyRequestLogger {
  private made: FastifyBaseLogger | null = null;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions | undefined,
  ) {}

  private get logger(): FastifyBaseLogger {
    if (this.made === null) this.made = this.parent.child(this.bindings, this.options);
    return this.made;
  }

  get level(): string {
    return this.made?.level ?? this.parent.level;
  }

  set level(level: string) {
    this.logger.level = level;
  }

  fatal(...args: unknown[]) {
    (this.logger.fatal as LogCall)(...args);
  }
  error(...args: unknown[]) {
    (this.logger.error as LogCall)(...args);
  }
  warn(...args: unknown[]) {
    (this.logger.warn as LogCall)(...args);
  }
  info(...args: unknown[]) {
    (this.logger.info as LogCall)(...args);
  }
  debug(...args: unknown[]) {
    (this.logger.debug as LogCall)(...args);
  }
  trace(...args: unknown[]) {
    (this.logger.trace as LogCall)(...args);
  }
  silent(...args: unknown[]) {
    (this.logger.silent as LogCall)(...args);
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.logger.child(bindings, options);
  }
}

export const lazyRequestLogger = (
  logger: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildLoggerOptions | undefined,
): FastifyBaseLogger => new LazyRequestLogger(logger, bindings, options) as unknown as FastifyBaseLogger;

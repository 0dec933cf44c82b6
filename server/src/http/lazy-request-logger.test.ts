import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { lazyRequestLogger } from './lazy-request-logger.js';

function recordingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger: logger as unknown as FastifyBaseLogger, lines };
}

describe('lazyRequestLogger', () => {
  it('makes no child until something is logged, then logs with the request bindings', () => {
    const { logger, lines } = recordingLogger();
    let children = 0;
    const parent = new Proxy(logger, {
      get(target, key, receiver) {
        if (key === 'child') children++;
        return Reflect.get(target, key, receiver);
      },
    });
    const requestLogger = lazyRequestLogger(parent, { reqId: 'req-7' }, undefined);
    expect(requestLogger.level).toBe('info');
    expect(children).toBe(0);
    requestLogger.debug('not at this level');
    requestLogger.error({ err: new Error('boom') }, 'request failed');
    requestLogger.warn('second line');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ reqId: 'req-7', msg: 'request failed', level: 50 });
    expect(lines[1]).toMatchObject({ reqId: 'req-7', msg: 'second line' });
    expect(children).toBe(1);
  });

  it('passes a level change and further children on to the real child', () => {
    const { logger, lines } = recordingLogger();
    const requestLogger = lazyRequestLogger(logger, { reqId: 'r1' }, undefined);
    requestLogger.level = 'debug';
    requestLogger.debug('now visible');
    requestLogger.child({ step: 'db' }).info('nested');
    expect(lines).toEqual([
      expect.objectContaining({ reqId: 'r1', msg: 'now visible' }),
      expect.objectContaining({ reqId: 'r1', step: 'db', msg: 'nested' }),
    ]);
    expect(logger.level).toBe('info');
  });
});

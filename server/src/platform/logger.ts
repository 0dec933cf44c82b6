import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config.js';

export type { Logger };

/** Paths that must never reach a log line, wherever they appear in a logged object. */
// Named paths, no wildcards: wildcard redaction runs on every child logger's bindings and
// showed up as a few per cent of each request in bench/http.ts.
export const REDACTED_PATHS = [
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'secret',
  'body.password',
  'body.newPassword',
  'body.currentPassword',
  'body.token',
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
];

export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, destination);
}

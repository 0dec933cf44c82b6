import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** `null` means the SQLite file `<dataDir>/zhishe.db`. */
  databaseUrl: string | null;
  redisUrl: string | null;
  /** Origin the site is reached at; cookies are Secure when it is https. */
  publicUrl: string;
  secret: string;
  smtpUrl: string | null;
  mailFrom: string;
  logLevel: LogLevel;
  trustProxy: boolean;
  production: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type Env = Record<string, string | undefined>;

/** Reads the environment once; every bad value is reported together, by name. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const value = (name: string) => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };

  const port = parsePort(value('PORT') ?? '3000');
  if (port === null) problems.push(`PORT must be an integer between 1 and 65535 (got "${value('PORT')}")`);

  const host = value('HOST') ?? '0.0.0.0';
  const dataDir = path.resolve(value('DATA_DIR') ?? './data');

  const databaseUrl = value('DATABASE_URL') ?? null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must start with postgres:// or postgresql:// (leave it unset for SQLite)');
  }
  const redisUrl = value('REDIS_URL') ?? null;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl))
    problems.push('REDIS_URL must start with redis:// or rediss://');

  const rawPublicUrl = value('PUBLIC_URL') ?? `http://localhost:${port ?? 3000}`;
  let publicUrl = rawPublicUrl;
  try {
    const url = new URL(rawPublicUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    publicUrl = url.origin;
  } catch {
    problems.push(
      `PUBLIC_URL must be an http(s) URL such as https://community.example.com (got "${rawPublicUrl}")`,
    );
  }

  const smtpUrl = value('SMTP_URL') ?? null;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) problems.push('SMTP_URL must start with smtp:// or smtps://');

  const logLevel = (value('LOG_LEVEL') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const rawSecret = value('SECRET');
  if (rawSecret !== undefined && rawSecret.length < 32)
    problems.push('SECRET must be at least 32 characters');

  if (problems.length > 0) throw new ConfigError(problems);

  return {
    port: port as number,
    host,
    dataDir,
    databaseUrl,
    redisUrl,
    publicUrl,
    secret: rawSecret ?? loadOrCreateSecret(dataDir),
    smtpUrl,
    mailFrom: value('MAIL_FROM') ?? `Zhishe <no-reply@${new URL(publicUrl).hostname}>`,
    logLevel,
    trustProxy: value('TRUST_PROXY') === 'true',
    production: env.NODE_ENV === 'production',
  };
}

function parsePort(raw: string): number | null {
  if (!/^\d+$/.test(raw)) return null;
  const n = Number(raw);
  return n >= 1 && n <= 65535 ? n : null;
}

/** A generated secret survives restarts, readable only by the owner of the data folder. */
function loadOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, 'secret');
  if (existsSync(file)) {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length < 32)
      throw new ConfigError([
        `${file} must hold at least 32 characters (delete it to have a new one generated)`,
      ]);
    return existing;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return secret;
}

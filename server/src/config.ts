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
  /** The test payment provider (a local checkout page): on by default, off in production unless asked for. */
  testPayments: boolean;
  /** The platform's fee on every paid order, in basis points (500 = 5 %). */
  platformFeeBasisPoints: number;
  /** Bytes of rendered lesson bodies kept in memory per process (0: none). */
  lessonCacheBytes: number;
  /** Keys of the payment providers that are set up (each one whole, or absent). */
  payments: PaymentKeys;
}

export interface PaymentKeys {
  stripe: { secretKey: string; webhookSecret: string } | null;
  alipay: { appId: string; privateKey: string; alipayPublicKey: string; gateway?: string } | null;
  wechatpay: {
    mchId: string;
    appId: string;
    merchantSerialNo: string;
    merchantPrivateKey: string;
    apiV3Key: string;
    platformPublicKey: string;
    platformSerialNo: string;
  } | null;
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

  const production = env.NODE_ENV === 'production';
  const testPaymentsValue = value('PAYMENTS_TEST_PROVIDER');
  if (testPaymentsValue !== undefined && testPaymentsValue !== 'on' && testPaymentsValue !== 'off')
    problems.push(`PAYMENTS_TEST_PROVIDER must be on or off (got "${testPaymentsValue}")`);
  const fee = value('PLATFORM_FEE_PERCENT') ?? '0';
  const feeBasisPoints = /^\d{1,2}(\.\d{1,2})?$/.test(fee) ? Math.round(Number(fee) * 100) : null;
  if (feeBasisPoints === null)
    problems.push(`PLATFORM_FEE_PERCENT must be a percentage from 0 to 99.99 (got "${fee}")`);

  const payments = readPaymentKeys(value, problems);

  const lessonCacheMb = value('LESSON_CACHE_MB') ?? '128';
  if (!/^\d{1,6}$/.test(lessonCacheMb))
    problems.push(`LESSON_CACHE_MB must be a whole number of megabytes, 0 or more (got "${lessonCacheMb}")`);

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
    production,
    testPayments: testPaymentsValue === undefined ? !production : testPaymentsValue === 'on',
    platformFeeBasisPoints: feeBasisPoints as number,
    lessonCacheBytes: Number(lessonCacheMb) * 1024 * 1024,
    payments,
  };
}

/**
 * A provider is set up when all of its variables are given, and refused when only some are.
 * Keys in PEM files are named by `*_FILE` variables, read once at start.
 */
function readPaymentKeys(value: (name: string) => string | undefined, problems: string[]): PaymentKeys {
  const group = <K extends string>(provider: string, names: Record<K, string>) => {
    const entries = Object.entries(names) as [K, string][];
    const given = entries.filter(([, name]) => value(name) !== undefined);
    if (given.length === 0) return null;
    if (given.length < entries.length) {
      const missing = entries.filter(([, name]) => value(name) === undefined).map(([, name]) => name);
      problems.push(`${provider} needs ${missing.join(', ')} as well (or none of its settings)`);
      return null;
    }
    const out = {} as Record<K, string>;
    for (const [key, name] of entries) {
      const raw = value(name) as string;
      if (!name.endsWith('_FILE')) out[key] = raw;
      else if (!existsSync(raw)) problems.push(`${name} names a file that does not exist: ${raw}`);
      else out[key] = readFileSync(raw, 'utf8');
    }
    return out;
  };
  const stripe = group('Stripe', { secretKey: 'STRIPE_SECRET_KEY', webhookSecret: 'STRIPE_WEBHOOK_SECRET' });
  const alipay = group('Alipay', {
    appId: 'ALIPAY_APP_ID',
    privateKey: 'ALIPAY_PRIVATE_KEY_FILE',
    alipayPublicKey: 'ALIPAY_PUBLIC_KEY_FILE',
  });
  const wechatpay = group('WeChat Pay', {
    mchId: 'WECHATPAY_MCH_ID',
    appId: 'WECHATPAY_APP_ID',
    merchantSerialNo: 'WECHATPAY_SERIAL_NO',
    merchantPrivateKey: 'WECHATPAY_PRIVATE_KEY_FILE',
    apiV3Key: 'WECHATPAY_API_V3_KEY',
    platformPublicKey: 'WECHATPAY_PLATFORM_PUBLIC_KEY_FILE',
    platformSerialNo: 'WECHATPAY_PLATFORM_SERIAL_NO',
  });
  if (wechatpay && wechatpay.apiV3Key.length !== 32)
    problems.push('WECHATPAY_API_V3_KEY must be 32 characters');
  const gateway = value('ALIPAY_GATEWAY');
  return { stripe, alipay: alipay ? { ...alipay, ...(gateway ? { gateway } : {}) } : null, wechatpay };
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

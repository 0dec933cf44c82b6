import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const GOOD_SECRET = 's'.repeat(32);
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'zhishe-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The problems loadConfig reports for `env`; fails the test if it does not throw a ConfigError. */
function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ DATA_DIR: dir, SECRET: GOOD_SECRET, ...env });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig defaults', () => {
  it('runs on port 3000 with SQLite, no Redis, no SMTP, and a localhost public URL', () => {
    const config = loadConfig({ DATA_DIR: dir, SECRET: GOOD_SECRET });
    expect(config).toEqual({
      port: 3000,
      host: '0.0.0.0',
      dataDir: dir,
      databaseUrl: null,
      redisUrl: null,
      publicUrl: 'http://localhost:3000',
      secret: GOOD_SECRET,
      smtpUrl: null,
      mailFrom: 'Zhishe <no-reply@localhost>',
      logLevel: 'info',
      trustProxy: false,
      production: false,
      testPayments: true,
      platformFeeBasisPoints: 0,
      lessonCacheBytes: 128 * 1024 * 1024,
      payments: { stripe: null, alipay: null, wechatpay: null },
    });
  });

  it('reads a payment provider whose settings are all given', () => {
    const config = loadConfig({
      DATA_DIR: dir,
      SECRET: GOOD_SECRET,
      STRIPE_SECRET_KEY: 'sk_test_1',
      STRIPE_WEBHOOK_SECRET: 'whsec_1',
    });
    expect(config.payments).toEqual({
      stripe: { secretKey: 'sk_test_1', webhookSecret: 'whsec_1' },
      alipay: null,
      wechatpay: null,
    });
  });

  it('turns the test payment provider off in production unless asked for, and reads the fee', () => {
    const base = { DATA_DIR: dir, SECRET: GOOD_SECRET };
    expect(loadConfig({ ...base, NODE_ENV: 'production' }).testPayments).toBe(false);
    expect(loadConfig({ ...base, NODE_ENV: 'production', PAYMENTS_TEST_PROVIDER: 'on' }).testPayments).toBe(
      true,
    );
    expect(loadConfig({ ...base, PAYMENTS_TEST_PROVIDER: 'off' }).testPayments).toBe(false);
    expect(loadConfig({ ...base, PLATFORM_FEE_PERCENT: '5' }).platformFeeBasisPoints).toBe(500);
    expect(loadConfig({ ...base, PLATFORM_FEE_PERCENT: '2.5' }).platformFeeBasisPoints).toBe(250);
    expect(loadConfig({ ...base, LESSON_CACHE_MB: '0' }).lessonCacheBytes).toBe(0);
    expect(loadConfig({ ...base, LESSON_CACHE_MB: '16' }).lessonCacheBytes).toBe(16 * 1024 * 1024);
  });

  it('derives the default public URL from PORT', () => {
    expect(loadConfig({ DATA_DIR: dir, SECRET: GOOD_SECRET, PORT: '8080' }).publicUrl).toBe(
      'http://localhost:8080',
    );
  });

  it('treats empty and blank values as unset', () => {
    const config = loadConfig({
      DATA_DIR: dir,
      SECRET: GOOD_SECRET,
      PORT: '',
      DATABASE_URL: '   ',
      LOG_LEVEL: '',
    });
    expect(config).toMatchObject({ port: 3000, databaseUrl: null, logLevel: 'info' });
  });

  it('reads every setting it is given', () => {
    const config = loadConfig({
      DATA_DIR: dir,
      SECRET: GOOD_SECRET,
      PORT: '8443',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgresql://zhishe@db:5432/zhishe',
      REDIS_URL: 'rediss://cache:6380',
      PUBLIC_URL: 'https://community.example.com/some/path?x=1',
      SMTP_URL: 'smtps://user:pass@mail.example.com',
      LOG_LEVEL: 'debug',
      TRUST_PROXY: 'true',
      NODE_ENV: 'production',
    });
    expect(config).toMatchObject({
      port: 8443,
      host: '127.0.0.1',
      databaseUrl: 'postgresql://zhishe@db:5432/zhishe',
      redisUrl: 'rediss://cache:6380',
      // Only the origin is kept.
      publicUrl: 'https://community.example.com',
      smtpUrl: 'smtps://user:pass@mail.example.com',
      mailFrom: 'Zhishe <no-reply@community.example.com>',
      logLevel: 'debug',
      trustProxy: true,
      production: true,
    });
    expect(
      loadConfig({ DATA_DIR: dir, SECRET: GOOD_SECRET, MAIL_FROM: 'Club <hi@club.test>' }).mailFrom,
    ).toBe('Club <hi@club.test>');
  });
});

describe('loadConfig errors', () => {
  it.each([
    ['PORT', { PORT: 'abc' }, /PORT.*"abc"/],
    ['PAYMENTS_TEST_PROVIDER', { PAYMENTS_TEST_PROVIDER: 'yes' }, /PAYMENTS_TEST_PROVIDER.*"yes"/],
    ['STRIPE_WEBHOOK_SECRET', { STRIPE_SECRET_KEY: 'sk_test_x' }, /Stripe needs STRIPE_WEBHOOK_SECRET/],
    [
      'ALIPAY_PRIVATE_KEY_FILE',
      {
        ALIPAY_APP_ID: '1',
        ALIPAY_PRIVATE_KEY_FILE: '/no/such.pem',
        ALIPAY_PUBLIC_KEY_FILE: '/etc/hostname',
      },
      /ALIPAY_PRIVATE_KEY_FILE names a file/,
    ],
    ['PLATFORM_FEE_PERCENT', { PLATFORM_FEE_PERCENT: '100' }, /PLATFORM_FEE_PERCENT/],
    ['LESSON_CACHE_MB', { LESSON_CACHE_MB: '-1' }, /LESSON_CACHE_MB/],
    ['PLATFORM_FEE_PERCENT', { PLATFORM_FEE_PERCENT: '-1' }, /PLATFORM_FEE_PERCENT/],
    ['PORT', { PORT: '0' }, /PORT/],
    ['PORT', { PORT: '65536' }, /PORT/],
    ['PORT', { PORT: '80.5' }, /PORT/],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://root@db/zhishe' }, /DATABASE_URL/],
    ['REDIS_URL', { REDIS_URL: 'http://cache:6379' }, /REDIS_URL/],
    ['PUBLIC_URL', { PUBLIC_URL: 'ftp://files.example.com' }, /PUBLIC_URL.*ftp:\/\/files\.example\.com/],
    ['PUBLIC_URL', { PUBLIC_URL: 'not a url' }, /PUBLIC_URL/],
    ['SMTP_URL', { SMTP_URL: 'http://mail.example.com' }, /SMTP_URL/],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    ['SECRET', { SECRET: 'x'.repeat(31) }, /SECRET.*32/],
  ])('names %s when it is bad (%o)', (_name, env, pattern) => {
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(pattern);
  });

  it('reports several bad values together, each by name', () => {
    const problems = problemsOf({
      PORT: 'abc',
      DATABASE_URL: 'mysql://root@db/zhishe',
      PUBLIC_URL: 'ftp://files.example.com',
      LOG_LEVEL: 'loud',
      SECRET: 'short',
    });
    expect(problems).toHaveLength(5);
    for (const name of ['PORT', 'DATABASE_URL', 'PUBLIC_URL', 'LOG_LEVEL', 'SECRET'])
      expect(problems.some((p) => p.startsWith(name))).toBe(true);
  });

  it('puts every problem in the error message', () => {
    expect(() => loadConfig({ DATA_DIR: dir, PORT: 'abc', LOG_LEVEL: 'loud' })).toThrow(
      /Invalid configuration:\n {2}- PORT.*\n {2}- LOG_LEVEL/,
    );
  });

  it('writes no secret file when the configuration is invalid', () => {
    expect(() => loadConfig({ DATA_DIR: dir, PORT: 'abc' })).toThrow(ConfigError);
    expect(existsSync(path.join(dir, 'secret'))).toBe(false);
  });
});

describe('generated secret', () => {
  it('is created once, readable only by its owner, and reused on the next start', () => {
    const dataDir = path.join(dir, 'nested', 'data');
    const file = path.join(dataDir, 'secret');

    const first = loadConfig({ DATA_DIR: dataDir });
    expect(first.secret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(file, 'utf8')).toBe(`${first.secret}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const second = loadConfig({ DATA_DIR: dataDir });
    expect(second.secret).toBe(first.secret);
    expect(readFileSync(file, 'utf8')).toBe(`${first.secret}\n`);
  });

  it('differs between installs', () => {
    const a = loadConfig({ DATA_DIR: path.join(dir, 'a') }).secret;
    const b = loadConfig({ DATA_DIR: path.join(dir, 'b') }).secret;
    expect(a).not.toBe(b);
  });

  it('is not written when SECRET is set', () => {
    expect(loadConfig({ DATA_DIR: dir, SECRET: GOOD_SECRET }).secret).toBe(GOOD_SECRET);
    expect(existsSync(path.join(dir, 'secret'))).toBe(false);
  });

  it('reuses a secret file written by the operator', () => {
    writeFileSync(path.join(dir, 'secret'), `${'k'.repeat(40)}\n`, { mode: 0o600 });
    expect(loadConfig({ DATA_DIR: dir }).secret).toBe('k'.repeat(40));
  });
});

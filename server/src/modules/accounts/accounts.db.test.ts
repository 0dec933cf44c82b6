import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  PUBLIC_URL,
  STRONG_PASSWORD,
  sessionCookieOf,
  type TestApp,
  uniqueEmail,
} from '../../../test/test-app.js';
import { ManualClock } from '../../platform/clock.js';
import { hashToken } from '../../platform/tokens.js';

const clock = new ManualClock(Date.UTC(2026, 10, 25, 9, 0, 0));
let t: TestApp;
let operatorCookie: string;

const patch = (url: string, body: unknown, cookie: string) =>
  t.app.inject({
    method: 'PATCH',
    url,
    payload: JSON.stringify(body),
    headers: { cookie, 'content-type': 'application/json' },
  });

async function post(url: string, body?: unknown, cookie?: string, extraHeaders: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url,
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(cookie ? { cookie } : {}),
      ...extraHeaders,
    },
  });
}

const get = (url: string, cookie?: string) =>
  t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
const countUsers = async () =>
  Number(
    (
      await t.db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function register(email = uniqueEmail(), password = STRONG_PASSWORD, displayName = '小明 Ming') {
  const res = await post('/api/auth/register', { email, password, displayName, locale: 'zh-CN' });
  expect(res.statusCode, res.body).toBe(201);
  return { email, cookie: sessionCookieOf(res), user: res.json().user };
}

async function latestMailTo(email: string) {
  await t.deps.outbox.drain();
  return t.db
    .selectFrom('mail_messages')
    .selectAll()
    .where('to_address', '=', email)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
}

const tokenIn = (text: string) => {
  const match = /token=([A-Za-z0-9_-]+)/.exec(text);
  if (!match?.[1]) throw new Error(`no token in mail: ${text}`);
  return match[1];
};

beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(async () => {
  await t.close();
});

describe('first-run setup', () => {
  it('refuses registration until the operator exists', async () => {
    const res = await post('/api/auth/register', {
      email: uniqueEmail(),
      password: STRONG_PASSWORD,
      displayName: 'Early',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('setup_required');
    expect(await countUsers()).toBe(0);
  });

  it('reports that setup is needed, creates the operator once, then refuses with 409', async () => {
    expect((await get('/api/setup')).json()).toEqual({ needed: true });

    const weak = await post('/api/setup', {
      email: 'root@example.com',
      password: 'password123',
      displayName: 'Root',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.headers['content-type']).toContain('application/problem+json');
    expect(weak.json().errors[0]).toMatchObject({ path: 'password', code: 'password_weak' });
    expect(await countUsers()).toBe(0);

    const res = await post('/api/setup', {
      email: 'Root@Example.com',
      password: STRONG_PASSWORD,
      displayName: '站长',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().user).toMatchObject({
      email: 'root@example.com',
      role: 'operator',
      displayName: '站长',
    });
    operatorCookie = sessionCookieOf(res);
    expect((await get('/api/setup')).json()).toEqual({ needed: false });

    const again = await post('/api/setup', {
      email: 'other@example.com',
      password: STRONG_PASSWORD,
      displayName: 'X',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('setup_done');
    expect(await countUsers()).toBe(1);

    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'account.operator_created')
      .execute();
    expect(audit).toHaveLength(1);
  });
});

describe('registration', () => {
  it.each([
    ['bad e-mail', { email: 'not-an-email', password: STRONG_PASSWORD, displayName: 'A' }, 'email', 'format'],
    [
      'short password',
      { email: uniqueEmail(), password: 'Ab1!x', displayName: 'A' },
      'password',
      'password_too_short',
    ],
    [
      'common password',
      { email: uniqueEmail(), password: 'password123', displayName: 'A' },
      'password',
      'password_weak',
    ],
    ['missing name', { email: uniqueEmail(), password: STRONG_PASSWORD }, 'displayName', 'required'],
    [
      'blank name',
      { email: uniqueEmail(), password: STRONG_PASSWORD, displayName: '   ' },
      'displayName',
      'pattern',
    ],
    [
      'unknown field',
      { email: uniqueEmail(), password: STRONG_PASSWORD, displayName: 'A', role: 'operator' },
      'role',
      'additionalProperties',
    ],
  ])('refuses a %s with 400 naming the field, writing nothing', async (_name, body, path, code) => {
    const before = await countUsers();
    const res = await post('/api/auth/register', body);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = res.json();
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors).toContainEqual(expect.objectContaining({ path, code }));
    expect(problem).not.toHaveProperty('stack');
    expect(await countUsers()).toBe(before);
  });

  it('says why a common password is refused', async () => {
    const res = await post('/api/auth/register', {
      email: uniqueEmail(),
      password: 'password123',
      displayName: 'A',
    });
    expect(res.json().errors[0].message).toMatch(/commonly used password/);
  });

  it('creates the account, signs in, stores an argon2id hash and only the session token hash', async () => {
    const { email, cookie, user } = await register();
    expect(user).toMatchObject({ email, role: 'user', locale: 'zh-CN', emailVerified: false });
    const row = await t.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(STRONG_PASSWORD);

    const token = cookie.split('=')[1] as string;
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const sessions = await t.db.selectFrom('sessions').selectAll().where('user_id', '=', row.id).execute();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.token_hash).toBe(hashToken(token));
    for (const session of await t.db.selectFrom('sessions').selectAll().execute()) {
      expect(Object.values(session)).not.toContain(token);
    }
    expect((await get('/api/me', cookie)).json().user.id).toBe(user.id);
  });

  it('sets an HttpOnly, SameSite=Lax session cookie', async () => {
    const res = await post('/api/auth/register', {
      email: uniqueEmail(),
      password: STRONG_PASSWORD,
      displayName: 'C',
    });
    const cookie = res.cookies.find((c) => c.name === 'zhishe_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  });

  it('refuses a duplicate e-mail (in any letter case) with 409', async () => {
    const { email } = await register();
    const before = await countUsers();
    const res = await post('/api/auth/register', {
      email: email.toUpperCase(),
      password: STRONG_PASSWORD,
      displayName: 'Dup',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'email_taken', errors: [{ path: 'email' }] });
    expect(await countUsers()).toBe(before);
  });
});

describe('log in and out', () => {
  it('gives the same 401 body for an unknown e-mail and a wrong password', async () => {
    const { email } = await register();
    const wrong = await post('/api/auth/login', { email, password: 'not-the-password-1' });
    const unknown = await post('/api/auth/login', {
      email: uniqueEmail('nobody'),
      password: 'not-the-password-1',
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.body).toBe(unknown.body);
    expect(wrong.json().code).toBe('invalid_credentials');
  });

  it('answers the 11th failed login in a minute with 429 and Retry-After, even with the right password', async () => {
    const { email } = await register();
    for (let i = 0; i < 10; i++) {
      expect((await post('/api/auth/login', { email, password: `wrong-${i}-password` })).statusCode).toBe(
        401,
      );
    }
    const blocked = await post('/api/auth/login', { email, password: STRONG_PASSWORD });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().code).toBe('rate_limited');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    clock.advance(61_000);
    expect((await post('/api/auth/login', { email, password: STRONG_PASSWORD })).statusCode).toBe(200);
  });

  it('logs in, lists sessions, revokes one, logs out and logs out everywhere', async () => {
    const { email, cookie: first } = await register();
    const login = await post('/api/auth/login', { email, password: STRONG_PASSWORD }, undefined, {
      'user-agent': 'Test Browser',
    });
    expect(login.statusCode).toBe(200);
    const second = sessionCookieOf(login);

    const list = (await get('/api/me/sessions', second)).json().items;
    expect(list).toHaveLength(2);
    expect(list.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    expect(list.find((s: { current: boolean }) => s.current).userAgent).toBe('Test Browser');

    const other = list.find((s: { current: boolean }) => !s.current);
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/api/me/sessions/${other.id}`,
          headers: { cookie: second },
        })
      ).statusCode,
    ).toBe(204);
    expect((await get('/api/me', first)).statusCode).toBe(401);
    expect((await get('/api/me', second)).statusCode).toBe(200);

    expect((await post('/api/auth/logout', undefined, second)).statusCode).toBe(204);
    expect((await get('/api/me', second)).statusCode).toBe(401);

    const a = sessionCookieOf(await post('/api/auth/login', { email, password: STRONG_PASSWORD }));
    const b = sessionCookieOf(await post('/api/auth/login', { email, password: STRONG_PASSWORD }));
    expect((await post('/api/auth/logout-all', undefined, a)).statusCode).toBe(204);
    expect((await get('/api/me', a)).statusCode).toBe(401);
    expect((await get('/api/me', b)).statusCode).toBe(401);
  });

  it("cannot revoke another user's session", async () => {
    const alice = await register();
    const bob = await register();
    const bobSession = (await get('/api/me/sessions', bob.cookie)).json().items[0];
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/api/me/sessions/${bobSession.id}`,
      headers: { cookie: alice.cookie },
    });
    expect(res.statusCode).toBe(404);
    expect((await get('/api/me', bob.cookie)).statusCode).toBe(200);
  });

  it('requires a session for /api/me', async () => {
    const res = await get('/api/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('unauthenticated');
    expect((await get('/api/me', 'zhishe_session=forged-token')).statusCode).toBe(401);
  });

  it('expires sessions after 30 idle days and slides the expiry while in use', async () => {
    const { cookie } = await register();
    clock.advance(20 * 86_400_000);
    expect((await get('/api/me', cookie)).statusCode).toBe(200);
    clock.advance(20 * 86_400_000);
    expect((await get('/api/me', cookie)).statusCode).toBe(200);
    clock.advance(31 * 86_400_000);
    expect((await get('/api/me', cookie)).statusCode).toBe(401);
  });
});

describe('profile and password', () => {
  it('updates the display name and locale', async () => {
    const { cookie } = await register();
    const res = await patch('/api/me', { displayName: 'New Name', locale: 'en' }, cookie);
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ displayName: 'New Name', locale: 'en' });
    expect((await get('/api/me', cookie)).json().user.displayName).toBe('New Name');

    const bad = await patch('/api/me', { locale: 'fr' }, cookie);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('locale');
  });

  it('changes the password only with the current one, and signs out other sessions', async () => {
    const { email, cookie } = await register();
    const other = sessionCookieOf(await post('/api/auth/login', { email, password: STRONG_PASSWORD }));
    const wrong = await post(
      '/api/me/password',
      { currentPassword: 'nope-nope-nope', newPassword: 'amber-Falcon-77-meadow' },
      cookie,
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0]).toMatchObject({ path: 'currentPassword', code: 'invalid_credentials' });

    const weak = await post(
      '/api/me/password',
      { currentPassword: STRONG_PASSWORD, newPassword: 'password123' },
      cookie,
    );
    expect(weak.json().errors[0]).toMatchObject({ path: 'newPassword', code: 'password_weak' });

    const ok = await post(
      '/api/me/password',
      { currentPassword: STRONG_PASSWORD, newPassword: 'amber-Falcon-77-meadow' },
      cookie,
    );
    expect(ok.statusCode).toBe(204);
    expect((await get('/api/me', cookie)).statusCode).toBe(200);
    expect((await get('/api/me', other)).statusCode).toBe(401);
    expect((await post('/api/auth/login', { email, password: 'amber-Falcon-77-meadow' })).statusCode).toBe(
      200,
    );
  });
});

describe('password reset and e-mail verification', () => {
  it('answers the same for unknown addresses and mails a one-use, one-hour link', async () => {
    const { email, cookie } = await register();
    const unknown = await post('/api/auth/password-reset', { email: uniqueEmail('ghost') });
    const known = await post('/api/auth/password-reset', { email });
    expect(unknown.statusCode).toBe(202);
    expect(known.statusCode).toBe(202);
    expect(unknown.body).toBe(known.body);

    const mail = await latestMailTo(email);
    expect(mail.subject).toBe('重置你的知社密码');
    expect(mail.text_body).toContain(`${PUBLIC_URL}/reset-password?token=`);
    const token = tokenIn(mail.text_body);
    expect(
      await t.db.selectFrom('auth_tokens').select('id').where('token_hash', '=', token).executeTakeFirst(),
    ).toBeUndefined();

    const weak = await post('/api/auth/password-reset/confirm', { token, password: 'password123' });
    expect(weak.statusCode).toBe(400);
    const ok = await post('/api/auth/password-reset/confirm', { token, password: 'quiet-Orchard-19-river' });
    expect(ok.statusCode).toBe(204);
    expect((await get('/api/me', cookie)).statusCode).toBe(401);
    expect((await post('/api/auth/login', { email, password: 'quiet-Orchard-19-river' })).statusCode).toBe(
      200,
    );

    const reused = await post('/api/auth/password-reset/confirm', {
      token,
      password: 'another-Strong-88-pass',
    });
    expect(reused.statusCode).toBe(400);
    expect(reused.json().code).toBe('token_invalid');
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'account.password_reset')
      .execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it('refuses a reset link older than one hour', async () => {
    const { email } = await register();
    await post('/api/auth/password-reset', { email });
    const token = tokenIn((await latestMailTo(email)).text_body);
    clock.advance(61 * 60_000);
    const res = await post('/api/auth/password-reset/confirm', { token, password: 'quiet-Orchard-19-river' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('token_invalid');
  });

  it('verifies the e-mail address with the mailed token', async () => {
    const { email, cookie } = await register();
    const mail = await latestMailTo(email);
    expect(mail.subject).toBe('验证你的知社邮箱');
    const res = await post('/api/auth/verify-email', { token: tokenIn(mail.text_body) });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.emailVerified).toBe(true);
    expect((await get('/api/me', cookie)).json().user.emailVerified).toBe(true);
    expect((await post('/api/auth/verify-email', { token: tokenIn(mail.text_body) })).statusCode).toBe(400);
  });
});

describe('request hygiene', () => {
  it('refuses a state-changing request from a foreign Origin with 403, writing nothing', async () => {
    const before = await countUsers();
    const res = await post(
      '/api/auth/register',
      { email: uniqueEmail(), password: STRONG_PASSWORD, displayName: 'X' },
      undefined,
      {
        origin: 'https://evil.example',
      },
    );
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('origin_forbidden');
    expect(await countUsers()).toBe(before);
    const same = await post(
      '/api/auth/register',
      { email: uniqueEmail(), password: STRONG_PASSWORD, displayName: 'X' },
      undefined,
      {
        origin: PUBLIC_URL,
      },
    );
    expect(same.statusCode).toBe(201);
  });

  it('refuses a 2 MB JSON body with 413', async () => {
    const before = await countUsers();
    const res = await post('/api/auth/register', {
      email: uniqueEmail(),
      password: STRONG_PASSWORD,
      displayName: 'x'.repeat(2 * 1024 * 1024),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('body_too_large');
    expect(await countUsers()).toBe(before);
  });

  it('refuses malformed JSON with 400 and a wrong content type with 415', async () => {
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: '{"email":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('malformed_json');
    const wrongType = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: 'email=a',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(wrongType.statusCode).toBe(415);
  });

  it('answers unknown API paths with a problem 404', async () => {
    const res = await get('/api/no-such-thing');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('not_found');
  });

  it('sends security headers on every response: a strict set on JSON, the full set on pages', async () => {
    const api = await get('/api/health');
    expect(api.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(api.headers['x-content-type-options']).toBe('nosniff');
    expect(api.headers['x-frame-options']).toBe('DENY');
    expect(api.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(api.headers['strict-transport-security']).toBeUndefined();
    const page = await get('/api/docs/');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves liveness, readiness and the OpenAPI document', async () => {
    expect((await get('/api/health')).json()).toEqual({ status: 'ok' });
    expect((await get('/api/ready')).json()).toEqual({ status: 'ok', checks: { database: 'ok' } });
    const spec = (await get('/api/openapi.json')).json();
    expect(spec.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/setup',
      '/api/auth/register',
      '/api/auth/login',
      '/api/me',
      '/api/me/sessions/{id}',
      '/api/auth/password-reset/confirm',
    ]) {
      expect(spec.paths).toHaveProperty([path]);
    }
  });
});

describe('operator mail log', () => {
  it('shows the operator the recorded mail, keyset-paginated, and nobody else', async () => {
    const { email, cookie } = await register();
    await latestMailTo(email);
    expect((await get('/api/admin/mail')).statusCode).toBe(401);
    expect((await get('/api/admin/mail', cookie)).statusCode).toBe(403);
    // Earlier tests moved the clock past the first session's expiry.
    operatorCookie = sessionCookieOf(
      await post('/api/auth/login', { email: 'root@example.com', password: STRONG_PASSWORD }),
    );
    const page = (await get('/api/admin/mail?limit=2', operatorCookie)).json();
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).toEqual(expect.any(String));
    const next = (await get(`/api/admin/mail?limit=2&cursor=${page.nextCursor}`, operatorCookie)).json();
    expect(next.items[0].id < page.items[1].id).toBe(true);
  });
});

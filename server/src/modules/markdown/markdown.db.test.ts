import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, STRONG_PASSWORD, sessionCookieOf, type TestApp } from '../../../test/test-app.js';

let t: TestApp;
let cookie: string;

beforeAll(async () => {
  t = await createTestApp();
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/setup',
    payload: { email: 'owner@example.com', password: STRONG_PASSWORD, displayName: 'Owner' },
  });
  cookie = sessionCookieOf(res);
});
afterAll(() => t.close());

const preview = (source: unknown, withCookie = true) =>
  t.app.inject({
    method: 'POST',
    url: '/api/markdown/preview',
    payload: { source },
    headers: withCookie ? { cookie } : {},
  });

it('renders markdown for signed-in editors, sanitised', async () => {
  const res = await preview('**粗体** <script>alert(1)</script>');
  expect(res.statusCode).toBe(200);
  expect(res.json().html).toContain('<strong>粗体</strong>');
  expect(res.json().html).not.toMatch(/<script/i);
});

it('refuses visitors and bad input', async () => {
  expect((await preview('x', false)).statusCode).toBe(401);
  const bad = await preview(42);
  expect(bad.statusCode).toBe(400);
  expect(bad.json().errors[0].path).toBe('source');
});

/**
 * Fixtures for content tests. The communities module's routes may not exist yet, so communities,
 * plans, staff roles and memberships are written directly; users sign up through the API.
 */
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { CommunityStaffRole, DB, MembershipState } from '../src/db/schema.js';
import { newId } from '../src/platform/ids.js';
import { STRONG_PASSWORD, sessionCookieOf, type TestApp, uniqueEmail } from './test-app.js';

export interface TestUser {
  id: string;
  email: string;
  cookie: string;
}

async function signUp(t: TestApp, url: string, locale: 'zh-CN' | 'en'): Promise<TestUser> {
  const email = uniqueEmail('content');
  const res = await t.app.inject({
    method: 'POST',
    url,
    payload: { email, password: STRONG_PASSWORD, displayName: `User ${email.slice(8, 20)}`, locale },
  });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().user.id, email, cookie: sessionCookieOf(res) };
}

/** The first account of a fresh site: the operator. */
export const setupOperator = (t: TestApp) => signUp(t, '/api/setup', 'en');

export const registerUser = (t: TestApp, locale: 'zh-CN' | 'en' = 'en') =>
  signUp(t, '/api/auth/register', locale);

/** A community with its owner role. */
export async function insertCommunity(db: Kysely<DB>, ownerId: string, now: number): Promise<string> {
  const id = newId();
  await db
    .insertInto('communities')
    .values({
      id,
      slug: `c-${id}`,
      name: 'Test community',
      description: '',
      cover_file_id: null,
      avatar_file_id: null,
      category: null,
      tags: '[]',
      timezone: 'Asia/Shanghai',
      language: 'zh-CN',
      visibility: 'listed',
      join_policy: 'paid',
      member_cap: null,
      member_count: 0,
      welcome_message: '',
      rules_text: '',
      search_text: 'test community',
      owner_id: ownerId,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await grantRole(db, id, ownerId, 'owner', now);
  return id;
}

export async function insertPlan(
  db: Kysely<DB>,
  communityId: string,
  now: number,
  name = 'Annual',
): Promise<string> {
  const id = newId();
  await db
    .insertInto('community_plans')
    .values({
      id,
      community_id: communityId,
      name,
      kind: 'fixed_term',
      price_minor: 19_900,
      currency: 'CNY',
      term_days: 365,
      interval: null,
      trial_days: 0,
      status: 'active',
      position: `a${name.length}`,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

export async function grantRole(
  db: Kysely<DB>,
  communityId: string,
  userId: string,
  role: CommunityStaffRole,
  now: number,
): Promise<void> {
  await db
    .insertInto('community_roles')
    .values({ community_id: communityId, user_id: userId, role, granted_by: null, created_at: now })
    .execute();
}

export async function insertMembership(
  db: Kysely<DB>,
  m: {
    communityId: string;
    userId: string;
    planId: string | null;
    state?: MembershipState;
    startsAt: number;
    endsAt?: number | null;
  },
): Promise<void> {
  await db
    .insertInto('memberships')
    .values({
      id: newId(),
      community_id: m.communityId,
      user_id: m.userId,
      plan_id: m.planId,
      state: m.state ?? 'active',
      starts_at: m.startsAt,
      ends_at: m.endsAt ?? null,
      source_kind: 'manual',
      price_paid_minor: 0,
      currency: null,
      ban_reason: m.state === 'banned' ? 'test' : null,
      reminded_at: null,
      created_at: m.startsAt,
      updated_at: m.startsAt,
    })
    .execute();
}

/** An uploaded file's row (the bytes are not needed by content). */
export async function insertFile(
  db: Kysely<DB>,
  uploaderId: string,
  communityId: string | null,
  now: number,
): Promise<string> {
  const id = newId();
  await db
    .insertInto('files')
    .values({
      id,
      sha256: 'f'.repeat(64),
      size: 10,
      mime: 'application/pdf',
      kind: 'attachment',
      original_name: 'notes.pdf',
      uploader_id: uploaderId,
      community_id: communityId,
      created_at: now,
    })
    .execute();
  return id;
}

/** JSON requests through app.inject, with an optional session cookie. */
export function requester(t: TestApp) {
  const send = (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
    cookie?: string,
  ) =>
    t.app.inject({
      method,
      url,
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(cookie ? { cookie } : {}),
      },
    });
  return {
    get: (url: string, cookie?: string) => send('GET', url, undefined, cookie),
    post: (url: string, body: unknown, cookie?: string) => send('POST', url, body, cookie),
    patch: (url: string, body: unknown, cookie?: string) => send('PATCH', url, body, cookie),
    put: (url: string, body: unknown, cookie?: string) => send('PUT', url, body, cookie),
    del: (url: string, cookie?: string) => send('DELETE', url, undefined, cookie),
  };
}

/**
 * Factories for tests that need people and communities: signed-in users (made directly in the
 * database, so no password hashing or rate limits), communities with plans, members in a state.
 * Every helper makes its own rows, so tests never depend on each other's data.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { MembershipState } from '../src/db/schema.js';
import { newId } from '../src/platform/ids.js';
import { hashToken, newToken } from '../src/platform/tokens.js';
import { type TestApp, uniqueEmail } from './test-app.js';

export interface TestUser {
  id: string;
  email: string;
  displayName: string;
  cookie: string;
}

/** A user with a live session; `role: 'operator'` for a site operator. */
export async function signedInUser(
  t: TestApp,
  options: { role?: 'operator' | 'user'; locale?: 'zh-CN' | 'en'; displayName?: string } = {},
): Promise<TestUser> {
  const now = t.deps.clock.now();
  const id = newId();
  const email = uniqueEmail(options.role ?? 'user');
  const displayName = options.displayName ?? `User ${id.slice(-6)}`;
  await t.db
    .insertInto('users')
    .values({
      id,
      email,
      password_hash: 'not-a-hash',
      display_name: displayName,
      locale: options.locale ?? 'en',
      role: options.role ?? 'user',
      email_verified_at: now,
      password_changed_at: now,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const token = newToken();
  await t.db
    .insertInto('sessions')
    .values({
      id: newId(),
      user_id: id,
      token_hash: hashToken(token),
      created_at: now,
      last_seen_at: now,
      expires_at: now + 365 * 86_400_000,
      ip: null,
      user_agent: null,
    })
    .execute();
  return { id, email, displayName, cookie: `zhishe_session=${token}` };
}

/** `app.inject` with JSON and an optional session cookie. */
export function api(t: TestApp) {
  const send =
    (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE') =>
    (url: string, body?: unknown, cookie?: string): Promise<LightMyRequestResponse> =>
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
    get: (url: string, cookie?: string) => send('GET')(url, undefined, cookie),
    post: send('POST'),
    patch: send('PATCH'),
    put: send('PUT'),
    del: (url: string, cookie?: string) => send('DELETE')(url, undefined, cookie),
  };
}

let slugCounter = 0;
export const uniqueSlug = (prefix = 'c') =>
  `${prefix}-${Date.now().toString(36)}-${(++slugCounter).toString(36)}`.slice(0, 40);

export interface CommunityFixture {
  id: string;
  slug: string;
  name: string;
}

function expectStatus(res: LightMyRequestResponse, status: number): void {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
}

export async function createCommunity(
  t: TestApp,
  owner: TestUser,
  fields: Record<string, unknown> = {},
): Promise<CommunityFixture> {
  const slug = uniqueSlug();
  const res = await api(t).post(
    '/api/communities',
    { slug, name: `Community ${slug}`, description: 'A **test** community', ...fields },
    owner.cookie,
  );
  expectStatus(res, 201);
  const { community } = res.json() as { community: CommunityFixture };
  return community;
}

export interface PlanFixture {
  id: string;
  kind: string;
  priceMinor: number;
}

export async function createPlan(
  t: TestApp,
  owner: TestUser,
  communityId: string,
  plan: Record<string, unknown>,
): Promise<PlanFixture> {
  const res = await api(t).post(`/api/communities/${communityId}/plans`, plan, owner.cookie);
  expectStatus(res, 201);
  return (res.json() as { plan: PlanFixture }).plan;
}

/** An owner, a community and its usual plans: free, 365-day, monthly subscription, lifetime. */
export async function communityWithPlans(t: TestApp, fields: Record<string, unknown> = {}) {
  const owner = await signedInUser(t);
  const community = await createCommunity(t, owner, fields);
  const free = await createPlan(t, owner, community.id, { kind: 'free', name: 'Free', priceMinor: 0 });
  const year = await createPlan(t, owner, community.id, {
    kind: 'fixed_term',
    name: '365 days',
    priceMinor: 19_900,
    termDays: 365,
  });
  const monthly = await createPlan(t, owner, community.id, {
    kind: 'subscription',
    name: 'Monthly',
    priceMinor: 2_900,
    interval: 'month',
  });
  const lifetime = await createPlan(t, owner, community.id, {
    kind: 'lifetime',
    name: 'Lifetime',
    priceMinor: 99_900,
  });
  return { owner, community, plans: { free, year, monthly, lifetime } };
}

/**
 * A user who holds `planId` in the community through the service's own grant (source `manual`),
 * then moved to `state` the way the product would (expire by the clock's job is left to tests).
 */
export async function memberIn(
  t: TestApp,
  community: CommunityFixture,
  planId: string,
  options: { state?: Extract<MembershipState, 'active' | 'cancelled' | 'banned'>; user?: TestUser } = {},
): Promise<TestUser> {
  const user = options.user ?? (await signedInUser(t));
  const owner = await t.db
    .selectFrom('communities')
    .select('owner_id')
    .where('id', '=', community.id)
    .executeTakeFirstOrThrow();
  await t.app.services.memberships.grantMembership({
    communityId: community.id,
    userId: user.id,
    planId,
    source: { kind: 'manual', id: `fixture:${newId()}` },
    actorId: owner.owner_id,
  });
  if (options.state === 'cancelled' || options.state === 'banned') {
    const ownerActor = await t.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', owner.owner_id)
      .executeTakeFirstOrThrow();
    const actor = {
      kind: 'user' as const,
      sessionId: 'fixture',
      ip: null,
      user: {
        id: ownerActor.id,
        email: ownerActor.email,
        displayName: ownerActor.display_name,
        locale: ownerActor.locale,
        role: ownerActor.role,
        emailVerifiedAt: ownerActor.email_verified_at,
        createdAt: ownerActor.created_at,
      },
    };
    if (options.state === 'cancelled')
      await t.app.services.memberships.revoke(actor, community.id, user.id, 'fixture');
    else await t.app.services.memberships.ban(actor, community.id, user.id, 'fixture');
  }
  return user;
}

/** The community's member_count next to the real number of active memberships. */
export async function memberCounts(t: TestApp, communityId: string) {
  const community = await t.db
    .selectFrom('communities')
    .select('member_count')
    .where('id', '=', communityId)
    .executeTakeFirstOrThrow();
  const active = await t.db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('community_id', '=', communityId)
    .where('state', '=', 'active')
    .executeTakeFirstOrThrow();
  return { memberCount: Number(community.member_count), active: Number(active.n) };
}

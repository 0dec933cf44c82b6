import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  communityWithPlans,
  createCommunity,
  createPlan,
  memberCounts,
  memberIn,
  signedInUser,
} from '../../../test/community-fixtures.js';
import { createTestApp, type TestApp } from '../../../test/test-app.js';
import { ManualClock } from '../../platform/clock.js';
import { DAY_MS } from './membership-terms.js';

const clock = new ManualClock(Date.UTC(2026, 2, 1, 8, 0, 0));
let t: TestApp;
let http: ReturnType<typeof api>;

beforeAll(async () => {
  t = await createTestApp({ clock });
  http = api(t);
});
afterAll(async () => {
  await t.close();
});

const fieldPaths = (body: string) => [
  ...new Set(((JSON.parse(body).errors ?? []) as { path: string }[]).map((e) => e.path)),
];
const eventsOf = (communityId: string, userId: string) =>
  t.db
    .selectFrom('membership_events')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();

describe('POST /api/communities/:id/join', () => {
  it('401, 400 naming planId, 404 for an unknown community', async () => {
    const { community, plans } = await communityWithPlans(t);
    const user = await signedInUser(t);
    const url = `/api/communities/${community.id}/join`;
    expect((await http.post(url, { planId: plans.free.id })).statusCode).toBe(401);
    const missing = await http.post(url, {}, user.cookie);
    expect(missing.statusCode).toBe(400);
    expect(fieldPaths(missing.body)).toEqual(['planId']);
    const other = await communityWithPlans(t);
    const foreign = await http.post(url, { planId: other.plans.free.id }, user.cookie);
    expect(foreign.statusCode).toBe(400);
    expect(fieldPaths(foreign.body)).toEqual(['planId']);
    expect(
      (await http.post('/api/communities/nope/join', { planId: plans.free.id }, user.cookie)).statusCode,
    ).toBe(404);
  });

  it('a free plan makes an active member at once; a double click changes nothing', async () => {
    const { community, plans } = await communityWithPlans(t);
    const user = await signedInUser(t);
    const url = `/api/communities/${community.id}/join`;
    const [a, b] = await Promise.all([
      http.post(url, { planId: plans.free.id }, user.cookie),
      http.post(url, { planId: plans.free.id }, user.cookie),
    ]);
    expect(a.statusCode, a.body).toBe(200);
    expect(b.statusCode, b.body).toBe(200);
    expect(a.json()).toMatchObject({ next: 'none', membership: { state: 'active', endsAt: null } });
    expect(await eventsOf(community.id, user.id)).toHaveLength(1);
    expect(await memberCounts(t, community.id)).toEqual({ memberCount: 1, active: 1 });
    const landing = (await http.get(`/api/communities/${community.id}`, user.cookie)).json();
    expect(landing.viewer).toMatchObject({ isMember: true, canJoin: false });
    const mine = (await http.get('/api/me/memberships', user.cookie)).json();
    expect(mine.items[0]).toMatchObject({ community: { id: community.id }, membership: { state: 'active' } });
    expect((await http.get('/api/me/memberships')).statusCode).toBe(401);
  });

  it('a paid plan leaves a pending membership awaiting payment; 409 when already active', async () => {
    const { community, plans } = await communityWithPlans(t);
    const user = await signedInUser(t);
    const url = `/api/communities/${community.id}/join`;
    const res = await http.post(url, { planId: plans.year.id }, user.cookie);
    expect(res.json()).toMatchObject({
      next: 'payment',
      membership: { state: 'pending', planId: plans.year.id },
    });
    expect(await memberCounts(t, community.id)).toEqual({ memberCount: 0, active: 0 });
    const member = await memberIn(t, community, plans.free.id);
    const again = await http.post(url, { planId: plans.year.id }, member.cookie);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('already_member');
  });

  it('approval policy: pending in the queue, approved or rejected by the team', async () => {
    const { owner, community, plans } = await communityWithPlans(t, { joinPolicy: 'approval' });
    const user = await signedInUser(t);
    const other = await signedInUser(t);
    const res = await http.post(
      `/api/communities/${community.id}/join`,
      { planId: plans.free.id },
      user.cookie,
    );
    expect(res.json()).toMatchObject({ next: 'approval', membership: { state: 'pending' } });
    await http.post(`/api/communities/${community.id}/join`, { planId: plans.free.id }, other.cookie);
    const queueUrl = `/api/communities/${community.id}/join-requests`;
    expect((await http.get(queueUrl)).statusCode).toBe(401);
    expect((await http.get(queueUrl, user.cookie)).statusCode).toBe(403);
    const queue = (await http.get(queueUrl, owner.cookie)).json();
    expect(queue.items.map((r: { userId: string }) => r.userId)).toEqual([user.id, other.id]);

    const approve = await http.post(`${queueUrl}/${user.id}/approve`, undefined, owner.cookie);
    expect(approve.json()).toMatchObject({
      next: 'none',
      membership: { state: 'active', sourceKind: 'approval' },
    });
    const replay = await http.post(`${queueUrl}/${user.id}/approve`, undefined, owner.cookie);
    expect(replay.json().membership.state).toBe('active');
    expect(await memberCounts(t, community.id)).toEqual({ memberCount: 1, active: 1 });
    const reject = await http.post(`${queueUrl}/${other.id}/reject`, { reason: 'not now' }, owner.cookie);
    expect(reject.json().membership.state).toBe('cancelled');
    expect((await http.post(`${queueUrl}/nobody/approve`, undefined, owner.cookie)).statusCode).toBe(404);
    expect((await http.get(queueUrl, owner.cookie)).json().items).toEqual([]);
  });

  it('invite policy: a token is required; uses are limited; revoked and expired tokens fail', async () => {
    const { owner, community, plans } = await communityWithPlans(t, { joinPolicy: 'invite' });
    const joinUrl = `/api/communities/${community.id}/join`;
    const invUrl = `/api/communities/${community.id}/invitations`;
    const user = await signedInUser(t);
    const denied = await http.post(joinUrl, { planId: plans.free.id }, user.cookie);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe('invitation_required');

    expect((await http.post(invUrl, { maxUses: 1 })).statusCode).toBe(401);
    expect((await http.post(invUrl, { maxUses: 1 }, user.cookie)).statusCode).toBe(403);
    expect(fieldPaths((await http.post(invUrl, { maxUses: 0 }, owner.cookie)).body)).toEqual(['maxUses']);
    const created = await http.post(invUrl, { maxUses: 1, planId: plans.year.id }, owner.cookie);
    expect(created.statusCode).toBe(201);
    const { token, url, id } = created.json();
    expect(url).toContain(token);
    const stored = await t.db
      .selectFrom('invitations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toBe(token);

    const joined = await http.post(joinUrl, { planId: plans.year.id, invitationToken: token }, user.cookie);
    expect(joined.json()).toMatchObject({
      next: 'none',
      membership: { state: 'active', sourceKind: 'invitation' },
    });
    expect(joined.json().membership.endsAt).toBe(clock.now() + 365 * DAY_MS);
    const second = await signedInUser(t);
    const spent = await http.post(joinUrl, { planId: plans.year.id, invitationToken: token }, second.cookie);
    expect(spent.statusCode).toBe(400);
    expect(fieldPaths(spent.body)).toEqual(['invitationToken']);

    const revokable = (await http.post(invUrl, {}, owner.cookie)).json();
    expect((await http.del(`${invUrl}/${revokable.id}`, owner.cookie)).statusCode).toBe(204);
    expect((await http.del(`${invUrl}/${revokable.id}`, owner.cookie)).statusCode).toBe(204);
    const revoked = await http.post(
      joinUrl,
      { planId: plans.free.id, invitationToken: revokable.token },
      second.cookie,
    );
    expect(revoked.json().code).toBe('invitation_invalid');

    const expiring = (await http.post(invUrl, { expiresAt: clock.now() + 1000 }, owner.cookie)).json();
    clock.advance(2000);
    const expired = await http.post(
      joinUrl,
      { planId: plans.free.id, invitationToken: expiring.token },
      second.cookie,
    );
    expect(expired.json().code).toBe('invitation_invalid');
    const list = (await http.get(invUrl, owner.cookie)).json();
    expect(list.items).toHaveLength(3);
    expect(list.items.find((i: { id: string }) => i.id === id)).toMatchObject({ uses: 1, maxUses: 1 });
  });

  it('concurrent joins never exceed the member cap; member_count stays exact', async () => {
    const { community, plans } = await communityWithPlans(t, { memberCap: 5 });
    const users = await Promise.all(Array.from({ length: 20 }, () => signedInUser(t)));
    const results = await Promise.all(
      users.map((u) =>
        http.post(`/api/communities/${community.id}/join`, { planId: plans.free.id }, u.cookie),
      ),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(5);
    expect(codes.filter((c) => c === 409)).toHaveLength(15);
    expect(results.find((r) => r.statusCode === 409)?.json().code).toBe('community_full');
    expect(await memberCounts(t, community.id)).toEqual({ memberCount: 5, active: 5 });
  });

  it('leave cancels; member_count follows', async () => {
    const { community, plans } = await communityWithPlans(t);
    const member = await memberIn(t, community, plans.free.id);
    expect((await http.post(`/api/communities/${community.id}/leave`)).statusCode).toBe(401);
    const res = await http.post(`/api/communities/${community.id}/leave`, undefined, member.cookie);
    expect(res.json().membership.state).toBe('cancelled');
    expect(await memberCounts(t, community.id)).toEqual({ memberCount: 0, active: 0 });
    const stranger = await signedInUser(t);
    expect(
      (await http.post(`/api/communities/${community.id}/leave`, undefined, stranger.cookie)).statusCode,
    ).toBe(409);
    // A free member who left may join again.
    const rejoin = await http.post(
      `/api/communities/${community.id}/join`,
      { planId: plans.free.id },
      member.cookie,
    );
    expect(rejoin.json().membership.state).toBe('active');
  });
});

describe('grantMembership', () => {
  it('the same source applies once: one membership, one event', async () => {
    const { owner, community, plans } = await communityWithPlans(t);
    const user = await signedInUser(t);
    const input = {
      communityId: community.id,
      userId: user.id,
      planId: plans.year.id,
      source: { kind: 'order' as const, id: `order-${user.id}` },
      actorId: null,
    };
    const first = await t.app.services.memberships.grantMembership(input);
    const [second, third] = await Promise.all([
      t.app.services.memberships.grantMembership(input),
      t.app.services.memberships.grantMembership(input),
    ]);
    expect(first.applied).toBe(true);
    expect(second.applied).toBe(false);
    expect(third.applied).toBe(false);
    expect(second.membership.ends_at).toBe(first.membership.ends_at);
    expect(first.membership.price_paid_minor).toBe(19_900);
    expect(await eventsOf(community.id, user.id)).toHaveLength(1);
    expect(await memberCounts(t, community.id)).toEqual({ memberCount: 1, active: 1 });
    // A second order extends from the current end.
    const renewed = await t.app.services.memberships.grantMembership({
      ...input,
      source: { kind: 'order', id: `order-2-${user.id}` },
    });
    expect(renewed.membership.ends_at).toBe((first.membership.ends_at ?? 0) + 365 * DAY_MS);
    expect(owner.id).toBeTruthy();
  });

  it('a subscription ends a calendar month later plus its trial on the first stint', async () => {
    const { owner, community } = await communityWithPlans(t);
    const trial = await createPlan(t, owner, community.id, {
      kind: 'subscription',
      name: 'Monthly with trial',
      priceMinor: 1000,
      interval: 'month',
      trialDays: 7,
    });
    const user = await signedInUser(t);
    const { membership } = await t.app.services.memberships.grantMembership({
      communityId: community.id,
      userId: user.id,
      planId: trial.id,
      source: { kind: 'order', id: `sub-${user.id}` },
      actorId: null,
    });
    const start = new Date(clock.now());
    const expected = Date.UTC(
      start.getUTCFullYear(),
      start.getUTCMonth() + 1,
      start.getUTCDate(),
      start.getUTCHours(),
      start.getUTCMinutes(),
      start.getUTCSeconds(),
      start.getUTCMilliseconds(),
    );
    expect(membership.ends_at).toBe(expected + 7 * DAY_MS);
  });

  it('a price change leaves what members paid', async () => {
    const { owner, community, plans } = await communityWithPlans(t);
    const user = await signedInUser(t);
    await t.app.services.memberships.grantMembership({
      communityId: community.id,
      userId: user.id,
      planId: plans.lifetime.id,
      source: { kind: 'order', id: `life-${user.id}` },
      actorId: null,
    });
    await http.patch(`/api/plans/${plans.lifetime.id}`, { priceMinor: 123_400 }, owner.cookie);
    const row = await t.db
      .selectFrom('memberships')
      .select('price_paid_minor')
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(Number(row.price_paid_minor)).toBe(99_900);
  });
});

describe('the team’s actions on members', () => {
  it('grant, extend, revoke: owner only, audited, a repeat changes nothing', async () => {
    const { owner, community, plans } = await communityWithPlans(t);
    const moderator = await signedInUser(t);
    await http.put(
      `/api/communities/${community.id}/roles/${moderator.id}`,
      { role: 'moderator' },
      owner.cookie,
    );
    const user = await signedInUser(t);
    const base = `/api/communities/${community.id}/members/${user.id}`;
    expect((await http.post(`${base}/grant`, { planId: plans.year.id })).statusCode).toBe(401);
    expect((await http.post(`${base}/grant`, { planId: plans.year.id }, moderator.cookie)).statusCode).toBe(
      403,
    );
    expect(fieldPaths((await http.post(`${base}/grant`, {}, owner.cookie)).body)).toEqual(['planId']);
    expect(
      (
        await http.post(
          `/api/communities/${community.id}/members/nobody/grant`,
          { planId: plans.year.id },
          owner.cookie,
        )
      ).statusCode,
    ).toBe(404);
    const granted = await http.post(`${base}/grant`, { planId: plans.year.id, reason: 'gift' }, owner.cookie);
    expect(granted.json().membership).toMatchObject({ state: 'active', sourceKind: 'manual' });
    await http.post(`${base}/grant`, { planId: plans.year.id, reason: 'gift' }, owner.cookie);
    expect(await eventsOf(community.id, user.id)).toHaveLength(1);

    const endsAt = granted.json().membership.endsAt as number;
    expect(fieldPaths((await http.post(`${base}/extend`, { days: 0 }, owner.cookie)).body)).toEqual(['days']);
    const extended = await http.post(`${base}/extend`, { days: 30 }, owner.cookie);
    expect(extended.json().membership.endsAt).toBe(endsAt + 30 * DAY_MS);
    const repeat = await http.post(`${base}/extend`, { days: 30 }, owner.cookie);
    expect(repeat.json().membership.endsAt).toBe(endsAt + 30 * DAY_MS);
    const keyed = await http.post(`${base}/extend`, { days: 30, requestId: 'req-0001-abc' }, owner.cookie);
    expect(keyed.json().membership.endsAt).toBe(endsAt + 60 * DAY_MS);

    expect(fieldPaths((await http.post(`${base}/revoke`, {}, owner.cookie)).body)).toEqual(['reason']);
    const revoked = await http.post(`${base}/revoke`, { reason: 'refund by hand' }, owner.cookie);
    expect(revoked.json().membership.state).toBe('cancelled');
    await http.post(`${base}/revoke`, { reason: 'refund by hand' }, owner.cookie);
    const kinds = (await eventsOf(community.id, user.id)).map((e) => e.kind);
    expect(kinds).toEqual(['granted', 'extended', 'extended', 'revoked']);
    expect(await memberCounts(t, community.id)).toEqual({ memberCount: 0, active: 0 });
    const audits = await t.db
      .selectFrom('audit_log')
      .select(['action', 'data'])
      .where('action', '=', 'membership.revoked')
      .where('actor_id', '=', owner.id)
      .execute();
    expect(JSON.parse(audits[0]?.data ?? '{}')).toMatchObject({ reason: 'refund by hand', userId: user.id });

    const history = await http.get(`${base}/history`, user.cookie);
    expect(history.json().items.map((e: { kind: string }) => e.kind)).toEqual([
      'revoked',
      'extended',
      'extended',
      'granted',
    ]);
    expect((await http.get(`${base}/history`)).statusCode).toBe(401);
    expect(history.json().items[0]).toMatchObject({ actorId: owner.id, actorName: owner.displayName });
    const firstPage = (await http.get(`${base}/history?limit=2`, owner.cookie)).json();
    const nextPage = (
      await http.get(`${base}/history?limit=2&cursor=${firstPage.nextCursor}`, owner.cookie)
    ).json();
    expect([...firstPage.items, ...nextPage.items].map((e: { kind: string }) => e.kind)).toEqual([
      'revoked',
      'extended',
      'extended',
      'granted',
    ]);
    expect(nextPage.nextCursor).toBeNull();
  });

  it('ban blocks rejoining until unbanned; moderators may ban; the owner cannot be banned', async () => {
    const { owner, community, plans } = await communityWithPlans(t);
    const moderator = await signedInUser(t);
    await http.put(
      `/api/communities/${community.id}/roles/${moderator.id}`,
      { role: 'moderator' },
      owner.cookie,
    );
    const member = await memberIn(t, community, plans.free.id);
    const base = `/api/communities/${community.id}/members`;
    expect((await http.post(`${base}/${member.id}/ban`, { reason: 'spam' }, member.cookie)).statusCode).toBe(
      403,
    );
    const banned = await http.post(`${base}/${member.id}/ban`, { reason: 'spam' }, moderator.cookie);
    expect(banned.json().membership.state).toBe('banned');
    await http.post(`${base}/${member.id}/ban`, { reason: 'spam' }, moderator.cookie);
    expect((await eventsOf(community.id, member.id)).filter((e) => e.kind === 'banned')).toHaveLength(1);
    expect(await memberCounts(t, community.id)).toEqual({ memberCount: 0, active: 0 });

    const rejoin = await http.post(
      `/api/communities/${community.id}/join`,
      { planId: plans.free.id },
      member.cookie,
    );
    expect(rejoin.statusCode).toBe(403);
    expect(rejoin.json().code).toBe('banned');
    const grant = await http.post(`${base}/${member.id}/grant`, { planId: plans.year.id }, owner.cookie);
    expect(grant.statusCode).toBe(409);
    expect((await http.post(`${base}/${owner.id}/ban`, { reason: 'x' }, moderator.cookie)).statusCode).toBe(
      403,
    );

    const stranger = await signedInUser(t);
    const pre = await http.post(`${base}/${stranger.id}/ban`, { reason: 'known troll' }, owner.cookie);
    expect(pre.json().membership.state).toBe('banned');

    expect(
      (await http.post(`${base}/${member.id}/unban`, {}, moderator.cookie)).json().membership.state,
    ).toBe('cancelled');
    const back = await http.post(
      `/api/communities/${community.id}/join`,
      { planId: plans.free.id },
      member.cookie,
    );
    expect(back.json().membership.state).toBe('active');
    expect(await memberCounts(t, community.id)).toEqual({ memberCount: 1, active: 1 });
  });
});

describe('GET /api/communities/:id/members', () => {
  it('403 join_required for visitors and expired members; members see active members; the team filters', async () => {
    const { owner, community, plans } = await communityWithPlans(t);
    const active = await memberIn(t, community, plans.free.id);
    const cancelled = await memberIn(t, community, plans.free.id, { state: 'cancelled' });
    const url = `/api/communities/${community.id}/members`;

    const anon = await http.get(url);
    expect(anon.statusCode).toBe(403);
    expect(anon.json().code).toBe('join_required');
    expect(anon.json().plans.length).toBeGreaterThan(0);
    expect((await http.get(url, cancelled.cookie)).statusCode).toBe(403);
    expect((await http.get('/api/communities/nope/members', active.cookie)).statusCode).toBe(404);
    expect(fieldPaths((await http.get(`${url}?state=weird`, owner.cookie)).body)).toEqual(['state']);

    const asMember = (await http.get(`${url}?state=cancelled`, active.cookie)).json();
    expect(asMember.items).toEqual([
      { userId: active.id, displayName: active.displayName, joinedAt: expect.any(Number), role: null },
    ]);
    const asOwner = (await http.get(`${url}?state=cancelled`, owner.cookie)).json();
    expect(asOwner.items).toHaveLength(1);
    expect(asOwner.items[0]).toMatchObject({
      userId: cancelled.id,
      state: 'cancelled',
      planId: plans.free.id,
    });
    const byPlan = (await http.get(`${url}?planId=${plans.year.id}`, owner.cookie)).json();
    expect(byPlan.items).toEqual([]);

    // Each member's staff role, null for plain members; keyset pages stay disjoint.
    await http.put(
      `/api/communities/${community.id}/roles/${active.id}`,
      { role: 'moderator' },
      owner.cookie,
    );
    const first = (await http.get(`${url}?limit=1`, owner.cookie)).json();
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toBeTruthy();
    const rest = (await http.get(`${url}?limit=100&cursor=${first.nextCursor}`, owner.cookie)).json();
    const roles = new Map(
      [...first.items, ...rest.items].map((m: { userId: string; role: string | null }) => [m.userId, m.role]),
    );
    expect(roles.size).toBe(2);
    expect(roles.get(active.id)).toBe('moderator');
    expect(roles.get(cancelled.id)).toBeNull();

    // A fixed-term member whose end passes loses the list even before the job runs.
    const term = await memberIn(t, community, plans.year.id);
    expect((await http.get(url, term.cookie)).statusCode).toBe(200);
    clock.advance(366 * DAY_MS);
    expect((await http.get(url, term.cookie)).statusCode).toBe(403);
  });
});

describe('the expiry job', () => {
  it('reminds once a week before the end, then marks the membership expired', async () => {
    const owner = await signedInUser(t);
    const community = await createCommunity(t, owner, { name: 'Expiry club' });
    const plan = await createPlan(t, owner, community.id, {
      kind: 'fixed_term',
      name: '30 days',
      priceMinor: 100,
      termDays: 30,
    });
    const member = await signedInUser(t, { locale: 'zh-CN' });
    await t.app.services.memberships.grantMembership({
      communityId: community.id,
      userId: member.id,
      planId: plan.id,
      source: { kind: 'order', id: `exp-${member.id}` },
      actorId: null,
    });
    const mailsTo = async () => {
      await t.deps.outbox.drain();
      return t.db.selectFrom('mail_messages').selectAll().where('to_address', '=', member.email).execute();
    };
    const run = async () => {
      await t.db.updateTable('recurring_jobs').set({ next_run_at: 0 }).execute();
      return t.deps.jobs.runDue();
    };

    clock.advance(10 * DAY_MS);
    expect(await run()).toContain('memberships.expire');
    expect(await mailsTo()).toHaveLength(0);

    clock.advance(14 * DAY_MS);
    await run();
    await run();
    const mails = await mailsTo();
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toContain('Expiry club');
    expect(mails[0]?.subject).toContain('即将到期');

    expect(await memberCounts(t, community.id)).toEqual({ memberCount: 1, active: 1 });
    clock.advance(7 * DAY_MS);
    await run();
    const row = await t.db
      .selectFrom('memberships')
      .select('state')
      .where('user_id', '=', member.id)
      .executeTakeFirstOrThrow();
    expect(row.state).toBe('expired');
    expect(await memberCounts(t, community.id)).toEqual({ memberCount: 0, active: 0 });
    expect((await eventsOf(community.id, member.id)).map((e) => e.kind)).toEqual(['granted', 'expired']);
    await run();
    expect(await mailsTo()).toHaveLength(1);
    expect((await http.get(`/api/communities/${community.id}/members`, member.cookie)).statusCode).toBe(403);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  communityWithPlans,
  createCommunity,
  createPlan,
  signedInUser,
  type TestUser,
  uniqueSlug,
} from '../../../test/community-fixtures.js';
import { createTestApp, type TestApp } from '../../../test/test-app.js';

let t: TestApp;
let http: ReturnType<typeof api>;

beforeAll(async () => {
  t = await createTestApp();
  http = api(t);
});
afterAll(async () => {
  await t.close();
});

const fieldPaths = (body: string) =>
  ((JSON.parse(body).errors ?? []) as { path: string }[]).map((e) => e.path);

describe('POST /api/communities', () => {
  it('401 without a session', async () => {
    const res = await http.post('/api/communities', { slug: uniqueSlug(), name: 'X' });
    expect(res.statusCode).toBe(401);
  });

  it('400 naming the wrong field (slug pattern, reserved slug, time zone)', async () => {
    const user = await signedInUser(t);
    const bad = await http.post('/api/communities', { slug: 'Bad Slug!', name: 'X' }, user.cookie);
    expect(bad.statusCode).toBe(400);
    expect(fieldPaths(bad.body)).toContain('slug');
    const reserved = await http.post('/api/communities', { slug: 'admin', name: 'X' }, user.cookie);
    expect(reserved.statusCode).toBe(400);
    expect(reserved.json().errors[0]).toMatchObject({ path: 'slug', code: 'slug_reserved' });
    const tz = await http.post(
      '/api/communities',
      { slug: uniqueSlug(), name: 'X', timezone: 'Mars/Olympus' },
      user.cookie,
    );
    expect(tz.statusCode).toBe(400);
    expect(fieldPaths(tz.body)).toEqual(['timezone']);
  });

  it('creates the community; the creator becomes its owner; description rendered safely', async () => {
    const user = await signedInUser(t);
    const slug = uniqueSlug();
    const res = await http.post(
      '/api/communities',
      {
        slug,
        name: '读书会 Readers',
        description: 'Hello **world** <script>alert(1)</script>',
        tags: ['books', '读书'],
        timezone: 'Asia/Shanghai',
        language: 'zh-CN',
        joinPolicy: 'open',
      },
      user.cookie,
    );
    expect(res.statusCode, res.body).toBe(201);
    const { community } = res.json();
    expect(community).toMatchObject({ slug, ownerId: user.id, memberCount: 0, tags: ['books', '读书'] });
    expect(community.description).toContain('<script>');
    expect(community.descriptionHtml).toContain('<strong>world</strong>');
    expect(community.descriptionHtml).not.toContain('<script>');
    const role = await t.db
      .selectFrom('community_roles')
      .selectAll()
      .where('community_id', '=', community.id)
      .executeTakeFirstOrThrow();
    expect(role).toMatchObject({ user_id: user.id, role: 'owner' });
    const row = await t.db
      .selectFrom('communities')
      .select('search_text')
      .where('id', '=', community.id)
      .executeTakeFirstOrThrow();
    expect(row.search_text).toContain('读书会 readers');
  });

  it('409 slug_taken with a field error for a duplicate slug', async () => {
    const user = await signedInUser(t);
    const first = await createCommunity(t, user);
    const res = await http.post('/api/communities', { slug: first.slug, name: 'Again' }, user.cookie);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'slug_taken', errors: [{ path: 'slug' }] });
  });
});

describe('creation policy (operator)', () => {
  it('only approved creators may create when the policy says so', async () => {
    const operator = await signedInUser(t, { role: 'operator' });
    const user = await signedInUser(t);
    expect((await http.get('/api/admin/settings/community-creation')).statusCode).toBe(401);
    expect((await http.get('/api/admin/settings/community-creation', user.cookie)).statusCode).toBe(403);
    const bad = await http.put(
      '/api/admin/settings/community-creation',
      { policy: 'nobody' },
      operator.cookie,
    );
    expect(bad.statusCode).toBe(400);
    expect(fieldPaths(bad.body)).toContain('policy');

    const set = await http.put(
      '/api/admin/settings/community-creation',
      { policy: 'approved' },
      operator.cookie,
    );
    expect(set.json()).toEqual({ policy: 'approved' });
    const refused = await http.post('/api/communities', { slug: uniqueSlug(), name: 'X' }, user.cookie);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('creation_restricted');

    expect(
      (await http.put(`/api/admin/approved-creators/${user.id}`, undefined, user.cookie)).statusCode,
    ).toBe(403);
    const approve = await http.put(`/api/admin/approved-creators/${user.id}`, undefined, operator.cookie);
    expect(approve.json()).toEqual({ userId: user.id, approved: true });
    expect(
      (await http.put('/api/admin/approved-creators/nobody', undefined, operator.cookie)).statusCode,
    ).toBe(404);
    const allowed = await http.post('/api/communities', { slug: uniqueSlug(), name: 'X' }, user.cookie);
    expect(allowed.statusCode).toBe(201);

    expect((await http.del(`/api/admin/approved-creators/${user.id}`, operator.cookie)).statusCode).toBe(204);
    expect(
      (await http.post('/api/communities', { slug: uniqueSlug(), name: 'X' }, user.cookie)).statusCode,
    ).toBe(403);
    await http.put('/api/admin/settings/community-creation', { policy: 'anyone' }, operator.cookie);
    expect((await http.get('/api/admin/settings/community-creation', operator.cookie)).json()).toEqual({
      policy: 'anyone',
    });
  });
});

describe('GET /api/communities (discover)', () => {
  it('lists listed communities only, matches q literally, pages by cursor, with price ranges', async () => {
    const marker = `zq${Date.now().toString(36)}`;
    const { community } = await communityWithPlans(t, { name: `${marker} listed`, tags: ['x'] });
    const owner = await signedInUser(t);
    await createCommunity(t, owner, { name: `${marker} hidden`, visibility: 'unlisted' });
    await createCommunity(t, owner, { name: `${marker} second` });

    const res = await http.get(`/api/communities?q=${marker}&limit=1`);
    expect(res.statusCode).toBe(200);
    const first = res.json();
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toBeTruthy();
    const second = (await http.get(`/api/communities?q=${marker}&limit=1&cursor=${first.nextCursor}`)).json();
    const names = [...first.items, ...second.items].map((c: { name: string }) => c.name);
    expect(names).toEqual([`${marker} second`, `${marker} listed`]);
    expect(second.nextCursor).toBeNull();
    const listed = second.items[0];
    expect(listed).toMatchObject({ id: community.id, memberCount: 0 });
    expect(listed.priceRange).toEqual({ minMinor: 0, maxMinor: 99_900, currency: 'CNY' });

    const pct = (await http.get(`/api/communities?q=${encodeURIComponent(`${marker}%`)}`)).json();
    expect(pct.items).toHaveLength(0);
  });

  it('400 for a bad limit or cursor', async () => {
    const res = await http.get('/api/communities?limit=0');
    expect(res.statusCode).toBe(400);
    expect(fieldPaths(res.body)).toContain('limit');
    expect((await http.get('/api/communities?cursor=zzz')).statusCode).toBe(400);
  });
});

describe('GET/PATCH /api/communities/:idOrSlug', () => {
  it('the landing page is open to anyone (by id or slug, unlisted too), with abilities', async () => {
    const owner = await signedInUser(t);
    const community = await createCommunity(t, owner, { visibility: 'unlisted' });
    const plan = await createPlan(t, owner, community.id, { kind: 'free', name: 'Free', priceMinor: 0 });
    const anon = await http.get(`/api/communities/${community.slug}`);
    expect(anon.statusCode).toBe(200);
    expect(anon.json().plans.map((p: { id: string }) => p.id)).toEqual([plan.id]);
    expect(anon.json().viewer).toMatchObject({
      signedIn: false,
      isMember: false,
      canManage: false,
      canJoin: true,
    });
    const asOwner = (await http.get(`/api/communities/${community.id}`, owner.cookie)).json();
    expect(asOwner.viewer).toMatchObject({ role: 'owner', canManage: true, canModerate: true });
    expect((await http.get('/api/communities/no-such-community')).statusCode).toBe(404);
  });

  it('PATCH: 401, 403 for others, 400 naming the field, 200 for the owner and the operator', async () => {
    const owner = await signedInUser(t);
    const other = await signedInUser(t);
    const operator = await signedInUser(t, { role: 'operator' });
    const community = await createCommunity(t, owner);
    const url = `/api/communities/${community.id}`;
    expect((await http.patch(url, { name: 'New' })).statusCode).toBe(401);
    expect((await http.patch(url, { name: 'New' }, other.cookie)).statusCode).toBe(403);
    const bad = await http.patch(url, { memberCap: -1 }, owner.cookie);
    expect(bad.statusCode).toBe(400);
    expect(fieldPaths(bad.body)).toContain('memberCap');
    const ok = await http.patch(url, { name: 'Renamed', tags: ['go'] }, owner.cookie);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().community).toMatchObject({ name: 'Renamed', tags: ['go'] });
    const byOperator = await http.patch(url, { visibility: 'unlisted' }, operator.cookie);
    expect(byOperator.json().community.visibility).toBe('unlisted');
    expect((await http.patch('/api/communities/nope-nope', { name: 'x' }, owner.cookie)).statusCode).toBe(
      404,
    );
  });
});

describe('plans', () => {
  let owner: TestUser;
  let communityId: string;
  beforeAll(async () => {
    owner = await signedInUser(t);
    communityId = (await createCommunity(t, owner)).id;
  });

  it('401, 403, 404 and the happy path', async () => {
    const url = `/api/communities/${communityId}/plans`;
    const body = { kind: 'lifetime', name: 'Forever', priceMinor: 500 };
    expect((await http.post(url, body)).statusCode).toBe(401);
    expect((await http.post(url, body, (await signedInUser(t)).cookie)).statusCode).toBe(403);
    expect((await http.post('/api/communities/nope/plans', body, owner.cookie)).statusCode).toBe(404);
    const res = await http.post(url, body, owner.cookie);
    expect(res.statusCode).toBe(201);
    expect(res.json().plan).toMatchObject({
      kind: 'lifetime',
      priceMinor: 500,
      currency: 'CNY',
      status: 'active',
    });
    const second = await createPlan(t, owner, communityId, { kind: 'free', name: 'Free', priceMinor: 0 });
    const list = (await http.get(url)).json().items.map((p: { id: string }) => p.id);
    expect(list.at(-1)).toBe(second.id);
  });

  it('400 naming priceMinor for negative, fractional or kind-inconsistent prices; termDays, interval required', async () => {
    const url = `/api/communities/${communityId}/plans`;
    for (const body of [
      { kind: 'lifetime', name: 'x', priceMinor: -1 },
      { kind: 'lifetime', name: 'x', priceMinor: 1.5 },
      { kind: 'free', name: 'x', priceMinor: 100 },
      { kind: 'lifetime', name: 'x', priceMinor: 0 },
    ]) {
      const res = await http.post(url, body, owner.cookie);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(fieldPaths(res.body)).toContain('priceMinor');
    }
    const term = await http.post(url, { kind: 'fixed_term', name: 'x', priceMinor: 100 }, owner.cookie);
    expect(fieldPaths(term.body)).toEqual(['termDays']);
    const sub = await http.post(url, { kind: 'subscription', name: 'x', priceMinor: 100 }, owner.cookie);
    expect(fieldPaths(sub.body)).toEqual(['interval']);
    const cur = await http.post(
      url,
      { kind: 'lifetime', name: 'x', priceMinor: 100, currency: 'yuan' },
      owner.cookie,
    );
    expect(fieldPaths(cur.body)).toEqual(['currency']);
  });

  it('PATCH /api/plans/:id reprices and retires; retired plans are hidden from visitors', async () => {
    const plan = await createPlan(t, owner, communityId, { kind: 'lifetime', name: 'L', priceMinor: 1000 });
    const url = `/api/plans/${plan.id}`;
    expect((await http.patch(url, { priceMinor: 2000 })).statusCode).toBe(401);
    expect((await http.patch(url, { priceMinor: 2000 }, (await signedInUser(t)).cookie)).statusCode).toBe(
      403,
    );
    expect((await http.patch('/api/plans/nope', { priceMinor: 2000 }, owner.cookie)).statusCode).toBe(404);
    const bad = await http.patch(url, { priceMinor: -5 }, owner.cookie);
    expect(fieldPaths(bad.body)).toContain('priceMinor');
    const ok = await http.patch(url, { priceMinor: 2000 }, owner.cookie);
    expect(ok.json().plan.priceMinor).toBe(2000);
    await http.patch(url, { status: 'retired' }, owner.cookie);
    const visitorIds = (await http.get(`/api/communities/${communityId}/plans`))
      .json()
      .items.map((p: { id: string }) => p.id);
    expect(visitorIds).not.toContain(plan.id);
    const ownerIds = (await http.get(`/api/communities/${communityId}/plans`, owner.cookie))
      .json()
      .items.map((p: { id: string }) => p.id);
    expect(ownerIds).toContain(plan.id);
    const audits = await t.db.selectFrom('audit_log').selectAll().where('subject_id', '=', plan.id).execute();
    expect(audits.map((a) => a.action)).toContain('plan.updated');
  });
});

describe('roles', () => {
  it('the owner appoints and removes moderators; audited; others may not', async () => {
    const owner = await signedInUser(t);
    const helper = await signedInUser(t);
    const community = await createCommunity(t, owner);
    const url = `/api/communities/${community.id}/roles/${helper.id}`;
    expect((await http.put(url, { role: 'moderator' })).statusCode).toBe(401);
    expect((await http.put(url, { role: 'moderator' }, helper.cookie)).statusCode).toBe(403);
    const bad = await http.put(url, { role: 'owner' }, owner.cookie);
    expect(bad.statusCode).toBe(400);
    expect(fieldPaths(bad.body)).toContain('role');
    expect(
      (await http.put(`/api/communities/${community.id}/roles/nobody`, { role: 'moderator' }, owner.cookie))
        .statusCode,
    ).toBe(404);
    const ok = await http.put(url, { role: 'moderator' }, owner.cookie);
    expect(ok.json()).toEqual({ communityId: community.id, userId: helper.id, role: 'moderator' });
    const landing = (await http.get(`/api/communities/${community.id}`, helper.cookie)).json();
    expect(landing.viewer).toMatchObject({ role: 'moderator', canModerate: true, canManage: false });
    const ownerRole = await http.put(
      `/api/communities/${community.id}/roles/${owner.id}`,
      { role: 'moderator' },
      owner.cookie,
    );
    expect(ownerRole.statusCode).toBe(409);
    expect((await http.del(url, owner.cookie)).statusCode).toBe(204);
    expect((await http.del(url, owner.cookie)).statusCode).toBe(204);
    const actions = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', community.id)
      .execute();
    expect(actions.map((a) => a.action).filter((a) => a.startsWith('community.role'))).toEqual([
      'community.role_set',
      'community.role_removed',
    ]);
  });
});

describe('GET /api/me/communities', () => {
  it('401 without a session; 400 for a bad role or cursor', async () => {
    expect((await http.get('/api/me/communities')).statusCode).toBe(401);
    const user = await signedInUser(t);
    const role = await http.get('/api/me/communities?role=member', user.cookie);
    expect(role.statusCode).toBe(400);
    expect(fieldPaths(role.body)).toContain('role');
    expect((await http.get('/api/me/communities?cursor=zzz', user.cookie)).statusCode).toBe(400);
  });

  it('lists the communities the viewer runs, newest first, keyset-paged, filtered by role', async () => {
    const me = await signedInUser(t);
    const other = await signedInUser(t);
    const owned = await createCommunity(t, me, { avatarFileId: null });
    const moderated = await createCommunity(t, other);
    const contributed = await createCommunity(t, other);
    const unrelated = await createCommunity(t, other);
    await http.put(`/api/communities/${moderated.id}/roles/${me.id}`, { role: 'moderator' }, other.cookie);
    await http.put(
      `/api/communities/${contributed.id}/roles/${me.id}`,
      { role: 'contributor' },
      other.cookie,
    );
    const { community: joined, plans } = await communityWithPlans(t);
    await http.post(`/api/communities/${joined.id}/join`, { planId: plans.free.id }, me.cookie);

    const seen: { id: string; role: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/me/communities?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await http.get(url, me.cookie);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items);
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor && pages < 5);
    expect(pages).toBe(2);
    expect(seen.map((c) => c.id)).toEqual([contributed.id, moderated.id, owned.id]);
    expect(seen.map((c) => c.role)).toEqual(['contributor', 'moderator', 'owner']);
    expect(seen.map((c) => c.id)).not.toContain(unrelated.id);
    expect(seen.map((c) => c.id)).not.toContain(joined.id);
    expect(seen[2]).toEqual({
      id: owned.id,
      slug: owned.slug,
      name: owned.name,
      avatarFileId: null,
      memberCount: 0,
      role: 'owner',
    });

    const mods = (await http.get('/api/me/communities?role=moderator', me.cookie)).json();
    expect(mods).toEqual({ items: [expect.objectContaining({ id: moderated.id })], nextCursor: null });
    const none = (await http.get('/api/me/communities', (await signedInUser(t)).cookie)).json();
    expect(none).toEqual({ items: [], nextCursor: null });
  });
});

describe('GET /api/communities/:id/team', () => {
  it('401 for visitors, 403 join_required for non-members, 404 unknown; members see the team', async () => {
    const { owner, community, plans } = await communityWithPlans(t);
    const moderator = await signedInUser(t, { displayName: 'Mod Person' });
    const writer = await signedInUser(t, { displayName: 'Writer Person' });
    await http.put(
      `/api/communities/${community.id}/roles/${writer.id}`,
      { role: 'contributor' },
      owner.cookie,
    );
    await http.put(
      `/api/communities/${community.id}/roles/${moderator.id}`,
      { role: 'moderator' },
      owner.cookie,
    );
    const url = `/api/communities/${community.id}/team`;
    expect((await http.get(url)).statusCode).toBe(401);
    const stranger = await signedInUser(t);
    const denied = await http.get(url, stranger.cookie);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe('join_required');
    expect((await http.get('/api/communities/nope/team', owner.cookie)).statusCode).toBe(404);

    const member = await signedInUser(t);
    await http.post(`/api/communities/${community.id}/join`, { planId: plans.free.id }, member.cookie);
    const res = await http.get(url, member.cookie);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items).toEqual([
      { userId: owner.id, displayName: owner.displayName, role: 'owner' },
      { userId: moderator.id, displayName: 'Mod Person', role: 'moderator' },
      { userId: writer.id, displayName: 'Writer Person', role: 'contributor' },
    ]);
    expect((await http.get(url, writer.cookie)).statusCode).toBe(200);
  });
});

describe('the viewer’s membership on the landing page', () => {
  it('tells a pending payment from a pending approval by its source kind', async () => {
    const paid = await communityWithPlans(t);
    const approval = await communityWithPlans(t, { joinPolicy: 'approval' });
    const user = await signedInUser(t);
    await http.post(
      `/api/communities/${paid.community.id}/join`,
      { planId: paid.plans.year.id },
      user.cookie,
    );
    await http.post(
      `/api/communities/${approval.community.id}/join`,
      { planId: approval.plans.free.id },
      user.cookie,
    );
    const a = (await http.get(`/api/communities/${paid.community.slug}`, user.cookie)).json();
    expect(a.viewer.membership).toMatchObject({ state: 'pending', sourceKind: 'order' });
    const b = (await http.get(`/api/communities/${approval.community.id}`, user.cookie)).json();
    expect(b.viewer.membership).toMatchObject({ state: 'pending', sourceKind: 'approval' });
    const anon = (await http.get(`/api/communities/${paid.community.id}`)).json();
    expect(anon.viewer.membership).toBeNull();
  });
});

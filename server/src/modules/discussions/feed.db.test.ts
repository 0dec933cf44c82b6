/**
 * The feed read without a tag or author filter is one statement that carries the viewer's facts
 * (feed.queries.ts); with a filter it is the viewer query and then `listFeed`. Both must answer
 * the same pages to the same people, and nothing of a page to anyone else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  type CommunityFixture,
  communityWithPlans,
  memberIn,
  signedInUser,
  type TestUser,
} from '../../../test/community-fixtures.js';
import { createTestApp, type TestApp } from '../../../test/test-app.js';
import { ManualClock } from '../../platform/clock.js';

const MINUTE = 60_000;
const clock = new ManualClock(Date.UTC(2026, 5, 1, 8, 0, 0));
const SECRET = 'FEEDSECRETBODY';
const TAG = 'everything';
let t: TestApp;
let http: ReturnType<typeof api>;
let community: CommunityFixture;
let empty: CommunityFixture;
let owner: TestUser;
let alice: TestUser;
let lapsed: TestUser;
let banned: TestUser;
let contributor: TestUser;
let moderator: TestUser;
let operator: TestUser;
let outsider: TestUser;

interface Summary {
  id: string;
  title: string | null;
  excerpt: string;
}
interface Page {
  pinned: Summary[];
  items: Summary[];
  nextCursor: string | null;
}

async function newPost(author: TestUser, body: Record<string, unknown>): Promise<{ id: string }> {
  clock.advance(MINUTE);
  const res = await http.post(
    `/api/communities/${community.id}/posts`,
    { body: `${SECRET} **markdown** [link](https://example.com)`, tags: [TAG], ...body },
    author.cookie,
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

async function grantRole(user: TestUser, role: 'moderator' | 'contributor'): Promise<void> {
  for (const c of [community, empty])
    await t.db
      .insertInto('community_roles')
      .values({ community_id: c.id, user_id: user.id, role, granted_by: owner.id, created_at: clock.now() })
      .execute();
}

const feedUrl = (communityId: string, query: string) => `/api/communities/${communityId}/posts?${query}`;

async function page(query: string, who: TestUser = alice): Promise<Page> {
  const res = await http.get(feedUrl(community.id, query), who.cookie);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Page;
}

/** Every page of an order, `limit` at a time, following nextCursor. */
async function walk(query: string, limit: number): Promise<Summary[]> {
  const seen: Summary[] = [];
  let cursor: string | null = null;
  do {
    const p: Page = await page(`${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(p.items.length).toBeLessThanOrEqual(limit);
    seen.push(...p.items);
    cursor = p.nextCursor;
  } while (cursor);
  return seen;
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  http = api(t);
  const made = await communityWithPlans(t);
  community = made.community;
  owner = made.owner;
  const freePlanId = made.plans.free.id;
  empty = (await communityWithPlans(t)).community;
  alice = await memberIn(t, community, freePlanId);
  const emptyPlan = await t.db
    .selectFrom('community_plans')
    .select('id')
    .where('community_id', '=', empty.id)
    .where('kind', '=', 'free')
    .executeTakeFirstOrThrow();
  await memberIn(t, empty, emptyPlan.id, { user: alice });
  lapsed = await memberIn(t, community, freePlanId);
  // Still `active`, but its end has passed: no longer a member.
  await t.db
    .updateTable('memberships')
    .set({ ends_at: clock.now() - 1 })
    .where('community_id', '=', community.id)
    .where('user_id', '=', lapsed.id)
    .execute();
  banned = await memberIn(t, community, freePlanId, { state: 'banned' });
  contributor = await signedInUser(t);
  await grantRole(contributor, 'contributor');
  moderator = await signedInUser(t);
  await grantRole(moderator, 'moderator');
  operator = await signedInUser(t, { role: 'operator' });
  outsider = await signedInUser(t);

  const posts: { id: string }[] = [];
  for (let i = 0; i < 7; i++)
    posts.push(
      await newPost(i % 2 === 0 ? owner : alice, {
        title: `post ${i}`,
        kind: i % 3 === 0 ? 'question' : 'discussion',
      }),
    );
  const [p0, p1, p2, p3, , , p6] = posts as [
    { id: string },
    { id: string },
    { id: string },
    { id: string },
    unknown,
    unknown,
    { id: string },
  ];
  // Engagement lifts older posts in the hot order; an answer takes a question off "unanswered".
  for (const who of [alice, owner, moderator])
    await http.put(`/api/posts/${p1.id}/reactions/like`, {}, who.cookie);
  await http.put(`/api/posts/${p2.id}/reactions/like`, {}, alice.cookie);
  expect(
    (await http.post(`/api/posts/${p3.id}/comments`, { body: 'an answer' }, alice.cookie)).statusCode,
  ).toBe(201);
  for (const id of [p0.id, p2.id])
    expect(
      (await http.post(`/api/posts/${id}/moderation`, { featured: true }, owner.cookie)).statusCode,
    ).toBe(200);
  expect((await http.post(`/api/posts/${p6.id}/moderation`, { pinned: true }, owner.cookie)).statusCode).toBe(
    200,
  );
  // Deleted posts are in no feed.
  const gone = await newPost(alice, { title: 'deleted' });
  expect((await http.del(`/api/posts/${gone.id}`, alice.cookie)).statusCode).toBe(204);
});

afterAll(async () => {
  await t.close();
});

describe('the feed without a filter', () => {
  it('answers every order page by page exactly as the filtered read does', async () => {
    for (const sort of ['latest', 'hot', 'featured', 'unanswered']) {
      const whole = await page(`sort=${sort}&limit=50`);
      const filtered = await page(`sort=${sort}&tag=${TAG}&limit=50`);
      expect(whole.items, sort).toEqual(filtered.items);
      expect(whole.items.length, sort).toBeGreaterThan(0);
      for (const limit of [1, 2, 3]) {
        expect(await walk(`sort=${sort}`, limit), `${sort} by ${limit}`).toEqual(whole.items);
        expect(await walk(`sort=${sort}&tag=${TAG}`, limit), `${sort} by ${limit}`).toEqual(whole.items);
      }
    }
    const latest = await page('sort=latest&limit=50');
    expect(latest.items.map((p) => p.title)).toEqual([6, 5, 4, 3, 2, 1, 0].map((i) => `post ${i}`));
    expect((await page('sort=hot&limit=2')).items.map((p) => p.title)).toEqual(['post 1', 'post 3']);
    expect((await page('sort=featured')).items.map((p) => p.title)).toEqual(['post 2', 'post 0']);
    expect((await page('sort=unanswered')).items.map((p) => p.title)).toEqual(['post 6', 'post 0']);
    // Pinned posts come with the first page of the plain latest feed only.
    expect(latest.pinned.map((p) => p.title)).toEqual(['post 6']);
    expect((await page(`sort=latest&tag=${TAG}`)).pinned).toEqual([]);
    expect((await page('sort=hot')).pinned).toEqual([]);
    expect(
      (await page(`sort=latest&cursor=${latest.nextCursor ?? (await page('limit=1')).nextCursor}`)).pinned,
    ).toEqual([]);
  });

  it('shows excerpts of the current body after an edit', async () => {
    const post = await newPost(alice, { title: 'edited', body: 'first **version**' });
    expect((await page('sort=latest')).items.find((p) => p.id === post.id)?.excerpt).toBe('first version');
    const res = await http.patch(`/api/posts/${post.id}`, { body: 'second _version_' }, alice.cookie);
    expect(res.statusCode, res.body).toBe(200);
    expect((await page('sort=latest')).items.find((p) => p.id === post.id)?.excerpt).toBe('second version');
    expect((await http.del(`/api/posts/${post.id}`, alice.cookie)).statusCode).toBe(204);
  });

  it('is read by members and the team only; others get join_required and nothing of a post', async () => {
    const readers: [string, TestUser][] = [
      ['member', alice],
      ['contributor', contributor],
      ['moderator', moderator],
      ['owner', owner],
      ['operator', operator],
    ];
    const refused: [string, TestUser | undefined][] = [
      ['lapsed member', lapsed],
      ['banned member', banned],
      ['outsider', outsider],
      ['visitor', undefined],
    ];
    for (const query of [
      'sort=latest',
      'sort=hot',
      'sort=featured',
      'sort=unanswered',
      `sort=hot&tag=${TAG}`,
    ]) {
      for (const [who, user] of readers) {
        const res = await http.get(feedUrl(community.id, query), user?.cookie);
        expect(res.statusCode, `${who} ${query}`).toBe(200);
        expect(res.body).toContain(SECRET);
      }
      for (const [who, user] of refused) {
        const res = await http.get(feedUrl(community.id, query), user?.cookie);
        expect(res.statusCode, `${who} ${query}`).toBe(403);
        expect(res.json().code).toBe('join_required');
        expect(res.json().plans.length).toBeGreaterThan(0);
        expect(res.body).not.toContain(SECRET);
        expect(res.body).not.toContain('post ');
      }
    }
  });

  it('decides on the community when there is no post to read it with', async () => {
    expect((await http.get(feedUrl(empty.id, 'sort=latest'), alice.cookie)).json()).toEqual({
      pinned: [],
      items: [],
      nextCursor: null,
    });
    expect((await http.get(feedUrl(empty.id, 'sort=hot'), contributor.cookie)).statusCode).toBe(200);
    expect((await http.get(feedUrl(empty.id, 'sort=latest'), outsider.cookie)).statusCode).toBe(403);
    expect((await http.get(feedUrl(empty.id, 'sort=latest'))).statusCode).toBe(403);
    const unknown = '01900000-0000-7000-8000-000000000000';
    expect((await http.get(feedUrl(unknown, 'sort=latest'), alice.cookie)).statusCode).toBe(404);
    expect((await http.get(feedUrl(unknown, 'sort=hot'), operator.cookie)).statusCode).toBe(404);
  });

  it('checks access before the cursor', async () => {
    const idOnly = Buffer.from(JSON.stringify({ id: '01900000-0000-7000-8000-000000000000' })).toString(
      'base64url',
    );
    for (const cursor of ['nonsense', idOnly]) {
      const url = feedUrl(community.id, `sort=hot&cursor=${cursor}`);
      expect((await http.get(url, outsider.cookie)).statusCode).toBe(403);
      const res = await http.get(url, alice.cookie);
      expect(res.statusCode).toBe(400);
      expect((res.json().errors as { path: string }[]).map((e) => e.path)).toEqual(['cursor']);
    }
  });
});

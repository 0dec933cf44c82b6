import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  grantRole,
  insertCommunity,
  insertMembership,
  insertPlan,
  registerUser,
  requester,
  setupOperator,
} from '../../../test/content-fixtures.js';
import { createTestApp, type TestApp } from '../../../test/test-app.js';
import { ManualClock } from '../../platform/clock.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const clock = new ManualClock(Date.UTC(2026, 2, 1, 8, 0, 0));
let t: TestApp;
let http: ReturnType<typeof requester>;

type ActorName =
  | 'visitor'
  | 'nonMember'
  | 'member'
  | 'expired'
  | 'banned'
  | 'pending'
  | 'contributor'
  | 'moderator'
  | 'owner'
  | 'operator';
type Resource = 'outline' | 'draftOutline' | 'free' | 'paid' | 'draft' | 'scheduledBefore' | 'scheduledAfter';

/**
 * The expected answer for every actor and resource. 403 cells carry the reason code.
 * `scheduledAfter` is the same scheduled lesson once its time has passed, before any job ran.
 */
const J = '403 join_required';
const EXPECTED: Record<ActorName, Record<Resource, string>> = {
  visitor: {
    outline: '200',
    draftOutline: '404',
    free: '200',
    paid: J,
    draft: '404',
    scheduledBefore: '404',
    scheduledAfter: J,
  },
  nonMember: {
    outline: '200',
    draftOutline: '404',
    free: '200',
    paid: J,
    draft: '404',
    scheduledBefore: '404',
    scheduledAfter: J,
  },
  member: {
    outline: '200',
    draftOutline: '404',
    free: '200',
    paid: '200',
    draft: '404',
    scheduledBefore: '404',
    scheduledAfter: '200',
  },
  expired: {
    outline: '200',
    draftOutline: '404',
    free: '200',
    paid: J,
    draft: '404',
    scheduledBefore: '404',
    scheduledAfter: J,
  },
  banned: {
    outline: '200',
    draftOutline: '404',
    free: '200',
    paid: J,
    draft: '404',
    scheduledBefore: '404',
    scheduledAfter: J,
  },
  pending: {
    outline: '200',
    draftOutline: '404',
    free: '200',
    paid: J,
    draft: '404',
    scheduledBefore: '404',
    scheduledAfter: J,
  },
  // Contributors read the community's live content and their own drafts, not the owner's drafts.
  contributor: {
    outline: '200',
    draftOutline: '404',
    free: '200',
    paid: '200',
    draft: '404',
    scheduledBefore: '404',
    scheduledAfter: '200',
  },
  moderator: {
    outline: '200',
    draftOutline: '200',
    free: '200',
    paid: '200',
    draft: '200',
    scheduledBefore: '200',
    scheduledAfter: '200',
  },
  owner: {
    outline: '200',
    draftOutline: '200',
    free: '200',
    paid: '200',
    draft: '200',
    scheduledBefore: '200',
    scheduledAfter: '200',
  },
  operator: {
    outline: '200',
    draftOutline: '200',
    free: '200',
    paid: '200',
    draft: '200',
    scheduledBefore: '200',
    scheduledAfter: '200',
  },
};

const cookies = {} as Record<ActorName, string | undefined>;
const urls = {} as Record<Resource, string>;

const statusOf = async (url: string, cookie: string | undefined) => {
  const res = await http.get(url, cookie);
  return res.statusCode === 403 ? `403 ${res.json().code}` : String(res.statusCode);
};

beforeAll(async () => {
  t = await createTestApp({ clock });
  http = requester(t);
  const now = clock.now();
  const operator = await setupOperator(t);
  const users = Object.fromEntries(
    await Promise.all(
      (
        ['nonMember', 'member', 'expired', 'banned', 'pending', 'contributor', 'moderator', 'owner'] as const
      ).map(async (name) => [name, await registerUser(t)] as const),
    ),
  ) as Record<Exclude<ActorName, 'visitor' | 'operator'>, Awaited<ReturnType<typeof registerUser>>>;
  const communityId = await insertCommunity(t.db, users.owner.id, now);
  const plan = await insertPlan(t.db, communityId, now);
  await grantRole(t.db, communityId, users.contributor.id, 'contributor', now);
  await grantRole(t.db, communityId, users.moderator.id, 'moderator', now);
  const join = (userId: string, state: 'active' | 'banned' | 'pending', endsAt: number | null = null) =>
    insertMembership(t.db, { communityId, userId, planId: plan, state, startsAt: now - 30 * DAY, endsAt });
  await join(users.member.id, 'active');
  await join(users.expired.id, 'active', now - DAY); // still 'active': the clock decides
  await join(users.banned.id, 'banned');
  await join(users.pending.id, 'pending');

  for (const name of Object.keys(users) as (keyof typeof users)[]) cookies[name] = users[name].cookie;
  cookies.operator = operator.cookie;
  cookies.visitor = undefined;

  const owner = users.owner.cookie;
  const course = await http.post(
    `/api/communities/${communityId}/courses`,
    { title: 'Course', summary: '', status: 'published' },
    owner,
  );
  expect(course.statusCode, course.body).toBe(201);
  const draftCourse = await http.post(
    `/api/communities/${communityId}/courses`,
    { title: 'Draft', summary: '' },
    owner,
  );
  const chapter = await http.post(`/api/courses/${course.json().id}/chapters`, { title: 'One' }, owner);
  const lesson = async (body: Record<string, unknown>) => {
    const res = await http.post(
      `/api/chapters/${chapter.json().id}/lessons`,
      { body: 'text', freePreview: false, ...body },
      owner,
    );
    expect(res.statusCode, res.body).toBe(201);
    return `/api/lessons/${res.json().id}`;
  };
  urls.outline = `/api/courses/${course.json().id}`;
  urls.draftOutline = `/api/courses/${draftCourse.json().id}`;
  urls.free = await lesson({ title: 'Free', freePreview: true, status: 'published' });
  urls.paid = await lesson({ title: 'Paid', status: 'published' });
  urls.draft = await lesson({ title: 'Draft' });
  urls.scheduledBefore = await lesson({ title: 'Later', status: 'scheduled', publishAt: now + HOUR });
  urls.scheduledAfter = urls.scheduledBefore;
});
afterAll(async () => {
  await t.close();
});

describe('access matrix: actors × content', () => {
  const actors = Object.keys(EXPECTED) as ActorName[];
  const before: Resource[] = ['outline', 'draftOutline', 'free', 'paid', 'draft', 'scheduledBefore'];

  it.each(actors)('%s, before the scheduled time', async (actor) => {
    for (const resource of before)
      expect(`${resource}: ${await statusOf(urls[resource], cookies[actor])}`).toBe(
        `${resource}: ${EXPECTED[actor][resource]}`,
      );
  });

  it('after the scheduled time, with no job run, the scheduled lesson is live for everyone', async () => {
    clock.advance(2 * HOUR);
    for (const actor of actors)
      expect(`${actor}: ${await statusOf(urls.scheduledAfter, cookies[actor])}`).toBe(
        `${actor}: ${EXPECTED[actor].scheduledAfter}`,
      );
  });

  it('a join_required refusal offers the plans', async () => {
    const res = await http.get(urls.paid);
    expect(res.json().plans).toEqual([expect.objectContaining({ name: 'Annual', priceMinor: 19_900 })]);
  });

  it('the outline shows each lesson with the lock decided for the viewer', async () => {
    const lessons = (res: {
      json(): { chapters: { lessons: { title: string; lock: { locked: boolean } }[] }[] };
    }) =>
      Object.fromEntries(res.json().chapters.flatMap((c) => c.lessons.map((l) => [l.title, l.lock.locked])));
    expect(lessons(await http.get(urls.outline))).toEqual({ Free: false, Paid: true, Later: true });
    expect(lessons(await http.get(urls.outline, cookies.member))).toEqual({
      Free: false,
      Paid: false,
      Later: false,
    });
    expect(lessons(await http.get(urls.outline, cookies.owner))).toEqual({
      Free: false,
      Paid: false,
      Draft: false,
      Later: false,
    });
  });
});

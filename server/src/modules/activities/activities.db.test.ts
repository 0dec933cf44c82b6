import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  communityWithPlans,
  memberIn,
  signedInUser,
  type TestUser,
} from '../../../test/community-fixtures.js';
import { PNG, uploaded } from '../../../test/file-fixtures.js';
import { createTestApp, type TestApp } from '../../../test/test-app.js';
import { backfillActivityFiles } from '../../db/migrations/0013-activity-files.js';
import type { Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';

/** A clock the tests move forward and set. */
class TestClock implements Clock {
  constructor(private current: number) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
  set(ms: number): void {
    this.current = ms;
  }
}

// 2026-03-01 12:00 in Shanghai (04:00 UTC).
const clock = new TestClock(Date.UTC(2026, 2, 1, 4, 0, 0));
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let t: TestApp;
let call: ReturnType<typeof api>;

beforeAll(async () => {
  t = await createTestApp({ clock });
  call = api(t);
});
afterAll(async () => {
  await t?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely; the assertions check them
type Json = Record<string, any>;
const json = (res: { json(): unknown }) => res.json() as Json;
const fieldPaths = (res: { json(): unknown }) =>
  ((json(res).errors ?? []) as { path: string }[]).map((e) => e.path);

/** A Shanghai community with an owner, two members, a contributor, a moderator and an outsider. */
async function setting() {
  const { owner, community, plans } = await communityWithPlans(t, { timezone: 'Asia/Shanghai' });
  const alice = await memberIn(t, community, plans.free.id);
  const bob = await memberIn(t, community, plans.free.id);
  const contributor = await signedInUser(t);
  const moderator = await signedInUser(t);
  for (const [user, role] of [
    [contributor, 'contributor'],
    [moderator, 'moderator'],
  ] as const)
    expect(
      (await call.put(`/api/communities/${community.id}/roles/${user.id}`, { role }, owner.cookie))
        .statusCode,
    ).toBe(200);
  const outsider = await signedInUser(t);
  const lapsed = await memberIn(t, community, plans.free.id, { state: 'cancelled' });
  return { owner, community, alice, bob, contributor, moderator, outsider, lapsed };
}

async function createPoll(user: TestUser, communityId: string, body: Json = {}) {
  const res = await call.post(
    `/api/communities/${communityId}/polls`,
    { question: '下次聚会去哪？ Where next?', options: ['北京', 'Shanghai', 'Online'], ...body },
    user.cookie,
  );
  expect(res.statusCode, res.body).toBe(201);
  return json(res).poll as Json;
}

describe('polls', () => {
  it('takes one vote per member, changeable until close, results after voting', async () => {
    const { community, alice, bob } = await setting();
    const poll = await createPoll(alice, community.id, { closesAt: clock.now() + DAY });
    expect(poll.options).toHaveLength(3);
    expect(poll.resultsVisible).toBe(true); // the author runs it

    const [beijing, shanghai, online] = poll.options.map((o: Json) => o.id);
    const before = json(await call.get(`/api/polls/${poll.id}`, bob.cookie)).poll;
    expect(before.resultsVisible).toBe(false);
    expect(before.options.map((o: Json) => o.votes)).toEqual([null, null, null]);

    const voted = await call.post(`/api/polls/${poll.id}/votes`, { optionIds: [beijing] }, bob.cookie);
    expect(voted.statusCode, voted.body).toBe(200);
    expect(json(voted).poll.myVote).toEqual([beijing]);
    expect(json(voted).poll.options.map((o: Json) => o.votes)).toEqual([1, 0, 0]);
    expect(json(voted).poll.options[0].voters.map((v: Json) => v.id)).toEqual([bob.id]);

    const changed = await call.post(`/api/polls/${poll.id}/votes`, { optionIds: [online] }, bob.cookie);
    expect(json(changed).poll.options.map((o: Json) => o.votes)).toEqual([0, 0, 1]);
    expect(json(changed).poll.voterCount).toBe(1);

    // Single choice: two options is a 400 naming the field; an unknown option too.
    const two = await call.post(
      `/api/polls/${poll.id}/votes`,
      { optionIds: [beijing, shanghai] },
      bob.cookie,
    );
    expect(two.statusCode).toBe(400);
    expect(fieldPaths(two)).toEqual(['optionIds']);
    const unknown = await call.post(`/api/polls/${poll.id}/votes`, { optionIds: [newId()] }, bob.cookie);
    expect(unknown.statusCode).toBe(400);
    expect(fieldPaths(unknown)).toEqual(['optionIds.0']);

    clock.advance(DAY);
    const late = await call.post(`/api/polls/${poll.id}/votes`, { optionIds: [beijing] }, bob.cookie);
    expect(late.statusCode).toBe(409);
    expect(json(late).code).toBe('poll_closed');
    const retract = await call.del(`/api/polls/${poll.id}/votes`, bob.cookie);
    expect(retract.statusCode).toBe(409);
    const after = json(await call.get(`/api/polls/${poll.id}`, bob.cookie)).poll;
    expect(after.closed).toBe(true);
    expect(after.myVote).toEqual([online]);
    expect(after.abilities.vote).toBe(false);
  });

  it('counts concurrent votes by one member as one vote', async () => {
    const { community, alice, bob } = await setting();
    const poll = await createPoll(alice, community.id, { multiple: true, maxChoices: 2 });
    const ids: string[] = poll.options.map((o: Json) => o.id);
    const choices = [
      [ids[0]],
      [ids[1]],
      [ids[2]],
      [ids[0], ids[1]],
      [ids[1], ids[2]],
      [ids[0]],
      [ids[2]],
      [ids[0], ids[2]],
    ];
    const results = await Promise.all(
      choices.map((optionIds) => call.post(`/api/polls/${poll.id}/votes`, { optionIds }, bob.cookie)),
    );
    for (const res of results) expect(res.statusCode, res.body).toBe(200);
    const ballots = await t.db
      .selectFrom('poll_ballots')
      .selectAll()
      .where('poll_id', '=', poll.id)
      .execute();
    expect(ballots).toHaveLength(1);
    const votes = await t.db.selectFrom('poll_votes').selectAll().where('poll_id', '=', poll.id).execute();
    // Exactly one of the submitted choices survives, whole.
    const kept = votes.map((v) => v.option_id).sort();
    expect(choices.map((c) => [...(c as string[])].sort().join())).toContain(kept.join());
    const seen = json(await call.get(`/api/polls/${poll.id}`, bob.cookie)).poll;
    expect(seen.voterCount).toBe(1);
    expect(seen.options.reduce((sum: number, o: Json) => sum + o.votes, 0)).toBe(kept.length);

    const three = await call.post(`/api/polls/${poll.id}/votes`, { optionIds: ids }, bob.cookie);
    expect(three.statusCode).toBe(400);
  });

  it('hides results until close when asked, keeps anonymous votes anonymous, and closes by hand', async () => {
    const { community, alice, bob, moderator } = await setting();
    const poll = await createPoll(alice, community.id, { resultsVisibility: 'after_close', anonymous: true });
    const [first] = poll.options.map((o: Json) => o.id);
    const voted = json(
      await call.post(`/api/polls/${poll.id}/votes`, { optionIds: [first] }, bob.cookie),
    ).poll;
    expect(voted.resultsVisible).toBe(false);
    expect(voted.voterCount).toBeNull();

    const byBob = await call.post(`/api/polls/${poll.id}/close`, undefined, bob.cookie);
    expect(byBob.statusCode).toBe(403);
    const closed = await call.post(`/api/polls/${poll.id}/close`, undefined, moderator.cookie);
    expect(closed.statusCode, closed.body).toBe(200);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', poll.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['activities.poll.close']);

    const seen = json(await call.get(`/api/polls/${poll.id}`, bob.cookie)).poll;
    expect(seen.closed).toBe(true);
    expect(seen.options[0].votes).toBe(1);
    expect(seen.options[0].voters).toEqual([]);
    const late = await call.post(`/api/polls/${poll.id}/votes`, { optionIds: [first] }, bob.cookie);
    expect(late.statusCode).toBe(409);
  });

  it('refuses bad polls with the field named, and lists a post’s polls', async () => {
    const { community, alice } = await setting();
    const bad = await call.post(
      `/api/communities/${community.id}/polls`,
      { question: 'Q', options: ['Same', 'Same'], closesAt: clock.now() - 1 },
      alice.cookie,
    );
    expect(bad.statusCode).toBe(400);
    expect(fieldPaths(bad).sort()).toEqual(['closesAt', 'options.1']);
    const one = await call.post(
      `/api/communities/${community.id}/polls`,
      { question: 'Q', options: ['A'] },
      alice.cookie,
    );
    expect(one.statusCode).toBe(400);
    expect(fieldPaths(one)).toEqual(['options']);

    const unknownPost = await call.post(
      `/api/communities/${community.id}/polls`,
      { question: 'Q', options: ['A', 'B'], postId: newId() },
      alice.cookie,
    );
    expect(fieldPaths(unknownPost)).toEqual(['postId']);
  });

  it('attaches to its author’s post, and is as visible as the post', async () => {
    const { community, alice, bob, moderator } = await setting();
    const created = await call.post(
      `/api/communities/${community.id}/posts`,
      { body: '周末去哪儿？投票吧' },
      alice.cookie,
    );
    expect(created.statusCode, created.body).toBe(201);
    const postId = (json(created).post ?? json(created)).id as string;
    const byOther = await call.post(
      `/api/communities/${community.id}/polls`,
      { question: 'Q', options: ['A', 'B'], postId },
      bob.cookie,
    );
    expect(byOther.statusCode).toBe(403);
    const attached = await createPoll(alice, community.id, { postId });
    const standalone = await createPoll(alice, community.id);
    const list = json(await call.get(`/api/communities/${community.id}/polls?postId=${postId}`, bob.cookie));
    expect(list.items.map((p: Json) => p.id)).toEqual([attached.id]);
    expect(list.items[0].postId).toBe(postId);

    // Hidden by a moderator: its poll disappears for other members, with the post.
    await t.db.updateTable('posts').set({ state: 'hidden' }).where('id', '=', postId).execute();
    expect((await call.get(`/api/polls/${attached.id}`, bob.cookie)).statusCode).toBe(404);
    const optionId = attached.options[0].id;
    expect(
      (await call.post(`/api/polls/${attached.id}/votes`, { optionIds: [optionId] }, bob.cookie)).statusCode,
    ).toBe(404);
    const bobsList = json(await call.get(`/api/communities/${community.id}/polls`, bob.cookie));
    expect(bobsList.items.map((p: Json) => p.id)).toEqual([standalone.id]);
    const alicesList = json(await call.get(`/api/communities/${community.id}/polls`, alice.cookie));
    expect(alicesList.items.map((p: Json) => p.id)).toEqual([standalone.id, attached.id]);
    const moderatorsList = json(await call.get(`/api/communities/${community.id}/polls`, moderator.cookie));
    expect(moderatorsList.items).toHaveLength(2);
    expect((await call.get(`/api/polls/${attached.id}`, alice.cookie)).statusCode).toBe(200);
  });
});

async function createChallenge(user: TestUser, communityId: string, body: Json = {}) {
  const res = await call.post(
    `/api/communities/${communityId}/challenges`,
    {
      title: '21 天早起打卡',
      description: '每天 **7 点前** 起床',
      startDate: '2026-03-01',
      endDate: '2026-03-21',
      ...body,
    },
    user.cookie,
  );
  expect(res.statusCode, res.body).toBe(201);
  return json(res).challenge as Json;
}

describe('check-in challenges', () => {
  it('counts days in the community time zone, once a day, with streaks and a heat-map', async () => {
    const { community, owner, alice, bob, moderator } = await setting();
    clock.set(Date.UTC(2026, 2, 1, 15, 59, 0)); // 23:59 on 1 March in Shanghai
    const challenge = await createChallenge(moderator, community.id);
    expect(challenge.today).toBe('2026-03-01');
    expect(challenge.phase).toBe('open');
    expect(challenge.descriptionHtml).toContain('<strong>');

    const first = await call.post(
      `/api/challenges/${challenge.id}/checkins`,
      { body: '起床了' },
      alice.cookie,
    );
    expect(first.statusCode, first.body).toBe(201);
    expect(json(first).checkin.date).toBe('2026-03-01');
    expect(json(first).me).toMatchObject({ checkinCount: 1, currentStreak: 1, checkedInThisPeriod: true });

    // The same day again: the first check-in back, nothing new.
    const again = await call.post(
      `/api/challenges/${challenge.id}/checkins`,
      { body: '又一次' },
      alice.cookie,
    );
    expect(again.statusCode).toBe(200);
    expect(json(again)).toMatchObject({
      created: false,
      checkin: { id: json(first).checkin.id, body: '起床了' },
    });

    // Two minutes later it is 2 March in Shanghai (still 1 March in UTC): a new day.
    clock.advance(2 * 60_000);
    const second = await call.post(
      `/api/challenges/${challenge.id}/checkins`,
      { body: 'Day 2' },
      alice.cookie,
    );
    expect(second.statusCode).toBe(201);
    expect(json(second).checkin.date).toBe('2026-03-02');
    expect(json(second).me).toMatchObject({
      checkinCount: 2,
      currentStreak: 2,
      longestStreak: 2,
      completionRate: 1,
    });

    // Concurrent check-ins on one day → one.
    const burst = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        call.post(`/api/challenges/${challenge.id}/checkins`, { body: `burst ${i}` }, bob.cookie),
      ),
    );
    expect(burst.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(burst.map((r) => json(r).checkin.id)).size).toBe(1);
    const bobRows = await t.db
      .selectFrom('checkins')
      .select('id')
      .where('challenge_id', '=', challenge.id)
      .where('user_id', '=', bob.id)
      .execute();
    expect(bobRows).toHaveLength(1);

    // Alice misses 3 March: on the 4th her streak shows 0 until she checks in, then restarts at 1.
    clock.advance(2 * DAY);
    const seen = json(await call.get(`/api/challenges/${challenge.id}`, alice.cookie)).challenge;
    expect(seen.today).toBe('2026-03-04');
    expect(seen.me).toMatchObject({
      checkinCount: 2,
      currentStreak: 0,
      longestStreak: 2,
      completionRate: 0.5,
    });
    const fourth = json(
      await call.post(`/api/challenges/${challenge.id}/checkins`, { body: 'back' }, alice.cookie),
    );
    expect(fourth.me).toMatchObject({
      checkinCount: 3,
      currentStreak: 1,
      longestStreak: 2,
      completionRate: 0.75,
    });

    const board = json(await call.get(`/api/challenges/${challenge.id}/leaderboard`, bob.cookie));
    expect(board.items.map((e: Json) => [e.rank, e.user.id, e.checkinCount])).toEqual([
      [1, alice.id, 3],
      [2, bob.id, 1],
    ]);
    const paged = json(await call.get(`/api/challenges/${challenge.id}/leaderboard?limit=1`, bob.cookie));
    expect(paged.items).toHaveLength(1);
    const next = json(
      await call.get(
        `/api/challenges/${challenge.id}/leaderboard?limit=1&cursor=${paged.nextCursor}`,
        bob.cookie,
      ),
    );
    expect(next.items.map((e: Json) => [e.rank, e.user.id])).toEqual([[2, bob.id]]);
    expect(next.nextCursor).toBeNull();
    expect(
      (await call.get(`/api/challenges/${challenge.id}/leaderboard?cursor=nonsense`, bob.cookie)).statusCode,
    ).toBe(400);

    const calendar = json(
      await call.get(`/api/communities/${community.id}/checkin-calendar?userId=${alice.id}`, owner.cookie),
    );
    expect(calendar.to).toBe('2026-03-04');
    expect(calendar.days).toEqual([
      { date: '2026-03-01', count: 1 },
      { date: '2026-03-02', count: 1 },
      { date: '2026-03-04', count: 1 },
    ]);
    const mine = json(await call.get(`/api/communities/${community.id}/checkin-calendar`, bob.cookie));
    expect(mine.days).toEqual([{ date: '2026-03-02', count: 1 }]);
    const badRange = await call.get(
      `/api/communities/${community.id}/checkin-calendar?from=2026-03-05&to=2026-03-01`,
      bob.cookie,
    );
    expect(badRange.statusCode).toBe(400);
    expect(fieldPaths(badRange)).toEqual(['from']);

    const feed = json(await call.get(`/api/challenges/${challenge.id}/checkins`, bob.cookie));
    expect(feed.items).toHaveLength(4);
  });

  it('counts weeks from Monday, and refuses check-ins outside the dates', async () => {
    const { community, owner, alice } = await setting();
    clock.set(Date.UTC(2026, 3, 1, 4)); // Wednesday 1 April, Shanghai
    const weekly = await createChallenge(owner, community.id, {
      startDate: '2026-04-01',
      endDate: '2026-04-30',
      cadence: 'weekly',
    });
    expect(
      json(await call.post(`/api/challenges/${weekly.id}/checkins`, { body: 'w1' }, alice.cookie)).checkin
        .period,
    ).toBe('2026-03-30');
    clock.advance(3 * DAY); // Saturday: the same week
    expect(
      (await call.post(`/api/challenges/${weekly.id}/checkins`, { body: 'w1 again' }, alice.cookie))
        .statusCode,
    ).toBe(200);
    clock.advance(2 * DAY); // Monday: the next week
    const w2 = json(await call.post(`/api/challenges/${weekly.id}/checkins`, { body: 'w2' }, alice.cookie));
    expect(w2.me).toMatchObject({ checkinCount: 2, currentStreak: 2 });

    const later = await createChallenge(owner, community.id, {
      startDate: '2026-05-01',
      endDate: '2026-05-02',
    });
    const early = await call.post(`/api/challenges/${later.id}/checkins`, { body: 'too soon' }, alice.cookie);
    expect(early.statusCode).toBe(409);
    expect(json(early).code).toBe('challenge_not_open');

    const empty = await call.post(`/api/challenges/${weekly.id}/checkins`, { body: '  ' }, alice.cookie);
    expect(empty.statusCode).toBe(400);
    const foreignFile = await call.post(
      `/api/challenges/${weekly.id}/checkins`,
      { body: 'x', fileIds: [newId()] },
      alice.cookie,
    );
    expect(fieldPaths(foreignFile)).toEqual(['fileIds.0']);

    const backwards = await call.post(
      `/api/communities/${community.id}/challenges`,
      { title: 'x', startDate: '2026-04-10', endDate: '2026-04-01' },
      owner.cookie,
    );
    expect(fieldPaths(backwards)).toEqual(['endDate']);
    const notADate = await call.post(
      `/api/communities/${community.id}/challenges`,
      { title: 'x', startDate: '2026-02-30', endDate: '2026-04-01' },
      owner.cookie,
    );
    expect(fieldPaths(notADate)).toEqual(['startDate']);
    const byMember = await call.post(
      `/api/communities/${community.id}/challenges`,
      { title: 'x', startDate: '2026-04-01', endDate: '2026-04-02' },
      alice.cookie,
    );
    expect(byMember.statusCode).toBe(403);
  });
});

describe('assignments', () => {
  it('marks late submissions, allows resubmission until reviewed, audits and notifies reviews', async () => {
    const { community, owner, alice, bob, contributor, moderator } = await setting();
    clock.set(Date.UTC(2026, 5, 1, 4));
    const byModerator = await call.post(
      `/api/communities/${community.id}/assignments`,
      { title: 'x', dueAt: clock.now() + DAY },
      moderator.cookie,
    );
    expect(byModerator.statusCode).toBe(403);
    const created = await call.post(
      `/api/communities/${community.id}/assignments`,
      { title: '第一周作业 Week 1', description: 'Write a *tiny* parser', dueAt: clock.now() + DAY },
      contributor.cookie,
    );
    expect(created.statusCode, created.body).toBe(201);
    const assignment = json(created).assignment;

    expect(assignment.abilities).toEqual({ submit: false, review: true });
    const byAuthor = await call.put(
      `/api/assignments/${assignment.id}/submission`,
      { body: 'mine' },
      contributor.cookie,
    );
    expect(byAuthor.statusCode).toBe(403);
    const first = await call.put(
      `/api/assignments/${assignment.id}/submission`,
      { body: 'v1' },
      alice.cookie,
    );
    expect(first.statusCode, first.body).toBe(200);
    expect(json(first).submission).toMatchObject({ late: false, revision: 1, state: 'submitted' });
    const second = await call.put(
      `/api/assignments/${assignment.id}/submission`,
      { body: 'v2' },
      alice.cookie,
    );
    expect(json(second).submission).toMatchObject({ id: json(first).submission.id, body: 'v2', revision: 2 });

    clock.advance(DAY + 1);
    const late = json(
      await call.put(`/api/assignments/${assignment.id}/submission`, { body: 'late' }, bob.cookie),
    );
    expect(late.submission.late).toBe(true);
    // Alice's resubmission after the due time makes hers late too.
    const aliceLate = json(
      await call.put(`/api/assignments/${assignment.id}/submission`, { body: 'v3' }, alice.cookie),
    );
    expect(aliceLate.submission).toMatchObject({ late: true, revision: 3 });

    const submissionId = aliceLate.submission.id;
    expect(
      (await call.post(`/api/submissions/${submissionId}/review`, { score: 90, feedback: 'x' }, bob.cookie))
        .statusCode,
    ).toBe(403);
    const badScore = await call.post(
      `/api/submissions/${submissionId}/review`,
      { score: 101, feedback: 'x' },
      owner.cookie,
    );
    expect(badScore.statusCode).toBe(400);
    expect(fieldPaths(badScore)).toEqual(['score']);
    const reviewed = await call.post(
      `/api/submissions/${submissionId}/review`,
      { score: 92, feedback: '写得很好 Nicely done' },
      moderator.cookie,
    );
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(json(reviewed).submission).toMatchObject({ state: 'reviewed', score: 92 });

    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('subject_id', '=', submissionId)
      .execute();
    expect(audit).toEqual([{ action: 'activities.submission.review', actor_id: moderator.id }]);
    const events = await t.db
      .selectFrom('outbox')
      .select('payload')
      .where('topic', '=', 'notifications.event')
      .execute();
    const event = events.map((e) => JSON.parse(e.payload)).find((p) => p.itemId === submissionId);
    expect(event).toMatchObject({
      kind: 'review_decision',
      itemType: 'assignment_submission',
      recipientId: alice.id,
      actorId: moderator.id,
    });

    const locked = await call.put(
      `/api/assignments/${assignment.id}/submission`,
      { body: 'v4' },
      alice.cookie,
    );
    expect(locked.statusCode).toBe(409);
    expect(json(locked).code).toBe('submission_reviewed');

    // Members see featured submissions only; reviewers see all.
    expect(json(await call.get(`/api/assignments/${assignment.id}/submissions`, bob.cookie)).items).toEqual(
      [],
    );
    expect(
      json(await call.get(`/api/assignments/${assignment.id}/submissions`, owner.cookie)).items,
    ).toHaveLength(2);
    expect((await call.get(`/api/submissions/${submissionId}`, bob.cookie)).statusCode).toBe(404);
    const featured = await call.put(
      `/api/submissions/${submissionId}/featured`,
      { featured: true },
      owner.cookie,
    );
    expect(json(featured).submission.featured).toBe(true);
    const visible = json(await call.get(`/api/assignments/${assignment.id}/submissions`, bob.cookie));
    expect(visible.items.map((s: Json) => s.id)).toEqual([submissionId]);
    expect((await call.get(`/api/submissions/${submissionId}`, bob.cookie)).statusCode).toBe(200);
    const featureAudit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', submissionId)
      .where('action', '=', 'activities.submission.feature')
      .execute();
    expect(featureAudit).toHaveLength(1);

    const mine = json(await call.get(`/api/assignments/${assignment.id}`, alice.cookie)).assignment;
    expect(mine).toMatchObject({
      pastDue: true,
      mySubmission: { score: 92, feedback: '写得很好 Nicely done' },
    });
    expect(mine.abilities).toEqual({ submit: false, review: false });
  });
});

describe('access', () => {
  it('refuses every activity to non-members (403) and writes to the signed-out (401)', async () => {
    const { community, owner, alice, outsider, lapsed } = await setting();
    clock.set(Date.UTC(2026, 6, 1, 4));
    const poll = await createPoll(alice, community.id);
    const challenge = await createChallenge(owner, community.id, {
      startDate: '2026-07-01',
      endDate: '2026-07-10',
    });
    const assignment = json(
      await call.post(
        `/api/communities/${community.id}/assignments`,
        { title: 'A', dueAt: clock.now() + DAY },
        owner.cookie,
      ),
    ).assignment;
    const submission = json(
      await call.put(`/api/assignments/${assignment.id}/submission`, { body: 'mine' }, alice.cookie),
    ).submission;
    const optionId = poll.options[0].id;
    const requests: [string, 'GET' | 'POST' | 'PUT' | 'DELETE', string, unknown?][] = [
      [
        'create poll',
        'POST',
        `/api/communities/${community.id}/polls`,
        { question: 'Q', options: ['a', 'b'] },
      ],
      ['list polls', 'GET', `/api/communities/${community.id}/polls`],
      ['read poll', 'GET', `/api/polls/${poll.id}`],
      ['vote', 'POST', `/api/polls/${poll.id}/votes`, { optionIds: [optionId] }],
      ['unvote', 'DELETE', `/api/polls/${poll.id}/votes`],
      ['close poll', 'POST', `/api/polls/${poll.id}/close`],
      [
        'create challenge',
        'POST',
        `/api/communities/${community.id}/challenges`,
        { title: 'x', startDate: '2026-07-01', endDate: '2026-07-02' },
      ],
      ['list challenges', 'GET', `/api/communities/${community.id}/challenges`],
      ['read challenge', 'GET', `/api/challenges/${challenge.id}`],
      ['check in', 'POST', `/api/challenges/${challenge.id}/checkins`, { body: 'hi' }],
      ['check-ins', 'GET', `/api/challenges/${challenge.id}/checkins`],
      ['leaderboard', 'GET', `/api/challenges/${challenge.id}/leaderboard`],
      ['calendar', 'GET', `/api/communities/${community.id}/checkin-calendar?userId=${alice.id}`],
      [
        'create assignment',
        'POST',
        `/api/communities/${community.id}/assignments`,
        { title: 'x', dueAt: clock.now() },
      ],
      ['list assignments', 'GET', `/api/communities/${community.id}/assignments`],
      ['read assignment', 'GET', `/api/assignments/${assignment.id}`],
      ['submit', 'PUT', `/api/assignments/${assignment.id}/submission`, { body: 'x' }],
      ['submissions', 'GET', `/api/assignments/${assignment.id}/submissions`],
      ['read submission', 'GET', `/api/submissions/${submission.id}`],
      ['review', 'POST', `/api/submissions/${submission.id}/review`, { score: 1, feedback: 'x' }],
      ['feature', 'PUT', `/api/submissions/${submission.id}/featured`, { featured: true }],
    ];
    const send = (method: string, url: string, body: unknown, cookie?: string) =>
      t.app.inject({
        method: method as 'GET',
        url,
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(cookie ? { cookie } : {}),
        },
      });
    for (const [name, method, url, body] of requests) {
      for (const who of [outsider, lapsed]) {
        const res = await send(method, url, body, who.cookie);
        expect([name, res.statusCode, json(res).code]).toEqual([name, 403, 'join_required']);
      }
      const anonymous = await send(method, url, body);
      expect([name, anonymous.statusCode]).toEqual([name, method === 'GET' ? 403 : 401]);
    }
    // Nothing was written by the refused requests.
    const ballots = await t.db
      .selectFrom('poll_ballots')
      .select('user_id')
      .where('poll_id', '=', poll.id)
      .execute();
    expect(ballots).toEqual([]);
    const checkins = await t.db
      .selectFrom('checkins')
      .select('id')
      .where('challenge_id', '=', challenge.id)
      .execute();
    expect(checkins).toEqual([]);
    expect((await call.get(`/api/polls/${newId()}`, alice.cookie)).statusCode).toBe(404);
  });
});

describe('files of check-ins and submissions', () => {
  const image = async (user: TestUser) =>
    uploaded(t, {
      kind: 'image',
      cookie: user.cookie,
      file: { name: '打卡.png', content: PNG, contentType: 'image/png' },
    });
  const status = async (fileId: string, user: TestUser) =>
    (await call.get(`/api/files/${fileId}`, user.cookie)).statusCode;

  it('opens a check-in’s image for whoever may see the challenge, 404 for others', async () => {
    const { community, owner, alice, bob, outsider, lapsed } = await setting();
    clock.set(Date.UTC(2026, 7, 1, 4));
    const challenge = await createChallenge(owner, community.id, {
      startDate: '2026-08-01',
      endDate: '2026-08-10',
    });
    const fileId = await image(alice);
    // Before it is used, the image is its uploader's alone.
    expect(await status(fileId, bob)).toBe(404);
    const res = await call.post(
      `/api/challenges/${challenge.id}/checkins`,
      { body: '晨跑', fileIds: [fileId] },
      alice.cookie,
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(await status(fileId, bob)).toBe(200);
    expect(await status(fileId, owner)).toBe(200);
    expect(await status(fileId, outsider)).toBe(404);
    expect(await status(fileId, lapsed)).toBe(404);
    expect((await call.get(`/api/files/${fileId}`)).statusCode).toBe(404);

    // The migration's backfill rebuilds the rows from the JSON column.
    await t.db.deleteFrom('activity_files').where('file_id', '=', fileId).execute();
    expect(await status(fileId, bob)).toBe(404);
    await backfillActivityFiles(t.db);
    expect(await status(fileId, bob)).toBe(200);
  });

  it('opens a submission’s file for its reviewers, for other members only once featured', async () => {
    const { community, alice, bob, contributor, moderator, outsider } = await setting();
    clock.set(Date.UTC(2026, 7, 1, 4));
    const assignment = json(
      await call.post(
        `/api/communities/${community.id}/assignments`,
        { title: '作业 Homework', dueAt: clock.now() + DAY },
        contributor.cookie,
      ),
    ).assignment;
    const first = await image(bob);
    const submitted = await call.put(
      `/api/assignments/${assignment.id}/submission`,
      { body: 'v1', fileIds: [first] },
      bob.cookie,
    );
    expect(submitted.statusCode, submitted.body).toBe(200);
    const submissionId = json(submitted).submission.id;
    expect(await status(first, bob)).toBe(200);
    expect(await status(first, contributor)).toBe(200);
    expect(await status(first, moderator)).toBe(200);
    expect(await status(first, alice)).toBe(404);
    expect(await status(first, outsider)).toBe(404);

    const featured = await call.put(
      `/api/submissions/${submissionId}/featured`,
      { featured: true },
      contributor.cookie,
    );
    expect(featured.statusCode, featured.body).toBe(200);
    expect(await status(first, alice)).toBe(200);
    expect(await status(first, outsider)).toBe(404);

    // A new version's files replace the old ones: the first image is Bob's alone again.
    const second = await image(bob);
    const resubmitted = await call.put(
      `/api/assignments/${assignment.id}/submission`,
      { body: 'v2', fileIds: [second] },
      bob.cookie,
    );
    expect(json(resubmitted).submission).toMatchObject({ id: submissionId, revision: 2 });
    expect(await status(second, alice)).toBe(200);
    expect(await status(first, alice)).toBe(404);
    expect(await status(first, contributor)).toBe(404);
    expect(await status(first, bob)).toBe(200);
  });
});

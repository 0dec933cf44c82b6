import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInUser, type TestUser } from '../../../test/community-fixtures.js';
import {
  grantRole,
  insertCommunity,
  insertMembership,
  insertPlan,
  requester,
} from '../../../test/content-fixtures.js';
import { createTestApp, settleOutbox, type TestApp } from '../../../test/test-app.js';
import { ManualClock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import type { NotificationEvent } from './notification-events.js';
import { periodOf, sendDigests, unsubscribeToken } from './notifications.digest.js';
import type { NotificationDto } from './notifications.schemas.js';

const DAY = 86_400_000;
const clock = new ManualClock(Date.UTC(2026, 5, 3, 8, 0, 0));
let t: TestApp;
let http: ReturnType<typeof requester>;
let owner: TestUser;
let member: TestUser;
let other: TestUser;
let lapsed: TestUser;
let outsider: TestUser;
let muter: TestUser;
let contributor: TestUser;
let communityId: string;
let planId: string;
let chapterId: string;

interface Page {
  items: NotificationDto[];
  nextCursor: string | null;
  unread: number;
}

async function listOf(user: TestUser, query = ''): Promise<Page> {
  const res = await http.get(`/api/me/notifications${query}`, user.cookie);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Page;
}

async function rowsFor(userId: string) {
  return t.db.selectFrom('notifications').selectAll().where('recipient_id', '=', userId).execute();
}

async function publishLesson(title: string, cookie = owner.cookie, extra: Record<string, unknown> = {}) {
  const res = await http.post(
    `/api/chapters/${chapterId}/lessons`,
    { title, body: `Paid body of ${title}`, freePreview: false, status: 'published', ...extra },
    cookie,
  );
  expect(res.statusCode, res.body).toBe(201);
  await settleOutbox(t, clock.now());
  return (res.json() as { id: string }).id;
}

async function insertPost(authorId: string, title: string, state = 'published'): Promise<string> {
  const id = newId();
  const now = clock.now();
  await t.db
    .insertInto('posts')
    .values({
      id,
      community_id: communityId,
      author_id: authorId,
      kind: 'discussion',
      title,
      body: 'members-only body',
      body_html: '<p>members-only body</p>',
      tags: '[]',
      state,
      last_activity_at: now,
      created_at: now,
      updated_at: now,
    } as never)
    .execute();
  return id;
}

const replyEvent = (postId: string, actorId: string, recipientId: string): NotificationEvent => ({
  kind: 'reply',
  communityId,
  actorId,
  sourceId: newId(),
  at: clock.now(),
  postId,
  commentId: newId(),
  recipientId,
});

beforeAll(async () => {
  t = await createTestApp({ clock });
  http = requester(t);
  const now = clock.now();
  owner = await signedInUser(t, { displayName: 'Owner' });
  member = await signedInUser(t, { displayName: 'Member' });
  other = await signedInUser(t, { displayName: 'Other' });
  lapsed = await signedInUser(t);
  outsider = await signedInUser(t);
  muter = await signedInUser(t);
  contributor = await signedInUser(t, { displayName: 'Contributor' });
  communityId = await insertCommunity(t.db, owner.id, now);
  planId = await insertPlan(t.db, communityId, now);
  for (const u of [member, other, muter])
    await insertMembership(t.db, {
      communityId,
      userId: u.id,
      planId,
      startsAt: now - DAY,
      endsAt: now + 300 * DAY,
    });
  // Active in state, but the term has ended: the access rules say not a member.
  await insertMembership(t.db, {
    communityId,
    userId: lapsed.id,
    planId,
    startsAt: now - 400 * DAY,
    endsAt: now - DAY,
  });
  await grantRole(t.db, communityId, contributor.id, 'contributor', now);
  const course = await http.post(
    `/api/communities/${communityId}/courses`,
    { title: 'Course', summary: 'About', status: 'published' },
    owner.cookie,
  );
  expect(course.statusCode, course.body).toBe(201);
  const chapter = await http.post(
    `/api/courses/${course.json().id}/chapters`,
    { title: 'One' },
    owner.cookie,
  );
  chapterId = chapter.json().id;
  const mute = await http.put(
    `/api/me/notification-preferences/communities/${communityId}`,
    { muted: true },
    muter.cookie,
  );
  expect(mute.statusCode, mute.body).toBe(200);
  await settleOutbox(t, clock.now());
});

afterAll(async () => {
  await t?.close();
});

describe('new content', () => {
  it('tells members who may see it, not the author, a lapsed member, an outsider or a muted member', async () => {
    const lessonId = await publishLesson('第一课 Paid lesson');
    const mine = await listOf(member);
    const n = mine.items.find((i) => i.item.id === lessonId);
    expect(n).toMatchObject({
      kind: 'new_content',
      community: { id: communityId },
      actor: { id: owner.id, displayName: 'Owner' },
      item: { type: 'lesson', title: '第一课 Paid lesson', path: `/lessons/${lessonId}`, visible: true },
      readAt: null,
    });
    expect(mine.unread).toBeGreaterThanOrEqual(1);
    for (const u of [owner, lapsed, outsider, muter])
      expect((await rowsFor(u.id)).filter((r) => r.item_id === lessonId)).toEqual([]);
    // No paid text is stored in the notification.
    const stored = (await rowsFor(member.id)).find((r) => r.item_id === lessonId);
    expect(JSON.stringify(stored)).not.toContain('Paid body');
    expect(JSON.stringify(stored)).not.toContain('Paid lesson');
  });

  it('is delivered once however often the event arrives or the item is re-published', async () => {
    const lessonId = await publishLesson('Twice');
    const event: NotificationEvent = {
      kind: 'new_content',
      communityId,
      actorId: owner.id,
      sourceId: lessonId,
      at: clock.now(),
      itemType: 'lesson',
      itemId: lessonId,
    };
    await t.app.services.notifications.deliver(event);
    await t.app.services.notifications.deliver(event);
    const res = await http.patch(`/api/lessons/${lessonId}`, { status: 'published' }, owner.cookie);
    expect(res.statusCode, res.body).toBe(200);
    await settleOutbox(t, clock.now());
    expect((await rowsFor(member.id)).filter((r) => r.item_id === lessonId)).toHaveLength(1);
  });

  it('waits for a scheduled item to go live', async () => {
    const lessonId = await publishLesson('Later', owner.cookie, {
      status: 'scheduled',
      publishAt: clock.now() + 2 * 3_600_000,
    });
    expect((await rowsFor(member.id)).filter((r) => r.item_id === lessonId)).toEqual([]);
    clock.advance(2 * 3_600_000 + 1);
    await settleOutbox(t, clock.now());
    expect((await rowsFor(member.id)).filter((r) => r.item_id === lessonId)).toHaveLength(1);
  });
});

describe('new challenges and assignments', () => {
  it('tells the members, not the author, a lapsed member, an outsider or a muted member', async () => {
    const challenge = await http.post(
      `/api/communities/${communityId}/challenges`,
      { title: '早起打卡 Early rising', startDate: '2026-06-01', endDate: '2026-06-30' },
      owner.cookie,
    );
    expect(challenge.statusCode, challenge.body).toBe(201);
    const challengeId = challenge.json().challenge.id as string;
    const assignment = await http.post(
      `/api/communities/${communityId}/assignments`,
      { title: '第一周作业 Week 1', dueAt: clock.now() + 7 * DAY },
      contributor.cookie,
    );
    expect(assignment.statusCode, assignment.body).toBe(201);
    const assignmentId = assignment.json().assignment.id as string;
    await settleOutbox(t, clock.now());

    const mine = (await listOf(member)).items;
    expect(mine.find((i) => i.item.id === challengeId)).toMatchObject({
      kind: 'new_content',
      actor: { id: owner.id },
      item: {
        type: 'challenge',
        title: '早起打卡 Early rising',
        path: `/challenges/${challengeId}`,
        visible: true,
      },
    });
    expect(mine.find((i) => i.item.id === assignmentId)).toMatchObject({
      kind: 'new_content',
      actor: { id: contributor.id },
      item: {
        type: 'assignment',
        title: '第一周作业 Week 1',
        path: `/assignments/${assignmentId}`,
        visible: true,
      },
    });
    // The team hears of what others created, never of its own.
    const ownerRows = (await rowsFor(owner.id)).filter((r) => r.kind === 'new_content');
    expect(ownerRows.map((r) => r.item_id)).toContain(assignmentId);
    expect(ownerRows.map((r) => r.item_id)).not.toContain(challengeId);
    expect((await rowsFor(contributor.id)).map((r) => r.item_id)).not.toContain(assignmentId);
    for (const u of [lapsed, outsider, muter]) {
      const ids = (await rowsFor(u.id)).map((r) => r.item_id);
      expect(ids).not.toContain(challengeId);
      expect(ids).not.toContain(assignmentId);
    }
    // The item's id is the source: a redelivered event adds nothing.
    await t.app.services.notifications.deliver({
      kind: 'new_content',
      communityId,
      actorId: owner.id,
      sourceId: challengeId,
      at: clock.now(),
      itemType: 'challenge',
      itemId: challengeId,
    });
    expect((await rowsFor(member.id)).filter((r) => r.item_id === challengeId)).toHaveLength(1);
  });
});

describe('posts (members-only)', () => {
  it('never tells the actor, an outsider or a lapsed member about a reply', async () => {
    const postId = await insertPost(member.id, 'Members-only question');
    const service = t.app.services.notifications;
    await service.deliver(replyEvent(postId, other.id, member.id));
    await service.deliver(replyEvent(postId, member.id, member.id));
    await service.deliver(replyEvent(postId, other.id, outsider.id));
    await service.deliver(replyEvent(postId, other.id, lapsed.id));
    await service.deliver({
      kind: 'mention',
      communityId,
      actorId: other.id,
      sourceId: newId(),
      at: clock.now(),
      postId,
      commentId: null,
      recipientIds: [outsider.id, lapsed.id, other.id, owner.id],
    });
    const forMember = (await rowsFor(member.id)).filter((r) => r.item_id === postId);
    expect(forMember.map((r) => r.kind)).toEqual(['reply']);
    expect((await rowsFor(outsider.id)).filter((r) => r.item_id === postId)).toEqual([]);
    expect((await rowsFor(lapsed.id)).filter((r) => r.item_id === postId)).toEqual([]);
    expect((await rowsFor(other.id)).filter((r) => r.item_id === postId)).toEqual([]);
    expect((await rowsFor(owner.id)).filter((r) => r.item_id === postId).map((r) => r.kind)).toEqual([
      'mention',
    ]);
  });

  it('hides the title and link from a member who lost access since', async () => {
    const leaver = await signedInUser(t);
    const now = clock.now();
    await insertMembership(t.db, {
      communityId,
      userId: leaver.id,
      planId,
      startsAt: now - DAY,
      endsAt: now + DAY,
    });
    const postId = await insertPost(other.id, 'Secret strategy');
    await t.app.services.notifications.deliver(replyEvent(postId, other.id, leaver.id));
    const before = (await listOf(leaver)).items.find((i) => i.item.id === postId);
    expect(before?.item).toMatchObject({ title: 'Secret strategy', visible: true });
    expect(before?.item.path).toMatch(new RegExp(`^/posts/${postId}#comment-`));
    await t.db
      .updateTable('memberships')
      .set({ ends_at: now - 1 })
      .where('user_id', '=', leaver.id)
      .execute();
    const page = await listOf(leaver);
    const after = page.items.find((i) => i.item.id === postId);
    expect(after?.item).toEqual({ type: 'post', id: postId, title: null, path: null, visible: false });
    expect(after?.community.id).toBe(communityId);
    expect(JSON.stringify(page)).not.toContain('Secret strategy');
  });
});

describe('review decisions', () => {
  it("tells the contributor the decision and the members the new course, not the contributor's own", async () => {
    const res = await http.post(
      `/api/communities/${communityId}/courses`,
      { title: 'Contributed', summary: 'x', status: 'published' },
      contributor.cookie,
    );
    expect(res.statusCode, res.body).toBe(201);
    const lessonId = res.json().id as string;
    const queue = await http.get(`/api/communities/${communityId}/review-queue`, owner.cookie);
    const review = (queue.json().items as { id: string; itemId: string }[]).find(
      (r) => r.itemId === lessonId,
    );
    expect(review).toBeDefined();
    const approve = await http.post(`/api/reviews/${review?.id}/approve`, {}, owner.cookie);
    expect(approve.statusCode, approve.body).toBe(200);
    await settleOutbox(t, clock.now());
    const decision = (await listOf(contributor)).items.find((i) => i.item.id === lessonId);
    expect(decision).toMatchObject({
      kind: 'review_decision',
      decision: 'approved',
      actor: { id: owner.id },
      item: { type: 'course', title: 'Contributed', path: `/courses/${lessonId}` },
    });
    expect(
      (await rowsFor(contributor.id)).filter((r) => r.kind === 'new_content' && r.item_id === lessonId),
    ).toEqual([]);
    const news = (await listOf(member)).items.find((i) => i.item.id === lessonId);
    expect(news).toMatchObject({ kind: 'new_content', actor: { id: contributor.id } });
  });
});

describe('reading and marking read', () => {
  it('pages by cursor, newest first, and marks read by id or all, only my own', async () => {
    const reader = await signedInUser(t);
    const now = clock.now();
    await insertMembership(t.db, {
      communityId,
      userId: reader.id,
      planId,
      startsAt: now - DAY,
      endsAt: now + DAY,
    });
    const postId = await insertPost(other.id, 'Paging');
    for (let i = 0; i < 5; i++)
      await t.app.services.notifications.deliver(replyEvent(postId, other.id, reader.id));
    const first = await listOf(reader, '?limit=2');
    expect(first.items).toHaveLength(2);
    expect(first.unread).toBe(5);
    const second = await listOf(reader, `?limit=2&cursor=${first.nextCursor}`);
    const third = await listOf(reader, `?limit=2&cursor=${second.nextCursor}`);
    const ids = [...first.items, ...second.items, ...third.items].map((i) => i.id);
    expect(new Set(ids).size).toBe(5);
    expect([...ids].sort().reverse()).toEqual(ids);
    expect(third.nextCursor).toBeNull();

    const foreign = (await listOf(member)).items[0]?.id as string;
    const mark = await http.post('/api/me/notifications/read', { ids: [ids[0], foreign] }, reader.cookie);
    expect(mark.json()).toEqual({ marked: 1, unread: 4 });
    expect((await listOf(member)).items.find((i) => i.id === foreign)?.readAt).toBeNull();
    const all = await http.post('/api/me/notifications/read', { all: true }, reader.cookie);
    expect(all.json()).toEqual({ marked: 4, unread: 0 });
    expect((await http.get('/api/me/notifications/unread-count', reader.cookie)).json()).toEqual({
      unread: 0,
    });
  });

  it('refuses the signed-out and bad input', async () => {
    expect((await http.get('/api/me/notifications')).statusCode).toBe(401);
    expect((await http.get('/api/me/notification-preferences')).statusCode).toBe(401);
    expect((await http.post('/api/me/notifications/read', { all: true })).statusCode).toBe(401);
    const bad = await http.post('/api/me/notifications/read', { ids: [] }, member.cookie);
    expect(bad.statusCode).toBe(400);
    const cursor = await http.get('/api/me/notifications?cursor=nope', member.cookie);
    expect(cursor.statusCode).toBe(400);
    expect(cursor.json().errors[0].path).toBe('cursor');
    const kind = await http.put(
      '/api/me/notification-preferences',
      { kinds: [{ kind: 'gossip', inApp: true, email: 'off' }] },
      member.cookie,
    );
    expect(kind.statusCode).toBe(400);
    const missing = await http.put(
      `/api/me/notification-preferences/communities/${newId()}`,
      { muted: true },
      member.cookie,
    );
    expect(missing.statusCode).toBe(404);
  });
});

describe('preferences', () => {
  it('turned off in the app: kept for the digest but not listed; off everywhere: not stored', async () => {
    const picky = await signedInUser(t);
    const now = clock.now();
    await insertMembership(t.db, {
      communityId,
      userId: picky.id,
      planId,
      startsAt: now - DAY,
      endsAt: now + DAY,
    });
    const defaults = await http.get('/api/me/notification-preferences', picky.cookie);
    expect(defaults.json().kinds).toContainEqual({ kind: 'new_content', inApp: true, email: 'weekly' });
    const put = await http.put(
      '/api/me/notification-preferences',
      {
        kinds: [
          { kind: 'new_content', inApp: false, email: 'daily' },
          { kind: 'reply', inApp: false, email: 'off' },
        ],
      },
      picky.cookie,
    );
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().kinds).toContainEqual({ kind: 'new_content', inApp: false, email: 'daily' });
    const lessonId = await publishLesson('Quiet');
    const postId = await insertPost(other.id, 'Quiet post');
    await t.app.services.notifications.deliver(replyEvent(postId, other.id, picky.id));
    const rows = await rowsFor(picky.id);
    expect(rows.map((r) => [r.kind, r.item_id, r.in_app])).toEqual([['new_content', lessonId, 0]]);
    expect((await listOf(picky)).items).toEqual([]);
    expect((await listOf(picky)).unread).toBe(0);
  });
});

describe('e-mail digests', () => {
  it('sends one digest per period with the chosen kinds, and the link unsubscribes without signing in', async () => {
    const reader = await signedInUser(t, { locale: 'zh-CN', displayName: '读者' });
    const now = clock.now();
    await insertMembership(t.db, {
      communityId,
      userId: reader.id,
      planId,
      startsAt: now - DAY,
      endsAt: now + 30 * DAY,
    });
    await http.put(
      '/api/me/notification-preferences',
      { kinds: [{ kind: 'reply', inApp: true, email: 'daily' }] },
      reader.cookie,
    );
    const postId = await insertPost(other.id, '运营心得');
    await t.app.services.notifications.deliver(replyEvent(postId, other.id, reader.id));
    const deps = {
      db: t.db,
      clock,
      outbox: t.deps.outbox,
      notifications: t.app.services.notifications,
      publicUrl: 'http://zhishe.test',
      secret: t.deps.config.secret,
    };
    await sendDigests(deps, 'daily');
    await sendDigests(deps, 'daily');
    await settleOutbox(t, clock.now());
    const mails = async () =>
      t.db.selectFrom('mail_messages').selectAll().where('to_address', '=', reader.email).execute();
    expect(await mails()).toHaveLength(1);
    const [mail] = await mails();
    expect(mail?.subject).toContain('1');
    expect(mail?.text_body).toContain('运营心得');
    expect(mail?.text_body).toContain(`/posts/${postId}`);
    expect(mail?.text_body).toContain('/unsubscribe?token=');
    const digest = await t.db
      .selectFrom('notification_digests')
      .selectAll()
      .where('user_id', '=', reader.id)
      .execute();
    expect(digest).toEqual([
      expect.objectContaining({
        cadence: 'daily',
        period: periodOf('daily', clock.now()),
        notification_count: 1,
      }),
    ]);

    // The next day: nothing new, no mail; a new reply, one more.
    clock.advance(DAY);
    await sendDigests(deps, 'daily');
    await settleOutbox(t, clock.now());
    expect(await mails()).toHaveLength(1);
    await t.app.services.notifications.deliver(replyEvent(postId, other.id, reader.id));
    clock.advance(DAY);
    await sendDigests(deps, 'daily');
    await settleOutbox(t, clock.now());
    expect(await mails()).toHaveLength(2);

    // One-click (RFC 8058): a form POST to the List-Unsubscribe address, no session.
    const token = unsubscribeToken(t.deps.config.secret, reader.id);
    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/notifications/unsubscribe?token=${token}x`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(bad.statusCode).toBe(400);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/notifications/unsubscribe?token=${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ unsubscribed: true, email: reader.email });
    const prefs = await http.get('/api/me/notification-preferences', reader.cookie);
    expect((prefs.json().kinds as { email: string }[]).every((k) => k.email === 'off')).toBe(true);
    // The web page's JSON form works too (idempotent).
    const again = await http.post('/api/notifications/unsubscribe', { token });
    expect(again.statusCode).toBe(200);

    await t.app.services.notifications.deliver(replyEvent(postId, other.id, reader.id));
    clock.advance(DAY);
    await sendDigests(deps, 'daily');
    await settleOutbox(t, clock.now());
    expect(await mails()).toHaveLength(2);
  });
});

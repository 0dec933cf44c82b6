import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  insertCommunity,
  insertMembership,
  insertPlan,
  registerUser,
  requester,
  setupOperator,
  type TestUser,
} from '../../../test/content-fixtures.js';
import { createTestApp, type TestApp } from '../../../test/test-app.js';
import { ManualClock } from '../../platform/clock.js';
import { LessonBodyCache } from './lesson-body-cache.js';

// The lesson read sends the rendered body from memory, keyed by lessons.body_revision. Changes
// after the first read are written straight to the database, as another server process would,
// so only the trigger can tell this process about them.

const DAY = 86_400_000;
const clock = new ManualClock(Date.UTC(2026, 3, 1, 8, 0, 0));
let t: TestApp;
let http: ReturnType<typeof requester>;
let owner: TestUser;
let member: TestUser;
let lessonIds: string[];

const revision = async (lessonId: string) =>
  Number(
    (
      await t.db
        .selectFrom('lessons')
        .select('body_revision')
        .where('id', '=', lessonId)
        .executeTakeFirstOrThrow()
    ).body_revision,
  );

async function readBody(lessonId: string): Promise<string> {
  const res = await http.get(`/api/lessons/${lessonId}`, member.cookie);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  return (res.json() as { bodyHtml: string }).bodyHtml;
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  http = requester(t);
  await setupOperator(t);
  [owner, member] = await Promise.all([registerUser(t), registerUser(t)]);
  const now = clock.now();
  const communityId = await insertCommunity(t.db, owner.id, now);
  const planId = await insertPlan(t.db, communityId, now);
  await insertMembership(t.db, { communityId, userId: member.id, planId, startsAt: now - DAY });
  const course = await http.post(
    `/api/communities/${communityId}/courses`,
    { title: 'Course', summary: '', status: 'published' },
    owner.cookie,
  );
  const chapter = await http.post(`/api/courses/${course.json().id}/chapters`, { title: 'A' }, owner.cookie);
  lessonIds = [];
  for (const body of ['# 第一课\n\n社群运营 "quoted" <b>bold</b>', 'Second lesson']) {
    const lesson = await http.post(
      `/api/chapters/${chapter.json().id}/lessons`,
      { title: body.slice(0, 8), body, freePreview: false, status: 'published' },
      owner.cookie,
    );
    expect(lesson.statusCode, lesson.body).toBe(201);
    lessonIds.push(lesson.json().id);
  }
});
afterAll(async () => {
  await t.close();
});

describe('lesson bodies changed by another process', () => {
  it('answers the rendered body, escaped as JSON, with the other fields', async () => {
    const id = lessonIds[0] as string;
    const res = await http.get(`/api/lessons/${id}`, member.cookie);
    const lesson = res.json() as { id: string; title: string; bodyHtml: string; nextLessonId: string };
    expect(lesson.id).toBe(id);
    expect(lesson.nextLessonId).toBe(lessonIds[1]);
    expect(lesson.bodyHtml).toContain('<h1>第一课</h1>');
    expect(lesson.bodyHtml).toContain('社群运营 "quoted" &lt;b&gt;bold&lt;/b&gt;');
    expect(Buffer.byteLength(res.body)).toBe(Number(res.headers['content-length']));
  });

  it('bumps the revision only when body_html changes', async () => {
    const id = lessonIds[1] as string;
    const before = await revision(id);
    await t.db.updateTable('lessons').set({ title: 'Renamed' }).where('id', '=', id).execute();
    expect(await revision(id)).toBe(before);
    await t.db.updateTable('lessons').set({ body_html: '<p>new</p>' }).where('id', '=', id).execute();
    expect(await revision(id)).toBe(before + 1);
    await t.db.updateTable('lessons').set({ body_html: '<p>new</p>' }).where('id', '=', id).execute();
    expect(await revision(id)).toBe(before + 1);
  });

  it('shows a body rewritten in the database on the next read', async () => {
    const id = lessonIds[1] as string;
    await readBody(id);
    await t.db
      .updateTable('lessons')
      .set({ body_html: '<p>written elsewhere</p>' })
      .where('id', '=', id)
      .execute();
    expect(await readBody(id)).toBe('<p>written elsewhere</p>');
  });

  it('shows an edit through the API in the answer to the edit and on the next read', async () => {
    const id = lessonIds[1] as string;
    const edited = await http.patch(`/api/lessons/${id}`, { body: '**edited**' }, owner.cookie);
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().bodyHtml).toBe('<p><strong>edited</strong></p>\n');
    expect(await readBody(id)).toBe('<p><strong>edited</strong></p>\n');
  });
});

describe('LessonBodyCache', () => {
  it('shares one load between concurrent readers and keeps it until the revision moves', async () => {
    const id = lessonIds[0] as string;
    const cache = new LessonBodyCache(t.db);
    const r = await revision(id);
    const [first, second] = await Promise.all([cache.json(id, r), cache.json(id, r)]);
    expect(second).toBe(first);
    expect(await cache.json(id, r - 1)).toBe(first);
    const reloaded = await cache.json(id, r + 1);
    expect(reloaded).not.toBe(first);
    expect(reloaded.equals(first)).toBe(true);
    expect(JSON.parse(first.toString('utf8'))).toContain('第一课');
  });

  it('holds at most its capacity in bytes, dropping the least recently read', async () => {
    const [a, b] = lessonIds as [string, string];
    const sizeOf = async (id: string) => (await new LessonBodyCache(t.db).json(id, 0)).length;
    const cache = new LessonBodyCache(t.db, Math.max(await sizeOf(a), await sizeOf(b)) + 1);
    await cache.json(a, 0);
    expect(cache.size.entries).toBe(1);
    await cache.json(b, 0);
    expect(cache.size).toEqual({ entries: 1, bytes: await sizeOf(b) });
    const none = new LessonBodyCache(t.db, 0);
    expect(JSON.parse((await none.json(a, 0)).toString('utf8'))).toContain('第一课');
    expect(none.size).toEqual({ entries: 0, bytes: 0 });
  });

  it('forgets a lesson that is gone and says so', async () => {
    const cache = new LessonBodyCache(t.db);
    await expect(cache.json(crypto.randomUUID(), 0)).rejects.toMatchObject({ status: 404 });
    expect(cache.size.entries).toBe(0);
  });
});

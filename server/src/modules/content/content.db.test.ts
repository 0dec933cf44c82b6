import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  grantRole,
  insertCommunity,
  insertFile,
  insertMembership,
  insertPlan,
  registerUser,
  requester,
  setupOperator,
  type TestUser,
} from '../../../test/content-fixtures.js';
import { createTestApp, type TestApp } from '../../../test/test-app.js';
import { ManualClock } from '../../platform/clock.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MISSING = '0190f0f0-0000-7000-8000-000000000000';
const clock = new ManualClock(Date.UTC(2026, 3, 1, 8, 0, 0));
let t: TestApp;
let http: ReturnType<typeof requester>;
let owner: TestUser;
let member: TestUser;
let outsider: TestUser;
let contributor: TestUser;
let communityId: string;
let planId: string;

const fieldsOf = (res: { json(): { errors?: { path: string }[] } }) => [
  ...new Set((res.json().errors ?? []).map((e) => e.path)),
];

async function newCourse(body: Record<string, unknown> = {}, cookie = owner.cookie) {
  const res = await http.post(
    `/api/communities/${communityId}/courses`,
    { title: 'Course', summary: 'About', status: 'published', ...body },
    cookie,
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; status: string };
}
async function newChapter(courseId: string, title = 'Chapter', cookie = owner.cookie) {
  const res = await http.post(`/api/courses/${courseId}/chapters`, { title }, cookie);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}
async function newLesson(chapterId: string, body: Record<string, unknown> = {}, cookie = owner.cookie) {
  const res = await http.post(
    `/api/chapters/${chapterId}/lessons`,
    { title: 'Lesson', body: 'Hello', freePreview: false, status: 'published', ...body },
    cookie,
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; bodyHtml: string; status: string };
}
const outline = async (courseId: string, cookie?: string) => {
  const res = await http.get(`/api/courses/${courseId}`, cookie);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    course: { status: string; lessonCount: number };
    chapters: {
      id: string;
      title: string;
      lessons: {
        id: string;
        title: string;
        lock: { locked: boolean; reason?: string; availableAt?: number };
      }[];
    }[];
    progress: { completedLessonIds: string[]; percentage: number; resumeLessonId: string | null };
  };
};
const titlesIn = (o: Awaited<ReturnType<typeof outline>>) =>
  o.chapters.map((c) => c.lessons.map((l) => l.title));

beforeAll(async () => {
  t = await createTestApp({ clock });
  http = requester(t);
  await setupOperator(t);
  [owner, member, outsider, contributor] = await Promise.all([
    registerUser(t),
    registerUser(t),
    registerUser(t),
    registerUser(t, 'zh-CN'),
  ]);
  const now = clock.now();
  communityId = await insertCommunity(t.db, owner.id, now);
  planId = await insertPlan(t.db, communityId, now);
  await grantRole(t.db, communityId, contributor.id, 'contributor', now);
  await insertMembership(t.db, { communityId, userId: member.id, planId, startsAt: now - DAY });
});
afterAll(async () => {
  await t.close();
});

describe('POST /api/communities/:id/courses', () => {
  const url = () => `/api/communities/${communityId}/courses`;
  it('401 for a visitor', async () => {
    expect((await http.post(url(), { title: 'x', summary: '' })).statusCode).toBe(401);
  });
  it('400 naming the field', async () => {
    const res = await http.post(url(), { summary: '' }, owner.cookie);
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res)).toContain('title');
    const scheduled = await http.post(url(), { title: 'x', summary: '', status: 'scheduled' }, owner.cookie);
    expect(fieldsOf(scheduled)).toEqual(['publishAt']);
    const plans = await http.post(url(), { title: 'x', summary: '', planIds: [MISSING] }, owner.cookie);
    expect(fieldsOf(plans)).toEqual(['planIds.0']);
  });
  it('403 for a member, 404 for an unknown community', async () => {
    expect((await http.post(url(), { title: 'x', summary: '' }, member.cookie)).statusCode).toBe(403);
    expect(
      (await http.post(`/api/communities/${MISSING}/courses`, { title: 'x', summary: '' }, owner.cookie))
        .statusCode,
    ).toBe(404);
  });
  it('201: a draft by default, with its plans', async () => {
    const res = await http.post(
      url(),
      { title: '入门', summary: 's', tags: ['a'], planIds: [planId] },
      owner.cookie,
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      title: '入门',
      status: 'draft',
      tags: ['a'],
      planIds: [planId],
      level: 'novice',
    });
    expect(res.json().abilities).toEqual({ canEdit: true, canAddContent: true });
  });
});

describe('GET /api/communities/:id/courses', () => {
  let other: string;
  beforeAll(async () => {
    const community = await insertCommunity(t.db, owner.id, clock.now());
    other = community;
    const post = (body: Record<string, unknown>, cookie = owner.cookie) =>
      http.post(`/api/communities/${community}/courses`, { summary: '', ...body }, cookie);
    await grantRole(t.db, community, contributor.id, 'contributor', clock.now());
    await post({ title: 'A', status: 'published' });
    await post({ title: 'B' });
    await post({ title: 'C', status: 'published' });
    await post({ title: 'D', status: 'scheduled', publishAt: clock.now() + HOUR });
    await post({ title: 'E (contributor draft)' }, contributor.cookie);
  });
  const titles = async (cookie?: string) => {
    const res = await http.get(`/api/communities/${other}/courses`, cookie);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items.map((c: { title: string }) => c.title);
  };
  it('visitors see published courses; staff see drafts; contributors their own', async () => {
    expect(await titles()).toEqual(['A', 'C']);
    expect(await titles(owner.cookie)).toEqual(['A', 'B', 'C', 'D', 'E (contributor draft)']);
    expect(await titles(contributor.cookie)).toEqual(['A', 'C', 'E (contributor draft)']);
  });
  it('pages by position with a cursor', async () => {
    const first = await http.get(`/api/communities/${other}/courses?limit=2`, owner.cookie);
    expect(first.json().items.map((c: { title: string }) => c.title)).toEqual(['A', 'B']);
    const second = await http.get(
      `/api/communities/${other}/courses?limit=2&cursor=${first.json().nextCursor}`,
      owner.cookie,
    );
    expect(second.json().items.map((c: { title: string }) => c.title)).toEqual(['C', 'D']);
  });
  it('400 for a bad cursor or limit, 404 for an unknown community', async () => {
    expect(fieldsOf(await http.get(`/api/communities/${other}/courses?cursor=zzz`))).toEqual(['cursor']);
    expect(fieldsOf(await http.get(`/api/communities/${other}/courses?limit=0`))).toEqual(['limit']);
    expect((await http.get(`/api/communities/${MISSING}/courses`)).statusCode).toBe(404);
  });
});

describe("GET /api/communities/:id/courses: the viewer's progress", () => {
  it('null for a visitor; counted in bulk for a member, consistent with the outline', async () => {
    const now = clock.now();
    const other = await insertCommunity(t.db, owner.id, now);
    await insertMembership(t.db, {
      communityId: other,
      userId: member.id,
      planId: null,
      startsAt: now - DAY,
    });
    const create = async (title: string) => {
      const res = await http.post(
        `/api/communities/${other}/courses`,
        { title, summary: '', status: 'published' },
        owner.cookie,
      );
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string };
    };
    const a = await create('A');
    const b = await create('B');
    const chapter = await newChapter(a.id);
    const lessons = [];
    for (const title of ['1', '2', '3']) lessons.push(await newLesson(chapter.id, { title }));
    await newLesson(chapter.id, { title: 'draft', status: 'draft' });
    await newLesson(chapter.id, { title: 'later', status: 'scheduled', publishAt: now + HOUR });
    const url = `/api/communities/${other}/courses`;
    const progressOf = async (cookie?: string) => {
      const res = await http.get(url, cookie);
      expect(res.statusCode, res.body).toBe(200);
      const items = res.json().items as { id: string; progress: unknown }[];
      return Object.fromEntries(items.map((c) => [c.id, c.progress]));
    };

    expect(await progressOf()).toEqual({ [a.id]: null, [b.id]: null });
    expect(await progressOf(member.cookie)).toEqual({
      [a.id]: { completedLessons: 0, totalLessons: 3, percentage: 0 },
      [b.id]: { completedLessons: 0, totalLessons: 0, percentage: 0 },
    });
    const done = await http.put(
      `/api/lessons/${lessons[0]?.id}/progress`,
      { completed: true },
      member.cookie,
    );
    expect(done.statusCode, done.body).toBe(200);
    expect((await progressOf(member.cookie))[a.id]).toEqual({
      completedLessons: 1,
      totalLessons: 3,
      percentage: 33,
    });
    expect((await outline(a.id, member.cookie)).progress.percentage).toBe(33);
    // A scheduled lesson counts once it is due.
    clock.advance(HOUR);
    expect((await progressOf(member.cookie))[a.id]).toEqual({
      completedLessons: 1,
      totalLessons: 4,
      percentage: 25,
    });
    expect((await outline(a.id, member.cookie)).progress.percentage).toBe(25);
    // Another member's completions are not the viewer's.
    expect((await progressOf(owner.cookie))[a.id]).toEqual({
      completedLessons: 0,
      totalLessons: 4,
      percentage: 0,
    });
  });
});

describe('GET/PATCH /api/courses/:id', () => {
  it('GET: 404 for a draft to visitors and members, 200 to the owner', async () => {
    const course = await newCourse({ status: 'draft' });
    expect((await http.get(`/api/courses/${course.id}`)).statusCode).toBe(404);
    expect((await http.get(`/api/courses/${course.id}`, member.cookie)).statusCode).toBe(404);
    expect((await outline(course.id, owner.cookie)).course.status).toBe('draft');
    expect((await http.get(`/api/courses/${MISSING}`)).statusCode).toBe(404);
  });
  it('PATCH: 401, 400, 403, 404 and 200', async () => {
    const course = await newCourse();
    const url = `/api/courses/${course.id}`;
    expect((await http.patch(url, { title: 'New' })).statusCode).toBe(401);
    expect(fieldsOf(await http.patch(url, { title: '' }, owner.cookie))).toEqual(['title']);
    expect(fieldsOf(await http.patch(url, { level: 'guru' }, owner.cookie))).toContain('level');
    expect(fieldsOf(await http.patch(url, { publishAt: clock.now() + HOUR }, owner.cookie))).toEqual([
      'publishAt',
    ]);
    expect((await http.patch(url, { title: 'New' }, member.cookie)).statusCode).toBe(403);
    expect((await http.patch(`/api/courses/${MISSING}`, { title: 'New' }, owner.cookie)).statusCode).toBe(
      404,
    );
    const res = await http.patch(url, { title: 'New', level: 'expert', status: 'archived' }, owner.cookie);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ title: 'New', level: 'expert', status: 'archived' });
    expect((await http.get(url)).statusCode).toBe(404);
  });
});

describe('chapters', () => {
  it('POST: 401, 400, 403, 404, 201', async () => {
    const course = await newCourse();
    const url = `/api/courses/${course.id}/chapters`;
    expect((await http.post(url, { title: 'x' })).statusCode).toBe(401);
    expect(fieldsOf(await http.post(url, {}, owner.cookie))).toEqual(['title']);
    expect((await http.post(url, { title: 'x' }, member.cookie)).statusCode).toBe(403);
    expect(
      (await http.post(`/api/courses/${MISSING}/chapters`, { title: 'x' }, owner.cookie)).statusCode,
    ).toBe(404);
    expect((await http.post(url, { title: 'x' }, owner.cookie)).json()).toMatchObject({
      courseId: course.id,
      title: 'x',
    });
  });
  it('PATCH renames and moves; 401, 400, 403, 404', async () => {
    const course = await newCourse();
    const [a, b, c] = [
      await newChapter(course.id, 'A'),
      await newChapter(course.id, 'B'),
      await newChapter(course.id, 'C'),
    ];
    const url = `/api/chapters/${c.id}`;
    expect((await http.patch(url, { title: 'x' })).statusCode).toBe(401);
    expect(fieldsOf(await http.patch(url, { move: { afterId: MISSING } }, owner.cookie))).toEqual([
      'move.afterId',
    ]);
    expect((await http.patch(url, { title: 'x' }, member.cookie)).statusCode).toBe(403);
    expect((await http.patch(`/api/chapters/${MISSING}`, { title: 'x' }, owner.cookie)).statusCode).toBe(404);
    expect(
      (await http.patch(url, { title: 'C2', move: { beforeId: a.id } }, owner.cookie)).json().title,
    ).toBe('C2');
    await http.patch(`/api/chapters/${a.id}`, { move: { afterId: b.id } }, owner.cookie);
    expect((await outline(course.id, owner.cookie)).chapters.map((ch) => ch.title)).toEqual(['C2', 'B', 'A']);
  });
});

describe('lessons', () => {
  let courseId: string;
  let chapterId: string;
  beforeAll(async () => {
    courseId = (await newCourse()).id;
    chapterId = (await newChapter(courseId)).id;
  });

  it('POST: 401, 400 naming the field, 403, 404', async () => {
    const url = `/api/chapters/${chapterId}/lessons`;
    const body = { title: 'L', body: 'b', freePreview: false };
    expect((await http.post(url, body)).statusCode).toBe(401);
    expect(fieldsOf(await http.post(url, { title: 'L', body: 'b' }, owner.cookie))).toEqual(['freePreview']);
    expect(fieldsOf(await http.post(url, { ...body, drip: { kind: 'date' } }, owner.cookie))).toEqual([
      'drip.at',
    ]);
    expect(
      fieldsOf(await http.post(url, { ...body, videoUrl: 'javascript:alert(1)' }, owner.cookie)),
    ).toEqual(['videoUrl']);
    expect(fieldsOf(await http.post(url, { ...body, prerequisiteLessonId: MISSING }, owner.cookie))).toEqual([
      'prerequisiteLessonId',
    ]);
    expect((await http.post(url, body, member.cookie)).statusCode).toBe(403);
    expect((await http.post(`/api/chapters/${MISSING}/lessons`, body, owner.cookie)).statusCode).toBe(404);
  });

  it('renders the body without <script>; only authors get the markdown source', async () => {
    const lesson = await newLesson(chapterId, {
      body: '# Title\n\n<script>alert(1)</script>\n\n[x](javascript:alert(2)) **bold**',
    });
    expect(lesson.bodyHtml).toContain('<h1>Title</h1>');
    expect(lesson.bodyHtml).toContain('<strong>bold</strong>');
    expect(lesson.bodyHtml).not.toContain('<script');
    expect(lesson.bodyHtml).not.toContain('href="javascript:');
    const asMember = await http.get(`/api/lessons/${lesson.id}`, member.cookie);
    expect(asMember.statusCode).toBe(200);
    expect(asMember.json().body).toBeUndefined();
    expect(asMember.json().bodyHtml).toBe(lesson.bodyHtml);
    expect((await http.get(`/api/lessons/${lesson.id}`, owner.cookie)).json().body).toContain('<script>');
    expect((await http.get(`/api/lessons/${MISSING}`)).statusCode).toBe(404);
  });

  it('PATCH: 401, 400, 403, 404, 200 re-renders', async () => {
    const lesson = await newLesson(chapterId);
    const url = `/api/lessons/${lesson.id}`;
    expect((await http.patch(url, { title: 'x' })).statusCode).toBe(401);
    expect(fieldsOf(await http.patch(url, { freePreview: 'yes' }, owner.cookie))).toEqual(['freePreview']);
    expect(fieldsOf(await http.patch(url, { drip: { kind: 'days_after_join' } }, owner.cookie))).toEqual([
      'drip.days',
    ]);
    expect(fieldsOf(await http.patch(url, { prerequisiteLessonId: lesson.id }, owner.cookie))).toEqual([
      'prerequisiteLessonId',
    ]);
    expect((await http.patch(url, { title: 'x' }, member.cookie)).statusCode).toBe(403);
    expect((await http.patch(`/api/lessons/${MISSING}`, { title: 'x' }, owner.cookie)).statusCode).toBe(404);
    const res = await http.patch(url, { body: '*new*', freePreview: true }, owner.cookie);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ bodyHtml: '<p><em>new</em></p>\n', freePreview: true, body: '*new*' });
    expect((await http.get(url)).statusCode).toBe(200);
  });

  it('attachments: 401, 400, 403, 404, 201, 409, delete 204 then 404', async () => {
    const lesson = await newLesson(chapterId);
    const fileId = await insertFile(t.db, owner.id, communityId, clock.now());
    const url = `/api/lessons/${lesson.id}/attachments`;
    expect((await http.post(url, { fileId, name: 'Notes' })).statusCode).toBe(401);
    expect(fieldsOf(await http.post(url, { fileId: MISSING, name: 'Notes' }, owner.cookie))).toEqual([
      'fileId',
    ]);
    expect(fieldsOf(await http.post(url, { fileId }, owner.cookie))).toEqual(['name']);
    expect((await http.post(url, { fileId, name: 'Notes' }, member.cookie)).statusCode).toBe(403);
    expect(
      (await http.post(`/api/lessons/${MISSING}/attachments`, { fileId, name: 'N' }, owner.cookie))
        .statusCode,
    ).toBe(404);
    const added = await http.post(url, { fileId, name: 'Notes' }, owner.cookie);
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json().attachments).toEqual([{ fileId, name: 'Notes' }]);
    expect((await http.post(url, { fileId, name: 'Again' }, owner.cookie)).statusCode).toBe(409);
    expect((await http.get(`/api/lessons/${lesson.id}`, member.cookie)).json().attachments).toEqual([
      { fileId, name: 'Notes' },
    ]);
    expect((await http.del(`${url}/${fileId}`, member.cookie)).statusCode).toBe(403);
    expect((await http.del(`${url}/${fileId}`, owner.cookie)).statusCode).toBe(204);
    expect((await http.del(`${url}/${fileId}`, owner.cookie)).statusCode).toBe(404);
  });

  it('moving lessons keeps the order, within and across chapters', async () => {
    const course = await newCourse();
    const one = await newChapter(course.id, 'One');
    const two = await newChapter(course.id, 'Two');
    const [a, b, c] = [
      await newLesson(one.id, { title: 'a' }),
      await newLesson(one.id, { title: 'b' }),
      await newLesson(one.id, { title: 'c' }),
    ];
    const d = await newLesson(two.id, { title: 'd' });
    const move = (id: string, m: Record<string, string>) =>
      http.patch(`/api/lessons/${id}`, { move: m }, owner.cookie);
    expect((await move(c.id, { beforeId: a.id })).statusCode).toBe(200);
    expect(titlesIn(await outline(course.id))).toEqual([['c', 'a', 'b'], ['d']]);
    await move(a.id, { afterId: b.id });
    expect(titlesIn(await outline(course.id))).toEqual([['c', 'b', 'a'], ['d']]);
    await move(b.id, { chapterId: two.id, beforeId: d.id });
    expect(titlesIn(await outline(course.id))).toEqual([
      ['c', 'a'],
      ['b', 'd'],
    ]);
    await move(c.id, { chapterId: two.id });
    expect(titlesIn(await outline(course.id))).toEqual([['a'], ['b', 'd', 'c']]);
    await move(a.id, { afterId: c.id, chapterId: two.id });
    expect(titlesIn(await outline(course.id))).toEqual([[], ['b', 'd', 'c', 'a']]);
    expect(fieldsOf(await move(d.id, { afterId: b.id, beforeId: a.id }))).toEqual(['move.beforeId']);
    expect(fieldsOf(await move(d.id, { chapterId: MISSING }))).toEqual(['move.chapterId']);
    // prev/next follow the same order
    const got = (await http.get(`/api/lessons/${d.id}`, member.cookie)).json();
    expect([got.prevLessonId, got.nextLessonId]).toEqual([b.id, c.id]);
    // only the moved row's key changed: the others keep theirs
    const keys = await t.db
      .selectFrom('lessons')
      .select(['id', 'position'])
      .where('course_id', '=', course.id)
      .execute();
    expect(new Set(keys.map((k) => k.position)).size).toBe(4);
  });
});

describe('paywall rules through the API', () => {
  it('a plan-restricted course answers plan_required to a member of another plan', async () => {
    const now = clock.now();
    const premium = await insertPlan(t.db, communityId, now, 'Premium');
    const course = await newCourse({ planIds: [premium] });
    const lesson = await newLesson((await newChapter(course.id)).id);
    const res = await http.get(`/api/lessons/${lesson.id}`, member.cookie);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({
      code: 'plan_required',
      plans: [expect.objectContaining({ id: premium })],
    });
    expect((await outline(course.id, member.cookie)).chapters[0]?.lessons[0]?.lock).toEqual({
      locked: true,
      reason: 'plan_required',
    });
    const premiumMember = await registerUser(t);
    await insertMembership(t.db, { communityId, userId: premiumMember.id, planId: premium, startsAt: now });
    expect((await http.get(`/api/lessons/${lesson.id}`, premiumMember.cookie)).statusCode).toBe(200);
  });

  it('drip: a lesson opens a number of days after the member joined', async () => {
    const fresh = await registerUser(t);
    await insertMembership(t.db, { communityId, userId: fresh.id, planId, startsAt: clock.now() });
    const course = await newCourse();
    const lesson = await newLesson((await newChapter(course.id)).id, {
      drip: { kind: 'days_after_join', days: 3 },
    });
    const opensAt = clock.now() + 3 * DAY;
    const early = await http.get(`/api/lessons/${lesson.id}`, fresh.cookie);
    expect(early.statusCode).toBe(403);
    expect(early.json()).toMatchObject({ code: 'not_yet_available', availableAt: opensAt });
    expect((await outline(course.id, fresh.cookie)).chapters[0]?.lessons[0]?.lock).toEqual({
      locked: true,
      reason: 'not_yet_available',
      availableAt: opensAt,
    });
    // The long-standing member joined a day earlier, but not three.
    expect((await http.get(`/api/lessons/${lesson.id}`, member.cookie)).statusCode).toBe(403);
    clock.advance(3 * DAY);
    expect((await http.get(`/api/lessons/${lesson.id}`, fresh.cookie)).statusCode).toBe(200);
  });

  it('prerequisite: the next lesson opens once the previous one is completed', async () => {
    const course = await newCourse();
    const chapter = await newChapter(course.id);
    const first = await newLesson(chapter.id, { title: 'first' });
    const second = await newLesson(chapter.id, { title: 'second', prerequisiteLessonId: first.id });
    const denied = await http.get(`/api/lessons/${second.id}`, member.cookie);
    expect(denied.json().code).toBe('prerequisite_required');
    const progress = await http.put(`/api/lessons/${first.id}/progress`, { completed: true }, member.cookie);
    expect(progress.json()).toMatchObject({ completed: true, coursePercentage: 50 });
    expect((await http.get(`/api/lessons/${second.id}`, member.cookie)).statusCode).toBe(200);
  });
});

describe('PUT /api/lessons/:id/progress', () => {
  it('401, 400, 403, 404', async () => {
    const course = await newCourse();
    const lesson = await newLesson((await newChapter(course.id)).id);
    const url = `/api/lessons/${lesson.id}/progress`;
    expect((await http.put(url, { completed: true })).statusCode).toBe(401);
    expect(fieldsOf(await http.put(url, { positionSeconds: -1 }, member.cookie))).toEqual([
      'positionSeconds',
    ]);
    expect(fieldsOf(await http.put(url, {}, member.cookie))).toEqual(['body']);
    expect((await http.put(url, { completed: true }, outsider.cookie)).json().code).toBe('join_required');
    expect(
      (await http.put(`/api/lessons/${MISSING}/progress`, { completed: true }, member.cookie)).statusCode,
    ).toBe(404);
  });

  it('percentage, sticky completion and the lesson to resume', async () => {
    const course = await newCourse();
    const chapter = await newChapter(course.id);
    const lessons = [];
    for (const title of ['1', '2', '3', '4']) lessons.push(await newLesson(chapter.id, { title }));
    await newLesson(chapter.id, { title: 'draft', status: 'draft' });
    const [l1, l2, l3, l4] = lessons as [
      (typeof lessons)[0],
      (typeof lessons)[0],
      (typeof lessons)[0],
      (typeof lessons)[0],
    ];
    const put = (id: string, body: Record<string, unknown>) =>
      http.put(`/api/lessons/${id}/progress`, body, member.cookie);

    expect((await outline(course.id, member.cookie)).progress).toEqual({
      completedLessonIds: [],
      percentage: 0,
      resumeLessonId: l1.id,
    });
    expect((await put(l1.id, { completed: true })).json().coursePercentage).toBe(25);
    clock.advance(1000);
    await put(l3.id, { positionSeconds: 95 });
    clock.advance(1000);
    const res = await put(l2.id, { positionSeconds: 10 });
    expect(res.json()).toMatchObject({ positionSeconds: 10, completed: false, coursePercentage: 25 });
    expect((await outline(course.id, member.cookie)).progress.resumeLessonId).toBe(l2.id);
    clock.advance(1000);
    await put(l3.id, { positionSeconds: 120 });
    expect((await outline(course.id, member.cookie)).progress).toEqual({
      completedLessonIds: [l1.id],
      percentage: 25,
      resumeLessonId: l3.id,
    });
    // Completion is sticky: completed false and later positions do not undo it.
    const again = await put(l1.id, { completed: false, positionSeconds: 3 });
    expect(again.json()).toMatchObject({ completed: true, positionSeconds: 3, coursePercentage: 25 });
    await put(l2.id, { completed: true });
    await put(l3.id, { completed: true });
    expect((await outline(course.id, member.cookie)).progress).toMatchObject({
      percentage: 75,
      resumeLessonId: l4.id,
    });
    expect((await put(l4.id, { completed: true })).json().coursePercentage).toBe(100);
    expect((await outline(course.id, member.cookie)).progress.resumeLessonId).toBeNull();
    const lesson = (await http.get(`/api/lessons/${l3.id}`, member.cookie)).json();
    expect(lesson.progress).toMatchObject({ positionSeconds: 120, completed: true });
  });
});

describe('review queue', () => {
  let courseId: string;
  let chapterId: string;
  beforeAll(async () => {
    courseId = (await newCourse()).id;
    // The contributor writes in their own course, which the owner published.
    const own = await newCourse({ status: 'draft' }, contributor.cookie);
    expect(own.status).toBe('draft');
    chapterId = (await newChapter(courseId)).id;
  });

  it("a contributor's publish goes to review; approval makes it visible and mails the author", async () => {
    const course = await newCourse({ title: '投稿课程' }, contributor.cookie);
    expect(course.status).toBe('in_review');
    expect((await http.get(`/api/courses/${course.id}`, member.cookie)).statusCode).toBe(404);
    const lesson = await newLesson(
      (await newChapter(course.id, 'ch', contributor.cookie)).id,
      {},
      contributor.cookie,
    );
    expect(lesson.status).toBe('in_review');

    const queue = await http.get(`/api/communities/${communityId}/review-queue`, owner.cookie);
    expect(queue.statusCode, queue.body).toBe(200);
    const items = queue.json().items as { id: string; itemId: string; itemType: string; itemTitle: string }[];
    const courseReview = items.find((r) => r.itemId === course.id);
    const lessonReview = items.find((r) => r.itemId === lesson.id);
    expect(courseReview).toMatchObject({ itemType: 'course', itemTitle: '投稿课程' });
    expect(lessonReview).toMatchObject({ itemType: 'lesson' });

    const approved = await http.post(`/api/reviews/${courseReview?.id}/approve`, {}, owner.cookie);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().state).toBe('approved');
    await http.post(`/api/reviews/${lessonReview?.id}/approve`, {}, owner.cookie);
    expect((await outline(course.id, member.cookie)).course.status).toBe('published');
    expect((await http.get(`/api/lessons/${lesson.id}`, member.cookie)).statusCode).toBe(200);
    // Decided once only.
    expect((await http.post(`/api/reviews/${courseReview?.id}/approve`, {}, owner.cookie)).statusCode).toBe(
      409,
    );
    // The author, whose locale is zh-CN, is told in Chinese.
    await t.deps.outbox.drain();
    const mail = await t.db
      .selectFrom('mail_messages')
      .selectAll()
      .where('to_address', '=', contributor.email)
      .orderBy('id')
      .execute();
    expect(mail.map((m) => m.subject)).toContain('你提交的内容已通过审核：投稿课程');
    // Once published, the course is the community's: the contributor no longer edits it.
    expect(
      (await http.patch(`/api/courses/${course.id}`, { title: 'x' }, contributor.cookie)).statusCode,
    ).toBe(403);
  });

  it('rejection sends the item back to draft with the reason', async () => {
    const course = await newCourse({ title: 'Needs work' }, contributor.cookie);
    const queue = (await http.get(`/api/communities/${communityId}/review-queue`, owner.cookie)).json();
    const review = queue.items.find((r: { itemId: string }) => r.itemId === course.id);
    const url = `/api/reviews/${review.id}/reject`;
    expect((await http.post(url, { reason: 'x' })).statusCode).toBe(401);
    expect(fieldsOf(await http.post(url, {}, owner.cookie))).toEqual(['reason']);
    expect((await http.post(url, { reason: 'x' }, contributor.cookie)).statusCode).toBe(403);
    expect(
      (await http.post(`/api/reviews/${MISSING}/reject`, { reason: 'x' }, owner.cookie)).statusCode,
    ).toBe(404);
    const res = await http.post(url, { reason: '标题太长' }, owner.cookie);
    expect(res.json()).toMatchObject({ state: 'rejected', reason: '标题太长' });
    expect((await outline(course.id, contributor.cookie)).course.status).toBe('draft');
    await t.deps.outbox.drain();
    const mail = await t.db
      .selectFrom('mail_messages')
      .select(['subject', 'text_body'])
      .where('to_address', '=', contributor.email)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(mail.text_body).toContain('标题太长');
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', course.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['content.review.reject']);
  });

  it('queue and approve: 401, 403, 404', async () => {
    const url = `/api/communities/${communityId}/review-queue`;
    expect((await http.get(url)).statusCode).toBe(401);
    expect((await http.get(url, member.cookie)).statusCode).toBe(403);
    expect((await http.get(url, contributor.cookie)).statusCode).toBe(403);
    expect((await http.get(`/api/communities/${MISSING}/review-queue`, owner.cookie)).statusCode).toBe(404);
    const lesson = await newLesson(chapterId, { status: 'draft' });
    expect(lesson.status).toBe('draft');
    expect((await http.post(`/api/reviews/${MISSING}/approve`, {})).statusCode).toBe(401);
    expect((await http.post(`/api/reviews/${MISSING}/approve`, {}, owner.cookie)).statusCode).toBe(404);
  });

  it('a scheduled request is approved as scheduled and published by the job', async () => {
    const publishAt = clock.now() + 2 * HOUR;
    const course = await newCourse({ status: 'scheduled', publishAt }, contributor.cookie);
    expect(course.status).toBe('in_review');
    const queue = (await http.get(`/api/communities/${communityId}/review-queue`, owner.cookie)).json();
    const review = queue.items.find((r: { itemId: string }) => r.itemId === course.id);
    expect(review.requestedPublishAt).toBe(publishAt);
    await http.post(`/api/reviews/${review.id}/approve`, {}, owner.cookie);
    expect((await outline(course.id, owner.cookie)).course.status).toBe('scheduled');
    expect((await http.get(`/api/courses/${course.id}`, member.cookie)).statusCode).toBe(404);
    clock.advance(2 * HOUR);
    await t.deps.outbox.drain();
    const row = await t.db
      .selectFrom('courses')
      .select(['status', 'published_at'])
      .where('id', '=', course.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'published', published_at: publishAt });
  });
});

describe('scheduled publishing', () => {
  it('the outbox message publishes at publishAt; rescheduling leaves only the latest effective', async () => {
    const course = await newCourse();
    const chapter = await newChapter(course.id);
    const first = clock.now() + HOUR;
    const lesson = await newLesson(chapter.id, { status: 'scheduled', publishAt: first });
    const later = clock.now() + 3 * HOUR;
    await http.patch(`/api/lessons/${lesson.id}`, { status: 'scheduled', publishAt: later }, owner.cookie);
    const status = async () =>
      (
        await t.db
          .selectFrom('lessons')
          .select('status')
          .where('id', '=', lesson.id)
          .executeTakeFirstOrThrow()
      ).status;
    clock.advance(HOUR + 1);
    await t.deps.outbox.drain();
    expect(await status()).toBe('scheduled');
    expect((await http.get(`/api/lessons/${lesson.id}`, member.cookie)).statusCode).toBe(404);
    clock.advance(2 * HOUR);
    await t.deps.outbox.drain();
    expect(await status()).toBe('published');
    expect((await http.get(`/api/lessons/${lesson.id}`, member.cookie)).statusCode).toBe(200);
    // Running it again changes nothing.
    await t.deps.outbox.drain();
    expect(await status()).toBe('published');
  });

  it('refuses a schedule in the past', async () => {
    const course = await newCourse();
    const res = await http.patch(
      `/api/courses/${course.id}`,
      { status: 'scheduled', publishAt: clock.now() - 1 },
      owner.cookie,
    );
    expect(fieldsOf(res)).toEqual(['publishAt']);
  });
});

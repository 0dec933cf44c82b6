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

const DAY = 24 * 3_600_000;
const MISSING = '0190f0f0-0000-7000-8000-000000000000';
const clock = new ManualClock(Date.UTC(2026, 3, 1, 8, 0, 0));
let t: TestApp;
let http: ReturnType<typeof requester>;
let owner: TestUser;
let member: TestUser;
let contributor: TestUser;
let communityId: string;
let planId: string;

async function newCourse(body: Record<string, unknown> = {}, cookie = owner.cookie) {
  const res = await http.post(
    `/api/communities/${communityId}/courses`,
    { title: 'Course', summary: 'About', status: 'published', ...body },
    cookie,
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; status: string };
}
async function newChapter(courseId: string, cookie = owner.cookie) {
  const res = await http.post(`/api/courses/${courseId}/chapters`, { title: 'Chapter' }, cookie);
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
  return res.json() as { id: string };
}
/** A published course with one chapter of `titles` published lessons. */
async function courseWith(titles: string[]) {
  const course = await newCourse({ planIds: [planId] });
  const chapter = await newChapter(course.id);
  const lessons = [];
  for (const title of titles) lessons.push(await newLesson(chapter.id, { title }));
  return { course, chapter, lessons };
}
const outlineTitles = async (courseId: string) => {
  const res = await http.get(`/api/courses/${courseId}`, owner.cookie);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { chapters: { lessons: { title: string }[] }[] }).chapters.map((c) =>
    c.lessons.map((l) => l.title),
  );
};
const completeAsMember = async (lessonId: string) =>
  expect(
    (await http.put(`/api/lessons/${lessonId}/progress`, { completed: true }, member.cookie)).statusCode,
  ).toBe(200);
const progressCount = async (lessonIds: string[]) =>
  (await t.db.selectFrom('lesson_progress').select('lesson_id').where('lesson_id', 'in', lessonIds).execute())
    .length;
const auditOf = (subjectId: string) =>
  t.db
    .selectFrom('audit_log')
    .select(['action', 'actor_id', 'data'])
    .where('subject_id', '=', subjectId)
    .execute();

beforeAll(async () => {
  t = await createTestApp({ clock });
  http = requester(t);
  await setupOperator(t);
  [owner, member, contributor] = await Promise.all([registerUser(t), registerUser(t), registerUser(t)]);
  const now = clock.now();
  communityId = await insertCommunity(t.db, owner.id, now);
  planId = await insertPlan(t.db, communityId, now);
  await grantRole(t.db, communityId, contributor.id, 'contributor', now);
  await insertMembership(t.db, { communityId, userId: member.id, planId, startsAt: now - DAY });
});
afterAll(async () => {
  await t.close();
});

describe('DELETE /api/lessons/:id', () => {
  it('401 for a visitor, 404 unknown or unknowable, 403 when seen but not editable', async () => {
    const { chapter, lessons } = await courseWith(['Open']);
    const draft = await newLesson(chapter.id, { status: 'draft' });
    expect((await http.del(`/api/lessons/${lessons[0]?.id}`)).statusCode).toBe(401);
    expect((await http.del(`/api/lessons/${MISSING}`, owner.cookie)).statusCode).toBe(404);
    expect((await http.del(`/api/lessons/${draft.id}`, member.cookie)).statusCode).toBe(404);
    expect((await http.del(`/api/lessons/${lessons[0]?.id}`, member.cookie)).statusCode).toBe(403);
    // A contributor's lesson is the community's once published.
    expect((await http.del(`/api/lessons/${lessons[0]?.id}`, contributor.cookie)).statusCode).toBe(403);
  });

  it('204: a contributor deletes their own draft; again is 404', async () => {
    const course = await newCourse({ status: 'draft' }, contributor.cookie);
    const chapter = await newChapter(course.id, contributor.cookie);
    const lesson = await newLesson(chapter.id, { status: 'draft' }, contributor.cookie);
    expect((await http.del(`/api/lessons/${lesson.id}`, contributor.cookie)).statusCode).toBe(204);
    expect((await http.del(`/api/lessons/${lesson.id}`, contributor.cookie)).statusCode).toBe(404);
  });

  it('204: attachments, progress and reviews go, files stay, neighbours and outline forget it', async () => {
    const { course, chapter, lessons } = await courseWith(['A', 'B', 'C']);
    const [a, b, c] = lessons as [{ id: string }, { id: string }, { id: string }];
    const fileId = await insertFile(t.db, owner.id, communityId, clock.now());
    expect(
      (await http.post(`/api/lessons/${b.id}/attachments`, { fileId, name: 'notes.pdf' }, owner.cookie))
        .statusCode,
    ).toBe(201);
    await completeAsMember(b.id);
    const needsB = await newLesson(chapter.id, { title: 'D', prerequisiteLessonId: b.id });
    // Read once so the structure cache holds B.
    expect((await http.get(`/api/lessons/${a.id}`, owner.cookie)).json().nextLessonId).toBe(b.id);
    expect(await outlineTitles(course.id)).toEqual([['A', 'B', 'C', 'D']]);

    expect((await http.del(`/api/lessons/${b.id}`, owner.cookie)).statusCode).toBe(204);

    expect(await outlineTitles(course.id)).toEqual([['A', 'C', 'D']]);
    expect((await http.get(`/api/lessons/${a.id}`, owner.cookie)).json().nextLessonId).toBe(c.id);
    expect((await http.get(`/api/lessons/${c.id}`, owner.cookie)).json().prevLessonId).toBe(a.id);
    expect((await http.get(`/api/lessons/${b.id}`, owner.cookie)).statusCode).toBe(404);
    expect(await progressCount([b.id])).toBe(0);
    expect(
      await t.db.selectFrom('lesson_attachments').select('file_id').where('lesson_id', '=', b.id).execute(),
    ).toEqual([]);
    expect(await t.db.selectFrom('files').select('id').where('id', '=', fileId).execute()).toHaveLength(1);
    // The lesson that needed B needs nothing now instead of staying locked for good.
    const d = await t.db
      .selectFrom('lessons')
      .select('prerequisite_lesson_id')
      .where('id', '=', needsB.id)
      .executeTakeFirstOrThrow();
    expect(d.prerequisite_lesson_id).toBeNull();
    const audit = await auditOf(b.id);
    expect(audit.map((e) => [e.action, e.actor_id])).toEqual([['content.lesson.delete', owner.id]]);
    expect(JSON.parse(audit[0]?.data ?? '{}')).toMatchObject({
      title: 'B',
      courseId: course.id,
      progressRows: 1,
    });
    expect((await http.del(`/api/lessons/${b.id}`, owner.cookie)).statusCode).toBe(404);
  });

  it('204: a pending review of the lesson goes with it', async () => {
    const course = await newCourse({ status: 'draft' }, contributor.cookie);
    const chapter = await newChapter(course.id, contributor.cookie);
    const lesson = await newLesson(chapter.id, { status: 'published' }, contributor.cookie);
    const reviews = () =>
      t.db.selectFrom('content_reviews').select('id').where('item_id', '=', lesson.id).execute();
    expect(await reviews()).toHaveLength(1);
    expect((await http.del(`/api/lessons/${lesson.id}`, contributor.cookie)).statusCode).toBe(204);
    expect(await reviews()).toEqual([]);
  });
});

describe('DELETE /api/chapters/:id', () => {
  it('401 for a visitor, 404 unknown or unknowable, 403 when seen but not editable', async () => {
    const { chapter } = await courseWith(['A']);
    const draftCourse = await newCourse({ status: 'draft' });
    const hidden = await newChapter(draftCourse.id);
    expect((await http.del(`/api/chapters/${chapter.id}`)).statusCode).toBe(401);
    expect((await http.del(`/api/chapters/${MISSING}`, owner.cookie)).statusCode).toBe(404);
    expect((await http.del(`/api/chapters/${hidden.id}`, member.cookie)).statusCode).toBe(404);
    expect((await http.del(`/api/chapters/${chapter.id}`, member.cookie)).statusCode).toBe(403);
    expect((await http.del(`/api/chapters/${chapter.id}`, contributor.cookie)).statusCode).toBe(403);
  });

  it('204: its lessons, their progress and attachments go; the other chapters stay', async () => {
    const { course, chapter, lessons } = await courseWith(['A', 'B']);
    const other = await newChapter(course.id);
    const kept = await newLesson(other.id, { title: 'Kept', prerequisiteLessonId: lessons[0]?.id });
    const fileId = await insertFile(t.db, owner.id, communityId, clock.now());
    await http.post(`/api/lessons/${lessons[1]?.id}/attachments`, { fileId, name: 'n.pdf' }, owner.cookie);
    const ids = lessons.map((l) => l.id);
    for (const id of ids) await completeAsMember(id);
    expect(await progressCount(ids)).toBe(2);

    expect((await http.del(`/api/chapters/${chapter.id}`, owner.cookie)).statusCode).toBe(204);

    expect(await outlineTitles(course.id)).toEqual([['Kept']]);
    expect(await t.db.selectFrom('lessons').select('id').where('id', 'in', ids).execute()).toEqual([]);
    expect(await progressCount(ids)).toBe(0);
    expect(
      await t.db.selectFrom('lesson_attachments').select('file_id').where('lesson_id', 'in', ids).execute(),
    ).toEqual([]);
    expect(await t.db.selectFrom('files').select('id').where('id', '=', fileId).execute()).toHaveLength(1);
    expect((await http.get(`/api/lessons/${kept.id}`, member.cookie)).statusCode).toBe(200);
    const audit = await auditOf(chapter.id);
    expect(audit.map((e) => e.action)).toEqual(['content.chapter.delete']);
    expect(JSON.parse(audit[0]?.data ?? '{}')).toMatchObject({ lessons: 2, progressRows: 2 });
    expect((await http.del(`/api/chapters/${chapter.id}`, owner.cookie)).statusCode).toBe(404);
  });
});

describe('DELETE /api/courses/:id', () => {
  it('401 for a visitor, 404 unknown or unknowable, 403 when seen but not editable', async () => {
    const { course } = await courseWith([]);
    const draft = await newCourse({ status: 'draft' });
    expect((await http.del(`/api/courses/${course.id}`)).statusCode).toBe(401);
    expect((await http.del(`/api/courses/${MISSING}`, owner.cookie)).statusCode).toBe(404);
    expect((await http.del(`/api/courses/${draft.id}`, member.cookie)).statusCode).toBe(404);
    expect((await http.del(`/api/courses/${course.id}`, member.cookie)).statusCode).toBe(403);
    expect((await http.del(`/api/courses/${course.id}`, contributor.cookie)).statusCode).toBe(403);
  });

  it('204: chapters, lessons, plan links, progress and reviews go; files stay', async () => {
    const coverFileId = await insertFile(t.db, owner.id, communityId, clock.now());
    const course = await newCourse(
      { status: 'published', planIds: [planId], coverFileId },
      contributor.cookie,
    );
    expect(course.status).toBe('in_review');
    const chapter = await newChapter(course.id, contributor.cookie);
    const lesson = await newLesson(chapter.id, { status: 'published' }, contributor.cookie);
    // The course is in review, so the member cannot open it: their earlier progress is written directly.
    await t.db
      .insertInto('lesson_progress')
      .values({
        user_id: member.id,
        lesson_id: lesson.id,
        course_id: course.id,
        started_at: clock.now(),
        position_seconds: 0,
        completed_at: clock.now(),
        updated_at: clock.now(),
      })
      .execute();

    // An in-review course is still its contributor's to change.
    expect((await http.del(`/api/courses/${course.id}`, contributor.cookie)).statusCode).toBe(204);

    expect((await http.get(`/api/courses/${course.id}`, owner.cookie)).statusCode).toBe(404);
    expect(
      await t.db.selectFrom('chapters').select('id').where('course_id', '=', course.id).execute(),
    ).toEqual([]);
    expect(await progressCount([lesson.id])).toBe(0);
    expect(
      await t.db.selectFrom('course_plans').select('plan_id').where('course_id', '=', course.id).execute(),
    ).toEqual([]);
    expect(
      await t.db
        .selectFrom('content_reviews')
        .select('id')
        .where('item_id', 'in', [course.id, lesson.id])
        .execute(),
    ).toEqual([]);
    expect(await t.db.selectFrom('files').select('id').where('id', '=', coverFileId).execute()).toHaveLength(
      1,
    );
    const audit = await auditOf(course.id);
    expect(audit.map((e) => [e.action, e.actor_id])).toEqual([['content.course.delete', contributor.id]]);
    expect(JSON.parse(audit[0]?.data ?? '{}')).toMatchObject({ lessons: 1, progressRows: 1 });
    expect((await http.del(`/api/courses/${course.id}`, contributor.cookie)).statusCode).toBe(404);
  });
});

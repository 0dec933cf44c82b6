import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
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
import { CourseStructureCache } from './course-structure.js';

// The outline and the lesson read take a course's structure from memory, keyed by the course's
// structure_version. Here every change after the first read is written straight to the database,
// as another server process would, so only the triggers can tell this process about it.

const DAY = 86_400_000;
const clock = new ManualClock(Date.UTC(2026, 3, 1, 8, 0, 0));
let t: TestApp;
let http: ReturnType<typeof requester>;
let owner: TestUser;
let member: TestUser;
let communityId: string;
let courseId: string;
let chapterIds: string[];
let lessonIds: string[];

interface Outline {
  chapters: { id: string; title: string; lessons: { id: string; title: string }[] }[];
}
interface Lesson {
  title: string;
  attachments: { fileId: string; name: string }[];
  prevLessonId: string | null;
  nextLessonId: string | null;
}

async function read<T>(url: string): Promise<T> {
  const res = await http.get(url, member.cookie);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as T;
}
const outlineTitles = async () =>
  (await read<Outline>(`/api/courses/${courseId}`)).chapters.map((c) => [
    c.title,
    ...c.lessons.map((l) => l.title),
  ]);
const version = async () =>
  Number(
    (
      await t.db
        .selectFrom('courses')
        .select('structure_version')
        .where('id', '=', courseId)
        .executeTakeFirstOrThrow()
    ).structure_version,
  );

beforeAll(async () => {
  t = await createTestApp({ clock });
  http = requester(t);
  await setupOperator(t);
  [owner, member] = await Promise.all([registerUser(t), registerUser(t)]);
  const now = clock.now();
  communityId = await insertCommunity(t.db, owner.id, now);
  const planId = await insertPlan(t.db, communityId, now);
  await insertMembership(t.db, { communityId, userId: member.id, planId, startsAt: now - DAY });
  const course = await http.post(
    `/api/communities/${communityId}/courses`,
    { title: 'Course', summary: '', status: 'published' },
    owner.cookie,
  );
  courseId = course.json().id;
  chapterIds = [];
  lessonIds = [];
  for (const chapterTitle of ['A', 'B']) {
    const chapter = await http.post(
      `/api/courses/${courseId}/chapters`,
      { title: chapterTitle },
      owner.cookie,
    );
    chapterIds.push(chapter.json().id);
    for (const n of [1, 2]) {
      const lesson = await http.post(
        `/api/chapters/${chapter.json().id}/lessons`,
        { title: `${chapterTitle}${n}`, body: 'text', freePreview: false, status: 'published' },
        owner.cookie,
      );
      expect(lesson.statusCode, lesson.body).toBe(201);
      lessonIds.push(lesson.json().id);
    }
  }
});
afterAll(async () => {
  await t.close();
});

describe('course structure changed by another process', () => {
  it('shows a renamed lesson and chapter on the next outline read', async () => {
    expect(await outlineTitles()).toEqual([
      ['A', 'A1', 'A2'],
      ['B', 'B1', 'B2'],
    ]);
    await t.db
      .updateTable('lessons')
      .set({ title: 'A2 renamed' })
      .where('id', '=', lessonIds[1] as string)
      .execute();
    await t.db
      .updateTable('chapters')
      .set({ title: 'B renamed' })
      .where('id', '=', chapterIds[1] as string)
      .execute();
    expect(await outlineTitles()).toEqual([
      ['A', 'A1', 'A2 renamed'],
      ['B renamed', 'B1', 'B2'],
    ]);
  });

  it('moves neighbours when a lesson is unpublished, moved or deleted', async () => {
    const [a1, a2, b1, b2] = lessonIds as [string, string, string, string];
    expect(await read<Lesson>(`/api/lessons/${b1}`)).toMatchObject({ prevLessonId: a2, nextLessonId: b2 });
    await t.db.updateTable('lessons').set({ status: 'draft' }).where('id', '=', a2).execute();
    expect(await read<Lesson>(`/api/lessons/${b1}`)).toMatchObject({ prevLessonId: a1, nextLessonId: b2 });
    // B2 moves to the front of chapter A.
    await t.db
      .updateTable('lessons')
      .set({ chapter_id: chapterIds[0] as string, position: 'A' })
      .where('id', '=', b2)
      .execute();
    expect(await read<Lesson>(`/api/lessons/${b1}`)).toMatchObject({ prevLessonId: a1, nextLessonId: null });
    expect(await read<Lesson>(`/api/lessons/${a1}`)).toMatchObject({ prevLessonId: b2 });
    await t.db.deleteFrom('lessons').where('id', '=', b2).execute();
    expect(await read<Lesson>(`/api/lessons/${a1}`)).toMatchObject({ prevLessonId: null, nextLessonId: b1 });
    expect(await outlineTitles()).toEqual([
      ['A', 'A1'],
      ['B renamed', 'B1'],
    ]);
  });

  it('shows added and removed attachments, and new chapters', async () => {
    const a1 = lessonIds[0] as string;
    expect((await read<Lesson>(`/api/lessons/${a1}`)).attachments).toEqual([]);
    const fileId = await insertFile(t.db, owner.id, communityId, clock.now());
    await t.db
      .insertInto('lesson_attachments')
      .values({ lesson_id: a1, file_id: fileId, name: 'slides.pdf', position: 'a0' })
      .execute();
    expect((await read<Lesson>(`/api/lessons/${a1}`)).attachments).toEqual([{ fileId, name: 'slides.pdf' }]);
    await t.db
      .updateTable('lesson_attachments')
      .set({ name: 'deck.pdf' })
      .where('lesson_id', '=', a1)
      .execute();
    expect((await read<Lesson>(`/api/lessons/${a1}`)).attachments).toEqual([{ fileId, name: 'deck.pdf' }]);
    await t.db.deleteFrom('lesson_attachments').where('lesson_id', '=', a1).execute();
    expect((await read<Lesson>(`/api/lessons/${a1}`)).attachments).toEqual([]);
    await t.db
      .insertInto('chapters')
      .values({
        id: crypto.randomUUID(),
        course_id: courseId,
        title: 'C',
        position: 'z0',
        created_at: 1,
        updated_at: 1,
      })
      .execute();
    expect((await outlineTitles()).map((c) => c[0])).toEqual(['A', 'B renamed', 'C']);
  });

  it('leaves the version alone when only a body changes', async () => {
    const before = await version();
    await t.db
      .updateTable('lessons')
      .set({ body: 'new', body_html: '<p>new</p>', updated_at: clock.now() })
      .where('id', '=', lessonIds[0] as string)
      .execute();
    expect(await version()).toBe(before);
    await t.db
      .updateTable('lessons')
      .set({ estimated_minutes: 9 })
      .where('id', '=', lessonIds[0] as string)
      .execute();
    expect(await version()).toBeGreaterThan(before);
  });
});

describe('CourseStructureCache', () => {
  it('shares one load between concurrent readers and keeps it until the version moves', async () => {
    const cache = new CourseStructureCache(t.db);
    const v = await version();
    const [first, second] = await Promise.all([cache.get(courseId, v), cache.get(courseId, v)]);
    expect(second).toBe(first);
    expect(await cache.get(courseId, v - 1)).toBe(first);
    const reloaded = await cache.get(courseId, v + 1);
    expect(reloaded).not.toBe(first);
    expect(reloaded.lessons.map((l) => l.id)).toEqual(first.lessons.map((l) => l.id));
  });

  it('holds at most its capacity, dropping the least recently loaded', async () => {
    const cache = new CourseStructureCache(t.db, 2);
    const other = crypto.randomUUID();
    const third = crypto.randomUUID();
    await cache.get(courseId, 0);
    await cache.get(other, 0);
    await cache.get(third, 0);
    expect(cache.size).toBe(2);
    const again = cache.get(courseId, 0);
    expect(cache.size).toBe(2);
    expect((await again).chapters.length).toBeGreaterThan(0);
  });

  it('forgets a failed load', async () => {
    const cache = new CourseStructureCache(t.db);
    const broken = new CourseStructureCache(
      // A database handle whose every query fails stands in for a lost connection.
      t.db.withPlugin({
        transformQuery: () => {
          throw new Error('connection lost');
        },
        transformResult: async (args) => args.result,
      }),
    );
    await expect(broken.get(courseId, 0)).rejects.toThrow('connection lost');
    expect(broken.size).toBe(0);
    expect((await cache.get(courseId, 0)).lessons.length).toBeGreaterThan(0);
  });
});

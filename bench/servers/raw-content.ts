/**
 * The hand-written baseline for bench/content.ts: a bare Fastify 5 app (no plugins, no logger)
 * serving the same two reads as Zhishe with hand-written SQL — prepared better-sqlite3
 * statements on DATA_DIR/zhishe.db, or named (server-side prepared) `pg` queries with
 * DATABASE_URL. No session, no access rules, no presenters, no response schemas: the viewer is
 * MEMBER_ID from the environment, and the only check is the obvious inline one (published,
 * active membership).
 *
 *   GET /api/courses/:id  the course, its chapters, its lessons, the member's progress rows
 *   GET /api/lessons/:id  the lesson row with its course's status and the member's membership
 */
import path from 'node:path';
import type SqliteDatabase from 'better-sqlite3';
import Fastify, { type FastifyReply } from 'fastify';
import pg from 'pg';
// Also sets pg's int8 → number parser, as Zhishe's server does.
import { openSqlite } from '../../server/src/db/database.js';
import { announceReady, stopOnSignalOrOrphan } from './lifecycle.js';

interface CourseRow {
  id: string;
  community_id: string;
  title: string;
  summary: string;
  cover_file_id: string | null;
  tags: string;
  level: string;
  status: string;
  published_at: number | null;
  author_id: string;
}
interface ChapterRow {
  id: string;
  title: string;
}
interface LessonListRow {
  id: string;
  chapter_id: string;
  title: string;
  position: string;
  free_preview: number;
  estimated_minutes: number | null;
  status: string;
}
interface ProgressRow {
  lesson_id: string;
  completed_at: number | null;
  updated_at: number;
}
interface LessonRow {
  id: string;
  community_id: string;
  course_id: string;
  chapter_id: string;
  title: string;
  body_html: string;
  video_file_id: string | null;
  video_url: string | null;
  estimated_minutes: number | null;
  free_preview: number;
  status: string;
  publish_at: number | null;
  drip_kind: string;
  drip_at: number | null;
  drip_days: number | null;
  prerequisite_lesson_id: string | null;
  course_status: string;
  membership_state: string | null;
  membership_ends_at: number | null;
}

interface OutlineRows {
  course: CourseRow;
  chapters: ChapterRow[];
  lessons: LessonListRow[];
  progress: ProgressRow[];
}

interface Store {
  outline(courseId: string, userId: string): Promise<OutlineRows | null>;
  lesson(lessonId: string, userId: string): Promise<LessonRow | null>;
  close(): Promise<void>;
}

const SQL = {
  course: `SELECT id, community_id, title, summary, cover_file_id, tags, level, status, published_at, author_id
           FROM courses WHERE id = $1`,
  chapters: 'SELECT id, title FROM chapters WHERE course_id = $1 ORDER BY position, id',
  lessons: `SELECT id, chapter_id, title, position, free_preview, estimated_minutes, status
            FROM lessons WHERE course_id = $1 ORDER BY position, id`,
  progress: `SELECT lesson_id, completed_at, updated_at FROM lesson_progress
             WHERE user_id = $1 AND course_id = $2`,
  lesson: `SELECT l.id, l.community_id, l.course_id, l.chapter_id, l.title, l.body_html, l.video_file_id,
                  l.video_url, l.estimated_minutes, l.free_preview, l.status, l.publish_at, l.drip_kind,
                  l.drip_at, l.drip_days, l.prerequisite_lesson_id, c.status AS course_status,
                  m.state AS membership_state, m.ends_at AS membership_ends_at
           FROM lessons l
           JOIN courses c ON c.id = l.course_id
           LEFT JOIN memberships m ON m.community_id = l.community_id AND m.user_id = $1
           WHERE l.id = $2`,
} as const;

/** `$1`-style → `?`-style, for SQLite: every statement above uses its parameters in textual order. */
const toSqlite = (text: string) => text.replace(/\$\d+/g, '?');

function sqliteStore(file: string): Store {
  const db: SqliteDatabase.Database = openSqlite(file);
  const course = db.prepare<[string], CourseRow>(toSqlite(SQL.course));
  const chapters = db.prepare<[string], ChapterRow>(toSqlite(SQL.chapters));
  const lessons = db.prepare<[string], LessonListRow>(toSqlite(SQL.lessons));
  const progress = db.prepare<[string, string], ProgressRow>(toSqlite(SQL.progress));
  const lesson = db.prepare<[string, string], LessonRow>(toSqlite(SQL.lesson)); // (userId, lessonId)
  return {
    async outline(courseId, userId) {
      const row = course.get(courseId);
      if (!row) return null;
      return {
        course: row,
        chapters: chapters.all(courseId),
        lessons: lessons.all(courseId),
        progress: progress.all(userId, courseId),
      };
    },
    async lesson(lessonId, userId) {
      return lesson.get(userId, lessonId) ?? null;
    },
    async close() {
      db.close();
    },
  };
}

function postgresStore(url: string): Store {
  // The same pool size as Zhishe's (server/src/db/database.ts).
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const query = async <R extends pg.QueryResultRow>(name: keyof typeof SQL, values: string[]) =>
    (await pool.query<R>({ name: `raw_${name}`, text: SQL[name], values })).rows;
  return {
    async outline(courseId, userId) {
      const [courseRows, chapterRows, lessonRows, progressRows] = await Promise.all([
        query<CourseRow>('course', [courseId]),
        query<ChapterRow>('chapters', [courseId]),
        query<LessonListRow>('lessons', [courseId]),
        query<ProgressRow>('progress', [userId, courseId]),
      ]);
      const row = courseRows[0];
      if (!row) return null;
      return { course: row, chapters: chapterRows, lessons: lessonRows, progress: progressRows };
    },
    async lesson(lessonId, userId) {
      return (await query<LessonRow>('lesson', [userId, lessonId]))[0] ?? null;
    },
    close: () => pool.end(),
  };
}

const port = Number(process.env.PORT);
const host = process.env.HOST ?? '127.0.0.1';
const memberId = process.env.MEMBER_ID ?? '';
if (!memberId) throw new Error('MEMBER_ID is required');
const store = process.env.DATABASE_URL
  ? postgresStore(process.env.DATABASE_URL)
  : sqliteStore(path.join(process.env.DATA_DIR ?? './data', 'zhishe.db'));

const notFound = (reply: FastifyReply) => reply.code(404).send({ status: 404, code: 'not_found' });

const app = Fastify({ logger: false });

app.get<{ Params: { id: string } }>('/api/courses/:id', async (request, reply) => {
  const rows = await store.outline(request.params.id, memberId);
  if (rows?.course.status !== 'published') return notFound(reply);
  const completed = new Set(rows.progress.filter((p) => p.completed_at !== null).map((p) => p.lesson_id));
  const byChapter = new Map<string, LessonListRow[]>(rows.chapters.map((ch) => [ch.id, []]));
  for (const lesson of rows.lessons) byChapter.get(lesson.chapter_id)?.push(lesson);
  const published = rows.lessons.filter((l) => l.status === 'published');
  const done = published.filter((l) => completed.has(l.id)).length;
  const c = rows.course;
  return {
    course: {
      id: c.id,
      communityId: c.community_id,
      title: c.title,
      summary: c.summary,
      level: c.level,
      tags: JSON.parse(c.tags) as unknown,
      coverFileId: c.cover_file_id,
      status: c.status,
      publishedAt: c.published_at,
      authorId: c.author_id,
      lessonCount: published.length,
    },
    chapters: rows.chapters.map((ch) => ({
      id: ch.id,
      title: ch.title,
      lessons: (byChapter.get(ch.id) ?? []).map((l) => ({
        id: l.id,
        title: l.title,
        freePreview: l.free_preview === 1,
        estimatedMinutes: l.estimated_minutes,
        status: l.status,
        completed: completed.has(l.id),
      })),
    })),
    progress: {
      completedLessonIds: published.filter((l) => completed.has(l.id)).map((l) => l.id),
      percentage: published.length === 0 ? 0 : Math.floor((done * 100) / published.length),
    },
  };
});

app.get<{ Params: { id: string } }>('/api/lessons/:id', async (request, reply) => {
  const l = await store.lesson(request.params.id, memberId);
  if (l?.status !== 'published' || l.course_status !== 'published') return notFound(reply);
  const member =
    l.membership_state === 'active' && (l.membership_ends_at === null || l.membership_ends_at > Date.now());
  if (!member && l.free_preview !== 1) return reply.code(403).send({ status: 403, code: 'join_required' });
  return {
    id: l.id,
    communityId: l.community_id,
    courseId: l.course_id,
    chapterId: l.chapter_id,
    title: l.title,
    bodyHtml: l.body_html,
    video: l.video_file_id || l.video_url ? { fileId: l.video_file_id, url: l.video_url } : null,
    estimatedMinutes: l.estimated_minutes,
    freePreview: l.free_preview === 1,
    status: l.status,
    publishAt: l.publish_at,
    drip: { kind: l.drip_kind },
    prerequisiteLessonId: l.prerequisite_lesson_id,
  };
});

await app.listen({ port, host });
stopOnSignalOrOrphan(async () => {
  await app.close();
  await store.close();
});
announceReady(port);

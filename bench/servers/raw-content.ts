/**
 * The hand-written baseline for bench/content.ts: a bare Fastify 5 app (no plugins, no logger)
 * serving the same two reads as Zhishe with hand-written SQL — prepared better-sqlite3
 * statements on DATA_DIR/zhishe.db, or named (server-side prepared) `pg` queries with
 * DATABASE_URL. No session, no access rules, no presenters, no response schemas: the viewer is
 * MEMBER_ID from the environment, and the only check is the obvious inline one (published,
 * active membership).
 *
 *   GET /api/courses/:id  the course, its chapters, its lessons, the member's progress rows
 *   GET /api/lessons/:id  the same document as Zhishe's lesson read, from the same rows: the lesson
 *                         with its course's facts, the member's role, membership and progress and
 *                         the course's plans (one query), its attachments, and the course's lessons
 *                         in reading order for previous/next
 */
import type SqliteDatabase from 'better-sqlite3';
import Fastify, { type FastifyReply } from 'fastify';
import pg from 'pg';
// Also sets pg's int8 → number parser, as Zhishe's server does.
import { openSqlite } from '../../server/src/db/database.js';
import { announceReady, handWrittenServerEnv, stopOnSignalOrOrphan } from './lifecycle.js';

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
  author_id: string;
  course_status: string;
  course_publish_at: number | null;
  role: string | null;
  membership_state: string | null;
  membership_plan_id: string | null;
  membership_starts_at: number | null;
  membership_ends_at: number | null;
  progress_started_at: number | null;
  progress_position_seconds: number | null;
  progress_completed_at: number | null;
  plan_ids: string | null;
}
interface AttachmentRow {
  file_id: string;
  name: string;
}
interface ReadingOrderRow {
  id: string;
  status: string;
  publish_at: number | null;
}
interface LessonRows {
  lesson: LessonRow;
  attachments: AttachmentRow[];
  readingOrder: ReadingOrderRow[];
  prerequisiteDone: boolean;
}

interface OutlineRows {
  course: CourseRow;
  chapters: ChapterRow[];
  lessons: LessonListRow[];
  progress: ProgressRow[];
}

interface Store {
  outline(courseId: string, userId: string): Promise<OutlineRows | null>;
  lesson(lessonId: string, userId: string): Promise<LessonRows | null>;
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
                  l.drip_at, l.drip_days, l.prerequisite_lesson_id, l.author_id,
                  c.status AS course_status, c.publish_at AS course_publish_at, r.role,
                  m.state AS membership_state, m.plan_id AS membership_plan_id,
                  m.starts_at AS membership_starts_at, m.ends_at AS membership_ends_at,
                  p.started_at AS progress_started_at, p.position_seconds AS progress_position_seconds,
                  p.completed_at AS progress_completed_at,
                  (SELECT PLAN_LIST FROM course_plans cp WHERE cp.course_id = l.course_id) AS plan_ids
           FROM lessons l
           JOIN courses c ON c.id = l.course_id
           LEFT JOIN community_roles r ON r.community_id = l.community_id AND r.user_id = $1
           LEFT JOIN memberships m ON m.community_id = l.community_id AND m.user_id = $1
           LEFT JOIN lesson_progress p ON p.lesson_id = l.id AND p.user_id = $1
           WHERE l.id = $2`,
  attachments: `SELECT file_id, name FROM lesson_attachments WHERE lesson_id = $1 ORDER BY position, file_id`,
  readingOrder: `SELECT l.id, l.status, l.publish_at FROM lessons l JOIN chapters ch ON ch.id = l.chapter_id
                 WHERE l.course_id = $1 ORDER BY ch.position, ch.id, l.position, l.id`,
  completed: `SELECT 1 AS done FROM lesson_progress
              WHERE user_id = $1 AND lesson_id = $2 AND completed_at IS NOT NULL`,
} as const;

/** `$n` → `@pn` (named parameters, which SQLite lets a statement use more than once). */
const toSqlite = (text: string) =>
  text.replace(/\$(\d+)/g, '@p$1').replace('PLAN_LIST', "group_concat(cp.plan_id, ',')");
const toPostgres = (text: string) => text.replace('PLAN_LIST', "string_agg(cp.plan_id, ',')");
const named = (...values: string[]) => Object.fromEntries(values.map((v, i) => [`p${i + 1}`, v]));

function sqliteStore(file: string): Store {
  const db: SqliteDatabase.Database = openSqlite(file);
  type Params = [Record<string, string>];
  const course = db.prepare<Params, CourseRow>(toSqlite(SQL.course));
  const chapters = db.prepare<Params, ChapterRow>(toSqlite(SQL.chapters));
  const lessons = db.prepare<Params, LessonListRow>(toSqlite(SQL.lessons));
  const progress = db.prepare<Params, ProgressRow>(toSqlite(SQL.progress));
  const lesson = db.prepare<Params, LessonRow>(toSqlite(SQL.lesson));
  const attachments = db.prepare<Params, AttachmentRow>(toSqlite(SQL.attachments));
  const readingOrder = db.prepare<Params, ReadingOrderRow>(toSqlite(SQL.readingOrder));
  const completed = db.prepare<Params, { done: number }>(toSqlite(SQL.completed));
  return {
    async outline(courseId, userId) {
      const row = course.get(named(courseId));
      if (!row) return null;
      return {
        course: row,
        chapters: chapters.all(named(courseId)),
        lessons: lessons.all(named(courseId)),
        progress: progress.all(named(userId, courseId)),
      };
    },
    async lesson(lessonId, userId) {
      const row = lesson.get(named(userId, lessonId));
      if (!row) return null;
      return {
        lesson: row,
        attachments: attachments.all(named(lessonId)),
        readingOrder: readingOrder.all(named(row.course_id)),
        prerequisiteDone:
          row.prerequisite_lesson_id !== null &&
          completed.get(named(userId, row.prerequisite_lesson_id)) !== undefined,
      };
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
    (await pool.query<R>({ name: `raw_${name}`, text: toPostgres(SQL[name]), values })).rows;
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
      const [rows, attachmentRows] = await Promise.all([
        query<LessonRow>('lesson', [userId, lessonId]),
        query<AttachmentRow>('attachments', [lessonId]),
      ]);
      const row = rows[0];
      if (!row) return null;
      const [readingOrderRows, completedRows] = await Promise.all([
        query<ReadingOrderRow>('readingOrder', [row.course_id]),
        row.prerequisite_lesson_id === null
          ? Promise.resolve([])
          : query<{ done: number }>('completed', [userId, row.prerequisite_lesson_id]),
      ]);
      return {
        lesson: row,
        attachments: attachmentRows,
        readingOrder: readingOrderRows,
        prerequisiteDone: completedRows.length > 0,
      };
    },
    close: () => pool.end(),
  };
}

const { port, host, memberId, store } = handWrittenServerEnv({
  sqlite: sqliteStore,
  postgres: postgresStore,
});

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

const DAY_MS = 86_400_000;
const live = (item: { status: string; publish_at: number | null }, now: number) =>
  item.status === 'published' ||
  (item.status === 'scheduled' && item.publish_at !== null && item.publish_at <= now);

app.get<{ Params: { id: string } }>('/api/lessons/:id', async (request, reply) => {
  const rows = await store.lesson(request.params.id, memberId);
  const now = Date.now();
  const l = rows?.lesson;
  if (
    !rows ||
    !l ||
    !live({ status: l.course_status, publish_at: l.course_publish_at }, now) ||
    !live(l, now)
  )
    return notFound(reply);
  // The same rules, in the same order, as Zhishe's access service decides them for a member.
  const staff = l.role === 'owner' || l.role === 'moderator';
  if (!staff && l.free_preview !== 1) {
    const member =
      l.membership_state === 'active' && (l.membership_ends_at === null || l.membership_ends_at > now);
    if (!member) return reply.code(403).send({ status: 403, code: 'join_required' });
    const planIds = l.plan_ids ? l.plan_ids.split(',') : [];
    if (planIds.length > 0 && !planIds.includes(l.membership_plan_id ?? ''))
      return reply.code(403).send({ status: 403, code: 'plan_required' });
    const opensAt =
      l.drip_kind === 'date'
        ? l.drip_at
        : l.drip_kind === 'days_after_join' && l.drip_days !== null && l.membership_starts_at !== null
          ? l.membership_starts_at + l.drip_days * DAY_MS
          : null;
    if (opensAt !== null && opensAt > now)
      return reply.code(403).send({ status: 403, code: 'not_yet_available' });
    if (l.prerequisite_lesson_id !== null && !rows.prerequisiteDone)
      return reply.code(403).send({ status: 403, code: 'prerequisite_required' });
  }
  const at = rows.readingOrder.findIndex((r) => r.id === l.id);
  const neighbour = (step: -1 | 1) => {
    for (let i = at + step; at >= 0 && i >= 0 && i < rows.readingOrder.length; i += step) {
      const r = rows.readingOrder[i];
      if (r && (staff || live(r, now))) return r.id;
    }
    return null;
  };
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
    status: staff ? l.status : 'published',
    publishAt: staff ? l.publish_at : null,
    drip: {
      kind: l.drip_kind,
      ...(l.drip_at !== null ? { at: l.drip_at } : {}),
      ...(l.drip_days !== null ? { days: l.drip_days } : {}),
    },
    prerequisiteLessonId: l.prerequisite_lesson_id,
    attachments: rows.attachments.map((a) => ({ fileId: a.file_id, name: a.name })),
    prevLessonId: neighbour(-1),
    nextLessonId: neighbour(1),
    progress:
      l.progress_started_at !== null && l.progress_position_seconds !== null
        ? {
            startedAt: l.progress_started_at,
            positionSeconds: l.progress_position_seconds,
            completed: l.progress_completed_at !== null,
            completedAt: l.progress_completed_at,
          }
        : null,
    abilities: { canEdit: staff },
  };
});

await app.listen({ port, host });
stopOnSignalOrOrphan(async () => {
  await app.close();
  await store.close();
});
announceReady(port);

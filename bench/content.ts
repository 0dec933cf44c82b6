/**
 * Content read benchmark: Zhishe's course outline (GET /api/courses/:id) and lesson
 * (GET /api/lessons/:id), as a paying member, against bare Fastify and against a hand-written
 * server reading the same rows (bench/servers/raw-content.ts), on a seeded community of 1,000
 * courses / 20,000 lessons / 50,000 members. wrk on loopback, pinned; interleaved rounds; each
 * verdict is the median of per-round ratios. Run `npx tsx bench/content.ts --help`.
 */
import type { ServerChild } from './lib/children.js';
import { runMain } from './lib/cli.js';
import { canonicalJson, type Db, runComparison } from './lib/compare.js';
import { SEED_SIZE, type SeedResult, seedPostgres, seedSqlite } from './lib/seed-content.js';
import { fmtSeconds } from './lib/stats.js';

function describeSeed(db: Db, seed: SeedResult): string {
  const c = seed.counts;
  const n = (k: string) => (c[k] ?? 0).toLocaleString('en-US');
  return (
    `Seeded ${db}: ${n('courses')} courses, ${n('chapters')} chapters, ${n('lessons')} lessons ` +
    `(body ${(seed.bodyBytes.markdown / 1024).toFixed(1)} KB markdown / ${(seed.bodyBytes.html / 1024).toFixed(1)} KB html), ` +
    `${n('users')} users, ${n('memberships')} memberships, ${n('lesson_progress')} progress rows — ` +
    `migrate ${fmtSeconds(seed.timings.migrateMs)}, build ${fmtSeconds(seed.timings.buildMs)}, ` +
    `insert ${fmtSeconds(seed.timings.insertMs)}`
  );
}

/** Both servers answer 200 for a course and a lesson, with the same lessons and the same body. */
async function verify(
  zhishe: ServerChild,
  raw: ServerChild,
  cookie: string,
  seed: SeedResult,
): Promise<void> {
  const get = async (server: ServerChild, p: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.baseUrl}${p}`, { headers });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${server.name} GET ${p} answered ${res.status}: ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  };
  const courseId = seed.courseIds[0] as string;
  const lessonId = seed.lessonIds[5] as string;
  const lessonIds = (outline: Record<string, unknown>) =>
    (outline.chapters as { lessons: { id: string }[] }[]).flatMap((ch) => ch.lessons.map((l) => l.id));
  const [zo, ro, zl, rl] = await Promise.all([
    get(zhishe, `/api/courses/${courseId}`, { cookie }),
    get(raw, `/api/courses/${courseId}`),
    get(zhishe, `/api/lessons/${lessonId}`, { cookie }),
    get(raw, `/api/lessons/${lessonId}`),
  ]);
  const expected = SEED_SIZE.chaptersPerCourse * SEED_SIZE.lessonsPerChapter;
  if (lessonIds(zo).length !== expected || lessonIds(zo).join() !== lessonIds(ro).join())
    throw new Error(`${zhishe.name}: outlines differ from the hand-written server's`);
  if (typeof zl.bodyHtml !== 'string' || zl.bodyHtml.length === 0)
    throw new Error(`${zhishe.name}: the lesson has no body`);
  // Both answer the same document (the hand-written server reads the same rows to build it).
  if (canonicalJson(zl) !== canonicalJson(rl))
    throw new Error(
      `${zhishe.name}: the lesson differs from the hand-written server's:\n${canonicalJson(zl)}\n${canonicalJson(rl)}`,
    );
  const zp = zo.progress as { percentage: number };
  const rp = ro.progress as { percentage: number };
  if (zp.percentage !== rp.percentage || zp.percentage === 0)
    throw new Error(`${zhishe.name}: progress ${zp.percentage}% vs hand-written ${rp.percentage}%`);
}

runMain(() =>
  runComparison<'outline' | 'lesson', SeedResult>({
    name: 'content',
    routeFlag: 'route',
    routes: ['outline', 'lesson'],
    usage: '  --route <r>         outline, lesson or both (default both)',
    profileHint: 'pair with --rounds 1 and one --route',
    setUpSec: { sqlite: 15, postgres: 35 },
    seedSqlite,
    seedPostgres,
    describeSeed,
    rawScript: 'raw-content.ts',
    verify,
    route: (route, seed) =>
      route === 'outline'
        ? { label: '/api/courses/:id', paths: seed.courseIds.map((id) => `/api/courses/${id}`) }
        : { label: '/api/lessons/:id', paths: seed.lessonIds.map((id) => `/api/lessons/${id}`) },
    checked: (sqliteSeed) =>
      `Checked: both servers answer 200 with the same lessons, body and progress. ` +
      `wrk rotates over ${SEED_SIZE.courses.toLocaleString('en-US')} course and ` +
      `${sqliteSeed.lessonIds.length.toLocaleString('en-US')} lesson paths at random.\n`,
    routeWord: 'route',
    /** Zhishe ≥ 0.7 of the hand-written server, for both routes, on both databases. */
    targetRatio: 0.7,
  }),
);

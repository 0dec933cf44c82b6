/**
 * Seeds a content-heavy community for bench/content.ts, in bulk: prepared multi-row INSERTs,
 * one transaction per table, straight into a migrated SQLite file or PostgreSQL database.
 * One paid community, 1,000 published courses × 2 chapters × 10 lessons (markdown bodies of
 * 2–4 KB, rendered once per distinct body), 50,000 active members, and the benchmark member's
 * progress and session (its token is returned; only the SHA-256 is stored, as Zhishe does).
 */
import { generateNKeysBetween } from 'fractional-indexing';
import { newId } from '../../server/src/platform/ids.js';
import { renderMarkdown } from '../../server/src/platform/markdown.js';
import { hashToken, newToken } from '../../server/src/platform/tokens.js';
import { SEED_COLUMNS } from './seed-columns.js';
import { type Row, type SeedTimings, seedDatabase, type TableRows } from './seed-database.js';

export const SEED_SIZE = {
  courses: 1_000,
  chaptersPerCourse: 2,
  lessonsPerChapter: 10,
  members: 50_000,
  /** Distinct lesson bodies rendered with renderMarkdown, reused round-robin. */
  distinctBodies: 8,
} as const;

const DAY_MS = 86_400_000;
/** Any well-formed argon2id string: nobody logs in with these accounts. */
const PASSWORD_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$YmVuY2gtc2FsdC1iZW5jaA$Hn0n7m7C0Qm4m1m3sQ6y8m2n6o3k1l9p0q8r7s6t5u4';

export interface SeedResult {
  communityId: string;
  memberId: string;
  /** Raw cookie token of the benchmark member's session. */
  sessionToken: string;
  courseIds: string[];
  lessonIds: string[];
  /** Rows written per table. */
  counts: Record<string, number>;
  /** Bytes of the average lesson body (markdown) and body_html. */
  bodyBytes: { markdown: number; html: number };
  timings: SeedTimings;
}

// ── lesson bodies ───────────────────────────────────────────────────────

const TOPICS = [
  { zh: '社群运营', en: 'community operations', lang: 'typescript' },
  { zh: '数据分析', en: 'data analysis', lang: 'python' },
  { zh: '数据库索引', en: 'database indexing', lang: 'sql' },
  { zh: '前端性能', en: 'front-end performance', lang: 'javascript' },
  { zh: '内容定价', en: 'content pricing', lang: 'typescript' },
  { zh: '写作方法', en: 'writing craft', lang: 'markdown' },
  { zh: '增长实验', en: 'growth experiments', lang: 'python' },
  { zh: '服务端架构', en: 'server architecture', lang: 'sql' },
] as const;

const CODE: Record<string, string> = {
  typescript: [
    'interface Member { id: string; joinedAt: number; plan: "year" | "life" }',
    'export function activeMembers(members: Member[], now: number): Member[] {',
    '  return members.filter((m) => now - m.joinedAt < 365 * 86_400_000);',
    '}',
  ].join('\n'),
  python: [
    'import statistics',
    '',
    'def retention(cohort: list[int]) -> float:',
    '    """Share of a cohort still active after 30 days."""',
    '    return sum(1 for d in cohort if d >= 30) / max(len(cohort), 1)',
    '',
    'print(statistics.median([retention(c) for c in cohorts]))',
  ].join('\n'),
  sql: [
    'SELECT c.id, count(l.id) AS lessons',
    'FROM courses c',
    'JOIN lessons l ON l.course_id = c.id',
    "WHERE c.status = 'published'",
    'GROUP BY c.id',
    'ORDER BY lessons DESC',
    'LIMIT 10;',
  ].join('\n'),
  javascript: [
    'const observer = new PerformanceObserver((list) => {',
    '  for (const entry of list.getEntries()) console.log(entry.name, entry.startTime);',
    '});',
    "observer.observe({ type: 'largest-contentful-paint', buffered: true });",
  ].join('\n'),
  markdown: ['# 标题 Title', '', '- 要点一 first point', '- 要点二 second point', '', '> 引用 A quote'].join(
    '\n',
  ),
};

/** A lesson of ~2–4 KB (UTF-8): headings, Chinese and English prose, a list, code, a table, a link. */
function lessonMarkdown(variant: number): string {
  const t = TOPICS[variant % TOPICS.length] ?? TOPICS[0];
  const extra = variant % 3; // vary the length between bodies
  const zhParagraph = (n: number) =>
    `${t.zh}是知识社群里最常被问到的话题之一。第 ${n} 部分先回顾上一课的要点，再结合真实案例说明为什么` +
    `很多团队在这里走了弯路：目标不清晰、指标口径不一致、复盘流于形式。我们会用一个小型社群的数据，` +
    `一步步拆解决策过程，并给出可以直接套用的清单。`;
  const enParagraph = (n: number) =>
    `Part ${n} looks at ${t.en} from the member's side: what they expect after paying, which lessons ` +
    `they finish, and where they drop off. Keep notes as you go; the exercise at the end asks you to ` +
    `apply the checklist to your own community and compare the numbers with the **benchmarks** below.`;
  const sections: string[] = [
    `# ${t.zh}：第 ${variant + 1} 讲 — ${t.en}`,
    '',
    zhParagraph(1),
    '',
    enParagraph(1),
    '',
    '## 本课目标 Goals',
    '',
    `1. 理解${t.zh}的核心概念 (understand the core ideas of ${t.en})`,
    '2. 学会用数据验证假设 — *validate assumptions with data*',
    '3. 完成课后练习并在社群里分享 [讨论区](https://example.com/community/discuss)',
    '',
    '## 示例代码 Example',
    '',
    `\`\`\`${t.lang}`,
    CODE[t.lang] ?? '',
    '```',
    '',
    zhParagraph(2),
    '',
    '| 指标 Metric | 基准 Benchmark | 说明 Notes |',
    '| --- | ---: | --- |',
    '| 完课率 Completion | 42% | 付费社群的中位数 |',
    '| 7 日留存 Retention | 68% | median of paid communities |',
    '| 续费率 Renewal | 35% | 年度会员 yearly plan |',
    '',
    '> 提示：先把口径统一，再讨论结论。Agree on definitions before arguing about conclusions.',
    '',
  ];
  for (let i = 0; i < extra; i++)
    sections.push(`## 延伸阅读 ${i + 1}`, '', zhParagraph(3 + i), '', enParagraph(3 + i), '');
  sections.push('## 小结 Summary', '', enParagraph(9), '', '- [x] 阅读 Read', '- [ ] 练习 Practise', '');
  return sections.join('\n');
}

// ── the data set ────────────────────────────────────────────────────────

interface Dataset {
  tables: TableRows[];
  communityId: string;
  memberId: string;
  sessionToken: string;
  courseIds: string[];
  lessonIds: string[];
  bodyBytes: { markdown: number; html: number };
}

function buildDataset(now: number): Dataset {
  const ownerId = newId();
  const communityId = newId();
  const planId = newId();

  const bodies = Array.from({ length: SEED_SIZE.distinctBodies }, (_, i) => {
    const markdown = lessonMarkdown(i);
    return { markdown, html: renderMarkdown(markdown) };
  });
  const avg = (f: (b: { markdown: string; html: string }) => string) =>
    Math.round(bodies.reduce((s, b) => s + Buffer.byteLength(f(b)), 0) / bodies.length);

  const users: Row[] = [
    [ownerId, 'owner@bench.example', PASSWORD_HASH, '社长 Owner', 'zh-CN', 'user', now, now, now, now],
  ];
  const memberships: Row[] = [];
  const memberIds: string[] = [];
  for (let i = 0; i < SEED_SIZE.members; i++) {
    const id = newId();
    memberIds.push(id);
    const joined = now - ((i % 300) + 1) * DAY_MS;
    users.push([
      id,
      `member${i}@bench.example`,
      PASSWORD_HASH,
      i % 2 === 0 ? `学员 ${i}` : `Member ${i}`,
      i % 2 === 0 ? 'zh-CN' : 'en',
      'user',
      joined,
      joined,
      joined,
      joined,
    ]);
    memberships.push([
      newId(),
      communityId,
      id,
      planId,
      'active',
      joined,
      joined + 365 * DAY_MS,
      'order',
      19_900,
      'CNY',
      null,
      null,
      joined,
      joined,
    ]);
  }
  const memberId = memberIds[0] as string;

  const courseKeys = generateNKeysBetween(null, null, SEED_SIZE.courses);
  const chapterKeys = generateNKeysBetween(null, null, SEED_SIZE.chaptersPerCourse);
  const lessonKeys = generateNKeysBetween(null, null, SEED_SIZE.lessonsPerChapter);
  const courses: Row[] = [];
  const chapters: Row[] = [];
  const lessons: Row[] = [];
  const progress: Row[] = [];
  const courseIds: string[] = [];
  const lessonIds: string[] = [];
  let bodyIndex = 0;
  for (let c = 0; c < SEED_SIZE.courses; c++) {
    const courseId = newId();
    courseIds.push(courseId);
    const created = now - (SEED_SIZE.courses - c) * 3_600_000;
    const topic = TOPICS[c % TOPICS.length] ?? TOPICS[0];
    courses.push([
      courseId,
      communityId,
      `${topic.zh}实战 ${c + 1} · Practical ${topic.en} ${c + 1}`,
      `从零开始的${topic.zh}课程，20 节课。A hands-on course on ${topic.en}, in twenty lessons.`,
      null,
      JSON.stringify([topic.zh, topic.en]),
      (['novice', 'advanced', 'expert'] as const)[c % 3] ?? 'novice',
      'published',
      null,
      created,
      courseKeys[c] ?? 'a0',
      ownerId,
      null,
      created,
      created,
    ]);
    // The member has progress in every third course: some lessons done, one under way.
    const done = c % 3 === 0 ? (c % 12) + 1 : 0;
    let n = 0;
    for (let ch = 0; ch < SEED_SIZE.chaptersPerCourse; ch++) {
      const chapterId = newId();
      chapters.push([
        chapterId,
        courseId,
        `第 ${ch + 1} 章 Chapter ${ch + 1}`,
        chapterKeys[ch] ?? 'a0',
        created,
        created,
      ]);
      for (let l = 0; l < SEED_SIZE.lessonsPerChapter; l++, n++) {
        const lessonId = newId();
        lessonIds.push(lessonId);
        const body = bodies[bodyIndex++ % bodies.length] ?? bodies[0];
        if (!body) throw new Error('no lesson bodies');
        lessons.push([
          lessonId,
          communityId,
          courseId,
          chapterId,
          `第 ${n + 1} 课：${topic.zh} Lesson ${n + 1}`,
          body.markdown,
          body.html,
          null,
          null,
          5 + ((c + n) % 26),
          n === 0 ? 1 : 0,
          'published',
          null,
          created,
          'none',
          null,
          null,
          null,
          lessonKeys[l] ?? 'a0',
          ownerId,
          created,
          created,
        ]);
        if (n < done + 1 && done > 0) {
          const at = now - (done - n) * 3_600_000;
          progress.push([memberId, lessonId, courseId, at, 60 * (n + 1), n < done ? at : null, at]);
        }
      }
    }
  }

  const sessionToken = newToken();
  const tables: TableRows[] = [
    {
      table: 'site_settings',
      columns: SEED_COLUMNS.site_settings,
      rows: [['setup_done', JSON.stringify({ at: now, via: 'bench' }), now]],
    },
    {
      table: 'users',
      columns: SEED_COLUMNS.users,
      rows: users,
    },
    {
      table: 'sessions',
      columns: SEED_COLUMNS.sessions,
      rows: [[newId(), memberId, hashToken(sessionToken), now, now, now + 30 * DAY_MS, '127.0.0.1', 'wrk']],
    },
    {
      table: 'communities',
      columns: SEED_COLUMNS.communities,
      rows: [
        [
          communityId,
          'bench-zhishe',
          '知社基准社群 Bench Community',
          '一个用于压测的付费知识社群。A paid community for benchmarks.',
          null,
          null,
          'tech',
          JSON.stringify(['bench', '压测']),
          'Asia/Shanghai',
          'zh-CN',
          'listed',
          'paid',
          null,
          SEED_SIZE.members,
          '欢迎加入！Welcome!',
          '友善交流。Be kind.',
          '知社 基准 社群 bench community',
          ownerId,
          now - 400 * DAY_MS,
          now,
        ],
      ],
    },
    {
      table: 'community_roles',
      columns: SEED_COLUMNS.community_roles,
      rows: [[communityId, ownerId, 'owner', null, now - 400 * DAY_MS]],
    },
    {
      table: 'community_plans',
      columns: SEED_COLUMNS.community_plans,
      rows: [
        [
          planId,
          communityId,
          '年度会员 Yearly',
          'fixed_term',
          19_900,
          'CNY',
          365,
          null,
          0,
          'active',
          'a0',
          now,
          now,
        ],
      ],
    },
    {
      table: 'memberships',
      columns: SEED_COLUMNS.memberships,
      rows: memberships,
    },
    {
      table: 'courses',
      columns: [
        'id',
        'community_id',
        'title',
        'summary',
        'cover_file_id',
        'tags',
        'level',
        'status',
        'publish_at',
        'published_at',
        'position',
        'author_id',
        'prerequisite_course_id',
        'created_at',
        'updated_at',
      ],
      rows: courses,
    },
    {
      table: 'chapters',
      columns: ['id', 'course_id', 'title', 'position', 'created_at', 'updated_at'],
      rows: chapters,
    },
    {
      table: 'lessons',
      columns: [
        'id',
        'community_id',
        'course_id',
        'chapter_id',
        'title',
        'body',
        'body_html',
        'video_file_id',
        'video_url',
        'estimated_minutes',
        'free_preview',
        'status',
        'publish_at',
        'published_at',
        'drip_kind',
        'drip_at',
        'drip_days',
        'prerequisite_lesson_id',
        'position',
        'author_id',
        'created_at',
        'updated_at',
      ],
      rows: lessons,
    },
    {
      table: 'lesson_progress',
      columns: [
        'user_id',
        'lesson_id',
        'course_id',
        'started_at',
        'position_seconds',
        'completed_at',
        'updated_at',
      ],
      rows: progress,
    },
  ];
  return {
    tables,
    communityId,
    memberId,
    sessionToken,
    courseIds,
    lessonIds,
    bodyBytes: { markdown: avg((b) => b.markdown), html: avg((b) => b.html) },
  };
}

function finish(dataset: Dataset, timings: SeedResult['timings']): SeedResult {
  return {
    communityId: dataset.communityId,
    memberId: dataset.memberId,
    sessionToken: dataset.sessionToken,
    courseIds: dataset.courseIds,
    lessonIds: dataset.lessonIds,
    counts: Object.fromEntries(dataset.tables.map((t) => [t.table, t.rows.length])),
    bodyBytes: dataset.bodyBytes,
    timings,
  };
}

/** Migrates `file` (through Zhishe's own migrations) and fills it. */
export async function seedSqlite(file: string): Promise<SeedResult> {
  const { dataset, timings } = await seedDatabase({ sqliteFile: file }, () => buildDataset(Date.now()));
  return finish(dataset, timings);
}

/** Migrates the (empty, scratch) database at `url` and fills it; ANALYZE afterwards for stable plans. */
export async function seedPostgres(url: string): Promise<SeedResult> {
  const { dataset, timings } = await seedDatabase({ url }, () => buildDataset(Date.now()));
  return finish(dataset, timings);
}

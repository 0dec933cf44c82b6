/**
 * Seeds a busy discussion board for bench/feed.ts, in bulk: prepared multi-row INSERTs, one
 * transaction per table, straight into a database migrated by Zhishe's own migrations. One paid
 * community, the benchmark member (its session token is returned; only the SHA-256 is stored, as
 * Zhishe does), 2,000 authors, 100,000 published posts (a tenth questions, a few pinned, some
 * featured) and 500,000 top-level comments; each post's comment_count, answer_count and hot_score
 * are what the service would have stored after those comments (hotScore from the discussions policy).
 */
import { hotScore } from '../../server/src/modules/discussions/discussions.policy.js';
import { newId } from '../../server/src/platform/ids.js';
import { hashToken, newToken } from '../../server/src/platform/tokens.js';
import { SEED_COLUMNS } from './seed-columns.js';
import { type Row, type SeedTimings, seedDatabase, type TableRows } from './seed-database.js';

export const FEED_SEED_SIZE = {
  authors: 2_000,
  posts: 100_000,
  comments: 500_000,
  pinned: 3,
} as const;

const DAY_MS = 86_400_000;
const PASSWORD_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$YmVuY2gtc2FsdC1iZW5jaA$Hn0n7m7C0Qm4m1m3sQ6y8m2n6o3k1l9p0q8r7s6t5u4';

/** A post as the feed orders it: id (latest) and stored hot score (hot). */
export interface SeededPost {
  id: string;
  hotScore: number;
}

export interface FeedSeedResult {
  communityId: string;
  memberId: string;
  sessionToken: string;
  posts: SeededPost[];
  counts: Record<string, number>;
  timings: SeedTimings;
}

const TOPICS = [
  '社群运营',
  'SQL 索引',
  '前端性能',
  '内容定价',
  '写作方法',
  '增长实验',
  'Node.js',
  '数据分析',
];

function postBody(i: number): string {
  const t = TOPICS[i % TOPICS.length] ?? '';
  return (
    `## ${t} 讨论 #${i}\n\n大家好，最近在做**${t}**相关的工作，想请教一下：` +
    `[参考链接](https://example.com/p/${i}) 里提到的方法是否适用于小型社群？\n\n` +
    `- 背景：member count around ${100 + (i % 900)}\n- 目标：提高 *retention*\n\n` +
    '```sql\nSELECT count(*) FROM posts;\n```\n\n欢迎分享经验 — thanks in advance!'
  );
}

interface Dataset {
  tables: TableRows[];
  communityId: string;
  memberId: string;
  sessionToken: string;
  posts: SeededPost[];
}

function buildDataset(now: number): Dataset {
  const ownerId = newId();
  const memberId = newId();
  const communityId = newId();
  const planId = newId();
  const userRow = (id: string, email: string, name: string, locale: string, at: number): Row => [
    id,
    email,
    PASSWORD_HASH,
    name,
    locale,
    'user',
    at,
    at,
    at,
    at,
  ];
  const users: Row[] = [
    userRow(ownerId, 'owner@bench.example', '社长 Owner', 'zh-CN', now - 400 * DAY_MS),
    userRow(memberId, 'member@bench.example', '读者 Reader', 'zh-CN', now - 100 * DAY_MS),
  ];
  const memberships: Row[] = [];
  const authorIds: string[] = [];
  const membershipRow = (userId: string, joined: number): Row => [
    newId(),
    communityId,
    userId,
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
  ];
  memberships.push(membershipRow(memberId, now - 100 * DAY_MS));
  for (let i = 0; i < FEED_SEED_SIZE.authors; i++) {
    const id = newId();
    authorIds.push(id);
    const joined = now - ((i % 300) + 1) * DAY_MS;
    users.push(
      userRow(
        id,
        `author${i}@bench.example`,
        i % 2 === 0 ? `作者 ${i}` : `Author ${i}`,
        i % 2 ? 'en' : 'zh-CN',
        joined,
      ),
    );
    memberships.push(membershipRow(id, joined));
  }

  // Posts one every ~5 minutes over the last ~347 days, oldest first so uuidv7 ids follow time.
  const posts: Row[] = [];
  const comments: Row[] = [];
  const tags: Row[] = [];
  const seeded: SeededPost[] = [];
  const spacing = 5 * 60_000;
  const start = now - FEED_SEED_SIZE.posts * spacing;
  const perPost = FEED_SEED_SIZE.comments / FEED_SEED_SIZE.posts;
  let commentsLeft: number = FEED_SEED_SIZE.comments;
  for (let i = 0; i < FEED_SEED_SIZE.posts; i++) {
    const id = newId();
    const created = start + i * spacing;
    const authorId = authorIds[(i * 7) % authorIds.length] as string;
    const question = i % 10 === 3;
    // 0–10 comments, 5 on average; the last post takes what is left so the total is exact.
    const n =
      i === FEED_SEED_SIZE.posts - 1 ? commentsLeft : Math.min(commentsLeft, (i * 37) % (2 * perPost + 1));
    commentsLeft -= n;
    const score = hotScore(0, n, created);
    const postTags = [TOPICS[i % TOPICS.length]?.toLowerCase() ?? 'misc', i % 3 === 0 ? '求助' : 'share'];
    const body = postBody(i);
    posts.push([
      id,
      communityId,
      authorId,
      question ? 'question' : 'discussion',
      question
        ? `${TOPICS[i % TOPICS.length]} 怎么做？How to do it (#${i})`
        : `${TOPICS[i % TOPICS.length]} 经验分享 #${i}`,
      body,
      `<p>${body}</p>`,
      JSON.stringify(postTags),
      'published',
      i >= FEED_SEED_SIZE.posts - 5000 && i % 1000 === 0 ? 1 : 0,
      i % 50 === 0 ? 1 : 0,
      0,
      0,
      n,
      question ? n : 0,
      null,
      score,
      null,
      null,
      created + n * 60_000,
      created,
      created,
    ]);
    for (const tag of postTags) tags.push([id, communityId, tag]);
    seeded.push({ id, hotScore: score });
    for (let c = 0; c < n; c++) {
      const at = created + (c + 1) * 60_000;
      const text = `同意，补充一点 (${c + 1})：I tried this and it worked.`;
      comments.push([
        newId(),
        id,
        communityId,
        authorIds[(i + c * 13) % authorIds.length] as string,
        null,
        null,
        text,
        `<p>${text}</p>`,
        'published',
        0,
        0,
        0,
        null,
        null,
        null,
        at,
        at,
      ]);
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
          'bench-feed',
          '知社讨论基准 Feed Bench',
          '一个用于压测讨论区的社群。A community for feed benchmarks.',
          null,
          null,
          'tech',
          JSON.stringify(['bench']),
          'Asia/Shanghai',
          'zh-CN',
          'listed',
          'paid',
          null,
          memberships.length,
          '欢迎！Welcome!',
          '友善交流。Be kind.',
          '知社 讨论 基准 feed bench',
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
      table: 'posts',
      columns: SEED_COLUMNS.posts,
      rows: posts,
    },
    { table: 'post_tags', columns: ['post_id', 'community_id', 'tag'], rows: tags },
    {
      table: 'post_comments',
      columns: [
        'id',
        'post_id',
        'community_id',
        'author_id',
        'parent_id',
        'root_id',
        'body',
        'body_html',
        'state',
        'reaction_count',
        'upvote_count',
        'reply_count',
        'idempotency_key',
        'state_reason',
        'edited_at',
        'created_at',
        'updated_at',
      ],
      rows: comments,
    },
  ];
  return { tables, communityId, memberId, sessionToken, posts: seeded };
}

function finish(dataset: Dataset, timings: FeedSeedResult['timings']): FeedSeedResult {
  return {
    communityId: dataset.communityId,
    memberId: dataset.memberId,
    sessionToken: dataset.sessionToken,
    posts: dataset.posts,
    counts: Object.fromEntries(dataset.tables.map((t) => [t.table, t.rows.length])),
    timings,
  };
}

/** Migrates `file` (through Zhishe's own migrations) and fills it. */
export async function seedFeedSqlite(file: string): Promise<FeedSeedResult> {
  const { dataset, timings } = await seedDatabase({ sqliteFile: file }, () => buildDataset(Date.now()), {
    analyzeSqlite: true,
  });
  return finish(dataset, timings);
}

/** Migrates the (empty, scratch) database at `url` and fills it; ANALYZE afterwards for stable plans. */
export async function seedFeedPostgres(url: string): Promise<FeedSeedResult> {
  const { dataset, timings } = await seedDatabase({ url }, () => buildDataset(Date.now()));
  return finish(dataset, timings);
}

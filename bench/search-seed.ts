/**
 * Seeds a community of posts for bench/search.ts, in bulk: users, two communities (the bench
 * member belongs to one), N posts of Chinese and English text drawn from a Zipf-distributed
 * vocabulary (so queries range from words in most posts to words in a few), and their search
 * documents segmented by Zhishe's own tokenizer and written in each database's index format.
 */
import { scopeTokens, tsvectorLiteral } from '../server/src/db/search-index.js';
import { newId } from '../server/src/platform/ids.js';
import { indexTokens, TOKENIZER_VERSION } from '../server/src/platform/search/tokenizer.js';
import { hashToken, newToken } from '../server/src/platform/tokens.js';
import { SEED_COLUMNS } from './lib/seed-columns.js';
import {
  type Cell,
  rowsPerInsert,
  type SeedTarget,
  type SeedTimings,
  seedDatabase,
  type TableRows,
} from './lib/seed-database.js';

const ZH_WORDS = (
  '社群 运营 内容 用户 增长 课程 学习 分享 活动 直播 会员 付费 知识 方法 经验 数据 分析 产品 设计 写作 ' +
  '阅读 打卡 复盘 目标 计划 时间 管理 效率 习惯 思维 沟通 团队 领导 创业 营销 品牌 流量 转化 留存 ' +
  '社区 讨论 问题 答案 技巧 工具 案例 实践 总结 成长 职场 面试 简历 投资 理财 健康 运动 摄影 旅行 ' +
  '编程 算法 架构 数据库 前端 后端 测试 部署 性能 安全 机器学习 人工智能 模型 训练 推荐 搜索 索引 ' +
  '线性代数 概率 统计 英语 口语 词汇 语法 考试 教育 家长 孩子 心理 情绪 睡眠 饮食 咖啡 音乐 电影'
).split(' ');
const EN_WORDS = (
  'community growth members content course lesson learning sharing event live paid knowledge method ' +
  'experience data analysis product design writing reading habit review goal plan time management ' +
  'focus team leadership startup marketing brand traffic conversion retention discussion question ' +
  'answer tips tools case practice summary career interview resume investing health fitness photo ' +
  'travel python javascript typescript react node database frontend backend testing deploy performance ' +
  'security machine model training search index algebra statistics english grammar exam parenting music'
).split(' ');

export interface SearchSeed {
  communityId: string;
  otherCommunityId: string;
  memberId: string;
  sessionToken: string;
  posts: number;
  queries: string[];
  timings: SeedTimings;
}

/** Deterministic pseudo-random numbers, so every run seeds the same text. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Zipf(1) over `n` ranks by inverse CDF on precomputed cumulative weights. */
function zipf(n: number, rand: () => number): () => number {
  const cumulative: number[] = [];
  let total = 0;
  for (let r = 1; r <= n; r++) {
    total += 1 / r;
    cumulative.push(total);
  }
  return () => {
    const x = rand() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** Queries across the frequency range: common, middling and rare words, pairs and mixed. */
export const BENCH_QUERIES = [
  '社群',
  '运营',
  '社群运营',
  '内容 用户',
  '直播',
  '复盘',
  '打卡 习惯',
  '机器学习',
  '人工智能 模型',
  '数据库 索引',
  '线性代数',
  '咖啡',
  '电影 音乐',
  'Python 入门',
  'python 编程',
  'react',
  'community growth',
  'retention',
  'interview resume',
  'machine learning',
  'statistics',
  'parenting',
  '"community growth"',
  '社群 -运营',
];

function buildTables(n: number, now: number) {
  const rand = random(42);
  const zh = zipf(ZH_WORDS.length, rand);
  const en = zipf(EN_WORDS.length, rand);
  const ownerId = newId();
  const memberId = newId();
  const communityId = newId();
  const otherCommunityId = newId();
  const sessionToken = newToken();
  const hash =
    '$argon2id$v=19$m=19456,t=2,p=1$YmVuY2gtc2FsdC1iZW5jaA$Hn0n7m7C0Qm4m1m3sQ6y8m2n6o3k1l9p0q8r7s6t5u4';
  const users: Cell[][] = [
    [ownerId, 'owner@search.bench', hash, '社长', 'zh-CN', 'user', now, now, now, now],
    [memberId, 'member@search.bench', hash, '学员', 'zh-CN', 'user', now, now, now, now],
  ];
  const community = (id: string, slug: string): Cell[] => [
    id,
    slug,
    `Bench ${slug}`,
    '',
    null,
    null,
    null,
    '[]',
    'Asia/Shanghai',
    'zh-CN',
    'listed',
    'paid',
    null,
    1,
    '',
    '',
    slug,
    ownerId,
    now,
    now,
  ];
  const posts: Cell[][] = [];
  const docs: { id: string; community: string; title: string; body: string; created: number }[] = [];
  for (let i = 0; i < n; i++) {
    const chinese = rand() < 0.7;
    const words = (count: number) =>
      Array.from({ length: count }, () => (chinese ? ZH_WORDS[zh()] : EN_WORDS[en()]) as string);
    const title = words(3 + Math.floor(rand() * 4)).join(chinese ? '' : ' ');
    const sentences: string[] = [];
    const sentenceCount = 3 + Math.floor(rand() * 5);
    for (let s = 0; s < sentenceCount; s++) {
      const w = words(4 + Math.floor(rand() * 6));
      sentences.push(chinese ? `${w.join('')}。` : `${w.join(' ')}.`);
    }
    const body = sentences.join(chinese ? '' : ' ');
    const id = newId();
    const target = i % 10 === 9 ? otherCommunityId : communityId;
    const created = now - (n - i) * 60_000;
    posts.push([
      id,
      target,
      i % 2 ? ownerId : memberId,
      'discussion',
      title,
      body,
      `<p>${body}</p>`,
      '[]',
      'published',
      0,
      0,
      0,
      0,
      0,
      0,
      null,
      0,
      null,
      null,
      created,
      created,
      created,
    ]);
    docs.push({ id, community: target, title, body, created });
  }
  return { ownerId, memberId, communityId, otherCommunityId, sessionToken, users, community, posts, docs };
}

function baseTables(b: ReturnType<typeof buildTables>, now: number): TableRows[] {
  return [
    {
      table: 'users',
      columns: SEED_COLUMNS.users,
      rows: b.users,
    },
    {
      table: 'sessions',
      columns: SEED_COLUMNS.sessions,
      rows: [[newId(), b.memberId, hashToken(b.sessionToken), now, now, now + 86_400_000, null, null]],
    },
    {
      table: 'communities',
      columns: SEED_COLUMNS.communities,
      rows: [
        b.community(b.communityId, `bench-${b.communityId.slice(-8)}`),
        b.community(b.otherCommunityId, `other-${b.otherCommunityId.slice(-8)}`),
      ],
    },
    {
      table: 'community_roles',
      columns: SEED_COLUMNS.community_roles,
      rows: [
        [b.communityId, b.ownerId, 'owner', null, now],
        [b.otherCommunityId, b.ownerId, 'owner', null, now],
      ],
    },
    {
      table: 'memberships',
      columns: SEED_COLUMNS.memberships,
      rows: [
        [
          newId(),
          b.communityId,
          b.memberId,
          null,
          'active',
          now - 86_400_000,
          null,
          'manual',
          0,
          null,
          null,
          null,
          now,
          now,
        ],
      ],
    },
    {
      table: 'posts',
      columns: SEED_COLUMNS.posts,
      rows: b.posts,
    },
  ];
}

const DOC_COLUMNS = [
  'kind',
  'id',
  'community_id',
  'parent_id',
  'title',
  'body',
  'author_id',
  'created_at',
  'indexed_at',
  'tokenizer_version',
];

export async function seedSearch(target: SeedTarget, n: number): Promise<SearchSeed> {
  const now = Date.now();
  const { dataset, timings } = await seedDatabase(
    target,
    () => {
      const b = buildTables(n, now);
      const docRows = b.docs.map((d) => ({
        cells: [
          'post',
          d.id,
          d.community,
          null,
          d.title,
          d.body,
          null,
          d.created,
          now,
          TOKENIZER_VERSION,
        ] as Cell[],
        title: indexTokens(d.title),
        body: indexTokens(d.body),
      }));
      return { b, tables: baseTables(b, now), docRows };
    },
    {
      analyzeSqlite: true,
      // The search index: PostgreSQL keeps a tsvector per document, SQLite an FTS5 row.
      afterInsert: async (connection, { docRows }) => {
        if (connection.dialect === 'postgres') {
          const { client } = connection;
          const cols = [...DOC_COLUMNS, 'tsv'];
          const size = rowsPerInsert('postgres', cols.length);
          await client.query('BEGIN');
          for (let start = 0; start < docRows.length; start += size) {
            const batch = docRows.slice(start, start + size);
            const values = batch.flatMap((d) => [...d.cells, tsvectorLiteral(d.title, d.body)]);
            const groups = batch.map(
              (_, r) =>
                `(${cols.map((c, i) => `$${r * cols.length + i + 1}${c === 'tsv' ? '::tsvector' : ''}`).join(',')})`,
            );
            await client.query(
              `INSERT INTO search_documents (${cols.join(',')}) VALUES ${groups.join(',')}`,
              values,
            );
          }
          await client.query('COMMIT');
        } else {
          const { sqlite } = connection;
          sqlite.transaction(() => {
            const doc = sqlite.prepare(
              `INSERT INTO search_documents (doc_no, ${DOC_COLUMNS.join(',')}) VALUES (?, ${DOC_COLUMNS.map(() => '?').join(',')})`,
            );
            const fts = sqlite.prepare(
              'INSERT INTO search_fts (rowid, title, body, scope) VALUES (?, ?, ?, ?)',
            );
            docRows.forEach((d, i) => {
              doc.run(i + 1, ...d.cells);
              fts.run(i + 1, d.title.join(' '), d.body.join(' '), scopeTokens('post', d.cells[2] as string));
            });
          })();
          sqlite.exec("INSERT INTO search_fts(search_fts) VALUES('optimize')");
        }
      },
    },
  );
  const { b } = dataset;
  return {
    communityId: b.communityId,
    otherCommunityId: b.otherCommunityId,
    memberId: b.memberId,
    sessionToken: b.sessionToken,
    posts: n,
    queries: BENCH_QUERIES,
    timings,
  };
}

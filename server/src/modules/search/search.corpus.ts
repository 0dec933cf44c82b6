/**
 * The Chinese and English search test set: a fixture corpus (hand-written target documents among
 * generated everyday posts that share their common words) and queries with the results expected
 * at the top. Used by search.db.test.ts on both databases; bench/search.ts reuses the vocabulary.
 */

export interface CorpusDoc {
  key: string;
  kind: 'post' | 'comment';
  title: string;
  text: string;
  /** For a comment: the key of its post. */
  parentKey?: string;
}

export const TARGETS: CorpusDoc[] = [
  {
    key: 'yunying',
    kind: 'post',
    title: '社群运营的十个方法',
    text: '做好社群运营，先想清楚社群为谁服务。运营的核心是持续提供价值：固定的分享节奏、清晰的群规、及时的答疑。',
  },
  {
    key: 'pythonIntro',
    kind: 'post',
    title: 'Python 入门教程：从零开始',
    text: 'Python入门并不难。本教程从安装 Python 开始，讲变量、循环和函数，适合零基础的同学。',
  },
  {
    key: 'pythonAdv',
    kind: 'post',
    title: 'Python 高级技巧：装饰器与生成器',
    text: 'Python 的装饰器可以在不修改函数的情况下增加功能，生成器让大数据处理更省内存。',
  },
  {
    key: 'jsIntro',
    kind: 'post',
    title: 'JavaScript 入门指南',
    text: 'JavaScript 是网页的语言。入门时先学会变量、函数和 DOM 操作。',
  },
  {
    key: 'growth',
    kind: 'post',
    title: 'Growth experiments for paid communities',
    text: 'Run small growth experiments: change one thing, measure retention and conversion, and keep what works. Growth is a habit, not a hack.',
  },
  {
    key: 'pricing',
    kind: 'post',
    title: 'How to price your membership',
    text: 'Pricing a membership is about value. Start with an annual plan, offer a trial, and review the price every quarter.',
  },
  {
    key: 'data',
    kind: 'post',
    title: '数据分析实战：留存率与转化率',
    text: '数据分析要从问题出发。留存率告诉你用户是否留下，转化率告诉你用户是否付费。',
  },
  {
    key: 'writing',
    kind: 'post',
    title: '写作方法：如何写出好标题',
    text: '好标题要具体、有数字、有冲突。写作时先写标题，再写正文。',
  },
  {
    key: 'live',
    kind: 'post',
    title: '直播活动复盘',
    text: '这次直播活动来了三百人，复盘发现预告太晚、互动太少。下次直播提前一周预告。',
  },
  {
    key: 'checkin',
    kind: 'post',
    title: '打卡挑战：21天养成阅读习惯',
    text: '每天阅读二十分钟，在群里打卡。坚持21天，阅读就成了习惯。',
  },
  {
    key: 'react',
    kind: 'post',
    title: 'React Hooks 入门与最佳实践',
    text: 'useState 和 useEffect 是最常用的 Hooks。React 组件应该保持简单。',
  },
  {
    key: 'sqlIndex',
    kind: 'post',
    title: '数据库索引原理：B+树',
    text: '数据库用B+树组织索引，范围查询很快。没有索引的查询会扫描整张表。',
  },
  {
    key: 'mlZh',
    kind: 'post',
    title: '机器学习入门：线性回归',
    text: '机器学习从线性回归开始。用 Python 和 scikit-learn 训练第一个模型。',
  },
  {
    key: 'mlEn',
    kind: 'post',
    title: 'Introduction to Machine Learning with Python',
    text: 'Machine learning lets programs learn from data. We train a model in Python step by step.',
  },
  {
    key: 'ops',
    kind: 'post',
    title: '内容运营与活动运营',
    text: '内容运营负责持续产出，活动运营负责拉新和促活。两种运营要配合。',
  },
  {
    key: 'node',
    kind: 'post',
    title: 'Node.js 性能优化',
    text: 'Node.js 是单线程的，避免阻塞事件循环。用 profiler 找到热点，性能优化要先测量。',
  },
  {
    key: 'cafe',
    kind: 'post',
    title: 'Café culture and remote work',
    text: 'Working from a café can help focus. Remote work needs a routine.',
  },
  { key: 'ai', kind: 'post', title: 'ＡＩ绘画工具推荐', text: '推荐几款ＡＩ绘画工具，适合做海报和插图。' },
  {
    key: 'shop',
    kind: 'post',
    title: 'Learning, then machine shop work',
    text: 'Learning comes first; then machine work in the shop, with care.',
  },
  {
    key: 'paid',
    kind: 'post',
    title: '知识付费的未来',
    text: '知识付费不是卖课，而是卖结果。付费用户最看重的是可执行的方法。',
  },
  {
    key: 'private',
    kind: 'post',
    title: '私域流量与用户增长',
    text: '私域流量的本质是可以反复触达的用户。用户增长靠口碑和裂变。',
  },
  {
    key: 'newsletter',
    kind: 'post',
    title: 'Weekly community newsletter tips',
    text: 'A weekly newsletter keeps members engaged. Share highlights, upcoming events and member stories.',
  },
  { key: 'sqlOpt', kind: 'post', title: 'SQL 查询优化入门', text: 'SQL 查询慢，先看执行计划，再加索引。' },
  {
    key: 'persist',
    kind: 'comment',
    parentKey: 'yunying',
    title: '',
    text: '我觉得社群运营最难的是坚持，感谢分享！',
  },
  {
    key: 'escape',
    kind: 'post',
    title: 'Escaping <script>alert(1)</script> in posts',
    text: 'Never trust <b>input</b> & always escape it before rendering.',
  },
];

const ZH_SENTENCES = [
  '今天和大家聊聊最近的学习心得。',
  '欢迎新朋友加入我们的社群。',
  '本周的分享会安排在周六晚上。',
  '有问题可以在评论区留言。',
  '感谢大家的支持和反馈。',
  '我们整理了一份资料清单。',
  '最近读了一本好书，推荐给大家。',
  '运营同学会统计大家的反馈。',
  '这周的作业请在周日前提交。',
  '有人想一起组队学习吗？',
  'Python 练习题已经更新。',
  '新人入门可以先看置顶帖。',
];
const EN_SENTENCES = [
  'Thanks for joining this week.',
  'Here are my notes from the meetup.',
  'Please share your feedback below.',
  'The recording is now available.',
  'Reminder: office hours on Friday.',
  'I found a useful article about habits.',
  'Our community call starts at 8pm.',
  'Welcome to everyone who joined today.',
];

/** Everyday posts: the common words of the targets (社群, 运营, Python, 入门, community) at low density. */
export function fillerDocs(count: number): CorpusDoc[] {
  const docs: CorpusDoc[] = [];
  for (let i = 0; i < count; i++) {
    const zh = i % 3 !== 2;
    const pool = zh ? ZH_SENTENCES : EN_SENTENCES;
    const text = [0, 5, 7].map((step) => pool[(i * 3 + step) % pool.length]).join(zh ? '' : ' ');
    docs.push({
      key: `filler${i}`,
      kind: 'post',
      title: zh ? `日常分享 第${i}期` : `Weekly notes #${i}`,
      text,
    });
  }
  return docs;
}

export interface QueryCase {
  q: string;
  /** The first result. */
  top?: string;
  /** All of these within the first `within` results. */
  among?: string[];
  within?: number;
  /** Not among the results at all. */
  absent?: string[];
  /** Exactly this many results. */
  count?: number;
}

export const QUERY_CASES: QueryCase[] = [
  { q: '社群运营', top: 'yunying' },
  { q: '社群', among: ['yunying', 'persist'], within: 3 },
  { q: '运营', among: ['yunying', 'ops'], within: 3 },
  { q: '活动运营', top: 'ops' },
  { q: 'Python 入门', top: 'pythonIntro' },
  { q: 'python入门', top: 'pythonIntro' },
  { q: '入门教程', top: 'pythonIntro' },
  { q: 'PYTHON', among: ['pythonIntro', 'pythonAdv', 'mlEn'], within: 4 },
  { q: '入门', among: ['pythonIntro', 'jsIntro', 'react', 'mlZh', 'sqlOpt'], within: 5 },
  { q: '装饰器', top: 'pythonAdv', count: 1 },
  { q: 'Python 生成器', top: 'pythonAdv' },
  { q: 'javascript', top: 'jsIntro' },
  { q: 'growth experiments', top: 'growth' },
  { q: 'growth', top: 'growth' },
  { q: 'pricing membership', top: 'pricing', count: 1 },
  { q: '数据分析', top: 'data' },
  { q: '留存率', top: 'data' },
  { q: '转化率 留存率', top: 'data', count: 1 },
  { q: '写作', top: 'writing' },
  { q: '标题', top: 'writing' },
  { q: '直播', top: 'live', count: 1 },
  { q: '复盘', top: 'live' },
  { q: '打卡', top: 'checkin' },
  { q: '阅读习惯', top: 'checkin' },
  { q: '21天', top: 'checkin' },
  { q: 'react hooks', top: 'react' },
  { q: 'useEffect', top: 'react', count: 1 },
  { q: '数据库索引', top: 'sqlIndex' },
  { q: '机器学习', top: 'mlZh' },
  { q: '线性回归', top: 'mlZh', count: 1 },
  { q: 'machine learning python', top: 'mlEn' },
  { q: 'machine learning', top: 'mlEn', among: ['shop'], within: 3 },
  { q: '"machine learning"', top: 'mlEn', absent: ['shop'] },
  { q: 'node.js', top: 'node', count: 1 },
  { q: '性能优化', top: 'node' },
  { q: 'cafe', top: 'cafe' },
  { q: 'remote work', top: 'cafe' },
  { q: 'AI绘画', top: 'ai' },
  { q: '知识付费', top: 'paid' },
  { q: '私域流量', top: 'private' },
  { q: '用户增长', top: 'private' },
  { q: 'newsletter', top: 'newsletter' },
  { q: 'SQL 优化', top: 'sqlOpt' },
  { q: '坚持', among: ['persist', 'checkin'], within: 2, count: 2 },
  { q: 'Python -入门', among: ['pythonAdv', 'mlEn'], absent: ['pythonIntro'] },
  { q: '十个方法', top: 'yunying' },
  { q: 'xyzzy', count: 0 },
  { q: '社群的运营', top: 'yunying' },
];

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  insertCommunity,
  insertMembership,
  insertPlan,
  registerUser,
  requester,
  setupOperator,
  type TestUser,
} from '../../../test/content-fixtures.js';
import { createTestApp, settleOutbox, type TestApp } from '../../../test/test-app.js';
import { ManualClock } from '../../platform/clock.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const clock = new ManualClock(Date.UTC(2026, 8, 1, 2, 0, 0));

let t: TestApp;
let http: ReturnType<typeof requester>;

beforeAll(async () => {
  t = await createTestApp({
    clock,
    authLimits: { registerPerIp: { limit: 10_000, windowMs: HOUR } },
    platformFeePercent: '5',
  });
  http = requester(t);
  await setupOperator(t);
});
afterAll(async () => {
  await t?.close();
});

const settle = () => settleOutbox(t, clock.now());

/** A POST with an Idempotency-Key. */
const postKeyed = (url: string, body: unknown, cookie: string, key: string) =>
  t.app.inject({
    method: 'POST',
    url,
    payload: JSON.stringify(body),
    headers: { 'content-type': 'application/json', cookie, 'idempotency-key': key },
  });

interface Scene {
  owner: TestUser;
  communityId: string;
  asker: TestUser;
  member: TestUser;
  outsider: TestUser;
}

async function scene(settings?: Record<string, unknown>): Promise<Scene> {
  const owner = await registerUser(t);
  const communityId = await insertCommunity(t.db, owner.id, clock.now());
  const planId = await insertPlan(t.db, communityId, clock.now());
  const asker = await registerUser(t);
  const member = await registerUser(t);
  const outsider = await registerUser(t);
  for (const user of [asker, member])
    await insertMembership(t.db, { communityId, userId: user.id, planId, startsAt: clock.now() });
  if (settings) {
    const res = await http.put(`/api/communities/${communityId}/paid-settings`, settings, owner.cookie);
    expect(res.statusCode, res.body).toBe(200);
  }
  return { owner, communityId, asker, member, outsider };
}

interface AskResult {
  question: { id: string; state: string; dueAt: number | null; orderId: string | null };
  order: {
    id: string;
    state: string;
    amountMinor: number;
    currency: string;
    item: { kind: string; id: string };
  };
}

async function ask(s: Scene, body = '社群运营的第一步应该做什么？', visible = true): Promise<AskResult> {
  const res = await http.post(
    `/api/communities/${s.communityId}/paid-questions`,
    { body, public: visible, provider: 'test' },
    s.asker.cookie,
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as AskResult;
}

async function pay(orderId: string, buyer: TestUser): Promise<void> {
  const paid = await http.post(`/api/orders/${orderId}/test-payment`, { outcome: 'succeed' }, buyer.cookie);
  expect(paid.statusCode, paid.body).toBe(200);
  await settle();
}

const notificationsOf = async (user: TestUser) =>
  (
    (await http.get('/api/me/notifications', user.cookie)).json() as {
      items: {
        kind: string;
        questionAction: string | null;
        item: { path: string | null };
        amountMinor: number | null;
      }[];
    }
  ).items;

/** Each account's balance from this order's journal lines (debit positive). */
async function orderLines(orderId: string) {
  const rows = await t.db
    .selectFrom('ledger_lines as l')
    .innerJoin('ledger_entries as e', 'e.id', 'l.entry_id')
    .select(['l.account', 'l.party_id', 'l.amount_minor'])
    .where('e.order_id', '=', orderId)
    .execute();
  const sums = new Map<string, number>();
  for (const r of rows) {
    const key = r.party_id ? `${r.account}:${r.party_id}` : r.account;
    sums.set(key, (sums.get(key) ?? 0) + Number(r.amount_minor));
  }
  return sums;
}

describe('paid question settings', () => {
  it('start with questions off in the currency of the first plan, and only the owner changes them (audited)', async () => {
    const s = await scene();
    const read = await http.get(`/api/communities/${s.communityId}/paid-settings`, s.outsider.cookie);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({
      currency: 'CNY',
      questions: { enabled: false },
      tips: { enabled: true, minMinor: 100 },
      providers: expect.arrayContaining(['test']),
    });
    const refused = await http.put(
      `/api/communities/${s.communityId}/paid-settings`,
      { questionsEnabled: true },
      s.member.cookie,
    );
    expect(refused.statusCode).toBe(403);
    const bad = await http.put(
      `/api/communities/${s.communityId}/paid-settings`,
      { questionPriceMinor: 5 },
      s.owner.cookie,
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('questionPriceMinor');
    const saved = await http.put(
      `/api/communities/${s.communityId}/paid-settings`,
      { questionsEnabled: true, questionPriceMinor: 990, questionAnswerDays: 2 },
      s.owner.cookie,
    );
    expect(saved.json()).toMatchObject({ questions: { enabled: true, priceMinor: 990, answerDays: 2 } });
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', s.communityId)
      .where('action', '=', 'paid_settings.set')
      .execute();
    expect(audit).toHaveLength(1);
  });
});

describe('paid questions', () => {
  it('are refused when off, to the owner, and to people outside the community', async () => {
    const off = await scene();
    const res = await http.post(
      `/api/communities/${off.communityId}/paid-questions`,
      { body: '问题', public: true, provider: 'test' },
      off.asker.cookie,
    );
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('paid_questions_off');

    const on = await scene({ questionsEnabled: true });
    const own = await http.post(
      `/api/communities/${on.communityId}/paid-questions`,
      { body: '问题', public: true, provider: 'test' },
      on.owner.cookie,
    );
    expect(own.statusCode).toBe(403);
    expect(own.json().code).toBe('own_community');
    const outside = await http.post(
      `/api/communities/${on.communityId}/paid-questions`,
      { body: '问题', public: true, provider: 'test' },
      on.outsider.cookie,
    );
    expect(outside.statusCode).toBe(403);
    expect(outside.json().code).toBe('join_required');
    const empty = await http.post(
      `/api/communities/${on.communityId}/paid-questions`,
      { body: '   ', public: true, provider: 'test' },
      on.asker.cookie,
    );
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('body');
  });

  it('open when paid, are answered by the owner, and are read by members only when public', async () => {
    const s = await scene({ questionsEnabled: true, questionPriceMinor: 990, questionAnswerDays: 2 });
    const key = 'ask-once-0001';
    const first = await postKeyed(
      `/api/communities/${s.communityId}/paid-questions`,
      { body: '付费社群怎么定价？', public: true, provider: 'test' },
      s.asker.cookie,
      key,
    );
    expect(first.statusCode, first.body).toBe(201);
    const again = await postKeyed(
      `/api/communities/${s.communityId}/paid-questions`,
      { body: '付费社群怎么定价？', public: true, provider: 'test' },
      s.asker.cookie,
      key,
    );
    expect(again.statusCode).toBe(200);
    const { question, order } = first.json() as AskResult;
    expect((again.json() as AskResult).question.id).toBe(question.id);
    expect(question.state).toBe('unpaid');
    expect(order).toMatchObject({
      amountMinor: 990,
      currency: 'CNY',
      item: { kind: 'question', id: question.id },
    });
    expect(
      await t.db.selectFrom('paid_questions').select('id').where('asker_id', '=', s.asker.id).execute(),
    ).toHaveLength(1);

    // Unpaid: not in the owner's inbox, not readable by members.
    const inboxBefore = await http.get(
      `/api/communities/${s.communityId}/paid-questions?scope=inbox`,
      s.owner.cookie,
    );
    expect(inboxBefore.json().items).toHaveLength(0);

    const paidAt = clock.now();
    await pay(order.id, s.asker);
    const open = (await http.get(`/api/paid-questions/${question.id}`, s.asker.cookie)).json();
    expect(open).toMatchObject({ state: 'open', dueAt: paidAt + 2 * DAY, answer: null });
    expect(
      (await notificationsOf(s.owner)).map((n) => [n.kind, n.questionAction, n.item.path]),
    ).toContainEqual(['paid_question', 'asked', `/paid-questions/${question.id}`]);
    const inbox = await http.get(
      `/api/communities/${s.communityId}/paid-questions?scope=inbox&state=open`,
      s.owner.cookie,
    );
    expect(inbox.json().items.map((q: { id: string }) => q.id)).toEqual([question.id]);
    expect(
      (await http.get(`/api/communities/${s.communityId}/paid-questions?scope=inbox`, s.member.cookie))
        .statusCode,
    ).toBe(403);

    // Before the answer, another member cannot read it, public or not.
    expect((await http.get(`/api/paid-questions/${question.id}`, s.member.cookie)).statusCode).toBe(404);
    const byMember = await http.post(
      `/api/paid-questions/${question.id}/answer`,
      { body: '我来答' },
      s.member.cookie,
    );
    expect(byMember.statusCode).toBe(404);

    const answered = await http.post(
      `/api/paid-questions/${question.id}/answer`,
      { body: '先做**三个月**的内容，再定价。' },
      s.owner.cookie,
    );
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json()).toMatchObject({
      state: 'answered',
      answer: { bodyHtml: expect.stringContaining('<strong>三个月</strong>') },
    });
    const twice = await http.post(
      `/api/paid-questions/${question.id}/answer`,
      { body: '再答一次' },
      s.owner.cookie,
    );
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('question_not_open');
    await settle();
    expect((await notificationsOf(s.asker)).map((n) => [n.kind, n.questionAction])).toContainEqual([
      'paid_question',
      'answered',
    ]);

    // Public and answered: members read it (without its order), outsiders do not.
    const read = await http.get(`/api/paid-questions/${question.id}`, s.member.cookie);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ orderId: null, abilities: { answer: false, setPublic: false } });
    expect((await http.get(`/api/paid-questions/${question.id}`, s.outsider.cookie)).statusCode).toBe(404);
    const publicList = await http.get(`/api/communities/${s.communityId}/paid-questions`, s.member.cookie);
    expect(publicList.json().items.map((q: { id: string }) => q.id)).toEqual([question.id]);
    expect(
      (await http.get(`/api/communities/${s.communityId}/paid-questions`, s.outsider.cookie)).statusCode,
    ).toBe(403);

    // The asker takes it back: private again.
    const hidden = await http.patch(`/api/paid-questions/${question.id}`, { public: false }, s.asker.cookie);
    expect(hidden.json()).toMatchObject({ public: false });
    expect(
      (await http.patch(`/api/paid-questions/${question.id}`, { public: true }, s.owner.cookie)).statusCode,
    ).toBe(403);
    expect((await http.get(`/api/paid-questions/${question.id}`, s.member.cookie)).statusCode).toBe(404);
    expect(
      (await http.get(`/api/communities/${s.communityId}/paid-questions`, s.member.cookie)).json().items,
    ).toHaveLength(0);
    const mine = await http.get(
      `/api/communities/${s.communityId}/paid-questions?scope=mine`,
      s.asker.cookie,
    );
    expect(mine.json().items.map((q: { id: string }) => q.id)).toEqual([question.id]);

    // The creator is owed the price less the fee.
    expect(Object.fromEntries(await orderLines(order.id))).toEqual({
      buyer_payments: 990,
      creator_payable: -(990 - 50),
      platform_revenue: -50,
    });
  });

  it('are refunded in full by the job when the owner does not answer in time, once', async () => {
    const s = await scene({ questionsEnabled: true, questionPriceMinor: 1_990, questionAnswerDays: 1 });
    const { question, order } = await ask(s);
    await pay(order.id, s.asker);
    const answeredInTime = await ask(s, '另一个问题');
    await pay(answeredInTime.order.id, s.asker);
    expect(
      (
        await http.post(
          `/api/paid-questions/${answeredInTime.question.id}/answer`,
          { body: '答' },
          s.owner.cookie,
        )
      ).statusCode,
    ).toBe(200);

    // Not yet due: the job leaves it.
    clock.advance(23 * HOUR);
    await t.deps.jobs.runDue();
    await settle();
    expect((await http.get(`/api/paid-questions/${question.id}`, s.asker.cookie)).json().state).toBe('open');

    clock.advance(2 * HOUR);
    await t.deps.jobs.runDue();
    await settle();
    const refunded = (await http.get(`/api/paid-questions/${question.id}`, s.asker.cookie)).json();
    expect(refunded.state).toBe('refunded');
    const orderNow = (await http.get(`/api/orders/${order.id}`, s.asker.cookie)).json();
    expect(orderNow).toMatchObject({ state: 'refunded' });
    const refunds = await t.db.selectFrom('refunds').selectAll().where('order_id', '=', order.id).execute();
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ state: 'succeeded', requested_by: null, amount_minor: 1_990 });
    // Every account of the order nets to zero.
    for (const total of (await orderLines(order.id)).values()) expect(total).toBe(0);
    expect((await notificationsOf(s.asker)).map((n) => [n.kind, n.questionAction])).toContainEqual([
      'paid_question',
      'refunded',
    ]);
    // Too late to answer; the answered one was not refunded; a second run refunds nothing more.
    const late = await http.post(
      `/api/paid-questions/${question.id}/answer`,
      { body: '晚了' },
      s.owner.cookie,
    );
    expect(late.statusCode).toBe(409);
    clock.advance(10 * 60_000);
    await t.deps.jobs.runDue();
    await settle();
    expect(
      await t.db.selectFrom('refunds').select('id').where('order_id', '=', order.id).execute(),
    ).toHaveLength(1);
    expect((await http.get(`/api/orders/${answeredInTime.order.id}`, s.asker.cookie)).json().state).toBe(
      'paid',
    );
  });

  it('are refunded by a later run when a process stopped between claiming and refunding', async () => {
    const s = await scene({ questionsEnabled: true, questionAnswerDays: 1 });
    const { question, order } = await ask(s);
    await pay(order.id, s.asker);
    clock.advance(DAY + HOUR);
    // What a process leaves behind when it stops right after claiming the question.
    await t.db
      .updateTable('paid_questions')
      .set({ state: 'refunding', updated_at: clock.now() })
      .where('id', '=', question.id)
      .execute();
    await t.deps.jobs.runDue();
    await settle();
    expect(
      await t.db.selectFrom('refunds').select('id').where('order_id', '=', order.id).execute(),
    ).toHaveLength(0);
    const answer = await http.post(
      `/api/paid-questions/${question.id}/answer`,
      { body: '来了' },
      s.owner.cookie,
    );
    expect(answer.statusCode).toBe(409);

    clock.advance(16 * 60_000);
    await t.deps.jobs.runDue();
    await settle();
    expect((await http.get(`/api/paid-questions/${question.id}`, s.asker.cookie)).json().state).toBe(
      'refunded',
    );
    expect((await http.get(`/api/orders/${order.id}`, s.asker.cookie)).json().state).toBe('refunded');
    clock.advance(16 * 60_000);
    await t.deps.jobs.runDue();
    await settle();
    expect(
      await t.db.selectFrom('refunds').select('id').where('order_id', '=', order.id).execute(),
    ).toHaveLength(1);
  });

  it('end either answered or refunded when the answer races the refund job, never both', async () => {
    const s = await scene({ questionsEnabled: true, questionAnswerDays: 1 });
    const asked: AskResult[] = [];
    for (let i = 0; i < 5; i++) {
      const a = await ask(s, `问题 ${i}`);
      await pay(a.order.id, s.asker);
      asked.push(a);
    }
    clock.advance(DAY + HOUR);
    const answers = asked.map((a) =>
      http.post(`/api/paid-questions/${a.question.id}/answer`, { body: '来了' }, s.owner.cookie),
    );
    const [results] = await Promise.all([Promise.all(answers), t.deps.jobs.runDue()]);
    await settle();
    for (const [i, a] of asked.entries()) {
      const question = (await http.get(`/api/paid-questions/${a.question.id}`, s.asker.cookie)).json();
      const order = (await http.get(`/api/orders/${a.order.id}`, s.asker.cookie)).json();
      if (results[i]?.statusCode === 200) {
        expect(question.state).toBe('answered');
        expect(order.state).toBe('paid');
      } else {
        expect(results[i]?.statusCode).toBe(409);
        expect(question.state).toBe('refunded');
        expect(order.state).toBe('refunded');
      }
    }
  });

  it('cannot be refunded by the asker themselves (no refund window for questions)', async () => {
    const s = await scene({ questionsEnabled: true });
    const { order } = await ask(s);
    await pay(order.id, s.asker);
    const res = await http.post(`/api/orders/${order.id}/refund`, { reason: '不想问了' }, s.asker.cookie);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('refund_window_closed');
  });
});

describe('tips', () => {
  async function postBy(s: Scene, author: TestUser) {
    const res = await http.post(
      `/api/communities/${s.communityId}/posts`,
      { title: '运营复盘', body: '社群运营的一点心得' },
      author.cookie,
    );
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  }

  it('credit the member who wrote the post with the tip less the fee, and refunds take it back', async () => {
    const s = await scene();
    const postId = await postBy(s, s.member);
    const own = await http.post(
      `/api/posts/${postId}/tips`,
      { amountMinor: 500, provider: 'test' },
      s.member.cookie,
    );
    expect(own.statusCode).toBe(409);
    expect(own.json().code).toBe('own_content');
    const tooSmall = await http.post(
      `/api/posts/${postId}/tips`,
      { amountMinor: 10, provider: 'test' },
      s.asker.cookie,
    );
    expect(tooSmall.statusCode).toBe(400);
    expect(tooSmall.body).toContain('amountMinor');
    const outside = await http.post(
      `/api/posts/${postId}/tips`,
      { amountMinor: 500, provider: 'test' },
      s.outsider.cookie,
    );
    expect(outside.statusCode).toBe(403);

    const res = await http.post(
      `/api/posts/${postId}/tips`,
      { amountMinor: 1_000, provider: 'test', message: '谢谢分享' },
      s.asker.cookie,
    );
    expect(res.statusCode, res.body).toBe(201);
    const { tip, order } = res.json() as {
      tip: { id: string; state: string };
      order: { id: string; item: { kind: string; name: string } };
    };
    expect(tip.state).toBe('unpaid');
    expect(order.item.kind).toBe('tip');
    // The order names whom the tip went to, never the post's text (the order outlives access to it).
    const author = await t.db
      .selectFrom('users')
      .select('display_name')
      .where('id', '=', s.member.id)
      .executeTakeFirstOrThrow();
    expect(order.item.name).toBe(author.display_name);
    await pay(order.id, s.asker);

    expect(Object.fromEntries(await orderLines(order.id))).toEqual({
      buyer_payments: 1_000,
      [`member_payable:${s.member.id}`]: -950,
      platform_revenue: -50,
    });
    const notes = await notificationsOf(s.member);
    expect(notes.map((n) => [n.kind, n.amountMinor])).toContainEqual(['tip', 1_000]);

    const forAuthor = (await http.get(`/api/posts/${postId}/tips`, s.member.cookie)).json();
    expect(forAuthor).toMatchObject({ count: 1, totalMinor: 1_000, currency: 'CNY', canTip: false });
    expect(forAuthor.tippers.map((p: { id: string }) => p.id)).toEqual([s.asker.id]);
    const forOthers = (await http.get(`/api/posts/${postId}/tips`, s.asker.cookie)).json();
    expect(forOthers).toMatchObject({ count: 1, totalMinor: null, canTip: true });
    expect((await http.get(`/api/posts/${postId}/tips`, s.outsider.cookie)).statusCode).toBe(403);

    // The creator's revenue shows the tip as money passed through to a member.
    const revenue = (await http.get(`/api/communities/${s.communityId}/revenue`, s.owner.cookie)).json();
    expect(revenue.currencies[0]).toMatchObject({
      grossMinor: 1_000,
      feesMinor: 50,
      memberTipsMinor: 950,
      netMinor: 0,
    });

    // The tipper cannot take it back; the owner can, and the member's account nets to zero.
    const self = await http.post(`/api/orders/${order.id}/refund`, { reason: '点错了' }, s.asker.cookie);
    expect(self.statusCode).toBe(403);
    const byOwner = await http.post(`/api/orders/${order.id}/refund`, { reason: '误操作' }, s.owner.cookie);
    expect(byOwner.statusCode, byOwner.body).toBe(200);
    await settle();
    for (const total of (await orderLines(order.id)).values()) expect(total).toBe(0);
    expect((await http.get(`/api/posts/${postId}/tips`, s.member.cookie)).json()).toMatchObject({
      count: 0,
      totalMinor: 0,
    });
  });

  it('to the owner go to the creator account; tips on a comment go to its author; off means off', async () => {
    const s = await scene();
    const postId = await postBy(s, s.owner);
    const toOwner = await http.post(
      `/api/posts/${postId}/tips`,
      { amountMinor: 200, provider: 'test' },
      s.asker.cookie,
    );
    expect(toOwner.statusCode, toOwner.body).toBe(201);
    await pay(toOwner.json().order.id, s.asker);
    expect(Object.fromEntries(await orderLines(toOwner.json().order.id))).toEqual({
      buyer_payments: 200,
      creator_payable: -190,
      platform_revenue: -10,
    });

    const comment = await http.post(`/api/posts/${postId}/comments`, { body: '补充一点' }, s.member.cookie);
    expect(comment.statusCode, comment.body).toBe(201);
    const commentId = comment.json().id as string;
    const toComment = await http.post(
      `/api/posts/${postId}/tips`,
      { amountMinor: 300, commentId, provider: 'test' },
      s.asker.cookie,
    );
    expect(toComment.statusCode, toComment.body).toBe(201);
    expect(toComment.json().tip.recipient.id).toBe(s.member.id);
    const unknown = await http.post(
      `/api/posts/${postId}/tips`,
      { amountMinor: 300, commentId: 'nope', provider: 'test' },
      s.asker.cookie,
    );
    expect(unknown.statusCode).toBe(404);

    await http.put(`/api/communities/${s.communityId}/paid-settings`, { tipsEnabled: false }, s.owner.cookie);
    const off = await http.post(
      `/api/posts/${postId}/tips`,
      { amountMinor: 200, provider: 'test' },
      s.asker.cookie,
    );
    expect(off.statusCode).toBe(409);
    expect(off.json().code).toBe('tips_off');
  });
});

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
import { REFERRAL_COOKIE, releaseCommission } from './referrals.ledger.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PRICE = 19_900;
/** PLATFORM_FEE_PERCENT=5. */
const FEE = 995;
/** 10 % of the price. */
const COMMISSION = 1_990;
const clock = new ManualClock(Date.UTC(2026, 6, 1, 4, 0, 0));

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
const fieldsOf = (res: { json(): { errors?: { path: string }[] } }) =>
  (res.json().errors ?? []).map((e) => e.path);

interface Scene {
  owner: TestUser;
  communityId: string;
  planId: string;
  referrer: TestUser;
  code: string;
}

/** A community whose plan pays 10 %, and a member with a referral link. */
async function scene(): Promise<Scene> {
  const owner = await registerUser(t);
  const communityId = await insertCommunity(t.db, owner.id, clock.now());
  const planId = await insertPlan(t.db, communityId, clock.now());
  const program = await http.put(
    `/api/plans/${planId}/referral-program`,
    { enabled: true, commissionBasisPoints: 1_000 },
    owner.cookie,
  );
  expect(program.statusCode, program.body).toBe(200);
  const referrer = await memberOf(communityId, planId);
  const link = await http.get(`/api/communities/${communityId}/referral-link`, referrer.cookie);
  expect(link.statusCode, link.body).toBe(200);
  return { owner, communityId, planId, referrer, code: link.json().code };
}

async function memberOf(communityId: string, planId: string, endsAt: number | null = null) {
  const user = await registerUser(t);
  await insertMembership(t.db, { communityId, userId: user.id, planId, startsAt: clock.now(), endsAt });
  return user;
}

/** A click on a referral link; returns the visitor cookie the answer set (or the one sent). */
async function click(code: string, cookie?: string): Promise<string | undefined> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/referrals/clicks',
    payload: { code },
    headers: cookie ? { cookie } : {},
  });
  expect(res.statusCode, res.body).toBe(204);
  const set = res.cookies.find((c) => c.name === REFERRAL_COOKIE);
  return set ? `${REFERRAL_COOKIE}=${set.value}` : undefined;
}

async function order(buyer: TestUser, planId: string, extraCookie?: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/orders',
    payload: { planId, provider: 'test' },
    headers: { cookie: extraCookie ? `${buyer.cookie}; ${extraCookie}` : buyer.cookie },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; state: string };
}

async function pay(buyer: TestUser, orderId: string) {
  const res = await http.post(`/api/orders/${orderId}/test-payment`, { outcome: 'succeed' }, buyer.cookie);
  expect(res.statusCode, res.body).toBe(200);
  await settle();
}

const commissionOf = (orderId: string) =>
  t.db.selectFrom('referral_commissions').selectAll().where('order_id', '=', orderId).executeTakeFirst();

/** The order's referral entries with their lines; asserts each balances. */
async function referralEntries(orderId: string) {
  const entries = await t.db
    .selectFrom('ledger_entries')
    .selectAll()
    .where('order_id', '=', orderId)
    .where('kind', 'in', ['referral_commission', 'referral_release', 'referral_reversal'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const result = [];
  for (const entry of entries) {
    const lines = await t.db
      .selectFrom('ledger_lines')
      .selectAll()
      .where('entry_id', '=', entry.id)
      .orderBy('line_no')
      .execute();
    expect(lines.reduce((sum, l) => sum + Number(l.amount_minor), 0)).toBe(0);
    result.push({
      kind: entry.kind,
      lines: lines.map((l) => ({ account: l.account, amount: Number(l.amount_minor), party: l.party_id })),
    });
  }
  return result;
}

const myReferrals = async (user: TestUser) => {
  const res = await http.get('/api/me/referrals', user.cookie);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    clicks: number;
    orders: number;
    totals: { currency: string; pendingMinor: number; payableMinor: number }[];
    items: { orderId: string; state: string; commissionMinor: number; reversedMinor: number }[];
  };
};

// ── programmes and links ─────────────────────────────────────────────────

describe('referral programmes and links', () => {
  it('the owner sets a plan’s commission: 401, 400 naming the field, 403 for members, 404', async () => {
    const owner = await registerUser(t);
    const communityId = await insertCommunity(t.db, owner.id, clock.now());
    const planId = await insertPlan(t.db, communityId, clock.now());
    const member = await memberOf(communityId, planId);
    const url = `/api/plans/${planId}/referral-program`;
    expect((await http.put(url, { enabled: true, commissionBasisPoints: 500 })).statusCode).toBe(401);
    const tooMuch = await http.put(url, { enabled: true, commissionBasisPoints: 9_500 }, owner.cookie);
    expect(tooMuch.statusCode).toBe(400);
    expect(fieldsOf(tooMuch)).toContain('commissionBasisPoints');
    expect(
      (await http.put(url, { enabled: true, commissionBasisPoints: 500 }, member.cookie)).statusCode,
    ).toBe(403);
    const missing = '/api/plans/0190f0f0-0000-7000-8000-000000000000/referral-program';
    expect(
      (await http.put(missing, { enabled: true, commissionBasisPoints: 500 }, owner.cookie)).statusCode,
    ).toBe(404);
    const ok = await http.put(url, { enabled: true, commissionBasisPoints: 1_500 }, owner.cookie);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      planId,
      enabled: true,
      commissionBasisPoints: 1_500,
      priceMinor: PRICE,
    });
    const list = await http.get(`/api/communities/${communityId}/referral-programs`, owner.cookie);
    expect(list.json().items).toEqual([expect.objectContaining({ planId, enabled: true })]);
    expect(
      (await http.get(`/api/communities/${communityId}/referral-programs`, member.cookie)).statusCode,
    ).toBe(403);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', planId)
      .where('action', '=', 'referral.program_set')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('an active member gets one stable link; others 403; anonymous 401', async () => {
    const s = await scene();
    const again = await http.get(`/api/communities/${s.communityId}/referral-link`, s.referrer.cookie);
    expect(again.json()).toMatchObject({
      code: s.code,
      programs: [expect.objectContaining({ planId: s.planId })],
    });
    expect(again.json().url).toMatch(new RegExp(`/c/c-${s.communityId}\\?ref=${s.code}$`));
    const outsider = await registerUser(t);
    const refused = await http.get(`/api/communities/${s.communityId}/referral-link`, outsider.cookie);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('referral_members_only');
    expect((await http.get(`/api/communities/${s.communityId}/referral-link`)).statusCode).toBe(401);
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/referrals/clicks',
      payload: { code: 'nope' },
    });
    expect(unknown.statusCode).toBe(400);
    const notAcode = await t.app.inject({
      method: 'POST',
      url: '/api/referrals/clicks',
      payload: { code: 'ZZZZZZZZZZ' },
    });
    expect(notAcode.statusCode).toBe(404);
  });
});

// ── attribution ──────────────────────────────────────────────────────────

describe('attribution', () => {
  it('the last click within 30 days wins, by account or by the click’s cookie', async () => {
    const s = await scene();
    const other = await memberOf(s.communityId, s.planId);
    const otherCode = (await http.get(`/api/communities/${s.communityId}/referral-link`, other.cookie)).json()
      .code;

    // Signed in: A's link, then B's a day later; B is the last click.
    const buyer = await registerUser(t);
    await click(s.code, buyer.cookie);
    clock.advance(DAY);
    await click(otherCode, buyer.cookie);
    const first = await order(buyer, s.planId);
    expect(await commissionOf(first.id)).toMatchObject({ referrer_id: other.id, state: 'attributed' });

    // Anonymous: the click sets a cookie; the visitor signs up and buys with it.
    const cookie = await click(s.code);
    expect(cookie).toBeDefined();
    const newcomer = await registerUser(t);
    const second = await order(newcomer, s.planId, cookie);
    expect(await commissionOf(second.id)).toMatchObject({
      referrer_id: s.referrer.id,
      click_id: expect.any(String),
    });
  });

  it('ignores a click older than 30 days', async () => {
    const s = await scene();
    const cookie = await click(s.code);
    clock.advance(30 * DAY + 1);
    const buyer = await registerUser(t);
    const late = await order(buyer, s.planId, cookie);
    expect(await commissionOf(late.id)).toBeUndefined();
  });

  it('ignores the referrer’s own clicks, signed in or by cookie', async () => {
    const s = await scene();
    // The referrer's membership has an end, so they may buy another term.
    const referrer = await memberOf(s.communityId, s.planId, clock.now() + 10 * DAY);
    const code = (await http.get(`/api/communities/${s.communityId}/referral-link`, referrer.cookie)).json()
      .code;
    await click(code, referrer.cookie);
    const cookie = await click(code);
    const own = await order(referrer, s.planId, cookie);
    expect(await commissionOf(own.id)).toBeUndefined();
    const clicks = await t.db
      .selectFrom('referral_clicks')
      .select('visitor_id')
      .where('code', '=', code)
      .execute();
    // The signed-in click was not recorded; the anonymous one was, but never attributes to its referrer.
    expect(clicks).toEqual([{ visitor_id: null }]);
  });

  it('attributes nothing when the plan has no programme', async () => {
    const s = await scene();
    await http.put(
      `/api/plans/${s.planId}/referral-program`,
      { enabled: false, commissionBasisPoints: 1_000 },
      s.owner.cookie,
    );
    const buyer = await registerUser(t);
    await click(s.code, buyer.cookie);
    const plain = await order(buyer, s.planId);
    expect(await commissionOf(plain.id)).toBeUndefined();
  });
});

// ── commission in the journal ────────────────────────────────────────────

describe('commission', () => {
  it('is booked only when paid, balanced, out of the creator’s share; shown to the referrer and owner', async () => {
    const s = await scene();
    const buyer = await registerUser(t);
    await click(s.code, buyer.cookie);
    const o = await order(buyer, s.planId);
    expect(await referralEntries(o.id)).toEqual([]);
    expect((await myReferrals(s.referrer)).totals).toEqual([]);

    await pay(buyer, o.id);
    expect(await referralEntries(o.id)).toEqual([
      {
        kind: 'referral_commission',
        lines: [
          { account: 'creator_payable', amount: COMMISSION, party: null },
          { account: 'referral_pending', amount: -COMMISSION, party: s.referrer.id },
        ],
      },
    ]);
    expect(await commissionOf(o.id)).toMatchObject({
      state: 'pending',
      commission_minor: COMMISSION,
      payable_at: clock.now() + 72 * HOUR,
    });
    // A replayed payment books nothing more.
    expect(
      await t.app.services.payments.orders.applyEvent('test', {
        kind: 'payment_succeeded',
        eventId: `test:${o.id}:paid`,
        orderId: o.id,
        providerRef: 'x',
        amountMinor: PRICE,
        currency: 'CNY',
        paidAt: clock.now(),
      }),
    ).toBe('replay');
    expect(await referralEntries(o.id)).toHaveLength(1);

    const mine = await myReferrals(s.referrer);
    expect(mine).toMatchObject({
      clicks: 1,
      orders: 1,
      totals: [{ currency: 'CNY', pendingMinor: COMMISSION, payableMinor: 0 }],
      items: [{ orderId: o.id, state: 'pending', commissionMinor: COMMISSION }],
    });
    const revenue = (await http.get(`/api/communities/${s.communityId}/revenue`, s.owner.cookie)).json();
    expect(revenue.currencies[0]).toMatchObject({
      grossMinor: PRICE,
      feesMinor: FEE,
      commissionsMinor: COMMISSION,
      netMinor: PRICE - FEE - COMMISSION,
      balanceMinor: PRICE - FEE - COMMISSION,
    });
    const referrers = await http.get(`/api/communities/${s.communityId}/referrals`, s.owner.cookie);
    expect(referrers.statusCode, referrers.body).toBe(200);
    expect(referrers.json().items).toEqual([
      expect.objectContaining({
        userId: s.referrer.id,
        clicks: 1,
        orders: 1,
        totals: [{ currency: 'CNY', pendingMinor: COMMISSION, payableMinor: 0 }],
      }),
    ]);
    expect((await http.get(`/api/communities/${s.communityId}/referrals`, buyer.cookie)).statusCode).toBe(
      403,
    );
    expect((await http.get('/api/me/referrals')).statusCode).toBe(401);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', o.id)
      .where('action', '=', 'referral.commission_booked')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('a refund in the window reverses it in proportion, then wholly; nothing becomes payable', async () => {
    const s = await scene();
    const buyer = await registerUser(t);
    await click(s.code, buyer.cookie);
    const o = await order(buyer, s.planId);
    await pay(buyer, o.id);
    // The owner gives back a quarter, then the rest.
    const quarter = await http.post(
      `/api/orders/${o.id}/refund`,
      { amountMinor: PRICE / 4 - 75, reason: 'partial' },
      s.owner.cookie,
    );
    expect(quarter.statusCode, quarter.body).toBe(200);
    const partial = Math.floor((COMMISSION * (PRICE / 4 - 75)) / PRICE);
    expect(await commissionOf(o.id)).toMatchObject({ state: 'pending', reversed_minor: partial });
    const rest = await http.post(`/api/orders/${o.id}/refund`, { reason: 'rest' }, s.owner.cookie);
    expect(rest.statusCode, rest.body).toBe(200);
    const entries = await referralEntries(o.id);
    expect(entries.map((e) => e.kind)).toEqual([
      'referral_commission',
      'referral_reversal',
      'referral_reversal',
    ]);
    expect(entries[1]?.lines).toEqual([
      { account: 'referral_pending', amount: partial, party: s.referrer.id },
      { account: 'creator_payable', amount: -partial, party: null },
    ]);
    expect(await commissionOf(o.id)).toMatchObject({ state: 'reversed', reversed_minor: COMMISSION });
    expect((await myReferrals(s.referrer)).totals).toEqual([
      { currency: 'CNY', pendingMinor: 0, payableMinor: 0 },
    ]);
    // Every account of the order nets to zero.
    const lines = await t.db
      .selectFrom('ledger_lines as l')
      .innerJoin('ledger_entries as e', 'e.id', 'l.entry_id')
      .select(['l.account', (eb) => eb.fn.sum<number | string>('l.amount_minor').as('total')])
      .where('e.order_id', '=', o.id)
      .groupBy('l.account')
      .execute();
    for (const line of lines) expect(Number(line.total), line.account).toBe(0);
    clock.advance(73 * HOUR);
    await t.app.services.payments.referrals.releaseDue();
    expect((await referralEntries(o.id)).map((e) => e.kind)).not.toContain('referral_release');
  });

  it('the job makes it payable once the window has closed, exactly once; a later refund takes it back', async () => {
    const s = await scene();
    const buyer = await registerUser(t);
    await click(s.code, buyer.cookie);
    const o = await order(buyer, s.planId);
    await pay(buyer, o.id);
    const { referrals } = t.app.services.payments;
    clock.advance(71 * HOUR);
    await referrals.releaseDue();
    expect(await commissionOf(o.id)).toMatchObject({ state: 'pending' });
    clock.advance(2 * HOUR);
    // Three runs at once (three processes): one releases it.
    const runs = await Promise.all([1, 2, 3].map(() => releaseCommission(t.db, o.id, clock.now())));
    expect(runs.filter(Boolean)).toHaveLength(1);
    await referrals.releaseDue();
    const entries = await referralEntries(o.id);
    expect(entries.map((e) => e.kind)).toEqual(['referral_commission', 'referral_release']);
    expect(entries[1]?.lines).toEqual([
      { account: 'referral_pending', amount: COMMISSION, party: s.referrer.id },
      { account: 'referral_payable', amount: -COMMISSION, party: s.referrer.id },
    ]);
    expect((await myReferrals(s.referrer)).totals).toEqual([
      { currency: 'CNY', pendingMinor: 0, payableMinor: COMMISSION },
    ]);
    expect(await commissionOf(o.id)).toMatchObject({ state: 'payable' });

    // Through the jobs runner too: nothing more to release.
    await t.deps.jobs.runDue();
    expect(await referralEntries(o.id)).toHaveLength(2);

    // After the window only the owner refunds; the commission comes back out of the referrer's balance.
    const refund = await http.post(`/api/orders/${o.id}/refund`, { reason: 'goodwill' }, s.owner.cookie);
    expect(refund.statusCode, refund.body).toBe(200);
    const after = await referralEntries(o.id);
    expect(after.at(-1)).toEqual({
      kind: 'referral_reversal',
      lines: [
        { account: 'referral_payable', amount: COMMISSION, party: s.referrer.id },
        { account: 'creator_payable', amount: -COMMISSION, party: null },
      ],
    });
    expect((await myReferrals(s.referrer)).totals).toEqual([
      { currency: 'CNY', pendingMinor: 0, payableMinor: 0 },
    ]);
  });
});

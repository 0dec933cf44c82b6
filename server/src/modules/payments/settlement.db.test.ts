/**
 * Orders paid with a community's own provider keys: the money is in the creator's account
 * (creator_held), so the creator owes the platform its fee instead of being owed the rest.
 * The community's Alipay keys point at a local fake gateway, so orders, notifications and refunds
 * take the same code paths as in production.
 */
import { createSign, generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  insertCommunity,
  insertPlan,
  registerUser,
  requester,
  setupOperator,
  type TestUser,
} from '../../../test/content-fixtures.js';
import { createTestApp, settleOutbox, type TestApp } from '../../../test/test-app.js';
import { ManualClock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';

const PRICE = 19_900;
/** PLATFORM_FEE_PERCENT=5: 995 of 19 900. */
const FEE = 995;
const clock = new ManualClock(Date.UTC(2026, 7, 1, 4, 0, 0));

// ── the community's Alipay account: a fake gateway ───────────────────────

const appId = '2021000000000077';
const appKeys = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const alipayKeys = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const sign = (text: string) =>
  createSign('RSA-SHA256').update(text, 'utf8').sign(alipayKeys.privateKey, 'base64');
/** Refunds the gateway was asked for: out_request_no → amount. */
const gatewayRefunds = new Map<string, string>();

const gateway: Server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const params = Object.fromEntries([
      ...new URL(req.url ?? '/', 'http://fake').searchParams,
      ...new URLSearchParams(Buffer.concat(chunks).toString()),
    ]) as Record<string, string>;
    const biz = JSON.parse(params.biz_content ?? '{}') as Record<string, string>;
    const method = params.method ?? '';
    let answer: Record<string, unknown> = { code: '40004', msg: 'Business Failed' };
    if (method === 'alipay.trade.precreate')
      answer = { code: '10000', msg: 'Success', out_trade_no: biz.out_trade_no, qr_code: 'https://qr/x' };
    if (method === 'alipay.trade.refund') {
      gatewayRefunds.set(biz.out_request_no ?? '', biz.refund_amount ?? '');
      answer = { code: '10000', msg: 'Success', fund_change: 'Y', refund_fee: biz.refund_amount };
    }
    const text = JSON.stringify(answer);
    res.writeHead(200, { 'content-type': 'application/json;charset=utf-8' });
    res.end(`{"${method.replaceAll('.', '_')}_response":${text},"sign":"${sign(text)}"}`);
  });
});

function paidNotification(orderId: string, amount: number) {
  const params: Record<string, string> = {
    notify_time: '2026-08-01 12:01:05',
    notify_type: 'trade_status_sync',
    notify_id: `notify_${newId()}`,
    app_id: appId,
    charset: 'utf-8',
    version: '1.0',
    sign_type: 'RSA2',
    trade_no: `2026${Date.now()}`,
    out_trade_no: orderId,
    trade_status: 'TRADE_SUCCESS',
    total_amount: (amount / 100).toFixed(2),
    gmt_payment: '2026-08-01 12:01:04',
  };
  const content = Object.keys(params)
    .filter((k) => k !== 'sign' && k !== 'sign_type')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
  params.sign = sign(content);
  return new URLSearchParams(params).toString();
}

// ── the app ───────────────────────────────────────────────────────────────

let t: TestApp;
let http: ReturnType<typeof requester>;
let operator: TestUser;
let gatewayUrl: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/gateway.do`;
  t = await createTestApp({ clock, platformFeePercent: '5' });
  http = requester(t);
  operator = await setupOperator(t);
});
afterAll(async () => {
  await t?.close();
  gateway.closeAllConnections();
  await new Promise((resolve) => gateway.close(resolve));
});

/** A community whose Alipay payments go into its own account; the test provider stays the platform's. */
async function keyedCommunity() {
  const owner = await registerUser(t);
  const communityId = await insertCommunity(t.db, owner.id, clock.now());
  const planId = await insertPlan(t.db, communityId, clock.now());
  const saved = await http.put(
    `/api/admin/communities/${communityId}/payment-providers/alipay`,
    { appId, privateKey: appKeys.privateKey, alipayPublicKey: alipayKeys.publicKey, gateway: gatewayUrl },
    operator.cookie,
  );
  expect(saved.statusCode, saved.body).toBe(200);
  return { owner, communityId, planId };
}

async function order(buyer: TestUser, planId: string, provider: 'alipay' | 'test') {
  const res = await http.post('/api/orders', { planId, provider }, buyer.cookie);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; settlement: string; state: string };
}

/** The buyer pays at Alipay; the notification arrives on the community's own webhook path. */
async function payAtAlipay(communityId: string, orderId: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/webhooks/alipay/${communityId}`,
    payload: paidNotification(orderId, PRICE),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.body).toBe('success');
  await settleOutbox(t, clock.now());
}

async function payAtTest(buyer: TestUser, orderId: string) {
  const res = await http.post(`/api/orders/${orderId}/test-payment`, { outcome: 'succeed' }, buyer.cookie);
  expect(res.statusCode, res.body).toBe(200);
  await settleOutbox(t, clock.now());
}

async function revenueOf(communityId: string, cookie: string) {
  const res = await http.get(`/api/communities/${communityId}/revenue`, cookie);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().currencies[0] as Record<string, number>;
}

/** Sum of each account's lines, for one community, or one order's entries. */
async function accounts(where: { communityId: string } | { orderId: string }) {
  let query = t.db
    .selectFrom('ledger_lines as l')
    .innerJoin('ledger_entries as e', 'e.id', 'l.entry_id')
    .select(['l.account', (eb) => eb.fn.sum<number | string>('l.amount_minor').as('total')])
    .groupBy('l.account');
  query =
    'orderId' in where
      ? query.where('e.order_id', '=', where.orderId)
      : query.where('l.community_id', '=', where.communityId);
  return Object.fromEntries((await query.execute()).map((r) => [r.account, Number(r.total)]));
}

async function expectEveryEntryBalanced(communityId: string) {
  const rows = await t.db
    .selectFrom('ledger_lines')
    .select(['entry_id', (eb) => eb.fn.sum<number | string>('amount_minor').as('total')])
    .where('community_id', '=', communityId)
    .groupBy('entry_id')
    .execute();
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) expect(Number(row.total)).toBe(0);
}

const operatorBalance = async (communityId: string) => {
  const res = await http.get('/api/admin/payouts/balances?limit=100', operator.cookie);
  expect(res.statusCode, res.body).toBe(200);
  const items = res.json().items as { community: { id: string }; balances: { balanceMinor: number }[] }[];
  return items.find((i) => i.community.id === communityId)?.balances[0]?.balanceMinor ?? 0;
};

const settle = (kind: 'payouts' | 'fees-collected', communityId: string, amountMinor: number, key?: string) =>
  t.app.inject({
    method: 'POST',
    url: `/api/admin/communities/${communityId}/${kind}`,
    payload: JSON.stringify({ amountMinor, currency: 'CNY', reference: `ref ${kind}` }),
    headers: {
      'content-type': 'application/json',
      cookie: operator.cookie,
      ...(key ? { 'idempotency-key': key } : {}),
    },
  });

describe("payments into a community's own account", () => {
  it('are booked to creator_held: the creator owes the fee, a refund gives it back', async () => {
    const { owner, communityId, planId } = await keyedCommunity();
    const buyer = await registerUser(t);
    const placed = await order(buyer, planId, 'alipay');
    expect(placed.settlement).toBe('community');
    await payAtAlipay(communityId, placed.id);
    const paid = await http.get(`/api/orders/${placed.id}`, buyer.cookie);
    expect(paid.json()).toMatchObject({ state: 'paid', settlement: 'community' });

    // Dr creator_held / Cr creator_payable / Cr platform_revenue; nothing reaches buyer_payments.
    expect(await accounts({ orderId: placed.id })).toEqual({
      creator_held: PRICE,
      creator_payable: -(PRICE - FEE),
      platform_revenue: -FEE,
    });
    await expectEveryEntryBalanced(communityId);
    expect(await revenueOf(communityId, owner.cookie)).toMatchObject({
      grossMinor: PRICE,
      feesMinor: FEE,
      refundsMinor: 0,
      netMinor: PRICE - FEE,
      balanceMinor: -FEE,
      paidOutMinor: 0,
      feesCollectedMinor: 0,
      orders: 1,
    });
    expect(await operatorBalance(communityId)).toBe(-FEE);

    // Nothing is owed to the creator: no payout, however small.
    const payout = await settle('payouts', communityId, 1);
    expect(payout.statusCode, payout.body).toBe(409);
    expect(payout.json().code).toBe('payout_exceeds_balance');

    // The owner refunds in full, through the community's Alipay account.
    const refund = await http.post(
      `/api/orders/${placed.id}/refund`,
      { reason: 'changed my mind' },
      owner.cookie,
    );
    expect(refund.statusCode, refund.body).toBe(200);
    expect(refund.json()).toMatchObject({ state: 'succeeded', amountMinor: PRICE });
    expect([...gatewayRefunds.values()]).toContain((PRICE / 100).toFixed(2));
    await settleOutbox(t, clock.now());

    const afterRefund = await accounts({ orderId: placed.id });
    for (const total of Object.values(afterRefund)) expect(total).toBe(0);
    expect(Object.keys(afterRefund).sort()).toEqual(['creator_held', 'creator_payable', 'platform_revenue']);
    await expectEveryEntryBalanced(communityId);
    expect(await revenueOf(communityId, owner.cookie)).toMatchObject({
      grossMinor: PRICE,
      feesMinor: 0,
      refundsMinor: PRICE,
      netMinor: 0,
      balanceMinor: 0,
    });
    expect(await operatorBalance(communityId)).toBe(0);
    const membership = await t.db
      .selectFrom('memberships')
      .select('state')
      .where('community_id', '=', communityId)
      .where('user_id', '=', buyer.id)
      .executeTakeFirstOrThrow();
    expect(membership.state).toBe('refunded');
  });

  it('the operator records the fees the creator paid back, once per Idempotency-Key', async () => {
    const { owner, communityId, planId } = await keyedCommunity();
    const buyer = await registerUser(t);
    const placed = await order(buyer, planId, 'alipay');
    await payAtAlipay(communityId, placed.id);

    // Who may, and what is checked.
    const anonymous = await t.app.inject({
      method: 'POST',
      url: `/api/admin/communities/${communityId}/fees-collected`,
      payload: JSON.stringify({ amountMinor: 1, currency: 'CNY', reference: 'x' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(anonymous.statusCode).toBe(401);
    const byOwner = await http.post(
      `/api/admin/communities/${communityId}/fees-collected`,
      { amountMinor: 1, currency: 'CNY', reference: 'x' },
      owner.cookie,
    );
    expect(byOwner.statusCode).toBe(403);
    const bad = await http.post(
      `/api/admin/communities/${communityId}/fees-collected`,
      { amountMinor: 0, currency: 'CNY', reference: 'x' },
      operator.cookie,
    );
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('amountMinor');
    const tooMuch = await settle('fees-collected', communityId, FEE + 1);
    expect(tooMuch.statusCode, tooMuch.body).toBe(409);
    expect(tooMuch.json().code).toBe('fees_collected_exceed_owed');

    // A double click records once.
    const key = `fees-${newId()}`;
    const [first, second] = await Promise.all([
      settle('fees-collected', communityId, FEE - 100, key),
      settle('fees-collected', communityId, FEE - 100, key),
    ]);
    expect(first.statusCode, first.body).toBe(201);
    expect(second.statusCode, second.body).toBe(201);
    expect(first.json().feesCollected).toMatchObject({ kind: 'fees_collected', amountMinor: FEE - 100 });
    expect(second.json().feesCollected.id).toBe(first.json().feesCollected.id);
    expect(second.json().revenue.currencies[0]).toMatchObject({
      balanceMinor: -100,
      feesCollectedMinor: FEE - 100,
    });
    const entries = await t.db
      .selectFrom('ledger_entries')
      .select('id')
      .where('community_id', '=', communityId)
      .where('kind', '=', 'fees_collected')
      .execute();
    expect(entries).toHaveLength(1);
    const audits = await t.db
      .selectFrom('audit_log')
      .select('id')
      .where('subject_id', '=', communityId)
      .where('action', '=', 'fees.collected')
      .execute();
    expect(audits).toHaveLength(1);

    // The rest; then nothing is owed either way.
    expect((await settle('fees-collected', communityId, 100)).statusCode).toBe(201);
    expect((await settle('fees-collected', communityId, 1)).statusCode).toBe(409);
    expect(await accounts({ communityId })).toEqual({
      buyer_payments: FEE,
      creator_held: PRICE - FEE,
      creator_payable: -(PRICE - FEE),
      platform_revenue: -FEE,
    });
    await expectEveryEntryBalanced(communityId);
    expect(await revenueOf(communityId, owner.cookie)).toMatchObject({
      grossMinor: PRICE,
      feesMinor: FEE,
      netMinor: PRICE - FEE,
      balanceMinor: 0,
      feesCollectedMinor: FEE,
    });
    expect(await operatorBalance(communityId)).toBe(0);

    const history = await http.get(`/api/admin/communities/${communityId}/payouts`, operator.cookie);
    expect(history.statusCode, history.body).toBe(200);
    expect(
      history.json().items.map((i: { kind: string; amountMinor: number }) => [i.kind, i.amountMinor]),
    ).toEqual([
      ['fees_collected', 100],
      ['fees_collected', FEE - 100],
    ]);
  });

  it('mixed with platform orders: the balance nets what each side holds', async () => {
    const { owner, communityId, planId } = await keyedCommunity();
    const [a, b] = [await registerUser(t), await registerUser(t)];
    const own = await order(a, planId, 'alipay');
    const platform = await order(b, planId, 'test');
    expect(own.settlement).toBe('community');
    expect(platform.settlement).toBe('platform');
    await payAtAlipay(communityId, own.id);
    await payAtTest(b, platform.id);

    // The platform holds PRICE and owes PRICE − FEE; the creator holds PRICE and owes FEE.
    const both = PRICE - 2 * FEE;
    expect(await revenueOf(communityId, owner.cookie)).toMatchObject({
      grossMinor: 2 * PRICE,
      feesMinor: 2 * FEE,
      netMinor: 2 * PRICE - 2 * FEE,
      balanceMinor: both,
      orders: 2,
    });
    expect(await operatorBalance(communityId)).toBe(both);
    expect((await settle('payouts', communityId, both + 1)).statusCode).toBe(409);
    expect((await settle('fees-collected', communityId, 1)).statusCode).toBe(409);
    expect((await settle('payouts', communityId, both)).statusCode).toBe(201);

    // A partial refund of the creator-held order comes out of the creator's account.
    const part = 4_000;
    const refund = await http.post(
      `/api/orders/${own.id}/refund`,
      { amountMinor: part, reason: 'partial' },
      owner.cookie,
    );
    expect(refund.statusCode, refund.body).toBe(200);
    const feeBack = Math.floor((FEE * part) / PRICE);
    const sums = await accounts({ communityId });
    expect(sums).toEqual({
      buyer_payments: PRICE - both,
      creator_held: PRICE - part,
      creator_payable: -(2 * (PRICE - FEE) - both - (part - feeBack)),
      platform_revenue: -(2 * FEE - feeBack),
    });
    await expectEveryEntryBalanced(communityId);
    const summary = await revenueOf(communityId, owner.cookie);
    expect(summary.balanceMinor).toBe(-(sums.creator_payable ?? 0) - (sums.creator_held ?? 0));
    // The payout settled both sides; the refund gives back part of the fee the creator owed.
    expect(summary.balanceMinor).toBe(feeBack);
    expect(summary).toMatchObject({ refundsMinor: part, paidOutMinor: both, feesMinor: 2 * FEE - feeBack });
  });
  it('gifts and subscription renewals follow the order they come from', async () => {
    const { owner, communityId, planId } = await keyedCommunity();
    const giver = await registerUser(t);
    const res = await http.post('/api/orders', { planId, provider: 'alipay', gift: true }, giver.cookie);
    expect(res.statusCode, res.body).toBe(201);
    const gift = res.json() as { id: string; settlement: string };
    expect(gift.settlement).toBe('community');
    await payAtAlipay(communityId, gift.id);
    expect(await accounts({ orderId: gift.id })).toEqual({
      creator_held: PRICE,
      creator_payable: -(PRICE - FEE),
      platform_revenue: -FEE,
    });

    // A recurring plan first paid into the community's own account: its renewals are, too.
    const subscriber = await registerUser(t);
    const now = clock.now();
    await t.db
      .updateTable('community_plans')
      .set({ kind: 'subscription', interval: 'month', term_days: null })
      .where('id', '=', planId)
      .execute();
    const subscriptionId = newId();
    const orderId = newId();
    await t.db
      .insertInto('orders')
      .values({
        id: orderId,
        community_id: communityId,
        buyer_id: subscriber.id,
        item_kind: 'plan',
        item_id: planId,
        item_name: 'Annual',
        list_price_minor: PRICE,
        discount_minor: 0,
        amount_minor: PRICE,
        currency: 'CNY',
        coupon_id: null,
        provider: 'stripe',
        provider_ref: `cs_${orderId}`,
        payment_action: null,
        subscription_id: null,
        settlement: 'community',
        state: 'paid',
        refunded_minor: 0,
        idempotency_key: null,
        expires_at: now,
        paid_at: now,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await t.db
      .insertInto('subscriptions')
      .values({
        id: subscriptionId,
        community_id: communityId,
        user_id: subscriber.id,
        plan_id: planId,
        provider: 'stripe',
        provider_ref: `sub_${subscriptionId}`,
        state: 'active',
        current_period_end: now + 30 * 86_400_000,
        grace_until: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await t.db
      .updateTable('orders')
      .set({ subscription_id: subscriptionId })
      .where('id', '=', orderId)
      .execute();
    const outcome = await t.app.services.payments.orders.applyEvent('stripe', {
      kind: 'renewal_paid',
      eventId: `evt_${newId()}`,
      subscriptionRef: `sub_${subscriptionId}`,
      invoiceRef: `in_${newId()}`,
      amountMinor: PRICE,
      currency: 'CNY',
      paidAt: now,
      periodEnd: now + 60 * 86_400_000,
    });
    expect(outcome).toBe('applied');
    const renewal = await t.db
      .selectFrom('ledger_lines as l')
      .innerJoin('ledger_entries as e', 'e.id', 'l.entry_id')
      .select(['l.account', 'l.amount_minor'])
      .where('e.community_id', '=', communityId)
      .where('e.kind', '=', 'renewal')
      .orderBy('l.line_no')
      .execute();
    expect(renewal.map((l) => [l.account, Number(l.amount_minor)])).toEqual([
      ['creator_held', PRICE],
      ['creator_payable', -(PRICE - FEE)],
      ['platform_revenue', -FEE],
    ]);
    await expectEveryEntryBalanced(communityId);
    // Two payments into the creator's account (the gift, the renewal): they owe two fees.
    expect(await revenueOf(communityId, owner.cookie)).toMatchObject({
      grossMinor: 2 * PRICE,
      feesMinor: 2 * FEE,
      balanceMinor: -2 * FEE,
    });
  });
});

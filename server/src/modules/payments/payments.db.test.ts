import { createCipheriv, createSign, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
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
import { createTestApp, PUBLIC_URL, settleOutbox, type TestApp } from '../../../test/test-app.js';
import { ManualClock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import { ORDER_TTL_MS } from './orders.service.js';
import { AlipayProvider } from './providers/alipay.js';
import { StripeProvider } from './providers/stripe.js';
import { WechatPayProvider } from './providers/wechatpay.js';

const HOUR = 3_600_000;
const MISSING = '0190f0f0-0000-7000-8000-000000000000';
const PRICE = 19_900;
/** PLATFORM_FEE_PERCENT=5: 995 of 19 900. */
const FEE = 995;
const clock = new ManualClock(Date.UTC(2026, 5, 1, 4, 0, 0));

// ── fake provider APIs ────────────────────────────────────────────────────

type Handler = (
  method: string,
  url: string,
  body: string,
) => { status?: number; body: string; headers?: Record<string, string> };

/** A local HTTP server standing in for a provider's API. */
class FakeApi {
  handler: Handler = () => ({ status: 404, body: '{}' });
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const answer = this.handler(req.method ?? '', req.url ?? '/', Buffer.concat(chunks).toString());
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body);
    });
  });
  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

// Stripe
const stripeWebhookSecret = 'whsec_zhishe_test';
const stripeSigner = new Stripe('sk_test_signer');
const stripeApi = new FakeApi();
stripeApi.handler = (method, url, body) => {
  if (method === 'POST' && url.startsWith('/v1/checkout/sessions')) {
    const form = new URLSearchParams(body);
    const orderId = form.get('client_reference_id') ?? '';
    return {
      body: JSON.stringify({
        id: `cs_${orderId}`,
        object: 'checkout.session',
        url: `https://checkout.stripe.com/c/pay/cs_${orderId}`,
        status: 'open',
        payment_status: 'unpaid',
        client_reference_id: orderId,
        metadata: { orderId },
      }),
    };
  }
  return { status: 404, body: JSON.stringify({ error: { type: 'invalid_request_error' } }) };
};

// Alipay
const alipayAppId = '2021000000000001';
const alipayAppKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const alipayKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const alipaySign = (text: string) =>
  createSign('RSA-SHA256').update(text, 'utf8').sign(alipayKeys.privateKey, 'base64');
const alipaySignContent = (params: Record<string, string>, without: string[]) =>
  Object.keys(params)
    .filter((key) => !without.includes(key))
    .sort()
    .map((key) => `${key}=${params[key]}`)
    .join('&');
const alipayRefunds = new Map<string, string>();
const alipayApi = new FakeApi();
alipayApi.handler = (_method, url, body) => {
  const params = Object.fromEntries([
    ...new URL(url, 'http://fake').searchParams,
    ...new URLSearchParams(body),
  ]) as Record<string, string>;
  const biz = JSON.parse(params.biz_content ?? '{}') as Record<string, string>;
  const method = params.method ?? '';
  let answer: Record<string, unknown> = { code: '40004', msg: 'Business Failed' };
  if (method === 'alipay.trade.precreate')
    answer = {
      code: '10000',
      msg: 'Success',
      out_trade_no: biz.out_trade_no,
      qr_code: `https://qr.alipay.com/${biz.out_trade_no}`,
    };
  if (method === 'alipay.trade.fastpay.refund.query')
    answer = {
      code: '10000',
      msg: 'Success',
      out_trade_no: biz.out_trade_no,
      out_request_no: biz.out_request_no,
      refund_amount: alipayRefunds.get(biz.out_request_no ?? '') ?? '0.00',
      refund_status: 'REFUND_SUCCESS',
    };
  const text = JSON.stringify(answer);
  return {
    headers: { 'content-type': 'application/json;charset=utf-8' },
    body: `{"${method.replaceAll('.', '_')}_response":${text},"sign":"${alipaySign(text)}"}`,
  };
};

// WeChat Pay
const wxMchId = '1900000001';
const wxAppId = 'wx0000000000000001';
const wxPlatformSerial = 'PLATFORMSERIAL0001';
const wxMerchantKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const wxPlatformKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const wxApiV3Key = randomBytes(16).toString('hex');
function wxSignedHeaders(body: string, key: KeyObject = wxPlatformKeys.privateKey) {
  const timestamp = String(Math.floor(clock.now() / 1000));
  const nonce = randomBytes(16).toString('hex');
  return {
    'wechatpay-timestamp': timestamp,
    'wechatpay-nonce': nonce,
    'wechatpay-serial': wxPlatformSerial,
    'wechatpay-signature': createSign('RSA-SHA256')
      .update(`${timestamp}\n${nonce}\n${body}\n`)
      .sign(key, 'base64'),
  };
}
const wxApi = new FakeApi();
wxApi.handler = (method, url, body) => {
  if (method === 'POST' && url.startsWith('/v3/pay/transactions/native')) {
    const orderId = (JSON.parse(body) as { out_trade_no: string }).out_trade_no;
    const text = JSON.stringify({ code_url: `weixin://wxpay/bizpayurl?pr=${orderId}` });
    return { body: text, headers: wxSignedHeaders(text) };
  }
  const text = JSON.stringify({ code: 'NOT_FOUND', message: 'no route' });
  return { status: 404, body: text, headers: wxSignedHeaders(text) };
};

// ── the app ───────────────────────────────────────────────────────────────

let t: TestApp;
let http: ReturnType<typeof requester>;
let operator: TestUser;

beforeAll(async () => {
  const [stripePort, alipayPort, wxPort] = await Promise.all([
    stripeApi.start(),
    alipayApi.start(),
    wxApi.start(),
  ]);
  t = await createTestApp({
    clock,
    authLimits: { registerPerIp: { limit: 10_000, windowMs: HOUR } },
    platformFeePercent: '5',
    paymentProviders: [
      new StripeProvider({
        secretKey: 'sk_test_zhishe',
        webhookSecret: stripeWebhookSecret,
        apiBase: { host: '127.0.0.1', port: stripePort, protocol: 'http' },
        clock,
      }),
      new AlipayProvider({
        appId: alipayAppId,
        privateKey: alipayAppKeys.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
        alipayPublicKey: alipayKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        gateway: `http://127.0.0.1:${alipayPort}/gateway.do`,
        clock,
      }),
      new WechatPayProvider({
        mchId: wxMchId,
        appId: wxAppId,
        merchantSerialNo: 'MERCHANTSERIAL0001',
        merchantPrivateKey: wxMerchantKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        apiV3Key: wxApiV3Key,
        platformPublicKey: wxPlatformKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        platformSerialNo: wxPlatformSerial,
        apiBase: `http://127.0.0.1:${wxPort}`,
        clock,
      }),
    ],
  });
  http = requester(t);
  operator = await setupOperator(t);
});
afterAll(async () => {
  await t?.close();
  await Promise.all([stripeApi.stop(), alipayApi.stop(), wxApi.stop()]);
});

// ── helpers ───────────────────────────────────────────────────────────────

const fieldsOf = (res: { json(): { errors?: { path: string }[] } }) => [
  ...new Set((res.json().errors ?? []).map((e) => e.path)),
];

interface Scene {
  owner: TestUser;
  communityId: string;
  planId: string;
}

async function scene(): Promise<Scene> {
  const owner = await registerUser(t);
  const communityId = await insertCommunity(t.db, owner.id, clock.now());
  const planId = await insertPlan(t.db, communityId, clock.now());
  return { owner, communityId, planId };
}

/** POST with an optional Idempotency-Key. */
const postWithKey = (url: string, body: unknown, cookie: string, key?: string) =>
  t.app.inject({
    method: 'POST',
    url,
    payload: JSON.stringify(body),
    headers: { 'content-type': 'application/json', cookie, ...(key ? { 'idempotency-key': key } : {}) },
  });

interface OrderJson {
  id: string;
  state: string;
  amountMinor: number;
  discountMinor: number;
  listPriceMinor: number;
  refundedMinor: number;
  paymentAction: { kind: string; url?: string; payload?: string } | null;
  selfRefundUntil: number | null;
}

async function createOrder(
  buyer: TestUser,
  planId: string,
  extra: Record<string, unknown> = {},
  provider = 'test',
): Promise<OrderJson> {
  const res = await http.post('/api/orders', { planId, provider, ...extra }, buyer.cookie);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function payOrder(buyer: TestUser, orderId: string): Promise<OrderJson> {
  const res = await http.post(`/api/orders/${orderId}/test-payment`, { outcome: 'succeed' }, buyer.cookie);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const settle = () => settleOutbox(t, clock.now());

const orderRow = (id: string) =>
  t.db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

const membershipOf = (communityId: string, userId: string) =>
  t.db
    .selectFrom('memberships')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('user_id', '=', userId)
    .executeTakeFirst();

async function orderGrants(orderId: string) {
  return t.db
    .selectFrom('membership_events')
    .selectAll()
    .where('source_kind', '=', 'order')
    .where('source_id', '=', orderId)
    .execute();
}

/** The order's journal entries with their lines; asserts each entry balances. */
async function journalOf(orderId: string) {
  const entries = await t.db
    .selectFrom('ledger_entries')
    .selectAll()
    .where('order_id', '=', orderId)
    .execute();
  const result = [];
  for (const entry of entries) {
    const lines = await t.db
      .selectFrom('ledger_lines')
      .selectAll()
      .where('entry_id', '=', entry.id)
      .execute();
    expect(
      lines.reduce((sum, l) => sum + Number(l.amount_minor), 0),
      `entry ${entry.kind} balances`,
    ).toBe(0);
    result.push({ kind: entry.kind, lines });
  }
  return result;
}

async function accountTotals(orderId: string) {
  const totals: Record<string, number> = { buyer_payments: 0, creator_payable: 0, platform_revenue: 0 };
  for (const entry of await journalOf(orderId))
    for (const line of entry.lines)
      totals[line.account] = (totals[line.account] ?? 0) + Number(line.amount_minor);
  return totals;
}

async function auditOf(subjectId: string, action: string) {
  return t.db
    .selectFrom('audit_log')
    .selectAll()
    .where('subject_id', '=', subjectId)
    .where('action', '=', action)
    .execute();
}

async function paymentEvents(provider: string, eventId: string) {
  return t.db
    .selectFrom('payment_events')
    .selectAll()
    .where('provider', '=', provider as 'test')
    .where('event_id', '=', eventId)
    .execute();
}

async function couponRow(communityId: string, code: string) {
  return t.db
    .selectFrom('coupons')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
}

async function newCoupon(s: Scene, body: Record<string, unknown>) {
  const res = await http.post(`/api/communities/${s.communityId}/coupons`, body, s.owner.cookie);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; code: string; redeemed: number };
}

/** A paid order of a fresh buyer, its membership granted. */
async function paidOrder(s: Scene) {
  const buyer = await registerUser(t);
  const order = await createOrder(buyer, s.planId);
  const paid = await payOrder(buyer, order.id);
  expect(paid.state).toBe('paid');
  await settle();
  return { buyer, order: paid };
}

// ── orders ────────────────────────────────────────────────────────────────

describe('POST /api/orders', () => {
  it('creates a test order that redirects to the test checkout', async () => {
    const s = await scene();
    const buyer = await registerUser(t);
    const res = await http.post('/api/orders', { planId: s.planId, provider: 'test' }, buyer.cookie);
    expect(res.statusCode, res.body).toBe(201);
    const order = res.json() as OrderJson & Record<string, unknown>;
    expect(order).toMatchObject({
      communityId: s.communityId,
      buyerId: buyer.id,
      item: { kind: 'plan', id: s.planId, name: 'Annual' },
      listPriceMinor: PRICE,
      discountMinor: 0,
      amountMinor: PRICE,
      refundedMinor: 0,
      currency: 'CNY',
      provider: 'test',
      state: 'pending',
      paymentAction: { kind: 'redirect', url: `${PUBLIC_URL}/pay/test/${order.id}` },
      expiresAt: clock.now() + ORDER_TTL_MS,
      paidAt: null,
      selfRefundUntil: null,
    });
    expect(await auditOf(order.id, 'order.created')).toHaveLength(1);
    // Nothing is granted before payment.
    expect(await membershipOf(s.communityId, buyer.id)).toBeUndefined();
    const mine = await http.get('/api/me/orders', buyer.cookie);
    expect(mine.json().items.map((o: { id: string }) => o.id)).toContain(order.id);
  });

  it('answers 401 without a session', async () => {
    const s = await scene();
    const res = await http.post('/api/orders', { planId: s.planId, provider: 'test' });
    expect(res.statusCode).toBe(401);
  });

  it('answers 400 naming the field', async () => {
    const s = await scene();
    const buyer = await registerUser(t);
    const missing = await http.post('/api/orders', { provider: 'test' }, buyer.cookie);
    expect(missing.statusCode).toBe(400);
    expect(fieldsOf(missing)).toEqual(['planId']);
    const bad = await http.post('/api/orders', { planId: s.planId, provider: 'paypal' }, buyer.cookie);
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad)).toContain('provider');
  });

  it('answers 400 naming provider for a provider this site has not set up', async () => {
    // The schema knows every provider; a fresh app without Stripe keys refuses it as unavailable.
    const bare = await createTestApp({
      clock,
      authLimits: { registerPerIp: { limit: 10_000, windowMs: HOUR } },
    });
    try {
      await setupOperator(bare);
      const owner = await registerUser(bare);
      const communityId = await insertCommunity(bare.db, owner.id, clock.now());
      const planId = await insertPlan(bare.db, communityId, clock.now());
      const buyer = await registerUser(bare);
      const res = await requester(bare).post('/api/orders', { planId, provider: 'stripe' }, buyer.cookie);
      expect(res.statusCode, res.body).toBe(400);
      expect(fieldsOf(res)).toEqual(['provider']);
      expect(await bare.db.selectFrom('orders').selectAll().execute()).toHaveLength(0);
    } finally {
      await bare.close();
    }
  });

  it('answers 404 for an unknown plan, 409 plan_not_for_sale for a free one', async () => {
    const s = await scene();
    const buyer = await registerUser(t);
    const unknown = await http.post('/api/orders', { planId: MISSING, provider: 'test' }, buyer.cookie);
    expect(unknown.statusCode).toBe(404);
    const freeId = newId();
    await t.db
      .insertInto('community_plans')
      .values({
        id: freeId,
        community_id: s.communityId,
        name: 'Free',
        kind: 'free',
        price_minor: 0,
        currency: 'CNY',
        term_days: null,
        interval: null,
        trial_days: 0,
        status: 'active',
        position: 'b0',
        created_at: clock.now(),
        updated_at: clock.now(),
      })
      .execute();
    const free = await http.post('/api/orders', { planId: freeId, provider: 'test' }, buyer.cookie);
    expect(free.statusCode).toBe(409);
    expect(free.json().code).toBe('plan_not_for_sale');
  });

  it('answers 403 to a banned buyer', async () => {
    const s = await scene();
    const buyer = await registerUser(t);
    await insertMembership(t.db, {
      communityId: s.communityId,
      userId: buyer.id,
      planId: null,
      state: 'banned',
      startsAt: clock.now(),
    });
    const res = await http.post('/api/orders', { planId: s.planId, provider: 'test' }, buyer.cookie);
    expect(res.statusCode).toBe(403);
  });

  it('makes one order for one Idempotency-Key, in turn and at once', async () => {
    const s = await scene();
    const buyer = await registerUser(t);
    const key = `order-${newId()}`;
    const first = await postWithKey('/api/orders', { planId: s.planId, provider: 'test' }, buyer.cookie, key);
    const second = await postWithKey(
      '/api/orders',
      { planId: s.planId, provider: 'test' },
      buyer.cookie,
      key,
    );
    expect(first.statusCode, first.body).toBe(201);
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().id).toBe(first.json().id);

    const other = await registerUser(t);
    const concurrentKey = `order-${newId()}`;
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        postWithKey('/api/orders', { planId: s.planId, provider: 'test' }, other.cookie, concurrentKey),
      ),
    );
    const statuses = answers.map((r) => r.statusCode).sort();
    expect(statuses, answers.map((r) => r.body).join('\n')).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(answers.map((r) => r.json().id)).size).toBe(1);
    const rows = await t.db
      .selectFrom('orders')
      .select('id')
      .where('buyer_id', 'in', [buyer.id, other.id])
      .execute();
    expect(rows).toHaveLength(2);
  });

  it('the quote shows the price the order charges', async () => {
    const s = await scene();
    await newCoupon(s, { code: 'QUOTE15', kind: 'percent', percentOff: 15 });
    const buyer = await registerUser(t);
    const quote = await http.get(`/api/checkout/quote?planId=${s.planId}&couponCode=quote15`, buyer.cookie);
    expect(quote.statusCode, quote.body).toBe(200);
    // 19 900 × 15 % = 2 985
    expect(quote.json()).toMatchObject({
      planId: s.planId,
      listPriceMinor: PRICE,
      discountMinor: 2_985,
      amountMinor: PRICE - 2_985,
      currency: 'CNY',
      coupon: { code: 'QUOTE15', valid: true, refusal: null },
    });
    expect(quote.json().providers).toEqual(expect.arrayContaining(['test', 'manual', 'stripe']));
    const order = await createOrder(buyer, s.planId, { couponCode: 'quote15' });
    expect(order).toMatchObject({
      listPriceMinor: quote.json().listPriceMinor,
      discountMinor: quote.json().discountMinor,
      amountMinor: quote.json().amountMinor,
    });

    expect((await http.get(`/api/checkout/quote?planId=${s.planId}`)).json().amountMinor).toBe(PRICE);
    const unknown = await http.get(`/api/checkout/quote?planId=${s.planId}&couponCode=NOPE`, buyer.cookie);
    expect(unknown.json()).toMatchObject({
      amountMinor: PRICE,
      coupon: { valid: false, refusal: 'coupon_unknown' },
    });
    const noPlan = await http.get('/api/checkout/quote', buyer.cookie);
    expect(noPlan.statusCode).toBe(400);
    expect(fieldsOf(noPlan)).toEqual(['planId']);
    expect((await http.get(`/api/checkout/quote?planId=${MISSING}`, buyer.cookie)).statusCode).toBe(404);
  });

  it('refuses a coupon that is unknown, expired, used up or for another plan, naming couponCode', async () => {
    const s = await scene();
    const otherPlan = await insertPlan(t.db, s.communityId, clock.now(), 'Other plan');
    const now = clock.now();
    await newCoupon(s, {
      code: 'OLD',
      kind: 'percent',
      percentOff: 10,
      validFrom: now - 10 * HOUR,
      validUntil: now - HOUR,
    });
    await newCoupon(s, { code: 'ONCE', kind: 'percent', percentOff: 10, maxRedemptions: 1 });
    await newCoupon(s, { code: 'ELSEWHERE', kind: 'percent', percentOff: 10, planIds: [otherPlan] });
    await createOrder(await registerUser(t), s.planId, { couponCode: 'ONCE' });

    const buyer = await registerUser(t);
    for (const [code, reason] of [
      ['NOSUCH', 'coupon_unknown'],
      ['OLD', 'coupon_expired'],
      ['ONCE', 'coupon_exhausted'],
      ['ELSEWHERE', 'coupon_not_for_plan'],
    ]) {
      const res = await http.post(
        '/api/orders',
        { planId: s.planId, provider: 'test', couponCode: code },
        buyer.cookie,
      );
      expect(res.statusCode, code).toBe(400);
      expect(fieldsOf(res)).toEqual(['couponCode']);
      expect(res.json().errors[0].code).toBe(reason);
    }
    expect(
      await t.db.selectFrom('orders').select('id').where('buyer_id', '=', buyer.id).execute(),
    ).toHaveLength(0);
  });
});

describe('GET /api/orders/:id', () => {
  it('shows the order to its buyer and the owner, 404 to others, 401 without a session', async () => {
    const s = await scene();
    const buyer = await registerUser(t);
    const order = await createOrder(buyer, s.planId);
    expect((await http.get(`/api/orders/${order.id}`, buyer.cookie)).json().id).toBe(order.id);
    expect((await http.get(`/api/orders/${order.id}`, s.owner.cookie)).statusCode).toBe(200);
    expect((await http.get(`/api/orders/${order.id}`, operator.cookie)).statusCode).toBe(200);
    expect((await http.get(`/api/orders/${order.id}`, (await registerUser(t)).cookie)).statusCode).toBe(404);
    expect((await http.get(`/api/orders/${order.id}`)).statusCode).toBe(401);
    expect((await http.get(`/api/orders/${'x'.repeat(65)}`, buyer.cookie)).statusCode).toBe(400);
    const list = await http.get(`/api/communities/${s.communityId}/orders`, s.owner.cookie);
    expect(list.json().items.map((o: { id: string }) => o.id)).toEqual([order.id]);
    expect((await http.get(`/api/communities/${s.communityId}/orders`, buyer.cookie)).statusCode).toBe(403);
  });
});

// ── paying ────────────────────────────────────────────────────────────────

describe('POST /api/orders/:id/test-payment', () => {
  it('pays the order, grants the membership, books one balanced entry and uses the coupon', async () => {
    const s = await scene();
    const coupon = await newCoupon(s, { code: 'PAY10', kind: 'percent', percentOff: 10 });
    const buyer = await registerUser(t);
    const order = await createOrder(buyer, s.planId, { couponCode: 'PAY10' });
    expect(order.amountMinor).toBe(PRICE - 1_990);
    const redemption = () =>
      t.db
        .selectFrom('coupon_redemptions')
        .selectAll()
        .where('coupon_id', '=', coupon.id)
        .where('order_id', '=', order.id)
        .executeTakeFirstOrThrow();
    expect((await redemption()).state).toBe('held');

    const paid = await payOrder(buyer, order.id);
    expect(paid).toMatchObject({ state: 'paid', paidAt: clock.now(), paymentAction: null });
    expect(paid.selfRefundUntil).toBe(clock.now() + 72 * HOUR);
    await settle();
    const membership = await membershipOf(s.communityId, buyer.id);
    expect(membership).toMatchObject({ state: 'active', plan_id: s.planId, source_kind: 'order' });
    expect(Number(membership?.price_paid_minor)).toBe(PRICE - 1_990);
    expect(await orderGrants(order.id)).toHaveLength(1);
    const journal = await journalOf(order.id);
    expect(journal.map((e) => e.kind)).toEqual(['payment']);
    const amount = PRICE - 1_990;
    // 17 910 × 5 % = 895.5 → 896
    expect(await accountTotals(order.id)).toEqual({
      buyer_payments: amount,
      creator_payable: -(amount - 896),
      platform_revenue: -896,
    });
    expect((await redemption()).state).toBe('used');
    expect((await couponRow(s.communityId, 'PAY10')).redeemed).toBe(1);
    expect(await auditOf(order.id, 'order.paid')).toHaveLength(1);

    // Paying again changes nothing.
    const again = await http.post(
      `/api/orders/${order.id}/test-payment`,
      { outcome: 'succeed' },
      buyer.cookie,
    );
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('order_not_payable');
    await settle();
    expect(await orderGrants(order.id)).toHaveLength(1);
    expect(await journalOf(order.id)).toHaveLength(1);
  });

  it('a failed payment leaves the order pending and grants nothing', async () => {
    const s = await scene();
    const buyer = await registerUser(t);
    const order = await createOrder(buyer, s.planId);
    const failed = await http.post(`/api/orders/${order.id}/test-payment`, { outcome: 'fail' }, buyer.cookie);
    expect(failed.statusCode).toBe(200);
    expect(failed.json().state).toBe('pending');
    await settle();
    expect(await membershipOf(s.communityId, buyer.id)).toBeUndefined();
    expect(await journalOf(order.id)).toHaveLength(0);
  });

  it('answers 401, 400 naming outcome, and 404 for someone else’s order', async () => {
    const s = await scene();
    const buyer = await registerUser(t);
    const order = await createOrder(buyer, s.planId);
    expect((await http.post(`/api/orders/${order.id}/test-payment`, { outcome: 'succeed' })).statusCode).toBe(
      401,
    );
    const bad = await http.post(`/api/orders/${order.id}/test-payment`, { outcome: 'maybe' }, buyer.cookie);
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad)).toContain('outcome');
    const other = await http.post(
      `/api/orders/${order.id}/test-payment`,
      { outcome: 'succeed' },
      s.owner.cookie,
    );
    expect(other.statusCode).toBe(404);
    expect((await orderRow(order.id)).state).toBe('pending');
  });
});

describe('applyEvent', () => {
  it('applies the same event once when it arrives five times at once', async () => {
    const s = await scene();
    const buyer = await registerUser(t);
    const order = await createOrder(buyer, s.planId);
    const event = {
      kind: 'payment_succeeded' as const,
      eventId: `evt-${newId()}`,
      orderId: order.id,
      providerRef: `test_${order.id}`,
      amountMinor: PRICE,
      currency: 'CNY',
      paidAt: clock.now(),
    };
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => t.app.services.payments.orders.applyEvent('test', { ...event })),
    );
    expect(outcomes.filter((o) => o === 'applied')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'applied')).toEqual(['replay', 'replay', 'replay', 'replay']);
    await settle();
    expect((await orderRow(order.id)).state).toBe('paid');
    expect(await journalOf(order.id)).toHaveLength(1);
    expect(await orderGrants(order.id)).toHaveLength(1);
    expect(await paymentEvents('test', event.eventId)).toMatchObject([{ outcome: 'applied' }]);

    // Another event id for the same, paid, order changes nothing either.
    const second = await t.app.services.payments.orders.applyEvent('test', {
      ...event,
      eventId: `evt-${newId()}`,
    });
    expect(second).toBe('already_paid');
    await settle();
    expect(await journalOf(order.id)).toHaveLength(1);
    expect(await orderGrants(order.id)).toHaveLength(1);
  });

  it('refuses a payment of the wrong amount: order pending, nothing granted, audited', async () => {
    const s = await scene();
    const buyer = await registerUser(t);
    const order = await createOrder(buyer, s.planId);
    const outcome = await t.app.services.payments.orders.applyEvent('test', {
      kind: 'payment_succeeded',
      eventId: `evt-${newId()}`,
      orderId: order.id,
      providerRef: `test_${order.id}`,
      amountMinor: PRICE - 1,
      currency: 'CNY',
      paidAt: clock.now(),
    });
    expect(outcome).toBe('amount_mismatch');
    const wrongCurrency = await t.app.services.payments.orders.applyEvent('test', {
      kind: 'payment_succeeded',
      eventId: `evt-${newId()}`,
      orderId: order.id,
      providerRef: `test_${order.id}`,
      amountMinor: PRICE,
      currency: 'USD',
      paidAt: clock.now(),
    });
    expect(wrongCurrency).toBe('amount_mismatch');
    await settle();
    expect((await orderRow(order.id)).state).toBe('pending');
    expect(await membershipOf(s.communityId, buyer.id)).toBeUndefined();
    expect(await journalOf(order.id)).toHaveLength(0);
    const audits = await auditOf(order.id, 'order.payment_rejected');
    expect(audits).toHaveLength(2);
    expect(JSON.parse(audits[0]?.data ?? '{}')).toMatchObject({
      expected: { amountMinor: PRICE, currency: 'CNY' },
    });
  });

  it('refuses an event for another provider’s order', async () => {
    const s = await scene();
    const buyer = await registerUser(t);
    const order = await createOrder(buyer, s.planId);
    const outcome = await t.app.services.payments.orders.applyEvent('manual', {
      kind: 'payment_succeeded',
      eventId: `evt-${newId()}`,
      orderId: order.id,
      providerRef: 'x',
      amountMinor: PRICE,
      currency: 'CNY',
      paidAt: clock.now(),
    });
    expect(outcome).toBe('unknown_order');
    expect((await orderRow(order.id)).state).toBe('pending');
  });
});

// ── coupons ───────────────────────────────────────────────────────────────

describe('coupons', () => {
  it('the owner creates and lists coupons; members 403; outsiders 401; unknown community 404', async () => {
    const s = await scene();
    const member = await registerUser(t);
    await insertMembership(t.db, {
      communityId: s.communityId,
      userId: member.id,
      planId: s.planId,
      startsAt: clock.now(),
    });
    const url = `/api/communities/${s.communityId}/coupons`;
    const body = {
      code: 'spring-25',
      kind: 'percent',
      percentOff: 25,
      maxRedemptions: 10,
      planIds: [s.planId],
    };
    expect((await http.post(url, body)).statusCode).toBe(401);
    expect((await http.post(url, body, member.cookie)).statusCode).toBe(403);
    expect((await http.post(`/api/communities/${MISSING}/coupons`, body, s.owner.cookie)).statusCode).toBe(
      404,
    );

    const created = await http.post(url, body, s.owner.cookie);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      communityId: s.communityId,
      code: 'SPRING-25',
      kind: 'percent',
      percentOff: 25,
      amountOffMinor: null,
      maxRedemptions: 10,
      redeemed: 0,
      oncePerUser: true,
      status: 'active',
      planIds: [s.planId],
    });
    expect(await auditOf(s.communityId, 'coupon.created')).toHaveLength(1);

    const duplicate = await http.post(url, { ...body, code: 'Spring-25' }, s.owner.cookie);
    expect(duplicate.statusCode).toBe(409);
    expect(fieldsOf(duplicate)).toEqual(['code']);

    const noPercent = await http.post(url, { code: 'NOPCT', kind: 'percent' }, s.owner.cookie);
    expect(noPercent.statusCode).toBe(400);
    expect(fieldsOf(noPercent)).toEqual(['percentOff']);
    const badCode = await http.post(url, { code: 'a b', kind: 'percent', percentOff: 5 }, s.owner.cookie);
    expect(badCode.statusCode).toBe(400);
    expect(fieldsOf(badCode)).toEqual(['code']);
    const noAmount = await http.post(url, { code: 'FIXED', kind: 'fixed', currency: 'CNY' }, s.owner.cookie);
    expect(fieldsOf(noAmount)).toEqual(['amountOffMinor']);

    const list = await http.get(url, s.owner.cookie);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((c: { code: string }) => c.code)).toEqual(['SPRING-25']);
    expect((await http.get(url, operator.cookie)).statusCode).toBe(200);
    expect((await http.get(url, member.cookie)).statusCode).toBe(403);
    expect((await http.get(url)).statusCode).toBe(401);
    expect((await http.get(`/api/communities/${MISSING}/coupons`, s.owner.cookie)).statusCode).toBe(404);
    expect(fieldsOf(await http.get(`${url}?limit=0`, s.owner.cookie))).toEqual(['limit']);
  });

  it('a coupon with one use left goes to exactly one of two buyers ordering at once', async () => {
    const s = await scene();
    await newCoupon(s, {
      code: 'LASTONE',
      kind: 'fixed',
      amountOffMinor: 5_000,
      currency: 'CNY',
      maxRedemptions: 1,
    });
    const buyers = [await registerUser(t), await registerUser(t)];
    const answers = await Promise.all(
      buyers.map((b) =>
        http.post('/api/orders', { planId: s.planId, provider: 'test', couponCode: 'LASTONE' }, b.cookie),
      ),
    );
    expect(answers.map((r) => r.statusCode).sort(), answers.map((r) => r.body).join('\n')).toEqual([
      201, 400,
    ]);
    const refused = answers.find((r) => r.statusCode === 400);
    expect(refused && fieldsOf(refused)).toEqual(['couponCode']);
    expect(answers.find((r) => r.statusCode === 201)?.json().amountMinor).toBe(PRICE - 5_000);
    const coupon = await couponRow(s.communityId, 'LASTONE');
    expect(coupon.redeemed).toBe(1);
    const redemptions = await t.db
      .selectFrom('coupon_redemptions')
      .selectAll()
      .where('coupon_id', '=', coupon.id)
      .execute();
    expect(redemptions).toHaveLength(1);
  });

  it('is used once per user, and an expired order gives its use back', async () => {
    const s = await scene();
    await newCoupon(s, { code: 'EACH', kind: 'percent', percentOff: 20 });
    await newCoupon(s, { code: 'ONEEACH', kind: 'percent', percentOff: 20, maxRedemptions: 1 });
    const buyer = await registerUser(t);
    await createOrder(buyer, s.planId, { couponCode: 'each' });
    const again = await http.post(
      '/api/orders',
      { planId: s.planId, provider: 'test', couponCode: 'EACH' },
      buyer.cookie,
    );
    expect(again.statusCode).toBe(400);
    expect(fieldsOf(again)).toEqual(['couponCode']);
    expect(again.json().errors[0].code).toBe('coupon_already_used');
    expect((await couponRow(s.communityId, 'EACH')).redeemed).toBe(1);

    const first = await createOrder(buyer, s.planId, { couponCode: 'oneeach' });
    expect(first.discountMinor).toBe(3_980);

    const other = await registerUser(t);
    const exhausted = await http.post(
      '/api/orders',
      { planId: s.planId, provider: 'test', couponCode: 'ONEEACH' },
      other.cookie,
    );
    expect(exhausted.json().errors[0].code).toBe('coupon_exhausted');

    clock.advance(ORDER_TTL_MS + 60_000);
    expect(await t.app.services.payments.orders.expireDue()).toBeGreaterThanOrEqual(1);
    expect((await orderRow(first.id)).state).toBe('expired');
    const coupon = await couponRow(s.communityId, 'ONEEACH');
    expect(coupon.redeemed).toBe(0);
    const redemption = await t.db
      .selectFrom('coupon_redemptions')
      .select('state')
      .where('order_id', '=', first.id)
      .executeTakeFirstOrThrow();
    expect(redemption.state).toBe('released');

    // Given back: the other buyer gets it now, and the first buyer may use it again.
    const second = await createOrder(other, s.planId, { couponCode: 'ONEEACH' });
    expect(second.discountMinor).toBe(3_980);
    expect((await couponRow(s.communityId, 'ONEEACH')).redeemed).toBe(1);
  });

  it('a payment for an expired order still counts its coupon use', async () => {
    const s = await scene();
    await newCoupon(s, { code: 'LATEPAY', kind: 'percent', percentOff: 10, maxRedemptions: 1 });
    const buyer = await registerUser(t);
    const order = await createOrder(buyer, s.planId, { couponCode: 'LATEPAY' });
    clock.advance(ORDER_TTL_MS + 60_000);
    await t.app.services.payments.orders.expireDue();
    expect((await couponRow(s.communityId, 'LATEPAY')).redeemed).toBe(0);
    // The buyer had paid at the provider before the order lapsed: the payment is honoured.
    const paid = await payOrder(buyer, order.id);
    expect(paid.state).toBe('paid');
    expect((await couponRow(s.communityId, 'LATEPAY')).redeemed).toBe(1);
    const other = await registerUser(t);
    const refused = await http.post(
      '/api/orders',
      { planId: s.planId, provider: 'test', couponCode: 'LATEPAY' },
      other.cookie,
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].code).toBe('coupon_exhausted');
  });

  it('PATCH /api/coupons/:id disables a coupon (owner); 401, 400, 403, 404', async () => {
    const s = await scene();
    const coupon = await newCoupon(s, { code: 'OFFSOON', kind: 'percent', percentOff: 10 });
    const member = await registerUser(t);
    expect((await http.patch(`/api/coupons/${coupon.id}`, { status: 'disabled' })).statusCode).toBe(401);
    const bad = await http.patch(`/api/coupons/${coupon.id}`, { status: 'gone' }, s.owner.cookie);
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad)).toContain('status');
    expect(
      (await http.patch(`/api/coupons/${coupon.id}`, { status: 'disabled' }, member.cookie)).statusCode,
    ).toBe(403);
    expect(
      (await http.patch(`/api/coupons/${MISSING}`, { status: 'disabled' }, s.owner.cookie)).statusCode,
    ).toBe(404);
    const off = await http.patch(`/api/coupons/${coupon.id}`, { status: 'disabled' }, s.owner.cookie);
    expect(off.json().status).toBe('disabled');
    const res = await http.post(
      '/api/orders',
      { planId: s.planId, provider: 'test', couponCode: 'OFFSOON' },
      member.cookie,
    );
    expect(res.json().errors[0].code).toBe('coupon_disabled');
  });
});

// ── refunds ───────────────────────────────────────────────────────────────

describe('POST /api/orders/:id/refund', () => {
  it('the buyer takes the whole order back within 72 hours: membership refunded, journal nets to zero', async () => {
    const s = await scene();
    const { buyer, order } = await paidOrder(s);
    clock.advance(71 * HOUR);
    const res = await http.post(`/api/orders/${order.id}/refund`, { reason: 'Not for me' }, buyer.cookie);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      orderId: order.id,
      amountMinor: PRICE,
      state: 'succeeded',
      currency: 'CNY',
    });
    expect(await orderRow(order.id)).toMatchObject({ state: 'refunded' });
    expect(Number((await orderRow(order.id)).refunded_minor)).toBe(PRICE);
    await settle();
    expect((await membershipOf(s.communityId, buyer.id))?.state).toBe('refunded');
    const journal = await journalOf(order.id);
    expect(journal.map((e) => e.kind)).toEqual(['payment', 'refund']);
    expect(await accountTotals(order.id)).toEqual({
      buyer_payments: 0,
      creator_payable: 0,
      platform_revenue: 0,
    });
    expect(await auditOf(order.id, 'order.refunded')).toHaveLength(1);
    const refunds = await http.get(`/api/orders/${order.id}/refunds`, buyer.cookie);
    expect(refunds.json().items).toHaveLength(1);
    // Nothing left to refund.
    const again = await http.post(`/api/orders/${order.id}/refund`, { reason: 'again' }, s.owner.cookie);
    expect(again.statusCode).toBe(409);
  });

  it('the buyer cannot after the window (403), nor in part (400 amountMinor)', async () => {
    const s = await scene();
    const { buyer, order } = await paidOrder(s);
    const partial = await http.post(
      `/api/orders/${order.id}/refund`,
      { reason: 'half', amountMinor: 100 },
      buyer.cookie,
    );
    expect(partial.statusCode).toBe(400);
    expect(fieldsOf(partial)).toEqual(['amountMinor']);
    clock.advance(72 * HOUR);
    const late = await http.post(`/api/orders/${order.id}/refund`, { reason: 'late' }, buyer.cookie);
    expect(late.statusCode).toBe(403);
    expect(late.json().code).toBe('refund_window_closed');
    expect((await orderRow(order.id)).state).toBe('paid');
    await settle();
    expect((await membershipOf(s.communityId, buyer.id))?.state).toBe('active');
    expect(await journalOf(order.id)).toHaveLength(1);
  });

  it('answers 401, 400 naming reason, 404 to others', async () => {
    const s = await scene();
    const { order } = await paidOrder(s);
    expect((await http.post(`/api/orders/${order.id}/refund`, { reason: 'x' })).statusCode).toBe(401);
    const noReason = await http.post(`/api/orders/${order.id}/refund`, {}, s.owner.cookie);
    expect(noReason.statusCode).toBe(400);
    expect(fieldsOf(noReason)).toEqual(['reason']);
    const stranger = await registerUser(t);
    expect(
      (await http.post(`/api/orders/${order.id}/refund`, { reason: 'x' }, stranger.cookie)).statusCode,
    ).toBe(404);
    expect(
      (await http.post(`/api/orders/${MISSING}/refund`, { reason: 'x' }, s.owner.cookie)).statusCode,
    ).toBe(404);
    expect((await http.get(`/api/orders/${order.id}/refunds`, stranger.cookie)).statusCode).toBe(404);
  });

  it('the owner refunds in part: partially_refunded, still a member; more than is left is 400', async () => {
    const s = await scene();
    const { buyer, order } = await paidOrder(s);
    clock.advance(100 * HOUR);
    const part = await http.post(
      `/api/orders/${order.id}/refund`,
      { reason: 'Goodwill', amountMinor: 5_000 },
      s.owner.cookie,
    );
    expect(part.statusCode, part.body).toBe(200);
    expect(part.json()).toMatchObject({ amountMinor: 5_000, state: 'succeeded' });
    const row = await orderRow(order.id);
    expect(row.state).toBe('partially_refunded');
    expect(Number(row.refunded_minor)).toBe(5_000);
    await settle();
    expect((await membershipOf(s.communityId, buyer.id))?.state).toBe('active');
    // 995 × 5 000 / 19 900 = 250 of the fee back
    expect(await accountTotals(order.id)).toEqual({
      buyer_payments: PRICE - 5_000,
      creator_payable: -(PRICE - FEE) + (5_000 - 250),
      platform_revenue: -FEE + 250,
    });

    const tooMuch = await http.post(
      `/api/orders/${order.id}/refund`,
      { reason: 'More', amountMinor: PRICE - 5_000 + 1 },
      s.owner.cookie,
    );
    expect(tooMuch.statusCode).toBe(400);
    expect(fieldsOf(tooMuch)).toEqual(['amountMinor']);

    // The rest: the order is refunded, the membership ends, every account nets to zero.
    const rest = await http.post(`/api/orders/${order.id}/refund`, { reason: 'Rest' }, operator.cookie);
    expect(rest.statusCode, rest.body).toBe(200);
    expect(rest.json().amountMinor).toBe(PRICE - 5_000);
    expect((await orderRow(order.id)).state).toBe('refunded');
    await settle();
    expect((await membershipOf(s.communityId, buyer.id))?.state).toBe('refunded');
    expect(await accountTotals(order.id)).toEqual({
      buyer_payments: 0,
      creator_payable: 0,
      platform_revenue: 0,
    });
  });

  it('one refund for one Idempotency-Key', async () => {
    const s = await scene();
    const { order } = await paidOrder(s);
    const key = `refund-${newId()}`;
    const body = { reason: 'Twice', amountMinor: 1_000 };
    const first = await postWithKey(`/api/orders/${order.id}/refund`, body, s.owner.cookie, key);
    const second = await postWithKey(`/api/orders/${order.id}/refund`, body, s.owner.cookie, key);
    expect(first.statusCode, first.body).toBe(200);
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().id).toBe(first.json().id);
    const concurrentKey = `refund-${newId()}`;
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        postWithKey(`/api/orders/${order.id}/refund`, body, s.owner.cookie, concurrentKey),
      ),
    );
    expect(
      answers.map((r) => r.statusCode),
      answers.map((r) => r.body).join('\n'),
    ).toEqual([200, 200, 200, 200]);
    expect(new Set(answers.map((r) => r.json().id)).size).toBe(1);
    const refunds = await t.db.selectFrom('refunds').selectAll().where('order_id', '=', order.id).execute();
    expect(refunds).toHaveLength(2);
    expect(Number((await orderRow(order.id)).refunded_minor)).toBe(2_000);
    expect((await journalOf(order.id)).map((e) => e.kind)).toEqual(['payment', 'refund', 'refund']);
  });
});

// ── revenue and payouts ──────────────────────────────────────────────────

describe('revenue and payouts', () => {
  it('shows gross, fees, refunds, net and balance; the operator pays out up to the balance', async () => {
    const s = await scene();
    const { order } = await paidOrder(s);
    await paidOrder(s);
    // 995 × 3 333 / 19 900 = 166.65 → 166 of the fee back
    const refund = await http.post(
      `/api/orders/${order.id}/refund`,
      { reason: 'Part', amountMinor: 3_333 },
      s.owner.cookie,
    );
    expect(refund.statusCode, refund.body).toBe(200);
    const url = `/api/communities/${s.communityId}/revenue`;
    const res = await http.get(url, s.owner.cookie);
    expect(res.statusCode, res.body).toBe(200);
    const fees = 2 * FEE - 166;
    const net = 2 * PRICE - 3_333 - fees;
    expect(res.json()).toEqual({
      communityId: s.communityId,
      refundWindowHours: 72,
      currencies: [
        {
          currency: 'CNY',
          grossMinor: 2 * PRICE,
          feesMinor: fees,
          refundsMinor: 3_333,
          netMinor: net,
          paidOutMinor: 0,
          balanceMinor: net,
          feesCollectedMinor: 0,
          commissionsMinor: 0,
          memberTipsMinor: 0,
          orders: 2,
        },
      ],
    });

    const payouts = `/api/communities/${s.communityId}/payouts`;
    const payout = (amountMinor: number, cookie?: string) =>
      http.post(payouts, { amountMinor, currency: 'CNY', reference: 'Bank transfer 42' }, cookie);
    expect((await payout(100)).statusCode).toBe(401);
    expect((await payout(100, s.owner.cookie)).statusCode).toBe(403);
    const negative = await payout(-1, operator.cookie);
    expect(negative.statusCode).toBe(400);
    expect(fieldsOf(negative)).toEqual(['amountMinor']);
    expect(
      (
        await http.post(
          `/api/communities/${MISSING}/payouts`,
          { amountMinor: 1, currency: 'CNY', reference: 'x' },
          operator.cookie,
        )
      ).statusCode,
    ).toBe(404);
    const tooMuch = await payout(net + 1, operator.cookie);
    expect(tooMuch.statusCode).toBe(409);
    expect(tooMuch.json().code).toBe('payout_exceeds_balance');
    const otherCurrency = await http.post(
      payouts,
      { amountMinor: 1, currency: 'USD', reference: 'x' },
      operator.cookie,
    );
    expect(otherCurrency.statusCode).toBe(409);

    const done = await payout(10_000, operator.cookie);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().currencies[0]).toMatchObject({
      paidOutMinor: 10_000,
      balanceMinor: net - 10_000,
      netMinor: net,
    });
    expect(await auditOf(s.communityId, 'payout.recorded')).toHaveLength(1);
    const all = await payout(net - 10_000, operator.cookie);
    expect(all.statusCode).toBe(200);
    expect(all.json().currencies[0].balanceMinor).toBe(0);
    expect((await payout(1, operator.cookie)).statusCode).toBe(409);

    // Every entry of the community balances.
    const lines = await t.db
      .selectFrom('ledger_lines')
      .selectAll()
      .where('community_id', '=', s.communityId)
      .execute();
    const byEntry = new Map<string, number>();
    for (const l of lines) byEntry.set(l.entry_id, (byEntry.get(l.entry_id) ?? 0) + Number(l.amount_minor));
    expect([...byEntry.values()].every((sum) => sum === 0)).toBe(true);
    expect(byEntry.size).toBe(5);

    const member = await registerUser(t);
    expect((await http.get(url)).statusCode).toBe(401);
    expect((await http.get(url, member.cookie)).statusCode).toBe(403);
    expect((await http.get(`/api/communities/${MISSING}/revenue`, s.owner.cookie)).statusCode).toBe(404);
    expect(fieldsOf(await http.get(`/api/communities/${'x'.repeat(65)}/revenue`, s.owner.cookie))).toEqual([
      'id',
    ]);
  });

  it('concurrent payouts never take the balance below zero', async () => {
    const s = await scene();
    await paidOrder(s);
    const balance = PRICE - FEE;
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        http.post(
          `/api/communities/${s.communityId}/payouts`,
          { amountMinor: Math.floor(balance / 2) + 1, currency: 'CNY', reference: 'race' },
          operator.cookie,
        ),
      ),
    );
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409]);
    const summary = await t.app.services.payments.revenue.summary(s.communityId);
    expect(summary.currencies[0]?.balanceMinor).toBe(balance - (Math.floor(balance / 2) + 1));
  });

  it('PUT payment-settings sets the refund window (owner); 401, 400, 403', async () => {
    const s = await scene();
    const url = `/api/communities/${s.communityId}/payment-settings`;
    expect((await http.put(url, { refundWindowHours: 24 })).statusCode).toBe(401);
    const bad = await http.put(url, { refundWindowHours: -1 }, s.owner.cookie);
    expect(fieldsOf(bad)).toEqual(['refundWindowHours']);
    expect((await http.put(url, { refundWindowHours: 24 }, (await registerUser(t)).cookie)).statusCode).toBe(
      403,
    );
    const ok = await http.put(url, { refundWindowHours: 0 }, s.owner.cookie);
    expect(ok.json().refundWindowHours).toBe(0);
    const { buyer, order } = await paidOrder(s);
    expect(order.selfRefundUntil).toBeNull();
    const res = await http.post(`/api/orders/${order.id}/refund`, { reason: 'x' }, buyer.cookie);
    expect(res.statusCode).toBe(403);
  });
});

// ── webhooks ──────────────────────────────────────────────────────────────

type Notification = { body: string; headers: Record<string, string> };

const postWebhook = (provider: string, n: Notification) =>
  t.app.inject({ method: 'POST', url: `/api/webhooks/${provider}`, payload: n.body, headers: n.headers });

function stripeNotification(event: Record<string, unknown>, tamper?: (body: string) => string): Notification {
  const payload = JSON.stringify({
    object: 'event',
    api_version: Stripe.API_VERSION,
    created: Math.floor(clock.now() / 1000),
    ...event,
  });
  const signature = stripeSigner.webhooks.generateTestHeaderString({
    payload,
    secret: stripeWebhookSecret,
    timestamp: Math.floor(clock.now() / 1000),
  });
  return {
    body: tamper ? tamper(payload) : payload,
    headers: { 'content-type': 'application/json', 'stripe-signature': signature },
  };
}

const stripePaid = (orderId: string, amount: number, eventId = `evt_${newId()}`) =>
  stripeNotification({
    id: eventId,
    type: 'checkout.session.completed',
    data: {
      object: {
        id: `cs_${orderId}`,
        object: 'checkout.session',
        status: 'complete',
        payment_status: 'paid',
        amount_total: amount,
        currency: 'cny',
        client_reference_id: orderId,
        metadata: { orderId },
        payment_intent: `pi_${orderId}`,
        subscription: null,
      },
    },
  });

const stripeRefunded = (orderId: string, amount: number) =>
  stripeNotification({
    id: `evt_${newId()}`,
    type: 'charge.refunded',
    data: {
      object: {
        id: `ch_${orderId}`,
        object: 'charge',
        payment_intent: `pi_${orderId}`,
        metadata: { orderId },
        refunds: {
          object: 'list',
          data: [
            {
              id: `re_${newId()}`,
              object: 'refund',
              amount,
              currency: 'cny',
              created: Math.floor(clock.now() / 1000),
            },
          ],
        },
      },
    },
  });

function alipayNotification(fields: Record<string, string>, tamper?: Record<string, string>): Notification {
  const params: Record<string, string> = {
    notify_time: '2026-06-01 20:01:05',
    notify_type: 'trade_status_sync',
    notify_id: `notify_${newId()}`,
    app_id: alipayAppId,
    charset: 'utf-8',
    version: '1.0',
    sign_type: 'RSA2',
    trade_no: `2026${Date.now()}`,
    trade_status: 'TRADE_SUCCESS',
    gmt_create: '2026-06-01 20:00:30',
    gmt_payment: '2026-06-01 20:01:04',
    subject: 'Annual',
    ...fields,
  };
  params.sign = alipaySign(alipaySignContent(params, ['sign', 'sign_type']));
  return {
    body: new URLSearchParams({ ...params, ...tamper }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  };
}

function wxNotification(
  eventType: string,
  resource: unknown,
  tamper?: (body: string) => string,
): Notification {
  const nonce = randomBytes(6).toString('hex');
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(wxApiV3Key), Buffer.from(nonce));
  cipher.setAAD(Buffer.from('transaction'));
  const sealed = Buffer.concat([
    cipher.update(JSON.stringify(resource)),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  const body = JSON.stringify({
    id: `EV-${newId()}`,
    create_time: '2026-06-01T20:01:05+08:00',
    resource_type: 'encrypt-resource',
    event_type: eventType,
    summary: 'x',
    resource: {
      original_type: 'transaction',
      algorithm: 'AEAD_AES_256_GCM',
      ciphertext: sealed.toString('base64'),
      associated_data: 'transaction',
      nonce,
    },
  });
  return {
    body: tamper ? tamper(body) : body,
    headers: { 'content-type': 'application/json', ...wxSignedHeaders(body) },
  };
}

const wxTransaction = (orderId: string, total: number) => ({
  appid: wxAppId,
  mchid: wxMchId,
  out_trade_no: orderId,
  transaction_id: `4200${Date.now()}`,
  trade_type: 'NATIVE',
  trade_state: 'SUCCESS',
  success_time: '2026-06-01T20:01:04+08:00',
  amount: { total, payer_total: total, currency: 'CNY', payer_currency: 'CNY' },
});

interface WebhookCase {
  provider: 'stripe' | 'alipay' | 'wechatpay';
  ack: { contentType: RegExp; body: string };
  action: (orderId: string) => Record<string, unknown>;
  paid: (orderId: string, amount: number) => Notification;
  tampered: (orderId: string, amount: number) => Notification;
  refunded: (orderId: string, amount: number) => Notification;
}

const webhookCases: WebhookCase[] = [
  {
    provider: 'stripe',
    ack: { contentType: /application\/json/, body: '{"received":true}' },
    action: (orderId) => ({ kind: 'redirect', url: `https://checkout.stripe.com/c/pay/cs_${orderId}` }),
    paid: (orderId, amount) => stripePaid(orderId, amount),
    tampered: (orderId, amount) => {
      const n = stripePaid(orderId, amount - 1);
      return { ...n, body: n.body.replace(`"amount_total":${amount - 1}`, `"amount_total":${amount}`) };
    },
    refunded: stripeRefunded,
  },
  {
    provider: 'alipay',
    ack: { contentType: /text\/plain/, body: 'success' },
    action: (orderId) => ({ kind: 'qr', payload: `https://qr.alipay.com/${orderId}` }),
    paid: (orderId, amount) =>
      alipayNotification({
        out_trade_no: orderId,
        total_amount: (amount / 100).toFixed(2),
        receipt_amount: (amount / 100).toFixed(2),
      }),
    tampered: (orderId, amount) =>
      alipayNotification(
        { out_trade_no: orderId, total_amount: ((amount - 1) / 100).toFixed(2) },
        { total_amount: (amount / 100).toFixed(2) },
      ),
    refunded: (orderId, amount) => {
      const refundNo = `rf_${newId()}`;
      alipayRefunds.set(refundNo, (amount / 100).toFixed(2));
      return alipayNotification({
        out_trade_no: orderId,
        total_amount: (amount / 100).toFixed(2),
        trade_status: 'TRADE_CLOSED',
        refund_fee: (amount / 100).toFixed(2),
        gmt_refund: '2026-06-02 10:00:00.123',
        out_biz_no: refundNo,
      });
    },
  },
  {
    provider: 'wechatpay',
    ack: { contentType: /application\/json/, body: '{"code":"SUCCESS","message":"OK"}' },
    action: (orderId) => ({ kind: 'qr', payload: `weixin://wxpay/bizpayurl?pr=${orderId}` }),
    paid: (orderId, amount) => wxNotification('TRANSACTION.SUCCESS', wxTransaction(orderId, amount)),
    tampered: (orderId, amount) =>
      wxNotification('TRANSACTION.SUCCESS', wxTransaction(orderId, amount), (body) =>
        body.replace('"summary":"x"', '"summary":"y"'),
      ),
    refunded: (orderId, amount) =>
      wxNotification('REFUND.SUCCESS', {
        mchid: wxMchId,
        out_trade_no: orderId,
        out_refund_no: `rf_${newId()}`,
        refund_id: `5000${Date.now()}`,
        refund_status: 'SUCCESS',
        amount: { total: amount, refund: amount },
      }),
  },
];

describe.each(webhookCases)('webhooks: $provider', (c) => {
  it('a genuine notification pays the order once, however often it is replayed', async () => {
    const s = await scene();
    const buyer = await registerUser(t);
    const order = await createOrder(buyer, s.planId, {}, c.provider);
    expect(order.state).toBe('pending');
    expect(order.paymentAction).toEqual(c.action(order.id));

    // Forged: 400, nothing changes.
    const forged = await postWebhook(c.provider, c.tampered(order.id, PRICE));
    expect(forged.statusCode, forged.body).toBe(400);
    expect(forged.json().code).toBe('notification_rejected');
    expect((await orderRow(order.id)).state).toBe('pending');

    // Genuine but for the wrong amount: acknowledged, not paid.
    const wrong = await postWebhook(c.provider, c.paid(order.id, PRICE - 100));
    expect(wrong.statusCode, wrong.body).toBe(200);
    expect((await orderRow(order.id)).state).toBe('pending');
    expect(await auditOf(order.id, 'order.payment_rejected')).toHaveLength(1);

    const notification = c.paid(order.id, PRICE);
    const res = await postWebhook(c.provider, notification);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(c.ack.contentType);
    expect(res.body).toBe(c.ack.body);
    expect((await orderRow(order.id)).state).toBe('paid');

    const replays = await Promise.all(Array.from({ length: 5 }, () => postWebhook(c.provider, notification)));
    expect(replays.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(replays.every((r) => r.body === c.ack.body)).toBe(true);
    await settle();
    expect((await membershipOf(s.communityId, buyer.id))?.state).toBe('active');
    expect(await orderGrants(order.id)).toHaveLength(1);
    expect((await journalOf(order.id)).map((e) => e.kind)).toEqual(['payment']);
    expect(await accountTotals(order.id)).toEqual({
      buyer_payments: PRICE,
      creator_payable: -(PRICE - FEE),
      platform_revenue: -FEE,
    });
    const events = await t.db
      .selectFrom('payment_events')
      .selectAll()
      .where('order_id', '=', order.id)
      .execute();
    expect(events.map((e) => e.outcome).sort()).toEqual(['amount_mismatch', 'applied']);

    // A refund made at the provider ends the membership; the journal nets to zero.
    const refund = c.refunded(order.id, PRICE);
    const refunded = await postWebhook(c.provider, refund);
    expect(refunded.statusCode, refunded.body).toBe(200);
    expect(refunded.body).toBe(c.ack.body);
    const again = await postWebhook(c.provider, refund);
    expect(again.statusCode).toBe(200);
    expect((await orderRow(order.id)).state).toBe('refunded');
    await settle();
    expect((await membershipOf(s.communityId, buyer.id))?.state).toBe('refunded');
    expect((await journalOf(order.id)).map((e) => e.kind)).toEqual(['payment', 'refund']);
    expect(await accountTotals(order.id)).toEqual({
      buyer_payments: 0,
      creator_payable: 0,
      platform_revenue: 0,
    });
    expect(
      await t.db.selectFrom('refunds').selectAll().where('order_id', '=', order.id).execute(),
    ).toHaveLength(1);
  });

  it('answers 400 to an unsigned notification', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/webhooks/${c.provider}`,
      payload: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
  });
});

describe('webhooks: the test provider', () => {
  it('takes no notifications over HTTP', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/webhooks/test', payload: '{}' });
    expect(res.statusCode).toBe(404);
  });
});

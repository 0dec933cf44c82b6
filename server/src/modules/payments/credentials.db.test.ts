import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Stripe from 'stripe';
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
import { newId } from '../../platform/ids.js';
import { CredentialsUnreadable } from './credentials.crypto.js';
import { SavedCredentials } from './credentials.service.js';
import type { PaymentProvider, ProviderName } from './providers/provider.js';
import { PaymentProviders } from './providers/registry.js';

// Keys made here, each one a string that must never come back out of the API.
const stripeSite = {
  secretKey: `sk_test_site${randomBytes(12).toString('hex')}`,
  webhookSecret: 'whsec_siteSecret123',
};
const stripeOwn = {
  secretKey: `sk_live_own${randomBytes(12).toString('hex')}`,
  webhookSecret: 'whsec_ownSecret456',
};
const alipayKeys = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const wxMerchant = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const wxPlatform = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const wechatKeys = {
  mchId: '1900000109',
  appId: 'wx8888888888888888',
  merchantSerialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
  merchantPrivateKey: wxMerchant.privateKey,
  apiV3Key: randomBytes(16).toString('hex'),
  platformPublicKey: wxPlatform.publicKey,
  platformSerialNo: 'PUB_KEY_ID_0114232134912410000',
};
const SECRETS = [
  stripeSite.secretKey,
  stripeSite.webhookSecret,
  stripeOwn.secretKey,
  stripeOwn.webhookSecret,
  alipayKeys.privateKey.split('\n')[1] as string,
  wxMerchant.privateKey.split('\n')[1] as string,
  wechatKeys.apiV3Key,
];
const expectNoSecrets = (body: string) => {
  for (const secret of SECRETS) expect(body).not.toContain(secret);
};

let t: TestApp;
let http: ReturnType<typeof requester>;
let operator: TestUser;
let member: TestUser;
let owner: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  http = requester(t);
  operator = await setupOperator(t);
  member = await registerUser(t);
  owner = await registerUser(t);
});
afterAll(async () => {
  await t.close();
});

const putSite = (provider: string, body: unknown, cookie = operator.cookie) =>
  http.put(`/api/admin/payment-providers/${provider}`, body, cookie);
const putCommunity = (communityId: string, provider: string, body: unknown, cookie = operator.cookie) =>
  http.put(`/api/admin/communities/${communityId}/payment-providers/${provider}`, body, cookie);

async function community() {
  const now = Date.now();
  const communityId = await insertCommunity(t.db, owner.id, now);
  const planId = await insertPlan(t.db, communityId, now);
  return { communityId, planId };
}

async function quoteProviders(planId: string) {
  const res = await http.get(`/api/checkout/quote?planId=${planId}`, member.cookie);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().providers as string[];
}

type Status = {
  provider: string;
  active: string | null;
  saved: { readable: boolean; fields: { name: string; set: boolean; hint: string | null }[] } | null;
  webhookUrl: string;
};
const statusOf = (body: { providers: Status[] }, provider: string) =>
  body.providers.find((p) => p.provider === provider) as Status;

describe('who may manage provider keys', () => {
  it('answers 401 without a session and 403 to anyone but the operator', async () => {
    const { communityId } = await community();
    const urls: [string, string, unknown?][] = [
      ['GET', '/api/admin/payment-providers'],
      ['PUT', '/api/admin/payment-providers/stripe', stripeSite],
      ['DELETE', '/api/admin/payment-providers/stripe'],
      ['GET', `/api/admin/communities/${communityId}/payment-providers`],
      ['PUT', `/api/admin/communities/${communityId}/payment-providers/stripe`, stripeOwn],
      ['DELETE', `/api/admin/communities/${communityId}/payment-providers/stripe`],
      ['GET', '/api/admin/payment-providers/communities'],
      ['GET', '/api/admin/payouts/balances'],
      ['GET', `/api/admin/communities/${communityId}/payouts`],
      [
        'POST',
        `/api/admin/communities/${communityId}/payouts`,
        { amountMinor: 1, currency: 'CNY', reference: 'x' },
      ],
    ];
    for (const [method, url, body] of urls) {
      const send = (cookie?: string) =>
        t.app.inject({
          method: method as 'GET',
          url,
          ...(body === undefined ? {} : { payload: body as object }),
          headers: cookie ? { cookie } : {},
        });
      expect((await send()).statusCode, `${method} ${url} anonymous`).toBe(401);
      // The community's owner may not set its keys either: the operator does.
      for (const who of [member, owner])
        expect((await send(who.cookie)).statusCode, `${method} ${url}`).toBe(403);
    }
    expect(await t.db.selectFrom('payment_credentials').selectAll().execute()).toEqual([]);
  });

  it('shows the owner which providers their buyers can choose, but not the keys', async () => {
    const { communityId } = await community();
    const res = await http.get(`/api/communities/${communityId}/payment-providers`, owner.cookie);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().providers).toEqual([
      { provider: 'test', origin: 'built-in' },
      { provider: 'manual', origin: 'built-in' },
    ]);
    expect(
      (await http.get(`/api/communities/${communityId}/payment-providers`, member.cookie)).statusCode,
    ).toBe(403);
  });
});

describe('checking keys before saving them', () => {
  it.each([
    ['stripe', { ...stripeSite, secretKey: 'pk_test_publishable' }, 'secretKey'],
    ['stripe', { ...stripeSite, webhookSecret: 'nope' }, 'webhookSecret'],
    ['stripe', { secretKey: stripeSite.secretKey }, 'webhookSecret'],
    ['stripe', { ...stripeSite, appId: '2021000000000001' }, 'appId'],
    [
      'alipay',
      { appId: '2021000000000001', privateKey: 'not a key', alipayPublicKey: alipayKeys.publicKey },
      'privateKey',
    ],
    [
      'alipay',
      {
        appId: '2021000000000001',
        privateKey: alipayKeys.privateKey,
        alipayPublicKey: alipayKeys.privateKey,
      },
      'alipayPublicKey',
    ],
    [
      'alipay',
      { appId: '12', privateKey: alipayKeys.privateKey, alipayPublicKey: alipayKeys.publicKey },
      'appId',
    ],
    ['wechatpay', { ...wechatKeys, apiV3Key: 'x'.repeat(31) }, 'apiV3Key'],
    ['wechatpay', { ...wechatKeys, merchantPrivateKey: wxMerchant.publicKey }, 'merchantPrivateKey'],
    [
      'wechatpay',
      { ...wechatKeys, platformPublicKey: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----' },
      'platformPublicKey',
    ],
  ])('refuses bad %s keys with 400 naming the field (%#)', async (provider, body, field) => {
    const res = await putSite(provider, body);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().errors[0].path).toBe(field);
    expectNoSecrets(res.body);
    expect(
      await t.db.selectFrom('payment_credentials').selectAll().where('scope', '=', 'site').execute(),
    ).toEqual([]);
  });

  it('refuses a provider that takes no keys', async () => {
    const res = await putSite('test', stripeSite);
    expect(res.statusCode).toBe(400);
  });
});

describe('saved keys', () => {
  it('are sealed in the database, never sent back, and audited without their values', async () => {
    const saved = await putSite('stripe', stripeSite);
    expect(saved.statusCode, saved.body).toBe(200);
    expectNoSecrets(saved.body);
    const stripe = statusOf(saved.json(), 'stripe');
    expect(stripe.active).toBe('site');
    expect(stripe.saved?.readable).toBe(true);
    expect(stripe.saved?.fields).toEqual([
      { name: 'secretKey', set: true, secret: true, hint: 'test' },
      { name: 'webhookSecret', set: true, secret: true, hint: null },
    ]);
    expect(stripe.webhookUrl).toBe('http://zhishe.test/api/webhooks/stripe');

    for (const provider of ['alipay', 'wechatpay'] as const) {
      const body =
        provider === 'alipay'
          ? {
              appId: '2021000000000001',
              privateKey: alipayKeys.privateKey,
              alipayPublicKey: alipayKeys.publicKey,
            }
          : wechatKeys;
      const res = await putSite(provider, body);
      expect(res.statusCode, res.body).toBe(200);
      expectNoSecrets(res.body);
    }
    const listed = await http.get('/api/admin/payment-providers', operator.cookie);
    expectNoSecrets(listed.body);
    expect(statusOf(listed.json(), 'wechatpay').saved?.fields.find((f) => f.name === 'mchId')?.hint).toBe(
      '0109',
    );

    const rows = await t.db
      .selectFrom('payment_credentials')
      .selectAll()
      .where('scope', '=', 'site')
      .execute();
    expect(rows.map((r) => r.provider).sort()).toEqual(['alipay', 'stripe', 'wechatpay']);
    for (const row of rows) {
      const stored = JSON.stringify(row);
      expectNoSecrets(stored);
      expectNoSecrets(Buffer.from(row.sealed, 'base64').toString('latin1'));
      expect(Number(row.key_version)).toBe(1);
    }
    const stripeRow = rows.find((r) => r.provider === 'stripe');
    if (!stripeRow) throw new Error('no stripe row');
    // The same SECRET opens them; another cannot, and says why.
    expect(new SavedCredentials(t.db, t.deps.config.secret).openRow(stripeRow)).toEqual(stripeSite);
    const other = new SavedCredentials(t.db, 'y'.repeat(40));
    expect(() => other.openRow(stripeRow)).toThrow(CredentialsUnreadable);
    expect(() => other.openRow(stripeRow)).toThrow(/cannot be decrypted with this SECRET/);
    // A sealed blob moved to another row does not open there.
    expect(() =>
      new SavedCredentials(t.db, t.deps.config.secret).openRow({ ...stripeRow, scope: newId() }),
    ).toThrow(CredentialsUnreadable);

    const audits = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'payment_keys.saved')
      .where('subject_id', '=', 'site')
      .execute();
    expect(audits.length).toBe(3);
    for (const audit of audits) {
      expect(audit.actor_id).toBe(operator.id);
      expectNoSecrets(audit.data);
    }
    expect(JSON.parse(audits.find((a) => a.data.includes('stripe'))?.data ?? '{}')).toMatchObject({
      provider: 'stripe',
      fields: ['secretKey', 'webhookSecret'],
    });
  });

  it('keeps saved values for fields left blank, and checks the whole set again', async () => {
    const res = await putSite('stripe', { secretKey: '', webhookSecret: 'whsec_rotated789' });
    expect(res.statusCode, res.body).toBe(200);
    const row = await t.db
      .selectFrom('payment_credentials')
      .selectAll()
      .where('scope', '=', 'site')
      .where('provider', '=', 'stripe')
      .executeTakeFirstOrThrow();
    expect(new SavedCredentials(t.db, t.deps.config.secret).openRow(row)).toEqual({
      secretKey: stripeSite.secretKey,
      webhookSecret: 'whsec_rotated789',
    });
    expect((await putSite('stripe', stripeSite)).statusCode).toBe(200);
  });

  it('turns a provider off for its scope when its keys no longer open (SECRET changed)', async () => {
    const { communityId, planId } = await community();
    const put = await putCommunity(communityId, 'alipay', {
      appId: '2021000000000002',
      privateKey: alipayKeys.privateKey,
      alipayPublicKey: alipayKeys.publicKey,
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(await quoteProviders(planId)).toContain('alipay');
    // Sealed under another SECRET, as after SECRET was changed.
    const foreign = new SavedCredentials(t.db, 'z'.repeat(40)).seal(communityId, 'alipay', { appId: 'x' });
    await t.db
      .updateTable('payment_credentials')
      .set({ sealed: foreign.sealed, updated_at: Date.now() + 1 })
      .where('scope', '=', communityId)
      .where('provider', '=', 'alipay')
      .execute();
    const status = await http.get(`/api/admin/communities/${communityId}/payment-providers`, operator.cookie);
    const alipay = statusOf(status.json(), 'alipay');
    expect(alipay.saved?.readable).toBe(false);
    // Not the site's keys instead: payments would land in another account.
    expect(alipay.active).toBe(null);
    expect(await quoteProviders(planId)).not.toContain('alipay');
  });
});

describe('which keys a community pays with', () => {
  it('prefers its own keys over the site keys, and the site keys over none', async () => {
    await http.del('/api/admin/payment-providers/stripe', operator.cookie);
    const a = await community();
    const b = await community();
    expect(await quoteProviders(a.planId)).toEqual(['test', 'manual', 'alipay', 'wechatpay']);

    expect((await putSite('stripe', stripeSite)).statusCode).toBe(200);
    expect(await quoteProviders(a.planId)).toContain('stripe');
    const own = await putCommunity(a.communityId, 'stripe', stripeOwn);
    expect(own.statusCode, own.body).toBe(200);
    expectNoSecrets(own.body);
    const ownStripe = statusOf(own.json(), 'stripe');
    expect(ownStripe.active).toBe('community');
    expect(ownStripe.saved?.fields[0]?.hint).toBe('live');
    expect(ownStripe.webhookUrl).toBe(`http://zhishe.test/api/webhooks/stripe/${a.communityId}`);

    const bStatus = await http.get(
      `/api/admin/communities/${b.communityId}/payment-providers`,
      operator.cookie,
    );
    expect(statusOf(bStatus.json(), 'stripe')).toMatchObject({ active: 'site', saved: null });
    const ownerView = await http.get(`/api/communities/${a.communityId}/payment-providers`, owner.cookie);
    expect(ownerView.json().providers).toContainEqual({ provider: 'stripe', origin: 'community' });
    expectNoSecrets(ownerView.body);

    const listed = await http.get('/api/admin/payment-providers/communities', operator.cookie);
    expect(listed.json().items).toContainEqual(
      expect.objectContaining({ id: a.communityId, providers: ['stripe'] }),
    );

    const deleted = await http.del(
      `/api/admin/communities/${a.communityId}/payment-providers/stripe`,
      operator.cookie,
    );
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(statusOf(deleted.json(), 'stripe').active).toBe('site');
    expect(
      await t.db.selectFrom('audit_log').select('id').where('action', '=', 'payment_keys.deleted').execute(),
    ).toHaveLength(2);
    expect(
      (await http.del(`/api/admin/communities/${a.communityId}/payment-providers/stripe`, operator.cookie))
        .statusCode,
    ).toBe(404);

    expect((await http.del('/api/admin/payment-providers/stripe', operator.cookie)).statusCode).toBe(200);
    expect(await quoteProviders(a.planId)).not.toContain('stripe');
  });

  it('rebuilds a provider when its keys change, and reuses it while they do not', async () => {
    const { communityId } = await community();
    const built: string[] = [];
    const registry = new PaymentProviders({
      publicUrl: 'http://zhishe.test',
      builtIn: [],
      fromEnv: [fakeProvider('stripe', 'env')],
      saved: new SavedCredentials(t.db, t.deps.config.secret),
      build: (name, keys, notifyUrl) => {
        built.push(`${keys.secretKey} ${notifyUrl}`);
        return fakeProvider(name, keys.secretKey as string);
      },
    });
    const keyOf = async (id: string | null) =>
      (
        ((id ? await registry.forCommunity(id) : await registry.forSite()).find('stripe') ?? null) as
          | (PaymentProvider & { key: string })
          | null
      )?.key;

    expect(await keyOf(communityId)).toBe('env');
    expect((await putSite('stripe', stripeSite)).statusCode).toBe(200);
    expect(await keyOf(communityId)).toBe(stripeSite.secretKey);
    expect(await keyOf(null)).toBe(stripeSite.secretKey);
    expect((await putCommunity(communityId, 'stripe', stripeOwn)).statusCode).toBe(200);
    expect(await keyOf(communityId)).toBe(stripeOwn.secretKey);
    expect(await keyOf(null)).toBe(stripeSite.secretKey);
    const first = (await registry.forCommunity(communityId)).find('stripe');
    expect((await registry.forCommunity(communityId)).find('stripe')).toBe(first);
    const second = `sk_live_second${randomBytes(6).toString('hex')}`;
    expect((await putCommunity(communityId, 'stripe', { secretKey: second })).statusCode).toBe(200);
    expect(await keyOf(communityId)).toBe(second);
    expect(built).toContain(`${second} http://zhishe.test/api/webhooks/stripe/${communityId}`);
    expect(built.filter((b) => b.startsWith(stripeOwn.secretKey))).toHaveLength(1);
    await http.del(`/api/admin/communities/${communityId}/payment-providers/stripe`, operator.cookie);
    await http.del('/api/admin/payment-providers/stripe', operator.cookie);
    expect(await keyOf(communityId)).toBe('env');
  });
});

function fakeProvider(name: ProviderName, key: string): PaymentProvider & { key: string } {
  const fail = async (): Promise<never> => {
    throw new Error('not in this test');
  };
  return {
    name,
    key,
    createPayment: fail,
    parseNotification: fail,
    refund: fail,
    queryStatus: fail,
    acknowledgement: { status: 200, contentType: 'application/json', body: '{}' },
  };
}

describe('notifications for a community with its own keys', () => {
  const signer = new Stripe('sk_test_signer');
  const paidEvent = (orderId: string, amount: number, secret: string) => {
    const payload = JSON.stringify({
      id: `evt_${newId()}`,
      object: 'event',
      api_version: Stripe.API_VERSION,
      created: Math.floor(Date.now() / 1000),
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
    const signature = signer.webhooks.generateTestHeaderString({ payload, secret });
    return { payload, headers: { 'content-type': 'application/json', 'stripe-signature': signature } };
  };
  const post = (url: string, n: { payload: string; headers: Record<string, string> }) =>
    t.app.inject({ method: 'POST', url, payload: n.payload, headers: n.headers });

  async function pendingStripeOrder(communityId: string, planId: string) {
    const buyer = await registerUser(t);
    const id = newId();
    const now = Date.now();
    await t.db
      .insertInto('orders')
      .values({
        id,
        community_id: communityId,
        buyer_id: buyer.id,
        item_kind: 'plan',
        item_id: planId,
        item_name: 'Annual',
        list_price_minor: 19_900,
        discount_minor: 0,
        amount_minor: 19_900,
        currency: 'CNY',
        coupon_id: null,
        provider: 'stripe',
        provider_ref: `cs_${id}`,
        payment_action: null,
        subscription_id: null,
        state: 'pending',
        refunded_minor: 0,
        idempotency_key: null,
        expires_at: now + 30 * 60_000,
        paid_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    return { id, buyer };
  }
  const stateOf = async (orderId: string) =>
    (await t.db.selectFrom('orders').select('state').where('id', '=', orderId).executeTakeFirstOrThrow())
      .state;

  it("is verified with that community's keys on its own path, and only for its own orders", async () => {
    expect((await putSite('stripe', stripeSite)).statusCode).toBe(200);
    const a = await community();
    const b = await community();
    expect((await putCommunity(a.communityId, 'stripe', stripeOwn)).statusCode).toBe(200);
    const orderA = await pendingStripeOrder(a.communityId, a.planId);
    const orderB = await pendingStripeOrder(b.communityId, b.planId);
    const aPath = `/api/webhooks/stripe/${a.communityId}`;

    // Signed with the site's secret: not genuine for community A.
    expect((await post(aPath, paidEvent(orderA.id, 19_900, stripeSite.webhookSecret))).statusCode).toBe(400);
    // Signed with A's secret but sent to the site's path: the site's keys do not verify it.
    expect(
      (await post('/api/webhooks/stripe', paidEvent(orderA.id, 19_900, stripeOwn.webhookSecret))).statusCode,
    ).toBe(400);
    // A's keys cannot pay B's order, even on A's path.
    const forged = await post(aPath, paidEvent(orderB.id, 19_900, stripeOwn.webhookSecret));
    expect(forged.statusCode, forged.body).toBe(400);
    expect(forged.json().detail).toMatch(/another community/);
    expect(await stateOf(orderA.id)).toBe('pending');
    expect(await stateOf(orderB.id)).toBe('pending');

    const genuine = paidEvent(orderA.id, 19_900, stripeOwn.webhookSecret);
    const res = await post(aPath, genuine);
    expect(res.statusCode, res.body).toBe(200);
    expect(await stateOf(orderA.id)).toBe('paid');
    expect((await post(aPath, genuine)).statusCode).toBe(200);
    await settleOutbox(t, Date.now());
    const entries = await t.db
      .selectFrom('ledger_entries')
      .select('id')
      .where('order_id', '=', orderA.id)
      .execute();
    expect(entries).toHaveLength(1);

    // B has no keys of its own: its path verifies with the site's.
    const bRes = await post(
      `/api/webhooks/stripe/${b.communityId}`,
      paidEvent(orderB.id, 19_900, stripeSite.webhookSecret),
    );
    expect(bRes.statusCode, bRes.body).toBe(200);
    expect(await stateOf(orderB.id)).toBe('paid');

    expect((await post(`/api/webhooks/stripe/${newId()}`, genuine)).statusCode).toBe(404);
  });
});

describe('payouts', () => {
  async function communityOwed() {
    const { communityId, planId } = await community();
    const buyer = await registerUser(t);
    const order = await http.post('/api/orders', { planId, provider: 'test' }, buyer.cookie);
    expect(order.statusCode, order.body).toBe(201);
    const paid = await http.post(
      `/api/orders/${order.json().id}/test-payment`,
      { outcome: 'succeed' },
      buyer.cookie,
    );
    expect(paid.statusCode, paid.body).toBe(200);
    return communityId;
  }
  const balanceOf = async (communityId: string) => {
    const res = await http.get('/api/admin/payouts/balances?limit=100', operator.cookie);
    expect(res.statusCode, res.body).toBe(200);
    const item = (
      res.json().items as {
        community: { id: string };
        balances: { currency: string; balanceMinor: number }[];
      }[]
    ).find((i) => i.community.id === communityId);
    return item?.balances.find((b) => b.currency === 'CNY')?.balanceMinor ?? 0;
  };
  const payout = (communityId: string, body: unknown, key?: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/admin/communities/${communityId}/payouts`,
      payload: body as object,
      headers: { cookie: operator.cookie, ...(key ? { 'idempotency-key': key } : {}) },
    });

  it('lists what creators are owed and records a payout once per Idempotency-Key', async () => {
    const communityId = await communityOwed();
    expect(await balanceOf(communityId)).toBe(19_900);
    const key = `payout-${newId()}`;
    const body = { amountMinor: 5_000, currency: 'CNY', reference: 'BANK-001', note: '十一月结算' };
    const first = await payout(communityId, body, key);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().payout).toMatchObject({
      amountMinor: 5_000,
      reference: 'BANK-001',
      note: '十一月结算',
      recordedBy: { id: operator.id },
    });
    const again = await payout(communityId, body, key);
    expect(again.statusCode).toBe(201);
    expect(again.json().payout.id).toBe(first.json().payout.id);
    expect(await balanceOf(communityId)).toBe(14_900);

    const history = await http.get(`/api/admin/communities/${communityId}/payouts`, operator.cookie);
    expect(history.json().items).toHaveLength(1);
    expect(
      await t.db
        .selectFrom('audit_log')
        .select('id')
        .where('action', '=', 'payout.recorded')
        .where('subject_id', '=', communityId)
        .execute(),
    ).toHaveLength(1);

    const tooMuch = await payout(communityId, { ...body, amountMinor: 14_901 }, `payout-${newId()}`);
    expect(tooMuch.statusCode).toBe(409);
    const bad = await payout(communityId, { ...body, amountMinor: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toMatch(/amountMinor/);
    expect((await payout(newId(), body)).statusCode).toBe(404);

    // A community paid into its own account is marked: its balance is not all money the platform holds.
    expect(
      (
        await putCommunity(communityId, 'stripe', {
          secretKey: stripeOwn.secretKey,
          webhookSecret: stripeOwn.webhookSecret,
        })
      ).statusCode,
    ).toBe(200);
    const marked = await http.get('/api/admin/payouts/balances?limit=100', operator.cookie);
    expect(marked.json().items).toContainEqual(
      expect.objectContaining({
        community: expect.objectContaining({ id: communityId }),
        ownKeys: ['stripe'],
      }),
    );

    // Paid out in full, the community leaves the list.
    expect((await payout(communityId, { ...body, amountMinor: 14_900 })).statusCode).toBe(201);
    const res = await http.get('/api/admin/payouts/balances?limit=100', operator.cookie);
    expect(res.json().items.map((i: { community: { id: string } }) => i.community.id)).not.toContain(
      communityId,
    );
  });
});

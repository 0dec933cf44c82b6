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

const HOUR = 3_600_000;
const PRICE = 19_900;
const clock = new ManualClock(Date.UTC(2026, 7, 1, 4, 0, 0));

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

interface GiftOrder {
  id: string;
  state: string;
  gift: {
    state: string;
    recipientEmail: string | null;
    redeemUrl: string | null;
    redeemedAt: number | null;
  } | null;
}

async function scene() {
  const owner = await registerUser(t);
  const communityId = await insertCommunity(t.db, owner.id, clock.now());
  const planId = await insertPlan(t.db, communityId, clock.now());
  return { owner, communityId, planId };
}

/** A paid gift order and its redemption token. */
async function paidGift(planId: string, buyer?: TestUser, recipientEmail?: string) {
  const giver = buyer ?? (await registerUser(t));
  const res = await http.post(
    '/api/orders',
    { planId, provider: 'test', gift: true, ...(recipientEmail ? { recipientEmail } : {}) },
    giver.cookie,
  );
  expect(res.statusCode, res.body).toBe(201);
  const created = res.json() as GiftOrder;
  expect(created.gift).toMatchObject({ state: 'awaiting_payment', redeemUrl: null });
  const paid = await http.post(
    `/api/orders/${created.id}/test-payment`,
    { outcome: 'succeed' },
    giver.cookie,
  );
  expect(paid.statusCode, paid.body).toBe(200);
  await settle();
  const order = (await http.get(`/api/orders/${created.id}`, giver.cookie)).json() as GiftOrder;
  const url = order.gift?.redeemUrl ?? '';
  expect(url.startsWith(`${PUBLIC_URL}/gift/`)).toBe(true);
  return { buyer: giver, order, token: url.slice(`${PUBLIC_URL}/gift/`.length) };
}

const membershipOf = (communityId: string, userId: string) =>
  t.db
    .selectFrom('memberships')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('user_id', '=', userId)
    .executeTakeFirst();

const giftGrants = (giftId: string) =>
  t.db
    .selectFrom('membership_events')
    .selectAll()
    .where('source_kind', '=', 'order')
    .where('source_id', '=', `gift:${giftId}`)
    .execute();

const giftOf = (orderId: string) =>
  t.db.selectFrom('gifts').selectAll().where('order_id', '=', orderId).executeTakeFirstOrThrow();

describe('gift orders', () => {
  it('paying grants the buyer nothing and issues a link, shown to the buyer only and mailed', async () => {
    const s = await scene();
    const { buyer, order, token } = await paidGift(s.planId, undefined, 'Friend@Example.com');
    expect(order.state).toBe('paid');
    expect(order.gift).toMatchObject({ state: 'ready', recipientEmail: 'friend@example.com' });
    expect(await membershipOf(s.communityId, buyer.id)).toBeUndefined();
    const gift = await giftOf(order.id);
    // Only the token's hash is stored.
    expect(gift.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(gift.token_hash).not.toContain(token);
    const asOwner = (await http.get(`/api/orders/${order.id}`, s.owner.cookie)).json() as GiftOrder;
    expect(asOwner.gift).toMatchObject({ state: 'ready', redeemUrl: null });
    const mail = await t.db
      .selectFrom('mail_messages')
      .selectAll()
      .where('to_address', '=', 'friend@example.com')
      .execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]?.text_body).toContain(`/gift/${token}`);
    const view = await http.get(`/api/gifts/${token}`);
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toMatchObject({
      state: 'ready',
      community: { id: s.communityId },
      plan: { name: 'Annual', kind: 'fixed_term' },
      redeemedByYou: false,
    });
  });

  it('a member with no end date may still buy a gift; 400 naming gift or recipientEmail', async () => {
    const s = await scene();
    const member = await registerUser(t);
    await insertMembership(t.db, {
      communityId: s.communityId,
      userId: member.id,
      planId: s.planId,
      startsAt: clock.now(),
    });
    const own = await http.post('/api/orders', { planId: s.planId, provider: 'test' }, member.cookie);
    expect(own.statusCode).toBe(409);
    const gift = await http.post(
      '/api/orders',
      { planId: s.planId, provider: 'test', gift: true },
      member.cookie,
    );
    expect(gift.statusCode, gift.body).toBe(201);
    const stray = await http.post(
      '/api/orders',
      { planId: s.planId, provider: 'test', recipientEmail: 'a@example.com' },
      member.cookie,
    );
    expect(stray.statusCode).toBe(400);
    expect(fieldsOf(stray)).toEqual(['recipientEmail']);
    const bad = await http.post(
      '/api/orders',
      { planId: s.planId, provider: 'test', gift: true, recipientEmail: 'not-an-address' },
      member.cookie,
    );
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad)).toContain('recipientEmail');
  });
});

describe('POST /api/gifts/:token/redeem', () => {
  it('five people redeeming at once: one membership, the others 409; a retry by the winner changes nothing', async () => {
    const s = await scene();
    const { order, token } = await paidGift(s.planId);
    expect((await http.post(`/api/gifts/${token}/redeem`, {})).statusCode).toBe(401);
    const people = await Promise.all([1, 2, 3, 4, 5].map(() => registerUser(t)));
    const answers = await Promise.all(
      people.map((p) => http.post(`/api/gifts/${token}/redeem`, {}, p.cookie)),
    );
    const ok = answers.filter((a) => a.statusCode === 200);
    expect(ok).toHaveLength(1);
    expect(
      answers.filter((a) => a.statusCode === 409).every((a) => a.json().code === 'gift_already_redeemed'),
    ).toBe(true);
    expect(answers.filter((a) => a.statusCode === 409)).toHaveLength(4);
    const gift = await giftOf(order.id);
    const winner = people.find((p) => p.id === gift.redeemed_by);
    expect(winner).toBeDefined();
    expect(ok[0]?.json()).toMatchObject({ communityId: s.communityId, membership: { state: 'active' } });
    expect(await giftGrants(gift.id)).toHaveLength(1);
    const members = await t.db
      .selectFrom('memberships')
      .select('user_id')
      .where('community_id', '=', s.communityId)
      .where('state', '=', 'active')
      .execute();
    expect(members.map((m) => m.user_id)).toEqual([gift.redeemed_by]);
    const retry = await http.post(`/api/gifts/${token}/redeem`, {}, winner?.cookie);
    expect(retry.statusCode, retry.body).toBe(200);
    expect(await giftGrants(gift.id)).toHaveLength(1);
    const view = await http.get(`/api/gifts/${token}`, winner?.cookie);
    expect(view.json()).toMatchObject({ state: 'redeemed', redeemedByYou: true });
    const orderView = (await http.get(`/api/orders/${order.id}`, s.owner.cookie)).json() as GiftOrder;
    expect(orderView.gift).toMatchObject({ state: 'redeemed', redeemUrl: null });
  });

  it('the same person redeeming five times at once gets one membership', async () => {
    const s = await scene();
    const { token, order } = await paidGift(s.planId);
    const friend = await registerUser(t);
    const answers = await Promise.all(
      [1, 2, 3, 4, 5].map(() => http.post(`/api/gifts/${token}/redeem`, {}, friend.cookie)),
    );
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(await giftGrants((await giftOf(order.id)).id)).toHaveLength(1);
    const membership = await membershipOf(s.communityId, friend.id);
    expect(membership?.state).toBe('active');
    // A paid membership: what the giver paid is recorded as its price.
    expect(Number(membership?.price_paid_minor)).toBe(PRICE);
  });

  it('a refund before redemption voids the link', async () => {
    const s = await scene();
    const { buyer, order, token } = await paidGift(s.planId);
    const refund = await http.post(
      `/api/orders/${order.id}/refund`,
      { reason: 'changed my mind' },
      buyer.cookie,
    );
    expect(refund.statusCode, refund.body).toBe(200);
    await settle();
    expect(await giftOf(order.id)).toMatchObject({ state: 'void' });
    const friend = await registerUser(t);
    const redeem = await http.post(`/api/gifts/${token}/redeem`, {}, friend.cookie);
    expect(redeem.statusCode).toBe(404);
    expect(redeem.json().code).toBe('gift_invalid');
    expect(await membershipOf(s.communityId, friend.id)).toBeUndefined();
    expect((await http.get(`/api/gifts/${token}`)).json()).toMatchObject({ state: 'void' });
    expect((await http.get('/api/gifts/not-a-real-token-at-all-000')).statusCode).toBe(404);
  });

  it('a full refund after redemption ends the recipient’s membership', async () => {
    const s = await scene();
    const { order, token } = await paidGift(s.planId);
    const friend = await registerUser(t);
    expect((await http.post(`/api/gifts/${token}/redeem`, {}, friend.cookie)).statusCode).toBe(200);
    expect((await membershipOf(s.communityId, friend.id))?.state).toBe('active');
    const refund = await http.post(`/api/orders/${order.id}/refund`, { reason: 'fraud' }, s.owner.cookie);
    expect(refund.statusCode, refund.body).toBe(200);
    await settle();
    expect((await membershipOf(s.communityId, friend.id))?.state).toBe('refunded');
  });

  it('a banned recipient cannot redeem; the link stays usable', async () => {
    const s = await scene();
    const { order, token } = await paidGift(s.planId);
    const banned = await registerUser(t);
    await insertMembership(t.db, {
      communityId: s.communityId,
      userId: banned.id,
      planId: null,
      state: 'banned',
      startsAt: clock.now(),
    });
    const refused = await http.post(`/api/gifts/${token}/redeem`, {}, banned.cookie);
    expect(refused.statusCode).toBe(409);
    expect(await giftOf(order.id)).toMatchObject({ state: 'ready', redeemed_by: null });
    const friend = await registerUser(t);
    expect((await http.post(`/api/gifts/${token}/redeem`, {}, friend.cookie)).statusCode).toBe(200);
  });
});

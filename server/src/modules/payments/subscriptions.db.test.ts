import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  insertCommunity,
  registerUser,
  requester,
  setupOperator,
  type TestUser,
} from '../../../test/content-fixtures.js';
import { createTestApp, STRONG_PASSWORD, sessionCookieOf, type TestApp } from '../../../test/test-app.js';
import { ManualClock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import { addUtcMonths, DAY_MS } from '../communities/membership-terms.js';
import type { PaymentProvider, ProviderEvent } from './providers/provider.js';
import { NotificationRejected } from './providers/provider.js';
import { RENEWAL_GRACE_MS } from './subscriptions.js';

// A recurring plan through a provider that takes subscriptions. The provider here is a stand-in
// named `stripe` whose notifications are the typed events themselves (the Stripe adapter's own
// parsing is covered by providers/stripe.test.ts): this file checks what the service does with them.

const clock = new ManualClock(Date.UTC(2026, 0, 10, 9, 0, 0));
const cancelled: string[] = [];
const subscriptionProvider: PaymentProvider = {
  name: 'stripe',
  async createPayment(request) {
    if (!request.recurring) throw new Error('expected a recurring payment');
    return {
      kind: 'redirect',
      url: `https://checkout.example/${request.orderId}`,
      providerRef: `cs_${request.orderId}`,
    };
  },
  async parseNotification({ rawBody }) {
    try {
      return JSON.parse(rawBody.toString('utf8')) as ProviderEvent;
    } catch {
      throw new NotificationRejected('not JSON');
    }
  },
  acknowledgement: { status: 200, contentType: 'application/json', body: '{"received":true}' },
  async refund(request) {
    return { refundRef: `re_${request.refundId}`, state: 'succeeded' };
  },
  async queryStatus() {
    return { state: 'unknown' };
  },
  async cancelSubscription(ref) {
    cancelled.push(ref);
  },
};

let t: TestApp;
let http: ReturnType<typeof requester>;
let owner: TestUser;
let buyer: TestUser;
let communityId: string;
let planId: string;

const notify = (event: ProviderEvent) =>
  t.app.inject({
    method: 'POST',
    url: '/api/webhooks/stripe',
    payload: JSON.stringify(event),
    headers: { 'content-type': 'application/json' },
  });
const membership = () =>
  t.db
    .selectFrom('memberships')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('user_id', '=', buyer.id)
    .executeTakeFirst();
const subscription = () =>
  t.db.selectFrom('subscriptions').selectAll().where('user_id', '=', buyer.id).executeTakeFirstOrThrow();

async function signIn(user: TestUser): Promise<TestUser> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email: user.email, password: STRONG_PASSWORD },
  });
  expect(res.statusCode, res.body).toBe(200);
  return { ...user, cookie: sessionCookieOf(res) };
}

beforeAll(async () => {
  t = await createTestApp({ clock, paymentProviders: [subscriptionProvider] });
  http = requester(t);
  await setupOperator(t);
  [owner, buyer] = await Promise.all([registerUser(t), registerUser(t)]);
  communityId = await insertCommunity(t.db, owner.id, clock.now());
  planId = newId();
  await t.db
    .insertInto('community_plans')
    .values({
      id: planId,
      community_id: communityId,
      name: 'Monthly',
      kind: 'subscription',
      price_minor: 3_000,
      currency: 'CNY',
      term_days: null,
      interval: 'month',
      trial_days: 0,
      status: 'active',
      position: 'a0',
      created_at: clock.now(),
      updated_at: clock.now(),
    })
    .execute();
});
afterAll(async () => {
  await t.close();
});

describe('a recurring plan', () => {
  let orderId: string;
  const paidAt = clock.now();
  const firstEnd = addUtcMonths(paidAt, 1);
  const secondEnd = addUtcMonths(paidAt, 2);

  it('is refused with a provider that takes no subscriptions, naming the field', async () => {
    const res = await http.post('/api/orders', { planId, provider: 'test' }, buyer.cookie);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ path: 'provider', code: 'no_subscriptions' });
  });

  it('starts a subscription and a membership to the end of the first month on the first payment', async () => {
    const res = await http.post('/api/orders', { planId, provider: 'stripe' }, buyer.cookie);
    expect(res.statusCode, res.body).toBe(201);
    orderId = res.json().id;
    const paid = await notify({
      kind: 'payment_succeeded',
      eventId: 'evt_1',
      orderId,
      providerRef: `cs_${orderId}`,
      amountMinor: 3_000,
      currency: 'CNY',
      paidAt,
      subscriptionRef: 'sub_1',
    });
    expect(paid.statusCode).toBe(200);
    expect(paid.body).toBe('{"received":true}');
    await t.deps.outbox.drain();
    expect(await membership()).toMatchObject({ state: 'active', ends_at: firstEnd });
    expect(await subscription()).toMatchObject({
      state: 'active',
      provider_ref: 'sub_1',
      current_period_end: firstEnd,
    });
  });

  it('carries the membership to the new period end on each paid renewal, once per invoice', async () => {
    clock.advance(firstEnd - DAY_MS - clock.now());
    const renewal: ProviderEvent = {
      kind: 'renewal_paid',
      eventId: 'evt_2',
      subscriptionRef: 'sub_1',
      invoiceRef: 'in_2',
      amountMinor: 3_000,
      currency: 'CNY',
      paidAt: clock.now(),
      periodEnd: secondEnd,
    };
    await Promise.all([notify(renewal), notify(renewal), notify(renewal)]);
    await t.deps.outbox.drain();
    expect(await membership()).toMatchObject({ state: 'active', ends_at: secondEnd });
    expect(await subscription()).toMatchObject({ current_period_end: secondEnd });
    const entries = await t.db
      .selectFrom('ledger_entries')
      .select('kind')
      .where('community_id', '=', communityId)
      .execute();
    expect(entries.map((e) => e.kind).sort()).toEqual(['payment', 'renewal']);
  });

  it('keeps access for a grace period after a failed renewal', async () => {
    clock.advance(secondEnd + 60_000 - clock.now());
    await notify({ kind: 'payment_failed', eventId: 'evt_3', orderId: null, subscriptionRef: 'sub_1' });
    await t.deps.outbox.drain();
    const grace = secondEnd + 60_000 + RENEWAL_GRACE_MS;
    expect(await subscription()).toMatchObject({ state: 'past_due', grace_until: grace });
    expect(await membership()).toMatchObject({ state: 'active', ends_at: grace });
  });

  it('stops renewing when the owner cancels, and ends when the provider says so', async () => {
    // Two months on, the earlier sessions have lapsed: sign in again.
    owner = await signIn(owner);
    buyer = await signIn(buyer);
    const sub = await subscription();
    expect((await http.post(`/api/subscriptions/${sub.id}/cancel`, {}, owner.cookie)).statusCode).toBe(200);
    expect(cancelled).toEqual(['sub_1']);
    const mine = await http.get('/api/me/subscriptions', buyer.cookie);
    expect(mine.json().items[0]).toMatchObject({ id: sub.id, state: 'cancelling' });
    const stranger = await registerUser(t);
    expect((await http.post(`/api/subscriptions/${sub.id}/cancel`, {}, stranger.cookie)).statusCode).toBe(
      404,
    );
    expect((await http.post(`/api/subscriptions/${sub.id}/cancel`, {})).statusCode).toBe(401);
    await notify({ kind: 'subscription_ended', eventId: 'evt_4', subscriptionRef: 'sub_1' });
    expect(await subscription()).toMatchObject({ state: 'ended' });
  });

  it('answers 400 and changes nothing for a notification it cannot read', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/webhooks/stripe',
      payload: 'not json',
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('notification_rejected');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  insertCommunity,
  insertPlan,
  registerUser,
  requester,
  setupOperator,
} from '../../../test/content-fixtures.js';
import { createTestApp, type TestApp } from '../../../test/test-app.js';
import { ManualClock } from '../../platform/clock.js';
import { COUPON_TRIES } from './orders.service.js';

// Coupon codes are secrets of a kind: checking one needs an account, and each account gets a
// bounded number of checks per window, through quotes and orders alike.

const clock = new ManualClock(Date.UTC(2026, 2, 1, 9, 0, 0));
let t: TestApp;
let http: ReturnType<typeof requester>;
let planId: string;

beforeAll(async () => {
  t = await createTestApp({ clock });
  http = requester(t);
  await setupOperator(t);
  const owner = await registerUser(t);
  const communityId = await insertCommunity(t.db, owner.id, clock.now());
  planId = await insertPlan(t.db, communityId, clock.now());
});
afterAll(async () => {
  await t.close();
});

describe('coupon checks', () => {
  it('quotes a plan for anyone, but checks a code only for a signed-in user', async () => {
    const plain = await http.get(`/api/checkout/quote?planId=${planId}`);
    expect(plain.statusCode).toBe(200);
    expect(plain.json()).toMatchObject({
      amountMinor: 19_900,
      coupon: null,
      plan: { name: 'Annual', kind: 'fixed_term', termDays: 365 },
    });
    expect((await http.get(`/api/checkout/quote?planId=${planId}&couponCode=GUESS1`)).statusCode).toBe(401);
  });

  it(`answers 429 after ${COUPON_TRIES.limit} checks in a window, and again after it`, async () => {
    const user = await registerUser(t);
    for (let i = 0; i < COUPON_TRIES.limit; i++) {
      const res = await http.get(`/api/checkout/quote?planId=${planId}&couponCode=GUESS${i}`, user.cookie);
      expect(res.json().coupon).toMatchObject({ valid: false, refusal: 'coupon_unknown' });
    }
    const blocked = await http.post(
      '/api/orders',
      { planId, provider: 'test', couponCode: 'GUESSX' },
      user.cookie,
    );
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBeDefined();
    expect(await t.db.selectFrom('orders').select('id').execute()).toEqual([]);
    clock.advance(COUPON_TRIES.windowMs);
    const later = await http.get(`/api/checkout/quote?planId=${planId}&couponCode=GUESSY`, user.cookie);
    expect(later.statusCode).toBe(200);
  });
});

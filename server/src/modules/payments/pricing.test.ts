import { describe, expect, it } from 'vitest';
import { type CouponTerms, couponRefusal, priceOf } from './pricing.js';

const now = Date.UTC(2026, 5, 1);
const plan = { id: 'plan_1', price_minor: 19_900, currency: 'CNY' };

const coupon = (fields: Partial<CouponTerms> = {}): CouponTerms => ({
  kind: 'percent',
  percent_off: 10,
  amount_off_minor: null,
  currency: null,
  valid_from: null,
  valid_until: null,
  max_redemptions: null,
  redeemed: 0,
  status: 'active',
  planIds: [],
  ...fields,
});

describe('priceOf', () => {
  it('charges the list price without a coupon', () => {
    expect(priceOf(plan, null, now)).toEqual({
      ok: true,
      listMinor: 19_900,
      discountMinor: 0,
      amountMinor: 19_900,
      currency: 'CNY',
    });
  });

  it.each([
    // 19 900 × 10 % = 1 990 exactly
    [19_900, 10, 1_990],
    // 999 × 15 % = 149.85 → 150 (half up)
    [999, 15, 150],
    // 10 × 25 % = 2.5 → 3 (exactly half rounds up)
    [10, 25, 3],
    // 10 × 24 % = 2.4 → 2
    [10, 24, 2],
    // 1 × 49 % = 0.49 → 0; 1 × 50 % = 0.5 → 1
    [1, 49, 0],
    [1, 50, 1],
    [12_345, 100, 12_345],
  ])('a percent coupon on %i at %i %% takes off %i (half up)', (price, percent, discount) => {
    const result = priceOf({ ...plan, price_minor: price }, coupon({ percent_off: percent }), now);
    expect(result).toEqual({
      ok: true,
      listMinor: price,
      discountMinor: discount,
      amountMinor: price - discount,
      currency: 'CNY',
    });
  });

  it('takes a fixed discount off, capped at the price', () => {
    const fixed = (amount: number) =>
      coupon({ kind: 'fixed', percent_off: null, amount_off_minor: amount, currency: 'CNY' });
    expect(priceOf(plan, fixed(5_000), now)).toMatchObject({
      ok: true,
      discountMinor: 5_000,
      amountMinor: 14_900,
    });
    expect(priceOf(plan, fixed(19_900), now)).toMatchObject({
      ok: true,
      discountMinor: 19_900,
      amountMinor: 0,
    });
    expect(priceOf(plan, fixed(50_000), now)).toMatchObject({
      ok: true,
      listMinor: 19_900,
      discountMinor: 19_900,
      amountMinor: 0,
    });
  });

  it('refuses a coupon that does not apply, with the reason', () => {
    expect(priceOf(plan, coupon({ status: 'disabled' }), now)).toEqual({
      ok: false,
      refusal: 'coupon_disabled',
    });
  });
});

describe('couponRefusal', () => {
  it('accepts a coupon that applies', () => {
    expect(couponRefusal(coupon(), plan, now)).toBeNull();
    expect(
      couponRefusal(
        coupon({
          valid_from: now,
          valid_until: now + 1,
          max_redemptions: 2,
          redeemed: 1,
          planIds: ['plan_1'],
        }),
        plan,
        now,
      ),
    ).toBeNull();
    expect(
      couponRefusal(coupon({ kind: 'fixed', amount_off_minor: 100, currency: 'CNY' }), plan, now),
    ).toBeNull();
  });

  it.each([
    ['coupon_disabled', coupon({ status: 'disabled' })],
    ['coupon_not_started', coupon({ valid_from: now + 1 })],
    ['coupon_expired', coupon({ valid_until: now })],
    ['coupon_expired', coupon({ valid_until: now - 1 })],
    ['coupon_exhausted', coupon({ max_redemptions: 3, redeemed: 3 })],
    ['coupon_exhausted', coupon({ max_redemptions: 1, redeemed: 2 })],
    ['coupon_not_for_plan', coupon({ planIds: ['plan_2'] })],
    [
      'coupon_currency_mismatch',
      coupon({ kind: 'fixed', percent_off: null, amount_off_minor: 100, currency: 'USD' }),
    ],
  ])('refuses with %s', (refusal, terms) => {
    expect(couponRefusal(terms, plan, now)).toBe(refusal);
    expect(priceOf(plan, terms, now)).toEqual({ ok: false, refusal });
  });

  it('does not check the currency of a percent coupon', () => {
    expect(couponRefusal(coupon({ currency: 'USD' }), plan, now)).toBeNull();
  });
});

/**
 * The price of a plan with a coupon: pure, so the price shown at checkout and the price charged
 * come from the same function with the same inputs.
 */
import type { CouponsTable } from '../../db/schema.js';

export type CouponTerms = Pick<
  CouponsTable,
  | 'kind'
  | 'percent_off'
  | 'amount_off_minor'
  | 'currency'
  | 'valid_from'
  | 'valid_until'
  | 'max_redemptions'
  | 'redeemed'
  | 'status'
> & { planIds: readonly string[] };

export type CouponRefusal =
  | 'coupon_disabled'
  | 'coupon_not_started'
  | 'coupon_expired'
  | 'coupon_exhausted'
  | 'coupon_not_for_plan'
  | 'coupon_currency_mismatch';

export type Price =
  | { ok: true; listMinor: number; discountMinor: number; amountMinor: number; currency: string }
  | { ok: false; refusal: CouponRefusal };

/** Why a coupon does not apply to this plan now, or null when it does. */
export function couponRefusal(
  coupon: CouponTerms,
  plan: { id: string; currency: string },
  now: number,
): CouponRefusal | null {
  if (coupon.status !== 'active') return 'coupon_disabled';
  if (coupon.valid_from !== null && now < coupon.valid_from) return 'coupon_not_started';
  if (coupon.valid_until !== null && now >= coupon.valid_until) return 'coupon_expired';
  if (coupon.max_redemptions !== null && coupon.redeemed >= coupon.max_redemptions) return 'coupon_exhausted';
  if (coupon.planIds.length > 0 && !coupon.planIds.includes(plan.id)) return 'coupon_not_for_plan';
  if (coupon.kind === 'fixed' && coupon.currency !== plan.currency) return 'coupon_currency_mismatch';
  return null;
}

/** Percent discounts round half up to the minor unit; no discount takes the price below zero. */
export function priceOf(
  plan: { id: string; price_minor: number; currency: string },
  coupon: CouponTerms | null,
  now: number,
): Price {
  const listMinor = Number(plan.price_minor);
  if (!coupon)
    return { ok: true, listMinor, discountMinor: 0, amountMinor: listMinor, currency: plan.currency };
  const refusal = couponRefusal(coupon, plan, now);
  if (refusal) return { ok: false, refusal };
  const raw =
    coupon.kind === 'percent'
      ? Math.floor((listMinor * (coupon.percent_off ?? 0) + 50) / 100)
      : Number(coupon.amount_off_minor ?? 0);
  const discountMinor = Math.min(listMinor, Math.max(0, raw));
  return {
    ok: true,
    listMinor,
    discountMinor,
    amountMinor: listMinor - discountMinor,
    currency: plan.currency,
  };
}

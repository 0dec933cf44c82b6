import { api, expectOk, unwrap } from '../../api/client';
import type {
  CommunityReferrers,
  Coupon,
  CouponPage,
  CreateCouponInput,
  CreateOrderInput,
  Gift,
  GiftRedemption,
  MyReferrals,
  Order,
  OrderPage,
  Quote,
  ReferralLink,
  ReferralProgram,
  ReferralProgramInput,
  Refund,
  RefundInput,
  Revenue,
  TestOutcome,
} from './types';

const path = (id: string) => ({ params: { path: { id } } });
const idempotent = (key: string) => ({ header: { 'idempotency-key': key } });

export const ORDERS_PAGE_SIZE = 20;

// ── buying ───────────────────────────────────────────────────────────────

export const fetchQuote = (planId: string, couponCode?: string): Promise<Quote> =>
  unwrap(
    api.GET('/api/checkout/quote', {
      params: { query: { planId, ...(couponCode ? { couponCode } : {}) } },
    }),
  );

/** The same key for the same checkout attempt: a repeated click answers with the first order. */
export const createOrder = (input: CreateOrderInput, idempotencyKey: string): Promise<Order> =>
  unwrap(api.POST('/api/orders', { params: idempotent(idempotencyKey), body: input }));

export const fetchOrder = (orderId: string): Promise<Order> =>
  unwrap(api.GET('/api/orders/{id}', path(orderId)));

export const fetchMyOrders = (cursor?: string): Promise<OrderPage> =>
  unwrap(api.GET('/api/me/orders', { params: { query: { limit: ORDERS_PAGE_SIZE, cursor } } }));

export const completeTestPayment = (orderId: string, outcome: TestOutcome): Promise<Order> =>
  unwrap(api.POST('/api/orders/{id}/test-payment', { ...path(orderId), body: { outcome } }));

// ── refunds ──────────────────────────────────────────────────────────────

export const requestRefund = (orderId: string, input: RefundInput, idempotencyKey: string): Promise<Refund> =>
  unwrap(
    api.POST('/api/orders/{id}/refund', {
      params: { path: { id: orderId }, ...idempotent(idempotencyKey) },
      body: input,
    }),
  );

export async function fetchRefunds(orderId: string): Promise<Refund[]> {
  return (await unwrap(api.GET('/api/orders/{id}/refunds', path(orderId)))).items;
}

// ── the owner's side ─────────────────────────────────────────────────────

export const fetchCommunityOrders = (communityId: string, cursor?: string): Promise<OrderPage> =>
  unwrap(
    api.GET('/api/communities/{id}/orders', {
      params: { path: { id: communityId }, query: { limit: ORDERS_PAGE_SIZE, cursor } },
    }),
  );

export const recordManualPayment = (orderId: string, reference: string): Promise<Order> =>
  unwrap(api.POST('/api/orders/{id}/manual-payment', { ...path(orderId), body: { reference } }));

export const fetchRevenue = (communityId: string): Promise<Revenue> =>
  unwrap(api.GET('/api/communities/{id}/revenue', path(communityId)));

export const setRefundWindow = (communityId: string, refundWindowHours: number): Promise<Revenue> =>
  unwrap(
    api.PUT('/api/communities/{id}/payment-settings', { ...path(communityId), body: { refundWindowHours } }),
  );

export const fetchCoupons = (communityId: string, cursor?: string): Promise<CouponPage> =>
  unwrap(
    api.GET('/api/communities/{id}/coupons', {
      params: { path: { id: communityId }, query: { limit: 20, cursor } },
    }),
  );

export const createCoupon = (communityId: string, body: CreateCouponInput): Promise<Coupon> =>
  unwrap(api.POST('/api/communities/{id}/coupons', { ...path(communityId), body }));

export const setCouponStatus = (couponId: string, status: Coupon['status']): Promise<Coupon> =>
  unwrap(api.PATCH('/api/coupons/{id}', { ...path(couponId), body: { status } }));

// ── referrals ────────────────────────────────────────────────────────────

export const fetchReferralLink = (communityId: string): Promise<ReferralLink> =>
  unwrap(api.GET('/api/communities/{id}/referral-link', path(communityId)));

export const recordReferralClick = (code: string): Promise<void> =>
  expectOk(api.POST('/api/referrals/clicks', { body: { code } }));

export const fetchMyReferrals = (cursor?: string): Promise<MyReferrals> =>
  unwrap(api.GET('/api/me/referrals', { params: { query: { limit: ORDERS_PAGE_SIZE, cursor } } }));

export async function fetchReferralPrograms(communityId: string): Promise<ReferralProgram[]> {
  return (await unwrap(api.GET('/api/communities/{id}/referral-programs', path(communityId)))).items;
}

export const setReferralProgram = (planId: string, body: ReferralProgramInput): Promise<ReferralProgram> =>
  unwrap(api.PUT('/api/plans/{id}/referral-program', { ...path(planId), body }));

export const fetchCommunityReferrers = (communityId: string): Promise<CommunityReferrers> =>
  unwrap(api.GET('/api/communities/{id}/referrals', path(communityId)));

// ── gifts ────────────────────────────────────────────────────────────────

export const fetchGift = (token: string): Promise<Gift> =>
  unwrap(api.GET('/api/gifts/{token}', { params: { path: { token } } }));

export const redeemGift = (token: string): Promise<GiftRedemption> =>
  unwrap(api.POST('/api/gifts/{token}/redeem', { params: { path: { token } } }));

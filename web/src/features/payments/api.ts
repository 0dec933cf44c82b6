import { api, unwrap } from '../../api/client';
import type {
  Coupon,
  CouponPage,
  CreateCouponInput,
  CreateOrderInput,
  Order,
  OrderPage,
  Quote,
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

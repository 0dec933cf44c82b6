import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useEffect } from 'react';
import { isApiError } from '../../api/errors';
import { fetchCommunity } from '../communities/api';
import { communityKeys } from '../communities/hooks';
import * as payments from './api';
import { awaitsPayment } from './order-state';
import type { Coupon, CreateCouponInput, ReferralProgramInput, RefundInput, TestOutcome } from './types';

/** How often a pending order and a membership about to be granted are asked about again. */
export const POLL_MS = 2000;

export const paymentKeys = {
  quote: (planId: string, couponCode: string) => ['payments', 'quote', planId, couponCode] as const,
  order: (orderId: string) => ['payments', 'order', orderId] as const,
  refunds: (orderId: string) => ['payments', 'order', orderId, 'refunds'] as const,
  mine: ['payments', 'mine'] as const,
  communityOrders: (communityId: string) => ['payments', 'community', communityId, 'orders'] as const,
  coupons: (communityId: string) => ['payments', 'community', communityId, 'coupons'] as const,
  revenue: (communityId: string) => ['payments', 'community', communityId, 'revenue'] as const,
  referralLink: (communityId: string) => ['payments', 'referral-link', communityId] as const,
  myReferrals: ['payments', 'my-referrals'] as const,
  referralPrograms: (communityId: string) =>
    ['payments', 'community', communityId, 'referral-programs'] as const,
  referrers: (communityId: string) => ['payments', 'community', communityId, 'referrers'] as const,
  gift: (token: string) => ['payments', 'gift', token] as const,
};

const nextCursor = (page: { nextCursor: string | null }) => page.nextCursor ?? undefined;

/** What a payment or a refund changes besides the order: who may open what, everywhere. */
function useRefreshAccess() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['payments'] }),
      queryClient.invalidateQueries({ queryKey: ['communities'] }),
      queryClient.invalidateQueries({ queryKey: communityKeys.mine }),
      queryClient.invalidateQueries({ queryKey: ['courses'] }),
      queryClient.invalidateQueries({ queryKey: ['lessons'] }),
    ]);
}

/** The price with the coupon being tried; the last price stays on screen while a new one loads. */
export function useQuote(planId: string | undefined, couponCode: string) {
  return useQuery({
    queryKey: paymentKeys.quote(planId ?? '', couponCode),
    queryFn: () => payments.fetchQuote(planId ?? '', couponCode || undefined),
    enabled: Boolean(planId),
    placeholderData: keepPreviousData,
  });
}

/** An order, asked about again every two seconds until its payment is settled. */
export function useOrder(orderId: string | undefined) {
  return useQuery({
    queryKey: paymentKeys.order(orderId ?? ''),
    queryFn: () => payments.fetchOrder(orderId ?? ''),
    enabled: Boolean(orderId),
    refetchInterval: (query) => (query.state.data && awaitsPayment(query.state.data.state) ? POLL_MS : false),
  });
}

/**
 * The community an order is for, as the buyer sees it. While `waitForAccess`, asked about again
 * until the viewer is a member: the membership is granted by a background job after payment.
 */
export function useOrderCommunity(communityId: string | undefined, waitForAccess: boolean) {
  return useQuery({
    queryKey: communityKeys.landing(communityId ?? ''),
    queryFn: () => fetchCommunity(communityId ?? ''),
    enabled: Boolean(communityId),
    refetchInterval: (query) => (waitForAccess && !query.state.data?.viewer.isMember ? POLL_MS / 2 : false),
  });
}

export function useMyOrders() {
  return useInfiniteQuery({
    queryKey: paymentKeys.mine,
    queryFn: ({ pageParam }) => payments.fetchMyOrders(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextCursor,
  });
}

export function useTestPayment(orderId: string) {
  const refresh = useRefreshAccess();
  return useMutation({
    mutationFn: (outcome: TestOutcome) => payments.completeTestPayment(orderId, outcome),
    onSuccess: refresh,
  });
}

export function useRefunds(orderId: string, enabled: boolean) {
  return useQuery({
    queryKey: paymentKeys.refunds(orderId),
    queryFn: () => payments.fetchRefunds(orderId),
    enabled,
  });
}

export function useRequestRefund(orderId: string) {
  const refresh = useRefreshAccess();
  return useMutation({
    mutationFn: ({ input, idempotencyKey }: { input: RefundInput; idempotencyKey: string }) =>
      payments.requestRefund(orderId, input, idempotencyKey),
    onSuccess: refresh,
  });
}

// ── the owner's side ─────────────────────────────────────────────────────

export function useCommunityOrders(communityId: string) {
  return useInfiniteQuery({
    queryKey: paymentKeys.communityOrders(communityId),
    queryFn: ({ pageParam }) => payments.fetchCommunityOrders(communityId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextCursor,
  });
}

export function useRevenue(communityId: string) {
  return useQuery({
    queryKey: paymentKeys.revenue(communityId),
    queryFn: () => payments.fetchRevenue(communityId),
  });
}

export function useCoupons(communityId: string) {
  return useInfiniteQuery({
    queryKey: paymentKeys.coupons(communityId),
    queryFn: ({ pageParam }) => payments.fetchCoupons(communityId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextCursor,
  });
}

/** Every money figure of a community moves together: orders, revenue and coupon counts. */
function useRefreshCommunity(communityId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['payments', 'community', communityId] });
}

export function useCreateCoupon(communityId: string) {
  const refresh = useRefreshCommunity(communityId);
  return useMutation({
    mutationFn: (input: CreateCouponInput) => payments.createCoupon(communityId, input),
    onSuccess: refresh,
  });
}

export function useSetCouponStatus(communityId: string) {
  const refresh = useRefreshCommunity(communityId);
  return useMutation({
    mutationFn: ({ id, status }: { id: string; status: Coupon['status'] }) =>
      payments.setCouponStatus(id, status),
    onSuccess: refresh,
  });
}

export function useSetRefundWindow(communityId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (hours: number) => payments.setRefundWindow(communityId, hours),
    onSuccess: (revenue) => queryClient.setQueryData(paymentKeys.revenue(communityId), revenue),
  });
}

export function useOwnerRefund(communityId: string) {
  const refresh = useRefreshCommunity(communityId);
  return useMutation({
    mutationFn: ({
      orderId,
      input,
      idempotencyKey,
    }: {
      orderId: string;
      input: RefundInput;
      idempotencyKey: string;
    }) => payments.requestRefund(orderId, input, idempotencyKey),
    onSuccess: refresh,
  });
}

export function useRecordManualPayment(communityId: string) {
  const refresh = useRefreshCommunity(communityId);
  return useMutation({
    mutationFn: ({ orderId, reference }: { orderId: string; reference: string }) =>
      payments.recordManualPayment(orderId, reference),
    onSuccess: refresh,
  });
}

// ── referrals ────────────────────────────────────────────────────────────

/** A member's referral link; a non-member's 403 is an answer (no card), not a failure to retry. */
export function useReferralLink(communityId: string, enabled: boolean) {
  return useQuery({
    queryKey: paymentKeys.referralLink(communityId),
    queryFn: () => payments.fetchReferralLink(communityId),
    enabled,
    retry: (count, error) => !(isApiError(error) && error.status < 500) && count < 2,
  });
}

/** The storage key that keeps one click per code and browser tab session. */
const clickedKey = (code: string) => `zhishe.referral-click.${code}`;

/**
 * Records a visit through a referral link (`?ref=CODE`) once per tab session; the server sets
 * the visitor cookie that attributes a later order. A failure is ignored: the page works anyway.
 */
export function useReferralClick(code: string | null) {
  useEffect(() => {
    if (!code || !/^[A-Za-z0-9]{6,32}$/.test(code)) return;
    try {
      if (sessionStorage.getItem(clickedKey(code))) return;
      sessionStorage.setItem(clickedKey(code), '1');
    } catch {
      // Storage may be off; a repeated click is harmless.
    }
    payments.recordReferralClick(code).catch(() => undefined);
  }, [code]);
}

export function useMyReferrals() {
  return useInfiniteQuery({
    queryKey: paymentKeys.myReferrals,
    queryFn: ({ pageParam }) => payments.fetchMyReferrals(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextCursor,
  });
}

export function useReferralPrograms(communityId: string) {
  return useQuery({
    queryKey: paymentKeys.referralPrograms(communityId),
    queryFn: () => payments.fetchReferralPrograms(communityId),
  });
}

export function useSetReferralProgram(communityId: string) {
  const refresh = useRefreshCommunity(communityId);
  return useMutation({
    mutationFn: ({ planId, input }: { planId: string; input: ReferralProgramInput }) =>
      payments.setReferralProgram(planId, input),
    onSuccess: refresh,
  });
}

export function useCommunityReferrers(communityId: string) {
  return useQuery({
    queryKey: paymentKeys.referrers(communityId),
    queryFn: () => payments.fetchCommunityReferrers(communityId),
  });
}

// ── gifts ────────────────────────────────────────────────────────────────

export function useGift(token: string) {
  return useQuery({
    queryKey: paymentKeys.gift(token),
    queryFn: () => payments.fetchGift(token),
    retry: (count, error) => !(isApiError(error) && error.status < 500) && count < 2,
  });
}

export function useRedeemGift(token: string) {
  const refresh = useRefreshAccess();
  return useMutation({
    mutationFn: () => payments.redeemGift(token),
    onSuccess: refresh,
  });
}

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem.js';
import { PageQuery } from '../../platform/pagination.js';
import type { CouponsService } from './coupons.service.js';
import { Gift, GiftRedemption, type GiftsService, GiftTokenParams } from './gifts.service.js';
import type { OrdersService } from './orders.service.js';
import {
  Coupon,
  CouponPage,
  CreateCouponBody,
  CreateOrderBody,
  IdempotencyHeaders,
  ManualPaymentBody,
  Order,
  OrderPage,
  PaymentSettingsBody,
  PayoutBody,
  Quote,
  QuoteQuery,
  Refund,
  RefundBody,
  Revenue,
  Subscription,
  TestPaymentBody,
} from './payments.schemas.js';
import { REFERRAL_COOKIE } from './referrals.ledger.js';
import {
  CommunityReferrers,
  MyReferrals,
  ReferralClickBody,
  ReferralLink,
  ReferralProgram,
  ReferralProgramBody,
} from './referrals.schemas.js';
import type { ReferralsService } from './referrals.service.js';
import type { RefundsService } from './refunds.service.js';
import type { RevenueService } from './revenue.service.js';
import type { SubscriptionsService } from './subscriptions.service.js';

const tags = ['payments'];
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export interface PaymentsServices {
  subscriptions: SubscriptionsService;
  orders: OrdersService;
  refunds: RefundsService;
  coupons: CouponsService;
  revenue: RevenueService;
  referrals: ReferralsService;
  gifts: GiftsService;
}

/** The referral visitor cookie lives as long as a click can attribute an order. */
const REFERRAL_COOKIE_MAX_AGE_S = 30 * 86_400;

export function paymentsRoutes({
  orders,
  refunds,
  coupons,
  revenue,
  subscriptions,
  referrals,
  gifts,
}: PaymentsServices) {
  return async function register(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/checkout/quote',
      {
        schema: {
          tags,
          summary: 'The price of a plan with an optional coupon, as an order would charge it',
          querystring: QuoteQuery,
          response: { 200: Quote, ...problemResponses },
        },
      },
      async (request) => orders.quote(request.actor, request.query.planId, request.query.couponCode),
    );

    app.post(
      '/api/orders',
      {
        schema: {
          tags,
          summary:
            'Order a plan, for yourself or as a gift; the answer says how to pay (honours Idempotency-Key)',
          headers: IdempotencyHeaders,
          body: CreateOrderBody,
          response: { 200: Order, 201: Order, ...problemResponses },
        },
      },
      async (request, reply) => {
        const { order, created } = await orders.createOrder(
          request.actor,
          request.body,
          request.headers['idempotency-key'],
          request.cookies[REFERRAL_COOKIE],
        );
        return reply.code(created ? 201 : 200).send(order);
      },
    );

    app.get(
      '/api/orders/:id',
      {
        schema: {
          tags,
          summary: 'An order (its buyer, the community owner or an operator)',
          params: IdParams,
          response: { 200: Order, ...problemResponses },
        },
      },
      async (request) => orders.getOrder(request.actor, request.params.id),
    );

    app.get(
      '/api/me/orders',
      {
        schema: {
          tags,
          summary: 'My orders, newest first',
          querystring: PageQuery,
          response: { 200: OrderPage, ...problemResponses },
        },
      },
      async (request) => orders.listMyOrders(request.actor, request.query),
    );

    app.get(
      '/api/communities/:id/orders',
      {
        schema: {
          tags,
          summary: "A community's orders, newest first (owner, operator)",
          params: IdParams,
          querystring: PageQuery,
          response: { 200: OrderPage, ...problemResponses },
        },
      },
      async (request) => orders.listCommunityOrders(request.actor, request.params.id, request.query),
    );

    app.post(
      '/api/orders/:id/refund',
      {
        schema: {
          tags,
          summary: 'Refund an order: the buyer, whole, within the window; the owner or an operator, any part',
          params: IdParams,
          headers: IdempotencyHeaders,
          body: RefundBody,
          response: { 200: Refund, ...problemResponses },
        },
      },
      async (request) =>
        refunds.refund(request.actor, request.params.id, request.body, request.headers['idempotency-key']),
    );

    app.get(
      '/api/orders/:id/refunds',
      {
        schema: {
          tags,
          summary: "An order's refunds",
          params: IdParams,
          response: { 200: Type.Object({ items: Type.Array(Refund) }), ...problemResponses },
        },
      },
      async (request) => refunds.listRefunds(request.actor, request.params.id),
    );

    app.post(
      '/api/orders/:id/test-payment',
      {
        schema: {
          tags,
          summary: "The test provider's checkout: pay or fail your own order",
          params: IdParams,
          body: TestPaymentBody,
          response: { 200: Order, ...problemResponses },
        },
      },
      async (request) => orders.completeTestPayment(request.actor, request.params.id, request.body.outcome),
    );

    app.post(
      '/api/orders/:id/manual-payment',
      {
        schema: {
          tags,
          summary: 'Record a bank transfer or cash payment for a manual order (owner, operator)',
          params: IdParams,
          body: ManualPaymentBody,
          response: { 200: Order, ...problemResponses },
        },
      },
      async (request) => orders.recordManualPayment(request.actor, request.params.id, request.body.reference),
    );

    app.post(
      '/api/communities/:id/coupons',
      {
        schema: {
          tags,
          summary: 'Create a coupon (owner, operator)',
          params: IdParams,
          body: CreateCouponBody,
          response: { 201: Coupon, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await coupons.create(request.actor, request.params.id, request.body)),
    );

    app.get(
      '/api/communities/:id/coupons',
      {
        schema: {
          tags,
          summary: "A community's coupons, newest first (owner, operator)",
          params: IdParams,
          querystring: PageQuery,
          response: { 200: CouponPage, ...problemResponses },
        },
      },
      async (request) => coupons.list(request.actor, request.params.id, request.query),
    );

    app.patch(
      '/api/coupons/:id',
      {
        schema: {
          tags,
          summary: 'Disable or re-enable a coupon (owner, operator)',
          params: IdParams,
          body: Type.Object(
            { status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]) },
            { additionalProperties: false },
          ),
          response: { 200: Coupon, ...problemResponses },
        },
      },
      async (request) => coupons.setStatus(request.actor, request.params.id, request.body.status),
    );

    app.get(
      '/api/communities/:id/revenue',
      {
        schema: {
          tags,
          summary: 'Gross, fees, refunds, net, payouts and balance per currency, from the journal',
          params: IdParams,
          response: { 200: Revenue, ...problemResponses },
        },
      },
      async (request) => revenue.revenue(request.actor, request.params.id),
    );

    app.post(
      '/api/communities/:id/payouts',
      {
        schema: {
          tags,
          summary: 'Record a payout to the creator (operator)',
          params: IdParams,
          body: PayoutBody,
          response: { 200: Revenue, ...problemResponses },
        },
      },
      async (request) => revenue.recordPayout(request.actor, request.params.id, request.body),
    );

    app.get(
      '/api/me/subscriptions',
      {
        schema: {
          tags,
          summary: 'My subscriptions to recurring plans',
          response: { 200: Type.Object({ items: Type.Array(Subscription) }), ...problemResponses },
        },
      },
      async (request) => subscriptions.listMine(request.actor),
    );

    app.post(
      '/api/subscriptions/:id/cancel',
      {
        schema: {
          tags,
          summary: 'Stop renewals; access lasts to the end of the paid period (subscriber, owner)',
          params: IdParams,
          response: { 200: Subscription, ...problemResponses },
        },
      },
      async (request) => subscriptions.cancel(request.actor, request.params.id),
    );

    app.put(
      '/api/communities/:id/payment-settings',
      {
        schema: {
          tags,
          summary: "Set the community's self-service refund window (owner, operator)",
          params: IdParams,
          body: PaymentSettingsBody,
          response: { 200: Revenue, ...problemResponses },
        },
      },
      async (request) =>
        revenue.setRefundWindow(request.actor, request.params.id, request.body.refundWindowHours),
    );

    // ── referrals ─────────────────────────────────────────────────────────

    app.get(
      '/api/communities/:id/referral-programs',
      {
        schema: {
          tags,
          summary: "Each paid plan's referral commission (owner, operator)",
          params: IdParams,
          response: { 200: Type.Object({ items: Type.Array(ReferralProgram) }), ...problemResponses },
        },
      },
      async (request) => referrals.listPrograms(request.actor, request.params.id),
    );

    app.put(
      '/api/plans/:id/referral-program',
      {
        schema: {
          tags,
          summary:
            'Turn referrals on or off for a plan, with its commission in basis points (owner, operator)',
          params: IdParams,
          body: ReferralProgramBody,
          response: { 200: ReferralProgram, ...problemResponses },
        },
      },
      async (request) => referrals.setProgram(request.actor, request.params.id, request.body),
    );

    app.get(
      '/api/communities/:id/referral-link',
      {
        schema: {
          tags,
          summary: 'My referral link for a community and the plans that pay commission (active members)',
          params: IdParams,
          response: { 200: ReferralLink, ...problemResponses },
        },
      },
      async (request) => referrals.referralLink(request.actor, request.params.id),
    );

    app.post(
      '/api/referrals/clicks',
      {
        schema: {
          tags,
          summary: 'Record a visit through a referral link (sets the visitor cookie)',
          body: ReferralClickBody,
          response: { 204: Type.Null(), ...problemResponses },
        },
      },
      async (request, reply) => {
        const { cookie } = await referrals.recordClick(
          request.actor,
          request.body.code,
          request.cookies[REFERRAL_COOKIE],
        );
        if (cookie)
          reply.setCookie(REFERRAL_COOKIE, cookie, {
            httpOnly: true,
            sameSite: 'lax',
            secure: referrals.secureCookies,
            path: '/',
            maxAge: REFERRAL_COOKIE_MAX_AGE_S,
          });
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/me/referrals',
      {
        schema: {
          tags,
          summary: 'My referral clicks, attributed orders, pending and payable commission',
          querystring: PageQuery,
          response: { 200: MyReferrals, ...problemResponses },
        },
      },
      async (request) => referrals.myReferrals(request.actor, request.query),
    );

    app.get(
      '/api/communities/:id/referrals',
      {
        schema: {
          tags,
          summary: "A community's referrers with their clicks, orders and commission (owner, operator)",
          params: IdParams,
          response: { 200: CommunityReferrers, ...problemResponses },
        },
      },
      async (request) => referrals.communityReferrers(request.actor, request.params.id),
    );

    // ── gifts ─────────────────────────────────────────────────────────────

    app.get(
      '/api/gifts/:token',
      {
        schema: {
          tags,
          summary: 'What a gift link gives (anyone holding the link)',
          params: GiftTokenParams,
          response: { 200: Gift, ...problemResponses },
        },
      },
      async (request) => gifts.view(request.actor, request.params.token),
    );

    app.post(
      '/api/gifts/:token/redeem',
      {
        schema: {
          tags,
          summary: 'Redeem a gift link: the plan is granted to you, once',
          params: GiftTokenParams,
          response: { 200: GiftRedemption, ...problemResponses },
        },
      },
      async (request) => gifts.redeem(request.actor, request.params.token),
    );
  };
}

/** The payments module put together: providers, services, after-commit work, the expiry job. */
import type { PaymentKeys } from '../../config.js';
import type { Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import type { Jobs } from '../../platform/jobs.js';
import type { GrantMembershipInput, MembershipsService } from '../communities/memberships.service.js';
import { CouponsService } from './coupons.service.js';
import { OrdersService, PAYMENT_SUCCEEDED_TOPIC, type PaymentsDeps } from './orders.service.js';
import * as q from './payments.queries.js';
import type { PaymentsServices } from './payments.routes.js';
import { manualProvider, testProvider } from './providers/built-in.js';
import { AlipayProvider, StripeProvider, WechatPayProvider } from './providers/index.js';
import type { PaymentProvider } from './providers/provider.js';
import { PaymentProviders } from './providers/registry.js';
import { PAYMENT_REFUNDED_TOPIC } from './refund-ledger.js';
import { RefundsService } from './refunds.service.js';
import { RevenueService } from './revenue.service.js';
import { SUBSCRIPTION_TERM_TOPIC, type SubscriptionTerm } from './subscriptions.js';
import { SubscriptionsService } from './subscriptions.service.js';

/** The providers this site offers: test (when on), manual, and each one whose keys are set. */
export function paymentProviders(options: {
  publicUrl: string;
  testPayments: boolean;
  keys: PaymentKeys;
  clock: Clock;
  extra?: PaymentProvider[];
}) {
  const { keys, clock, publicUrl } = options;
  const refundNotifyUrl = `${publicUrl}/api/webhooks/wechatpay`;
  return new PaymentProviders([
    ...(options.testPayments ? [testProvider(publicUrl)] : []),
    manualProvider(),
    ...(keys.stripe ? [new StripeProvider({ ...keys.stripe, clock })] : []),
    ...(keys.alipay ? [new AlipayProvider({ ...keys.alipay, clock })] : []),
    ...(keys.wechatpay ? [wechatPay(keys.wechatpay, clock, refundNotifyUrl)] : []),
    ...(options.extra ?? []),
  ]);
}

/** WECHATPAY_PLATFORM_PUBLIC_KEY_FILE may hold the platform's public key or its certificate. */
function wechatPay(keys: NonNullable<PaymentKeys['wechatpay']>, clock: Clock, refundNotifyUrl: string) {
  const { platformPublicKey, ...rest } = keys;
  const platform = platformPublicKey.includes('BEGIN CERTIFICATE')
    ? { platformCertificate: platformPublicKey }
    : { platformPublicKey };
  return new WechatPayProvider({ ...rest, ...platform, clock, refundNotifyUrl });
}

export function createPayments(
  deps: PaymentsDeps,
  memberships: MembershipsService,
  jobs: Jobs,
): PaymentsServices {
  const orders = new OrdersService(deps);
  const services = {
    orders,
    refunds: new RefundsService(deps, orders),
    coupons: new CouponsService(deps, orders),
    revenue: new RevenueService(deps, orders),
    subscriptions: new SubscriptionsService(deps, orders),
  };

  /**
   * Grants through the one idempotent grant. A community that filled up or a buyer banned since
   * the payment cannot be fixed by retrying: logged for the owner, who refunds.
   */
  const grantOrLog = async (input: GrantMembershipInput) => {
    try {
      await memberships.grantMembership(input);
    } catch (error) {
      if (!(error instanceof AppError && (error.status === 409 || error.status === 403))) throw error;
      deps.log.error({ grant: input, code: error.code }, 'a payment could not grant its membership');
    }
  };

  // A paid order grants its plan; a replay grants nothing.
  deps.outbox.register(PAYMENT_SUCCEEDED_TOPIC, async ({ orderId }: { orderId: string }) => {
    const order = await q.findOrder(deps.db, orderId);
    if (!order) return;
    await grantOrLog({
      communityId: order.community_id,
      userId: order.buyer_id,
      planId: order.item_id,
      source: { kind: 'order', id: order.id },
      actorId: order.buyer_id,
      pricePaidMinor: Number(order.amount_minor),
      currency: order.currency,
    });
  });
  deps.outbox.register(
    PAYMENT_REFUNDED_TOPIC,
    async (payload: { orderId: string; refundId: string; actorId: string | null; reason: string }) => {
      const order = await q.findOrder(deps.db, payload.orderId);
      if (!order) return;
      await memberships.endForRefund({
        communityId: order.community_id,
        userId: order.buyer_id,
        orderId: order.id,
        refundId: payload.refundId,
        actorId: payload.actorId,
        reason: payload.reason,
      });
    },
  );
  // A renewal or a grace period carries the membership to a new end, once per source.
  deps.outbox.register(SUBSCRIPTION_TERM_TOPIC, async (term: SubscriptionTerm) => {
    await grantOrLog({
      communityId: term.communityId,
      userId: term.userId,
      planId: term.planId,
      source: { kind: 'order', id: term.sourceId },
      actorId: null,
      endsAt: term.endsAt,
      ...(term.currency ? { pricePaidMinor: term.amountMinor, currency: term.currency } : {}),
    });
  });
  jobs.every('orders.expire', 60_000, async () => {
    await orders.expireDue();
  });
  return services;
}

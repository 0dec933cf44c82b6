/** The payments module put together: providers, services, after-commit work, the expiry job. */
import type { PaymentKeys } from '../../config.js';
import type { Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import type { Jobs } from '../../platform/jobs.js';
import type { Logger } from '../../platform/logger.js';
import type { GrantMembershipInput, MembershipsService } from '../communities/memberships.service.js';
import { CouponsService } from './coupons.service.js';
import { CredentialsService, type SavedCredentials } from './credentials.service.js';
import { createGifts } from './gifts.service.js';
import { OrderItemHandlers } from './order-items.js';
import { OrdersService, PAYMENT_SUCCEEDED_TOPIC, type PaymentsDeps } from './orders.service.js';
import type { PaymentsAdminServices } from './payments.admin.routes.js';
import { PayoutsAdminService } from './payments.admin.service.js';
import * as q from './payments.queries.js';
import type { PaymentsServices } from './payments.routes.js';
import { manualProvider, testProvider } from './providers/built-in.js';
import { AlipayProvider, StripeProvider, WechatPayProvider } from './providers/index.js';
import type { PaymentProvider } from './providers/provider.js';
import { PaymentProviders, type ProviderFactory, type SavedKeysSource } from './providers/registry.js';
import { createReferrals } from './referrals.service.js';
import { PAYMENT_REFUNDED_TOPIC } from './refund-ledger.js';
import { RefundsService } from './refunds.service.js';
import { RevenueService } from './revenue.service.js';
import { SUBSCRIPTION_TERM_TOPIC, type SubscriptionTerm } from './subscriptions.js';
import { SubscriptionsService } from './subscriptions.service.js';

/**
 * The providers this site offers: test (when on), manual, each one whose keys are in the
 * environment, and — resolved per community on each use — keys the operator saved (community
 * over site over environment).
 */
export function paymentProviders(options: {
  publicUrl: string;
  testPayments: boolean;
  keys: PaymentKeys;
  clock: Clock;
  extra?: PaymentProvider[];
  /** Where saved keys are read from; without it, only the environment's keys. */
  saved?: SavedKeysSource;
  log?: Logger;
}) {
  const { keys, clock, publicUrl } = options;
  const siteNotifyUrl = (name: string) => `${publicUrl}/api/webhooks/${name}`;
  const build = providerFactory(clock);
  return new PaymentProviders({
    publicUrl,
    builtIn: [...(options.testPayments ? [testProvider(publicUrl)] : []), manualProvider()],
    fromEnv: [
      ...(keys.stripe ? [build('stripe', keys.stripe, siteNotifyUrl('stripe'))] : []),
      ...(keys.alipay ? [build('alipay', keys.alipay, siteNotifyUrl('alipay'))] : []),
      ...(keys.wechatpay ? [build('wechatpay', keys.wechatpay, siteNotifyUrl('wechatpay'))] : []),
      ...(options.extra ?? []),
    ],
    saved: options.saved,
    build,
    onUnreadable: (row, error) =>
      options.log?.error(
        { err: error, scope: row.scope, provider: row.provider },
        'saved payment keys cannot be opened; the provider is off for this scope until they are set again',
      ),
  });
}

/** Builds an adapter from a provider's keys (environment or saved, same field names). */
export function providerFactory(clock: Clock): ProviderFactory {
  return (provider, keys, notifyUrl) => {
    switch (provider) {
      case 'stripe':
        return new StripeProvider({
          secretKey: required(keys, 'secretKey'),
          webhookSecret: required(keys, 'webhookSecret'),
          clock,
        });
      case 'alipay':
        return new AlipayProvider({
          appId: required(keys, 'appId'),
          privateKey: required(keys, 'privateKey'),
          alipayPublicKey: required(keys, 'alipayPublicKey'),
          ...(keys.gateway ? { gateway: keys.gateway } : {}),
          clock,
        });
      case 'wechatpay':
        return wechatPay(keys, clock, notifyUrl);
      default:
        throw new Error(`${provider} takes no keys`);
    }
  };
}

const required = (keys: Record<string, string | undefined>, name: string): string => {
  const value = keys[name];
  if (!value) throw new Error(`payment keys lack ${name}`);
  return value;
};

/** The platform key may be the platform's public key or its certificate. */
function wechatPay(keys: Record<string, string | undefined>, clock: Clock, refundNotifyUrl: string) {
  const platformKey = required(keys, 'platformPublicKey');
  const platform = platformKey.includes('BEGIN CERTIFICATE')
    ? { platformCertificate: platformKey }
    : { platformPublicKey: platformKey };
  return new WechatPayProvider({
    mchId: required(keys, 'mchId'),
    appId: required(keys, 'appId'),
    merchantSerialNo: required(keys, 'merchantSerialNo'),
    merchantPrivateKey: required(keys, 'merchantPrivateKey'),
    apiV3Key: required(keys, 'apiV3Key'),
    platformSerialNo: required(keys, 'platformSerialNo'),
    ...platform,
    clock,
    refundNotifyUrl,
  });
}

export function createPayments(
  deps: PaymentsDeps,
  memberships: MembershipsService,
  jobs: Jobs,
  admin: { saved: SavedCredentials; envKeys: PaymentKeys; testPayments: boolean },
): PaymentsServices & PaymentsAdminServices & { orderItems: OrderItemHandlers } {
  const orders = new OrdersService(deps);
  const orderItems = new OrderItemHandlers();
  const revenue = new RevenueService(deps, orders);
  const services = {
    orders,
    refunds: new RefundsService(deps, orders),
    coupons: new CouponsService(deps, orders),
    revenue,
    subscriptions: new SubscriptionsService(deps, orders),
    referrals: createReferrals(deps, orders, jobs),
    gifts: createGifts(deps, memberships),
    credentials: new CredentialsService(
      {
        db: deps.db,
        clock: deps.clock,
        publicUrl: deps.publicUrl,
        testPayments: admin.testPayments,
        envKeys: admin.envKeys,
      },
      admin.saved,
      deps.providers,
      (actor, communityId) => orders.managesCommunity(actor, communityId),
    ),
    payoutsAdmin: new PayoutsAdminService(deps.db, revenue),
    orderItems,
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

  // A paid order grants its plan (or hands a question or tip to its module); a replay grants nothing.
  deps.outbox.register(PAYMENT_SUCCEEDED_TOPIC, async ({ orderId }: { orderId: string }) => {
    const order = await q.findOrder(deps.db, orderId);
    if (!order) return;
    if (order.item_kind !== 'plan') {
      await orderItems.get(order.item_kind)?.paid(order);
      return;
    }
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
      if (order.item_kind !== 'plan') {
        await orderItems.get(order.item_kind)?.refunded(order, payload);
        return;
      }
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

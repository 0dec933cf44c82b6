import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../../db/dialect.js';
import type { DB, GiftsTable, OrderItemKind, OrdersTable } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import {
  AppError,
  conflict,
  forbidden,
  invalidField,
  notFound,
  tooManyRequests,
  unauthenticated,
} from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { Logger } from '../../platform/logger.js';
import type { Outbox } from '../../platform/outbox.js';
import { decodeCursor, toPage } from '../../platform/pagination.js';
import type { RateLimiter } from '../../platform/rate-limit.js';
import type { AccessService } from '../access/access.service.js';
import * as cq from '../communities/communities.queries.js';
import { findMembership } from '../communities/memberships.queries.js';
import { findGiftByOrder, giftLink, giftToken, insertGift, issueGift } from './gifts.ledger.js';
import { feeOf, paymentLines, writeEntry } from './ledger.js';
import { presentOrder } from './payments.presenter.js';
import * as q from './payments.queries.js';
import { type CreateOrderInput, type OrderDto, PaymentErrors, type QuoteDto } from './payments.schemas.js';
import { type CouponTerms, priceOf } from './pricing.js';
import type { ProviderEvent } from './providers/provider.js';
import type { PaymentProviders } from './providers/registry.js';
import { attributeOrder, bookCommission } from './referrals.ledger.js';
import { applyProviderRefund } from './refund-ledger.js';
import { applySubscriptionEvent, startSubscription } from './subscriptions.js';

/**
 * The end of the buyer's own refund window for an order, or null when they cannot refund it. Only
 * plans have one: a paid question is refunded when it goes unanswered, a tip is a gift.
 */
function refundDeadline(order: OrdersTable, windowHours: number): number | null {
  if (order.item_kind !== 'plan') return null;
  if (order.state !== 'paid' || order.paid_at === null || Number(order.amount_minor) === 0) return null;
  return windowHours === 0 ? null : Number(order.paid_at) + windowHours * 3_600_000;
}

/** An unpaid order lapses after this long; a payment arriving later is still honoured. */
export const ORDER_TTL_MS = 30 * 60_000;
export const PAYMENT_SUCCEEDED_TOPIC = 'payment.succeeded';
/** Coupon checks per user (quotes and orders with a code). */
export const COUPON_TRIES = { limit: 30, windowMs: 10 * 60_000 };

export interface PaymentsDeps {
  db: Kysely<DB>;
  clock: Clock;
  outbox: Outbox;
  log: Logger;
  access: AccessService;
  providers: PaymentProviders;
  limiter: RateLimiter;
  publicUrl: string;
  platformFeeBasisPoints: number;
  /** The site's SECRET: gift redemption links are derived from it, so only their hash is stored. */
  secret: string;
}

/** An order for something other than a plan: a paid question or a tip, made by its module. */
export interface ItemOrderInput {
  communityId: string;
  kind: Exclude<OrderItemKind, 'plan'>;
  itemId: string;
  itemName: string;
  amountMinor: number;
  currency: string;
  provider: string;
  /** The member credited with the money less the fee; null: the community's creator. */
  payeeId: string | null;
  /** Writes the item's own row in the order's transaction, so neither exists without the other. */
  writeItem: (tx: Kysely<DB>, order: OrdersTable) => Promise<void>;
}

export const requireUser = (actor: Actor) => {
  if (actor.kind !== 'user') throw unauthenticated();
  return actor;
};

/** A new order row, `created`, lapsing after ORDER_TTL_MS unless paid. */
function newOrderRow(input: {
  communityId: string;
  buyerId: string;
  item: { kind: OrderItemKind; id: string; name: string };
  listMinor: number;
  discountMinor: number;
  amountMinor: number;
  currency: string;
  couponId: string | null;
  provider: OrdersTable['provider'];
  /** Paid with the community's own keys, into the creator's account: the journal must know. */
  community: boolean;
  payeeId: string | null;
  idempotencyKey: string | undefined;
  now: number;
}): OrdersTable {
  const { now } = input;
  return {
    id: newId(),
    community_id: input.communityId,
    buyer_id: input.buyerId,
    item_kind: input.item.kind,
    item_id: input.item.id,
    item_name: input.item.name,
    list_price_minor: input.listMinor,
    discount_minor: input.discountMinor,
    amount_minor: input.amountMinor,
    currency: input.currency,
    coupon_id: input.couponId,
    provider: input.provider,
    provider_ref: null,
    payment_action: null,
    subscription_id: null,
    settlement: input.community ? 'community' : 'platform',
    payee_id: input.payeeId,
    state: 'created',
    refunded_minor: 0,
    idempotency_key: input.idempotencyKey ?? null,
    expires_at: now + ORDER_TTL_MS,
    paid_at: null,
    created_at: now,
    updated_at: now,
  };
}

/** Orders: pricing, creation with the chosen provider, and every payment event applied once. */
export class OrdersService {
  constructor(private readonly deps: PaymentsDeps) {}

  /** The price a buyer would pay now, with the coupon's verdict; what createOrder charges. */
  async quote(actor: Actor, planId: string, couponCode?: string): Promise<QuoteDto> {
    const plan = await this.purchasablePlan(planId);
    if (couponCode) await this.limitCouponTries(actor);
    const coupon = couponCode ? await this.couponTerms(plan.community_id, couponCode) : null;
    const price = priceOf(plan, coupon, this.deps.clock.now());
    const listMinor = Number(plan.price_minor);
    const community = await cq.findCommunityById(this.deps.db, plan.community_id);
    if (!community) throw notFound('plan');
    return {
      planId: plan.id,
      plan: { name: plan.name, kind: plan.kind, termDays: plan.term_days, interval: plan.interval },
      community: { id: community.id, slug: community.slug, name: community.name },
      listPriceMinor: listMinor,
      discountMinor: price.ok ? price.discountMinor : 0,
      amountMinor: price.ok ? price.amountMinor : listMinor,
      currency: plan.currency,
      coupon: couponCode
        ? {
            code: couponCode.trim().toUpperCase(),
            valid: coupon !== null && price.ok,
            refusal: coupon === null ? 'coupon_unknown' : price.ok ? null : price.refusal,
          }
        : null,
      providers: (await this.deps.providers.forCommunity(plan.community_id)).names(),
    };
  }

  /**
   * A new order for a plan, and the provider's next step for the buyer. With an Idempotency-Key,
   * a repeated request (a double click, a retry) answers with the first order.
   */
  async createOrder(
    actor: Actor,
    input: CreateOrderInput,
    idempotencyKey?: string,
    referralCookie?: string,
  ): Promise<{ order: OrderDto; created: boolean }> {
    const buyer = requireUser(actor);
    const { db, clock } = this.deps;
    if (idempotencyKey) {
      const earlier = await q.findOrderByIdempotencyKey(db, buyer.user.id, idempotencyKey);
      if (earlier) return { order: await this.present(earlier, buyer.user.id), created: false };
    }
    const gift = input.gift === true;
    if (!gift && input.recipientEmail !== undefined)
      throw invalidField('recipientEmail', 'gift_only', 'recipientEmail is only for gifts (gift: true)');
    const plan = await this.purchasablePlan(input.planId);
    const providers = await this.deps.providers.forCommunity(plan.community_id);
    const provider = providers.require(input.provider);
    if (gift && plan.kind === 'subscription')
      throw invalidField('gift', PaymentErrors.giftNotRecurring, 'gift: recurring plans cannot be given');
    if (plan.kind === 'subscription' && !provider.cancelSubscription)
      throw invalidField(
        'provider',
        'no_subscriptions',
        'provider cannot take recurring payments; choose stripe',
      );
    const community = await cq.findCommunityById(db, plan.community_id);
    if (!community) throw notFound('plan');
    const membership = await findMembership(db, plan.community_id, buyer.user.id);
    const now = clock.now();
    if (membership?.state === 'banned')
      throw new AppError(403, 'banned', 'You were banned from this community.');
    const live = membership?.state === 'active' && (membership.ends_at === null || membership.ends_at > now);
    // A gift is for someone else: the buyer's own membership does not matter; the recipient's is
    // checked when they redeem it.
    if (!gift && live && (membership?.ends_at === null || plan.kind === 'subscription'))
      throw conflict(PaymentErrors.alreadyMember, 'You are already a member with no end date to extend.');
    if (!gift && !live && community.member_cap !== null && community.member_count >= community.member_cap)
      throw conflict('community_full', 'This community has reached its member limit.');

    if (input.couponCode) await this.limitCouponTries(actor);
    const coupon = input.couponCode ? await this.couponTerms(plan.community_id, input.couponCode) : null;
    if (input.couponCode && !coupon)
      throw invalidField('couponCode', 'coupon_unknown', 'couponCode is not a coupon of this community');
    const price = priceOf(plan, coupon, now);
    if (!price.ok)
      throw invalidField('couponCode', price.refusal, `couponCode cannot be used: ${price.refusal}`);

    const row = newOrderRow({
      communityId: plan.community_id,
      buyerId: buyer.user.id,
      item: { kind: 'plan', id: plan.id, name: plan.name },
      listMinor: price.listMinor,
      discountMinor: price.discountMinor,
      amountMinor: price.amountMinor,
      currency: price.currency,
      couponId: coupon?.id ?? null,
      provider: provider.name,
      community: providers.originOf(provider.name) === 'community',
      payeeId: null,
      idempotencyKey,
      now,
    });
    const orderId = row.id;
    try {
      await db.transaction().execute(async (tx) => {
        // The order first: the coupon's redemption row references it.
        await q.insertOrder(tx, row);
        if (coupon)
          await this.holdCoupon(tx, coupon.id, coupon.once_per_user === 1, buyer.user.id, orderId, now);
        const referral = await attributeOrder(tx, row, referralCookie, now);
        if (gift) await insertGift(tx, row, input.recipientEmail?.trim().toLowerCase() ?? null, now);
        await recordAudit(
          tx,
          {
            actorId: buyer.user.id,
            action: 'order.created',
            subjectType: 'order',
            subjectId: orderId,
            data: {
              planId: plan.id,
              amountMinor: price.amountMinor,
              currency: price.currency,
              coupon: coupon?.code,
              ...(gift ? { gift: true } : {}),
              ...(referral ? { referrerId: referral.referrer_id } : {}),
            },
            ip: buyer.ip,
          },
          now,
        );
      });
    } catch (error) {
      if (idempotencyKey && isUniqueViolation(error)) {
        const earlier = await q.findOrderByIdempotencyKey(db, buyer.user.id, idempotencyKey);
        if (earlier) return { order: await this.present(earlier, buyer.user.id), created: false };
      }
      throw error;
    }

    if (price.amountMinor === 0) {
      // Nothing to pay (a 100 % coupon): paid at once, through the same path as a provider's word.
      await this.applyEvent(provider.name, {
        kind: 'payment_succeeded',
        eventId: `free:${orderId}`,
        orderId,
        providerRef: `free_${orderId}`,
        amountMinor: 0,
        currency: price.currency,
        paidAt: now,
      });
    } else {
      await this.startPayment(row);
    }
    const stored = await q.findOrder(db, orderId);
    if (!stored) throw notFound('order');
    return { order: await this.present(stored, buyer.user.id), created: true };
  }

  /**
   * An order for a paid question or a tip, at the amount its module set, written in one
   * transaction with the item's row; then the provider's next step, as for a plan. With an
   * Idempotency-Key, a repeat answers with the first order (whose item id names the item).
   */
  async createItemOrder(
    actor: Actor,
    input: ItemOrderInput,
    idempotencyKey?: string,
  ): Promise<{ order: OrderDto; row: OrdersTable; created: boolean }> {
    const buyer = requireUser(actor);
    const { db, clock } = this.deps;
    const earlierOrder = async () => {
      const earlier = idempotencyKey
        ? await q.findOrderByIdempotencyKey(db, buyer.user.id, idempotencyKey)
        : undefined;
      if (earlier && (earlier.item_kind !== input.kind || earlier.community_id !== input.communityId))
        throw conflict('idempotency_key_reused', 'This Idempotency-Key was used for another purchase.');
      return earlier;
    };
    const first = await earlierOrder();
    if (first) return { order: await this.present(first, buyer.user.id), row: first, created: false };
    const providers = await this.deps.providers.forCommunity(input.communityId);
    const provider = providers.require(input.provider);
    const now = clock.now();
    const row = newOrderRow({
      communityId: input.communityId,
      buyerId: buyer.user.id,
      item: { kind: input.kind, id: input.itemId, name: input.itemName },
      listMinor: input.amountMinor,
      discountMinor: 0,
      amountMinor: input.amountMinor,
      currency: input.currency,
      couponId: null,
      provider: provider.name,
      community: providers.originOf(provider.name) === 'community',
      payeeId: input.payeeId,
      idempotencyKey,
      now,
    });
    try {
      await db.transaction().execute(async (tx) => {
        await q.insertOrder(tx, row);
        await input.writeItem(tx, row);
        await recordAudit(
          tx,
          {
            actorId: buyer.user.id,
            action: 'order.created',
            subjectType: 'order',
            subjectId: row.id,
            data: {
              item: input.kind,
              itemId: input.itemId,
              amountMinor: input.amountMinor,
              currency: input.currency,
              ...(input.payeeId ? { payeeId: input.payeeId } : {}),
            },
            ip: buyer.ip,
          },
          now,
        );
      });
    } catch (error) {
      if (idempotencyKey && isUniqueViolation(error)) {
        const earlier = await earlierOrder();
        if (earlier)
          return { order: await this.present(earlier, buyer.user.id), row: earlier, created: false };
      }
      throw error;
    }
    await this.startPayment(row);
    const stored = await q.findOrder(db, row.id);
    if (!stored) throw notFound('order');
    return { order: await this.present(stored, buyer.user.id), row: stored, created: true };
  }

  /** Asks the provider for a payment; a provider failure cancels the order (and frees its coupon). */
  private async startPayment(order: OrdersTable): Promise<void> {
    const { db, clock, log } = this.deps;
    const providers = await this.deps.providers.forCommunity(order.community_id);
    const provider = providers.require(order.provider);
    try {
      const action = await provider.createPayment({
        orderId: order.id,
        description: order.item_name,
        amountMinor: Number(order.amount_minor),
        currency: order.currency,
        returnUrl: `${this.deps.publicUrl}/orders/${order.id}`,
        notifyUrl: providers.notifyUrl(order.provider),
        expiresAt: Number(order.expires_at),
        ...(await this.recurringOf(order)),
      });
      await q.updateOrder(db, order.id, {
        state: 'pending',
        provider_ref: action.providerRef,
        payment_action: JSON.stringify(action),
        updated_at: clock.now(),
      });
    } catch (error) {
      log.error(
        { err: error, orderId: order.id, provider: order.provider },
        'payment provider refused a payment',
      );
      await db.transaction().execute(async (tx) => {
        await this.closeUnpaid(tx, order.id, 'cancelled', clock.now());
      });
      throw new AppError(
        502,
        PaymentErrors.providerFailed,
        'The payment provider could not start the payment.',
      );
    }
  }

  async getOrder(actor: Actor, orderId: string): Promise<OrderDto> {
    const self = requireUser(actor);
    const order = await q.findOrder(this.deps.db, orderId);
    if (!order) throw notFound('order');
    if (order.buyer_id !== self.user.id && !(await this.managesCommunity(actor, order.community_id)))
      throw notFound('order');
    return this.present(order, self.user.id);
  }

  async listMyOrders(actor: Actor, page: { limit?: number; cursor?: string }) {
    const self = requireUser(actor);
    const limit = page.limit ?? 20;
    const rows = await q.listOrdersBy(
      this.deps.db,
      { buyerId: self.user.id },
      decodeCursor(page.cursor),
      limit,
    );
    const { items, nextCursor } = toPage(rows, limit);
    return { items: await this.presentAll(items, self.user.id), nextCursor };
  }

  async listCommunityOrders(actor: Actor, communityId: string, page: { limit?: number; cursor?: string }) {
    await this.requireManager(actor, communityId);
    const limit = page.limit ?? 20;
    const rows = await q.listOrdersBy(this.deps.db, { communityId }, decodeCursor(page.cursor), limit);
    const { items, nextCursor } = toPage(rows, limit);
    return { items: await this.presentAll(items, actor.kind === 'user' ? actor.user.id : null), nextCursor };
  }

  // ── events ─────────────────────────────────────────────────────────────

  /**
   * Applies a provider event once: the (provider, event id) row is written in the same
   * transaction as its effects, so a replay — even five at once — finds it and changes nothing.
   * Returns the outcome recorded for the event.
   */
  async applyEvent(provider: string, event: ProviderEvent): Promise<string> {
    const { db, clock, log } = this.deps;
    const now = clock.now();
    let outcome = 'applied';
    try {
      await db.transaction().execute(async (tx) => {
        await tx
          .insertInto('payment_events')
          .values({
            provider: provider as OrdersTable['provider'],
            event_id: event.eventId,
            kind: event.kind,
            order_id: 'orderId' in event ? event.orderId : null,
            outcome: 'processing',
            received_at: now,
          })
          .execute();
        outcome = await this.applyInTransaction(tx, provider, event, now);
        await tx
          .updateTable('payment_events')
          .set({ outcome })
          .where('provider', '=', provider as OrdersTable['provider'])
          .where('event_id', '=', event.eventId)
          .execute();
      });
    } catch (error) {
      if (isUniqueViolation(error)) return 'replay';
      throw error;
    }
    if (outcome !== 'applied' && outcome !== 'ignored')
      log.warn({ provider, eventId: event.eventId, kind: event.kind, outcome }, 'payment event not applied');
    this.deps.outbox.wake();
    return outcome;
  }

  private async applyInTransaction(tx: Kysely<DB>, provider: string, event: ProviderEvent, now: number) {
    switch (event.kind) {
      case 'payment_succeeded':
        return this.applyPaid(tx, provider, event, now);
      case 'payment_failed':
        return event.subscriptionRef
          ? applySubscriptionEvent(tx, this.deps, provider, event, now)
          : 'recorded';
      case 'renewal_paid':
      case 'subscription_ended':
        return applySubscriptionEvent(tx, this.deps, provider, event, now);
      case 'ignored':
        return 'ignored';
      case 'refunded':
        return applyProviderRefund(tx, this.deps, provider, event, now);
      default:
        return 'unsupported';
    }
  }

  private async applyPaid(
    tx: Kysely<DB>,
    provider: string,
    event: Extract<ProviderEvent, { kind: 'payment_succeeded' }>,
    now: number,
  ): Promise<string> {
    const order = await q.lockOrder(tx, event.orderId);
    if (!order || order.provider !== provider) return 'unknown_order';
    if (order.state === 'paid' || order.state === 'partially_refunded' || order.state === 'refunded')
      return 'already_paid';
    if (event.amountMinor !== Number(order.amount_minor) || event.currency !== order.currency) {
      await recordAudit(
        tx,
        {
          actorId: null,
          action: 'order.payment_rejected',
          subjectType: 'order',
          subjectId: order.id,
          data: {
            provider,
            eventId: event.eventId,
            expected: { amountMinor: Number(order.amount_minor), currency: order.currency },
            received: { amountMinor: event.amountMinor, currency: event.currency },
          },
        },
        now,
      );
      return 'amount_mismatch';
    }
    // A payment that arrives after the order lapsed was still made: it is honoured.
    await q.updateOrder(tx, order.id, {
      state: 'paid',
      paid_at: event.paidAt,
      provider_ref: order.provider_ref ?? event.providerRef,
      updated_at: now,
    });
    if (order.coupon_id) {
      const redemption = await tx
        .selectFrom('coupon_redemptions')
        .select('state')
        .where('coupon_id', '=', order.coupon_id)
        .where('order_id', '=', order.id)
        .executeTakeFirst();
      await tx
        .updateTable('coupon_redemptions')
        .set({ state: 'used' })
        .where('coupon_id', '=', order.coupon_id)
        .where('order_id', '=', order.id)
        .execute();
      // A lapsed order gave its use back; the coupon was used after all, so it counts again.
      if (redemption?.state === 'released')
        await tx
          .updateTable('coupons')
          .set((eb) => ({ redeemed: eb('redeemed', '+', 1), updated_at: now }))
          .where('id', '=', order.coupon_id)
          .execute();
    }
    const amount = Number(order.amount_minor);
    const fee = feeOf(amount, this.deps.platformFeeBasisPoints);
    await writeEntry(
      tx,
      {
        kind: 'payment',
        community_id: order.community_id,
        order_id: order.id,
        refund_id: null,
        payout_id: null,
        memo: `${provider} ${event.providerRef}`,
        created_at: now,
      },
      order.currency,
      paymentLines(amount, fee, order.settlement, order.payee_id ?? null),
    );
    await bookCommission(
      tx,
      order,
      fee,
      event.paidAt,
      await q.refundWindowHours(tx, order.community_id),
      now,
    );
    await recordAudit(
      tx,
      {
        actorId: null,
        action: 'order.paid',
        subjectType: 'order',
        subjectId: order.id,
        data: { provider, eventId: event.eventId, amountMinor: amount, currency: order.currency },
      },
      now,
    );
    if (event.subscriptionRef) await startSubscription(tx, order, event.subscriptionRef, event.paidAt, now);
    // A gift's buyer gets a redemption link, not the membership.
    if (!(await issueGift(tx, this.deps, order, now)))
      await this.deps.outbox.add(tx, PAYMENT_SUCCEEDED_TOPIC, { orderId: order.id });
    return 'applied';
  }

  // ── test and manual payments ──────────────────────────────────────────

  /** The test provider's checkout page: the buyer pays (or fails) their own order with a click. */
  async completeTestPayment(actor: Actor, orderId: string, outcome: 'succeed' | 'fail'): Promise<OrderDto> {
    const self = requireUser(actor);
    const order = await q.findOrder(this.deps.db, orderId);
    if (!order || order.buyer_id !== self.user.id || order.provider !== 'test') throw notFound('order');
    if (order.state !== 'pending' && order.state !== 'created' && order.state !== 'expired')
      throw conflict(PaymentErrors.orderNotPayable, `This order is ${order.state}.`);
    await this.applyEvent(
      'test',
      outcome === 'succeed'
        ? {
            kind: 'payment_succeeded',
            eventId: `test:${orderId}:paid`,
            orderId,
            providerRef: order.provider_ref ?? `test_${orderId}`,
            amountMinor: Number(order.amount_minor),
            currency: order.currency,
            paidAt: this.deps.clock.now(),
          }
        : {
            kind: 'payment_failed',
            eventId: `test:${orderId}:failed:${newId()}`,
            orderId,
            subscriptionRef: null,
          },
    );
    return this.getOrder(actor, orderId);
  }

  /** The owner records a transfer or cash payment against a manual order (audited). */
  async recordManualPayment(actor: Actor, orderId: string, reference: string): Promise<OrderDto> {
    const self = requireUser(actor);
    const order = await q.findOrder(this.deps.db, orderId);
    if (!order) throw notFound('order');
    await this.requireManager(actor, order.community_id);
    if (order.provider !== 'manual')
      throw conflict(PaymentErrors.orderNotPayable, 'Only manual orders are marked paid by hand.');
    const outcome = await this.applyEvent('manual', {
      kind: 'payment_succeeded',
      eventId: `manual:${orderId}`,
      orderId,
      providerRef: reference,
      amountMinor: Number(order.amount_minor),
      currency: order.currency,
      paidAt: this.deps.clock.now(),
    });
    if (outcome === 'applied')
      await recordAudit(
        this.deps.db,
        {
          actorId: self.user.id,
          action: 'order.manual_payment',
          subjectType: 'order',
          subjectId: orderId,
          data: { reference },
          ip: self.ip,
        },
        this.deps.clock.now(),
      );
    return this.getOrder(actor, orderId);
  }

  // ── expiry ─────────────────────────────────────────────────────────────

  /** Unpaid orders past their time lapse and give their coupon back. */
  async expireDue(limit = 200): Promise<number> {
    const { db, clock } = this.deps;
    const now = clock.now();
    const due = await q.listOverdueOrders(db, now, limit);
    for (const { id } of due)
      await db.transaction().execute(async (tx) => {
        await this.closeUnpaid(tx, id, 'expired', now);
      });
    return due.length;
  }

  private async closeUnpaid(tx: Kysely<DB>, orderId: string, state: 'expired' | 'cancelled', now: number) {
    const order = await q.lockOrder(tx, orderId);
    if (!order || (order.state !== 'created' && order.state !== 'pending')) return;
    await q.updateOrder(tx, orderId, { state, updated_at: now });
    if (order.coupon_id) {
      await tx
        .updateTable('coupon_redemptions')
        .set({ state: 'released' })
        .where('coupon_id', '=', order.coupon_id)
        .where('order_id', '=', orderId)
        .execute();
      await q.giveBackCouponUse(tx, order.coupon_id, now);
    }
  }

  // ── helpers ────────────────────────────────────────────────────────────

  private async purchasablePlan(planId: string) {
    const plan = await cq.findPlan(this.deps.db, planId);
    if (!plan) throw notFound('plan');
    if (plan.status !== 'active' || plan.kind === 'free' || Number(plan.price_minor) <= 0)
      throw conflict(
        PaymentErrors.planNotForSale,
        'This plan is not for sale (free plans are joined directly).',
      );
    if (
      plan.kind === 'subscription' &&
      !(await this.deps.providers.forCommunity(plan.community_id)).find('stripe')
    )
      throw conflict(
        PaymentErrors.planNotForSale,
        'Recurring plans need a provider that supports subscriptions.',
      );
    return { ...plan, price_minor: Number(plan.price_minor) };
  }

  /** A recurring plan's interval, for providers that set up the subscription. */
  private async recurringOf(order: OrdersTable): Promise<{ recurring?: { interval: 'month' | 'year' } }> {
    if (order.item_kind !== 'plan') return {};
    const plan = await cq.findPlan(this.deps.db, order.item_id);
    return plan?.kind === 'subscription' ? { recurring: { interval: plan.interval ?? 'month' } } : {};
  }

  private async couponTerms(communityId: string, code: string) {
    const coupon = await q.findCouponByCode(this.deps.db, communityId, code);
    if (!coupon) return null;
    const terms: CouponTerms & typeof coupon = {
      ...coupon,
      redeemed: Number(coupon.redeemed),
      planIds: await q.couponPlanIds(this.deps.db, coupon.id),
    };
    return terms;
  }

  private async holdCoupon(
    tx: Kysely<DB>,
    couponId: string,
    oncePerUser: boolean,
    userId: string,
    orderId: string,
    now: number,
  ) {
    if (oncePerUser && (await q.findUserRedemption(tx, couponId, userId)))
      throw invalidField('couponCode', PaymentErrors.couponUsed, 'couponCode was already used by you');
    if (!(await q.takeCouponUse(tx, couponId, now)))
      throw invalidField('couponCode', 'coupon_exhausted', 'couponCode cannot be used: coupon_exhausted');
    await tx
      .insertInto('coupon_redemptions')
      .values({ coupon_id: couponId, order_id: orderId, user_id: userId, state: 'held', created_at: now })
      .execute();
  }

  /** Coupon codes are checked by signed-in users only, a bounded number of times, so they cannot be guessed. */
  private async limitCouponTries(actor: Actor): Promise<void> {
    const self = requireUser(actor);
    const { count, resetInMs } = await this.deps.limiter.hit(`coupon:${self.user.id}`, COUPON_TRIES.windowMs);
    if (count > COUPON_TRIES.limit) throw tooManyRequests(resetInMs);
  }

  async managesCommunity(actor: Actor, communityId: string): Promise<boolean> {
    if (actor.kind !== 'user') return false;
    if (actor.user.role === 'operator') return true;
    const viewer = await this.deps.access.viewer(actor, communityId);
    return viewer.staffRole === 'owner';
  }

  async requireManager(actor: Actor, communityId: string): Promise<void> {
    requireUser(actor);
    if (!(await this.managesCommunity(actor, communityId)))
      throw forbidden('forbidden', 'Only the owner or an operator manages payments.');
  }

  /** `viewerId`: the gift link is shown to the order's buyer only. */
  async present(order: OrdersTable, viewerId: string | null): Promise<OrderDto> {
    const gift = await findGiftByOrder(this.deps.db, order.id);
    return presentOrder(order, await this.selfRefundUntil(order), this.giftView(gift, viewerId));
  }

  /** A page of orders, with one query for their communities' refund windows and one for gifts. */
  async presentAll(orders: readonly OrdersTable[], viewerId: string | null): Promise<OrderDto[]> {
    const windows = await q.refundWindowsOf(
      this.deps.db,
      orders.map((o) => o.community_id),
    );
    const gifts = await q.giftsOfOrders(
      this.deps.db,
      orders.map((o) => o.id),
    );
    return orders.map((o) =>
      presentOrder(
        o,
        refundDeadline(o, windows.get(o.community_id) ?? 0),
        this.giftView(gifts.get(o.id), viewerId),
      ),
    );
  }

  private giftView(gift: GiftsTable | undefined, viewerId: string | null) {
    if (!gift) return null;
    const link =
      gift.state === 'ready' && gift.buyer_id === viewerId
        ? giftLink(this.deps.publicUrl, giftToken(this.deps.secret, gift.id))
        : null;
    return { gift, link };
  }

  /** Buyers may take back a paid, not yet refunded order themselves within the community's window. */
  async selfRefundUntil(order: OrdersTable, db: Kysely<DB> = this.deps.db): Promise<number | null> {
    if (refundDeadline(order, 1) === null) return null;
    // Inside a transaction, read through it: on SQLite the database has one connection.
    return refundDeadline(order, await q.refundWindowHours(db, order.community_id));
  }
}

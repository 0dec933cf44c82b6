/**
 * Stripe behind `PaymentProvider`: a hosted Checkout Session per order, webhooks verified with the
 * endpoint's signing secret.
 *
 * How the payments service matches Stripe events to its orders:
 * - `payment_succeeded`: `providerRef` is the Checkout Session id (`cs_…`), the same as
 *   `PaymentAction.providerRef`, and `orderId` comes from the session's metadata.
 * - `refunded`: a refund belongs to a charge, and a charge only knows its PaymentIntent, so
 *   `providerRef` is the PaymentIntent id (`pi_…`), NOT the session id. `orderId` is filled from
 *   the PaymentIntent's metadata, which `createPayment` sets for one-time payments: match refunds
 *   by `orderId` (and dedupe by `refundRef`). It is null for refunds of subscription invoices,
 *   which carry no order; those can only be matched by `providerRef` if the service records it.
 * - `renewal_paid`, `payment_failed`, `subscription_ended`: by `subscriptionRef` (`sub_…`), which
 *   `payment_succeeded` reports for the first payment of a subscription.
 *
 * Webhook payloads are rendered in the API version of the endpoint, not of this SDK: create the
 * endpoint with `Stripe.API_VERSION` (the SDK's pinned version) so the fields read here exist.
 */
import Stripe from 'stripe';
import { type Clock, systemClock } from '../../../platform/clock.js';
import { minorUnitExponent } from './money.js';
import {
  NotificationRejected,
  type PaymentAction,
  type PaymentProvider,
  type PaymentRequest,
  type ProviderEvent,
  type ProviderNotification,
  type RefundRequest,
} from './provider.js';

export interface StripeConfig {
  secretKey: string;
  /** The webhook endpoint's signing secret (`whsec_…`). */
  webhookSecret: string;
  /** Another API host (tests point it at a local fake). */
  apiBase?: { host: string; port: number; protocol: 'http' | 'https' };
  clock?: Clock;
}

const minute = 60_000;
// Stripe accepts `expires_at` from 30 minutes to 24 hours after creation; a minute's margin on
// each side absorbs clock skew and the request's own latency.
const shortestSession = 31 * minute;
const longestSession = 24 * 60 * minute - minute;
/** Stripe's default tolerance for a webhook's signed timestamp, in seconds. */
const signatureToleranceSeconds = 300;

/**
 * Stripe's amounts are in the currency's smallest unit as Stripe counts it, which for every
 * currency we support is the ISO 4217 minor unit: JPY and KRW are zero-decimal in both, so 1500
 * yen is 1500, not 150000. (Stripe's exceptions, such as ISK, are currencies we do not accept, and
 * `minorUnitExponent` throws for them.)
 */
function toStripeAmount(amountMinor: number, currency: string): number {
  minorUnitExponent(currency);
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) throw new Error(`Bad amount: ${amountMinor}`);
  return amountMinor;
}

const fromStripeCurrency = (currency: string) => currency.toUpperCase();
const idOf = (ref: string | { id: string } | null | undefined) =>
  typeof ref === 'string' ? ref : (ref?.id ?? null);
const header = (headers: ProviderNotification['headers'], name: string) => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export class StripeProvider implements PaymentProvider {
  readonly name = 'stripe' as const;
  readonly acknowledgement = { status: 200, contentType: 'application/json', body: '{"received":true}' };
  private readonly stripe: Stripe;
  private readonly clock: Clock;

  constructor(private readonly config: StripeConfig) {
    this.stripe = new Stripe(config.secretKey, { ...config.apiBase });
    this.clock = config.clock ?? systemClock;
  }

  /** `notifyUrl` is not sent: Stripe posts to the webhook endpoint configured in its dashboard. */
  async createPayment(request: PaymentRequest): Promise<PaymentAction> {
    const { orderId, recurring } = request;
    const now = this.clock.now();
    const expiresAt = Math.min(Math.max(request.expiresAt, now + shortestSession), now + longestSession);
    const session = await this.stripe.checkout.sessions.create({
      mode: recurring ? 'subscription' : 'payment',
      client_reference_id: orderId,
      metadata: { orderId },
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: request.currency.toLowerCase(),
            unit_amount: toStripeAmount(request.amountMinor, request.currency),
            product_data: { name: request.description },
            ...(recurring ? { recurring: { interval: recurring.interval } } : {}),
          },
        },
      ],
      ...(recurring
        ? { subscription_data: { metadata: { orderId } } }
        : { payment_intent_data: { metadata: { orderId } } }),
      // A session may outlive a short order (30 minutes at least): the service must expect a
      // payment for an order that has just expired.
      expires_at: Math.floor(expiresAt / 1000),
      success_url: request.returnUrl,
      cancel_url: request.returnUrl,
      ...(request.payerEmail ? { customer_email: request.payerEmail } : {}),
    });
    if (!session.url) throw new Error(`Stripe returned no URL for Checkout Session ${session.id}`);
    return { kind: 'redirect', url: session.url, providerRef: session.id };
  }

  async parseNotification({ rawBody, headers }: ProviderNotification): Promise<ProviderEvent> {
    const signature = header(headers, 'stripe-signature');
    if (!signature) throw new NotificationRejected('no Stripe-Signature header');
    let event: Stripe.Event;
    try {
      event = this.stripe.webhooks.constructEvent(
        rawBody,
        signature,
        this.config.webhookSecret,
        signatureToleranceSeconds,
        undefined,
        this.clock.now(),
      );
    } catch (error) {
      throw new NotificationRejected(error instanceof Error ? error.message : 'bad signature');
    }
    return this.readEvent(event);
  }

  private async readEvent(event: Stripe.Event): Promise<ProviderEvent> {
    const eventId = event.id;
    const ignored = (reason: string): ProviderEvent => ({ kind: 'ignored', eventId, reason });
    switch (event.type) {
      case 'checkout.session.completed':
      case 'checkout.session.async_payment_succeeded': {
        const session = event.data.object;
        // Delayed methods (bank debits) complete the session unpaid and succeed later.
        if (session.payment_status !== 'paid') return ignored(`session ${session.payment_status}`);
        const orderId = session.metadata?.orderId ?? session.client_reference_id;
        if (!orderId) return ignored('session without an order');
        const subscriptionRef = idOf(session.subscription);
        return {
          kind: 'payment_succeeded',
          eventId,
          orderId,
          providerRef: session.id,
          amountMinor: session.amount_total ?? 0,
          currency: fromStripeCurrency(session.currency ?? ''),
          paidAt: event.created * 1000,
          ...(subscriptionRef ? { subscriptionRef } : {}),
        };
      }
      case 'checkout.session.async_payment_failed': {
        const session = event.data.object;
        return {
          kind: 'payment_failed',
          eventId,
          orderId: session.metadata?.orderId ?? session.client_reference_id,
          subscriptionRef: idOf(session.subscription),
        };
      }
      case 'invoice.paid': {
        const invoice = event.data.object;
        // The first invoice is paid through Checkout and reported by checkout.session.completed.
        if (invoice.billing_reason !== 'subscription_cycle')
          return ignored(`invoice ${invoice.billing_reason}`);
        const subscriptionRef = idOf(invoice.parent?.subscription_details?.subscription);
        const periodEnd = Math.max(0, ...invoice.lines.data.map((line) => line.period.end));
        if (!subscriptionRef || !invoice.id || periodEnd === 0)
          return ignored('invoice without a subscription');
        return {
          kind: 'renewal_paid',
          eventId,
          subscriptionRef,
          invoiceRef: invoice.id,
          amountMinor: invoice.amount_paid,
          currency: fromStripeCurrency(invoice.currency),
          paidAt: (invoice.status_transitions.paid_at ?? event.created) * 1000,
          periodEnd: periodEnd * 1000,
        };
      }
      case 'invoice.payment_failed': {
        const details = event.data.object.parent?.subscription_details;
        return {
          kind: 'payment_failed',
          eventId,
          orderId: details?.metadata?.orderId ?? null,
          subscriptionRef: idOf(details?.subscription),
        };
      }
      case 'customer.subscription.deleted':
        return { kind: 'subscription_ended', eventId, subscriptionRef: event.data.object.id };
      case 'charge.refunded':
        return this.readRefund(eventId, event.data.object);
      default:
        return ignored(`event type ${event.type}`);
    }
  }

  /** One event per `charge.refunded`, for the charge's latest refund. */
  private async readRefund(eventId: string, charge: Stripe.Charge): Promise<ProviderEvent> {
    const paymentIntentId = idOf(charge.payment_intent);
    if (!paymentIntentId) return { kind: 'ignored', eventId, reason: 'charge without a payment intent' };
    // Newer API versions leave `refunds` out of the charge; the list is newest first.
    const refunds =
      charge.refunds?.data ?? (await this.stripe.refunds.list({ charge: charge.id, limit: 1 })).data;
    const latest = [...refunds].sort((a, b) => b.created - a.created)[0];
    if (!latest) return { kind: 'ignored', eventId, reason: 'charge.refunded without a refund' };
    let orderId = charge.metadata?.orderId ?? null;
    if (!orderId) {
      const paymentIntent = await this.stripe.paymentIntents.retrieve(paymentIntentId);
      orderId = paymentIntent.metadata?.orderId ?? null;
    }
    return {
      kind: 'refunded',
      eventId,
      providerRef: paymentIntentId,
      orderId,
      refundRef: latest.id,
      amountMinor: latest.amount,
      currency: fromStripeCurrency(latest.currency),
    };
  }

  async refund(request: RefundRequest): Promise<{ refundRef: string; state: 'succeeded' | 'pending' }> {
    const paymentIntent = await this.paymentIntentOf(request.providerRef);
    const refund = await this.stripe.refunds.create(
      {
        payment_intent: paymentIntent,
        amount: toStripeAmount(request.amountMinor, request.currency),
        metadata: { orderId: request.orderId, refundId: request.refundId },
      },
      // Our refund id makes a retried request return the first refund instead of a second one.
      { idempotencyKey: request.refundId },
    );
    if (refund.status === 'failed' || refund.status === 'canceled') {
      throw new Error(`Stripe refund ${refund.id} ${refund.status}`);
    }
    return { refundRef: refund.id, state: refund.status === 'succeeded' ? 'succeeded' : 'pending' };
  }

  /** The PaymentIntent that paid a Checkout Session: its own, or its first invoice's. */
  private async paymentIntentOf(sessionId: string): Promise<string> {
    const session = await this.stripe.checkout.sessions.retrieve(sessionId);
    const direct = idOf(session.payment_intent);
    if (direct) return direct;
    const invoice = idOf(session.invoice);
    if (invoice) {
      const payments = await this.stripe.invoicePayments.list({ invoice, status: 'paid', limit: 1 });
      const paid = idOf(payments.data[0]?.payment.payment_intent);
      if (paid) return paid;
    }
    throw new Error(`Checkout Session ${sessionId} has no payment to refund`);
  }

  async queryStatus(order: { orderId: string; providerRef: string | null }) {
    if (!order.providerRef) return { state: 'unknown' as const };
    const session = await this.stripe.checkout.sessions.retrieve(order.providerRef);
    if (session.payment_status === 'paid') {
      return { state: 'paid' as const, amountMinor: session.amount_total ?? undefined };
    }
    if (session.status === 'expired') return { state: 'closed' as const };
    return { state: 'pending' as const };
  }

  async cancelSubscription(subscriptionRef: string): Promise<void> {
    await this.stripe.subscriptions.update(subscriptionRef, { cancel_at_period_end: true });
  }
}

/**
 * One interface over every payment provider. The payments service knows orders, the ledger and
 * memberships; a provider knows only how to ask its API for a payment, how to tell a genuine
 * notification from a forged one and what it says, how to refund and how to ask for a status.
 * Amounts are integer minor units and currencies upper-case ISO 4217 on this side of the
 * interface, whatever the provider's own format.
 */

export type ProviderName = 'stripe' | 'alipay' | 'wechatpay' | 'manual' | 'test';

export interface PaymentRequest {
  orderId: string;
  /** Shown to the payer by the provider (plan and community name). */
  description: string;
  amountMinor: number;
  currency: string;
  /** Where the payer's browser goes back to after paying (redirect providers). */
  returnUrl: string;
  /** Where the provider posts its notifications. */
  notifyUrl: string;
  /** The payment must be made before this time (epoch ms); the order expires then. */
  expiresAt: number;
  /** A recurring plan: the provider sets up a subscription (Stripe only). */
  recurring?: { interval: 'month' | 'year' };
  payerEmail?: string;
}

/** What the client needs to pay; `providerRef` is the provider's id for this payment. */
export type PaymentAction =
  | { kind: 'redirect'; url: string; providerRef: string }
  | { kind: 'qr'; payload: string; providerRef: string }
  | { kind: 'none'; providerRef: string | null };

export type ProviderEvent =
  | {
      kind: 'payment_succeeded';
      eventId: string;
      orderId: string;
      providerRef: string;
      amountMinor: number;
      currency: string;
      paidAt: number;
      /** Set when the payment started a subscription. */
      subscriptionRef?: string;
    }
  | { kind: 'payment_failed'; eventId: string; orderId: string | null; subscriptionRef: string | null }
  | {
      kind: 'renewal_paid';
      eventId: string;
      subscriptionRef: string;
      invoiceRef: string;
      amountMinor: number;
      currency: string;
      paidAt: number;
      /** End of the period this payment covers (epoch ms). */
      periodEnd: number;
    }
  | { kind: 'subscription_ended'; eventId: string; subscriptionRef: string }
  | {
      kind: 'refunded';
      eventId: string;
      /** The payment refunded (as `PaymentAction.providerRef`); orderId when the provider echoes it. */
      providerRef: string;
      orderId: string | null;
      refundRef: string;
      /** This refund's amount (not the running total). */
      amountMinor: number;
      currency: string;
    }
  /** Genuine, but nothing for us to do (an event type we do not use). */
  | { kind: 'ignored'; eventId: string; reason: string };

export interface ProviderNotification {
  /** The request body exactly as received: signatures are over these bytes. */
  rawBody: Buffer;
  headers: Record<string, string | string[] | undefined>;
}

/** A notification that is not genuine or cannot be read; answered 400, nothing changes. */
export class NotificationRejected extends Error {
  constructor(readonly reason: string) {
    super(`Payment notification rejected: ${reason}`);
    this.name = 'NotificationRejected';
  }
}

export interface RefundRequest {
  orderId: string;
  /** The payment's `providerRef`. */
  providerRef: string;
  /** Our refund id: providers that take one use it as their idempotency key. */
  refundId: string;
  amountMinor: number;
  /** The order's paid amount (WeChat Pay asks for it). */
  paidMinor: number;
  currency: string;
  reason?: string;
}

export interface PaymentProvider {
  readonly name: ProviderName;
  createPayment(request: PaymentRequest): Promise<PaymentAction>;
  /** Verifies and reads a notification; throws `NotificationRejected` when it is not genuine. */
  parseNotification(notification: ProviderNotification): Promise<ProviderEvent>;
  /** The HTTP answer the provider expects to an accepted notification. */
  readonly acknowledgement: { status: number; contentType: string; body: string };
  refund(request: RefundRequest): Promise<{ refundRef: string; state: 'succeeded' | 'pending' }>;
  queryStatus(order: { orderId: string; providerRef: string | null }): Promise<{
    state: 'paid' | 'pending' | 'closed' | 'unknown';
    amountMinor?: number;
  }>;
  /** Stops a subscription at the end of its period (providers with subscriptions). */
  cancelSubscription?(subscriptionRef: string): Promise<void>;
}

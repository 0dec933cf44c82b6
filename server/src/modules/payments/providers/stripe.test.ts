import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../platform/clock.js';
import { NotificationRejected, type PaymentRequest } from './provider.js';
import { StripeProvider } from './stripe.js';

/** What the SDK sent to the fake Stripe API. */
interface Recorded {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  form: URLSearchParams;
}

/** A local stand-in for api.stripe.com: records each request and answers from `routes`. */
class FakeStripeApi {
  readonly requests: Recorded[] = [];
  routes = new Map<string, (request: Recorded) => unknown>();
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const body = Buffer.concat(chunks).toString();
      const recorded: Recorded = {
        method: req.method ?? '',
        path: url.pathname,
        headers: req.headers,
        form: new URLSearchParams(req.method === 'GET' ? url.search : body),
      };
      this.requests.push(recorded);
      const route = this.routes.get(`${recorded.method} ${recorded.path}`);
      res.writeHead(route ? 200 : 404, { 'content-type': 'application/json', 'request-id': 'req_fake' });
      res.end(JSON.stringify(route ? route(recorded) : { error: { type: 'invalid_request_error' } }));
    });
  });

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

const webhookSecret = 'whsec_test_secret';
const now = Date.UTC(2026, 5, 1, 12, 0, 0);
const api = new FakeStripeApi();
const clock = new ManualClock(now);
let provider: StripeProvider;
const signer = new Stripe('sk_test_signer');

beforeAll(async () => {
  const port = await api.start();
  provider = new StripeProvider({
    secretKey: 'sk_test_123',
    webhookSecret,
    apiBase: { host: '127.0.0.1', port, protocol: 'http' },
    clock,
  });
});
afterAll(() => api.stop());
beforeEach(() => {
  api.requests.length = 0;
  api.routes.clear();
});

const order: PaymentRequest = {
  orderId: 'ord_1',
  description: 'Pro plan · Rust Circle',
  amountMinor: 8800,
  currency: 'USD',
  returnUrl: 'https://zhishe.example/orders/ord_1',
  notifyUrl: 'https://zhishe.example/api/payments/stripe/notify',
  expiresAt: now + 2 * 60 * 60_000,
  payerEmail: 'payer@example.com',
};

const session = (fields: Record<string, unknown>) => ({
  id: 'cs_test_1',
  object: 'checkout.session',
  url: 'https://checkout.stripe.com/c/pay/cs_test_1',
  status: 'open',
  payment_status: 'unpaid',
  amount_total: 8800,
  currency: 'usd',
  client_reference_id: 'ord_1',
  metadata: { orderId: 'ord_1' },
  payment_intent: null,
  subscription: null,
  invoice: null,
  ...fields,
});

describe('createPayment', () => {
  it('creates a one-time Checkout Session and returns its URL', async () => {
    api.routes.set('POST /v1/checkout/sessions', () => session({}));
    const action = await provider.createPayment(order);
    expect(action).toEqual({
      kind: 'redirect',
      url: 'https://checkout.stripe.com/c/pay/cs_test_1',
      providerRef: 'cs_test_1',
    });

    const [sent] = api.requests;
    expect(sent?.headers.authorization).toBe('Bearer sk_test_123');
    const form = sent!.form;
    expect(form.get('mode')).toBe('payment');
    expect(form.get('client_reference_id')).toBe('ord_1');
    expect(form.get('metadata[orderId]')).toBe('ord_1');
    expect(form.get('payment_intent_data[metadata][orderId]')).toBe('ord_1');
    expect(form.has('subscription_data[metadata][orderId]')).toBe(false);
    expect(form.get('line_items[0][quantity]')).toBe('1');
    expect(form.get('line_items[0][price_data][currency]')).toBe('usd');
    expect(form.get('line_items[0][price_data][unit_amount]')).toBe('8800');
    expect(form.get('line_items[0][price_data][product_data][name]')).toBe('Pro plan · Rust Circle');
    expect(form.get('expires_at')).toBe(String((now + 2 * 60 * 60_000) / 1000));
    expect(form.get('success_url')).toBe(order.returnUrl);
    expect(form.get('cancel_url')).toBe(order.returnUrl);
    expect(form.get('customer_email')).toBe('payer@example.com');
  });

  it('creates a subscription session for a recurring plan', async () => {
    api.routes.set('POST /v1/checkout/sessions', () => session({ mode: 'subscription' }));
    await provider.createPayment({ ...order, recurring: { interval: 'year' } });
    const form = api.requests[0]!.form;
    expect(form.get('mode')).toBe('subscription');
    expect(form.get('line_items[0][price_data][recurring][interval]')).toBe('year');
    expect(form.get('subscription_data[metadata][orderId]')).toBe('ord_1');
    expect(form.has('payment_intent_data[metadata][orderId]')).toBe(false);
  });

  it('sends zero-decimal currencies in whole units', async () => {
    api.routes.set('POST /v1/checkout/sessions', () => session({}));
    await provider.createPayment({ ...order, amountMinor: 1500, currency: 'JPY' });
    await provider.createPayment({ ...order, amountMinor: 55000, currency: 'KRW' });
    expect(api.requests.map((r) => r.form.get('line_items[0][price_data][unit_amount]'))).toEqual([
      '1500',
      '55000',
    ]);
    expect(api.requests.map((r) => r.form.get('line_items[0][price_data][currency]'))).toEqual([
      'jpy',
      'krw',
    ]);
  });

  it('clamps expires_at into the 30 minutes to 24 hours Stripe accepts', async () => {
    api.routes.set('POST /v1/checkout/sessions', () => session({}));
    await provider.createPayment({ ...order, expiresAt: now + 5 * 60_000 });
    await provider.createPayment({ ...order, expiresAt: now + 3 * 24 * 60 * 60_000 });
    const [short, long] = api.requests.map((r) => Number(r.form.get('expires_at')) * 1000 - now);
    expect(short).toBe(31 * 60_000);
    expect(long).toBe(24 * 60 * 60_000 - 60_000);
  });

  it('refuses a currency we do not support without calling Stripe', async () => {
    await expect(provider.createPayment({ ...order, currency: 'XBT' })).rejects.toThrow(
      /Unsupported currency/,
    );
    expect(api.requests).toHaveLength(0);
  });
});

describe('refund', () => {
  it('refunds the session’s payment intent with our refund id as idempotency key', async () => {
    api.routes.set('GET /v1/checkout/sessions/cs_test_1', () =>
      session({ status: 'complete', payment_status: 'paid', payment_intent: 'pi_1' }),
    );
    api.routes.set('POST /v1/refunds', () => ({
      id: 're_1',
      object: 'refund',
      amount: 3000,
      currency: 'usd',
      status: 'pending',
    }));
    const result = await provider.refund({
      orderId: 'ord_1',
      providerRef: 'cs_test_1',
      refundId: 'rf_42',
      amountMinor: 3000,
      paidMinor: 8800,
      currency: 'USD',
    });
    expect(result).toEqual({ refundRef: 're_1', state: 'pending' });
    const refund = api.requests.find((r) => r.path === '/v1/refunds')!;
    expect(refund.headers['idempotency-key']).toBe('rf_42');
    expect(refund.form.get('payment_intent')).toBe('pi_1');
    expect(refund.form.get('amount')).toBe('3000');
  });

  it('finds the payment intent of a subscription session through its invoice', async () => {
    api.routes.set('GET /v1/checkout/sessions/cs_test_1', () =>
      session({ mode: 'subscription', payment_status: 'paid', invoice: 'in_1', subscription: 'sub_1' }),
    );
    api.routes.set('GET /v1/invoice_payments', () => ({
      object: 'list',
      has_more: false,
      data: [
        {
          id: 'inpay_1',
          object: 'invoice_payment',
          payment: { type: 'payment_intent', payment_intent: 'pi_9' },
        },
      ],
    }));
    api.routes.set('POST /v1/refunds', () => ({
      id: 're_2',
      object: 'refund',
      amount: 8800,
      status: 'succeeded',
    }));
    const result = await provider.refund({
      orderId: 'ord_1',
      providerRef: 'cs_test_1',
      refundId: 'rf_43',
      amountMinor: 8800,
      paidMinor: 8800,
      currency: 'USD',
    });
    expect(result).toEqual({ refundRef: 're_2', state: 'succeeded' });
    expect(api.requests.find((r) => r.path === '/v1/invoice_payments')?.form.get('invoice')).toBe('in_1');
    expect(api.requests.find((r) => r.path === '/v1/refunds')?.form.get('payment_intent')).toBe('pi_9');
  });
});

describe('queryStatus and cancelSubscription', () => {
  it.each([
    [
      { status: 'complete', payment_status: 'paid' },
      { state: 'paid', amountMinor: 8800 },
    ],
    [{ status: 'open', payment_status: 'unpaid' }, { state: 'pending' }],
    [{ status: 'expired', payment_status: 'unpaid' }, { state: 'closed' }],
  ])('session %o → %o', async (fields, expected) => {
    api.routes.set('GET /v1/checkout/sessions/cs_test_1', () => session(fields));
    expect(await provider.queryStatus({ orderId: 'ord_1', providerRef: 'cs_test_1' })).toEqual(expected);
  });

  it('is unknown without a session', async () => {
    expect(await provider.queryStatus({ orderId: 'ord_1', providerRef: null })).toEqual({ state: 'unknown' });
  });

  it('cancels at the end of the period', async () => {
    api.routes.set('POST /v1/subscriptions/sub_1', () => ({ id: 'sub_1', object: 'subscription' }));
    await provider.cancelSubscription('sub_1');
    expect(api.requests[0]?.form.get('cancel_at_period_end')).toBe('true');
  });
});

const nowSeconds = now / 1000;

function signed(event: Record<string, unknown>, options: { secret?: string; timestamp?: number } = {}) {
  const payload = JSON.stringify({
    object: 'event',
    api_version: Stripe.API_VERSION,
    created: nowSeconds,
    ...event,
  });
  const signature = signer.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? webhookSecret,
    timestamp: options.timestamp ?? nowSeconds,
  });
  return { rawBody: Buffer.from(payload), headers: { 'stripe-signature': signature } };
}

const completed = (fields: Record<string, unknown> = {}) => ({
  id: 'evt_completed',
  type: 'checkout.session.completed',
  data: {
    object: session({ status: 'complete', payment_status: 'paid', payment_intent: 'pi_1', ...fields }),
  },
});

describe('parseNotification', () => {
  it('reads a paid Checkout Session', async () => {
    expect(await provider.parseNotification(signed(completed()))).toEqual({
      kind: 'payment_succeeded',
      eventId: 'evt_completed',
      orderId: 'ord_1',
      providerRef: 'cs_test_1',
      amountMinor: 8800,
      currency: 'USD',
      paidAt: now,
    });
  });

  it('reports the subscription a session started, and zero-decimal amounts as they are', async () => {
    const event = completed({
      subscription: 'sub_1',
      payment_intent: null,
      amount_total: 1500,
      currency: 'jpy',
    });
    expect(await provider.parseNotification(signed(event))).toMatchObject({
      kind: 'payment_succeeded',
      subscriptionRef: 'sub_1',
      amountMinor: 1500,
      currency: 'JPY',
    });
  });

  it('ignores a completed session that is not paid yet', async () => {
    const event = completed({ payment_status: 'unpaid' });
    expect(await provider.parseNotification(signed(event))).toEqual({
      kind: 'ignored',
      eventId: 'evt_completed',
      reason: 'session unpaid',
    });
  });

  it('reads a renewal with the end of the period it pays for', async () => {
    const invoice = {
      id: 'in_2',
      object: 'invoice',
      billing_reason: 'subscription_cycle',
      amount_paid: 8800,
      currency: 'usd',
      status_transitions: { paid_at: nowSeconds - 5 },
      parent: { type: 'subscription_details', subscription_details: { subscription: 'sub_1', metadata: {} } },
      lines: {
        object: 'list',
        data: [
          { id: 'il_1', object: 'line_item', period: { start: nowSeconds, end: nowSeconds + 2_592_000 } },
        ],
      },
    };
    expect(
      await provider.parseNotification(
        signed({ id: 'evt_paid', type: 'invoice.paid', data: { object: invoice } }),
      ),
    ).toEqual({
      kind: 'renewal_paid',
      eventId: 'evt_paid',
      subscriptionRef: 'sub_1',
      invoiceRef: 'in_2',
      amountMinor: 8800,
      currency: 'USD',
      paidAt: now - 5000,
      periodEnd: now + 2_592_000_000,
    });
    const first = { ...invoice, billing_reason: 'subscription_create' };
    expect(
      await provider.parseNotification(
        signed({ id: 'evt_first', type: 'invoice.paid', data: { object: first } }),
      ),
    ).toMatchObject({
      kind: 'ignored',
    });
  });

  it('reads a failed renewal and an ended subscription', async () => {
    const invoice = {
      id: 'in_3',
      object: 'invoice',
      parent: { subscription_details: { subscription: 'sub_1', metadata: { orderId: 'ord_1' } } },
    };
    expect(
      await provider.parseNotification(
        signed({ id: 'evt_f', type: 'invoice.payment_failed', data: { object: invoice } }),
      ),
    ).toEqual({ kind: 'payment_failed', eventId: 'evt_f', orderId: 'ord_1', subscriptionRef: 'sub_1' });
    const subscription = { id: 'sub_1', object: 'subscription', status: 'canceled' };
    expect(
      await provider.parseNotification(
        signed({ id: 'evt_d', type: 'customer.subscription.deleted', data: { object: subscription } }),
      ),
    ).toEqual({ kind: 'subscription_ended', eventId: 'evt_d', subscriptionRef: 'sub_1' });
  });

  it('reads the latest refund of a charge, with the order from its payment intent', async () => {
    api.routes.set('GET /v1/refunds', () => ({
      object: 'list',
      has_more: false,
      data: [{ id: 're_2', object: 'refund', amount: 2000, currency: 'usd', created: nowSeconds }],
    }));
    api.routes.set('GET /v1/payment_intents/pi_1', () => ({
      id: 'pi_1',
      object: 'payment_intent',
      metadata: { orderId: 'ord_1' },
    }));
    const charge = {
      id: 'ch_1',
      object: 'charge',
      payment_intent: 'pi_1',
      amount_refunded: 5000,
      metadata: {},
    };
    expect(
      await provider.parseNotification(
        signed({ id: 'evt_r', type: 'charge.refunded', data: { object: charge } }),
      ),
    ).toEqual({
      kind: 'refunded',
      eventId: 'evt_r',
      providerRef: 'pi_1',
      orderId: 'ord_1',
      refundRef: 're_2',
      amountMinor: 2000,
      currency: 'USD',
    });
    expect(api.requests.find((r) => r.path === '/v1/refunds')?.form.get('charge')).toBe('ch_1');
  });

  it('uses the refunds a charge carries, newest first', async () => {
    const charge = {
      id: 'ch_1',
      object: 'charge',
      payment_intent: 'pi_1',
      metadata: { orderId: 'ord_1' },
      refunds: {
        object: 'list',
        data: [
          { id: 're_1', object: 'refund', amount: 3000, currency: 'usd', created: nowSeconds - 60 },
          { id: 're_2', object: 'refund', amount: 2000, currency: 'usd', created: nowSeconds },
        ],
      },
    };
    expect(
      await provider.parseNotification(
        signed({ id: 'evt_r', type: 'charge.refunded', data: { object: charge } }),
      ),
    ).toMatchObject({ refundRef: 're_2', amountMinor: 2000, orderId: 'ord_1' });
    expect(api.requests).toHaveLength(0);
  });

  it('ignores event types it does not use', async () => {
    const event = {
      id: 'evt_x',
      type: 'customer.created',
      data: { object: { id: 'cus_1', object: 'customer' } },
    };
    expect(await provider.parseNotification(signed(event))).toEqual({
      kind: 'ignored',
      eventId: 'evt_x',
      reason: 'event type customer.created',
    });
  });

  it('rejects a tampered body', async () => {
    const notification = signed(completed());
    const tampered = Buffer.from(notification.rawBody.toString().replace('8800', '1'));
    await expect(provider.parseNotification({ ...notification, rawBody: tampered })).rejects.toThrow(
      NotificationRejected,
    );
  });

  it('rejects a signature made with another secret', async () => {
    await expect(provider.parseNotification(signed(completed(), { secret: 'whsec_other' }))).rejects.toThrow(
      NotificationRejected,
    );
  });

  it('rejects a signature older than five minutes', async () => {
    await expect(
      provider.parseNotification(signed(completed(), { timestamp: nowSeconds - 301 })),
    ).rejects.toBeInstanceOf(NotificationRejected);
    await expect(
      provider.parseNotification(signed(completed(), { timestamp: nowSeconds - 299 })),
    ).resolves.toMatchObject({
      kind: 'payment_succeeded',
    });
  });

  it('rejects a notification without a signature header', async () => {
    const { rawBody } = signed(completed());
    await expect(provider.parseNotification({ rawBody, headers: {} })).rejects.toThrow(/no Stripe-Signature/);
  });
});

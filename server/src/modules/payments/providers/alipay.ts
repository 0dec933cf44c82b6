/**
 * Alipay (支付宝) behind `PaymentProvider`: 当面付 QR pre-create over the OpenAPI 2.0 gateway, with
 * RSA2 signatures both ways (our app private key signs requests; the Alipay public key verifies
 * responses and notifications).
 *
 * Matching: `providerRef` is our order id (Alipay's `out_trade_no`) for payments and refunds
 * alike; a refund's `refundRef` is our refund id (Alipay's `out_request_no`, echoed in
 * notifications as `out_biz_no`).
 */
import { AlipaySdk, type AlipaySdkCommonResult } from 'alipay-sdk';
import { type Clock, systemClock } from '../../../platform/clock.js';
import { formatAmount, parseAmount } from './money.js';
import {
  NotificationRejected,
  type PaymentAction,
  type PaymentProvider,
  type PaymentRequest,
  type ProviderEvent,
  type ProviderNotification,
  type RefundRequest,
} from './provider.js';

export interface AlipayConfig {
  appId: string;
  /** The app's RSA private key, PKCS#1 or PKCS#8 PEM. */
  privateKey: string;
  /** Alipay's public key for this app (SPKI PEM, as the Alipay console shows it). */
  alipayPublicKey: string;
  /** The OpenAPI 2.0 gateway; the sandbox's, or a local fake in tests. */
  gateway?: string;
  clock?: Clock;
}

const currency = 'CNY';
const success = '10000';
const beijingOffsetMs = 8 * 60 * 60_000;

/** Alipay's times are Beijing wall-clock times, "yyyy-MM-dd HH:mm:ss". */
const toBeijingTime = (epochMs: number) =>
  new Date(epochMs + beijingOffsetMs).toISOString().slice(0, 19).replace('T', ' ');

function fromBeijingTime(text: string | undefined): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text ?? '');
  if (!match) return null;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  return Date.UTC(year!, month! - 1, day!, hour!, minute!, second!) - beijingOffsetMs;
}

function requireCny(requested: string): void {
  if (requested !== currency) throw new Error(`Alipay accepts CNY only, not ${requested}`);
}

/** An amount in a genuine notification that we cannot read exactly: refuse the notification. */
function notifiedAmount(text: string | undefined): number {
  try {
    return parseAmount(text ?? '', currency);
  } catch {
    throw new NotificationRejected(`unreadable total_amount ${JSON.stringify(text)}`);
  }
}

/** A gateway answer that is not a success, as an error naming Alipay's own codes. */
function failure(method: string, result: AlipaySdkCommonResult): Error {
  const detail = [result.code, result.msg, result.sub_code, result.sub_msg].filter(Boolean).join(' ');
  return new Error(`Alipay ${method} failed: ${detail}`);
}

export class AlipayProvider implements PaymentProvider {
  readonly name = 'alipay' as const;
  readonly acknowledgement = { status: 200, contentType: 'text/plain', body: 'success' };
  private readonly sdk: AlipaySdk;
  private readonly clock: Clock;

  constructor(private readonly config: AlipayConfig) {
    this.sdk = new AlipaySdk({
      appId: config.appId,
      privateKey: config.privateKey,
      keyType: config.privateKey.includes('BEGIN PRIVATE KEY') ? 'PKCS8' : 'PKCS1',
      alipayPublicKey: config.alipayPublicKey,
      signType: 'RSA2',
      // Keep Alipay's snake_case field names, as its documentation writes them.
      camelcase: false,
      ...(config.gateway ? { gateway: config.gateway } : {}),
    });
    this.clock = config.clock ?? systemClock;
  }

  /** Calls a gateway method, verifying the response's signature against the Alipay public key. */
  private exec(method: string, bizContent: Record<string, unknown>, extra: Record<string, string> = {}) {
    return this.sdk.exec(method, { ...extra, bizContent }, { validateSign: true });
  }

  async createPayment(request: PaymentRequest): Promise<PaymentAction> {
    requireCny(request.currency);
    const minutesLeft = Math.max(1, Math.floor((request.expiresAt - this.clock.now()) / 60_000));
    const result = await this.exec(
      'alipay.trade.precreate',
      {
        out_trade_no: request.orderId,
        total_amount: formatAmount(request.amountMinor, currency),
        subject: request.description.slice(0, 256),
        // The relative limit for older gateways; the absolute one wins where both are understood.
        timeout_express: `${minutesLeft}m`,
        time_expire: toBeijingTime(request.expiresAt),
      },
      { notify_url: request.notifyUrl },
    );
    if (result.code !== success || typeof result.qr_code !== 'string') {
      throw failure('alipay.trade.precreate', result);
    }
    return { kind: 'qr', payload: result.qr_code, providerRef: request.orderId };
  }

  async parseNotification({ rawBody }: ProviderNotification): Promise<ProviderEvent> {
    const params = Object.fromEntries(new URLSearchParams(rawBody.toString('utf8')));
    if (!params.sign) throw new NotificationRejected('no sign');
    // The SDK takes the algorithm from the message; only RSA2 (SHA-256) is acceptable.
    if (params.sign_type && params.sign_type !== 'RSA2') {
      throw new NotificationRejected('sign_type is not RSA2');
    }
    // V2 verifies the values as given: URLSearchParams has already decoded them once.
    if (!this.sdk.checkNotifySignV2(params)) throw new NotificationRejected('bad signature');
    if (params.app_id !== this.config.appId) throw new NotificationRejected('notification for another app');
    const eventId = params.notify_id;
    const orderId = params.out_trade_no;
    if (!eventId || !orderId) throw new NotificationRejected('no notify_id or out_trade_no');

    // A refund comes as a trade-status notification carrying refund fields (TRADE_SUCCESS after a
    // partial refund, TRADE_CLOSED after a full one), so look for those first.
    if (params.gmt_refund || params.refund_fee) return this.readRefund(eventId, orderId, params.out_biz_no);
    if (params.trade_status === 'TRADE_SUCCESS' || params.trade_status === 'TRADE_FINISHED') {
      // TRADE_FINISHED also arrives when the refund window closes, long after TRADE_SUCCESS: the
      // service must take a second success for a paid order as a no-op.
      return {
        kind: 'payment_succeeded',
        eventId,
        orderId,
        providerRef: orderId,
        amountMinor: notifiedAmount(params.total_amount),
        currency,
        paidAt: fromBeijingTime(params.gmt_payment) ?? this.clock.now(),
      };
    }
    return { kind: 'ignored', eventId, reason: `trade_status ${params.trade_status}` };
  }

  /**
   * The notification's `refund_fee` is the trade's running refund total; the amount of this
   * refund comes from asking Alipay about the refund request the notification names.
   */
  private async readRefund(
    eventId: string,
    orderId: string,
    refundId: string | undefined,
  ): Promise<ProviderEvent> {
    if (!refundId) return { kind: 'ignored', eventId, reason: 'refund notification without out_biz_no' };
    const result = await this.exec('alipay.trade.fastpay.refund.query', {
      out_trade_no: orderId,
      out_request_no: refundId,
    });
    if (result.code !== success) throw failure('alipay.trade.fastpay.refund.query', result);
    if (result.refund_status !== 'REFUND_SUCCESS') {
      return { kind: 'ignored', eventId, reason: `refund_status ${result.refund_status}` };
    }
    return {
      kind: 'refunded',
      eventId,
      providerRef: orderId,
      orderId,
      refundRef: refundId,
      amountMinor: parseAmount(String(result.refund_amount), currency),
      currency,
    };
  }

  async refund(request: RefundRequest): Promise<{ refundRef: string; state: 'succeeded' | 'pending' }> {
    requireCny(request.currency);
    const result = await this.exec('alipay.trade.refund', {
      out_trade_no: request.providerRef,
      refund_amount: formatAmount(request.amountMinor, currency),
      // Alipay's idempotency key: the same out_request_no never refunds twice.
      out_request_no: request.refundId,
      ...(request.reason ? { refund_reason: request.reason.slice(0, 256) } : {}),
    });
    if (result.code !== success) throw failure('alipay.trade.refund', result);
    // fund_change N means no money moved by this call (e.g. a repeat of a finished request).
    return { refundRef: request.refundId, state: result.fund_change === 'Y' ? 'succeeded' : 'pending' };
  }

  async queryStatus(order: { orderId: string; providerRef: string | null }) {
    const result = await this.exec('alipay.trade.query', { out_trade_no: order.orderId });
    // A pre-created trade exists at Alipay only once the payer has scanned the code.
    if (result.sub_code === 'ACQ.TRADE_NOT_EXIST') return { state: 'pending' as const };
    if (result.code !== success) return { state: 'unknown' as const };
    switch (result.trade_status) {
      case 'TRADE_SUCCESS':
      case 'TRADE_FINISHED':
        return { state: 'paid' as const, amountMinor: parseAmount(String(result.total_amount), currency) };
      case 'WAIT_BUYER_PAY':
        return { state: 'pending' as const };
      case 'TRADE_CLOSED':
        return { state: 'closed' as const };
      default:
        return { state: 'unknown' as const };
    }
  }
}

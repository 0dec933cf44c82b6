/**
 * WeChat Pay API v3 (微信支付) behind `PaymentProvider`: Native pay (a `weixin://` QR code),
 * notifications signed with the platform key and their `resource` encrypted with the API v3 key.
 *
 * The wechatpay-node-v3 SDK builds and signs our requests (the `Authorization: WECHATPAY2-…`
 * header). Three things it cannot do are done here instead:
 * - its base URL is hard-coded, so requests go through our own HTTP layer, injected with the
 *   SDK's `createHttp`: it swaps in `apiBase` (a local fake in tests) and uses `fetch`;
 * - its `verifySign` looks keys up in a process-wide certificate cache it fills by downloading
 *   /v3/certificates, and knows nothing of the newer platform public key, so notifications and
 *   responses are verified here with node:crypto against the configured key and serial;
 * - its `decipher_gcm` never calls `final()`, so it never checks the GCM tag; decryption is here.
 *
 * Matching: `providerRef` is our order id (WeChat's `out_trade_no`); `refundRef` is our refund id
 * (`out_refund_no`), in `refund()` and in REFUND.SUCCESS notifications alike.
 */
import {
  createDecipheriv,
  createPublicKey,
  createVerify,
  type KeyObject,
  X509Certificate,
} from 'node:crypto';
import Pay from 'wechatpay-node-v3';
import { type Clock, systemClock } from '../../../platform/clock.js';
import {
  NotificationRejected,
  type PaymentAction,
  type PaymentProvider,
  type PaymentRequest,
  type ProviderEvent,
  type ProviderNotification,
  type RefundRequest,
} from './provider.js';

export interface WechatPayConfig {
  mchId: string;
  appId: string;
  /** Serial number of our merchant API certificate. */
  merchantSerialNo: string;
  /** Our merchant API private key (PEM). */
  merchantPrivateKey: string;
  /** The API v3 key: 32 characters, used as the AES-256 key. */
  apiV3Key: string;
  /** WeChat Pay's platform certificate (PEM) … */
  platformCertificate?: string;
  /** … or its platform public key (PEM), whichever the merchant account uses. */
  platformPublicKey?: string;
  /** The serial of that certificate or key: notifications naming another are refused. */
  platformSerialNo: string;
  /** Where refund results are posted; without it, the one set in the merchant platform. */
  refundNotifyUrl?: string;
  /** Another API host (tests point it at a local fake). */
  apiBase?: string;
  clock?: Clock;
}

const officialBase = 'https://api.mch.weixin.qq.com';
const currency = 'CNY';
/** How far a signed timestamp may be from our clock, either way. */
const timestampToleranceSeconds = 5 * 60;
const beijingOffsetMs = 8 * 60 * 60_000;

type PayRequest = Parameters<Pay['createHttp']>[0];
type PayResponse = Awaited<ReturnType<PayRequest['get']>>;

/** RFC 3339 in Beijing time, as WeChat Pay writes times: 2026-06-01T20:15:00+08:00. */
const toBeijingRfc3339 = (epochMs: number) =>
  `${new Date(epochMs + beijingOffsetMs).toISOString().slice(0, 19)}+08:00`;

function requireCny(requested: string): void {
  if (requested !== currency) throw new Error(`WeChat Pay accepts CNY only, not ${requested}`);
}

function platformKeyOf(config: WechatPayConfig): KeyObject {
  if (config.platformCertificate) return new X509Certificate(config.platformCertificate).publicKey;
  if (config.platformPublicKey) return createPublicKey(config.platformPublicKey);
  throw new Error('WeChat Pay needs platformCertificate or platformPublicKey');
}

interface EncryptedResource {
  algorithm: string;
  ciphertext: string;
  associated_data?: string;
  nonce: string;
}

interface Notification {
  id: string;
  event_type: string;
  resource: EncryptedResource;
}

/** Decrypted TRANSACTION.* resource (the fields we read). */
interface Transaction {
  appid: string;
  mchid: string;
  out_trade_no: string;
  trade_state: string;
  success_time?: string;
  amount: { total: number; payer_total?: number; currency: string };
}

/** Decrypted REFUND.* resource (the fields we read). */
interface RefundResult {
  mchid: string;
  out_trade_no: string;
  out_refund_no: string;
  refund_status: string;
  amount: { total: number; refund: number };
}

/** AEAD_AES_256_GCM as WeChat Pay uses it: the last 16 bytes of the ciphertext are the tag. */
function decryptResource(resource: EncryptedResource, apiV3Key: string): unknown {
  if (resource.algorithm !== 'AEAD_AES_256_GCM') throw new Error(`algorithm ${resource.algorithm}`);
  const sealed = Buffer.from(resource.ciphertext, 'base64');
  if (sealed.length <= 16) throw new Error('ciphertext too short');
  const decipher = createDecipheriv(
    'aes-256-gcm',
    Buffer.from(apiV3Key, 'utf8'),
    Buffer.from(resource.nonce, 'utf8'),
  );
  decipher.setAuthTag(sealed.subarray(-16));
  decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
  const plain = Buffer.concat([decipher.update(sealed.subarray(0, -16)), decipher.final()]);
  return JSON.parse(plain.toString('utf8'));
}

export class WechatPayProvider implements PaymentProvider {
  readonly name = 'wechatpay' as const;
  readonly acknowledgement = {
    status: 200,
    contentType: 'application/json',
    body: '{"code":"SUCCESS","message":"OK"}',
  };
  private readonly pay: Pay;
  private readonly platformKey: KeyObject;
  private readonly clock: Clock;
  private readonly apiBase: string;

  constructor(private readonly config: WechatPayConfig) {
    if (Buffer.byteLength(config.apiV3Key, 'utf8') !== 32)
      throw new Error('The WeChat Pay API v3 key must be 32 bytes');
    this.platformKey = platformKeyOf(config);
    this.clock = config.clock ?? systemClock;
    this.apiBase = (config.apiBase ?? officialBase).replace(/\/$/, '');
    this.pay = new Pay({
      appid: config.appId,
      mchid: config.mchId,
      serial_no: config.merchantSerialNo,
      // The SDK only reads this to derive the serial when none is given; ours always is.
      publicKey: Buffer.from(
        createPublicKey(config.merchantPrivateKey).export({ type: 'spki', format: 'pem' }),
      ),
      privateKey: Buffer.from(config.merchantPrivateKey),
      key: config.apiV3Key,
      userAgent: 'zhishe',
    });
    this.pay.createHttp(this.transport());
  }

  /** The SDK's HTTP layer, replaced: our base URL, fetch, and verified response signatures. */
  private transport(): PayRequest {
    const send = async (url: string, init: RequestInit): Promise<PayResponse> => {
      const response = await fetch(url.replace(officialBase, this.apiBase), init);
      const text = await response.text();
      if (!response.ok) return { status: response.status, error: text };
      const problem = this.checkSignature((name) => response.headers.get(name) ?? undefined, text);
      if (problem) throw new Error(`WeChat Pay response not genuine: ${problem}`);
      return { status: response.status, data: text ? JSON.parse(text) : {} };
    };
    return {
      // The SDK signed JSON.stringify(params); the same string goes on the wire.
      post: (url, params, headers) => send(url, { method: 'POST', headers, body: JSON.stringify(params) }),
      get: (url, headers) => send(url, { method: 'GET', headers }),
      upload: () => Promise.reject(new Error('WeChat Pay uploads are not used')),
    };
  }

  /** Checks a WeChat Pay signature over "timestamp\nnonce\nbody\n"; the reason it fails, or null. */
  private checkSignature(header: (name: string) => string | undefined, body: string): string | null {
    const timestamp = header('wechatpay-timestamp');
    const nonce = header('wechatpay-nonce');
    const signature = header('wechatpay-signature');
    const serial = header('wechatpay-serial');
    if (!timestamp || !nonce || !signature || !serial) return 'missing Wechatpay-* headers';
    if (serial !== this.config.platformSerialNo) return `signed with unknown serial ${serial}`;
    if (!/^\d{1,12}$/.test(timestamp)) return 'bad timestamp';
    if (Math.abs(this.clock.now() / 1000 - Number(timestamp)) > timestampToleranceSeconds) {
      return 'timestamp more than 5 minutes off';
    }
    const genuine = createVerify('RSA-SHA256')
      .update(`${timestamp}\n${nonce}\n${body}\n`, 'utf8')
      .verify(this.platformKey, signature, 'base64');
    return genuine ? null : 'bad signature';
  }

  async createPayment(request: PaymentRequest): Promise<PaymentAction> {
    requireCny(request.currency);
    const response = await this.pay.transactions_native({
      description: request.description.slice(0, 127),
      out_trade_no: request.orderId,
      notify_url: request.notifyUrl,
      time_expire: toBeijingRfc3339(request.expiresAt),
      amount: { total: request.amountMinor, currency },
    });
    const codeUrl = response.data?.code_url;
    if (response.status !== 200 || typeof codeUrl !== 'string') {
      throw new Error(`WeChat Pay native order failed: ${response.status} ${response.error ?? ''}`);
    }
    return { kind: 'qr', payload: codeUrl, providerRef: request.orderId };
  }

  async parseNotification({ rawBody, headers }: ProviderNotification): Promise<ProviderEvent> {
    const header = (name: string) => {
      const value = headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const body = rawBody.toString('utf8');
    const problem = this.checkSignature(header, body);
    if (problem) throw new NotificationRejected(problem);

    let notification: Notification;
    let resource: unknown;
    try {
      notification = JSON.parse(body) as Notification;
      resource = decryptResource(notification.resource, this.config.apiV3Key);
    } catch (error) {
      throw new NotificationRejected(
        `unreadable resource (${error instanceof Error ? error.message : error})`,
      );
    }
    const eventId = notification.id;
    switch (notification.event_type) {
      case 'TRANSACTION.SUCCESS':
        return this.readTransaction(eventId, resource as Transaction);
      case 'REFUND.SUCCESS':
        return this.readRefund(eventId, resource as RefundResult);
      default:
        return { kind: 'ignored', eventId, reason: `event_type ${notification.event_type}` };
    }
  }

  private readTransaction(eventId: string, transaction: Transaction): ProviderEvent {
    if (transaction.mchid !== this.config.mchId || transaction.appid !== this.config.appId) {
      throw new NotificationRejected('transaction for another merchant or app');
    }
    if (transaction.trade_state !== 'SUCCESS') {
      return { kind: 'ignored', eventId, reason: `trade_state ${transaction.trade_state}` };
    }
    const paidAt = transaction.success_time ? Date.parse(transaction.success_time) : Number.NaN;
    return {
      kind: 'payment_succeeded',
      eventId,
      orderId: transaction.out_trade_no,
      providerRef: transaction.out_trade_no,
      // The order's total; `payer_total` is less when a WeChat-funded coupon paid part of it.
      amountMinor: transaction.amount.total,
      currency: transaction.amount.currency,
      paidAt: Number.isNaN(paidAt) ? this.clock.now() : paidAt,
    };
  }

  private readRefund(eventId: string, refund: RefundResult): ProviderEvent {
    if (refund.mchid !== this.config.mchId) throw new NotificationRejected('refund for another merchant');
    return {
      kind: 'refunded',
      eventId,
      providerRef: refund.out_trade_no,
      orderId: refund.out_trade_no,
      refundRef: refund.out_refund_no,
      amountMinor: refund.amount.refund,
      currency,
    };
  }

  async refund(request: RefundRequest): Promise<{ refundRef: string; state: 'succeeded' | 'pending' }> {
    requireCny(request.currency);
    const response = await this.pay.refunds({
      out_trade_no: request.providerRef,
      // WeChat Pay's idempotency key: the same out_refund_no never refunds twice.
      out_refund_no: request.refundId,
      ...(request.reason ? { reason: request.reason.slice(0, 80) } : {}),
      ...(this.config.refundNotifyUrl ? { notify_url: this.config.refundNotifyUrl } : {}),
      amount: { refund: request.amountMinor, total: request.paidMinor, currency },
    });
    const status = response.data?.status;
    if (response.status !== 200 || (status !== 'SUCCESS' && status !== 'PROCESSING')) {
      throw new Error(`WeChat Pay refund failed: ${response.status} ${status ?? response.error ?? ''}`);
    }
    return { refundRef: request.refundId, state: status === 'SUCCESS' ? 'succeeded' : 'pending' };
  }

  async queryStatus(order: { orderId: string; providerRef: string | null }) {
    const response = await this.pay.query({ out_trade_no: encodeURIComponent(order.orderId) });
    if (response.status !== 200) return { state: 'unknown' as const };
    const transaction = response.data as Transaction;
    switch (transaction.trade_state) {
      case 'SUCCESS':
      case 'REFUND': // paid, then (partly) refunded
        return { state: 'paid' as const, amountMinor: transaction.amount.total };
      case 'NOTPAY':
      case 'USERPAYING':
        return { state: 'pending' as const };
      case 'CLOSED':
      case 'REVOKED':
      case 'PAYERROR':
        return { state: 'closed' as const };
      default:
        return { state: 'unknown' as const };
    }
  }
}

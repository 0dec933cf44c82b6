import {
  createCipheriv,
  createSign,
  createVerify,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../platform/clock.js';
import { NotificationRejected, type PaymentRequest } from './provider.js';
import { WechatPayProvider } from './wechatpay.js';

const mchId = '1900000001';
const appId = 'wx0000000000000001';
const merchantSerialNo = 'MERCHANTSERIAL0001';
const platformSerialNo = 'PLATFORMSERIAL0001';
const merchantKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const platformKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const apiV3Key = randomBytes(16).toString('hex');
const now = Date.UTC(2026, 5, 1, 12, 0, 0);
const nowSeconds = now / 1000;

const rsaSign = (message: string, key: KeyObject) =>
  createSign('RSA-SHA256').update(message).sign(key, 'base64');

/** The headers WeChat Pay signs a notification or response with: RSA-SHA256 over ts\nnonce\nbody\n. */
function signedHeaders(body: string, options: { key?: KeyObject; serial?: string; timestamp?: number } = {}) {
  const timestamp = String(options.timestamp ?? nowSeconds);
  const nonce = randomBytes(16).toString('hex');
  return {
    'wechatpay-timestamp': timestamp,
    'wechatpay-nonce': nonce,
    'wechatpay-serial': options.serial ?? platformSerialNo,
    'wechatpay-signature': rsaSign(
      `${timestamp}\n${nonce}\n${body}\n`,
      options.key ?? platformKeys.privateKey,
    ),
  };
}

interface ApiCall {
  method: string;
  /** Path and query, as signed. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown> | null;
  authorization: Record<string, string>;
  signatureValid: boolean;
}

/**
 * A local stand-in for api.mch.weixin.qq.com: checks the merchant's WECHATPAY2-SHA256-RSA2048
 * Authorization on each request, records it, and answers signed with the "platform" key.
 */
class FakeWechatPayApi {
  readonly calls: ApiCall[] = [];
  answers = new Map<string, (call: ApiCall) => { status?: number; body: unknown; unsigned?: boolean }>();
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString();
      const auth = /^WECHATPAY2-SHA256-RSA2048 (.*)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      const authorization = Object.fromEntries(
        [...auth.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
      );
      const method = req.method ?? '';
      const url = req.url ?? '';
      const signatureValid = createVerify('RSA-SHA256')
        .update(`${method}\n${url}\n${authorization.timestamp}\n${authorization.nonce_str}\n${raw}\n`)
        .verify(merchantKeys.publicKey, authorization.signature ?? '', 'base64');
      const call = {
        method,
        url,
        headers: req.headers,
        body: raw ? JSON.parse(raw) : null,
        authorization,
        signatureValid,
      };
      this.calls.push(call);
      const answer = this.answers.get(`${method} ${url.split('?')[0]}`)?.(call) ?? {
        status: 404,
        body: { code: 'NOT_FOUND', message: 'no route' },
      };
      const text = JSON.stringify(answer.body);
      res.writeHead(answer.status ?? 200, {
        'content-type': 'application/json',
        ...(answer.unsigned ? {} : signedHeaders(text)),
      });
      res.end(text);
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

const api = new FakeWechatPayApi();
let provider: WechatPayProvider;

beforeAll(async () => {
  provider = new WechatPayProvider({
    mchId,
    appId,
    merchantSerialNo,
    merchantPrivateKey: merchantKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    apiV3Key,
    platformPublicKey: platformKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    platformSerialNo,
    refundNotifyUrl: 'https://zhishe.example/api/payments/wechatpay/notify',
    apiBase: await api.start(),
    clock: new ManualClock(now),
  });
});
afterAll(() => api.stop());
beforeEach(() => {
  api.calls.length = 0;
  api.answers.clear();
});

const order: PaymentRequest = {
  orderId: 'ord_1',
  description: '年度会员 · 知社',
  amountMinor: 8800,
  currency: 'CNY',
  returnUrl: 'https://zhishe.example/orders/ord_1',
  notifyUrl: 'https://zhishe.example/api/payments/wechatpay/notify',
  expiresAt: now + 15 * 60_000,
};

describe('createPayment', () => {
  it('places a Native order in fen and returns its code_url', async () => {
    api.answers.set('POST /v3/pay/transactions/native', () => ({
      body: { code_url: 'weixin://wxpay/bizpayurl?pr=abc' },
    }));
    const action = await provider.createPayment(order);
    expect(action).toEqual({ kind: 'qr', payload: 'weixin://wxpay/bizpayurl?pr=abc', providerRef: 'ord_1' });

    const [call] = api.calls;
    expect(call?.signatureValid).toBe(true);
    expect(call?.authorization).toMatchObject({ mchid: mchId, serial_no: merchantSerialNo });
    expect(call?.body).toEqual({
      appid: appId,
      mchid: mchId,
      description: '年度会员 · 知社',
      out_trade_no: 'ord_1',
      notify_url: order.notifyUrl,
      time_expire: '2026-06-01T20:15:00+08:00',
      amount: { total: 8800, currency: 'CNY' },
    });
  });

  it('refuses other currencies without calling WeChat Pay', async () => {
    await expect(provider.createPayment({ ...order, currency: 'HKD' })).rejects.toThrow(/CNY only/);
    expect(api.calls).toHaveLength(0);
  });

  it('reports an API error', async () => {
    api.answers.set('POST /v3/pay/transactions/native', () => ({
      status: 400,
      body: { code: 'PARAM_ERROR', message: '参数错误' },
    }));
    await expect(provider.createPayment(order)).rejects.toThrow(/400 .*PARAM_ERROR/);
  });

  it('refuses a response WeChat Pay did not sign', async () => {
    api.answers.set('POST /v3/pay/transactions/native', () => ({
      body: { code_url: 'weixin://x' },
      unsigned: true,
    }));
    await expect(provider.createPayment(order)).rejects.toThrow(/not genuine: missing/);
  });
});

describe('refund', () => {
  it('refunds with our refund id as out_refund_no and the paid total', async () => {
    api.answers.set('POST /v3/refund/domestic/refunds', () => ({
      body: { refund_id: '50000000382019052709732678859', out_refund_no: 'rf_42', status: 'PROCESSING' },
    }));
    const result = await provider.refund({
      orderId: 'ord_1',
      providerRef: 'ord_1',
      refundId: 'rf_42',
      amountMinor: 3000,
      paidMinor: 8800,
      currency: 'CNY',
      reason: '用户申请',
    });
    expect(result).toEqual({ refundRef: 'rf_42', state: 'pending' });
    expect(api.calls[0]?.signatureValid).toBe(true);
    expect(api.calls[0]?.body).toEqual({
      out_trade_no: 'ord_1',
      out_refund_no: 'rf_42',
      reason: '用户申请',
      notify_url: 'https://zhishe.example/api/payments/wechatpay/notify',
      amount: { refund: 3000, total: 8800, currency: 'CNY' },
    });
  });

  it('fails on a refund WeChat Pay closed', async () => {
    api.answers.set('POST /v3/refund/domestic/refunds', () => ({ body: { status: 'ABNORMAL' } }));
    await expect(
      provider.refund({
        orderId: 'ord_1',
        providerRef: 'ord_1',
        refundId: 'rf_43',
        amountMinor: 3000,
        paidMinor: 8800,
        currency: 'CNY',
      }),
    ).rejects.toThrow(/ABNORMAL/);
  });
});

describe('queryStatus', () => {
  it.each([
    ['SUCCESS', { state: 'paid', amountMinor: 8800 }],
    ['REFUND', { state: 'paid', amountMinor: 8800 }],
    ['NOTPAY', { state: 'pending' }],
    ['CLOSED', { state: 'closed' }],
  ])('trade_state %s → %o', async (tradeState, expected) => {
    api.answers.set('GET /v3/pay/transactions/out-trade-no/ord_1', () => ({
      body: { out_trade_no: 'ord_1', trade_state: tradeState, amount: { total: 8800, currency: 'CNY' } },
    }));
    expect(await provider.queryStatus({ orderId: 'ord_1', providerRef: 'ord_1' })).toEqual(expected);
    expect(api.calls[0]?.url).toBe(`/v3/pay/transactions/out-trade-no/ord_1?mchid=${mchId}`);
    expect(api.calls[0]?.signatureValid).toBe(true);
  });

  it('is unknown when WeChat Pay does not know the order', async () => {
    expect(await provider.queryStatus({ orderId: 'ord_404', providerRef: 'ord_404' })).toEqual({
      state: 'unknown',
    });
  });
});

/** Encrypts a resource as WeChat Pay does: AES-256-GCM with the API v3 key, tag appended. */
function encrypt(plain: unknown, key = apiV3Key) {
  const nonce = randomBytes(6).toString('hex');
  const associatedData = 'transaction';
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(key), Buffer.from(nonce));
  cipher.setAAD(Buffer.from(associatedData));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(plain)), cipher.final(), cipher.getAuthTag()]);
  return {
    original_type: 'transaction',
    algorithm: 'AEAD_AES_256_GCM',
    ciphertext: sealed.toString('base64'),
    associated_data: associatedData,
    nonce,
  };
}

const transaction = (fields: Record<string, unknown> = {}) => ({
  appid: appId,
  mchid: mchId,
  out_trade_no: 'ord_1',
  transaction_id: '4200000000202606010000000001',
  trade_type: 'NATIVE',
  trade_state: 'SUCCESS',
  success_time: '2026-06-01T20:01:04+08:00',
  payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
  amount: { total: 8800, payer_total: 8000, currency: 'CNY', payer_currency: 'CNY' },
  ...fields,
});

function notification(
  eventType: string,
  resource: unknown,
  options: Parameters<typeof signedHeaders>[1] & { apiKey?: string } = {},
) {
  const body = JSON.stringify({
    id: 'EV-2018022511223320873',
    create_time: '2026-06-01T20:01:05+08:00',
    resource_type: 'encrypt-resource',
    event_type: eventType,
    summary: '支付成功',
    resource: encrypt(resource, options.apiKey),
  });
  return { rawBody: Buffer.from(body), headers: signedHeaders(body, options) };
}

describe('parseNotification', () => {
  it('reads a successful payment', async () => {
    expect(await provider.parseNotification(notification('TRANSACTION.SUCCESS', transaction()))).toEqual({
      kind: 'payment_succeeded',
      eventId: 'EV-2018022511223320873',
      orderId: 'ord_1',
      providerRef: 'ord_1',
      amountMinor: 8800,
      currency: 'CNY',
      paidAt: Date.UTC(2026, 5, 1, 12, 1, 4),
    });
  });

  it('reads a refund with this refund’s amount', async () => {
    const refund = {
      mchid: mchId,
      out_trade_no: 'ord_1',
      transaction_id: '4200000000202606010000000001',
      out_refund_no: 'rf_42',
      refund_id: '50000000382019052709732678859',
      refund_status: 'SUCCESS',
      amount: { total: 8800, refund: 3000, payer_total: 8800, payer_refund: 3000 },
    };
    expect(await provider.parseNotification(notification('REFUND.SUCCESS', refund))).toEqual({
      kind: 'refunded',
      eventId: 'EV-2018022511223320873',
      providerRef: 'ord_1',
      orderId: 'ord_1',
      refundRef: 'rf_42',
      amountMinor: 3000,
      currency: 'CNY',
    });
  });

  it('ignores other event types', async () => {
    expect(await provider.parseNotification(notification('REFUND.CLOSED', { mchid: mchId }))).toEqual({
      kind: 'ignored',
      eventId: 'EV-2018022511223320873',
      reason: 'event_type REFUND.CLOSED',
    });
  });

  it('rejects a tampered body', async () => {
    const genuine = notification('TRANSACTION.SUCCESS', transaction());
    const tampered = Buffer.from(genuine.rawBody.toString().replace('支付成功', '支付失败'));
    await expect(provider.parseNotification({ ...genuine, rawBody: tampered })).rejects.toThrow(
      /bad signature/,
    );
  });

  it('rejects a signature by another key', async () => {
    const forged = notification('TRANSACTION.SUCCESS', transaction(), { key: merchantKeys.privateKey });
    await expect(provider.parseNotification(forged)).rejects.toThrow(NotificationRejected);
  });

  it('rejects another platform serial', async () => {
    const other = notification('TRANSACTION.SUCCESS', transaction(), { serial: 'PUB_KEY_ID_OTHER' });
    await expect(provider.parseNotification(other)).rejects.toThrow(/unknown serial/);
  });

  it('rejects timestamps more than five minutes off, either way', async () => {
    for (const timestamp of [nowSeconds - 301, nowSeconds + 301]) {
      await expect(
        provider.parseNotification(notification('TRANSACTION.SUCCESS', transaction(), { timestamp })),
      ).rejects.toThrow(/5 minutes/);
    }
    await expect(
      provider.parseNotification(
        notification('TRANSACTION.SUCCESS', transaction(), { timestamp: nowSeconds - 299 }),
      ),
    ).resolves.toMatchObject({ kind: 'payment_succeeded' });
  });

  it('rejects a notification without its headers', async () => {
    const { rawBody } = notification('TRANSACTION.SUCCESS', transaction());
    await expect(provider.parseNotification({ rawBody, headers: {} })).rejects.toThrow(/missing/);
  });

  it('rejects a resource sealed with another API v3 key (the GCM tag is checked)', async () => {
    const sealed = notification('TRANSACTION.SUCCESS', transaction(), {
      apiKey: randomBytes(16).toString('hex'),
    });
    await expect(provider.parseNotification(sealed)).rejects.toThrow(/unreadable resource/);
  });

  it('rejects a payment for another merchant', async () => {
    const other = notification('TRANSACTION.SUCCESS', transaction({ mchid: '1900000999' }));
    await expect(provider.parseNotification(other)).rejects.toThrow(/another merchant/);
  });
});

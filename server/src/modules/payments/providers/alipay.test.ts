import { createSign, createVerify, generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../platform/clock.js';
import { AlipayProvider } from './alipay.js';
import { NotificationRejected, type PaymentRequest } from './provider.js';

const appId = '2021000000000001';
const appKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const alipayKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const alipayPublicKey = alipayKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const rsa2 = (text: string) =>
  createSign('RSA-SHA256').update(text, 'utf8').sign(alipayKeys.privateKey, 'base64');

/** Alipay's string-to-sign: every parameter but `sign` (and `sign_type`), sorted, as key=value&…. */
const signContent = (params: Record<string, string>, without: string[]) =>
  Object.keys(params)
    .filter((key) => !without.includes(key))
    .sort()
    .map((key) => `${key}=${params[key]}`)
    .join('&');

interface GatewayCall {
  method: string;
  params: Record<string, string>;
  biz: Record<string, unknown>;
  signatureValid: boolean;
}

/**
 * A local stand-in for openapi.alipay.com/gateway.do: checks the app's RSA2 signature on each
 * request, records it, and answers `{<method>_response: …, sign}` signed with "Alipay's" key.
 */
class FakeGateway {
  readonly calls: GatewayCall[] = [];
  answers = new Map<string, (call: GatewayCall) => Record<string, unknown>>();
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const params = Object.fromEntries([
        ...url.searchParams,
        ...new URLSearchParams(Buffer.concat(chunks).toString()),
      ]) as Record<string, string>;
      const signatureValid = createVerify('RSA-SHA256')
        .update(signContent(params, ['sign']), 'utf8')
        .verify(appKeys.publicKey, params.sign ?? '', 'base64');
      const call = {
        method: params.method ?? '',
        params,
        biz: JSON.parse(params.biz_content ?? '{}'),
        signatureValid,
      };
      this.calls.push(call);
      const answer = this.answers.get(call.method)?.(call) ?? { code: '40004', msg: 'Business Failed' };
      const body = JSON.stringify(answer);
      res.writeHead(200, { 'content-type': 'application/json;charset=utf-8' });
      res.end(`{"${call.method.replaceAll('.', '_')}_response":${body},"sign":"${rsa2(body)}"}`);
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/gateway.do`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

const now = Date.UTC(2026, 5, 1, 12, 0, 0);
const gateway = new FakeGateway();
let gatewayUrl: string;
let provider: AlipayProvider;

beforeAll(async () => {
  gatewayUrl = await gateway.start();
  provider = new AlipayProvider({
    appId,
    privateKey: appKeys.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    alipayPublicKey,
    gateway: gatewayUrl,
    clock: new ManualClock(now),
  });
});
afterAll(() => gateway.stop());
beforeEach(() => {
  gateway.calls.length = 0;
  gateway.answers.clear();
});

const order: PaymentRequest = {
  orderId: 'ord_1',
  description: '年度会员 · 知社',
  amountMinor: 8800,
  currency: 'CNY',
  returnUrl: 'https://zhishe.example/orders/ord_1',
  notifyUrl: 'https://zhishe.example/api/payments/alipay/notify',
  expiresAt: now + 15 * 60_000,
};

describe('createPayment', () => {
  it('pre-creates a QR trade in yuan and returns its code', async () => {
    gateway.answers.set('alipay.trade.precreate', () => ({
      code: '10000',
      msg: 'Success',
      out_trade_no: 'ord_1',
      qr_code: 'https://qr.alipay.com/bax01234',
    }));
    const action = await provider.createPayment(order);
    expect(action).toEqual({ kind: 'qr', payload: 'https://qr.alipay.com/bax01234', providerRef: 'ord_1' });

    const [call] = gateway.calls;
    expect(call?.signatureValid).toBe(true);
    expect(call?.params).toMatchObject({
      app_id: appId,
      sign_type: 'RSA2',
      notify_url: order.notifyUrl,
    });
    expect(call?.biz).toEqual({
      out_trade_no: 'ord_1',
      total_amount: '88.00',
      subject: '年度会员 · 知社',
      timeout_express: '15m',
      time_expire: '2026-06-01 20:15:00',
    });
  });

  it('sends one fen as 0.01', async () => {
    gateway.answers.set('alipay.trade.precreate', () => ({ code: '10000', msg: 'Success', qr_code: 'x' }));
    await provider.createPayment({ ...order, amountMinor: 1 });
    expect(gateway.calls[0]?.biz.total_amount).toBe('0.01');
  });

  it('refuses other currencies without calling Alipay', async () => {
    await expect(provider.createPayment({ ...order, currency: 'USD' })).rejects.toThrow(/CNY only/);
    expect(gateway.calls).toHaveLength(0);
  });

  it('reports a business failure with Alipay’s codes', async () => {
    gateway.answers.set('alipay.trade.precreate', () => ({
      code: '40004',
      msg: 'Business Failed',
      sub_code: 'ACQ.TRADE_HAS_SUCCESS',
      sub_msg: '交易已被支付',
    }));
    await expect(provider.createPayment(order)).rejects.toThrow(/ACQ.TRADE_HAS_SUCCESS/);
  });

  it('rejects a response not signed by Alipay', async () => {
    const forger = new AlipayProvider({
      appId,
      privateKey: appKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      // Verifying with the app's own key stands in for a response from someone else.
      alipayPublicKey: appKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      gateway: gatewayUrl,
    });
    gateway.answers.set('alipay.trade.precreate', () => ({ code: '10000', msg: 'Success', qr_code: 'x' }));
    await expect(forger.createPayment(order)).rejects.toThrow(/验签失败/);
    // A PKCS#8 app key signs as well as a PKCS#1 one.
    expect(gateway.calls[0]?.signatureValid).toBe(true);
  });
});

describe('refund', () => {
  it('refunds with our refund id as out_request_no', async () => {
    gateway.answers.set('alipay.trade.refund', () => ({
      code: '10000',
      msg: 'Success',
      out_trade_no: 'ord_1',
      refund_fee: '30.00',
      fund_change: 'Y',
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
    expect(result).toEqual({ refundRef: 'rf_42', state: 'succeeded' });
    expect(gateway.calls[0]?.biz).toEqual({
      out_trade_no: 'ord_1',
      refund_amount: '30.00',
      out_request_no: 'rf_42',
      refund_reason: '用户申请',
    });
  });

  it('is pending when no money moved', async () => {
    gateway.answers.set('alipay.trade.refund', () => ({ code: '10000', msg: 'Success', fund_change: 'N' }));
    const result = await provider.refund({
      orderId: 'ord_1',
      providerRef: 'ord_1',
      refundId: 'rf_42',
      amountMinor: 3000,
      paidMinor: 8800,
      currency: 'CNY',
    });
    expect(result.state).toBe('pending');
  });
});

describe('queryStatus', () => {
  it.each([
    [
      { code: '10000', msg: 'Success', trade_status: 'TRADE_SUCCESS', total_amount: '88.00' },
      { state: 'paid', amountMinor: 8800 },
    ],
    [
      { code: '10000', msg: 'Success', trade_status: 'WAIT_BUYER_PAY', total_amount: '88.00' },
      { state: 'pending' },
    ],
    [
      { code: '10000', msg: 'Success', trade_status: 'TRADE_CLOSED', total_amount: '88.00' },
      { state: 'closed' },
    ],
    [{ code: '40004', msg: 'Business Failed', sub_code: 'ACQ.TRADE_NOT_EXIST' }, { state: 'pending' }],
    [{ code: '40004', msg: 'Business Failed', sub_code: 'ACQ.SYSTEM_ERROR' }, { state: 'unknown' }],
  ])('%o → %o', async (answer, expected) => {
    gateway.answers.set('alipay.trade.query', () => answer);
    expect(await provider.queryStatus({ orderId: 'ord_1', providerRef: 'ord_1' })).toEqual(expected);
    expect(gateway.calls[0]?.biz).toEqual({ out_trade_no: 'ord_1' });
  });
});

/** A notification as Alipay posts it: form-encoded, RSA2-signed over the sorted parameters. */
function notification(fields: Record<string, string>, sign = rsa2) {
  const params: Record<string, string> = {
    notify_time: '2026-06-01 20:01:05',
    notify_type: 'trade_status_sync',
    notify_id: 'ac05099524730693a8b330c5ecf72da9786',
    app_id: appId,
    charset: 'utf-8',
    version: '1.0',
    sign_type: 'RSA2',
    trade_no: '2026060122001400000000000001',
    out_trade_no: 'ord_1',
    trade_status: 'TRADE_SUCCESS',
    total_amount: '88.00',
    receipt_amount: '88.00',
    gmt_create: '2026-06-01 20:00:30',
    gmt_payment: '2026-06-01 20:01:04',
    subject: '年度会员 · 知社',
    ...fields,
  };
  params.sign = sign(signContent(params, ['sign', 'sign_type']));
  return { rawBody: Buffer.from(new URLSearchParams(params).toString()), headers: {} };
}

describe('parseNotification', () => {
  it('reads a successful payment, amount exact in fen', async () => {
    expect(await provider.parseNotification(notification({}))).toEqual({
      kind: 'payment_succeeded',
      eventId: 'ac05099524730693a8b330c5ecf72da9786',
      orderId: 'ord_1',
      providerRef: 'ord_1',
      amountMinor: 8800,
      currency: 'CNY',
      paidAt: Date.UTC(2026, 5, 1, 12, 1, 4),
    });
  });

  it.each([
    ['0.01', 1],
    ['0.29', 29],
    ['1234567.89', 123456789],
    ['19.9', 1990],
  ])('reads total_amount %s as %i fen', async (total, fen) => {
    const event = await provider.parseNotification(
      notification({ total_amount: total, trade_status: 'TRADE_FINISHED' }),
    );
    expect(event).toMatchObject({ kind: 'payment_succeeded', amountMinor: fen });
  });

  it('rejects an amount it cannot read exactly', async () => {
    await expect(provider.parseNotification(notification({ total_amount: '88.001' }))).rejects.toThrow(
      NotificationRejected,
    );
  });

  it('reads a refund with this refund’s own amount, not the running total', async () => {
    gateway.answers.set('alipay.trade.fastpay.refund.query', () => ({
      code: '10000',
      msg: 'Success',
      out_trade_no: 'ord_1',
      out_request_no: 'rf_42',
      refund_amount: '20.00',
      refund_status: 'REFUND_SUCCESS',
    }));
    const refund = notification({
      notify_id: 'n_refund',
      refund_fee: '50.00',
      gmt_refund: '2026-06-02 10:00:00.123',
      out_biz_no: 'rf_42',
    });
    expect(await provider.parseNotification(refund)).toEqual({
      kind: 'refunded',
      eventId: 'n_refund',
      providerRef: 'ord_1',
      orderId: 'ord_1',
      refundRef: 'rf_42',
      amountMinor: 2000,
      currency: 'CNY',
    });
    expect(gateway.calls[0]?.biz).toEqual({ out_trade_no: 'ord_1', out_request_no: 'rf_42' });
  });

  it('ignores other trade states', async () => {
    expect(await provider.parseNotification(notification({ trade_status: 'WAIT_BUYER_PAY' }))).toEqual({
      kind: 'ignored',
      eventId: 'ac05099524730693a8b330c5ecf72da9786',
      reason: 'trade_status WAIT_BUYER_PAY',
    });
  });

  it('verifies values that contain % and + as sent', async () => {
    const event = await provider.parseNotification(
      notification({ subject: '100% 满意 + 包邮', body: 'a=b&c' }),
    );
    expect(event.kind).toBe('payment_succeeded');
  });

  it('rejects a tampered body', async () => {
    const { rawBody } = notification({});
    const tampered = Buffer.from(rawBody.toString().replace('total_amount=88.00', 'total_amount=0.01'));
    await expect(provider.parseNotification({ rawBody: tampered, headers: {} })).rejects.toThrow(
      NotificationRejected,
    );
  });

  it('rejects a signature by another key', async () => {
    const forged = (text: string) => createSign('RSA-SHA256').update(text).sign(appKeys.privateKey, 'base64');
    await expect(provider.parseNotification(notification({}, forged))).rejects.toThrow(/bad signature/);
  });

  it('rejects an unsigned notification and a weaker sign_type', async () => {
    const unsigned = Buffer.from(new URLSearchParams({ notify_id: 'n', app_id: appId }).toString());
    await expect(provider.parseNotification({ rawBody: unsigned, headers: {} })).rejects.toThrow(/no sign/);
    await expect(provider.parseNotification(notification({ sign_type: 'RSA' }))).rejects.toThrow(/RSA2/);
  });

  it('rejects a genuine notification for another app', async () => {
    await expect(provider.parseNotification(notification({ app_id: '2021000000000999' }))).rejects.toThrow(
      /another app/,
    );
  });
});

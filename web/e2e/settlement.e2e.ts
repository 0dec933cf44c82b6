/**
 * A community with its own Alipay keys: a payment goes straight into the creator's account, so the
 * creator owes the platform its fee. The creator's revenue page and the operator's Payouts page say
 * so, and the operator records the fees once paid. The community's keys point at a fake Alipay
 * gateway run here; the notification is signed here with the "Alipay" key pair.
 */
import { createSign, generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney as formatPrice } from '../src/features/communities/money';
import { formatMoney } from '../src/features/studio/money';
import en from '../src/i18n/en.json';
import zhCN from '../src/i18n/zh-CN.json';
import {
  type Account,
  apiSession,
  browserAvailable,
  field,
  fill,
  launchBrowser,
  logIn,
  type RunningBrowser,
  type RunningServer,
  screenshot,
  setLanguage,
  setUpOperator,
  skipRestAfterFailure,
  startServer,
  visible,
  WAIT,
} from './harness';

const JOURNEYS = [
  { locale: 'zh-CN', language: 'zh-CN', ui: zhCN },
  { locale: 'en-US', language: 'en', ui: en },
] as const;

const operator: Account = {
  email: 'ops@example.com',
  name: '运营 Olga',
  password: 'Quiet-Harbor-Lantern-42',
};
const creator: Account = {
  email: 'creator@example.com',
  name: '老陈 Chen',
  password: 'Amber-Willow-Harbor-71',
};
const buyer: Account = { email: 'buyer@example.com', name: 'Bob 学员', password: 'Maple-Orbit-Violet-93' };
const site = { slug: 'own-account-club', name: '自有商户 Own Account Club', priceMinor: 19_900 };
/** PLATFORM_FEE_PERCENT=5 of 199.00. */
const FEE = 995;

// ── the community's Alipay account ───────────────────────────────────────

const appId = '2021000000000088';
const pem = {
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
} as const;
const appKeys = generateKeyPairSync('rsa', { modulusLength: 2048, ...pem });
const alipayKeys = generateKeyPairSync('rsa', { modulusLength: 2048, ...pem });
const sign = (text: string) =>
  createSign('RSA-SHA256').update(text, 'utf8').sign(alipayKeys.privateKey, 'base64');

const gateway: Server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const params = Object.fromEntries([
      ...new URL(req.url ?? '/', 'http://fake').searchParams,
      ...new URLSearchParams(Buffer.concat(chunks).toString()),
    ]);
    const biz = JSON.parse(params.biz_content ?? '{}') as Record<string, string>;
    const method = params.method ?? '';
    const answer =
      method === 'alipay.trade.precreate'
        ? { code: '10000', msg: 'Success', out_trade_no: biz.out_trade_no, qr_code: 'https://qr/x' }
        : { code: '40004', msg: 'Business Failed' };
    const text = JSON.stringify(answer);
    res.writeHead(200, { 'content-type': 'application/json;charset=utf-8' });
    res.end(`{"${method.replaceAll('.', '_')}_response":${text},"sign":"${sign(text)}"}`);
  });
});

function paidNotification(orderId: string, amount: number): string {
  const params: Record<string, string> = {
    notify_time: '2026-08-01 12:01:05',
    notify_type: 'trade_status_sync',
    notify_id: `notify_${orderId}`,
    app_id: appId,
    charset: 'utf-8',
    version: '1.0',
    sign_type: 'RSA2',
    trade_no: `2026${Date.now()}`,
    out_trade_no: orderId,
    trade_status: 'TRADE_SUCCESS',
    total_amount: (amount / 100).toFixed(2),
    gmt_payment: '2026-08-01 12:01:04',
  };
  const content = Object.keys(params)
    .filter((k) => k !== 'sign' && k !== 'sign_type')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
  params.sign = sign(content);
  return new URLSearchParams(params).toString();
}

/** The creator's community takes Alipay into its own account; one buyer pays there. */
async function paidIntoOwnAccount(baseUrl: string, gatewayUrl: string): Promise<void> {
  const owner = await apiSession(baseUrl, creator, { register: true });
  let communityId = '';
  let planId = '';
  try {
    ({
      community: { id: communityId },
    } = await owner.post<{ community: { id: string } }>('/api/communities', {
      slug: site.slug,
      name: site.name,
      description: 'Paid into our own account.',
    }));
    ({
      plan: { id: planId },
    } = await owner.post<{ plan: { id: string } }>(`/api/communities/${communityId}/plans`, {
      kind: 'fixed_term',
      name: 'Annual',
      priceMinor: site.priceMinor,
      currency: 'CNY',
      termDays: 365,
    }));
  } finally {
    await owner.close();
  }
  const ops = await apiSession(baseUrl, operator);
  try {
    const saved = await ops.context.put(`/api/admin/communities/${communityId}/payment-providers/alipay`, {
      data: {
        appId,
        privateKey: appKeys.privateKey,
        alipayPublicKey: alipayKeys.publicKey,
        gateway: gatewayUrl,
      },
    });
    expect(saved.ok(), await saved.text()).toBe(true);
  } finally {
    await ops.close();
  }
  const paying = await apiSession(baseUrl, buyer, { register: true });
  try {
    const order = await paying.post<{ id: string; settlement: string }>('/api/orders', {
      planId,
      provider: 'alipay',
    });
    expect(order.settlement).toBe('community');
    const notified = await fetch(`${baseUrl}/api/webhooks/alipay/${communityId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: paidNotification(order.id, site.priceMinor),
    });
    expect(await notified.text()).toBe('success');
    // The notification is applied before it is acknowledged.
    expect((await paying.get<{ state: string }>(`/api/orders/${order.id}`)).state).toBe('paid');
  } finally {
    await paying.close();
  }
}

const hasBrowser = browserAvailable();
let gatewayUrl = '';

beforeAll(async () => {
  if (!hasBrowser) return;
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/gateway.do`;
});
afterAll(async () => {
  if (!gateway.listening) return;
  gateway.closeAllConnections();
  await new Promise((resolve) => gateway.close(resolve));
});

describe.skipIf(!hasBrowser).each(JOURNEYS)(
  "payments into a community's own account, in a $locale browser",
  ({ locale, language, ui }) => {
    let server: RunningServer;
    let browser: RunningBrowser;
    let page: Page;
    let stepNo = 0;
    /** As the Payouts page writes amounts; the revenue page writes them as prices. */
    const money = (minor: number) => formatMoney(minor, 'CNY', language);
    const price = (minor: number) => formatPrice(minor, 'CNY', language);
    const shot = (step: string) =>
      screenshot(page, locale, `settlement-${String(++stepNo).padStart(2, '0')}-${step}`);

    beforeAll(async () => {
      server = await startServer({ PLATFORM_FEE_PERCENT: '5' });
      await setUpOperator(server.baseUrl, operator);
      await paidIntoOwnAccount(server.baseUrl, gatewayUrl);
      await setLanguage(server.baseUrl, [operator, creator], language);
      browser = await launchBrowser(locale);
      page = browser.page;
    });
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    skipRestAfterFailure(() => (page ? shot('FAILED') : undefined));

    it('shows the creator that they owe the platform its fee', async () => {
      await logIn(page, ui, server.baseUrl, creator);
      await page.goto(`${server.baseUrl}/studio/c/${site.slug}/revenue`);
      await visible(page, 'heading', ui.studio.payments.revenue.title);
      const row = page.getByTestId('revenue-row').first();
      await expect
        .poll(() => row.getByTestId('revenue-balanceMinor').textContent(), WAIT)
        .toBe(fill(ui.studio.payments.revenue.owesFees, { amount: price(FEE) }));
      expect(await row.getByTestId('revenue-grossMinor').textContent()).toBe(price(site.priceMinor));
      expect(await row.getByTestId('revenue-feesMinor').textContent()).toBe(price(FEE));
      await page.getByText(ui.studio.payments.revenue.owesFeesHint).waitFor({ state: 'visible', ...WAIT });
      await shot('creator-owes');
      await page.context().clearCookies();
    });

    it('lets the operator record the fees collected, after which nothing is owed', async () => {
      await logIn(page, ui, server.baseUrl, operator);
      await page.goto(`${server.baseUrl}/admin/payouts`);
      await visible(page, 'heading', ui.admin.payouts.title);
      const row = page.locator(`tr[data-community="${site.slug}"]`);
      await expect
        .poll(() => row.getByTestId('balance').textContent(), WAIT)
        .toBe(fill(ui.admin.payouts.owesFees, { amount: money(FEE) }));
      await row.getByRole('button', { name: ui.admin.payouts.open }).click();
      await visible(page, 'heading', fill(ui.admin.payouts.forCommunity, { name: site.name }));
      // Nothing to pay out: only the fees form.
      expect(await page.getByRole('button', { name: ui.admin.payouts.record }).count()).toBe(0);
      await page.getByText(ui.admin.payouts.owesFeesHint).waitFor({ state: 'visible', ...WAIT });
      await shot('operator-owes');

      // More than is owed is refused.
      await field(page, ui.admin.payouts.feesAmount).fill('10');
      await field(page, ui.admin.payouts.reference).fill('FEES-2026-001');
      await page.getByRole('button', { name: ui.admin.payouts.recordFees }).click();
      await page.getByRole('alert').filter({ hasText: ui.errors.fees_collected_exceed_owed }).waitFor(WAIT);

      await field(page, ui.admin.payouts.feesAmount).fill('9.95');
      await page.getByRole('button', { name: ui.admin.payouts.recordFees }).click();
      // Settled: the community leaves the list; its history stays open.
      await row.waitFor({ state: 'detached', ...WAIT });
      await page.getByText(ui.admin.payouts.settled).waitFor({ state: 'visible', ...WAIT });
      const history = page.getByRole('table', { name: ui.admin.payouts.history });
      await history.getByText(ui.admin.payouts.kindFees).waitFor({ state: 'visible', ...WAIT });
      expect(await history.getByText(money(FEE)).count()).toBe(1);
      await shot('fees-collected');
    });
  },
);

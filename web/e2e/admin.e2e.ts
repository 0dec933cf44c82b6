import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../src/features/studio/money';
import {
  type Account,
  apiSession,
  browserAvailable,
  field,
  fill,
  JOURNEYS,
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
const site = {
  slug: 'rust-club',
  name: 'Rust 学习社 Rust Club',
  plan: '年度会员 Annual',
  priceMinor: 19_900,
};
const stripeKeys = {
  secretKey: 'sk_test_e2eNeverShownAgain0123456789',
  webhookSecret: 'whsec_e2eNeverShownAgain987',
};

/** A community with a paid plan, bought once through the test provider: its creator is owed the price. */
async function communityWithBalance(baseUrl: string): Promise<void> {
  const owner = await apiSession(baseUrl, creator, { register: true });
  let planId = '';
  try {
    const { community } = await owner.post<{ community: { id: string } }>('/api/communities', {
      slug: site.slug,
      name: site.name,
      description: 'Learn Rust together.',
    });
    ({
      plan: { id: planId },
    } = await owner.post<{ plan: { id: string } }>(`/api/communities/${community.id}/plans`, {
      kind: 'fixed_term',
      name: site.plan,
      priceMinor: site.priceMinor,
      currency: 'CNY',
      termDays: 365,
    }));
  } finally {
    await owner.close();
  }
  const paying = await apiSession(baseUrl, buyer, { register: true });
  try {
    const order = await paying.post<{ id: string }>('/api/orders', { planId, provider: 'test' });
    await paying.post(`/api/orders/${order.id}/test-payment`, { outcome: 'succeed' });
  } finally {
    await paying.close();
  }
}

/** An input by its label inside one part of the page (one provider's card). */
const labelled = (scope: Locator, label: string) =>
  scope.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s*\\*)?$`));

const hasBrowser = browserAvailable();

describe.skipIf(!hasBrowser).each(JOURNEYS)(
  'the operator area in a $locale browser',
  ({ locale, language, ui }) => {
    let server: RunningServer;
    let browser: RunningBrowser;
    let page: Page;
    let stepNo = 0;
    const money = (minor: number) => formatMoney(minor, 'CNY', language);
    const shot = (step: string) =>
      screenshot(page, locale, `admin-${String(++stepNo).padStart(2, '0')}-${step}`);

    beforeAll(async () => {
      server = await startServer();
      await setUpOperator(server.baseUrl, operator);
      await communityWithBalance(server.baseUrl);
      await setLanguage(server.baseUrl, [operator, creator], language);
      browser = await launchBrowser(locale);
      page = browser.page;
    });

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    skipRestAfterFailure(() => (page ? shot('FAILED') : undefined));

    it('keeps the area from anyone but the operator', async () => {
      await logIn(page, ui, server.baseUrl, creator);
      expect(await page.getByRole('link', { name: ui.admin.nav }).count()).toBe(0);
      await page.goto(`${server.baseUrl}/admin/payments`);
      await page.getByText(ui.admin.forbidden).waitFor({ state: 'visible', ...WAIT });
      await page.context().clearCookies();
    });

    it('saves Stripe keys and shows that they are set, never the keys', async () => {
      await logIn(page, ui, server.baseUrl, operator);
      await page.getByRole('link', { name: ui.admin.nav }).first().click();
      await visible(page, 'heading', ui.admin.title);
      await page.getByRole('link', { name: new RegExp(ui.admin.payments.title) }).click();
      await visible(page, 'heading', ui.admin.payments.title);
      const stripe = page.locator('[data-provider="stripe"]');
      await stripe.getByText(ui.admin.keys.notSaved).waitFor({ state: 'visible', ...WAIT });
      await expect
        .poll(() => page.getByTestId('test-provider').textContent(), WAIT)
        .toBe(ui.admin.payments.testOn);

      // A key that cannot work is refused, next to its field.
      await labelled(stripe, ui.admin.keys.fields.secretKey).fill('pk_test_publishable');
      await labelled(stripe, ui.admin.keys.fields.webhookSecret).fill(stripeKeys.webhookSecret);
      await stripe.getByRole('button', { name: ui.admin.keys.save }).click();
      await stripe.getByText(ui.admin.keys.fixFields).waitFor({ state: 'visible', ...WAIT });
      await shot('bad-key');

      await labelled(stripe, ui.admin.keys.fields.secretKey).fill(stripeKeys.secretKey);
      await stripe.getByRole('button', { name: ui.admin.keys.save }).click();
      await stripe.getByText(ui.admin.keys.savedNotice).waitFor({ state: 'visible', ...WAIT });
      await stripe.getByText(ui.admin.keys.saved, { exact: true }).waitFor({ state: 'visible', ...WAIT });
      await stripe
        .getByText(fill(ui.admin.keys.setWithHint, { hint: 'test' }))
        .waitFor({ state: 'visible', ...WAIT });
      await stripe.getByText(fill(ui.admin.keys.inUse, { origin: ui.admin.keys.origin.site })).waitFor(WAIT);
      expect(await labelled(stripe, ui.admin.keys.fields.secretKey).inputValue()).toBe('');
      await shot('stripe-saved');

      // After a reload, still only "set": the page never holds the keys.
      await page.reload();
      await stripe.getByText(ui.admin.keys.saved, { exact: true }).waitFor({ state: 'visible', ...WAIT });
      const html = await page.content();
      expect(html).not.toContain(stripeKeys.secretKey);
      expect(html).not.toContain(stripeKeys.webhookSecret);
    });

    it('records a payout for a community with a balance, and the balance goes down', async () => {
      await page.getByRole('tab', { name: ui.admin.payouts.title }).click();
      await visible(page, 'heading', ui.admin.payouts.title);
      const row = page.locator(`tr[data-community="${site.slug}"]`);
      await expect.poll(() => row.getByTestId('balance').textContent(), WAIT).toBe(money(site.priceMinor));
      await row.getByRole('button', { name: ui.admin.payouts.open }).click();
      await visible(page, 'heading', fill(ui.admin.payouts.forCommunity, { name: site.name }));
      await page.getByText(ui.admin.payouts.noHistory).waitFor({ state: 'visible', ...WAIT });

      await field(page, ui.admin.payouts.amount).fill('50');
      await field(page, ui.admin.payouts.reference).fill('BANK-2026-001');
      await field(page, ui.admin.payouts.note).fill('十一月结算 November');
      await page.getByRole('button', { name: ui.admin.payouts.record }).click();
      await page.getByText(ui.admin.payouts.recorded).waitFor({ state: 'visible', ...WAIT });
      await expect
        .poll(() => row.getByTestId('balance').textContent(), WAIT)
        .toBe(money(site.priceMinor - 5_000));
      const history = page.getByRole('table', { name: ui.admin.payouts.history });
      await history.getByText('BANK-2026-001').waitFor({ state: 'visible', ...WAIT });
      await history.getByText(money(5_000)).waitFor({ state: 'visible', ...WAIT });

      // More than is owed is refused, and nothing changes.
      await field(page, ui.admin.payouts.amount).fill('1000');
      await field(page, ui.admin.payouts.reference).fill('BANK-2026-002');
      await page.getByRole('button', { name: ui.admin.payouts.record }).click();
      await page.getByRole('alert').filter({ hasText: ui.errors.payout_exceeds_balance }).waitFor(WAIT);
      expect(await row.getByTestId('balance').textContent()).toBe(money(site.priceMinor - 5_000));
      await shot('payout-recorded');
    });
  },
);

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../src/features/communities/money';
import en from '../src/i18n/en.json';
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
  setUpOperator,
  skipRestAfterFailure,
  startServer,
  visible,
  WAIT,
} from './harness';

const ui = en;
const locale = 'en-US';
const money = (minor: number) => formatMoney(minor, 'CNY', 'en');

const operator: Account = { email: 'op@example.com', name: 'Operator', password: 'Quiet-Harbor-Lantern-42' };
const creator: Account = { email: 'creator@example.com', name: 'Chen', password: 'Amber-Willow-Harbor-71' };
const referrer: Account = {
  email: 'ref@example.com',
  name: 'Rita Referrer',
  password: 'Maple-Orbit-Violet-93',
};
const buyer: Account = { email: 'buyer@example.com', name: 'Bob Buyer', password: 'Cobalt-River-Tiger-58' };
const recipient: Account = {
  email: 'friend@example.com',
  name: 'Fay Friend',
  password: 'Silver-Pine-Rocket-64',
};

const site = {
  slug: 'go-club',
  name: 'Go Club',
  freePlan: 'Starter',
  paidPlan: 'Annual',
  priceMinor: 19_900,
};
/** 10 % of the annual plan. */
const commissionMinor = 1_990;

async function signUp(page: Page, account: Account) {
  await visible(page, 'heading', ui.register.title);
  await field(page, ui.fields.email).fill(account.email);
  await field(page, ui.fields.displayName).fill(account.name);
  await field(page, ui.fields.password).fill(account.password);
  await page.getByRole('button', { name: ui.register.submit }).click();
  await page.waitForURL((url) => url.pathname !== '/register', WAIT);
}

/** From the checkout page: pay with the test provider and land on the order page. */
async function payWithTestProvider(page: Page) {
  await page.getByRole('radio', { name: ui.payments.provider.test }).check();
  await page.getByRole('button', { name: ui.payments.checkout.pay }).click();
  await page.waitForURL('**/pay/test/**', WAIT);
  await page.getByRole('button', { name: ui.payments.testProvider.pay, exact: true }).click();
  await page.waitForURL('**/orders/**', WAIT);
}

const hasBrowser = browserAvailable();

describe.skipIf(!hasBrowser)('referral links and gifts in a browser', () => {
  let server: RunningServer;
  let browsers: RunningBrowser[] = [];
  let paidPlanId = '';
  let referralUrl = '';
  let giftUrl = '';
  let stepNo = 0;
  let current: Page | null = null;
  const shot = (page: Page, step: string) =>
    screenshot(page, locale, `gifts-referrals-${String(++stepNo).padStart(2, '0')}-${step}`);
  const browser = async () => {
    const launched = await launchBrowser(locale);
    browsers.push(launched);
    current = launched.page;
    return launched.page;
  };

  beforeAll(async () => {
    server = await startServer();
    await setUpOperator(server.baseUrl, operator);
    const api = await apiSession(server.baseUrl, creator, { register: true });
    try {
      const { community } = await api.post<{ community: { id: string } }>('/api/communities', {
        slug: site.slug,
        name: site.name,
        description: 'Learn Go together.',
      });
      const { plan: free } = await api.post<{ plan: { id: string } }>(
        `/api/communities/${community.id}/plans`,
        {
          kind: 'free',
          name: site.freePlan,
          priceMinor: 0,
          currency: 'CNY',
        },
      );
      const { plan: paid } = await api.post<{ plan: { id: string } }>(
        `/api/communities/${community.id}/plans`,
        {
          kind: 'fixed_term',
          name: site.paidPlan,
          priceMinor: site.priceMinor,
          currency: 'CNY',
          termDays: 365,
        },
      );
      paidPlanId = paid.id;
      // The referrer is a member on the free plan.
      const member = await apiSession(server.baseUrl, referrer, { register: true });
      await member.post(`/api/communities/${community.id}/join`, { planId: free.id });
      await member.close();
    } finally {
      await api.close();
    }
  });

  afterAll(async () => {
    for (const b of browsers) await b.close();
    browsers = [];
    await server?.stop();
  });

  skipRestAfterFailure(() => (current ? shot(current, 'FAILED') : undefined));

  it('the owner turns referrals on for the annual plan in the studio', async () => {
    const page = await browser();
    await logIn(page, ui, server.baseUrl, creator);
    await page.goto(`${server.baseUrl}/studio/c/${site.slug}/plans`);
    await visible(page, 'heading', ui.referrals.studio.title);
    await page
      .getByRole('switch', { name: fill(ui.referrals.studio.enabledNamed, { name: site.paidPlan }) })
      .check();
    await page
      .getByRole('textbox', { name: fill(ui.referrals.studio.percentNamed, { name: site.paidPlan }) })
      .fill('10');
    const save = page.getByRole('button', {
      name: fill(ui.referrals.studio.saveNamed, { name: site.paidPlan }),
    });
    await save.click();
    // Saved: the row shows the stored values and has nothing left to save.
    await expect.poll(() => save.isDisabled(), WAIT).toBe(true);
    await shot(page, 'studio-referrals');
  });

  it('a member finds the referral link on the community home', async () => {
    const page = await browser();
    await logIn(page, ui, server.baseUrl, referrer);
    await page.goto(`${server.baseUrl}/c/${site.slug}/home`);
    await visible(page, 'heading', ui.referrals.card.title);
    const link = page.getByTestId('referral-link');
    await expect
      .poll(() => link.inputValue(), WAIT)
      .toMatch(new RegExp(`/c/${site.slug}\\?ref=[A-Za-z0-9]+$`));
    referralUrl = await link.inputValue();
    await shot(page, 'invite-and-earn');
  });

  it('a visitor follows the link, signs up and buys through the test provider', async () => {
    const page = await browser();
    await page.goto(referralUrl);
    await visible(page, 'heading', ui.community.plansTitle);
    // The click is recorded in the background before the visitor moves on.
    await page.waitForLoadState('networkidle');
    await page.goto(`${server.baseUrl}/register?next=${encodeURIComponent(`/checkout/${paidPlanId}`)}`);
    await signUp(page, buyer);
    await visible(page, 'heading', ui.payments.checkout.title);
    await expect.poll(() => page.getByTestId('price-total').textContent(), WAIT).toBe(money(site.priceMinor));
    await payWithTestProvider(page);
    await page.getByText(ui.payments.order.inTitle).waitFor({ state: 'visible', ...WAIT });
  });

  it("the referrer's page shows the pending commission", async () => {
    const page = browsers[1]?.page;
    if (!page) throw new Error('no referrer browser');
    current = page;
    await page.goto(`${server.baseUrl}/me/referrals`);
    await visible(page, 'heading', ui.referrals.mine.title);
    await expect
      .poll(() => page.getByTestId('referral-pending').textContent(), WAIT)
      .toBe(money(commissionMinor));
    expect(await page.getByTestId('referral-payable').textContent()).toBe(money(0));
    expect(await page.getByTestId('referral-orders').textContent()).toBe('1');
    await page
      .getByTestId('referral-item')
      .filter({ hasText: ui.referrals.state.pending })
      .waitFor({ state: 'visible', ...WAIT });
    await shot(page, 'my-referrals');
  });

  it('the buyer buys the plan again as a gift and gets a link', async () => {
    const page = browsers[2]?.page;
    if (!page) throw new Error('no buyer browser');
    current = page;
    await page.goto(`${server.baseUrl}/checkout/${paidPlanId}`);
    await visible(page, 'heading', ui.payments.checkout.title);
    await page.getByRole('checkbox', { name: ui.gifts.checkout.asGift }).check();
    await field(page, ui.gifts.checkout.recipientEmail).fill(recipient.email);
    await payWithTestProvider(page);
    await page.getByText(ui.gifts.order.readyTitle).waitFor({ state: 'visible', ...WAIT });
    giftUrl = await page.getByTestId('gift-link').inputValue();
    expect(giftUrl).toMatch(new RegExp(`^${server.baseUrl}/gift/[A-Za-z0-9_-]+$`));
    await shot(page, 'gift-order');
  });

  it('the recipient opens the link in another browser, signs up and redeems it', async () => {
    const page = await browser();
    await page.goto(giftUrl);
    await visible(page, 'heading', ui.gifts.redeem.title);
    await page
      .getByTestId('gift-community')
      .getByText(site.name)
      .waitFor({ state: 'visible', ...WAIT });
    await page.getByRole('main').getByRole('link', { name: ui.gifts.redeem.signUp }).click();
    await signUp(page, recipient);
    await page.waitForURL('**/gift/**', WAIT);
    await page.getByRole('button', { name: ui.gifts.redeem.button }).click();
    await page.getByText(ui.gifts.redeem.doneTitle).waitFor({ state: 'visible', ...WAIT });
    await shot(page, 'gift-redeemed');
    await page.getByRole('link', { name: ui.gifts.redeem.enter }).click();
    await visible(page, 'heading', fill(ui.community.home.welcomeTitle, { name: site.name }));
    const isMember = await page.evaluate(
      async (slug) => (await (await fetch(`/api/communities/${slug}`)).json()).viewer.isMember,
      site.slug,
    );
    expect(isMember).toBe(true);
  });

  it("the buyer's order shows the gift as redeemed", async () => {
    const page = browsers[2]?.page;
    if (!page) throw new Error('no buyer browser');
    current = page;
    await page.reload();
    await page.getByText(ui.gifts.order.redeemedTitle).waitFor({ state: 'visible', ...WAIT });
  });
});

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../src/features/communities/money';
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
  type Strings,
  screenshot,
  setUpOperator,
  skipRestAfterFailure,
  startServer,
  visible,
  WAIT,
} from './harness';

const operator: Account = {
  email: 'owner@example.com',
  name: '站长 Alice',
  password: 'Quiet-Harbor-Lantern-42',
};
const creator: Account = {
  email: 'creator@example.com',
  name: '老陈 Chen',
  password: 'Amber-Willow-Harbor-71',
};
const buyer: Account = { email: 'buyer@example.com', name: 'Bob 学员', password: 'Maple-Orbit-Violet-93' };

const site = {
  slug: 'go-club',
  name: 'Go 学习社 Go Club',
  freePlan: '免费体验 Starter',
  paidPlan: '年度会员 Annual',
  priceMinor: 19_900,
  coupon: 'SPRING20',
  couponPercent: 20,
  course: 'Go 入门 Go Basics',
  freeLesson: '第一课 Goroutines',
  paidLesson: '第二课 Channels',
  paidBody: 'Channels connect concurrent goroutines',
};
const discountedMinor = site.priceMinor - (site.priceMinor * site.couponPercent) / 100;
/** What the buyer pays: see the note in the payment step. */
const paidMinor = discountedMinor;

/** The creator's side, through the API: a community with a free and an annual paid plan, one course. */
async function createCommunity(baseUrl: string): Promise<{ paidLessonId: string }> {
  const api = await apiSession(baseUrl, creator, { register: true });
  try {
    const { community } = await api.post<{ community: { id: string } }>('/api/communities', {
      slug: site.slug,
      name: site.name,
      description: 'Learn Go together.',
    });
    await api.post(`/api/communities/${community.id}/plans`, {
      kind: 'free',
      name: site.freePlan,
      priceMinor: 0,
      currency: 'CNY',
    });
    await api.post(`/api/communities/${community.id}/plans`, {
      kind: 'fixed_term',
      name: site.paidPlan,
      priceMinor: site.priceMinor,
      currency: 'CNY',
      termDays: 365,
    });
    const course = await api.post<{ id: string }>(`/api/communities/${community.id}/courses`, {
      title: site.course,
      summary: 'Goroutines and channels.',
      status: 'published',
    });
    const chapter = await api.post<{ id: string }>(`/api/courses/${course.id}/chapters`, {
      title: '基础 Basics',
    });
    await api.post(`/api/chapters/${chapter.id}/lessons`, {
      title: site.freeLesson,
      body: 'Goroutines are cheap.',
      freePreview: true,
      status: 'published',
      estimatedMinutes: 5,
    });
    const paid = await api.post<{ id: string }>(`/api/chapters/${chapter.id}/lessons`, {
      title: site.paidLesson,
      body: `${site.paidBody}.`,
      freePreview: false,
      status: 'published',
      estimatedMinutes: 5,
    });
    return { paidLessonId: paid.id };
  } finally {
    await api.close();
  }
}

async function logOut(page: Page, ui: Strings, account: Account) {
  await page.getByRole('button', { name: fill(ui.nav.userMenu, { name: account.name }) }).click();
  await page.getByRole('menuitem', { name: ui.nav.logout }).click();
  await visible(page, 'link', ui.nav.login);
}

const orderState = (page: Page) => page.getByTestId('order-state').first().textContent();

const hasBrowser = browserAvailable();

describe.skipIf(!hasBrowser).each(JOURNEYS)(
  'buying a plan in a $locale browser',
  ({ locale, language, ui }) => {
    let server: RunningServer;
    let browser: RunningBrowser;
    let page: Page;
    let paidLessonId = '';
    let orderUrl = '';
    let stepNo = 0;
    const money = (minor: number) => formatMoney(minor, 'CNY', language);
    const shot = (step: string) =>
      screenshot(page, locale, `payments-${String(++stepNo).padStart(2, '0')}-${step}`);

    beforeAll(async () => {
      // A platform fee, so the revenue page has one to show.
      server = await startServer({ PLATFORM_FEE_PERCENT: '10' });
      await setUpOperator(server.baseUrl, operator);
      ({ paidLessonId } = await createCommunity(server.baseUrl));
      browser = await launchBrowser(locale);
      page = browser.page;
    });

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    skipRestAfterFailure(() => (page ? shot('FAILED') : undefined));

    it('lets the owner create a coupon in the studio', async () => {
      await logIn(page, ui, server.baseUrl, creator);
      await page.goto(`${server.baseUrl}/studio/c/${site.slug}`);
      await page.getByRole('tab', { name: ui.studio.tabs.revenue }).click();
      await visible(page, 'heading', ui.studio.payments.coupons.title);
      await page.getByRole('textbox', { name: ui.studio.payments.coupons.code }).fill(site.coupon);
      await field(page, ui.studio.payments.coupons.percentOff).fill(String(site.couponPercent));
      await page.getByRole('button', { name: ui.studio.payments.coupons.create }).click();
      await page
        .getByTestId('coupon-row')
        .filter({ hasText: site.coupon })
        .waitFor({ state: 'visible', ...WAIT });
      await shot('coupon-created');
      await logOut(page, ui, creator);
    });

    it('signs a visitor up and sends the paid plan to the checkout', async () => {
      await page.goto(`${server.baseUrl}/register`);
      await visible(page, 'heading', ui.register.title);
      await field(page, ui.fields.email).fill(buyer.email);
      await field(page, ui.fields.displayName).fill(buyer.name);
      await field(page, ui.fields.password).fill(buyer.password);
      await page.getByRole('button', { name: ui.register.submit }).click();
      await page.waitForURL((url) => url.pathname !== '/register', WAIT);
      await page.goto(`${server.baseUrl}/c/${site.slug}`);
      await visible(page, 'heading', ui.community.plansTitle);
      await page
        .getByRole('link', { name: fill(ui.community.join.ctaLabel, { plan: site.paidPlan }) })
        .click();
      await visible(page, 'heading', ui.payments.checkout.title);
      await page
        .getByText(site.paidPlan)
        .first()
        .waitFor({ state: 'visible', ...WAIT });
      await expect
        .poll(() => page.getByTestId('price-total').textContent(), WAIT)
        .toBe(money(site.priceMinor));
    });

    it('explains a wrong coupon and applies the right one live', async () => {
      const coupon = field(page, ui.payments.coupon.label);
      await coupon.fill('NOPE-123');
      await page.getByText(ui.payments.coupon.refusal.coupon_unknown).waitFor({ state: 'visible', ...WAIT });
      await coupon.fill(site.coupon.toLowerCase());
      await expect
        .poll(() => page.getByTestId('price-total').textContent(), WAIT)
        .toBe(money(discountedMinor));
      await page
        .getByText(
          fill(ui.payments.coupon.applied, {
            code: site.coupon,
            amount: money(site.priceMinor - discountedMinor),
          }),
        )
        .waitFor({ state: 'visible', ...WAIT });
      await page
        .getByRole('radio', { name: ui.payments.provider.manual })
        .waitFor({ state: 'visible', ...WAIT });
      await shot('checkout-coupon');
    });

    it('pays with the test provider and becomes a member', async () => {
      // The coupon applied in the step before stays: the order charges the discounted price.
      await expect.poll(() => page.getByTestId('price-total').textContent(), WAIT).toBe(money(paidMinor));
      await page.getByRole('radio', { name: ui.payments.provider.test }).check();
      // A double click makes one order: the same Idempotency-Key goes with both.
      await page.getByRole('button', { name: ui.payments.checkout.pay }).dblclick();
      await page.waitForURL('**/pay/test/**', WAIT);
      await visible(page, 'heading', ui.payments.testProvider.title);
      expect(await page.getByTestId('test-payment-amount').textContent()).toBe(money(paidMinor));
      await shot('test-provider');
      await page.getByRole('button', { name: ui.payments.testProvider.pay, exact: true }).click();
      await page.waitForURL('**/orders/**', WAIT);
      orderUrl = page.url();
      await expect.poll(() => orderState(page), WAIT).toBe(ui.payments.state.paid);
      await page.getByText(ui.payments.order.inTitle).waitFor({ state: 'visible', ...WAIT });
      await shot('order-paid');

      const orders = await page.evaluate(
        async () => (await (await fetch('/api/me/orders')).json()).items.length,
      );
      expect(orders).toBe(1);
    });

    it('enters the community and opens the paid lesson', async () => {
      await page.getByRole('link', { name: ui.payments.order.enter }).click();
      await visible(page, 'heading', fill(ui.community.home.welcomeTitle, { name: site.name }));
      await page.goto(`${server.baseUrl}/lessons/${paidLessonId}`);
      await visible(page, 'heading', site.paidLesson);
      await page
        .getByTestId('lesson-body')
        .getByText(site.paidBody)
        .waitFor({ state: 'visible', ...WAIT });
      await shot('paid-lesson');
    });

    it('lists the order under my orders', async () => {
      await page.goto(`${server.baseUrl}/me/orders`);
      await visible(page, 'heading', ui.payments.mine.title);
      const item = page.getByTestId('order-item').filter({ hasText: site.paidPlan });
      await item.waitFor({ state: 'visible', ...WAIT });
      expect(await item.textContent()).toContain(ui.payments.state.paid);
    });

    it("shows the owner the order's platform fee on the revenue page", async () => {
      await logOut(page, ui, buyer);
      await logIn(page, ui, server.baseUrl, creator);
      await page.goto(`${server.baseUrl}/studio/c/${site.slug}/revenue`);
      await visible(page, 'heading', ui.studio.payments.revenue.title);
      const row = page.getByTestId('revenue-row').first();
      // 10 % of the paid price goes to the platform.
      await expect
        .poll(() => row.getByTestId('revenue-feesMinor').textContent(), WAIT)
        .toBe(money(paidMinor / 10));
      expect(await row.getByTestId('revenue-grossMinor').textContent()).toBe(money(paidMinor));
      await shot('studio-revenue-paid');
      await logOut(page, ui, creator);
      await logIn(page, ui, server.baseUrl, buyer);
    });

    it('refunds the buyer within the window, by their own request', async () => {
      await page.goto(orderUrl);
      await page.getByRole('button', { name: ui.payments.refund.request }).click();
      await field(page, ui.payments.refund.reason).fill('Not what I expected 不符合预期');
      await shot('refund-modal');
      await page
        .getByRole('dialog')
        .getByRole('button', { name: ui.payments.refund.confirm, exact: true })
        .click();
      await expect.poll(() => orderState(page), WAIT).toBe(ui.payments.state.refunded);
      await page
        .getByRole('heading', { name: ui.payments.refund.listTitle })
        .waitFor({ state: 'visible', ...WAIT });
      await shot('order-refunded');
      await logOut(page, ui, buyer);
    });

    it('shows the owner the fee and the refund on the revenue page', async () => {
      await logIn(page, ui, server.baseUrl, creator);
      await page.goto(`${server.baseUrl}/studio/c/${site.slug}/revenue`);
      await visible(page, 'heading', ui.studio.payments.revenue.title);
      const row = page.getByTestId('revenue-row').first();
      await expect
        .poll(() => row.getByTestId('revenue-refundsMinor').textContent(), WAIT)
        .toBe(money(paidMinor));
      expect(await row.getByTestId('revenue-grossMinor').textContent()).toBe(money(paidMinor));
      // 10 % of the paid price went to the platform, and the full refund gave it back.
      expect(await row.getByTestId('revenue-feesMinor').textContent()).toBe(money(0));
      await page
        .getByTestId('studio-order')
        .filter({ hasText: ui.payments.state.refunded })
        .waitFor({ state: 'visible', ...WAIT });
      await shot('studio-revenue');
      await logOut(page, ui, creator);
    });

    it('takes the paid lesson away from the refunded buyer', async () => {
      await logIn(page, ui, server.baseUrl, buyer);
      // The membership ends through a background job: look again until the wall is back.
      await expect
        .poll(async () => {
          await page.goto(`${server.baseUrl}/lessons/${paidLessonId}`);
          await page
            .getByRole('heading')
            .first()
            .waitFor({ state: 'visible', ...WAIT });
          return page.getByRole('heading', { name: ui.lesson.wall.joinTitle }).count();
        }, WAIT)
        .toBeGreaterThan(0);
      expect(await page.getByText(site.paidBody).count()).toBe(0);
      await page.goto(orderUrl);
      await expect.poll(() => orderState(page), WAIT).toBe(ui.payments.state.refunded);
      await page
        .getByTestId('refund-item')
        .first()
        .waitFor({ state: 'visible', ...WAIT });
      await shot('refunded-buyer');
    });
  },
);

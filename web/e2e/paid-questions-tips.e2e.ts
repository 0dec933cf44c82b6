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
  type RunningBrowser,
  type RunningServer,
  screenshot,
  setUpOperator,
  skipRestAfterFailure,
  startServer,
  visible,
  WAIT,
} from './harness';

const operator: Account = {
  email: 'operator@example.com',
  name: '站长',
  password: 'Quiet-Harbor-Lantern-42',
};
const owner: Account = { email: 'owner@example.com', name: '星主 Lin', password: 'Amber-Willow-Harbor-71' };
/** Asks the owner a question; her post is tipped. */
const asker: Account = { email: 'asker@example.com', name: '小红 Hong', password: 'Maple-Orbit-Violet-93' };
/** Reads the public answer; tips the asker's post. */
const reader: Account = { email: 'reader@example.com', name: '小明 Ming', password: 'Cedar-Pulse-Ember-58' };

const site = { slug: 'ask-club', name: '问答社 Ask Club', post: '我的读书笔记 My reading notes' };
const priceMinor = 990;
/** One of the server's preset tip amounts. */
const tipMinor = 500;
const question = '怎样开始读源码？How should I start reading source code?';
const answer = '先从测试读起 Start from the tests';
const ownerComment = '写得好 Well written';
const readerComment = '同感 Agreed';

/** The owner's community with a free plan, its two members, and a post by the asker. */
async function seed(baseUrl: string) {
  const api = await apiSession(baseUrl, owner, { register: true });
  const members: Awaited<ReturnType<typeof apiSession>>[] = [];
  try {
    const { community } = await api.post<{ community: { id: string } }>('/api/communities', {
      slug: site.slug,
      name: site.name,
      joinPolicy: 'open',
    });
    const { plan } = await api.post<{ plan: { id: string } }>(`/api/communities/${community.id}/plans`, {
      kind: 'free',
      name: '免费 Free',
      priceMinor: 0,
      currency: 'CNY',
    });
    for (const account of [asker, reader]) {
      const member = await apiSession(baseUrl, account, { register: true });
      members.push(member);
      await member.post(`/api/communities/${community.id}/join`, { planId: plan.id });
    }
    const [askerApi, readerApi] = members;
    if (!askerApi || !readerApi) throw new Error('a member has no session');
    const post = await askerApi.post<{ id: string }>(`/api/communities/${community.id}/posts`, {
      title: site.post,
      body: '第一章的笔记 Notes on chapter one',
    });
    await api.post(`/api/posts/${post.id}/comments`, { body: ownerComment });
    await readerApi.post(`/api/posts/${post.id}/comments`, { body: readerComment });
    return { communityId: community.id, postId: post.id };
  } finally {
    await api.close();
    for (const member of members) await member.close();
  }
}

const hasBrowser = browserAvailable();

describe.skipIf(!hasBrowser).each(JOURNEYS)(
  'paid questions and tips in a $locale browser',
  ({ locale, language, ui }) => {
    let server: RunningServer;
    let browser: RunningBrowser;
    let page: Page;
    let data: Awaited<ReturnType<typeof seed>>;
    let questionUrl = '';
    let stepNo = 0;
    const money = (minor: number) => formatMoney(minor, 'CNY', language);
    const shot = (step: string) =>
      screenshot(page, locale, `paid-${String(++stepNo).padStart(2, '0')}-${step}`);

    /** Switches the browser to `account`: a fresh cookie jar, signed in through the API. */
    const signIn = async (account: Account) => {
      await browser.context.clearCookies();
      const response = await browser.context.request.post(`${server.baseUrl}/api/auth/login`, {
        data: { email: account.email, password: account.password },
        headers: { origin: server.baseUrl },
      });
      if (!response.ok())
        throw new Error(`login ${account.email}: ${response.status()} ${await response.text()}`);
    };

    /** The test provider's checkout: check the amount, pay, and land on the paid order. */
    const payWithTestProvider = async (amountMinor: number) => {
      await page.waitForURL('**/pay/test/**', WAIT);
      await visible(page, 'heading', ui.payments.testProvider.title);
      expect(await page.getByTestId('test-payment-amount').textContent()).toBe(money(amountMinor));
      await page.getByRole('button', { name: ui.payments.testProvider.pay, exact: true }).click();
      await page.waitForURL('**/orders/**', WAIT);
      await expect
        .poll(() => page.getByTestId('order-state').first().textContent(), WAIT)
        .toBe(ui.payments.state.paid);
    };

    /** Looks at the notifications page until one item's sentence starts with `start`. */
    const expectNotification = async (start: string) => {
      await expect
        .poll(async () => {
          await page.goto(`${server.baseUrl}/notifications`);
          await visible(page, 'heading', ui.notifications.title);
          await page
            .getByTestId('notification-item')
            .first()
            .waitFor({ state: 'visible', timeout: 2_000 })
            .catch(() => undefined);
          const texts = await page.getByTestId('notification-item').allTextContents();
          return texts.some((text) => text.startsWith(start));
        }, WAIT)
        .toBe(true);
    };
    /** A notification sentence up to the item it names. */
    const sentence = (template: string, values: Record<string, string>) =>
      fill(template.split('{{item}}')[0] ?? template, values);

    beforeAll(async () => {
      server = await startServer();
      await setUpOperator(server.baseUrl, operator);
      data = await seed(server.baseUrl);
      browser = await launchBrowser(locale);
      page = browser.page;
    });

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    skipRestAfterFailure(() => (page ? shot('FAILED') : undefined));

    it('lets the owner turn on paid questions and tips in the studio', async () => {
      await signIn(owner);
      await page.goto(`${server.baseUrl}/studio/c/${site.slug}`);
      const section = page.getByRole('region', { name: ui.studio.paid.title });
      await section.waitFor({ state: 'visible', ...WAIT });
      await section.getByRole('combobox', { name: ui.studio.paid.currency }).click();
      await page.getByRole('option', { name: 'CNY', exact: true }).click();
      for (const label of [ui.studio.paid.questionsEnabled, ui.studio.paid.tipsEnabled]) {
        const toggle = section.getByRole('switch', { name: label });
        if (!(await toggle.isChecked())) await toggle.click();
        expect(await toggle.isChecked()).toBe(true);
      }
      await field(page, ui.studio.paid.price).fill('9.90');
      await field(page, ui.studio.paid.answerDays).fill('3');
      await section.getByRole('button', { name: ui.common.save }).click();
      await section
        .getByRole('status')
        .getByText(ui.studio.saved)
        .waitFor({ state: 'visible', ...WAIT });
      await shot('studio-settings');
      const saved = await page.evaluate(
        async (id) => (await fetch(`/api/communities/${id}/paid-settings`)).json(),
        data.communityId,
      );
      expect(saved).toMatchObject({
        currency: 'CNY',
        questions: { enabled: true, priceMinor, answerDays: 3 },
        tips: { enabled: true },
      });
    });

    it('lets a member ask the owner and pay with the test provider', async () => {
      await signIn(asker);
      await page.goto(`${server.baseUrl}/c/${site.slug}/home`);
      const card = page.getByTestId('ask-owner');
      await card.waitFor({ state: 'visible', ...WAIT });
      expect(await card.textContent()).toContain(money(priceMinor));
      await card.getByRole('link', { name: ui.paid.ask.cta }).click();
      await visible(page, 'heading', ui.paid.page.title);
      await field(page, ui.paid.ask.body).fill(question);
      expect(await page.getByRole('switch', { name: ui.paid.ask.public }).isChecked()).toBe(true);
      await page.getByRole('radio', { name: ui.payments.provider.test }).check();
      await shot('ask-form');
      // A double click makes one question and one order: the same Idempotency-Key goes with both.
      await page
        .getByRole('button', { name: fill(ui.paid.ask.submit, { price: money(priceMinor) }) })
        .dblclick();
      await payWithTestProvider(priceMinor);
      await page.getByText(ui.payments.order.questionPaid).waitFor({ state: 'visible', ...WAIT });
      await shot('question-paid');
      await page.getByRole('link', { name: ui.payments.order.viewQuestion }).click();
      await visible(page, 'heading', ui.paid.question.title);
      questionUrl = page.url();
      await expect
        .poll(() => page.getByTestId('question-state').textContent(), WAIT)
        .toContain(ui.paid.state.open);
      await shot('question-waiting');
      const mine = await page.evaluate(
        async (id) => (await (await fetch(`/api/communities/${id}/paid-questions?scope=mine`)).json()).items,
        data.communityId,
      );
      expect(mine).toHaveLength(1);
    });

    it('shows the owner the question in the inbox, and lets them answer it', async () => {
      await signIn(owner);
      await expectNotification(sentence(ui.notifications.text.paid_question_asked, { actor: asker.name }));
      await page.goto(`${server.baseUrl}/c/${site.slug}/home`);
      await page.getByTestId('ask-owner').getByRole('link', { name: ui.paid.ask.openInbox }).click();
      await visible(page, 'heading', ui.paid.page.title);
      expect(
        await page.getByRole('tab', { name: ui.paid.list.tabs.inbox }).getAttribute('aria-selected'),
      ).toBe('true');
      const item = page.getByTestId('question-card').filter({ hasText: question });
      await item.waitFor({ state: 'visible', ...WAIT });
      await shot('owner-inbox');
      await item.getByRole('link', { name: ui.paid.question.open }).click();
      await field(page, ui.paid.answer.body).fill(answer);
      await page.getByRole('button', { name: ui.paid.answer.submit }).click();
      await page
        .getByTestId('question-answer')
        .getByText(answer)
        .waitFor({ state: 'visible', ...WAIT });
      expect(await page.getByTestId('question-state').textContent()).toBe(ui.paid.state.answered);
      // Answered: nothing is waiting in the inbox any more.
      await page.goto(`${server.baseUrl}/c/${site.slug}/questions?tab=inbox`);
      await page.getByText(ui.paid.list.empty.inbox).waitFor({ state: 'visible', ...WAIT });
      await shot('owner-answered');
    });

    it('shows the asker the answer', async () => {
      await signIn(asker);
      await page.goto(questionUrl);
      await page
        .getByTestId('question-answer')
        .getByText(answer)
        .waitFor({ state: 'visible', ...WAIT });
      expect(await page.getByTestId('question-state').textContent()).toBe(ui.paid.state.answered);
      await shot('asker-answer');
      await expectNotification(sentence(ui.notifications.text.paid_question_answered, { actor: owner.name }));
    });

    it('shows another member the public answer', async () => {
      await signIn(reader);
      await page.goto(`${server.baseUrl}/c/${site.slug}/questions`);
      await visible(page, 'heading', ui.paid.page.title);
      const item = page.getByTestId('question-card').filter({ hasText: question });
      await item.waitFor({ state: 'visible', ...WAIT });
      expect(await item.textContent()).toContain(answer);
      await shot('public-answer');
    });

    it('lets a member tip another member’s post with a preset amount', async () => {
      await page.goto(`${server.baseUrl}/posts/${data.postId}`);
      await visible(page, 'heading', site.post);
      // Others' comments can be tipped too; one's own cannot.
      const commentTip = (text: string) =>
        page
          .getByTestId('comment')
          .filter({ hasText: text })
          .getByRole('button', { name: ui.paid.tip.button });
      await commentTip(ownerComment).waitFor({ state: 'visible', ...WAIT });
      expect(await commentTip(readerComment).count()).toBe(0);
      await page.getByTestId('tip-summary').getByRole('button', { name: ui.paid.tip.button }).click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor({ state: 'visible', ...WAIT });
      await dialog.getByText(money(tipMinor), { exact: true }).click();
      await dialog.getByRole('radio', { name: ui.payments.provider.test }).check();
      await shot('tip-modal');
      await dialog
        .getByRole('button', { name: fill(ui.paid.tip.submit, { amount: money(tipMinor) }) })
        .click();
      await payWithTestProvider(tipMinor);
      await page
        .getByText(fill(ui.payments.order.tipPaid, { amount: money(tipMinor) }))
        .waitFor({ state: 'visible', ...WAIT });
      await shot('tip-paid');
    });

    it('shows the tipped author who tipped and the total', async () => {
      await signIn(asker);
      const total = fill(ui.paid.tip.total, { amount: money(tipMinor) });
      await expect
        .poll(async () => {
          await page.goto(`${server.baseUrl}/posts/${data.postId}`);
          await visible(page, 'heading', site.post);
          const summary = page.getByTestId('tip-total');
          await summary.waitFor({ state: 'visible', timeout: 2_000 }).catch(() => undefined);
          return (await summary.count()) > 0 ? summary.first().textContent() : null;
        }, WAIT)
        .toBe(total);
      expect(await page.getByTestId('tip-count').textContent()).toBe(
        fill(ui.paid.tip.count_one, { count: '1' }),
      );
      // Her own post: no Tip button for her.
      expect(
        await page.getByTestId('tip-summary').getByRole('button', { name: ui.paid.tip.button }).count(),
      ).toBe(0);
      await shot('author-summary');
      await expectNotification(
        fill(ui.notifications.text.tip, {
          actor: reader.name,
          amount: money(tipMinor),
          item: `“${site.post}”`,
        }),
      );
      await shot('author-notifications');
    });
  },
);

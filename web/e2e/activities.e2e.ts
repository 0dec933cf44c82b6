import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../src/i18n/en.json';
import zhCN from '../src/i18n/zh-CN.json';
import {
  type Account,
  apiSession,
  browserAvailable,
  fill,
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

const JOURNEYS = [
  { locale: 'zh-CN', ui: zhCN, member: { email: 'member-zh@example.com', name: '学员 小李' } },
  { locale: 'en-US', ui: en, member: { email: 'member-en@example.com', name: 'Member Lee' } },
] as const;

const operator: Account = {
  email: 'operator@example.com',
  name: '站长',
  password: 'Quiet-Harbor-Lantern-42',
};
const owner: Account = {
  email: 'owner@example.com',
  name: '社群主 Olivia',
  password: 'Amber-Willow-Harbor-71',
};
const PASSWORD = 'Maple-Orbit-Violet-93';

const site = {
  slug: 'early-birds',
  name: '早起俱乐部 Early Birds',
  plan: '免费 Free',
  question: '下次线下聚会去哪里？ Where do we meet next?',
  options: ['北京 Beijing', '上海 Shanghai', '线上 Online'],
  challenge: '21 天早起打卡 21-day early rise',
};

/** The community's calendar day now: check-ins count in its time zone. */
const todayIn = (timeZone: string): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
const shiftDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The owner's side, through the API: an open community in Shanghai time with a poll and a running challenge. */
async function createCommunity(baseUrl: string): Promise<{ communityId: string; planId: string }> {
  const api = await apiSession(baseUrl, owner, { register: true });
  try {
    const { community } = await api.post<{ community: { id: string } }>('/api/communities', {
      slug: site.slug,
      name: site.name,
      timezone: 'Asia/Shanghai',
    });
    const { plan } = await api.post<{ plan: { id: string } }>(`/api/communities/${community.id}/plans`, {
      kind: 'free',
      name: site.plan,
      priceMinor: 0,
      currency: 'CNY',
    });
    await api.post(`/api/communities/${community.id}/polls`, {
      question: site.question,
      options: site.options,
    });
    const today = todayIn('Asia/Shanghai');
    await api.post(`/api/communities/${community.id}/challenges`, {
      title: site.challenge,
      description: '每天 **7 点前** 起床，写一句话。',
      startDate: shiftDays(today, -3),
      endDate: shiftDays(today, 17),
    });
    return { communityId: community.id, planId: plan.id };
  } finally {
    await api.close();
  }
}

const hasBrowser = browserAvailable();

describe.skipIf(!hasBrowser)('activities', () => {
  let server: RunningServer;
  let setup: { communityId: string; planId: string };

  beforeAll(async () => {
    server = await startServer();
    await setUpOperator(server.baseUrl, operator);
    setup = await createCommunity(server.baseUrl);
  });
  afterAll(async () => {
    await server?.stop();
  });

  describe.each(JOURNEYS)('a member in a $locale browser', ({ locale, ui, member }) => {
    let browser: RunningBrowser;
    let stepNo = 0;
    let current: Page | undefined;
    const shot = (page: Page, step: string) => {
      current = page;
      return screenshot(page, locale, `activities-${String(++stepNo).padStart(2, '0')}-${step}`);
    };
    const url = (path: string) => `${server.baseUrl}${path}`;
    const t = ui.activities;

    beforeAll(async () => {
      // The member registers and joins through the API; the browser then signs in with the same account.
      const account = { ...member, password: PASSWORD };
      const api = await apiSession(server.baseUrl, account, { register: true });
      await api.post(`/api/communities/${setup.communityId}/join`, { planId: setup.planId });
      await api.close();
      browser = await launchBrowser(locale);
      const login = await browser.context.request.post(url('/api/auth/login'), {
        data: { email: account.email, password: account.password },
        headers: { origin: server.baseUrl },
      });
      if (!login.ok()) throw new Error(`login: ${login.status()} ${await login.text()}`);
    });
    afterAll(async () => {
      await browser?.close();
    });

    skipRestAfterFailure(() => (current ? shot(current, 'FAILED') : undefined));

    it('votes in a poll from the community home and sees the results', async () => {
      const page = browser.page;
      await page.goto(url(`/c/${site.slug}/home`));
      await visible(page, 'heading', t.links.title);
      await page
        .getByRole('link', { name: new RegExp(t.polls.title) })
        .first()
        .click();
      await visible(page, 'heading', t.polls.title);
      const card = page.getByTestId('poll-card').filter({ hasText: site.question });
      await card.getByText(t.poll.resultsAfterVote).waitFor(WAIT);
      await shot(page, 'poll');

      await card.getByRole('radio', { name: site.options[1] }).check();
      await card.getByRole('button', { name: t.poll.vote, exact: true }).click();
      await card.getByTestId('poll-results').waitFor(WAIT);
      const votes = await card.getByTestId('poll-option-votes').allTextContents();
      // Named votes: one vote, all on Shanghai, from this member (and the earlier journey's, if any).
      const counts = votes.map((text) => Number.parseInt(text, 10));
      expect(counts[1]).toBeGreaterThanOrEqual(1);
      await expect(card.getByText(member.name).isVisible()).resolves.toBe(true);
      await card.getByRole('button', { name: t.poll.changeVote }).waitFor(WAIT);
      await shot(page, 'voted');
    });

    it('checks in to the challenge and sees the streak, leaderboard and heat-map', async () => {
      const page = browser.page;
      await page.goto(url(`/c/${site.slug}/home`));
      await page
        .getByRole('link', { name: new RegExp(t.challenges.title) })
        .first()
        .click();
      await visible(page, 'heading', t.challenges.title);
      await page.getByTestId('challenge-item').filter({ hasText: site.challenge }).click();
      await visible(page, 'heading', site.challenge);
      await expect(page.getByTestId('current-streak').textContent()).resolves.toBe('0');
      await shot(page, 'challenge');

      await page.getByRole('textbox', { name: t.challenges.checkinLabel }).fill('六点半起床，跑步 5 公里 🏃');
      await page.getByRole('button', { name: t.challenges.checkIn, exact: true }).click();
      await page.getByTestId('checked-in').waitFor(WAIT);
      await expect(page.getByTestId('checked-in').textContent()).resolves.toBe(t.challenges.doneToday);
      await page.getByTestId('current-streak').getByText('1', { exact: true }).waitFor(WAIT);
      await expect(page.getByTestId('checkin-count').textContent()).resolves.toBe('1');

      const row = page.getByTestId('leaderboard-row').filter({ hasText: member.name });
      await row.waitFor(WAIT);
      const today = todayIn('Asia/Shanghai');
      const day = page.locator(`[data-testid="heatmap-day"][data-date="${today}"]`);
      await expect(day.getAttribute('data-count')).resolves.toBe('1');
      await page.getByTestId('checkin-item').filter({ hasText: '六点半起床' }).first().waitFor(WAIT);
      await shot(page, 'checked-in');

      // Reloading shows the same: the check-in, the streak, and no second form for today.
      await page.reload();
      await page.getByTestId('checked-in').waitFor(WAIT);
      await expect(page.getByTestId('current-streak').textContent()).resolves.toBe('1');
      expect(fill(t.challenges.today, { date: today, zone: 'Asia/Shanghai' })).toContain(today);
    });
  });
});

import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type Account,
  browserAvailable,
  fill,
  JOURNEYS,
  launchBrowser,
  type RunningBrowser,
  type RunningServer,
  screenshot,
  seedCommunity,
  setUpOperator,
  signUpInBrowser,
  startServer,
  WAIT,
} from './harness';

const operator: Account = {
  email: 'operator@example.com',
  name: '站长',
  password: 'Quiet-Harbor-Lantern-42',
};
const owner: Account = { email: 'owner@example.com', name: '社群主', password: 'Amber-Willow-Harbor-71' };
const member: Account = { email: 'member@example.com', name: '小红', password: 'Cedar-Ripple-Falcon-58' };
const visitor: Account = { email: 'visitor@example.com', name: 'Visitor', password: 'Maple-Orbit-Violet-93' };

const site = { slug: 'ops-club', name: '运营研习社 Ops Club' };
const post = {
  title: '社群运营的十个方法',
  body: '做好社群运营，先想清楚社群为谁服务。<script>alert(1)</script>',
};

const hasBrowser = browserAvailable();

describe.skipIf(!hasBrowser).each(JOURNEYS)('search in a $locale browser', ({ locale, ui }) => {
  let server: RunningServer;
  let memberBrowser: RunningBrowser;
  let visitorBrowser: RunningBrowser;
  let stepNo = 0;
  let current: Page | undefined;
  const shot = (page: Page, step: string) => {
    current = page;
    return screenshot(page, locale, `search-${String(++stepNo).padStart(2, '0')}-${step}`);
  };
  const url = (path: string) => `${server.baseUrl}${path}`;

  beforeAll(async () => {
    server = await startServer();
    await setUpOperator(server.baseUrl, operator);
    const community = await seedCommunity(server.baseUrl, owner, {
      slug: site.slug,
      name: site.name,
      joinPolicy: 'open',
      plan: '免费 Free',
    });
    try {
      await community.owner.post(`/api/communities/${community.id}/posts`, post);
    } finally {
      await community.owner.close();
    }
    memberBrowser = await launchBrowser(locale);
    visitorBrowser = await launchBrowser(locale);
    await signUpInBrowser(memberBrowser, server.baseUrl, member, community);
    await signUpInBrowser(visitorBrowser, server.baseUrl, visitor);
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && current) await shot(current, 'failure').catch(() => {});
  });

  afterAll(async () => {
    await memberBrowser?.close();
    await visitorBrowser?.close();
    await server?.stop();
  });

  it('a member finds the post by a two-character Chinese word from the header, highlighted', async () => {
    const page = memberBrowser.page;
    await page.goto(url('/'));
    const box = page.getByRole('searchbox', { name: ui.search.label });
    await box.fill('社群');
    await box.press('Enter');
    await page.waitForURL(/\/search\?q=/, WAIT);
    const result = page.getByTestId('search-result').first();
    await result.waitFor(WAIT);
    await expect(page.getByTestId('search-count').textContent()).resolves.toBe(
      fill(ui.search.count_one, { count: '1', q: '社群' }),
    );
    const marks = await result.locator('mark').allTextContents();
    expect(marks).toContain('社群');
    // Markup typed into the title never becomes elements in the results.
    expect(await result.locator('b').count()).toBe(0);
    await shot(page, 'results');
    await result.getByRole('link', { name: /十个/ }).click();
    await page.waitForURL(/\/posts\//, WAIT);
  });

  it('searching from a community page keeps to that community', async () => {
    const page = memberBrowser.page;
    await page.goto(url(`/c/${site.slug}`));
    const box = page.getByRole('searchbox', { name: ui.search.label });
    await box.fill('运营');
    await box.press('Enter');
    await page.waitForURL(/community=ops-club/, WAIT);
    await page.getByTestId('search-result').first().waitFor(WAIT);
  });

  it('a signed-in non-member is told of nothing', async () => {
    const page = visitorBrowser.page;
    await page.goto(url(`/search?q=${encodeURIComponent('社群运营')}`));
    await page.getByText(fill(ui.search.noResults, { q: '社群运营' })).waitFor(WAIT);
    expect(await page.getByTestId('search-result').count()).toBe(0);
    await shot(page, 'non-member');
  });
});

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Account,
  type ApiSession,
  apiSession,
  browserAvailable,
  fill,
  JOURNEYS,
  launchBrowser,
  logIn,
  type RunningBrowser,
  type RunningServer,
  screenshot,
  seedCommunity,
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
const owner: Account = { email: 'owner@example.com', name: '老陈 Chen', password: 'Amber-Willow-Harbor-71' };
const member: Account = { email: 'member@example.com', name: 'Bea 学员', password: 'Maple-Orbit-Violet-93' };
const site = { slug: 'notify-club', name: '通知测试社 Notify Club' };

const hasBrowser = browserAvailable();

describe.skipIf(!hasBrowser).each(JOURNEYS)(
  'live notifications in a $locale browser',
  ({ locale, language, ui }) => {
    let server: RunningServer;
    let browser: RunningBrowser;
    let page: Page;
    let creator: ApiSession;
    let reader: ApiSession;
    let communityId = '';
    let chapterId = '';
    let stepNo = 0;
    const shot = (step: string) =>
      screenshot(page, locale, `notifications-${String(++stepNo).padStart(2, '0')}-${step}`);

    beforeAll(async () => {
      server = await startServer();
      await setUpOperator(server.baseUrl, operator);
      const community = await seedCommunity(server.baseUrl, owner, {
        slug: site.slug,
        name: site.name,
        description: 'Where members hear about new lessons.',
      });
      creator = community.owner;
      const course = await creator.post<{ id: string }>(`/api/communities/${community.id}/courses`, {
        title: '入门课 Basics',
        summary: 'Start here.',
        status: 'published',
      });
      ({ id: chapterId } = await creator.post<{ id: string }>(`/api/courses/${course.id}/chapters`, {
        title: '第一章 One',
      }));
      communityId = community.id;
      reader = await apiSession(server.baseUrl, member, { register: true });
      await reader.post(`/api/communities/${community.id}/join`, { planId: community.planId });
      const response = await reader.context.patch('/api/me', { data: { locale: language } });
      expect(response.ok(), await response.text()).toBe(true);
      browser = await launchBrowser(locale);
      page = browser.page;
    });

    afterAll(async () => {
      await creator?.close();
      await reader?.close();
      await browser?.close();
      await server?.stop();
    });

    skipRestAfterFailure(() => (page ? shot('FAILED') : undefined));

    it('a member sees a new lesson arrive in the bell and the list without reloading, and opens it', async () => {
      await logIn(page, ui, server.baseUrl, member);
      await page.goto(`${server.baseUrl}/notifications`);
      await visible(page, 'heading', ui.notifications.title);
      await page.getByText(ui.notifications.empty).waitFor({ state: 'visible', ...WAIT });
      const bell = page.getByRole('button', { name: ui.notifications.bell, exact: true });
      await bell.waitFor({ state: 'visible', ...WAIT });
      await shot('empty');

      // Reloads would be counted by this marker disappearing.
      await page.evaluate(() => {
        (window as unknown as { notReloaded: boolean }).notReloaded = true;
      });
      const lessonTitle = '第一课：社群运营 Lesson one';
      const lesson = await creator.post<{ id: string }>(`/api/chapters/${chapterId}/lessons`, {
        title: lessonTitle,
        body: '只给会员看的正文 members only',
        freePreview: false,
        status: 'published',
      });

      const unreadBell = page.getByRole('button', {
        name: fill(ui.notifications.bellUnread, { count: '1' }),
      });
      await unreadBell.waitFor({ state: 'visible', ...WAIT });
      const item = page.getByTestId('notification-item').first();
      await item.waitFor({ state: 'visible', ...WAIT });
      const text = fill(ui.notifications.text.new_content, {
        actor: owner.name,
        item: `“${lessonTitle}”`,
        community: site.name,
      });
      await expect.poll(() => item.textContent(), WAIT).toContain(text);
      expect(await item.getAttribute('data-unread')).toBe('true');
      expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
        true,
      );
      await shot('arrived');

      await item.click();
      await page.waitForURL((url) => url.pathname === `/lessons/${lesson.id}`, WAIT);
      await bell.waitFor({ state: 'visible', ...WAIT });
      await shot('opened');
    });

    it("a reply to the member's post arrives live too", async () => {
      const postTitle = '运营心得 Growth notes';
      const post = await reader.post<{ id: string }>(`/api/communities/${communityId}/posts`, {
        title: postTitle,
        body: '大家怎么做社群运营？',
      });
      await page.goto(`${server.baseUrl}/notifications`);
      await visible(page, 'heading', ui.notifications.title);
      await creator.post(`/api/posts/${post.id}/comments`, { body: '先从每周答疑开始。' });
      const unreadBell = page.getByRole('button', {
        name: fill(ui.notifications.bellUnread, { count: '1' }),
      });
      await unreadBell.waitFor({ state: 'visible', ...WAIT });
      const text = fill(ui.notifications.text.reply, { actor: owner.name, item: `“${postTitle}”` });
      await page
        .getByTestId('notification-item')
        .filter({ hasText: text })
        .waitFor({ state: 'visible', ...WAIT });
      await shot('reply');
      await page.getByRole('button', { name: ui.notifications.markAllRead }).click();
      await page
        .getByRole('button', { name: ui.notifications.bell, exact: true })
        .waitFor({ state: 'visible', ...WAIT });
    });

    it('the settings page mutes a community and keeps it after a reload', async () => {
      await page.goto(`${server.baseUrl}/settings/notifications`);
      await visible(page, 'heading', ui.notifications.settings.title);
      const follow = page.getByRole('switch', { name: site.name });
      await follow.waitFor({ state: 'attached', ...WAIT });
      expect(await follow.isChecked()).toBe(true);
      await follow.click({ force: true });
      await page.getByRole('button', { name: ui.notifications.settings.save }).click();
      await page.getByText(ui.notifications.settings.saved).waitFor({ state: 'visible', ...WAIT });
      await shot('settings');
      await page.reload();
      await visible(page, 'heading', ui.notifications.settings.title);
      await follow.waitFor({ state: 'attached', ...WAIT });
      await expect.poll(() => follow.isChecked(), WAIT).toBe(false);
    });
  },
);

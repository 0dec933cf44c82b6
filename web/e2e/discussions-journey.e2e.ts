import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Account,
  browserAvailable,
  fill,
  JOURNEYS,
  launchBrowser,
  type RunningBrowser,
  type RunningServer,
  type SeededCommunity,
  screenshot,
  seedCommunity,
  setUpOperator,
  signUpInBrowser,
  skipRestAfterFailure,
  startServer,
  WAIT,
} from './harness';

/**
 * One story across two members of a Chinese community: a post with an image and a mention,
 * the mention arriving live, a reply going back, and the post found again by a two-character word.
 */

const operator: Account = {
  email: 'operator@example.com',
  name: '站长',
  password: 'Quiet-Harbor-Lantern-42',
};
const owner: Account = { email: 'owner@example.com', name: '社群主', password: 'Amber-Willow-Harbor-71' };
// Names without spaces, so `@name` mentions them.
const author: Account = { email: 'lina@example.com', name: '李娜', password: 'Cedar-Ripple-Falcon-58' };
const reader: Account = { email: 'wang@example.com', name: '王强', password: 'Maple-Orbit-Violet-93' };

const site = { slug: 'meetup-club', name: '城市读书会 City Readers', plan: '免费 Free' };
// The search word appears only in the body, so its highlight is the snippet's.
const word = '复盘';
const post = {
  title: '第一次线下读书会总结',
  body: `@${reader.name} 你好，这是周六活动的${word}笔记，照片在下面。`,
};
const replyText = '谢谢整理，下次我来带零食！';
const IMAGE = { name: 'meetup.png', width: 48, height: 32 };

/** Whether the page kept its JavaScript state, i.e. nothing reloaded it since `markPage`. */
const markPage = (page: Page) =>
  page.evaluate(() => {
    (window as unknown as { notReloaded: boolean }).notReloaded = true;
  });
const stillSamePage = (page: Page) =>
  page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded === true);

/** A real PNG of the given size, drawn by the browser itself, so the test needs no binary fixture. */
async function drawPng(page: Page, width: number, height: number): Promise<Buffer> {
  const dataUrl = await page.evaluate(
    ([w, h]) => {
      const canvas = document.createElement('canvas');
      canvas.width = w;
      canvas.height = h;
      const g = canvas.getContext('2d');
      if (g) {
        g.fillStyle = '#0ca678';
        g.fillRect(0, 0, w, h);
        g.fillStyle = '#fab005';
        g.fillRect(w / 4, h / 4, w / 2, h / 2);
      }
      return canvas.toDataURL('image/png');
    },
    [width, height] as const,
  );
  return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
}

const hasBrowser = browserAvailable();

describe.skipIf(!hasBrowser).each(JOURNEYS)(
  'a discussion between two members in a $locale browser',
  ({ locale, ui }) => {
    let server: RunningServer;
    let community: SeededCommunity;
    let authorBrowser: RunningBrowser;
    let readerBrowser: RunningBrowser;
    // Messages the reader's page receives over its WebSocket, to tell a live push from a refetch.
    const readerFrames: string[] = [];
    let postPath = '';
    let fileId = '';
    let stepNo = 0;
    let current: Page | undefined;
    const shot = (page: Page, step: string) => {
      current = page;
      return screenshot(page, locale, `discussions-journey-${String(++stepNo).padStart(2, '0')}-${step}`);
    };
    const url = (path: string) => `${server.baseUrl}${path}`;
    const bell = (page: Page, unread?: number) =>
      page.getByRole('button', {
        name:
          unread === undefined
            ? ui.notifications.bell
            : fill(ui.notifications.bellUnread, { count: String(unread) }),
        exact: true,
      });

    beforeAll(async () => {
      server = await startServer();
      await setUpOperator(server.baseUrl, operator);
      community = await seedCommunity(server.baseUrl, owner, {
        slug: site.slug,
        name: site.name,
        joinPolicy: 'open',
        plan: site.plan,
      });
      authorBrowser = await launchBrowser(locale);
      readerBrowser = await launchBrowser(locale);
      await signUpInBrowser(authorBrowser, server.baseUrl, author, community);
      await signUpInBrowser(readerBrowser, server.baseUrl, reader, community);
      readerBrowser.page.on('websocket', (socket) => {
        socket.on('framereceived', (frame) => readerFrames.push(String(frame.payload)));
      });
    });

    skipRestAfterFailure(() => (current ? shot(current, 'failure') : undefined));

    afterAll(async () => {
      await community?.owner.close();
      await authorBrowser?.close();
      await readerBrowser?.close();
      await server?.stop();
    });

    it('the mentioned member has the community feed open, with a live connection and no unread', async () => {
      const page = readerBrowser.page;
      await page.goto(url(`/c/${site.slug}/posts`));
      await page.getByRole('heading', { name: ui.discussions.title }).waitFor(WAIT);
      await bell(page).waitFor(WAIT);
      // The server greets a new socket with the unread count: from then on pushes reach this page.
      await expect.poll(() => readerFrames.some((f) => f.includes('"unread"')), WAIT).toBe(true);
      await markPage(page);
      await shot(page, 'reader-feed');
    });

    it('a member writes a Chinese post with an image and an @mention through the composer', async () => {
      const page = authorBrowser.page;
      await page.goto(url(`/c/${site.slug}/posts`));
      await page.getByRole('heading', { name: ui.discussions.title }).waitFor(WAIT);
      const composer = page.getByRole('region', { name: ui.discussions.composer.title });
      await composer.getByLabel(ui.discussions.composer.titleLabel).fill(post.title);
      const body = composer.getByLabel(ui.discussions.composer.bodyLabel);
      await body.fill(`${post.body}\n\n`);
      const png = await drawPng(page, IMAGE.width, IMAGE.height);
      await composer
        .locator('input[type=file]')
        .setInputFiles({ name: IMAGE.name, mimeType: 'image/png', buffer: png });
      // The upload puts the image's markdown where the cursor is, after the text.
      await expect
        .poll(() => body.inputValue(), WAIT)
        .toMatch(/!\[meetup\.png\]\(\/api\/files\/[0-9a-f-]{36}\)/);
      const markdown = await body.inputValue();
      expect(markdown.startsWith(post.body)).toBe(true);
      fileId = /\/api\/files\/([0-9a-f-]{36})/.exec(markdown)?.[1] ?? '';
      await shot(page, 'composer');

      await composer.getByRole('button', { name: ui.discussions.composer.publish }).click();
      const link = page.getByTestId('feed').getByRole('link', { name: post.title });
      await link.waitFor(WAIT);
      postPath = (await link.getAttribute('href')) ?? '';
      expect(postPath).toMatch(/^\/posts\/[0-9a-f-]{36}$/);
      // The composer is empty again for the next post.
      expect(await body.inputValue()).toBe('');
      await markPage(page);
      await shot(page, 'published');
    });

    it('the mentioned member sees the bell count rise and the mention in its list, without reloading', async () => {
      const page = readerBrowser.page;
      await bell(page, 1).waitFor(WAIT);
      expect(readerFrames.some((f) => f.includes('"notification"') && f.includes('"mention"'))).toBe(true);
      expect(await stillSamePage(page)).toBe(true);

      await bell(page, 1).click();
      const mention = page.getByTestId('notification-item').filter({
        hasText: fill(ui.notifications.text.mention, { actor: author.name, item: `“${post.title}”` }),
      });
      await mention.waitFor(WAIT);
      expect(await mention.getAttribute('data-unread')).toBe('true');
      await shot(page, 'reader-bell');

      await mention.click();
      await page.waitForURL((address) => address.pathname === postPath, WAIT);
      // Opening it marked it read.
      await bell(page).waitFor(WAIT);
    });

    it('the post shows the uploaded image and the mention, and the member replies', async () => {
      const page = readerBrowser.page;
      await page.getByRole('heading', { name: post.title }).waitFor(WAIT);
      const image = page.locator(`article img[src*="${fileId}"]`);
      await image.waitFor(WAIT);
      await expect
        .poll(
          () =>
            image.evaluate((img: HTMLImageElement) =>
              img.complete ? [img.naturalWidth, img.naturalHeight] : [],
            ),
          WAIT,
        )
        .toEqual([IMAGE.width, IMAGE.height]);
      await page.locator('article').getByText(`@${reader.name}`).first().waitFor(WAIT);

      await page.getByLabel(ui.discussions.comments.placeholder).fill(replyText);
      await page.getByRole('button', { name: ui.discussions.comments.submit, exact: true }).click();
      await page.getByTestId('comment').filter({ hasText: replyText }).waitFor(WAIT);
      await page
        .getByRole('heading', { name: fill(ui.discussions.comments.title_one, { count: '1' }) })
        .waitFor(WAIT);
      await shot(page, 'reader-reply');
    });

    it('the author is told of the reply live and reads it on the post', async () => {
      const page = authorBrowser.page;
      await bell(page, 1).waitFor(WAIT);
      expect(await stillSamePage(page)).toBe(true);
      await bell(page, 1).click();
      const reply = page.getByTestId('notification-item').filter({
        hasText: fill(ui.notifications.text.reply, { actor: reader.name, item: `“${post.title}”` }),
      });
      await reply.waitFor(WAIT);
      await reply.click();
      await page.waitForURL((address) => address.pathname === postPath, WAIT);
      const comment = page.getByTestId('comment').filter({ hasText: replyText });
      await comment.waitFor(WAIT);
      await comment.getByText(reader.name).first().waitFor(WAIT);
      await shot(page, 'author-sees-reply');
    });

    it('the member finds the post again by a two-character Chinese word, highlighted in the snippet', async () => {
      const page = readerBrowser.page;
      const box = page.getByRole('searchbox', { name: ui.search.label }).first();
      await box.fill(word);
      await box.press('Enter');
      await page.waitForURL((address) => address.pathname === '/search', WAIT);
      expect(new URL(page.url()).searchParams.get('q')).toBe(word);
      const result = page.getByTestId('search-result');
      await result.first().waitFor(WAIT);
      // Only the post holds the word: the reply does not.
      expect(await result.count()).toBe(1);
      await expect
        .poll(() => page.getByTestId('search-count').textContent(), WAIT)
        .toBe(fill(ui.search.count_one, { count: '1', q: word }));
      const title = result.getByRole('link', { name: post.title });
      await title.waitFor(WAIT);
      expect(await title.locator('mark').count()).toBe(0);
      const snippetMarks = await result.locator('p mark').allTextContents();
      expect(snippetMarks).toContain(word);
      await shot(page, 'search');

      await title.click();
      await page.waitForURL((address) => address.pathname === postPath, WAIT);
      await page.getByRole('heading', { name: post.title }).waitFor(WAIT);
    });
  },
);

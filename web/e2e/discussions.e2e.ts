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
// Names without spaces, so `@name` mentions them.
const author: Account = { email: 'alice@example.com', name: 'Alice', password: 'Cedar-Ripple-Falcon-58' };
const reader: Account = { email: 'xiaoming@example.com', name: '小明', password: 'Maple-Orbit-Violet-93' };

const site = { slug: 'python-club', name: 'Python 学习社 Python Club', plan: '免费 Free' };
const post = { title: 'Python 入门资料汇总', body: '大家好 @小明，这是我整理的社群运营和 Python 入门资料。' };
const replyText = '谢谢分享，收藏了！';

/** A 1×1 PNG, pasted into the post as its image. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

const hasBrowser = browserAvailable();

describe.skipIf(!hasBrowser).each(JOURNEYS)('discussions in a $locale browser', ({ locale, ui }) => {
  let server: RunningServer;
  let authorBrowser: RunningBrowser;
  let readerBrowser: RunningBrowser;
  let stepNo = 0;
  let current: Page | undefined;
  const shot = (page: Page, step: string) => {
    current = page;
    return screenshot(page, locale, `discussions-${String(++stepNo).padStart(2, '0')}-${step}`);
  };
  const url = (path: string) => `${server.baseUrl}${path}`;

  beforeAll(async () => {
    server = await startServer();
    await setUpOperator(server.baseUrl, operator);
    const community = await seedCommunity(server.baseUrl, owner, {
      slug: site.slug,
      name: site.name,
      joinPolicy: 'open',
      plan: site.plan,
    });
    await community.owner.close();
    authorBrowser = await launchBrowser(locale);
    readerBrowser = await launchBrowser(locale);
    await signUpInBrowser(authorBrowser, server.baseUrl, author, community);
    await signUpInBrowser(readerBrowser, server.baseUrl, reader, community);
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && current) await shot(current, 'failure').catch(() => {});
  });

  afterAll(async () => {
    await authorBrowser?.close();
    await readerBrowser?.close();
    await server?.stop();
  });

  it('a member writes a post with an image and a mention from the community home', async () => {
    const page = authorBrowser.page;
    await page.goto(url(`/c/${site.slug}/home`));
    await page.getByRole('link', { name: ui.discussions.title }).first().click();
    await page.getByRole('heading', { name: ui.discussions.title }).waitFor(WAIT);
    await page.getByLabel(ui.discussions.composer.titleLabel).fill(post.title);
    const body = page.getByLabel(ui.discussions.composer.bodyLabel);
    await body.fill(`${post.body}\n\n`);
    await page
      .locator('input[type=file]')
      .first()
      .setInputFiles({ name: 'chart.png', mimeType: 'image/png', buffer: PNG });
    await expect
      .poll(() => body.inputValue(), WAIT)
      .toMatch(/!\[chart\.png\]\(\/api\/files\/[0-9a-f-]{36}\)/);
    await page.getByRole('tab', { name: ui.discussions.composer.preview }).click();
    await page.getByRole('tabpanel').getByText('大家好').waitFor(WAIT);
    await page.getByRole('tab', { name: ui.discussions.composer.write }).click();
    await shot(page, 'composer');
    await page.getByRole('button', { name: ui.discussions.composer.publish }).click();
    await page.getByTestId('feed').getByRole('link', { name: post.title }).waitFor(WAIT);
    await shot(page, 'feed-author');
  });

  it('the other member sees it in the feed, with the image, and replies', async () => {
    const page = readerBrowser.page;
    await page.goto(url(`/c/${site.slug}/posts`));
    await page.getByRole('tab', { name: ui.discussions.sort.hot }).click();
    const link = page.getByTestId('feed').getByRole('link', { name: post.title });
    await link.waitFor(WAIT);
    await link.click();
    await page.getByRole('heading', { name: post.title }).waitFor(WAIT);
    // The image another member uploaded opens for this member (the post's access decides).
    const image = page.locator('article img').first();
    await image.waitFor(WAIT);
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), WAIT)
      .toBe(1);
    await page.getByText('@小明').first().waitFor(WAIT);
    await page.getByLabel(ui.discussions.comments.placeholder).fill(replyText);
    await page.getByRole('button', { name: ui.discussions.comments.submit, exact: true }).click();
    await page.getByTestId('comment').getByText(replyText).waitFor(WAIT);
    await page
      .getByRole('heading', { name: fill(ui.discussions.comments.title_one, { count: '1' }) })
      .waitFor(WAIT);
    await shot(page, 'reply');
  });

  it('the author sees the reply on the post', async () => {
    const page = authorBrowser.page;
    await page.getByTestId('feed').getByRole('link', { name: post.title }).click();
    await page.getByRole('heading', { name: post.title }).waitFor(WAIT);
    const comment = page.getByTestId('comment').filter({ hasText: replyText });
    await comment.waitFor(WAIT);
    await comment.getByText(reader.name).waitFor(WAIT);
    await shot(page, 'author-sees-reply');
  });
});

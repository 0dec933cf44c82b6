import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type Account,
  apiSession,
  browserAvailable,
  JOURNEYS,
  launchBrowser,
  type RunningBrowser,
  type RunningServer,
  screenshot,
  setUpOperator,
  startServer,
  WAIT,
} from './harness';

const operator: Account = {
  email: 'operator@example.com',
  name: '站长',
  password: 'Quiet-Harbor-Lantern-42',
};
const owner: Account = { email: 'owner@example.com', name: '社群主', password: 'Amber-Willow-Harbor-71' };
const reader: Account = { email: 'reader@example.com', name: '小红', password: 'Maple-Orbit-Violet-93' };

/** A post with one thread of five replies: the first page shows three, the last two are behind "view more". */
async function seed(baseUrl: string) {
  const api = await apiSession(baseUrl, owner, { register: true });
  try {
    const { community } = await api.post<{ community: { id: string } }>('/api/communities', {
      slug: 'anchors',
      name: '锚点社 Anchors',
      joinPolicy: 'open',
    });
    const { plan } = await api.post<{ plan: { id: string } }>(`/api/communities/${community.id}/plans`, {
      kind: 'free',
      name: '免费 Free',
      priceMinor: 0,
      currency: 'CNY',
    });
    const post = await api.post<{ id: string }>(`/api/communities/${community.id}/posts`, {
      title: '链接到评论 Linking to comments',
      body: '正文 body',
    });
    const top = await api.post<{ id: string }>(`/api/posts/${post.id}/comments`, {
      body: '第一条评论 first',
    });
    const replies: string[] = [];
    for (let i = 1; i <= 5; i++)
      replies.push(
        (
          await api.post<{ id: string }>(`/api/posts/${post.id}/comments`, {
            body: `回复 reply ${i}`,
            parentId: top.id,
          })
        ).id,
      );
    return { communityId: community.id, planId: plan.id, postId: post.id, topId: top.id, replies };
  } finally {
    await api.close();
  }
}

const hasBrowser = browserAvailable();

describe.skipIf(!hasBrowser).each(JOURNEYS)('comment links in a $locale browser', ({ locale }) => {
  let server: RunningServer;
  let browser: RunningBrowser;
  let data: Awaited<ReturnType<typeof seed>>;
  let current: Page | undefined;

  beforeAll(async () => {
    server = await startServer();
    await setUpOperator(server.baseUrl, operator);
    data = await seed(server.baseUrl);
    browser = await launchBrowser(locale);
    const headers = { origin: server.baseUrl };
    const registered = await browser.context.request.post(`${server.baseUrl}/api/auth/register`, {
      data: { email: reader.email, displayName: reader.name, password: reader.password },
      headers,
    });
    expect(registered.ok(), await registered.text()).toBe(true);
    const joined = await browser.context.request.post(
      `${server.baseUrl}/api/communities/${data.communityId}/join`,
      { data: { planId: data.planId }, headers },
    );
    expect(joined.ok(), await joined.text()).toBe(true);
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && current)
      await screenshot(current, locale, 'comment-anchors-failure').catch(() => {});
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('scrolls to and marks a comment on the first page', async () => {
    const page = browser.page;
    current = page;
    await page.goto(`${server.baseUrl}/posts/${data.postId}#comment-${data.topId}`);
    const target = page.locator(`[id="comment-${data.topId}"]`);
    await target.waitFor(WAIT);
    await expect.poll(() => target.getAttribute('aria-current'), WAIT).toBe('location');
    await expect.poll(() => target.isVisible(), WAIT).toBe(true);
    // The mark is brief.
    await expect.poll(() => target.getAttribute('aria-current'), WAIT).toBeNull();
  });

  it('fetches a reply that only "view more" would load, and shows it in its thread', async () => {
    const page = browser.page;
    current = page;
    const last = data.replies[4] as string;
    // A fresh page load, as when the link is opened from search.
    await page.goto(`${server.baseUrl}/`);
    await page.goto(`${server.baseUrl}/posts/${data.postId}#comment-${last}`);
    const target = page.locator(`[id="comment-${last}"]`);
    await target.waitFor(WAIT);
    await target.getByText('回复 reply 5').waitFor(WAIT);
    await expect.poll(() => target.getAttribute('aria-current'), WAIT).toBe('location');
    // In its thread, once: the other hidden reply is still behind "view more".
    const thread = page.getByTestId('thread');
    await expect.poll(() => thread.locator(`[id="comment-${last}"]`).count(), WAIT).toBe(1);
    await expect.poll(() => page.getByText('回复 reply 4').count(), WAIT).toBe(0);
    await screenshot(page, locale, 'comment-anchor-reply');
  });
});

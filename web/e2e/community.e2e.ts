import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  recordTestVideo,
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
const member: Account = { email: 'member@example.com', name: 'Bob 学员', password: 'Maple-Orbit-Violet-93' };

const site = {
  slug: 'rust-club',
  name: 'Rust 学习社 Rust Club',
  freePlan: '免费体验 Starter',
  paidPlan: '年度会员 Annual',
  course: 'Rust 入门 Rust Basics',
  freeLesson: '第一课 Ownership',
  freeBody: 'Every value in Rust has an owner',
  paidLesson: '第二课 Borrowing',
  paidBody: 'References let you borrow a value without taking ownership',
};

/** The creator's side, through the API: a community with a free and a paid plan, one course. */
async function createCommunity(baseUrl: string, video: Buffer): Promise<{ courseId: string }> {
  const api = await apiSession(baseUrl, creator, { register: true });
  try {
    const { community } = await api.post<{ community: { id: string } }>('/api/communities', {
      slug: site.slug,
      name: site.name,
      description: '**Learn Rust together.** Weekly lessons, code reviews and a friendly crowd.',
      welcomeMessage: 'Welcome aboard! Start with *Rust Basics*.',
      rulesText: '1. Be kind.\n2. Share what you learn.',
      tags: ['rust', 'programming'],
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
      priceMinor: 19_900,
      currency: 'CNY',
      termDays: 365,
    });
    const upload = await api.upload(
      { kind: 'video', communityId: community.id },
      { name: 'borrowing.webm', mimeType: 'video/webm', buffer: video },
    );
    const course = await api.post<{ id: string }>(`/api/communities/${community.id}/courses`, {
      title: site.course,
      summary: 'Ownership, borrowing and lifetimes, one step at a time.',
      status: 'published',
    });
    const chapter = await api.post<{ id: string }>(`/api/courses/${course.id}/chapters`, {
      title: '基础 Foundations',
    });
    await api.post(`/api/chapters/${chapter.id}/lessons`, {
      title: site.freeLesson,
      body: `${site.freeBody}.\n\n\`\`\`rust\nlet s = String::from("hello");\n\`\`\``,
      freePreview: true,
      status: 'published',
      estimatedMinutes: 8,
    });
    await api.post(`/api/chapters/${chapter.id}/lessons`, {
      title: site.paidLesson,
      body: `${site.paidBody}.`,
      freePreview: false,
      videoFileId: upload.id,
      status: 'published',
      estimatedMinutes: 12,
    });
    return { courseId: course.id };
  } finally {
    await api.close();
  }
}

async function openLesson(page: Page, title: string) {
  await page.getByTestId('outline-lesson').filter({ hasText: title }).first().click();
  await visible(page, 'heading', title);
}

async function expectCoursePercentage(page: Page, ui: Strings, percent: number) {
  const text = fill(ui.course.progress, { percent: String(percent) });
  await expect.poll(() => page.getByTestId('course-percentage').first().textContent(), WAIT).toBe(text);
}

const hasBrowser = browserAvailable();

describe.skipIf(!hasBrowser).each(JOURNEYS)('a community in a $locale browser', ({ locale, ui }) => {
  let server: RunningServer;
  let browser: RunningBrowser;
  let page: Page;
  let courseId = '';
  let stepNo = 0;
  const shot = (step: string) =>
    screenshot(page, locale, `community-${String(++stepNo).padStart(2, '0')}-${step}`);

  beforeAll(async () => {
    server = await startServer();
    await setUpOperator(server.baseUrl, operator);
    browser = await launchBrowser(locale);
    page = browser.page;
    await page.goto(`${server.baseUrl}/discover`);
    ({ courseId } = await createCommunity(server.baseUrl, await recordTestVideo(page)));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  skipRestAfterFailure(() => (page ? shot('FAILED') : undefined));

  it('lists the community on the discover page', async () => {
    await page.goto(`${server.baseUrl}/discover`);
    await visible(page, 'heading', ui.discover.title);
    const card = page.getByTestId('community-card').filter({ hasText: site.name });
    await card.waitFor({ state: 'visible', ...WAIT });
    await shot('discover');
    await card.click();
    await visible(page, 'heading', site.name);
  });

  it('shows a visitor the landing page with plans and the course catalogue', async () => {
    await visible(page, 'heading', ui.community.plansTitle);
    await page.getByText('Learn Rust together.').waitFor({ state: 'visible', ...WAIT });
    expect(await page.getByTestId('plan-option').count()).toBe(2);
    // A visitor's Join leads to the log-in page, so it is a link.
    await visible(page, 'link', fill(ui.community.join.ctaLabel, { plan: site.freePlan }));
    await page.getByRole('link', { name: site.course }).waitFor({ state: 'visible', ...WAIT });
    await shot('landing-visitor');
  });

  it('opens the course outline with a free preview and a locked lesson', async () => {
    await page.getByRole('link', { name: site.course }).click();
    await visible(page, 'heading', site.course);
    expect(new URL(page.url()).pathname).toBe(`/courses/${courseId}`);
    await page
      .getByText(ui.course.freePreview, { exact: true })
      .first()
      .waitFor({ state: 'visible', ...WAIT });
    const paidRow = page.getByTestId('outline-lesson').filter({ hasText: site.paidLesson });
    expect(await paidRow.textContent()).toContain(ui.course.lock.join_required);
    await shot('course-visitor');
  });

  it('lets a visitor read the free lesson', async () => {
    await openLesson(page, site.freeLesson);
    await page
      .getByTestId('lesson-body')
      .getByText(site.freeBody)
      .waitFor({ state: 'visible', ...WAIT });
    await page
      .locator('pre code.hljs')
      .first()
      .waitFor({ state: 'visible', ...WAIT });
    await shot('free-lesson-visitor');
  });

  it('meets the join wall, with the plans, on the paid lesson', async () => {
    await page.getByRole('link', { name: ui.lesson.next }).click();
    await visible(page, 'heading', ui.lesson.wall.joinTitle);
    const wall = page.getByTestId('access-wall');
    await wall.getByText(site.freePlan).waitFor({ state: 'visible', ...WAIT });
    await wall.getByText(site.paidPlan).waitFor({ state: 'visible', ...WAIT });
    expect(await page.getByText(site.paidBody).count()).toBe(0);
    await shot('paid-lesson-join-wall');
  });

  it('signs up from the landing page and comes back to join', async () => {
    await page.getByRole('link', { name: fill(ui.lesson.wall.join, { name: site.name }) }).click();
    await visible(page, 'heading', ui.community.plansTitle);
    await page.getByRole('link', { name: fill(ui.community.join.ctaLabel, { plan: site.freePlan }) }).click();
    await visible(page, 'heading', ui.login.title);
    await page.getByRole('link', { name: ui.login.registerLink }).click();
    await visible(page, 'heading', ui.register.title);
    await field(page, ui.fields.email).fill(member.email);
    await field(page, ui.fields.displayName).fill(member.name);
    await field(page, ui.fields.password).fill(member.password);
    await page.getByRole('button', { name: ui.register.submit }).click();
    await page.waitForURL(`**/c/${site.slug}`, WAIT);
    await visible(page, 'button', fill(ui.community.join.ctaLabel, { plan: site.freePlan }));
    await shot('landing-signed-in');
  });

  it('joins with the free plan and sees the welcome message', async () => {
    await page
      .getByRole('button', { name: fill(ui.community.join.ctaLabel, { plan: site.freePlan }) })
      .click();
    await page
      .getByRole('status')
      .filter({ hasText: fill(ui.community.join.welcomeTitle, { name: site.name }) })
      .waitFor({ state: 'visible', ...WAIT });
    await page
      .getByText('Welcome aboard!')
      .first()
      .waitFor({ state: 'visible', ...WAIT });
    await shot('joined');
  });

  it('reads the paid lesson and marks it complete', async () => {
    await page.getByRole('link', { name: site.course }).click();
    await visible(page, 'heading', site.course);
    await openLesson(page, site.paidLesson);
    await page
      .getByTestId('lesson-body')
      .getByText(site.paidBody)
      .waitFor({ state: 'visible', ...WAIT });
    await page.getByRole('button', { name: ui.lesson.markComplete }).click();
    await page.getByText(ui.lesson.completed).waitFor({ state: 'visible', ...WAIT });
    await expect
      .poll(() => page.getByTestId('lesson-course-percentage').textContent(), WAIT)
      .toBe(fill(ui.lesson.courseProgress, { percent: '50' }));
    await shot('paid-lesson-completed');
  });

  it('saves the video position on pause and resumes from it', async () => {
    const video = page.locator('video');
    await video.waitFor({ state: 'visible', ...WAIT });
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), WAIT).toBeGreaterThan(0);
    const saved = page.waitForRequest(
      (r) =>
        r.method() === 'PUT' && r.url().endsWith('/progress') && (r.postData() ?? '').includes('position'),
      WAIT,
    );
    await video.evaluate(async (v: HTMLVideoElement) => {
      v.muted = true;
      v.currentTime = 2.6;
      await new Promise((resolve) => v.addEventListener('seeked', resolve, { once: true }));
      await v.play();
      v.pause();
    });
    expect(JSON.parse((await saved).postData() ?? '{}')).toEqual({ positionSeconds: 2 });
    await (await saved).response();

    await page.reload();
    await visible(page, 'heading', site.paidLesson);
    await expect
      .poll(() => page.locator('video').evaluate((v: HTMLVideoElement) => v.currentTime), WAIT)
      .toBeGreaterThanOrEqual(2);
    await shot('video-resumed');
  });

  it('marks the free lesson complete too', async () => {
    await page.getByRole('link', { name: ui.lesson.previous }).click();
    await visible(page, 'heading', site.freeLesson);
    await page.getByRole('button', { name: ui.lesson.markComplete }).click();
    await expect
      .poll(() => page.getByTestId('lesson-course-percentage').textContent(), WAIT)
      .toBe(fill(ui.lesson.courseProgress, { percent: '100' }));
    await shot('free-lesson-completed');
  });

  it('shows the course at 100 %', async () => {
    await page.goto(`${server.baseUrl}/courses/${courseId}`);
    await visible(page, 'heading', site.course);
    await expectCoursePercentage(page, ui, 100);
    await page.getByText(ui.course.allDone).waitFor({ state: 'visible', ...WAIT });
    await shot('course-complete');
  });

  it('shows the member the community home with their progress and the member list', async () => {
    await page.goto(`${server.baseUrl}/c/${site.slug}/home`);
    await visible(page, 'heading', fill(ui.community.home.welcomeTitle, { name: site.name }));
    await expectCoursePercentage(page, ui, 100);
    await page
      .getByTestId('member-item')
      .filter({ hasText: member.name })
      .waitFor({ state: 'visible', ...WAIT });
    await shot('community-home');
  });

  it('fits a phone screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.baseUrl}/c/${site.slug}`);
    await visible(page, 'heading', site.name);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot('landing-phone');
    await page.goto(`${server.baseUrl}/courses/${courseId}`);
    await visible(page, 'heading', site.course);
    await shot('course-phone');
  });
});

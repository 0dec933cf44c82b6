import { type APIRequestContext, type Locator, type Page, request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../src/i18n/en.json';
import zhCN from '../src/i18n/zh-CN.json';
import {
  browserAvailable,
  fill,
  launchBrowser,
  type RunningBrowser,
  type RunningServer,
  screenshot,
  skipRestAfterFailure,
  startServer,
} from './harness';

const WAIT = { timeout: 15_000 };

const RUNS = [
  { locale: 'zh-CN', ui: zhCN },
  { locale: 'en-US', ui: en },
] as const;

const operator = { email: 'operator@example.com', displayName: '站长', password: 'Quiet-Harbor-Lantern-42' };
const creator = { email: 'creator@example.com', name: '创作者 Carol', password: 'Maple-Orbit-Violet-93' };
const TAKEN_SLUG = 'ai-club';
const SLUG = 'ai-club-cn';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** An input by its label, which may end with the required-field asterisk. */
const field = (page: Page | Locator, label: string) =>
  page.getByLabel(new RegExp(`^${escapeRegExp(label)}(\\s*\\*)?$`));

/** Chooses an option of a Mantine Select by the select's label. */
async function choose(page: Page, label: string, option: string) {
  await page.getByRole('combobox', { name: new RegExp(`^${escapeRegExp(label)}(\\s*\\*)?$`) }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

const hasBrowser = browserAvailable();

describe.skipIf(!hasBrowser).each(RUNS)('creator studio in a $locale browser', ({ locale, ui }) => {
  const s = ui.studio;
  let server: RunningServer;
  let browser: RunningBrowser;
  let page: Page;
  let api: APIRequestContext;
  let stepNo = 0;
  const shot = (step: string) =>
    screenshot(page, locale, `studio-${String(++stepNo).padStart(2, '0')}-${step}`);
  const visible = (role: 'heading' | 'button' | 'link', name: string | RegExp) =>
    page
      .getByRole(role, { name })
      .first()
      .waitFor({ state: 'visible', ...WAIT });
  /** The lesson titles of the course outline, in the order shown. */
  const lessonOrder = () => page.getByTestId('lesson-title').allTextContents();

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser(locale);
    page = browser.page;
    // The operator, set up through the API, already runs a community whose address we will try to take.
    api = await request.newContext({ baseURL: server.baseUrl, extraHTTPHeaders: { origin: server.baseUrl } });
    const setup = await api.post('/api/setup', { data: { ...operator, locale: 'zh-CN' } });
    expect(setup.status(), await setup.text()).toBe(201);
    const taken = await api.post('/api/communities', { data: { slug: TAKEN_SLUG, name: 'AI Club' } });
    expect(taken.status(), await taken.text()).toBe(201);
  });

  afterAll(async () => {
    await api?.dispose();
    await browser?.close();
    await server?.stop();
  });

  skipRestAfterFailure(() => (page ? shot('FAILED') : undefined));

  it('a creator signs up and opens the empty studio', async () => {
    await page.goto(`${server.baseUrl}/register`);
    await field(page, ui.fields.email).fill(creator.email);
    await field(page, ui.fields.displayName).fill(creator.name);
    await field(page, ui.fields.password).fill(creator.password);
    await page.getByRole('button', { name: ui.register.submit }).click();
    await visible('heading', fill(ui.home.member.title, { name: creator.name }));

    await page
      .getByRole('navigation', { name: ui.nav.main })
      .getByRole('link', { name: s.nav })
      .first()
      .click();
    await visible('heading', s.mine.title);
    await visible('heading', s.mine.emptyTitle);
    await shot('empty');
  });

  it('creates a community; a taken address shows its error next to the field', async () => {
    await page.getByRole('link', { name: s.mine.create }).first().click();
    await visible('heading', s.create.title);
    await field(page, s.community.name).fill('人工智能学习社');
    await field(page, s.community.slug).fill(TAKEN_SLUG);
    await field(page, s.community.description).fill('## 欢迎加入\n\n一起学习 **机器学习**。');
    const preview = page.getByRole('region', {
      name: fill(s.markdown.preview, { label: s.community.description }),
    });
    await preview.locator('strong', { hasText: '机器学习' }).waitFor(WAIT);
    await choose(page, s.community.joinPolicy, s.community.joinPolicyOption.open);
    await shot('create-form');

    await page.getByRole('button', { name: s.create.submit }).click();
    const slug = field(page, s.community.slug);
    await expect.poll(() => slug.getAttribute('aria-invalid'), WAIT).toBe('true');
    const error = page.locator(`[id="${await slug.getAttribute('id')}-error"]`);
    await error.waitFor({ state: 'visible', ...WAIT });
    expect(await error.textContent()).toContain(ui.errors.slug_taken);
    await shot('slug-taken');

    await slug.fill(SLUG);
    await page.getByRole('button', { name: s.create.submit }).click();
    await page.waitForURL(`**/studio/c/${SLUG}/plans`, WAIT);
    await visible('heading', '人工智能学习社');
    await page.getByText(s.create.doneTitle).waitFor(WAIT);
  });

  it('adds a free plan and a paid plan', async () => {
    await field(page, s.plans.name).fill('免费体验');
    await page.getByRole('button', { name: s.plans.add }).click();
    const table = page.getByRole('table', { name: s.plans.title });
    await table.getByRole('cell', { name: '免费体验', exact: true }).waitFor(WAIT);

    await choose(page, s.plans.kind, s.plans.kinds.fixed_term);
    await field(page, s.plans.name).fill('年度会员');
    await field(page, s.plans.price).fill('199.9');
    await field(page, s.plans.termDays).fill('365');
    await page.getByRole('button', { name: s.plans.add }).click();
    await table.getByRole('cell', { name: '年度会员', exact: true }).waitFor(WAIT);
    await table.getByText(/199\.90/).waitFor(WAIT);

    // The price typed in yuan was stored in fen.
    const landing = await page.evaluate(
      async (slug) => (await fetch(`/api/communities/${slug}`)).json(),
      SLUG,
    );
    const prices = (landing as { plans: { name: string; priceMinor: number; currency: string }[] }).plans.map(
      (p) => [p.name, p.priceMinor, p.currency],
    );
    expect(prices).toEqual([
      ['免费体验', 0, 'CNY'],
      ['年度会员', 19990, 'CNY'],
    ]);
    await shot('plans');
  });

  it('creates a course and a chapter', async () => {
    await page.getByRole('tab', { name: s.tabs.courses }).click();
    await visible('heading', s.courses.title);
    await page.getByRole('button', { name: s.courses.new }).click();
    const dialog = page.getByRole('dialog');
    await field(dialog, s.course.title).fill('机器学习入门');
    await field(dialog, s.course.summary).fill('从零开始的机器学习课程。');
    await dialog.getByRole('button', { name: s.courses.create }).click();
    await page.waitForURL('**/courses/*', WAIT);
    await visible('heading', s.outline.title);

    await page.getByRole('textbox', { name: s.outline.chapterTitle }).fill('第一章 基础');
    await page.getByRole('button', { name: s.outline.addChapter }).click();
    await visible('heading', '第一章 基础');
    await shot('course');
  });

  async function addLesson(title: string, body: string, freePreview: boolean) {
    await page
      .getByRole('textbox', { name: fill(s.outline.lessonTitle, { chapter: '第一章 基础' }) })
      .fill(title);
    await page.getByRole('button', { name: s.outline.addLesson }).click();
    await page.waitForURL('**/lessons/*', WAIT);
    await field(page, s.lesson.body).waitFor(WAIT);
    await field(page, s.lesson.body).fill(body);
    if (freePreview) await page.getByRole('switch', { name: s.lesson.freePreview }).check();
    await choose(page, s.statusLabel, s.status.published);
    await field(page, s.lesson.estimatedMinutes).fill('15');
  }

  it('adds a free-preview lesson whose markdown shows in the live preview, and publishes it', async () => {
    await addLesson('第 1 课：什么是机器学习', '# 什么是机器学习\n\n这是 **免费试看** 内容。', true);
    const preview = page.getByRole('region', { name: fill(s.markdown.preview, { label: s.lesson.body }) });
    await preview.locator('h1', { hasText: '什么是机器学习' }).waitFor(WAIT);
    await preview.locator('strong', { hasText: '免费试看' }).waitFor(WAIT);
    await page.getByRole('button', { name: s.lesson.save }).click();
    await page.getByRole('status').filter({ hasText: s.saved }).waitFor(WAIT);
    await shot('lesson-1');
  });

  it('adds and publishes a second lesson', async () => {
    await page.getByRole('link', { name: '机器学习入门' }).click();
    await visible('heading', s.outline.title);
    await addLesson('第 2 课：线性回归', '## 线性回归\n\n用一条直线拟合数据。', false);
    await page.getByRole('button', { name: s.lesson.save }).click();
    await page.getByRole('status').filter({ hasText: s.saved }).waitFor(WAIT);
    await shot('lesson-2');
  });

  it('publishes the course', async () => {
    await page.getByRole('link', { name: '机器学习入门' }).click();
    await visible('heading', s.course.settings);
    expect(await lessonOrder()).toEqual(['第 1 课：什么是机器学习', '第 2 课：线性回归']);
    await choose(page, s.statusLabel, s.status.published);
    await page.getByRole('button', { name: s.course.save }).click();
    await page.getByRole('status').filter({ hasText: s.saved }).waitFor(WAIT);
    const courseId = new URL(page.url()).pathname.split('/').pop() ?? '';
    const outline = (await page.evaluate(
      async (id) => (await fetch(`/api/courses/${id}`)).json(),
      courseId,
    )) as {
      course: { status: string };
      chapters: { lessons: { status: string; freePreview: boolean }[] }[];
    };
    expect(outline.course.status).toBe('published');
    expect(outline.chapters[0]?.lessons.map((l) => [l.status, l.freePreview])).toEqual([
      ['published', true],
      ['published', false],
    ]);
    await shot('course-published');
  });

  it('reorders the lessons from the keyboard, and the order persists after a reload', async () => {
    const handle = page.getByRole('button', { name: fill(s.sortable.handle, { name: '第 2 课：线性回归' }) });
    const moved = page.waitForResponse(
      (response) => response.request().method() === 'PATCH' && /\/api\/lessons\//.test(response.url()),
      WAIT,
    );
    await handle.focus();
    await page.keyboard.press('Space');
    await page.waitForTimeout(200);
    await page.keyboard.press('ArrowUp');
    await page.waitForTimeout(400);
    await page.keyboard.press('Space');
    expect((await moved).status()).toBe(200);
    expect(await lessonOrder()).toEqual(['第 2 课：线性回归', '第 1 课：什么是机器学习']);

    await page.reload();
    await visible('heading', s.outline.title);
    await page.getByTestId('lesson-title').first().waitFor(WAIT);
    expect(await lessonOrder()).toEqual(['第 2 课：线性回归', '第 1 课：什么是机器学习']);
    await shot('reordered');
  });

  /** The course's outline as the API sends it, read from the page's own session. */
  const fetchOutline = async () => {
    const courseId = new URL(page.url()).pathname.split('/').pop() ?? '';
    return (await page.evaluate(async (id) => (await fetch(`/api/courses/${id}`)).json(), courseId)) as {
      chapters: { title: string; lessons: { id: string; title: string }[] }[];
    };
  };

  it('sets a prerequisite lesson, which stays after a reload', async () => {
    const lessons = (await fetchOutline()).chapters[0]?.lessons ?? [];
    const second = lessons.find((l) => l.title === '第 2 课：线性回归');
    await page.getByRole('link', { name: '第 1 课：什么是机器学习' }).click();
    await page.waitForURL('**/lessons/*', WAIT);
    await choose(page, s.lesson.prerequisite, '第 2 课：线性回归');
    await page.getByRole('button', { name: s.lesson.save }).click();
    await page.getByRole('status').filter({ hasText: s.saved }).waitFor(WAIT);
    const lessonId = new URL(page.url()).pathname.split('/').pop() ?? '';
    const saved = (await page.evaluate(
      async (id) => (await fetch(`/api/lessons/${id}`)).json(),
      lessonId,
    )) as {
      prerequisiteLessonId: string | null;
    };
    expect(saved.prerequisiteLessonId).toBe(second?.id);

    await page.reload();
    const select = page.getByRole('combobox', {
      name: new RegExp(`^${escapeRegExp(s.lesson.prerequisite)}`),
    });
    await expect.poll(() => select.inputValue(), WAIT).toBe('第 2 课：线性回归');
    await shot('prerequisite');
  });

  it('deletes a lesson and a chapter, and the outline forgets them', async () => {
    await page.getByRole('link', { name: '机器学习入门' }).click();
    await visible('heading', s.outline.title);
    await page.getByRole('textbox', { name: s.outline.chapterTitle }).fill('第二章 进阶');
    await page.getByRole('button', { name: s.outline.addChapter }).click();
    await visible('heading', '第二章 进阶');
    const addToChapter2 = async (title: string) => {
      const chapter = page.getByRole('region', { name: '第二章 进阶' });
      await chapter
        .getByRole('textbox', { name: fill(s.outline.lessonTitle, { chapter: '第二章 进阶' }) })
        .fill(title);
      await chapter.getByRole('button', { name: s.outline.addLesson }).click();
      await page.waitForURL('**/lessons/*', WAIT);
      await field(page, s.lesson.body).waitFor(WAIT);
    };

    // A lesson, from its editor: the dialog says what goes, then the course's outline opens.
    await addToChapter2('第 3 课：草稿');
    await page.getByRole('button', { name: s.deletion.lessonConfirm }).click();
    const lessonDialog = page.getByRole('dialog', {
      name: fill(s.deletion.lessonTitle, { title: '第 3 课：草稿' }),
    });
    await lessonDialog.getByText(s.deletion.lessonBody).waitFor(WAIT);
    await shot('delete-lesson-confirm');
    await lessonDialog.getByRole('button', { name: s.deletion.lessonConfirm }).click();
    await page.getByText(fill(s.deletion.lessonDone, { title: '第 3 课：草稿' })).waitFor(WAIT);
    await visible('heading', s.outline.title);
    await page.getByRole('region', { name: '第二章 进阶' }).getByText(s.outline.noLessons).waitFor(WAIT);
    expect(await lessonOrder()).toEqual(['第 2 课：线性回归', '第 1 课：什么是机器学习']);

    // A chapter with a lesson in it, from the chapter's menu.
    await addToChapter2('第 4 课：进阶');
    await page.getByRole('link', { name: '机器学习入门' }).click();
    await visible('heading', s.outline.title);
    await page.getByTestId('lesson-title').filter({ hasText: '第 4 课：进阶' }).waitFor(WAIT);
    await page.getByRole('button', { name: fill(s.outline.chapterActions, { name: '第二章 进阶' }) }).click();
    await page.getByRole('menuitem', { name: s.deletion.chapterConfirm }).click();
    const chapterDialog = page.getByRole('dialog', {
      name: fill(s.deletion.chapterTitle, { title: '第二章 进阶' }),
    });
    const body = locale === 'en-US' ? s.deletion.chapterBody_one : s.deletion.chapterBody_other;
    await chapterDialog.getByText(fill(body, { count: '1' })).waitFor(WAIT);
    await chapterDialog.getByRole('button', { name: s.deletion.chapterConfirm }).click();
    await page.getByText(fill(s.deletion.chapterDone, { title: '第二章 进阶' })).waitFor(WAIT);
    await page.getByRole('heading', { name: '第二章 进阶' }).waitFor({ state: 'detached', ...WAIT });
    expect(await lessonOrder()).toEqual(['第 2 课：线性回归', '第 1 课：什么是机器学习']);
    const outline = await fetchOutline();
    expect(outline.chapters.map((c) => [c.title, c.lessons.map((l) => l.title)])).toEqual([
      ['第一章 基础', ['第 2 课：线性回归', '第 1 课：什么是机器学习']],
    ]);
    await shot('deleted');
  });

  it('moves a lesson to another chapter from its menu', async () => {
    await page.getByRole('textbox', { name: s.outline.chapterTitle }).fill('第三章 实践');
    await page.getByRole('button', { name: s.outline.addChapter }).click();
    await visible('heading', '第三章 实践');
    await page
      .getByRole('button', { name: fill(s.outline.lessonActions, { name: '第 1 课：什么是机器学习' }) })
      .click();
    await page.getByRole('menuitem', { name: '第三章 实践' }).click();
    await page
      .getByText(fill(s.outline.moved, { title: '第 1 课：什么是机器学习', chapter: '第三章 实践' }))
      .waitFor(WAIT);
    await page
      .getByRole('region', { name: '第三章 实践' })
      .getByTestId('lesson-title')
      .filter({ hasText: '第 1 课：什么是机器学习' })
      .waitFor(WAIT);
    const outline = await fetchOutline();
    expect(outline.chapters.map((c) => [c.title, c.lessons.map((l) => l.title)])).toEqual([
      ['第一章 基础', ['第 2 课：线性回归']],
      ['第三章 实践', ['第 1 课：什么是机器学习']],
    ]);
    await shot('moved');
  });

  it('lists the community under my communities', async () => {
    await page.getByRole('link', { name: s.title }).first().click();
    await visible('heading', s.mine.title);
    await page.getByRole('link', { name: fill(s.mine.openNamed, { name: '人工智能学习社' }) }).waitFor(WAIT);
    await shot('mine');
  });
});

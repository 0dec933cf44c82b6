import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Account,
  type ApiSession,
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
const owner: Account = {
  email: 'owner@example.com',
  name: '社群主 Olivia',
  password: 'Amber-Willow-Harbor-71',
};
const moderator: Account = {
  email: 'moderator@example.com',
  name: '版主 Mo',
  password: 'Cedar-Ripple-Falcon-58',
};
const applicant: Account = {
  email: 'applicant@example.com',
  name: '申请人 Ann',
  password: 'Maple-Orbit-Violet-93',
};
const newcomer: Account = {
  email: 'newcomer@example.com',
  name: '新人 Ned',
  password: 'Juniper-Comet-Anchor-26',
};

/** A community that reviews who joins, with a members-only lesson; and one that joins by invitation. */
const site = {
  approval: { slug: 'go-guild', name: 'Go 学习会 Go Guild', plan: '会员 Members' },
  invite: { slug: 'salon', name: '私享沙龙 Private Salon', plan: '受邀 Invited' },
  course: 'Go 并发 Go Concurrency',
  lesson: '第一课 Goroutines',
  lessonBody: 'A goroutine is a function running concurrently with others',
  nextLesson: '第二课 Channels',
  banReason: 'Shared the paid lessons publicly',
};

interface Setup {
  courseId: string;
  lessonId: string;
}

async function createPlan(api: ApiSession, communityId: string, name: string): Promise<string> {
  const { plan } = await api.post<{ plan: { id: string } }>(`/api/communities/${communityId}/plans`, {
    kind: 'free',
    name,
    priceMinor: 0,
    currency: 'CNY',
  });
  return plan.id;
}

/**
 * The owner's side, through the API: the approval community with a members-only lesson and a
 * moderator on its member list, and the invitation-only community.
 */
async function createCommunities(baseUrl: string): Promise<Setup> {
  const api = await apiSession(baseUrl, owner, { register: true });
  const mod = await apiSession(baseUrl, moderator, { register: true });
  try {
    const { community } = await api.post<{ community: { id: string } }>('/api/communities', {
      slug: site.approval.slug,
      name: site.approval.name,
      joinPolicy: 'approval',
    });
    const planId = await createPlan(api, community.id, site.approval.plan);
    const course = await api.post<{ id: string }>(`/api/communities/${community.id}/courses`, {
      title: site.course,
      summary: 'Goroutines and channels, step by step.',
      status: 'published',
    });
    const chapter = await api.post<{ id: string }>(`/api/courses/${course.id}/chapters`, {
      title: '基础 Basics',
    });
    const lesson = await api.post<{ id: string }>(`/api/chapters/${chapter.id}/lessons`, {
      title: site.lesson,
      body: `${site.lessonBody}.`,
      freePreview: false,
      status: 'published',
    });
    await api.post(`/api/chapters/${chapter.id}/lessons`, {
      title: site.nextLesson,
      body: 'Channels connect goroutines.',
      freePreview: false,
      status: 'published',
    });
    const me = await mod.get<{ user: { id: string } }>('/api/me');
    await api.post(`/api/communities/${community.id}/members/${me.user.id}/grant`, { planId });
    const role = await api.context.put(`/api/communities/${community.id}/roles/${me.user.id}`, {
      data: { role: 'moderator' },
    });
    if (!role.ok()) throw new Error(`PUT role: ${role.status()} ${await role.text()}`);

    const invite = await api.post<{ community: { id: string } }>('/api/communities', {
      slug: site.invite.slug,
      name: site.invite.name,
      joinPolicy: 'invite',
    });
    await createPlan(api, invite.community.id, site.invite.plan);
    return { courseId: course.id, lessonId: lesson.id };
  } finally {
    await mod.close();
    await api.close();
  }
}

/** Signs the browser in (or up) through the API: its cookie lands in the browser's own jar. */
async function signIn(browser: RunningBrowser, baseUrl: string, account: Account, register = false) {
  const response = register
    ? await browser.context.request.post(`${baseUrl}/api/auth/register`, {
        data: { email: account.email, displayName: account.name, password: account.password },
        headers: { origin: baseUrl },
      })
    : await browser.context.request.post(`${baseUrl}/api/auth/login`, {
        data: { email: account.email, password: account.password },
        headers: { origin: baseUrl },
      });
  if (!response.ok())
    throw new Error(`Signing in ${account.email}: ${response.status()} ${await response.text()}`);
}

const hasBrowser = browserAvailable();

describe.skipIf(!hasBrowser).each(JOURNEYS)('memberships in a $locale browser', ({ locale, ui }) => {
  let server: RunningServer;
  let ownerBrowser: RunningBrowser;
  let memberBrowser: RunningBrowser;
  let newcomerBrowser: RunningBrowser | undefined;
  let setup: Setup;
  let stepNo = 0;
  let current: Page | undefined;
  let invitationUrl = '';
  /** A screenshot of the page a step acted on last. */
  const shot = (page: Page, step: string) => {
    current = page;
    return screenshot(page, locale, `membership-${String(++stepNo).padStart(2, '0')}-${step}`);
  };
  const url = (path: string) => `${server.baseUrl}${path}`;

  beforeAll(async () => {
    server = await startServer();
    await setUpOperator(server.baseUrl, operator);
    setup = await createCommunities(server.baseUrl);
    ownerBrowser = await launchBrowser(locale);
    memberBrowser = await launchBrowser(locale);
    await signIn(ownerBrowser, server.baseUrl, owner);
    await signIn(memberBrowser, server.baseUrl, applicant, true);
  });

  afterAll(async () => {
    await newcomerBrowser?.close();
    await memberBrowser?.close();
    await ownerBrowser?.close();
    await server?.stop();
  });

  skipRestAfterFailure(() => (current ? shot(current, 'FAILED') : undefined));

  it('a user asks to join an approval community and waits', async () => {
    const page = memberBrowser.page;
    await page.goto(url(`/c/${site.approval.slug}`));
    await visible(page, 'heading', site.approval.name);
    await page
      .getByRole('button', { name: fill(ui.community.join.ctaLabel, { plan: site.approval.plan }) })
      .click();
    await page
      .getByRole('status')
      .filter({ hasText: ui.community.join.requestSentTitle })
      .first()
      .waitFor({ state: 'visible', ...WAIT });
    await page.goto(url(`/lessons/${setup.lessonId}`));
    await visible(page, 'heading', ui.lesson.wall.joinTitle);
    await shot(page, 'request-sent');
  });

  it('the owner approves the request in the studio', async () => {
    const page = ownerBrowser.page;
    await page.goto(url(`/studio/c/${site.approval.slug}/requests`));
    await visible(page, 'heading', ui.studio.requests.joinTitle);
    await page
      .getByRole('button', { name: fill(ui.studio.requests.approveNamed, { name: applicant.name }) })
      .click();
    await page.getByText(ui.studio.requests.joinEmpty).waitFor({ state: 'visible', ...WAIT });
    await shot(page, 'request-approved');
  });

  it('the new member sees the community home, with the team’s roles, and the lesson', async () => {
    const page = memberBrowser.page;
    await page.goto(url(`/c/${site.approval.slug}/home`));
    await visible(page, 'heading', fill(ui.community.home.welcomeTitle, { name: site.approval.name }));
    const members = page.getByTestId('member-item');
    await members.filter({ hasText: applicant.name }).waitFor({ state: 'visible', ...WAIT });
    const mod = members.filter({ hasText: moderator.name });
    await mod.getByText(ui.community.home.role.moderator).waitFor({ state: 'visible', ...WAIT });
    expect(await members.filter({ hasText: applicant.name }).getByTestId('member-role').count()).toBe(0);
    await shot(page, 'member-home');

    await page.goto(url(`/lessons/${setup.lessonId}`));
    await visible(page, 'heading', site.lesson);
    await page
      .getByTestId('lesson-body')
      .getByText(site.lessonBody)
      .waitFor({ state: 'visible', ...WAIT });
    await shot(page, 'member-lesson');
  });

  it('the course page offers to start, then to continue with the next lesson', async () => {
    const page = memberBrowser.page;
    await page.goto(url(`/courses/${setup.courseId}`));
    await visible(page, 'heading', site.course);
    const start = page.getByRole('link', { name: ui.course.start });
    await start.waitFor({ state: 'visible', ...WAIT });
    expect(await start.getAttribute('href')).toBe(`/lessons/${setup.lessonId}`);
    await start.click();
    await visible(page, 'heading', site.lesson);
    await page.getByRole('button', { name: ui.lesson.markComplete }).click();
    await page.getByText(ui.lesson.completed).waitFor({ state: 'visible', ...WAIT });

    await page.goto(url(`/courses/${setup.courseId}`));
    await visible(page, 'link', fill(ui.course.continueLesson, { title: site.nextLesson }));
    await shot(page, 'course-continue');
    await page
      .getByRole('link', { name: fill(ui.course.continueLesson, { title: site.nextLesson }) })
      .click();
    await visible(page, 'heading', site.nextLesson);
  });

  it('the owner bans the member from the studio with a reason', async () => {
    const page = ownerBrowser.page;
    await page.goto(url(`/studio/c/${site.approval.slug}/members`));
    const actions = fill(ui.studio.members.actionsFor, { name: applicant.name });
    await visible(page, 'button', actions);
    await page.getByRole('button', { name: actions }).click();
    await page.getByRole('menuitem', { name: ui.studio.members.actions.ban }).click();
    const dialog = page.getByRole('dialog', {
      name: fill(ui.studio.members.dialog.ban, { name: applicant.name }),
    });
    await dialog.waitFor({ state: 'visible', ...WAIT });
    await field(page, ui.studio.members.reason).fill(site.banReason);
    await dialog.getByRole('button', { name: ui.studio.members.actions.ban }).click();
    await dialog.waitFor({ state: 'hidden', ...WAIT });

    // The reason is kept in the member's history.
    await page.getByRole('button', { name: actions }).click();
    await page.getByRole('menuitem', { name: ui.studio.members.history }).click();
    await page
      .getByText(fill(ui.studio.members.reasonShown, { reason: site.banReason }))
      .first()
      .waitFor({ state: 'visible', ...WAIT });
    await shot(page, 'member-banned');
  });

  it('the banned user meets the wall on the members-only lesson', async () => {
    const page = memberBrowser.page;
    await page.goto(url(`/lessons/${setup.lessonId}`));
    await visible(page, 'heading', ui.lesson.wall.joinTitle);
    expect(await page.getByText(site.lessonBody).count()).toBe(0);
    await shot(page, 'banned-wall');
  });

  it('the owner creates an invitation link in the studio', async () => {
    const page = ownerBrowser.page;
    await page.goto(url(`/studio/c/${site.invite.slug}/invitations`));
    await visible(page, 'heading', ui.studio.invitations.newTitle);
    await page.getByRole('button', { name: ui.studio.invitations.create }).click();
    const link = page.getByRole('textbox', { name: ui.studio.invitations.link });
    await link.waitFor({ state: 'visible', ...WAIT });
    invitationUrl = await link.inputValue();
    expect(invitationUrl).toMatch(new RegExp(`/c/${site.invite.slug}\\?invite=`));
    await shot(page, 'invitation-created');
  });

  it('a new user opens the link, signs up, joins and lands in the community home', async () => {
    newcomerBrowser = await launchBrowser(locale);
    const page = newcomerBrowser.page;
    await page.goto(invitationUrl);
    await visible(page, 'heading', site.invite.name);
    const join = fill(ui.community.join.ctaLabel, { plan: site.invite.plan });
    await page.getByRole('link', { name: join }).click();
    await visible(page, 'heading', ui.login.title);
    await page.getByRole('link', { name: ui.login.registerLink }).click();
    await visible(page, 'heading', ui.register.title);
    await field(page, ui.fields.email).fill(newcomer.email);
    await field(page, ui.fields.displayName).fill(newcomer.name);
    await field(page, ui.fields.password).fill(newcomer.password);
    await page.getByRole('button', { name: ui.register.submit }).click();
    await page.waitForURL(
      (at) => at.pathname === `/c/${site.invite.slug}` && at.searchParams.has('invite'),
      WAIT,
    );
    await page.getByRole('button', { name: join }).click();
    const welcome = page
      .getByRole('status')
      .filter({ hasText: fill(ui.community.join.welcomeTitle, { name: site.invite.name }) });
    await welcome.waitFor({ state: 'visible', ...WAIT });
    await shot(page, 'invitation-joined');

    await welcome.getByRole('link', { name: ui.community.goHome }).click();
    await page.waitForURL((at) => at.pathname === `/c/${site.invite.slug}/home`, WAIT);
    await visible(page, 'heading', fill(ui.community.home.welcomeTitle, { name: site.invite.name }));
    await page
      .getByTestId('member-item')
      .filter({ hasText: newcomer.name })
      .waitFor({ state: 'visible', ...WAIT });
    await shot(page, 'invitation-home');
  });
});

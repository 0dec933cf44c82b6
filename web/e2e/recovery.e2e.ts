import type { ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserAvailable,
  field,
  fill,
  JOURNEYS,
  launchBrowser,
  type Mailbox,
  operatorMailbox,
  type RunningBrowser,
  type RunningServer,
  type Strings,
  screenshot,
  skipRestAfterFailure,
  startServer,
  visible,
  WAIT,
} from './harness';

const operator = { email: 'owner@example.com', name: '站长 Alice', password: 'Quiet-Harbor-Lantern-42' };
const member = { email: 'member@example.com', name: 'Bob 学员', password: 'Maple-Orbit-Violet-93' };
/** Registered later, to confirm an address that no password reset has proved yet. */
const second = { email: 'carol@example.com', name: 'Carol 新人', password: 'Silver-Canyon-Thistle-64' };
const NEW_PASSWORD = 'Copper-Meadow-Falcon-57';
const UNKNOWN_EMAIL = 'nobody-here@example.com';

/** The text of the first visible element with this role once it holds `text`. */
async function expectRoleText(page: Page, role: 'alert' | 'status', text: string) {
  const box = page.getByRole(role).filter({ hasText: text }).first();
  await box.waitFor({ state: 'visible', ...WAIT });
  expect(await box.textContent()).toContain(text);
}

/** The field's own error message, linked by Mantine as `<id>-error`, and `aria-invalid`. */
async function expectFieldError(page: Page, label: string, message: string) {
  const input = field(page, label);
  await expect.poll(() => input.getAttribute('aria-invalid'), WAIT).toBe('true');
  const id = await input.getAttribute('id');
  const error = page.locator(`[id="${id}-error"]`);
  await error.waitFor({ state: 'visible', ...WAIT });
  expect(await error.textContent()).toContain(message);
}

/** The profile's e-mail badge says verified, and the confirm-your-e-mail notice is gone. */
async function expectVerified(page: Page, ui: Strings) {
  await page.getByText(ui.profile.verified, { exact: true }).waitFor({ state: 'visible', ...WAIT });
  expect(await page.getByText(ui.profile.unverified, { exact: true }).count()).toBe(0);
  expect(await page.getByText(ui.profile.verifyNotice.title, { exact: true }).count()).toBe(0);
}

async function logOut(page: Page, ui: Strings, name: string) {
  await page.getByRole('button', { name: fill(ui.nav.userMenu, { name }) }).click();
  await page.getByRole('menuitem', { name: ui.nav.logout }).click();
  await visible(page, 'heading', ui.home.guest.title);
}

async function logIn(page: Page, ui: Strings, email: string, password: string) {
  await field(page, ui.fields.email).fill(email);
  await field(page, ui.fields.password).fill(password);
  await page.getByRole('button', { name: ui.login.submit }).click();
}

async function requestReset(page: Page, ui: Strings, email: string) {
  await visible(page, 'heading', ui.forgot.title);
  await field(page, ui.fields.email).fill(email);
  await page.getByRole('button', { name: ui.forgot.submit }).click();
  await visible(page, 'status', ui.forgot.sentTitle);
  await expectRoleText(page, 'status', fill(ui.forgot.sent, { email }));
}

async function setNewPassword(page: Page, ui: Strings, password: string) {
  await field(page, ui.reset.newPassword).fill(password);
  await field(page, ui.reset.confirmPassword).fill(password);
  await page.getByRole('button', { name: ui.reset.submit }).click();
}

const hasBrowser = browserAvailable();

describe.skipIf(!hasBrowser).each(JOURNEYS)('account recovery in a $locale browser', ({ locale, ui }) => {
  let server: RunningServer;
  let browser: RunningBrowser;
  let page: Page;
  let mailbox: Mailbox | undefined;
  let resetLink = '';
  let stepNo = 0;
  const shot = (step: string) =>
    screenshot(page, locale, `recovery-${String(++stepNo).padStart(2, '0')}-${step}`);

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser(locale);
    page = browser.page;
  });

  afterAll(async () => {
    await mailbox?.close();
    await browser?.close();
    await server?.stop();
  });

  skipRestAfterFailure(() => (page ? shot('FAILED') : undefined));

  it('sets up the operator and registers a member, then logs out', async () => {
    await page.goto(`${server.baseUrl}/`);
    await page.waitForURL('**/setup', WAIT);
    await visible(page, 'heading', ui.setup.title);
    await field(page, ui.fields.email).fill(operator.email);
    await field(page, ui.fields.displayName).fill(operator.name);
    await field(page, ui.fields.password).fill(operator.password);
    await page.getByRole('button', { name: ui.setup.submit }).click();
    await visible(page, 'heading', fill(ui.home.member.title, { name: operator.name }));
    await logOut(page, ui, operator.name);

    await page.getByRole('link', { name: ui.nav.register }).first().click();
    await visible(page, 'heading', ui.register.title);
    await field(page, ui.fields.email).fill(member.email);
    await field(page, ui.fields.displayName).fill(member.name);
    await field(page, ui.fields.password).fill(member.password);
    await page.getByRole('button', { name: ui.register.submit }).click();
    await visible(page, 'heading', fill(ui.home.member.title, { name: member.name }));
    await shot('member-registered');
    await logOut(page, ui, member.name);
  });

  it('asks for a reset link from the log-in page and shows the check-your-mail confirmation', async () => {
    await page.getByRole('link', { name: ui.nav.login }).first().click();
    await visible(page, 'heading', ui.login.title);
    await page.getByRole('link', { name: ui.login.forgot }).click();
    await page.waitForURL('**/forgot-password', WAIT);
    await requestReset(page, ui, member.email);
    await shot('forgot-sent');
  });

  it('shows the same confirmation for an e-mail that has no account', async () => {
    await page.goto(`${server.baseUrl}/forgot-password`);
    await requestReset(page, ui, UNKNOWN_EMAIL);
    await shot('forgot-sent-unknown');
  });

  it('mails the member a reset link, and nobody else', async () => {
    mailbox = await operatorMailbox(server.baseUrl, operator);
    resetLink = await mailbox.waitForLink(member.email, '/reset-password');
    expect(resetLink.startsWith(`${server.baseUrl}/reset-password?token=`)).toBe(true);
    expect((await mailbox.list()).filter((mail) => mail.to === UNKNOWN_EMAIL)).toEqual([]);
  });

  it('refuses a weak password on the reset page, next to the field', async () => {
    await page.goto(resetLink);
    await visible(page, 'heading', ui.reset.title);
    await setNewPassword(page, ui, 'password123');
    await expectFieldError(page, ui.reset.newPassword, ui.errors.password_weak);
    await shot('reset-weak-password');
  });

  it('sets a strong new password', async () => {
    await setNewPassword(page, ui, NEW_PASSWORD);
    await visible(page, 'status', ui.reset.doneTitle);
    await expectRoleText(page, 'status', ui.reset.done);
    await shot('reset-done');
  });

  it('refuses the old password with the invalid-credentials message', async () => {
    await page.getByRole('link', { name: ui.reset.goLogin }).click();
    await visible(page, 'heading', ui.login.title);
    await logIn(page, ui, member.email, member.password);
    await expectRoleText(page, 'alert', ui.errors.invalid_credentials);
    await shot('login-old-password');
  });

  it('logs in with the new password', async () => {
    await field(page, ui.fields.password).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: ui.login.submit }).click();
    await visible(page, 'heading', fill(ui.home.member.title, { name: member.name }));
    await shot('login-new-password');
  });

  it('calls the used reset link invalid or expired', async () => {
    await page.goto(resetLink);
    await visible(page, 'heading', ui.reset.title);
    // The page only learns the token is spent when it is submitted.
    await setNewPassword(page, ui, 'Another-Strong-Pass-81');
    await expectRoleText(page, 'alert', ui.errors.token_invalid);
    await visible(page, 'link', ui.reset.requestNew);
    await shot('reset-link-used');
  });

  it('counts the completed reset as proof of the address: the profile shows it verified', async () => {
    // The server marks the address verified when a reset link from its mail is used.
    await page.goto(`${server.baseUrl}/profile`);
    await visible(page, 'heading', ui.profile.title);
    await expectVerified(page, ui);
    await shot('profile-verified-by-reset');
    await logOut(page, ui, member.name);
  });

  it('asks a newly registered member to confirm the e-mail address on the profile', async () => {
    await page.getByRole('link', { name: ui.nav.register }).first().click();
    await visible(page, 'heading', ui.register.title);
    await field(page, ui.fields.email).fill(second.email);
    await field(page, ui.fields.displayName).fill(second.name);
    await field(page, ui.fields.password).fill(second.password);
    await page.getByRole('button', { name: ui.register.submit }).click();
    await visible(page, 'heading', fill(ui.home.member.title, { name: second.name }));

    await page.goto(`${server.baseUrl}/profile`);
    await visible(page, 'heading', ui.profile.title);
    await page
      .getByText(ui.profile.verifyNotice.title, { exact: true })
      .waitFor({ state: 'visible', ...WAIT });
    await page
      .getByText(fill(ui.profile.verifyNotice.text, { email: second.email }), { exact: true })
      .waitFor({ state: 'visible', ...WAIT });
    await page.getByText(ui.profile.unverified, { exact: true }).waitFor({ state: 'visible', ...WAIT });
    await shot('profile-unverified');
  });

  it('confirms the e-mail address with the link from the mail', async () => {
    if (!mailbox) throw new Error('The mailbox was not opened.');
    const verifyLink = await mailbox.waitForLink(second.email, '/verify-email');
    expect(verifyLink.startsWith(`${server.baseUrl}/verify-email?token=`)).toBe(true);
    await page.goto(verifyLink);
    await visible(page, 'heading', ui.verify.title);
    await visible(page, 'status', ui.verify.successTitle);
    await expectRoleText(page, 'status', fill(ui.verify.success, { email: second.email }));
    await shot('verify-done');
  });

  it('no longer asks for confirmation on the profile, and shows the address as verified', async () => {
    await page.getByRole('link', { name: ui.verify.goProfile }).click();
    await visible(page, 'heading', ui.profile.title);
    await expectVerified(page, ui);
    await shot('profile-verified');

    // The same after a full reload, from the server's answer rather than the page's cache.
    await page.reload();
    await visible(page, 'heading', ui.profile.title);
    await expectVerified(page, ui);
  });

  it('renders the API docs (Swagger UI) under the site’s Content-Security-Policy', async () => {
    const blocked: string[] = [];
    const onConsole = (message: ConsoleMessage) => {
      if (/Content[- ]Security[- ]Policy/i.test(message.text())) blocked.push(message.text());
    };
    page.on('console', onConsole);
    try {
      await page.goto(`${server.baseUrl}/api/docs/`);
      const title = page.locator('.swagger-ui .info .title');
      await title
        .filter({ hasText: 'Zhishe API' })
        .waitFor({ state: 'visible', ...WAIT })
        .catch((error: unknown) => {
          throw new Error(`Swagger UI did not render. CSP reports:\n${blocked.join('\n') || '(none)'}`, {
            cause: error,
          });
        });
      await shot('api-docs');
      expect(blocked, 'Content-Security-Policy violations on /api/docs/').toEqual([]);
    } finally {
      page.off('console', onConsole);
    }
  });
});

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../src/i18n/en.json';
import zhCN from '../src/i18n/zh-CN.json';
import {
  browserAvailable,
  field,
  fill,
  launchBrowser,
  type RunningBrowser,
  type RunningServer,
  type Strings,
  screenshot,
  skipRestAfterFailure,
  startServer,
  visible,
  WAIT,
} from './harness';

const JOURNEYS = [
  { locale: 'zh-CN', lng: 'zh-CN', ui: zhCN, other: { lng: 'en', ui: en } },
  { locale: 'en-US', lng: 'en', ui: en, other: { lng: 'zh-CN', ui: zhCN } },
] as const;

const operator = { email: 'owner@example.com', name: '站长 Alice', password: 'Quiet-Harbor-Lantern-42' };
const member = { email: 'member@example.com', name: 'Bob 学员', password: 'Maple-Orbit-Violet-93' };

async function fillAccountForm(page: Page, ui: Strings, account: typeof member, password: string) {
  await field(page, ui.fields.email).fill(account.email);
  await field(page, ui.fields.displayName).fill(account.name);
  await field(page, ui.fields.password).fill(password);
}

async function logOut(page: Page, ui: Strings, name: string) {
  await page.getByRole('button', { name: fill(ui.nav.userMenu, { name }) }).click();
  await page.getByRole('menuitem', { name: ui.nav.logout }).click();
  await visible(page, 'heading', ui.home.guest.title);
}

const hasBrowser = browserAvailable();

describe.skipIf(!hasBrowser).each(JOURNEYS)('journey in a $locale browser', ({ locale, lng, ui, other }) => {
  let server: RunningServer;
  let browser: RunningBrowser;
  let page: Page;
  let stepNo = 0;
  const shot = (step: string) => screenshot(page, locale, `${String(++stepNo).padStart(2, '0')}-${step}`);

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser(locale);
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  skipRestAfterFailure(() => (page ? shot('FAILED') : undefined));

  it('a fresh site opens the setup page, in the browser language', async () => {
    await page.goto(`${server.baseUrl}/`);
    await page.waitForURL('**/setup', WAIT);
    await visible(page, 'heading', ui.setup.title);
    expect(await page.locator('html').getAttribute('lang')).toBe(lng);
    await shot('setup');
  });

  it('creates the operator, who is signed in', async () => {
    await fillAccountForm(page, ui, operator, operator.password);
    await page.getByRole('button', { name: ui.setup.submit }).click();
    await visible(page, 'heading', fill(ui.home.member.title, { name: operator.name }));
    expect(new URL(page.url()).pathname).toBe('/');
    await shot('home-operator');
  });

  it('logs out, and the profile then asks for a log-in', async () => {
    await logOut(page, ui, operator.name);
    await shot('home-guest');
    await page.goto(`${server.baseUrl}/profile`);
    await page.waitForURL('**/login?next=%2Fprofile', WAIT);
    await visible(page, 'heading', ui.login.title);
    await shot('login-redirect');
  });

  it('shows the server’s weak-password error next to the password field', async () => {
    await page.getByRole('link', { name: ui.nav.register }).first().click();
    await visible(page, 'heading', ui.register.title);
    await fillAccountForm(page, ui, member, 'password123');
    await page.getByRole('button', { name: ui.register.submit }).click();

    const password = field(page, ui.fields.password);
    await expect.poll(() => password.getAttribute('aria-invalid'), WAIT).toBe('true');
    const id = await password.getAttribute('id');
    const error = page.locator(`[id="${id}-error"]`);
    await error.waitFor({ state: 'visible', ...WAIT });
    expect(await error.textContent()).toContain(ui.errors.password_weak);
    await shot('register-weak-password');
  });

  it('registers a second user', async () => {
    await field(page, ui.fields.password).fill(member.password);
    await page.getByRole('button', { name: ui.register.submit }).click();
    await visible(page, 'heading', fill(ui.home.member.title, { name: member.name }));
    await shot('home-member');
    await logOut(page, ui, member.name);
  });

  it('logs in as that user', async () => {
    await page.getByRole('link', { name: ui.nav.login }).first().click();
    await visible(page, 'heading', ui.login.title);
    await field(page, ui.fields.email).fill(member.email);
    await field(page, ui.fields.password).fill(member.password);
    await shot('login');
    await page.getByRole('button', { name: ui.login.submit }).click();
    await visible(page, 'heading', fill(ui.home.member.title, { name: member.name }));
    await shot('home-after-login');
  });

  it('switches the interface to the other language', async () => {
    const current = ui.language[lng];
    await page.getByRole('button', { name: fill(ui.language.switch, { current }) }).click();
    await page.getByRole('menuitem', { name: other.ui.language[other.lng] }).click();

    await visible(page, 'heading', fill(other.ui.home.member.title, { name: member.name }));
    await visible(page, 'heading', other.ui.home.featuresTitle);
    expect(await page.getByRole('heading', { name: ui.home.featuresTitle }).count()).toBe(0);
    expect(await page.locator('html').getAttribute('lang')).toBe(other.lng);
    await shot('home-switched-language');
  });

  it('opens the profile with the display name and this device’s session', async () => {
    const ui2 = other.ui;
    await page.getByRole('button', { name: fill(ui2.nav.userMenu, { name: member.name }) }).click();
    await page.getByRole('menuitem', { name: ui2.nav.profile }).click();
    await visible(page, 'heading', ui2.profile.title);

    expect(await page.getByTestId('profile-display-name').textContent()).toBe(member.name);
    expect(await field(page, ui2.fields.displayName).inputValue()).toBe(member.name);
    await visible(page, 'heading', ui2.profile.sessions.title);
    await page.getByText(ui2.profile.sessions.thisDevice).waitFor({ state: 'visible', ...WAIT });
    expect(await page.getByTestId('session-item').count()).toBeGreaterThanOrEqual(1);
    await shot('profile');
  });
});

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type APIRequestContext, type BrowserContext, chromium, type Page, request } from 'playwright-core';
import { afterEach, beforeEach } from 'vitest';
import en from '../src/i18n/en.json';
import zhCN from '../src/i18n/zh-CN.json';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'test-artifacts', 'e2e');
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// E2E_SERVER_ENTRY: run the journey against another build of the server (e.g. a patched copy).
const SERVER_ENTRY = process.env.E2E_SERVER_ENTRY ?? path.join(REPO_ROOT, 'dist', 'server', 'main.js');

/**
 * Whether the browser tests can run here. Without Debian's Chromium they skip with a loud
 * warning on a developer machine, and fail on CI, where a skipped suite would hide a gap.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  const message = `${CHROMIUM_PATH} is missing: install Debian's chromium (apt-get install -y chromium fonts-noto-cjk). Browser tests need it; they never download a browser.`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n${'!'.repeat(80)}\n!! SKIPPING BROWSER TESTS: ${message}\n${'!'.repeat(80)}\n`);
  return false;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  baseUrl: string;
  stop: () => Promise<void>;
}

async function waitForHealth(baseUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`The server exited with code ${child.exitCode} before it was healthy:\n${output()}`);
    }
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The server was not healthy within 60 s:\n${output()}`);
}

/** The real built server on a free port with a fresh, empty data directory; `env` adds settings. */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  if (!existsSync(SERVER_ENTRY)) {
    throw new Error(`${SERVER_ENTRY} is missing: build the server first (npm run build).`);
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'zhishe-e2e-data-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [SERVER_ENTRY, 'serve'], {
    cwd: REPO_ROOT,
    // PUBLIC_URL is the address the browser uses, so links in e-mails open on the same origin.
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: baseUrl,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const collect = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(baseUrl, child, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, stop };
}

export interface RunningBrowser {
  context: BrowserContext;
  page: Page;
  close: () => Promise<void>;
}

/** Debian's Chromium with a throwaway profile, speaking the given browser language. */
export async function launchBrowser(locale: string): Promise<RunningBrowser> {
  const profileDir = await mkdtemp(path.join(tmpdir(), 'zhishe-e2e-chromium-'));
  // Playwright refuses --user-data-dir in launch(); a persistent context takes the directory instead.
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    locale,
    viewport: { width: 1280, height: 860 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      await rm(profileDir, { recursive: true, force: true });
    },
  };
}

/** A full-page screenshot per visited page, named `<locale>-<step>.png`. */
export async function screenshot(page: Page, locale: string, step: string): Promise<void> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, `${locale}-${step}.png`), fullPage: true });
}

/** i18next-style `{{name}}` interpolation, so tests compare against the translation files. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => values[key] ?? whole);
}

export interface SentMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  transport: string;
  createdAt: string;
}

export interface Mailbox {
  /** The newest mail to `to` whose text holds a `<baseUrl><pathname>?token=…` link: that link. */
  waitForLink: (to: string, pathname: string, options?: { after?: Set<string> }) => Promise<string>;
  /** The newest twenty messages. */
  list: () => Promise<SentMail[]>;
  /** The ids of every mail sent so far, to wait for a newer one later. */
  seen: () => Promise<Set<string>>;
  close: () => Promise<void>;
}

/**
 * The operator's view of the site's mail (`GET /api/admin/mail`), from a request context of its
 * own, signed in with `POST /api/auth/login`, so it never touches the browser's cookies.
 * Without SMTP every message is recorded there; the outbox delivers it within about a second.
 */
export async function operatorMailbox(
  baseUrl: string,
  operator: { email: string; password: string },
): Promise<Mailbox> {
  const api: APIRequestContext = await request.newContext({ baseURL: baseUrl });
  const login = await api.post('/api/auth/login', {
    data: { email: operator.email, password: operator.password },
    headers: { origin: baseUrl },
  });
  if (!login.ok()) {
    await api.dispose();
    throw new Error(
      `The operator could not log in for the mail log: ${login.status()} ${await login.text()}`,
    );
  }

  const list = async (): Promise<SentMail[]> => {
    const response = await api.get('/api/admin/mail?limit=20');
    if (!response.ok()) throw new Error(`GET /api/admin/mail: ${response.status()} ${await response.text()}`);
    return ((await response.json()) as { items: SentMail[] }).items;
  };

  const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  return {
    list,
    seen: async () => new Set((await list()).map((mail) => mail.id)),
    waitForLink: async (to, pathname, options = {}) => {
      const link = new RegExp(`${escapeRegExp(baseUrl)}${escapeRegExp(pathname)}\\?token=[^\\s"'<>)]+`);
      const deadline = Date.now() + 15_000;
      let last: SentMail[] = [];
      while (Date.now() < deadline) {
        last = await list();
        for (const mail of last) {
          if (mail.to !== to || options.after?.has(mail.id)) continue;
          const found = link.exec(mail.text);
          if (found) return found[0];
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const summary = last.map((mail) => `${mail.to}: ${mail.subject}`).join('\n');
      throw new Error(`No mail to ${to} with a ${pathname} link within 15 s. Mail so far:\n${summary}`);
    },
    close: () => api.dispose(),
  };
}

// ── shared steps ─────────────────────────────────────────────────────────────

export const WAIT = { timeout: 15_000 };

/**
 * For a `describe` whose steps build on each other: after a failure, keep a picture of it
 * (`onFailure`, whose own errors are swallowed so they never hide the failure) and skip the rest,
 * which would only fail again.
 */
export function skipRestAfterFailure(onFailure: () => Promise<unknown> | undefined): void {
  let broken = false;
  beforeEach((ctx) => {
    if (broken) ctx.skip();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    broken = true;
    await onFailure()?.catch(() => undefined);
  });
}

/** The interface's strings, typed from the English file (both files have the same keys). */
export type Strings = typeof en;

/** Every journey runs once per interface language: the browser's locale, the app's language, its strings. */
export const JOURNEYS = [
  { locale: 'zh-CN', language: 'zh-CN', ui: zhCN },
  { locale: 'en-US', language: 'en', ui: en },
] as const;

export interface Account {
  email: string;
  name: string;
  password: string;
}

/** An input by its label, which may end with the required-field asterisk. */
export const field = (page: Page, label: string) =>
  page.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s*\\*)?$`));

/** Waits until the first element with this role and accessible name is visible. */
export const visible = (
  page: Page,
  role: 'heading' | 'button' | 'link' | 'menuitem' | 'alert' | 'status' | 'region',
  name: string,
) =>
  page
    .getByRole(role, { name })
    .first()
    .waitFor({ state: 'visible', ...WAIT });

/** Signs `account` in through the login form and waits to leave it. */
export async function logIn(page: Page, ui: Strings, baseUrl: string, account: Account) {
  await page.goto(`${baseUrl}/login`);
  await visible(page, 'heading', ui.login.title);
  await field(page, ui.fields.email).fill(account.email);
  await field(page, ui.fields.password).fill(account.password);
  await page.getByRole('button', { name: ui.login.submit }).click();
  await page.waitForURL((url) => url.pathname !== '/login', WAIT);
}

/**
 * A request context of its own, signed in as `account` (registered first when `register`), for
 * setting up data through the API. The server's origin check wants our own Origin on writes.
 */
export async function apiSession(
  baseUrl: string,
  account: Account,
  options: { register?: boolean } = {},
): Promise<ApiSession> {
  const context = await request.newContext({ baseURL: baseUrl, extraHTTPHeaders: { origin: baseUrl } });
  const session = new ApiSession(context);
  if (options.register) {
    await session.post('/api/auth/register', {
      email: account.email,
      displayName: account.name,
      password: account.password,
    });
  } else {
    await session.post('/api/auth/login', { email: account.email, password: account.password });
  }
  return session;
}

/** Each account reads the site in `language`: a signed-in person's own setting wins over the browser's. */
export async function setLanguage(baseUrl: string, accounts: Account[], language: string): Promise<void> {
  for (const account of accounts) {
    const session = await apiSession(baseUrl, account);
    try {
      const response = await session.context.patch('/api/me', { data: { locale: language } });
      if (!response.ok()) throw new Error(`PATCH /api/me: ${response.status()} ${await response.text()}`);
    } finally {
      await session.close();
    }
  }
}

/** JSON calls that throw with the server's answer when it is not a success. */
export class ApiSession {
  constructor(readonly context: APIRequestContext) {}

  async post<T = unknown>(path: string, data: unknown): Promise<T> {
    const response = await this.context.post(path, { data });
    if (!response.ok()) throw new Error(`POST ${path}: ${response.status()} ${await response.text()}`);
    return (await response.json()) as T;
  }

  async get<T = unknown>(path: string): Promise<T> {
    const response = await this.context.get(path);
    if (!response.ok()) throw new Error(`GET ${path}: ${response.status()} ${await response.text()}`);
    return (await response.json()) as T;
  }

  /** `POST /api/files`: the form's fields first, then the file, as the server wants them. */
  async upload(
    fields: Record<string, string>,
    file: { name: string; mimeType: string; buffer: Buffer },
  ): Promise<{ id: string }> {
    const response = await this.context.post('/api/files', { multipart: { ...fields, file } });
    if (!response.ok()) throw new Error(`POST /api/files: ${response.status()} ${await response.text()}`);
    return (await response.json()) as { id: string };
  }

  close(): Promise<void> {
    return this.context.dispose();
  }
}

/**
 * A few seconds of real, playable WebM video, recorded from a canvas by the browser itself
 * (MediaRecorder), so video tests need no binary fixture.
 */
export async function recordTestVideo(page: Page, seconds = 4): Promise<Buffer> {
  const base64 = await page.evaluate(async (ms) => {
    const canvas = document.createElement('canvas');
    canvas.width = 160;
    canvas.height = 90;
    const g = canvas.getContext('2d');
    const recorder = new MediaRecorder(canvas.captureStream(15), { mimeType: 'video/webm;codecs=vp8' });
    const chunks: Blob[] = [];
    recorder.ondataavailable = (event) => chunks.push(event.data);
    recorder.start(250);
    const start = performance.now();
    await new Promise<void>((resolve) => {
      const frame = () => {
        const elapsed = performance.now() - start;
        if (g) {
          g.fillStyle = `hsl(${Math.round(elapsed / 10) % 360}, 70%, 50%)`;
          g.fillRect(0, 0, canvas.width, canvas.height);
        }
        if (elapsed < ms) requestAnimationFrame(frame);
        else resolve();
      };
      frame();
    });
    const stopped = new Promise((resolve) => {
      recorder.onstop = resolve;
    });
    recorder.stop();
    await stopped;
    const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return btoa(binary);
  }, seconds * 1000);
  return Buffer.from(base64, 'base64');
}

/** A fresh site's operator account, created through `POST /api/setup`. */
export async function setUpOperator(baseUrl: string, operator: Account): Promise<void> {
  const context = await request.newContext({ baseURL: baseUrl, extraHTTPHeaders: { origin: baseUrl } });
  try {
    const response = await context.post('/api/setup', {
      data: { email: operator.email, displayName: operator.name, password: operator.password },
    });
    if (!response.ok()) throw new Error(`POST /api/setup: ${response.status()} ${await response.text()}`);
  } finally {
    await context.dispose();
  }
}

// ── shared set-up: a community and its members ───────────────────────────────

export interface CommunitySeed {
  slug: string;
  name: string;
  description?: string;
  joinPolicy?: 'open' | 'approval';
  /** The name of the community's free plan. */
  plan?: string;
}

export interface SeededCommunity {
  id: string;
  slug: string;
  planId: string;
  /** The owner's API session, left open for more set-up; close it in `afterAll`. */
  owner: ApiSession;
}

/** Registers `owner` through the API and opens a community with one free plan. */
export async function seedCommunity(
  baseUrl: string,
  owner: Account,
  seed: CommunitySeed,
): Promise<SeededCommunity> {
  const api = await apiSession(baseUrl, owner, { register: true });
  try {
    const { community } = await api.post<{ community: { id: string } }>('/api/communities', {
      slug: seed.slug,
      name: seed.name,
      ...(seed.description ? { description: seed.description } : {}),
      ...(seed.joinPolicy ? { joinPolicy: seed.joinPolicy } : {}),
    });
    const { plan } = await api.post<{ plan: { id: string } }>(`/api/communities/${community.id}/plans`, {
      kind: 'free',
      name: seed.plan ?? 'Free',
      priceMinor: 0,
      currency: 'CNY',
    });
    return { id: community.id, slug: seed.slug, planId: plan.id, owner: api };
  } catch (error) {
    await api.close();
    throw error;
  }
}

/**
 * Registers `account` in the browser's own cookie jar, so its pages open signed in, and joins
 * the community's free plan when one is given.
 */
export async function signUpInBrowser(
  browser: RunningBrowser,
  baseUrl: string,
  account: Account,
  join?: { id: string; planId: string },
): Promise<void> {
  const headers = { origin: baseUrl };
  const registered = await browser.context.request.post(`${baseUrl}/api/auth/register`, {
    data: { email: account.email, displayName: account.name, password: account.password },
    headers,
  });
  if (!registered.ok())
    throw new Error(`register ${account.email}: ${registered.status()} ${await registered.text()}`);
  if (!join) return;
  const joined = await browser.context.request.post(`${baseUrl}/api/communities/${join.id}/join`, {
    data: { planId: join.planId },
    headers,
  });
  if (!joined.ok()) throw new Error(`join ${account.email}: ${joined.status()} ${await joined.text()}`);
}

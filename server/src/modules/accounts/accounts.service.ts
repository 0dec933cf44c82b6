import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../../db/dialect.js';
import type { DB } from '../../db/schema.js';
import type { Actor, SignedInUser, UserActor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { EventBus } from '../../platform/bus.js';
import type { Clock } from '../../platform/clock.js';
import {
  AppError,
  conflict,
  forbidden,
  invalidField,
  tooManyRequests,
  unauthenticated,
} from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { MAIL_TOPIC, type MailMessage, type QueuedMail } from '../../platform/mail.js';
import type { Outbox } from '../../platform/outbox.js';
import type { RateLimiter } from '../../platform/rate-limit.js';
import { hashToken, newToken } from '../../platform/tokens.js';
import { passwordResetMail, verifyEmailMail } from './accounts.mail.js';
import { can } from './accounts.policy.js';
import { presentSession, toLocale, toSignedInUser } from './accounts.presenter.js';
import * as q from './accounts.queries.js';
import type {
  ChangePasswordInput,
  LoginInput,
  RegisterInput,
  SessionDto,
  UpdateMeInput,
} from './accounts.schemas.js';
import { AccountErrors } from './accounts.schemas.js';
import { decoyPasswordHash, hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import { SessionCache } from './session-cache.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const SESSION_TTL_MS = 30 * DAY;
/** A session's expiry slides forward at most this often, so reads rarely write. */
const SESSION_RENEW_AFTER_MS = HOUR;
const RESET_TOKEN_TTL_MS = HOUR;
const VERIFY_TOKEN_TTL_MS = 48 * HOUR;
const MAX_SESSIONS_LISTED = 100;

export interface AuthLimits {
  loginPerIp: { limit: number; windowMs: number };
  loginFailuresPerAccount: { limit: number; windowMs: number };
  registerPerIp: { limit: number; windowMs: number };
  resetPerIp: { limit: number; windowMs: number };
  resetPerAccount: { limit: number; windowMs: number };
  passwordChangeFailures: { limit: number; windowMs: number };
  verifyResendPerUser: { limit: number; windowMs: number };
}

export const DEFAULT_AUTH_LIMITS: AuthLimits = {
  loginPerIp: { limit: 60, windowMs: 60_000 },
  loginFailuresPerAccount: { limit: 10, windowMs: 60_000 },
  registerPerIp: { limit: 30, windowMs: HOUR },
  resetPerIp: { limit: 10, windowMs: HOUR },
  resetPerAccount: { limit: 3, windowMs: HOUR },
  passwordChangeFailures: { limit: 10, windowMs: 15 * 60_000 },
  verifyResendPerUser: { limit: 5, windowMs: HOUR },
};

/** Where a request came from, for the session list and the audit log. */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export interface SessionGrant {
  user: SignedInUser;
  token: string;
}

export interface AccountsDeps {
  db: Kysely<DB>;
  clock: Clock;
  bus: EventBus;
  outbox: Outbox;
  limiter: RateLimiter;
  publicUrl: string;
  limits?: Partial<AuthLimits>;
}

/** Bus events that make every process forget cached sessions. */
const SESSIONS_REVOKED = 'accounts.sessions_revoked';
const USER_CHANGED = 'accounts.user_changed';

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

export class AccountsService {
  private readonly db: Kysely<DB>;
  private readonly clock: Clock;
  private readonly limits: AuthLimits;
  readonly sessionCache = new SessionCache();

  constructor(private readonly deps: AccountsDeps) {
    this.db = deps.db;
    this.clock = deps.clock;
    this.limits = { ...DEFAULT_AUTH_LIMITS, ...deps.limits };
    deps.bus.subscribe(SESSIONS_REVOKED, (event) => {
      for (const hash of (event.payload as { tokenHashes: string[] }).tokenHashes)
        this.sessionCache.forgetHash(hash);
    });
    deps.bus.subscribe(USER_CHANGED, (event) => {
      this.sessionCache.forgetUser((event.payload as { userId: string }).userId);
    });
  }

  // ── first run ────────────────────────────────────────────────────────────

  async isSetupNeeded(): Promise<boolean> {
    const done = await this.db
      .selectFrom('site_settings')
      .select('key')
      .where('key', '=', 'setup_done')
      .executeTakeFirst();
    return done === undefined;
  }

  /** Creates the operator account on a fresh install; refused once done. */
  async completeSetup(input: RegisterInput, client: ClientInfo): Promise<SessionGrant> {
    if (!(await this.isSetupNeeded()))
      throw conflict(AccountErrors.setupDone, 'This site is already set up.');
    return this.createAccount(input, 'operator', client, 'first-run');
  }

  // ── register, log in, log out ───────────────────────────────────────────

  async register(input: RegisterInput, client: ClientInfo): Promise<SessionGrant> {
    await this.limit(`register:ip:${client.ip}`, this.limits.registerPerIp);
    if (await this.isSetupNeeded()) {
      throw conflict(
        'setup_required',
        'This site has not been set up yet: create the operator account first.',
      );
    }
    return this.createAccount(input, 'user', client, null);
  }

  /** For the CLI: an operator account, or an existing account promoted to operator. */
  async createOperator(input: RegisterInput): Promise<{ user: SignedInUser; created: boolean }> {
    const existing = await q.findUserByEmail(this.db, normalizeEmail(input.email));
    if (!existing) {
      const { user } = await this.createAccount(input, 'operator', { ip: null, userAgent: null }, 'cli');
      return { user, created: true };
    }
    const now = this.clock.now();
    await this.db.transaction().execute(async (tx) => {
      await q.updateUser(tx, existing.id, { role: 'operator', updated_at: now });
      await markSetupDone(tx, now, 'cli');
      await recordAudit(
        tx,
        {
          actorId: null,
          action: 'account.promoted_to_operator',
          subjectType: 'user',
          subjectId: existing.id,
        },
        now,
      );
    });
    await this.userChanged(existing.id);
    return { user: toSignedInUser({ ...existing, role: 'operator' }), created: false };
  }

  async login(input: LoginInput, client: ClientInfo): Promise<SessionGrant> {
    const email = normalizeEmail(input.email);
    const accountKey = `login-fail:acct:${email}`;
    await this.limit(`login:ip:${client.ip}`, this.limits.loginPerIp);
    const failures = await this.deps.limiter.peek(accountKey);
    if (failures.count >= this.limits.loginFailuresPerAccount.limit)
      throw tooManyRequests(failures.resetInMs);

    const user = await q.findUserByEmail(this.db, email);
    // Unknown e-mail and wrong password do the same work and give the same answer.
    const ok = await verifyPassword(user?.password_hash ?? (await decoyPasswordHash()), input.password);
    if (!user || !ok) {
      await this.deps.limiter.hit(accountKey, this.limits.loginFailuresPerAccount.windowMs);
      throw new AppError(401, AccountErrors.invalidCredentials, 'The e-mail or password is not right.');
    }
    await this.deps.limiter.reset(accountKey);
    const token = await this.startSession(this.db, user.id, client);
    return { user: toSignedInUser(user), token };
  }

  async logout(actor: Actor): Promise<void> {
    if (actor.kind !== 'user') return;
    const hashes = await q.deleteSessions(this.db, { userId: actor.user.id, sessionId: actor.sessionId });
    await this.sessionsRevoked(hashes);
  }

  async logoutEverywhere(actor: Actor): Promise<void> {
    const self = this.requireUser(actor, 'account:manage-sessions');
    const now = this.clock.now();
    const hashes = await this.db.transaction().execute(async (tx) => {
      const revoked = await q.deleteSessions(tx, { userId: self.user.id });
      await recordAudit(
        tx,
        {
          actorId: self.user.id,
          action: 'account.logged_out_everywhere',
          subjectType: 'user',
          subjectId: self.user.id,
          ip: self.ip,
        },
        now,
      );
      return revoked;
    });
    await this.sessionsRevoked(hashes);
  }

  // ── sessions ─────────────────────────────────────────────────────────────

  /**
   * The signed-in user for a cookie token, or null. Served from memory when cached; the
   * expiry slides forward at most once an hour. `renewed` tells the caller to re-send the cookie.
   */
  async resolveSession(
    token: string,
  ): Promise<{ user: SignedInUser; sessionId: string; renewed: boolean } | null> {
    const now = this.clock.now();
    const tokenHash = this.sessionCache.hashOf(token);
    let entry = this.sessionCache.get(tokenHash, now);
    if (!entry) {
      const row = await q.findLiveSessionByTokenHash(this.db, tokenHash, now);
      if (!row) return null;
      entry = {
        sessionId: row.session_id,
        user: toSignedInUser(row),
        lastSeenAt: row.last_seen_at,
        expiresAt: row.expires_at,
        cachedAt: now,
      };
      this.sessionCache.set(tokenHash, entry);
    }
    let renewed = false;
    if (now - entry.lastSeenAt >= SESSION_RENEW_AFTER_MS) {
      entry.lastSeenAt = now;
      entry.expiresAt = now + SESSION_TTL_MS;
      await q.renewSession(this.db, entry.sessionId, entry.lastSeenAt, entry.expiresAt);
      renewed = true;
    }
    return { user: entry.user, sessionId: entry.sessionId, renewed };
  }

  async listSessions(actor: Actor): Promise<SessionDto[]> {
    const self = this.requireUser(actor, 'account:manage-sessions');
    const rows = await q.listUserSessions(this.db, self.user.id, this.clock.now(), MAX_SESSIONS_LISTED);
    return rows.map((row) => presentSession(row, self.sessionId));
  }

  async revokeSession(actor: Actor, sessionId: string): Promise<void> {
    const self = this.requireUser(actor, 'account:manage-sessions');
    const hashes = await q.deleteSessions(this.db, { userId: self.user.id, sessionId });
    if (hashes.length === 0) throw new AppError(404, 'not_found', 'No such session.');
    await this.sessionsRevoked(hashes);
  }

  // ── profile ──────────────────────────────────────────────────────────────

  getMe(actor: Actor): SignedInUser {
    return this.requireUser(actor, 'account:read-self').user;
  }

  async updateMe(actor: Actor, input: UpdateMeInput): Promise<SignedInUser> {
    const self = this.requireUser(actor, 'account:update-self');
    const changes = {
      ...(input.displayName !== undefined ? { display_name: input.displayName.trim() } : {}),
      ...(input.locale !== undefined ? { locale: input.locale } : {}),
      updated_at: this.clock.now(),
    };
    await q.updateUser(this.db, self.user.id, changes);
    await this.userChanged(self.user.id);
    const row = await q.findUserById(this.db, self.user.id);
    if (!row) throw unauthenticated();
    return toSignedInUser(row);
  }

  /** Changing the password signs out every other session. */
  async changePassword(actor: Actor, input: ChangePasswordInput): Promise<void> {
    const self = this.requireUser(actor, 'account:update-self');
    const failuresKey = `pw-change-fail:${self.user.id}`;
    const failures = await this.deps.limiter.peek(failuresKey);
    if (failures.count >= this.limits.passwordChangeFailures.limit) throw tooManyRequests(failures.resetInMs);
    const row = await q.findUserById(this.db, self.user.id);
    if (!row) throw unauthenticated();
    if (!(await verifyPassword(row.password_hash, input.currentPassword))) {
      await this.deps.limiter.hit(failuresKey, this.limits.passwordChangeFailures.windowMs);
      throw invalidField(
        'currentPassword',
        AccountErrors.invalidCredentials,
        'The current password is not right.',
      );
    }
    this.assertStrongPassword('newPassword', input.newPassword, [row.email, row.display_name]);
    const passwordHash = await hashPassword(input.newPassword);
    const now = this.clock.now();
    const hashes = await this.db.transaction().execute(async (tx) => {
      await q.updateUser(tx, row.id, {
        password_hash: passwordHash,
        password_changed_at: now,
        updated_at: now,
      });
      await recordAudit(
        tx,
        {
          actorId: row.id,
          action: 'account.password_changed',
          subjectType: 'user',
          subjectId: row.id,
          ip: self.ip,
        },
        now,
      );
      return q.deleteSessions(tx, { userId: row.id, exceptSessionId: self.sessionId });
    });
    await this.sessionsRevoked(hashes);
  }

  // ── password reset and e-mail verification ──────────────────────────────

  /** Always looks the same to the caller, so it cannot be used to find out who has an account. */
  async requestPasswordReset(emailInput: string, client: ClientInfo): Promise<void> {
    await this.limit(`reset:ip:${client.ip}`, this.limits.resetPerIp);
    const email = normalizeEmail(emailInput);
    const user = await q.findUserByEmail(this.db, email);
    if (!user) return;
    const perAccount = await this.deps.limiter.hit(
      `reset:acct:${user.id}`,
      this.limits.resetPerAccount.windowMs,
    );
    if (perAccount.count > this.limits.resetPerAccount.limit) return;
    await this.db.transaction().execute(async (tx) => {
      const now = this.clock.now();
      await q.retireAuthTokens(tx, user.id, 'password_reset', now);
      const token = await this.issueToken(tx, user.id, 'password_reset', RESET_TOKEN_TTL_MS);
      const link = `${this.deps.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
      await this.queueMail(
        tx,
        passwordResetMail({ email: user.email, name: user.display_name, locale: user.locale }, link),
      );
    });
    this.deps.outbox.wake();
  }

  /** One use, within an hour; the new password signs out every session. */
  async confirmPasswordReset(token: string, password: string): Promise<void> {
    const now = this.clock.now();
    const found = await q.findUsableAuthToken(this.db, 'password_reset', hashToken(token), now);
    if (!found) throw tokenInvalid();
    const user = await q.findUserById(this.db, found.user_id);
    if (!user) throw tokenInvalid();
    this.assertStrongPassword('password', password, [user.email, user.display_name]);
    const passwordHash = await hashPassword(password);
    const hashes = await this.db.transaction().execute(async (tx) => {
      if (!(await q.consumeAuthToken(tx, found.id, now))) throw tokenInvalid();
      await q.retireAuthTokens(tx, user.id, 'password_reset', now);
      await q.updateUser(tx, user.id, {
        password_hash: passwordHash,
        password_changed_at: now,
        updated_at: now,
        // Receiving the mail proves the address.
        email_verified_at: user.email_verified_at ?? now,
      });
      await recordAudit(
        tx,
        { actorId: user.id, action: 'account.password_reset', subjectType: 'user', subjectId: user.id },
        now,
      );
      return q.deleteSessions(tx, { userId: user.id });
    });
    await this.deps.limiter.reset(`login-fail:acct:${user.email}`);
    await this.sessionsRevoked(hashes);
    await this.userChanged(user.id);
  }

  async verifyEmail(token: string): Promise<SignedInUser> {
    const now = this.clock.now();
    const found = await q.findUsableAuthToken(this.db, 'email_verify', hashToken(token), now);
    if (!found) throw tokenInvalid();
    await this.db.transaction().execute(async (tx) => {
      if (!(await q.consumeAuthToken(tx, found.id, now))) throw tokenInvalid();
      await q.updateUser(tx, found.user_id, { email_verified_at: now, updated_at: now });
    });
    await this.userChanged(found.user_id);
    const user = await q.findUserById(this.db, found.user_id);
    if (!user) throw tokenInvalid();
    return toSignedInUser(user);
  }

  async resendVerification(actor: Actor): Promise<void> {
    const self = this.requireUser(actor, 'account:update-self');
    if (self.user.emailVerifiedAt !== null) return;
    await this.limit(`verify-resend:${self.user.id}`, this.limits.verifyResendPerUser);
    await this.db.transaction().execute(async (tx) => {
      await q.retireAuthTokens(tx, self.user.id, 'email_verify', this.clock.now());
      await this.sendVerification(tx, self.user);
    });
    this.deps.outbox.wake();
  }

  // ── internals ────────────────────────────────────────────────────────────

  private async createAccount(
    input: RegisterInput,
    role: 'operator' | 'user',
    client: ClientInfo,
    /** `first-run` fails when the site is already set up; `cli` may add operators any time. */
    setup: 'first-run' | 'cli' | null,
  ): Promise<SessionGrant> {
    const email = normalizeEmail(input.email);
    const displayName = input.displayName.trim();
    this.assertStrongPassword('password', input.password, [email, displayName]);
    const passwordHash = await hashPassword(input.password);
    const now = this.clock.now();
    const user: SignedInUser = {
      id: newId(),
      email,
      displayName,
      locale: toLocale(input.locale ?? 'en'),
      role,
      emailVerifiedAt: null,
      createdAt: now,
    };
    try {
      const token = await this.db.transaction().execute(async (tx) => {
        if (setup) await markSetupDone(tx, now, setup);
        await q.insertUser(tx, {
          id: user.id,
          email,
          password_hash: passwordHash,
          display_name: displayName,
          locale: user.locale,
          role,
          email_verified_at: null,
          password_changed_at: now,
          created_at: now,
          updated_at: now,
        });
        if (role === 'operator') {
          await recordAudit(
            tx,
            {
              actorId: user.id,
              action: 'account.operator_created',
              subjectType: 'user',
              subjectId: user.id,
              ip: client.ip,
            },
            now,
          );
        }
        await this.sendVerification(tx, user);
        return this.startSession(tx, user.id, client);
      });
      this.deps.outbox.wake();
      return { user, token };
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw conflict(AccountErrors.emailTaken, 'An account with this e-mail already exists.', [
          { path: 'email', code: AccountErrors.emailTaken, message: 'is already registered' },
        ]);
      }
      throw err;
    }
  }

  private async startSession(tx: Kysely<DB>, userId: string, client: ClientInfo): Promise<string> {
    const token = newToken();
    const now = this.clock.now();
    await q.insertSession(tx, {
      id: newId(),
      user_id: userId,
      token_hash: hashToken(token),
      created_at: now,
      last_seen_at: now,
      expires_at: now + SESSION_TTL_MS,
      ip: client.ip,
      user_agent: client.userAgent?.slice(0, 300) ?? null,
    });
    return token;
  }

  private async sendVerification(tx: Kysely<DB>, user: SignedInUser): Promise<void> {
    const token = await this.issueToken(tx, user.id, 'email_verify', VERIFY_TOKEN_TTL_MS);
    const link = `${this.deps.publicUrl}/verify-email?token=${encodeURIComponent(token)}`;
    await this.queueMail(
      tx,
      verifyEmailMail({ email: user.email, name: user.displayName, locale: user.locale }, link),
    );
  }

  private async issueToken(
    tx: Kysely<DB>,
    userId: string,
    purpose: 'password_reset' | 'email_verify',
    ttlMs: number,
  ) {
    const token = newToken();
    const now = this.clock.now();
    await q.insertAuthToken(tx, {
      id: newId(),
      user_id: userId,
      purpose,
      token_hash: hashToken(token),
      expires_at: now + ttlMs,
      used_at: null,
      created_at: now,
    });
    return token;
  }

  private async queueMail(tx: Kysely<DB>, message: MailMessage): Promise<void> {
    const queued: QueuedMail = { id: newId(), ...message };
    await this.deps.outbox.add(tx, MAIL_TOPIC, queued);
  }

  private assertStrongPassword(field: string, password: string, related: string[]): void {
    const problem = passwordProblem(field, password, related);
    if (problem) throw new AppError(400, 'validation_failed', `${field} ${problem.message}`, [problem]);
  }

  private requireUser(actor: Actor, action: Parameters<typeof can>[1]): UserActor {
    if (actor.kind !== 'user') throw unauthenticated();
    if (!can(actor, action)) throw forbidden();
    return actor;
  }

  private async limit(key: string, rule: { limit: number; windowMs: number }): Promise<void> {
    const window = await this.deps.limiter.hit(key, rule.windowMs);
    if (window.count > rule.limit) throw tooManyRequests(window.resetInMs);
  }

  private async sessionsRevoked(tokenHashes: string[]): Promise<void> {
    if (tokenHashes.length === 0) return;
    await this.deps.bus.publish({ type: SESSIONS_REVOKED, payload: { tokenHashes } });
  }

  private async userChanged(userId: string): Promise<void> {
    await this.deps.bus.publish({ type: USER_CHANGED, payload: { userId } });
  }
}

const tokenInvalid = () =>
  new AppError(
    400,
    AccountErrors.tokenInvalid,
    'This link is invalid, already used or expired. Ask for a new one.',
  );

/**
 * On first run the settings row's primary key makes a second, concurrent setup fail, so only
 * one operator is ever created that way; the CLI may record it again harmlessly.
 */
async function markSetupDone(tx: Kysely<DB>, now: number, via: 'first-run' | 'cli'): Promise<void> {
  const insert = tx
    .insertInto('site_settings')
    .values({ key: 'setup_done', value: JSON.stringify({ at: now, via }), updated_at: now });
  if (via === 'cli') {
    await insert.onConflict((oc) => oc.column('key').doNothing()).execute();
    return;
  }
  try {
    await insert.execute();
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(AccountErrors.setupDone, 'This site is already set up.');
    throw err;
  }
}

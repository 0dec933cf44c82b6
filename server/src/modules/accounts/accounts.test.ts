import { describe, expect, it } from 'vitest';
import { type Actor, anonymous, type SignedInUser } from '../../platform/actor.js';
import { type AccountAction, can } from './accounts.policy.js';
import { normalizeEmail } from './accounts.service.js';
import {
  decoyPasswordHash,
  hashPassword,
  MIN_PASSWORD_LENGTH,
  passwordProblem,
  verifyPassword,
} from './passwords.js';
import { type CachedSession, SessionCache } from './session-cache.js';

const userOf = (id: string, role: SignedInUser['role'] = 'user'): SignedInUser => ({
  id,
  email: `${id}@example.com`,
  displayName: id,
  locale: 'en',
  role,
  emailVerifiedAt: null,
  createdAt: 0,
});

const actors: Record<'anonymous' | 'user' | 'operator', Actor> = {
  anonymous: anonymous('203.0.113.7'),
  user: { kind: 'user', user: userOf('u1'), sessionId: 's1', ip: null },
  operator: { kind: 'user', user: userOf('op1', 'operator'), sessionId: 's2', ip: null },
};

// A Record over AccountAction: adding an action without deciding who may do it fails to compile.
const expected: Record<AccountAction, Record<keyof typeof actors, boolean>> = {
  'account:read-self': { anonymous: false, user: true, operator: true },
  'account:update-self': { anonymous: false, user: true, operator: true },
  'account:manage-sessions': { anonymous: false, user: true, operator: true },
  'account:read-mail-log': { anonymous: false, user: false, operator: true },
};

describe('accounts policy', () => {
  const table = Object.entries(expected).flatMap(([action, byRole]) =>
    Object.entries(byRole).map(([role, allowed]) => ({
      role: role as keyof typeof actors,
      action: action as AccountAction,
      allowed,
    })),
  );

  it('covers every role for every action', () => {
    expect(table).toHaveLength(4 * 3);
  });

  it.each(table)('$role may $action: $allowed', ({ role, action, allowed }) => {
    expect(can(actors[role], action)).toBe(allowed);
  });
});

describe('passwordProblem', () => {
  it('refuses a password shorter than the minimum, naming the field', () => {
    expect(passwordProblem('password', 'Ab1!xyz', [])).toEqual({
      path: 'password',
      code: 'password_too_short',
      message: `must be at least ${MIN_PASSWORD_LENGTH} characters`,
    });
  });

  it('judges a password of exactly the minimum length on its strength, not its length', () => {
    expect(passwordProblem('password', 'aaaaaaaa', [])?.code).toBe('password_weak');
  });

  it('refuses password123 and says why', () => {
    const problem = passwordProblem('newPassword', 'password123', []);
    expect(problem).toMatchObject({ path: 'newPassword', code: 'password_weak' });
    // A reason beyond the generic prefix.
    expect(problem?.message).toMatch(/^is too easy to guess: \S.{10,}/);
  });

  it('accepts a long random passphrase', () => {
    expect(passwordProblem('password', 'quartz-Meadow-71-kettle-orbit', [])).toBeNull();
    expect(passwordProblem('password', 'violet-Harbor-42-lantern', ['ming@example.com', 'Ming'])).toBeNull();
  });

  it("refuses a password equal to the user's own e-mail, which it would otherwise accept", () => {
    const email = 'lantern.harbor.violet@example.com';
    expect(passwordProblem('password', email, [])).toBeNull();
    expect(passwordProblem('password', email, [email, 'Ming'])).toMatchObject({
      path: 'password',
      code: 'password_weak',
    });
  });

  it('ignores empty related values', () => {
    expect(passwordProblem('password', 'quartz-Meadow-71-kettle-orbit', ['', 'Ming'])).toBeNull();
  });
});

describe('password hashing', () => {
  it('verifies the right password, refuses a wrong one, and refuses a malformed hash without throwing', async () => {
    const hash = await hashPassword('violet-Harbor-42-lantern');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(hash).not.toContain('violet');
    expect(await verifyPassword(hash, 'violet-Harbor-42-lantern')).toBe(true);
    expect(await verifyPassword(hash, 'violet-Harbor-42-lanterN')).toBe(false);
    expect(await verifyPassword('not-a-hash', 'anything')).toBe(false);
  });

  it('salts: the same password hashes differently each time', async () => {
    const [a, b] = await Promise.all([hashPassword('same-Password-1'), hashPassword('same-Password-1')]);
    expect(a).not.toBe(b);
  });

  it('makes the decoy hash once, as a real argon2id hash', async () => {
    const decoy = await decoyPasswordHash();
    expect(await decoyPasswordHash()).toBe(decoy);
    expect(decoy).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(decoy, '')).toBe(false);
  });
});

describe('normalizeEmail', () => {
  it('trims and lower-cases', () => {
    expect(normalizeEmail('  Ming@Example.COM ')).toBe('ming@example.com');
  });
});

describe('SessionCache', () => {
  const T0 = 1_000_000;
  const entry = (userId: string, overrides: Partial<CachedSession> = {}): CachedSession => ({
    sessionId: `session-of-${userId}`,
    user: userOf(userId),
    lastSeenAt: T0,
    expiresAt: T0 + 86_400_000,
    cachedAt: T0,
    ...overrides,
  });

  it('serves an entry until its TTL has passed, then drops it', () => {
    const cache = new SessionCache(30_000, 100);
    cache.set('h1', entry('u1'));
    expect(cache.get('h1', T0 + 29_999)?.user.id).toBe('u1');
    expect(cache.get('h1', T0 + 30_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('drops an entry once its session expires, even within the TTL', () => {
    const cache = new SessionCache(30_000, 100);
    cache.set('h1', entry('u1', { expiresAt: T0 + 5_000 }));
    expect(cache.get('h1', T0 + 4_999)).toBeDefined();
    expect(cache.get('h1', T0 + 5_000)).toBeUndefined();
  });

  it("forgetUser drops all of that user's entries and nobody else's", () => {
    const cache = new SessionCache(30_000, 100);
    cache.set('a1', entry('alice'));
    cache.set('a2', entry('alice'));
    cache.set('b1', entry('bob'));

    cache.forgetUser('alice');

    expect(cache.get('a1', T0)).toBeUndefined();
    expect(cache.get('a2', T0)).toBeUndefined();
    expect(cache.get('b1', T0)?.user.id).toBe('bob');
    expect(cache.size).toBe(1);

    // The user's index is rebuilt for entries cached afterwards.
    cache.set('a3', entry('alice'));
    cache.forgetUser('alice');
    expect(cache.get('a3', T0)).toBeUndefined();
    expect(cache.size).toBe(1);
  });

  it('forgetHash drops one entry and leaves the same user’s others', () => {
    const cache = new SessionCache(30_000, 100);
    cache.set('a1', entry('alice'));
    cache.set('a2', entry('alice'));
    cache.forgetHash('a1');
    cache.forgetHash('unknown');
    expect(cache.get('a1', T0)).toBeUndefined();
    expect(cache.get('a2', T0)).toBeDefined();
    cache.forgetUser('alice');
    expect(cache.size).toBe(0);
  });

  it('evicts the oldest entry when full, and only then', () => {
    const cache = new SessionCache(30_000, 3);
    cache.set('h1', entry('u1'));
    cache.set('h2', entry('u2'));
    cache.set('h3', entry('u3'));
    // Replacing an entry already held does not evict anything.
    cache.set('h2', entry('u2', { lastSeenAt: T0 + 1 }));
    expect(cache.size).toBe(3);
    expect(cache.get('h1', T0)).toBeDefined();

    cache.set('h4', entry('u4'));
    expect(cache.size).toBe(3);
    expect(cache.get('h1', T0)).toBeUndefined();
    expect(cache.get('h2', T0)?.lastSeenAt).toBe(T0 + 1);
    expect(cache.get('h3', T0)).toBeDefined();
    expect(cache.get('h4', T0)).toBeDefined();

    // The evicted entry is gone from its user's index too: forgetting u1 touches no one else.
    cache.forgetUser('u1');
    expect(cache.size).toBe(3);
  });
});

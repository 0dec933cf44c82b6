import { describe, expect, it } from 'vitest';
import type { Viewer } from '../access/access.rules.js';
import { can, mayCreateCommunity, mayViewTeam, memberListScope } from './communities.policy.js';
import { isReservedSlug, isValidTimeZone, planProblem } from './community-rules.js';
import { addUtcMonths, DAY_MS, termEnd } from './membership-terms.js';
import { buildSearchText, likePattern } from './search-text.js';

const NOW = Date.UTC(2026, 0, 31, 12);
const viewer = (over: Partial<Viewer>): Viewer => ({
  userId: 'u',
  isOperator: false,
  communityId: 'c',
  staffRole: null,
  membership: null,
  now: NOW,
  ...over,
});

describe('membership terms', () => {
  it('calendar months in UTC clamp to the last day of a short month', () => {
    expect(addUtcMonths(NOW, 1)).toBe(Date.UTC(2026, 1, 28, 12));
    expect(addUtcMonths(NOW, 12)).toBe(Date.UTC(2027, 0, 31, 12));
  });
  it('ends by kind', () => {
    const base = { term_days: null, interval: null, trial_days: 0 } as const;
    expect(termEnd({ ...base, kind: 'free' }, NOW, true)).toBeNull();
    expect(termEnd({ ...base, kind: 'lifetime' }, NOW, true)).toBeNull();
    expect(termEnd({ ...base, kind: 'fixed_term', term_days: 365 }, NOW, true)).toBe(NOW + 365 * DAY_MS);
    const sub = { ...base, kind: 'subscription', interval: 'year', trial_days: 14 } as const;
    expect(termEnd(sub, NOW, true)).toBe(Date.UTC(2027, 0, 31, 12) + 14 * DAY_MS);
    expect(termEnd(sub, NOW, false)).toBe(Date.UTC(2027, 0, 31, 12));
  });
});

describe('community rules', () => {
  it('reserved slugs, time zones, plan consistency', () => {
    expect(isReservedSlug('admin')).toBe(true);
    expect(isReservedSlug('my-club')).toBe(false);
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('Mars/Base')).toBe(false);
    expect(planProblem({ kind: 'free', priceMinor: 1 })?.path).toBe('priceMinor');
    expect(planProblem({ kind: 'lifetime', priceMinor: 0 })?.path).toBe('priceMinor');
    expect(planProblem({ kind: 'fixed_term', priceMinor: 1 })?.path).toBe('termDays');
    expect(planProblem({ kind: 'subscription', priceMinor: 1 })?.path).toBe('interval');
    expect(planProblem({ kind: 'subscription', priceMinor: 1, interval: 'month' })).toBeNull();
  });
  it('search text and LIKE escaping', () => {
    expect(buildSearchText({ name: 'Go 语言', description: 'Hi', tags: ['A'] })).toBe('go 语言\nhi\na');
    expect(likePattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });
});

describe('policy', () => {
  const member = { state: 'active' as const, planId: 'p', startsAt: 0, endsAt: null };
  const table: [string, Viewer, boolean, boolean, 'all' | 'active' | 'none'][] = [
    ['visitor', viewer({ userId: null }), false, false, 'none'],
    ['member', viewer({ membership: member }), false, false, 'active'],
    ['expired member', viewer({ membership: { ...member, endsAt: NOW - 1 } }), false, false, 'none'],
    ['contributor', viewer({ staffRole: 'contributor' }), false, false, 'active'],
    ['moderator', viewer({ staffRole: 'moderator' }), false, true, 'all'],
    ['owner', viewer({ staffRole: 'owner' }), true, true, 'all'],
    ['operator', viewer({ isOperator: true }), true, true, 'all'],
  ];
  it.each(table)('%s', (_name, v, manage, moderate, scope) => {
    expect(can(v, 'member:grant')).toBe(manage);
    expect(can(v, 'plan:manage')).toBe(manage);
    expect(can(v, 'member:ban')).toBe(moderate);
    expect(can(v, 'join-request:decide')).toBe(moderate);
    expect(memberListScope(v)).toBe(scope);
  });
  it('the team is visible to members and the team, not to visitors or lapsed members', () => {
    const active = { state: 'active' as const, planId: 'p', startsAt: 0, endsAt: null };
    expect(mayViewTeam(viewer({ userId: null }))).toBe(false);
    expect(mayViewTeam(viewer({}))).toBe(false);
    expect(mayViewTeam(viewer({ membership: { ...active, state: 'cancelled' } }))).toBe(false);
    expect(mayViewTeam(viewer({ membership: { ...active, endsAt: NOW - 1 } }))).toBe(false);
    expect(mayViewTeam(viewer({ membership: active }))).toBe(true);
    expect(mayViewTeam(viewer({ staffRole: 'contributor' }))).toBe(true);
    expect(mayViewTeam(viewer({ isOperator: true }))).toBe(true);
  });
  it('creation policy', () => {
    expect(mayCreateCommunity({ role: 'user' }, 'anyone', false)).toBe(true);
    expect(mayCreateCommunity({ role: 'user' }, 'approved', false)).toBe(false);
    expect(mayCreateCommunity({ role: 'user' }, 'approved', true)).toBe(true);
    expect(mayCreateCommunity({ role: 'operator' }, 'approved', false)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import type { Viewer } from '../access/access.rules.js';
import { can, canClosePoll } from './activities.policy.js';
import {
  completionRate,
  isCalendarDate,
  isPollClosed,
  localDate,
  periodOf,
  periodsBetween,
  resultsVisible,
  standingStreak,
  streaksOf,
  tallyAfterCheckin,
} from './activities.rules.js';

describe('localDate', () => {
  it('is the calendar day in the community time zone', () => {
    // 15:59:59 UTC is 23:59:59 in Shanghai; one second later it is the next day there, not in UTC.
    const beforeMidnight = Date.UTC(2026, 2, 1, 15, 59, 59);
    expect(localDate(beforeMidnight, 'Asia/Shanghai')).toBe('2026-03-01');
    expect(localDate(beforeMidnight + 1000, 'Asia/Shanghai')).toBe('2026-03-02');
    expect(localDate(beforeMidnight + 1000, 'UTC')).toBe('2026-03-01');
    expect(localDate(Date.UTC(2026, 0, 1, 3), 'America/Los_Angeles')).toBe('2025-12-31');
  });

  it('knows real calendar dates', () => {
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isCalendarDate('2026-02-30')).toBe(false);
    expect(isCalendarDate('2026-2-3')).toBe(false);
  });
});

describe('periods', () => {
  it('counts a week from its Monday', () => {
    expect(periodOf('2026-03-01', 'weekly')).toBe('2026-02-23'); // a Sunday
    expect(periodOf('2026-03-02', 'weekly')).toBe('2026-03-02'); // a Monday
    expect(periodOf('2026-03-08', 'weekly')).toBe('2026-03-02');
    expect(periodOf('2026-03-08', 'daily')).toBe('2026-03-08');
  });

  it('counts periods both ends included', () => {
    expect(periodsBetween('2026-03-01', '2026-03-01', 'daily')).toBe(1);
    expect(periodsBetween('2026-02-27', '2026-03-02', 'daily')).toBe(4);
    expect(periodsBetween('2026-03-01', '2026-03-02', 'weekly')).toBe(2);
    expect(periodsBetween('2026-03-02', '2026-03-01', 'daily')).toBe(0);
  });
});

describe('streaks', () => {
  it('extends on the next period and restarts after a gap', () => {
    let tally = tallyAfterCheckin(null, '2026-03-01', 'daily');
    tally = tallyAfterCheckin(tally, '2026-03-02', 'daily');
    tally = tallyAfterCheckin(tally, '2026-03-03', 'daily');
    expect(tally).toMatchObject({ checkinCount: 3, currentStreak: 3, longestStreak: 3 });
    tally = tallyAfterCheckin(tally, '2026-03-05', 'daily');
    expect(tally).toMatchObject({ checkinCount: 4, currentStreak: 1, longestStreak: 3 });
    // The same period twice changes nothing; an earlier one (a time-zone change) only counts.
    expect(tallyAfterCheckin(tally, '2026-03-05', 'daily')).toBe(tally);
    expect(tallyAfterCheckin(tally, '2026-03-04', 'daily')).toEqual({ ...tally, checkinCount: 5 });
  });

  it('stands while today is still open, and falls to 0 after a missed period', () => {
    const tally = { currentStreak: 4, lastPeriod: '2026-03-04' };
    expect(standingStreak(tally, '2026-03-04', 'daily')).toBe(4);
    expect(standingStreak(tally, '2026-03-05', 'daily')).toBe(4);
    expect(standingStreak(tally, '2026-03-06', 'daily')).toBe(0);
    expect(standingStreak({ currentStreak: 2, lastPeriod: '2026-03-02' }, '2026-03-15', 'weekly')).toBe(2);
    expect(standingStreak({ currentStreak: 2, lastPeriod: '2026-03-02' }, '2026-03-16', 'weekly')).toBe(0);
  });

  it('computes from a set of periods as the running tally does', () => {
    const days = ['2026-03-05', '2026-03-01', '2026-03-02', '2026-03-04', '2026-03-06', '2026-03-02'];
    expect(streaksOf(days, '2026-03-06', 'daily')).toEqual({ current: 3, longest: 3 });
    expect(streaksOf(days, '2026-03-08', 'daily')).toEqual({ current: 0, longest: 3 });
    expect(streaksOf([], '2026-03-08', 'daily')).toEqual({ current: 0, longest: 0 });
  });

  it('rates completion over the periods so far', () => {
    const challenge = { startDate: '2026-03-01', endDate: '2026-03-10', cadence: 'daily' as const };
    expect(completionRate(3, challenge, '2026-03-04')).toBe(0.75);
    expect(completionRate(5, challenge, '2026-03-20')).toBe(0.5);
    expect(completionRate(0, challenge, '2026-02-20')).toBe(0);
  });
});

describe('polls', () => {
  const poll = { closes_at: 1000, closed_at: null, results_visibility: 'after_vote' as const };
  it('closes at its time or when closed by hand', () => {
    expect(isPollClosed(poll, 999)).toBe(false);
    expect(isPollClosed(poll, 1000)).toBe(true);
    expect(isPollClosed({ closes_at: null, closed_at: 5 }, 0)).toBe(true);
  });
  it('shows results as its creator chose', () => {
    expect(resultsVisible(poll, { hasVoted: false, runsPoll: false }, 0)).toBe(false);
    expect(resultsVisible(poll, { hasVoted: true, runsPoll: false }, 0)).toBe(true);
    const afterClose = { ...poll, results_visibility: 'after_close' as const };
    expect(resultsVisible(afterClose, { hasVoted: true, runsPoll: false }, 0)).toBe(false);
    expect(resultsVisible(afterClose, { hasVoted: true, runsPoll: false }, 1000)).toBe(true);
    expect(resultsVisible(afterClose, { hasVoted: false, runsPoll: true }, 0)).toBe(true);
  });
});

describe('policy', () => {
  const base: Viewer = {
    userId: 'u1',
    isOperator: false,
    communityId: 'c1',
    staffRole: null,
    membership: null,
    now: 1,
  };
  const member: Viewer = {
    ...base,
    membership: { state: 'active', planId: null, startsAt: 0, endsAt: null },
  };
  const lapsed: Viewer = { ...base, membership: { state: 'expired', planId: null, startsAt: 0, endsAt: 0 } };
  const staff = (role: 'owner' | 'moderator' | 'contributor'): Viewer => ({ ...base, staffRole: role });
  const table = [
    ['visitor', base, [false, false, false, false, false]],
    ['lapsed member', lapsed, [false, false, false, false, false]],
    ['member', member, [true, true, false, false, false]],
    ['contributor', staff('contributor'), [true, true, false, true, true]],
    ['moderator', staff('moderator'), [true, true, true, false, true]],
    ['owner', staff('owner'), [true, true, true, true, true]],
    ['operator', { ...base, isOperator: true }, [true, true, true, true, true]],
  ] as const;
  it.each(table)('%s', (_name, viewer, expected) => {
    expect([
      can(viewer, 'poll:vote'),
      can(viewer, 'challenge:checkin'),
      can(viewer, 'challenge:create'),
      can(viewer, 'assignment:create'),
      can(viewer, 'submission:review'),
    ]).toEqual(expected);
  });
  it('lets a poll be closed by its author or a moderator', () => {
    expect(canClosePoll(member, { author_id: 'u1' })).toBe(true);
    expect(canClosePoll(member, { author_id: 'u2' })).toBe(false);
    expect(canClosePoll(staff('moderator'), { author_id: 'u2' })).toBe(true);
    expect(canClosePoll(lapsed, { author_id: 'u1' })).toBe(false);
  });
});

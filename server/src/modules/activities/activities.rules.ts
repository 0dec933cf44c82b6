/**
 * The pure rules of activities: calendar days in a community's time zone, check-in periods,
 * streaks and completion, and when a poll is closed or shows its results. No database, no I/O.
 */
import type { ChallengeCadence, PollResultsVisibility } from '../../db/schema.js';

const DAY_MS = 86_400_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

// Building an Intl formatter is costly; one per time zone is enough for the process.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (YYYY-MM-DD) that instant `ms` falls on in `timeZone`. */
export function localDate(ms: number, timeZone: string): string {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not). */
export function isCalendarDate(value: string): boolean {
  const m = DATE_PATTERN.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** Days since 1970-01-01 of a YYYY-MM-DD date: date arithmetic without time zones. */
export function dayNumber(date: string): number {
  const m = DATE_PATTERN.exec(date);
  if (!m) throw new Error(`not a date: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

export function dateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export const addDays = (date: string, days: number): string => dateOfDayNumber(dayNumber(date) + days);

/** The period a day counts for: the day itself (daily) or the Monday of its week (weekly). */
export function periodOf(date: string, cadence: ChallengeCadence): string {
  if (cadence === 'daily') return date;
  const day = dayNumber(date);
  // 1970-01-01 was a Thursday: (day + 3) % 7 is 0 on Mondays.
  return dateOfDayNumber(day - ((day + 3) % 7));
}

const periodLength = (cadence: ChallengeCadence): number => (cadence === 'daily' ? 1 : 7);

export const previousPeriod = (period: string, cadence: ChallengeCadence): string =>
  addDays(period, -periodLength(cadence));

/** How many periods lie from `from` to `to`, both included (0 when `to` is before `from`). */
export function periodsBetween(from: string, to: string, cadence: ChallengeCadence): number {
  const first = dayNumber(periodOf(from, cadence));
  const last = dayNumber(periodOf(to, cadence));
  return last < first ? 0 : (last - first) / periodLength(cadence) + 1;
}

export interface Tally {
  checkinCount: number;
  currentStreak: number;
  longestStreak: number;
  lastPeriod: string;
}

/**
 * A member's tally after a check-in for `period`. Check-ins are only ever made for the current
 * period, so periods arrive in order: one right after the last extends the streak, a gap restarts it.
 * (An earlier period can only come from a change of the community's time zone: it counts, but
 * leaves the streak alone.)
 */
export function tallyAfterCheckin(before: Tally | null, period: string, cadence: ChallengeCadence): Tally {
  if (!before) return { checkinCount: 1, currentStreak: 1, longestStreak: 1, lastPeriod: period };
  if (before.lastPeriod === period) return before;
  if (period < before.lastPeriod) return { ...before, checkinCount: before.checkinCount + 1 };
  const currentStreak = before.lastPeriod === previousPeriod(period, cadence) ? before.currentStreak + 1 : 1;
  return {
    checkinCount: before.checkinCount + 1,
    currentStreak,
    longestStreak: Math.max(before.longestStreak, currentStreak),
    lastPeriod: period,
  };
}

/**
 * The streak as seen today: it still stands while the current period is open and not yet checked
 * in (the member has until the period ends), and is 0 once a whole period was missed.
 */
export function standingStreak(
  tally: Pick<Tally, 'currentStreak' | 'lastPeriod'>,
  today: string,
  cadence: ChallengeCadence,
): number {
  const current = periodOf(today, cadence);
  return tally.lastPeriod === current || tally.lastPeriod === previousPeriod(current, cadence)
    ? tally.currentStreak
    : 0;
}

/** Current and longest streaks from a set of checked-in periods (for checks and recomputation). */
export function streaksOf(
  periods: readonly string[],
  today: string,
  cadence: ChallengeCadence,
): { current: number; longest: number } {
  const sorted = [...new Set(periods)].sort();
  let tally: Tally | null = null;
  for (const period of sorted) tally = tallyAfterCheckin(tally, period, cadence);
  if (!tally) return { current: 0, longest: 0 };
  return { current: standingStreak(tally, today, cadence), longest: tally.longestStreak };
}

/**
 * Share of the challenge's periods so far (from its start up to today, or its end once over) that
 * the member checked in for, 0–1. Before the start there is nothing to complete: 0.
 */
export function completionRate(
  checkinCount: number,
  challenge: { startDate: string; endDate: string; cadence: ChallengeCadence },
  today: string,
): number {
  const until = today < challenge.endDate ? today : challenge.endDate;
  const periods = periodsBetween(challenge.startDate, until, challenge.cadence);
  if (periods === 0) return 0;
  return Math.min(1, Math.round((checkinCount / periods) * 10_000) / 10_000);
}

export type ChallengePhase = 'upcoming' | 'open' | 'ended';

export function challengePhase(
  challenge: { startDate: string; endDate: string },
  today: string,
): ChallengePhase {
  if (today < challenge.startDate) return 'upcoming';
  return today > challenge.endDate ? 'ended' : 'open';
}

// ── polls ────────────────────────────────────────────────────────────────────

export interface PollTiming {
  closes_at: number | null;
  closed_at: number | null;
}

export const isPollClosed = (poll: PollTiming, now: number): boolean =>
  poll.closed_at !== null || (poll.closes_at !== null && poll.closes_at <= now);

/**
 * Results follow the creator's choice: after the viewer voted, or only once the poll closed. The
 * poll's author and the community's moderators see them throughout (they run it).
 */
export function resultsVisible(
  poll: PollTiming & { results_visibility: PollResultsVisibility },
  viewer: { hasVoted: boolean; runsPoll: boolean },
  now: number,
): boolean {
  if (viewer.runsPoll || isPollClosed(poll, now)) return true;
  return poll.results_visibility === 'after_vote' && viewer.hasVoted;
}

/** Late: the latest version came in after the due time. */
export const isLate = (submittedAt: number, dueAt: number): boolean => submittedAt > dueAt;

import type { PlanKind } from '../../db/schema.js';

export const DAY_MS = 86_400_000;

export interface PlanTerm {
  kind: PlanKind;
  term_days: number | null;
  interval: 'month' | 'year' | null;
  trial_days: number;
}

/** `at` moved by whole calendar months in UTC; the 31st of a short month lands on its last day. */
export function addUtcMonths(at: number, months: number): number {
  const d = new Date(at);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d.getTime();
}

/**
 * The end of one term of `plan` that starts at `from`; null when the plan never ends
 * (free, lifetime). A subscription's first term includes its trial days.
 */
export function termEnd(plan: PlanTerm, from: number, firstTerm: boolean): number | null {
  switch (plan.kind) {
    case 'free':
    case 'lifetime':
      return null;
    case 'fixed_term':
      return from + (plan.term_days ?? 0) * DAY_MS;
    case 'subscription': {
      const end = addUtcMonths(from, plan.interval === 'year' ? 12 : 1);
      return firstTerm ? end + plan.trial_days * DAY_MS : end;
    }
  }
}

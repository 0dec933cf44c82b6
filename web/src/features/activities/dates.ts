/** Calendar arithmetic on YYYY-MM-DD strings, free of the browser's time zone (the server's days are community-local). */
const DAY_MS = 86_400_000;

const toDay = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const fromDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

export const addDays = (date: string, days: number): string => fromDay(toDay(date) + days);

export const daysBetween = (from: string, to: string): number => toDay(to) - toDay(from);

/** 0 for Monday … 6 for Sunday. */
export const dayOfWeek = (date: string): number => (toDay(date) + 3) % 7;

export const minDate = (a: string, b: string): string => (a < b ? a : b);
export const maxDate = (a: string, b: string): string => (a > b ? a : b);

/** Slugs that would shadow pages or API paths of the site. */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  'admin',
  'api',
  'app',
  'about',
  'assets',
  'auth',
  'c',
  'communities',
  'community',
  'courses',
  'dashboard',
  'docs',
  'explore',
  'discover',
  'help',
  'login',
  'logout',
  'me',
  'new',
  'operator',
  'plans',
  'register',
  'reset-password',
  'search',
  'settings',
  'setup',
  'signup',
  'static',
  'support',
  'verify-email',
  'www',
  'zhishe',
]);

export const isReservedSlug = (slug: string): boolean => RESERVED_SLUGS.has(slug);

/** An IANA time zone name this runtime knows (e.g. `Asia/Shanghai`). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Why a plan's price or term is refused, or null when it is consistent with its kind. */
export function planProblem(plan: {
  kind: 'free' | 'lifetime' | 'fixed_term' | 'subscription';
  priceMinor: number;
  termDays?: number | null;
  interval?: 'month' | 'year' | null;
}): { path: string; message: string } | null {
  if (plan.kind === 'free' && plan.priceMinor !== 0)
    return { path: 'priceMinor', message: 'must be 0 for a free plan' };
  if (plan.kind !== 'free' && plan.priceMinor <= 0)
    return { path: 'priceMinor', message: 'must be greater than 0 for a paid plan' };
  if (plan.kind === 'fixed_term' && !plan.termDays)
    return { path: 'termDays', message: 'is required for a fixed-term plan' };
  if (plan.kind === 'subscription' && !plan.interval)
    return { path: 'interval', message: 'is required for a subscription' };
  return null;
}

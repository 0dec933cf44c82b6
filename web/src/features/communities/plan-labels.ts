import type { TFunction } from 'i18next';
import { formatMoney } from './money';
import type { PlanPrice } from './types';

/** The price of a plan: "Free", "¥99", "¥30 / month". */
export function planPriceLabel(t: TFunction, plan: PlanPrice, language: string): string {
  if (plan.kind === 'free' || plan.priceMinor === 0) return t('community.plan.free');
  const amount = formatMoney(plan.priceMinor, plan.currency, language);
  if (plan.kind === 'subscription' && plan.interval === 'year')
    return t('community.plan.perYear', { amount });
  if (plan.kind === 'subscription') return t('community.plan.perMonth', { amount });
  return amount;
}

/** What a plan gives, in a few words: lifetime, 365 days, renews monthly; plus any trial. */
export function planTermsLabel(t: TFunction, plan: PlanPrice): string {
  const terms: string[] = [];
  if (plan.kind === 'free') terms.push(t('community.plan.terms.free'));
  else if (plan.kind === 'lifetime') terms.push(t('community.plan.terms.lifetime'));
  else if (plan.kind === 'fixed_term' && plan.termDays)
    terms.push(t('community.plan.terms.fixedTerm', { days: String(plan.termDays) }));
  else if (plan.kind === 'subscription')
    terms.push(t(plan.interval === 'year' ? 'community.plan.terms.yearly' : 'community.plan.terms.monthly'));
  if (plan.trialDays > 0) terms.push(t('community.plan.terms.trial', { days: String(plan.trialDays) }));
  return terms.join(' · ');
}

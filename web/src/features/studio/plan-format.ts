import type { TFunction } from 'i18next';
import { formatMoney } from './money';
import type { Plan } from './types';

/** "¥199.00 · 365 days", "$9.00 / month · 7-day trial", "Free". */
export function describePlan(t: TFunction, plan: Plan, language: string): string {
  if (plan.kind === 'free') return t('studio.plans.free');
  const price = formatMoney(plan.priceMinor, plan.currency, language);
  if (plan.kind === 'fixed_term')
    return t('studio.plans.describe.fixed_term', { price, days: plan.termDays ?? 0 });
  if (plan.kind === 'subscription') {
    const base = t(`studio.plans.describe.${plan.interval === 'year' ? 'year' : 'month'}`, { price });
    return plan.trialDays > 0 ? t('studio.plans.describe.trial', { base, days: plan.trialDays }) : base;
  }
  return t('studio.plans.describe.lifetime', { price });
}

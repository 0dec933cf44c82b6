// @vitest-environment node
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../i18n/en.json';
import { planPriceLabel, planTermsLabel } from './plan-labels';

const t = i18next.t.bind(i18next);
const plan = { kind: 'free', priceMinor: 0, currency: 'CNY', termDays: null, interval: null, trialDays: 0 };

beforeAll(async () => {
  await i18next.init({
    lng: 'en',
    resources: { en: { translation: en } },
    interpolation: { escapeValue: false },
  });
});

describe('plan labels', () => {
  it('prices: free, one amount, per month, per year', () => {
    expect(planPriceLabel(t, plan, 'en')).toBe('Free');
    expect(planPriceLabel(t, { ...plan, kind: 'lifetime', priceMinor: 9900 }, 'en')).toBe('CN¥99');
    expect(
      planPriceLabel(t, { ...plan, kind: 'subscription', priceMinor: 3000, interval: 'month' }, 'en'),
    ).toBe('CN¥30 / month');
    expect(
      planPriceLabel(t, { ...plan, kind: 'subscription', priceMinor: 30000, interval: 'year' }, 'en'),
    ).toBe('CN¥300 / year');
  });

  it('terms, with a trial when there is one', () => {
    expect(planTermsLabel(t, { ...plan, kind: 'fixed_term', priceMinor: 100, termDays: 365 })).toBe(
      '365 days of access',
    );
    expect(
      planTermsLabel(t, { ...plan, kind: 'subscription', priceMinor: 100, interval: 'month', trialDays: 7 }),
    ).toBe('Renews every month · 7-day free trial');
  });
});

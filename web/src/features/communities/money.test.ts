// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { formatMoney, formatPriceRange, minorDigits } from './money';

describe('money', () => {
  it('knows the minor unit of a currency', () => {
    expect(minorDigits('CNY')).toBe(2);
    expect(minorDigits('USD')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
  });

  it('turns minor units into major ones', () => {
    expect(formatMoney(9900, 'CNY', 'zh-CN')).toBe('¥99');
    expect(formatMoney(1250, 'USD', 'en')).toBe('$12.50');
    expect(formatMoney(500, 'JPY', 'en')).toBe('¥500');
  });

  it('shows a range, or one amount when both ends are equal', () => {
    expect(formatPriceRange({ minMinor: 0, maxMinor: 19900, currency: 'CNY' }, 'en')).toBe('CN¥0 – CN¥199');
    expect(formatPriceRange({ minMinor: 100, maxMinor: 100, currency: 'USD' }, 'en')).toBe('$1');
  });
});

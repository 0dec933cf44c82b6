import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decimalToMinor,
  formatAmount,
  isSupportedCurrency,
  minorToDecimal,
  minorUnitExponent,
  parseAmount,
} from './money.js';

describe('decimalToMinor', () => {
  it.each([
    ['88.00', 2, 8800],
    ['0.01', 2, 1],
    ['0.29', 2, 29],
    ['1.1', 2, 110],
    ['88', 2, 8800],
    ['0', 2, 0],
    ['1500', 0, 1500],
    ['007.50', 2, 750],
    ['90071992547409.91', 2, 9007199254740991],
  ] as const)('%s with exponent %i → %i', (text, exponent, expected) => {
    expect(decimalToMinor(text, exponent)).toBe(expected);
  });

  it.each([
    ['1.001', 2],
    ['1.5', 0],
    ['-1', 2],
    ['+1', 2],
    ['abc', 2],
    ['', 2],
    [' 1.00', 2],
    ['1.', 2],
    ['.5', 2],
    ['1e3', 2],
    ['1,00', 2],
    ['90071992547409.92', 2],
  ] as const)('rejects %j with exponent %i', (text, exponent) => {
    expect(() => decimalToMinor(text, exponent)).toThrow();
  });
});

describe('minorToDecimal', () => {
  it.each([
    [8800, 2, '88.00'],
    [1, 2, '0.01'],
    [10, 2, '0.10'],
    [0, 2, '0.00'],
    [123456789, 2, '1234567.89'],
    [1500, 0, '1500'],
  ] as const)('%i with exponent %i → %s', (minor, exponent, expected) => {
    expect(minorToDecimal(minor, exponent)).toBe(expected);
  });

  it.each([-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])('rejects %d', (minor) => {
    expect(() => minorToDecimal(minor, 2)).toThrow();
  });

  it('round-trips every safe amount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.constantFrom(0, 2),
        (minor, exp) => {
          expect(decimalToMinor(minorToDecimal(minor, exp), exp)).toBe(minor);
        },
      ),
    );
  });
});

describe('currencies', () => {
  it.each([
    ['CNY', 2],
    ['USD', 2],
    ['EUR', 2],
    ['GBP', 2],
    ['HKD', 2],
    ['SGD', 2],
    ['TWD', 2],
    ['JPY', 0],
    ['KRW', 0],
  ] as const)('%s has %i minor digits', (currency, exponent) => {
    expect(minorUnitExponent(currency)).toBe(exponent);
  });

  it('rejects currencies we do not support, and lower case', () => {
    expect(isSupportedCurrency('XBT')).toBe(false);
    expect(isSupportedCurrency('toString')).toBe(false);
    expect(() => minorUnitExponent('cny')).toThrow(/Unsupported currency/);
  });

  it('formats and parses by currency', () => {
    expect(formatAmount(8800, 'CNY')).toBe('88.00');
    expect(formatAmount(1500, 'JPY')).toBe('1500');
    expect(parseAmount('88.00', 'CNY')).toBe(8800);
    expect(() => parseAmount('1500.5', 'JPY')).toThrow();
  });
});

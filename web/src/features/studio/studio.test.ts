import { describe, expect, it } from 'vitest';
import { currencyDigits, formatMoney, toMajor, toMinor } from './money';
import { moveFor, moveItem } from './ordering';
import { isValidSlug, suggestSlug } from './slug';
import { progressPercent } from './upload';

describe('money', () => {
  it('converts major units to integer minor units without float drift', () => {
    expect(toMinor(19.9, 'CNY')).toBe(1990);
    expect(toMinor(0.29, 'USD')).toBe(29);
    expect(toMinor(1.005, 'USD')).toBe(101);
    expect(toMinor(1500, 'JPY')).toBe(1500);
    expect(currencyDigits('JPY')).toBe(0);
    expect(toMajor(1990, 'CNY')).toBe(19.9);
  });

  it('formats a price in the reader’s language', () => {
    expect(formatMoney(1990, 'CNY', 'zh-CN')).toContain('19.90');
    expect(formatMoney(500, 'USD', 'en')).toBe('$5.00');
  });
});

describe('ordering', () => {
  it('moves an item', () => {
    expect(moveItem(['a', 'b', 'c'], 0, 2)).toEqual(['b', 'c', 'a']);
    expect(moveItem(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
  });

  it('names the new neighbour: after the previous one, or before the next at the top', () => {
    expect(moveFor(['a', 'b', 'c'], 'a', 'c')).toEqual({ order: ['b', 'c', 'a'], move: { afterId: 'c' } });
    expect(moveFor(['a', 'b', 'c'], 'c', 'a')).toEqual({ order: ['c', 'a', 'b'], move: { beforeId: 'a' } });
    expect(moveFor(['a', 'b'], 'b', 'a')).toEqual({ order: ['b', 'a'], move: { beforeId: 'a' } });
    expect(moveFor(['a', 'b', 'c'], 'b', 'b')).toBeNull();
    expect(moveFor(['a', 'b'], 'x', 'a')).toBeNull();
  });
});

describe('slugs', () => {
  it('suggests a URL-safe name', () => {
    expect(suggestSlug('Deep Learning 101!')).toBe('deep-learning-101');
    expect(suggestSlug('  --Café au lait--  ')).toBe('cafe-au-lait');
    expect(suggestSlug('知识星球')).toBe('');
  });

  it('checks the server’s pattern', () => {
    expect(isValidSlug('ai-club')).toBe(true);
    expect(isValidSlug('ab')).toBe(false);
    expect(isValidSlug('-ai')).toBe(false);
    expect(isValidSlug('AI')).toBe(false);
  });
});

describe('upload progress', () => {
  it('is a bounded percentage', () => {
    expect(progressPercent(50, 200)).toBe(25);
    expect(progressPercent(300, 200)).toBe(100);
    expect(progressPercent(10, 0)).toBe(0);
  });
});

describe('date inputs', () => {
  it('round-trips a local date and time', async () => {
    const { fromLocalInput, toDateInput, toLocalInput } = await import('./datetime');
    const ms = new Date(2030, 0, 2, 9, 30).getTime();
    expect(toLocalInput(ms)).toBe('2030-01-02T09:30');
    expect(fromLocalInput('2030-01-02T09:30')).toBe(ms);
    expect(toDateInput(ms)).toBe('2030-01-02');
    expect(fromLocalInput('2030-01-02')).toBe(new Date(2030, 0, 2).getTime());
    expect(fromLocalInput('')).toBeNull();
    expect(toLocalInput(null)).toBe('');
  });
});

import { describe, expect, it } from 'vitest';
import { addDays, dayOfWeek, daysBetween } from './dates';

describe('calendar dates', () => {
  it('adds days across months and years', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(daysBetween('2026-03-01', '2026-03-21')).toBe(20);
  });
  it('numbers weekdays from Monday', () => {
    expect(dayOfWeek('2026-03-02')).toBe(0); // Monday
    expect(dayOfWeek('2026-03-01')).toBe(6); // Sunday
  });
});

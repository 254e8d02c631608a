import { describe, expect, it } from 'vitest';
import { monthKey } from '../../src/store/index.js';

describe('monthKey', () => {
  it('given instants around a month boundary, it answers the UTC month', () => {
    expect(monthKey(Date.UTC(2024, 9, 31, 23, 59, 59, 999))).toBe('2024-10');
    expect(monthKey(Date.UTC(2024, 10, 1))).toBe('2024-11');
    expect(monthKey(Date.UTC(2024, 11, 31, 23, 0))).toBe('2024-12');
    expect(monthKey(Date.UTC(2025, 0, 1))).toBe('2025-01');
    expect(monthKey(Date.UTC(2024, 1, 29, 12))).toBe('2024-02');
  });

  it('given an instant that is not a time, it throws RangeError', () => {
    expect(() => monthKey(Number.NaN)).toThrow(RangeError);
    expect(() => monthKey(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => monthKey(9e15)).toThrow(RangeError);
  });
});

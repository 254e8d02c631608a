import { describe, expect, it } from 'vitest';
import { weekKey } from '../../src/store/index.js';

describe('weekKey', () => {
  it('given instants inside a year, it answers the ISO week, Monday 00:00 UTC to Sunday 23:59 UTC', () => {
    expect(weekKey(Date.UTC(2024, 9, 15, 12))).toBe('2024-W42');
    expect(weekKey(Date.UTC(2024, 9, 14, 0, 0))).toBe('2024-W42'); // Monday
    expect(weekKey(Date.UTC(2024, 9, 20, 23, 59, 59, 999))).toBe('2024-W42'); // Sunday
    expect(weekKey(Date.UTC(2024, 9, 21))).toBe('2024-W43');
    expect(weekKey(Date.UTC(2024, 9, 13, 23, 59, 59, 999))).toBe('2024-W41');
  });

  it('given days around New Year, the week belongs to the year of its Thursday', () => {
    // 2024-12-30 is a Monday; that week's Thursday is 2025-01-02.
    expect(weekKey(Date.UTC(2024, 11, 29, 23, 59, 59, 999))).toBe('2024-W52');
    expect(weekKey(Date.UTC(2024, 11, 30))).toBe('2025-W01');
    expect(weekKey(Date.UTC(2024, 11, 31, 23))).toBe('2025-W01');
    expect(weekKey(Date.UTC(2025, 0, 5, 23))).toBe('2025-W01');
    expect(weekKey(Date.UTC(2025, 0, 6))).toBe('2025-W02');
    // 2023-01-01 is a Sunday: still the last week of 2022.
    expect(weekKey(Date.UTC(2023, 0, 1, 12))).toBe('2022-W52');
    expect(weekKey(Date.UTC(2023, 0, 2))).toBe('2023-W01');
    // 2026-01-01 is a Thursday: week 1 of 2026 starts on 2025-12-29.
    expect(weekKey(Date.UTC(2025, 11, 29))).toBe('2026-W01');
    expect(weekKey(Date.UTC(2025, 11, 28, 23, 59))).toBe('2025-W52');
  });

  it('given a year with 53 weeks, its last week is W53 and may run into the next calendar year', () => {
    // 2020 began on a Wednesday (leap year): 2020-W53 runs 2020-12-28 … 2021-01-03.
    expect(weekKey(Date.UTC(2020, 11, 28))).toBe('2020-W53');
    expect(weekKey(Date.UTC(2021, 0, 1, 12))).toBe('2020-W53');
    expect(weekKey(Date.UTC(2021, 0, 3, 23, 59, 59, 999))).toBe('2020-W53');
    expect(weekKey(Date.UTC(2021, 0, 4))).toBe('2021-W01');
    // 2026 begins on a Thursday: 2026-W53 ends on 2027-01-03.
    expect(weekKey(Date.UTC(2026, 11, 31))).toBe('2026-W53');
    expect(weekKey(Date.UTC(2027, 0, 3))).toBe('2026-W53');
    expect(weekKey(Date.UTC(2027, 0, 4))).toBe('2027-W01');
    // A year without a week 53: 2025-12-28 (Sunday) is W52.
    expect(weekKey(Date.UTC(2025, 11, 28))).toBe('2025-W52');
  });

  it('given a leap day and early week numbers, the week is two digits', () => {
    expect(weekKey(Date.UTC(2024, 1, 29, 12))).toBe('2024-W09');
    expect(weekKey(Date.UTC(2024, 0, 1))).toBe('2024-W01');
  });

  it('given every day from 2000 to 2040, the week changes exactly on Mondays and counts 1, 2, … up to 52 or 53', () => {
    let previous = weekKey(Date.UTC(1999, 11, 31));
    for (let day = Date.UTC(2000, 0, 1); day < Date.UTC(2041, 0, 1); day += 86_400_000) {
      const key = weekKey(day);
      const monday = new Date(day).getUTCDay() === 1;
      expect(key !== previous, new Date(day).toISOString()).toBe(monday);
      if (monday) {
        const [year, week] = key.split('-W').map(Number) as [number, number];
        const [prevYear, prevWeek] = previous.split('-W').map(Number) as [number, number];
        if (week === 1) expect([52, 53]).toContain(prevWeek);
        else expect([year, week]).toEqual([prevYear, prevWeek + 1]);
      }
      previous = key;
    }
  });

  it('given an instant that is not a time, it throws RangeError', () => {
    expect(() => weekKey(Number.NaN)).toThrow(RangeError);
    expect(() => weekKey(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => weekKey(9e15)).toThrow(RangeError);
  });
});

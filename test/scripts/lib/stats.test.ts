import { describe, expect, it } from 'vitest';
import { formatBytes, formatMs, formatRate, formatRatio, perSecond, quantileSorted, summarize } from '../../../scripts/lib/stats.js';

describe('summarize', () => {
  it('given 1…100 in any order, p50 is 50, p90 is 90, p99 is 99 (nearest rank) and min/max/mean are exact', () => {
    const samples = Array.from({ length: 100 }, (_, i) => ((i * 37) % 100) + 1);
    expect(summarize(samples)).toEqual({ count: 100, min: 1, p50: 50, p90: 90, p99: 99, max: 100, mean: 50.5 });
  });

  it('given one sample, every quantile is that sample', () => {
    expect(summarize([7])).toMatchObject({ count: 1, min: 7, p50: 7, p99: 7, max: 7 });
  });

  it('given 500 latencies with six slow ones, p99 is the fastest of the slowest 1 % plus one: a latency that was seen', () => {
    const samples = [...Array.from({ length: 494 }, () => 3), 40, 50, 60, 70, 80, 90];
    expect(summarize(samples).p99).toBe(40);
    // Exactly 1 % slow: p99 is still a fast one (99 % of the samples are at or below it).
    expect(summarize([...Array.from({ length: 495 }, () => 3), 40, 50, 60, 70, 80]).p99).toBe(3);
  });

  it('given no samples or a non-finite one, it throws', () => {
    expect(() => summarize([])).toThrow(RangeError);
    expect(() => summarize([1, Number.NaN])).toThrow(/not a finite number/);
    expect(() => quantileSorted([1, 2], 1.5)).toThrow(/outside/);
  });

  it('given samples, the input array is left unsorted', () => {
    const samples = [3, 1, 2];
    summarize(samples);
    expect(samples).toEqual([3, 1, 2]);
  });
});

describe('formatting', () => {
  it('given rates, durations, sizes and ratios, they are printed at a readable precision', () => {
    expect(perSecond(500, 250)).toBe(2000);
    expect(perSecond(1, 0)).toBe(Number.POSITIVE_INFINITY);
    expect(formatRate(12_345.6, 'rows')).toBe('12,346 rows/s');
    expect(formatRate(4.5678, 'games')).toBe('4.57 games/s');
    expect(formatMs(0.04213)).toBe('0.042 ms');
    expect(formatMs(3.14159)).toBe('3.14 ms');
    expect(formatMs(42.42)).toBe('42.4 ms');
    expect(formatMs(1234.5)).toBe('1,235 ms');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(5 * 1024 + 512)).toBe('5.5 KiB');
    expect(formatBytes(-3 * 1024 * 1024)).toBe('-3.0 MiB');
    expect(formatRatio(3, 12)).toBe('×0.25');
    expect(formatRatio(1234, 2)).toBe('×617');
    expect(formatRatio(1, 0)).toBe('n/a');
  });
});

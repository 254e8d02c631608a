/**
 * Small statistics and formatting helpers for `npm run bench`. Pure functions, no I/O.
 */

export interface Summary {
  readonly count: number;
  readonly min: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/**
 * The q-quantile (0 ≤ q ≤ 1) of already sorted samples, nearest-rank method: the smallest sample
 * with at least q of the samples at or below it. Nearest rank never invents a value between two
 * samples, so a p99 of 500 latencies is a latency that was actually seen.
 * @throws RangeError when there are no samples or q is outside [0, 1].
 */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of no samples');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile ${q} is outside [0, 1]`);
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1] as number;
}

/**
 * Count, min, p50, p90, p99, max and mean of some samples.
 * @throws RangeError when there are no samples or one is not a finite number.
 */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new RangeError('summary of no samples');
  for (const s of samples) if (!Number.isFinite(s)) throw new RangeError(`sample ${s} is not a finite number`);
  const sorted = [...samples].sort((a, b) => a - b);
  const total = sorted.reduce((sum, s) => sum + s, 0);
  return {
    count: sorted.length,
    min: sorted[0] as number,
    p50: quantileSorted(sorted, 0.5),
    p90: quantileSorted(sorted, 0.9),
    p99: quantileSorted(sorted, 0.99),
    max: sorted[sorted.length - 1] as number,
    mean: total / sorted.length,
  };
}

/** Operations per second from a count and elapsed milliseconds (Infinity for 0 ms). */
export function perSecond(count: number, elapsedMs: number): number {
  return elapsedMs <= 0 ? Number.POSITIVE_INFINITY : (count * 1000) / elapsedMs;
}

/** `12,345 rows/s`: thousands separators, no decimals from 100 up, 3 significant digits below. */
export function formatRate(perSec: number, unit: string): string {
  return `${formatNumber(perSec)} ${unit}/s`;
}

/** Thousands separators; no decimals from 100 up, 3 significant digits below. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US');
  return Number(n.toPrecision(3)).toLocaleString('en-US', { maximumFractionDigits: 3 });
}

/** Milliseconds with a precision that suits their size: `0.042 ms`, `3.1 ms`, `1,234 ms`. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms >= 100) return `${Math.round(ms).toLocaleString('en-US')} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  return `${ms.toFixed(3)} ms`;
}

/** Bytes as `512 B`, `12.3 KiB`, `45.6 MiB` (a negative delta keeps its sign). */
export function formatBytes(bytes: number): string {
  const sign = bytes < 0 ? '-' : '';
  const abs = Math.abs(bytes);
  if (abs < 1024) return `${sign}${Math.round(abs)} B`;
  if (abs < 1024 * 1024) return `${sign}${(abs / 1024).toFixed(1)} KiB`;
  return `${sign}${(abs / (1024 * 1024)).toFixed(1)} MiB`;
}

/** `a / b` as `×1.23` (or `×0.045`); `n/a` when the baseline is zero or not finite. */
export function formatRatio(value: number, baseline: number): string {
  if (!Number.isFinite(value) || !Number.isFinite(baseline) || baseline === 0) return 'n/a';
  const r = value / baseline;
  return `×${r >= 100 ? Math.round(r).toLocaleString('en-US') : Number(r.toPrecision(3))}`;
}

/** `p50 1.2 ms · p99 3.4 ms · max 5.6 ms (n=500)` */
export function formatLatency(summary: Summary): string {
  return `p50 ${formatMs(summary.p50)} · p99 ${formatMs(summary.p99)} · max ${formatMs(summary.max)} (n=${summary.count})`;
}

/** Runs of a timed loop and the milliseconds they took. */
export interface Loop {
  readonly runs: number;
  readonly ms: number;
}

/** Runs `op` repeatedly until `budgetMs` has passed or it ran `maxRuns` times; returns runs and elapsed ms. */
export async function timeLoop(op: (i: number) => unknown, budgetMs: number, maxRuns: number): Promise<Loop> {
  const start = performance.now();
  let runs = 0;
  while (runs < maxRuns && performance.now() - start < budgetMs) {
    await op(runs);
    runs++;
  }
  return { runs, ms: performance.now() - start };
}

/** Timings of `calls` awaited calls, after `warmup` untimed ones. */
export async function sample(op: (i: number) => Promise<unknown>, calls: number, warmup: number): Promise<Summary> {
  for (let i = 0; i < warmup; i++) await op(i);
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    await op(i);
    times.push(performance.now() - t);
  }
  return summarize(times);
}

/** A calendar month in UTC, `YYYY-MM`, as used by the monthly leaderboards. */
export type MonthKey = `${number}-${number}`;

/**
 * The UTC calendar month of an instant, e.g. `2024-10` for 2024-10-01T00:00:00Z.
 * @throws {RangeError} when `epochMs` is not a finite time value.
 */
export function monthKey(epochMs: number): MonthKey {
  const date = new Date(epochMs);
  if (!Number.isFinite(epochMs) || Number.isNaN(date.getTime())) {
    throw new RangeError(`not a valid time: ${String(epochMs)}`);
  }
  const year = String(date.getUTCFullYear()).padStart(4, '0');
  const month = String(date.getUTCMonth() + 1).padStart(2, '0');
  return `${year}-${month}` as MonthKey;
}

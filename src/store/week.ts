/** An ISO 8601 week in UTC, `YYYY-Www` (the week-numbering year), as used by the weekly leaderboards. */
export type WeekKey = `${number}-W${number}`;

const DAY_MS = 86_400_000;

/**
 * The ISO 8601 week (Monday to Sunday, UTC) of an instant, e.g. `2024-W42` for 2024-10-15. The
 * year is the week-numbering year: the year of the week's Thursday, so 2024-12-30 is in
 * `2025-W01` and 2021-01-01 in `2020-W53`.
 * @throws {RangeError} when `epochMs` is not a finite time value.
 */
export function weekKey(epochMs: number): WeekKey {
  const date = new Date(epochMs);
  if (!Number.isFinite(epochMs) || Number.isNaN(date.getTime())) {
    throw new RangeError(`not a valid time: ${String(epochMs)}`);
  }
  const midnight = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  const weekday = (date.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  // A week belongs to the year its Thursday is in; week 1 holds the year's first Thursday.
  const thursday = new Date(midnight + (3 - weekday) * DAY_MS);
  const isoYear = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(isoYear, 0, 1)) / (7 * DAY_MS));
  return `${String(isoYear).padStart(4, '0')}-W${String(week).padStart(2, '0')}` as WeekKey;
}

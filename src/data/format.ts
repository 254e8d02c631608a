/**
 * Plain-text formatting of dataset values, shared by the search labels and the command replies.
 */
import type { IsoDate, ProductionId } from './schema.js';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** Whether `value` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): value is IsoDate {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** "2024-10-01" → "October 1, 2024". A string that is not a valid ISO date is returned unchanged. */
export function formatDate(iso: string): string {
  if (!isIsoDate(iso)) return iso;
  const [year, month, day] = iso.split('-').map(Number);
  return `${MONTHS[(month ?? 1) - 1] ?? ''} ${day ?? ''}, ${year ?? ''}`;
}

/** "Noh Sang-hyun (노상현)", or just the English name when there is no Hangul. */
export function withHangul(name: string, hangul?: string): string {
  return hangul ? `${name} (${hangul})` : name;
}

/** 5820000 → "5,820,000" (fixed en-US grouping, independent of the machine's locale). */
export function formatNumber(value: number): string {
  return Math.round(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** The production as a noun: "novel", "film", "series". */
export const PRODUCTION_NOUN: Readonly<Record<ProductionId, string>> = {
  novel: 'novel',
  film: 'film',
  series: 'series',
};

/** The order productions are listed in: chronological. */
export const PRODUCTION_ORDER: readonly ProductionId[] = ['novel', 'film', 'series'];

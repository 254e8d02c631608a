/** Text rendering shared by the templates: names with Hangul, dates, numbers, ordinals. */
import { formatDate as formatIsoDate, withHangul as withHangulName } from '../../data/format.js';
import type { IsoDate } from '../../data/schema.js';

/** "Noh Sang-hyun (노상현)", the same rendering as the look-up commands. */
export function withHangul(name: string, hangul: string | undefined): string {
  return hangul && hangul !== name ? withHangulName(name, hangul) : name;
}

/** "September 13, 2024", the same rendering as the look-up commands. */
export function formatDate(date: IsoDate | string): string {
  return formatIsoDate(date);
}

/** Days since the epoch for an ISO date (UTC, so arithmetic never crosses a DST change). */
export function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Math.round(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1) / 86_400_000);
}

export function isoFromDayNumber(day: number): IsoDate {
  return new Date(day * 86_400_000).toISOString().slice(0, 10) as IsoDate;
}

/** "52,696": grouping without relying on the host locale. */
export function formatInteger(n: number): string {
  const sign = n < 0 ? '-' : '';
  return sign + String(Math.abs(Math.round(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "US$5.82 million". */
export function formatUsd(n: number): string {
  if (n >= 1_000_000) return `US$${(n / 1_000_000).toFixed(2)} million`;
  return `US$${formatInteger(n)}`;
}

export function ordinal(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}

/** “Title” (한글), the way story and act titles are shown. */
export function quotedTitle(titleEn: string, titleKo: string): string {
  return titleEn === titleKo ? `“${titleEn}”` : `“${titleEn}” (${titleKo})`;
}

/** Case-, space- and punctuation-insensitive form used to keep option strings apart. */
export function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

/** "first" … "tenth", then "11th". */
export function ordinalWord(n: number): string {
  return ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'][n - 1] ?? ordinal(n);
}

/**
 * Spoiler settings written the way people type them (`film+series-4`), for test tables.
 * Fails loudly on a text the parser refuses, so a typo in a test never becomes "no spoilers".
 */
import { parseSpoilers, type SpoilerSetting } from '../src/data/spoilers.js';

export function sp(text: string): SpoilerSetting {
  const parsed = parseSpoilers(text);
  if (!parsed) throw new Error(`test bug: "${text}" is not a spoiler setting`);
  return parsed;
}

/** A plain (unfrozen) object, as the store hands back. */
export function plain(text: string): { film: boolean; series: number; novel: number } {
  const { film, series, novel } = sp(text);
  return { film, series, novel };
}

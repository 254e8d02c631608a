/**
 * Recap quizzes: what a group watched (or read) most recently, from how far it is. On the series
 * that is the act it reached (episodes 1–2, 3–4, 5–6, 7–8; only the episodes watched of an act
 * begun), on the novel the last story read, and the film's plot when the film is seen. A group on
 * several tracks has the last part of each as its recap. No discord.js here (see STYLE.md).
 */
import { actEpisodesOf, type Reveal, type SpoilerSetting } from '../data/spoilers.js';

export interface RecapWindow {
  readonly film: boolean;
  /** The episodes of the last act reached, first to last (the last is the episode reached). */
  readonly series: readonly [number, number] | null;
  /** The last story read (`[n, n]`). */
  readonly novel: readonly [number, number] | null;
}

/** What a recap at `setting` asks about first, or null when the setting reveals no plot at all. */
export function recapWindow(setting: SpoilerSetting): RecapWindow | null {
  if (!setting.film && setting.series === 0 && setting.novel === 0) return null;
  return {
    film: setting.film,
    series: setting.series > 0 ? [actEpisodesOf(setting.series)[0], setting.series] : null,
    novel: setting.novel > 0 ? [setting.novel, setting.novel] : null,
  };
}

function within(n: number, range: readonly [number, number] | null): boolean {
  return range !== null && n >= range[0] && n <= range[1];
}

/** Whether something revealing these points belongs to the recap (reveals a point inside the window). */
export function isRecent(reveals: readonly Reveal[], window: RecapWindow): boolean {
  return reveals.some((r) => {
    if (r === 'film') return window.film;
    if (r.startsWith('series:')) return within(Number(r.slice(7)), window.series);
    return within(Number(r.slice(6)), window.novel);
  });
}

/**
 * The order of a recap: 0 for the window's facts, 1 for earlier plot, 2 for production facts
 * (which reveal nothing, so they only fill a game once the plot runs out).
 */
export function recapTier(reveals: readonly Reveal[], window: RecapWindow): 0 | 1 | 2 {
  if (isRecent(reveals, window)) return 0;
  return reveals.length > 0 ? 1 : 2;
}

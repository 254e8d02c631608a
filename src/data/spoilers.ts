/**
 * Spoiler settings: how far a group is on each of three independent tracks, the film (seen or
 * not), the series (episodes watched, 0–8) and the novel (stories read, 0–4).
 *
 * Written as text for Discord options and logs: `none`, `all`, or tracks joined by `+`
 * (`film`, `series-4`, `film+series-4`, `novel-2`). No discord.js here (see STYLE.md).
 */
import type { Spoiler } from './schema.js';

export const SERIES_EPISODES = 8;
export const NOVEL_STORIES = 4;
/** The series' acts each have two episodes, by four directors: 1–2, 3–4, 5–6, 7–8. */
export const EPISODES_PER_ACT = 2;

/** The episodes of the act an episode belongs to: 3 → [3, 4]. */
export function actEpisodesOf(episode: number): readonly [number, number] {
  const first = episode - ((episode - 1) % EPISODES_PER_ACT);
  return [first, first + EPISODES_PER_ACT - 1];
}

export interface SpoilerSetting {
  readonly film: boolean;
  /** Episodes of the series watched, 0–8. */
  readonly series: number;
  /** Stories of the novel read, 0–4. */
  readonly novel: number;
}

export const NO_SPOILERS: SpoilerSetting = Object.freeze({ film: false, series: 0, novel: 0 });
export const ALL_SPOILERS: SpoilerSetting = Object.freeze({ film: true, series: SERIES_EPISODES, novel: NOVEL_STORIES });

/** A point in a story that a question or record reveals: `film`, `series:N` (episode N), `novel:N` (story N). */
export type Reveal = 'film' | `series:${number}` | `novel:${number}`;

/** The reveal of a record's spoiler marker, or undefined for production facts that spoil nothing. */
export function revealOf(spoiler: Spoiler): Reveal | undefined {
  switch (spoiler.kind) {
    case 'none':
      return undefined;
    case 'film':
      return 'film';
    case 'series':
      return `series:${spoiler.episode}`;
    case 'novel':
      return `novel:${spoiler.story}`;
  }
}

/** The reveals of some spoiler markers, one per track at most (production facts add none). */
export function revealsOf(...spoilers: readonly (Spoiler | undefined)[]): Reveal[] {
  const out: Reveal[] = [];
  for (const s of spoilers) {
    const r = s && revealOf(s);
    if (r) out.push(r);
  }
  return normaliseReveals(out);
}

/** Whether a group at `setting` may see a record with this spoiler marker. */
export function isRevealed(spoiler: Spoiler, setting: SpoilerSetting): boolean {
  switch (spoiler.kind) {
    case 'none':
      return true;
    case 'film':
      return setting.film;
    case 'series':
      return setting.series >= spoiler.episode;
    case 'novel':
      return setting.novel >= spoiler.story;
  }
}

/** The smallest setting that reveals every one of these points. */
export function settingFor(reveals: readonly Reveal[]): SpoilerSetting {
  let film = false;
  let series = 0;
  let novel = 0;
  for (const r of reveals) {
    if (r === 'film') film = true;
    else if (r.startsWith('series:')) series = Math.max(series, Number(r.slice(7)));
    else novel = Math.max(novel, Number(r.slice(6)));
  }
  return { film, series, novel };
}

/** The fewest reveals that say the same as `reveals` (one per track, the furthest), in track order. */
export function normaliseReveals(reveals: readonly Reveal[]): Reveal[] {
  return revealsOfSetting(settingFor(reveals));
}

/** A setting as the reveals it allows at most: `{ film, series: 4 }` → `['film', 'series:4']`. */
export function revealsOfSetting(s: SpoilerSetting): Reveal[] {
  const out: Reveal[] = [];
  if (s.film) out.push('film');
  if (s.series > 0) out.push(`series:${s.series}`);
  if (s.novel > 0) out.push(`novel:${s.novel}`);
  return out;
}

/** Whether a group at `setting` may see everything that reveals these points. */
export function allows(setting: SpoilerSetting, reveals: readonly Reveal[]): boolean {
  return !exceeds(settingFor(reveals), setting);
}

/** The safer of two settings, track by track. */
export function minSpoilers(a: SpoilerSetting, b: SpoilerSetting): SpoilerSetting {
  return { film: a.film && b.film, series: Math.min(a.series, b.series), novel: Math.min(a.novel, b.novel) };
}

/** Whether `setting` goes beyond `cap` on any track. */
export function exceeds(setting: SpoilerSetting, cap: SpoilerSetting): boolean {
  return (setting.film && !cap.film) || setting.series > cap.series || setting.novel > cap.novel;
}

export function sameSpoilers(a: SpoilerSetting, b: SpoilerSetting): boolean {
  return a.film === b.film && a.series === b.series && a.novel === b.novel;
}

/** The canonical text of a setting: `none`, `all`, `film+series-4`, `novel-2`… */
export function formatSpoilers(s: SpoilerSetting): string {
  if (sameSpoilers(s, NO_SPOILERS)) return 'none';
  if (sameSpoilers(s, ALL_SPOILERS)) return 'all';
  const parts: string[] = [];
  if (s.film) parts.push('film');
  if (s.series > 0) parts.push(`series-${s.series}`);
  if (s.novel > 0) parts.push(`novel-${s.novel}`);
  return parts.join('+');
}

/** A short description for people: "the film, series episodes 1–4". */
export function describeSpoilers(s: SpoilerSetting): string {
  if (sameSpoilers(s, NO_SPOILERS)) return 'no plot (production facts only)';
  if (sameSpoilers(s, ALL_SPOILERS)) return 'everything: the film, the whole series and the whole novel';
  const parts: string[] = [];
  if (s.film) parts.push('the film');
  if (s.series === SERIES_EPISODES) parts.push('the whole series');
  else if (s.series === 1) parts.push('series episode 1');
  else if (s.series > 1) parts.push(`series episodes 1–${s.series}`);
  if (s.novel === NOVEL_STORIES) parts.push('the whole novel');
  else if (s.novel === 1) parts.push('the novel’s first story');
  else if (s.novel > 1) parts.push(`the novel’s stories 1–${s.novel}`);
  return parts.join(', ');
}

/** The longest spoiler text accepted (a Discord option value is capped at 100). */
export const MAX_SPOILER_TEXT = 100;

/**
 * Reads a spoiler setting as typed by a user: `none`, `all`, or tracks joined by `+`, `,` or
 * spaces: `film`, `series-N` (also `series:N`, `series N`, `episode N`, `series` for all eight),
 * `novel-N` (also `story N`, `novel` for all four). Case-insensitive. Returns null for anything else (unknown words, an
 * episode beyond 8, `none` mixed with a track, a track given twice with different values).
 */
export function parseSpoilers(text: unknown): SpoilerSetting | null {
  if (typeof text !== 'string' || text.length > MAX_SPOILER_TEXT) return null;
  const tokens = text
    .trim()
    .toLowerCase()
    // "series 4", "episode 4" and "ep4" read as series-4; "story 2" as novel-2.
    .replace(/\b(?:series|episodes?|ep)\s*[-:]?\s*(\d)/g, 'series-$1')
    .replace(/\b(?:novel|stor(?:y|ies))\s*[-:]?\s*(\d)/g, 'novel-$1')
    .split(/[\s+,&]+/)
    .filter((t) => t !== '' && t !== 'and');
  if (tokens.length === 0) return null;
  if (tokens.length === 1 && tokens[0] === 'none') return NO_SPOILERS;
  if (tokens.length === 1 && tokens[0] === 'all') return ALL_SPOILERS;
  let film: boolean | undefined;
  let series: number | undefined;
  let novel: number | undefined;
  for (const token of tokens) {
    if (token === 'film' || token === 'movie') {
      if (film !== undefined) return null;
      film = true;
      continue;
    }
    const m = /^(series|novel)(?:[-:]?(\d{1,2}))?$/.exec(token);
    if (!m) return null;
    const max = m[1] === 'series' ? SERIES_EPISODES : NOVEL_STORIES;
    const n = m[2] === undefined ? max : Number(m[2]);
    if (!Number.isInteger(n) || n < 1 || n > max) return null;
    if (m[1] === 'series') {
      if (series !== undefined) return null;
      series = n;
    } else {
      if (novel !== undefined) return null;
      novel = n;
    }
  }
  return { film: film ?? false, series: series ?? 0, novel: novel ?? 0 };
}

/**
 * A setting saved by any release: the object this release writes, or the text of the first
 * release, whose ladder was `none` < `film` < `series-1…8` < `all` and whose `series-N` meant
 * the film AND the series up to episode N (so a stored `series-4` keeps the film). The novel's plot
 * was only within `all`. Returns undefined for anything unreadable.
 */
export function readStoredSpoilers(value: unknown): SpoilerSetting | undefined {
  if (typeof value === 'string') {
    if (value === 'none') return NO_SPOILERS;
    if (value === 'all') return ALL_SPOILERS;
    if (value === 'film') return { film: true, series: 0, novel: 0 };
    const m = /^series-([1-8])$/.exec(value);
    return m ? { film: true, series: Number(m[1]), novel: 0 } : undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const { film, series, novel } = v;
  if (typeof film !== 'boolean') return undefined;
  if (!Number.isInteger(series) || (series as number) < 0 || (series as number) > SERIES_EPISODES) return undefined;
  if (!Number.isInteger(novel) || (novel as number) < 0 || (novel as number) > NOVEL_STORIES) return undefined;
  return { film, series: series as number, novel: novel as number };
}

/** A plain copy for storing (never the frozen constants, never extra fields). */
export function storedSpoilers(s: SpoilerSetting): SpoilerSetting {
  return { film: s.film, series: s.series, novel: s.novel };
}

/** The common picks, offered first by autocomplete: nothing, the film, series up to N, everything. */
const COMMON: readonly SpoilerSetting[] = [
  NO_SPOILERS,
  { film: true, series: 0, novel: 0 },
  ...Array.from({ length: SERIES_EPISODES }, (_, i) => ({ film: false, series: i + 1, novel: 0 })),
  ...Array.from({ length: SERIES_EPISODES }, (_, i) => ({ film: true, series: i + 1, novel: 0 })),
  ...Array.from({ length: NOVEL_STORIES }, (_, i) => ({ film: false, series: 0, novel: i + 1 })),
  ALL_SPOILERS,
];

export interface SpoilerSuggestion {
  /** What the user sees, e.g. "film+series-4: the film, series episodes 1–4". */
  readonly name: string;
  /** What the option receives: the canonical text. */
  readonly value: string;
}

/**
 * Up to `limit` (Discord allows 25) settings for autocomplete: what the user typed, when it
 * parses, first; then the common picks whose text starts with (or contains) what was typed.
 * Settings beyond `cap` are left out.
 */
export function suggestSpoilers(typed: string, cap: SpoilerSetting = ALL_SPOILERS, limit = 25): SpoilerSuggestion[] {
  const q = typed.trim().toLowerCase();
  const out: SpoilerSetting[] = [];
  const add = (s: SpoilerSetting) => {
    if (!exceeds(s, cap) && !out.some((o) => sameSpoilers(o, s))) out.push(s);
  };
  const parsed = parseSpoilers(q);
  if (parsed) add(parsed);
  const texts = COMMON.map((s) => ({ s, text: formatSpoilers(s) }));
  for (const { s, text } of texts) if (q === '' || text.startsWith(q)) add(s);
  for (const { s, text } of texts) if (q !== '' && text.includes(q)) add(s);
  return out.slice(0, limit).map((s) => {
    const value = formatSpoilers(s);
    return { name: `${value}: ${describeSpoilers(s)}`.slice(0, 100), value };
  });
}

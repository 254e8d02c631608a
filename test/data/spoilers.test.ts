/**
 * Spoiler settings (src/data/spoilers.ts): the three tracks, their text for Discord options, the
 * text the first release stored, and the suggestions autocomplete offers.
 */
import { describe, expect, it } from 'vitest';
import type { Spoiler } from '../../src/data/schema.js';
import {
  ALL_SPOILERS,
  allows,
  describeSpoilers,
  exceeds,
  formatSpoilers,
  isRevealed,
  MAX_SPOILER_TEXT,
  minSpoilers,
  NO_SPOILERS,
  NOVEL_STORIES,
  parseSpoilers,
  readStoredSpoilers,
  revealsOf,
  SERIES_EPISODES,
  settingFor,
  storedSpoilers,
  suggestSpoilers,
  type SpoilerSetting,
} from '../../src/data/spoilers.js';

const set = (film: boolean, series: number, novel: number): SpoilerSetting => ({ film, series, novel });

/** The common picks autocomplete offers first, as their canonical text and what that text means. */
const COMMON: readonly [string, SpoilerSetting][] = [
  ['none', set(false, 0, 0)],
  ['film', set(true, 0, 0)],
  ...Array.from({ length: 8 }, (_, i): [string, SpoilerSetting] => [`series-${i + 1}`, set(false, i + 1, 0)]),
  ...Array.from({ length: 8 }, (_, i): [string, SpoilerSetting] => [`film+series-${i + 1}`, set(true, i + 1, 0)]),
  ...Array.from({ length: 4 }, (_, i): [string, SpoilerSetting] => [`novel-${i + 1}`, set(false, 0, i + 1)]),
  ['all', set(true, 8, 4)],
];

/** Every setting there is: 2 × 9 × 5. */
const EVERY: SpoilerSetting[] = [];
for (const film of [false, true]) {
  for (let series = 0; series <= SERIES_EPISODES; series++) {
    for (let novel = 0; novel <= NOVEL_STORIES; novel++) EVERY.push(set(film, series, novel));
  }
}

describe('the tracks', () => {
  it('given the constants, the series has 8 episodes, the novel 4 stories, and none/all are the ends', () => {
    expect(SERIES_EPISODES).toBe(8);
    expect(NOVEL_STORIES).toBe(4);
    expect(NO_SPOILERS).toEqual(set(false, 0, 0));
    expect(ALL_SPOILERS).toEqual(set(true, 8, 4));
    expect(EVERY).toHaveLength(90);
  });

  it('given a record marker, it is revealed exactly when its track has reached it', () => {
    const film: Spoiler = { kind: 'film' };
    const ep5: Spoiler = { kind: 'series', episode: 5 };
    const story2: Spoiler = { kind: 'novel', story: 2 };
    for (const s of EVERY) {
      const text = formatSpoilers(s);
      expect(isRevealed({ kind: 'none' }, s), text).toBe(true);
      expect(isRevealed(film, s), text).toBe(s.film);
      expect(isRevealed(ep5, s), text).toBe(s.series >= 5);
      expect(isRevealed(story2, s), text).toBe(s.novel >= 2);
    }
  });

  it('given two settings, exceeds and minSpoilers work track by track', () => {
    for (const a of EVERY) {
      for (const b of [set(true, 0, 0), set(false, 4, 0), set(true, 3, 2), set(false, 0, 4), NO_SPOILERS, ALL_SPOILERS]) {
        const label = `${formatSpoilers(a)} vs ${formatSpoilers(b)}`;
        expect(exceeds(a, b), label).toBe((a.film && !b.film) || a.series > b.series || a.novel > b.novel);
        expect(minSpoilers(a, b), label).toEqual(set(a.film && b.film, Math.min(a.series, b.series), Math.min(a.novel, b.novel)));
        expect(exceeds(minSpoilers(a, b), a) || exceeds(minSpoilers(a, b), b), label).toBe(false);
      }
    }
  });

  it('given the points a question reveals, the smallest setting that allows them is one per track', () => {
    const reveals = revealsOf({ kind: 'series', episode: 2 }, { kind: 'film' }, { kind: 'none' }, { kind: 'series', episode: 6 }, undefined);
    expect(reveals).toEqual(['film', 'series:6']);
    expect(settingFor(reveals)).toEqual(set(true, 6, 0));
    expect(allows(set(true, 6, 0), reveals)).toBe(true);
    expect(allows(set(false, 8, 4), reveals)).toBe(false);
    expect(allows(set(true, 5, 4), reveals)).toBe(false);
    expect(allows(NO_SPOILERS, [])).toBe(true);
  });
});

describe('parseSpoilers and formatSpoilers', () => {
  it.each(COMMON)('given the common pick %s, it parses to its setting and formats back to the same text', (text, setting) => {
    expect(parseSpoilers(text)).toEqual(setting);
    expect(formatSpoilers(setting)).toBe(text);
  });

  it('given every one of the 90 settings, its text parses back to it, and no two settings share a text', () => {
    const texts = new Set<string>();
    for (const s of EVERY) {
      const text = formatSpoilers(s);
      texts.add(text);
      expect(parseSpoilers(text), text).toEqual(s);
      expect(text.length, text).toBeLessThanOrEqual(MAX_SPOILER_TEXT);
    }
    expect(texts.size).toBe(90);
  });

  it.each<[string, SpoilerSetting]>([
    ['film+series-4', set(true, 4, 0)],
    ['series-4+film', set(true, 4, 0)],
    ['film, series-4', set(true, 4, 0)],
    ['film series-4', set(true, 4, 0)],
    ['film & series-4', set(true, 4, 0)],
    ['film and series-4', set(true, 4, 0)],
    ['  Film+SERIES-4  ', set(true, 4, 0)],
    ['movie+series:4', set(true, 4, 0)],
    ['series4', set(false, 4, 0)],
    ['series 4', set(false, 4, 0)],
    ['episode 4', set(false, 4, 0)],
    ['episode-4', set(false, 4, 0)],
    ['ep4', set(false, 4, 0)],
    ['film series 3 novel 2', set(true, 3, 2)],
    ['story 2', set(false, 0, 2)],
    ['film and stories 3', set(true, 0, 3)],
    ['series', set(false, 8, 0)],
    ['novel', set(false, 0, 4)],
    ['novel-2+film', set(true, 0, 2)],
    ['series-3+novel-1', set(false, 3, 1)],
    ['film+series-8+novel-3', set(true, 8, 3)],
    ['film+series+novel', ALL_SPOILERS],
    [' NONE ', NO_SPOILERS],
    ['All', ALL_SPOILERS],
  ])('given the combination %j, it parses track by track', (text, setting) => {
    expect(parseSpoilers(text)).toEqual(setting);
  });

  it.each<[SpoilerSetting, string]>([
    [set(true, 4, 2), 'film+series-4+novel-2'],
    [set(false, 8, 4), 'series-8+novel-4'],
    [set(true, 8, 3), 'film+series-8+novel-3'],
    [set(true, 0, 4), 'film+novel-4'],
    [set(true, 8, 4), 'all'],
    [set(false, 0, 0), 'none'],
  ])('given %j, its canonical text is %s (tracks in order film, series, novel)', (setting, text) => {
    expect(formatSpoilers(setting)).toBe(text);
  });

  it.each([
    'series-9',
    'series-0',
    'series-10',
    'novel-5',
    'novel-0',
    'none+film',
    'film+none',
    'all+film',
    'series-2+series-3',
    'novel-1+novel-2',
    'series-4.5',
    'series--4',
    'series 9',
    'episode 12',
    'story 5',
    'chapter-2',
    'film2',
    'films',
    'season-1',
    'everything',
    '',
    '   ',
    '+',
    ',,',
  ])('given %j, it is not a setting', (text) => {
    expect(parseSpoilers(text)).toBeNull();
  });

  it('given text beyond the length Discord allows, it is refused even when it would otherwise parse', () => {
    const padded = (n: number) => `film${' '.repeat(n - 'film'.length)}`;
    expect(parseSpoilers(padded(MAX_SPOILER_TEXT))).toEqual(set(true, 0, 0));
    expect(parseSpoilers(padded(MAX_SPOILER_TEXT + 1))).toBeNull();
    expect(parseSpoilers(`film+${'series-1+'.repeat(200)}`)).toBeNull();
  });

  it('given a value that is not text, it is not a setting', () => {
    for (const value of [undefined, null, 4, true, { film: true, series: 0, novel: 0 }, ['film']]) {
      expect(parseSpoilers(value), JSON.stringify(value)).toBeNull();
    }
  });
});

describe('describeSpoilers', () => {
  it.each([
    ['none', 'no plot (production facts only)'],
    ['film', 'the film'],
    ['series-1', 'series episode 1'],
    ['series-4', 'series episodes 1–4'],
    ['film+series-4', 'the film, series episodes 1–4'],
    ['series-8', 'the whole series'],
    ['novel-1', 'the novel’s first story'],
    ['film+novel-3', 'the film, the novel’s stories 1–3'],
    ['series-8+novel-4', 'the whole series, the whole novel'],
    ['all', 'everything: the film, the whole series and the whole novel'],
  ])('given %s, it reads "%s"', (text, words) => {
    expect(describeSpoilers(parseSpoilers(text) as SpoilerSetting)).toBe(words);
  });
});

describe('readStoredSpoilers (settings saved by any release)', () => {
  it.each<[string, SpoilerSetting]>([
    ['none', NO_SPOILERS],
    ['film', set(true, 0, 0)],
    ...Array.from({ length: 8 }, (_, i): [string, SpoilerSetting] => [`series-${i + 1}`, set(true, i + 1, 0)]),
    ['all', ALL_SPOILERS],
  ])("given the first release's text %s, it reads as what it meant then (series-N kept the film)", (text, setting) => {
    expect(readStoredSpoilers(text)).toEqual(setting);
  });

  it('given a setting this release stored, it reads back as it was, without extra fields', () => {
    for (const s of EVERY) expect(readStoredSpoilers(JSON.parse(JSON.stringify(storedSpoilers(s)))), formatSpoilers(s)).toEqual(s);
    expect(readStoredSpoilers({ film: true, series: 2, novel: 0, extra: 'x' })).toEqual(set(true, 2, 0));
    expect(Object.keys(readStoredSpoilers({ film: true, series: 2, novel: 0, extra: 'x' }) ?? {})).toEqual(['film', 'series', 'novel']);
  });

  it('given a stored copy, it is a plain object apart from the frozen constants', () => {
    expect(Object.isFrozen(ALL_SPOILERS) && Object.isFrozen(NO_SPOILERS)).toBe(true);
    const copy = storedSpoilers(ALL_SPOILERS);
    expect(copy).toEqual(ALL_SPOILERS);
    expect(copy).not.toBe(ALL_SPOILERS);
    expect(Object.isFrozen(copy)).toBe(false);
    expect(Object.keys(storedSpoilers({ ...set(true, 1, 1), extra: 1 } as SpoilerSetting))).toEqual(['film', 'series', 'novel']);
  });

  it.each([
    ['series-9', 'series-9'],
    ['series-0', 'series-0'],
    ['text no release stored', 'film+series-4'],
    ['a novel level the first release lacked', 'novel-2'],
    ['text in another case', 'Film'],
    ['film as text', { film: 'yes', series: 0, novel: 0 }],
    ['no film track', { series: 2, novel: 0 }],
    ['episode 9', { film: true, series: 9, novel: 0 }],
    ['a negative episode', { film: true, series: -1, novel: 0 }],
    ['a fractional episode', { film: true, series: 1.5, novel: 0 }],
    ['story 5', { film: false, series: 0, novel: 5 }],
    ['null', null],
    ['a number', 3],
    ['an array', ['film']],
  ])('given %s, it is unreadable', (_what, value) => {
    expect(readStoredSpoilers(value)).toBeUndefined();
  });
});

describe('suggestSpoilers (autocomplete)', () => {
  const values = (typed: string, cap?: SpoilerSetting, limit?: number) => suggestSpoilers(typed, cap, limit).map((s) => s.value);

  it('given nothing typed, it offers the common picks in order, each named by its text and what it means', () => {
    const suggestions = suggestSpoilers('');
    expect(suggestions.map((s) => s.value)).toEqual(COMMON.map(([text]) => text));
    for (const s of suggestions) {
      expect(s.name.startsWith(`${s.value}: `), s.name).toBe(true);
      expect(s.name).toBe(`${s.value}: ${describeSpoilers(parseSpoilers(s.value) as SpoilerSetting)}`.slice(0, 100));
      expect(s.name.length).toBeLessThanOrEqual(100);
    }
  });

  it('given anything typed, it offers at most 25 (Discord\'s limit), each a setting that parses to itself', () => {
    for (const typed of ['', 's', 'se', 'series', 'series-', 'film', 'film+', 'f', 'n', 'novel', '+', '-', '1', 'e', 'x', 'film+series-4', 'novel-2+series-3']) {
      const suggested = suggestSpoilers(typed);
      expect(suggested.length, typed).toBeLessThanOrEqual(25);
      expect(new Set(suggested.map((s) => s.value)).size, typed).toBe(suggested.length);
      for (const s of suggested) expect(formatSpoilers(parseSpoilers(s.value) as SpoilerSetting), `${typed} → ${s.value}`).toBe(s.value);
    }
    expect(values('', ALL_SPOILERS, 5)).toEqual(['none', 'film', 'series-1', 'series-2', 'series-3']);
  });

  it('given a typed valid combination, it comes first, in canonical text', () => {
    expect(values('series-3+novel-2')[0]).toBe('series-3+novel-2');
    expect(values('novel-2, film')[0]).toBe('film+novel-2');
    expect(values('Series-4 + FILM')[0]).toBe('film+series-4');
    expect(values('film+series-4')).toEqual(['film+series-4']);
  });

  it('given a prefix, the common picks that start with it follow, then those that contain it', () => {
    // "film+" already parses (as the film), so it comes first.
    expect(values('film+')).toEqual(['film', ...Array.from({ length: 8 }, (_, i) => `film+series-${i + 1}`)]);
    expect(values('novel-')).toEqual(['novel-1', 'novel-2', 'novel-3', 'novel-4']);
    const series = values('series-');
    expect(series.slice(0, 8)).toEqual(Array.from({ length: 8 }, (_, i) => `series-${i + 1}`));
    expect(series.slice(8)).toEqual(Array.from({ length: 8 }, (_, i) => `film+series-${i + 1}`));
    expect(values('zzz')).toEqual([]);
  });

  it('given a cap, nothing beyond it is offered, not even a typed combination', () => {
    const cap = set(true, 4, 0);
    for (const typed of ['', 's', 'series', 'film', 'novel', 'all', 'film+series-6', 'series-2+novel-1']) {
      for (const value of values(typed, cap)) expect(exceeds(parseSpoilers(value) as SpoilerSetting, cap), `${typed} → ${value}`).toBe(false);
    }
    expect(values('', cap)).toEqual(['none', 'film', 'series-1', 'series-2', 'series-3', 'series-4', 'film+series-1', 'film+series-2', 'film+series-3', 'film+series-4']);
    expect(values('film+series-6', cap)).toEqual([]);
    expect(values('series-2+film', cap)[0]).toBe('film+series-2');
    expect(values('', NO_SPOILERS)).toEqual(['none']);
    expect(values('novel', set(false, 8, 0))).toEqual([]);
  });
});

/**
 * The shape of the curated dataset. Pure types plus the spoiler-horizon ordering;
 * no discord.js here (see STYLE.md).
 *
 * Everything the bot says about the three productions comes from records of these
 * types, and every record names its sources: an article file in ../shared/sources
 * (`"article:003"`) or a numbered source of VERIFIED.md (`"verified:18"`).
 */

export type ProductionId = 'novel' | 'film' | 'series';

/** A source reference: `article:000`…`article:003` or `verified:N` (N = VERIFIED.md source number). */
export type SourceRef = `article:${string}` | `verified:${number}`;

/**
 * The earliest point of the story that reveals a record.
 * `none` is for production facts (cast, crew, dates, numbers) that spoil nothing.
 */
export type Spoiler =
  | { readonly kind: 'none' }
  | { readonly kind: 'film' }
  | { readonly kind: 'series'; readonly episode: number }
  | { readonly kind: 'novel'; readonly story: number };

/**
 * How far a group has watched, as chosen in `/quiz start spoilers:` and capped by `/config spoilers max:`.
 * Ordered: each horizon reveals everything the previous one does.
 */
export const HORIZONS = [
  'none',
  'film',
  'series-1',
  'series-2',
  'series-3',
  'series-4',
  'series-5',
  'series-6',
  'series-7',
  'series-8',
  'all',
] as const;
export type Horizon = (typeof HORIZONS)[number];

export function isHorizon(value: unknown): value is Horizon {
  return typeof value === 'string' && (HORIZONS as readonly string[]).includes(value);
}

/** Rank of a horizon in {@link HORIZONS}; a higher rank reveals more. */
export function horizonRank(horizon: Horizon): number {
  return HORIZONS.indexOf(horizon);
}

/** The lower (safer) of two horizons. */
export function minHorizon(a: Horizon, b: Horizon): Horizon {
  return horizonRank(a) <= horizonRank(b) ? a : b;
}

/**
 * Whether a record with this spoiler marker may be shown to a group at `horizon`.
 * The novel's plot is only within `all` (there is no per-story reading horizon).
 */
export function isWithinHorizon(spoiler: Spoiler, horizon: Horizon): boolean {
  switch (spoiler.kind) {
    case 'none':
      return true;
    case 'film':
      return horizon !== 'none';
    case 'series':
      if (horizon === 'all') return true;
      if (!horizon.startsWith('series-')) return false;
      return Number(horizon.slice('series-'.length)) >= spoiler.episode;
    case 'novel':
      return horizon === 'all';
  }
}

/** The smallest horizon that reveals a record with this spoiler marker. */
export function horizonOf(spoiler: Spoiler): Horizon {
  switch (spoiler.kind) {
    case 'none':
      return 'none';
    case 'film':
      return 'film';
    case 'series':
      return `series-${spoiler.episode}` as Horizon;
    case 'novel':
      return 'all';
  }
}

/** A correction of an error found in one of the source articles (VERIFIED.md "Known errors"). */
export interface Correction {
  /** The article that is wrong, e.g. `article:003`. */
  readonly article: SourceRef;
  /** What the article says. */
  readonly claimed: string;
  /** What is true, per VERIFIED.md. */
  readonly corrected: string;
}

interface Sourced {
  readonly sources: readonly SourceRef[];
  readonly spoiler: Spoiler;
  readonly corrections?: readonly Correction[];
}

/** A calendar date, ISO `YYYY-MM-DD`. */
export type IsoDate = `${number}-${number}-${number}`;

export interface Person extends Sourced {
  readonly id: string;
  /** English name as credited in English-language press, e.g. "Noh Sang-hyun". */
  readonly name: string;
  /** Hangul name, e.g. "노상현"; absent only when no confirmed Hangul name exists. */
  readonly hangul?: string;
  /** Other names of the same person: "Steve Sanghyun Noh", "E.oni"… */
  readonly aliases: readonly string[];
  /** A short description: "actor", "novelist", "film director"… */
  readonly description: string;
  /** Other work mentioned by the sources, e.g. "Exhuma". */
  readonly knownFor?: readonly string[];
}

export interface Character extends Sourced {
  readonly id: string;
  readonly production: ProductionId;
  readonly name: string;
  readonly hangul?: string;
  readonly aliases: readonly string[];
  /** Spoiler-free one-liner, e.g. "Young's close friend". */
  readonly description: string;
  /** How prominent the character is; drives question difficulty. */
  readonly prominence: 'lead' | 'main' | 'supporting';
  /**
   * Series only: the episodes the sources tie the character's story to (Nam-gyu 1–2, Young-su 3–4,
   * Gyu-ho 5–8). Lets the quiz keep a character out of plot questions and distractors before that
   * point; absent when the character is there throughout or the sources do not say.
   */
  readonly episodes?: readonly [number, number];
  /** Plot details about the character, each with its own spoiler marker. */
  readonly plot?: readonly { readonly text: string; readonly spoiler: Spoiler; readonly sources: readonly SourceRef[] }[];
}

/** person → character → production. */
export interface Role extends Sourced {
  readonly id: string;
  readonly personId: string;
  readonly characterId: string;
  readonly production: ProductionId;
}

export type CrewJob = 'author' | 'director' | 'screenwriter' | 'act-director' | 'writer' | 'translator';

export interface CrewCredit extends Sourced {
  readonly id: string;
  readonly personId: string;
  readonly production: ProductionId;
  readonly job: CrewJob;
  /** For `act-director`: the act number (1–4). */
  readonly act?: number;
}

export interface Story extends Sourced {
  /** Position in the novel, 1–4. */
  readonly number: number;
  readonly titleKo: string;
  readonly titleEn: string;
}

export interface Act extends Sourced {
  readonly number: number;
  readonly episodes: readonly [number, number];
  readonly titleKo: string;
  readonly titleEn: string;
  /** Which novel story the act adapts (its number). */
  readonly story: number;
  /** Spoiler-free: whose relationship the act centres on, e.g. "Young and Mi-ae". */
  readonly focus: string;
}

export interface Award extends Sourced {
  readonly id: string;
  readonly name: string;
  /** What or who won it: a production id, a story number, or a person id. */
  readonly recipient: { readonly production: ProductionId } | { readonly story: number } | { readonly personId: string };
  /** Absent when the sources give only the edition (e.g. "39th"), not the year. */
  readonly year?: number;
  /** `won`, `longlisted`… */
  readonly result: 'won' | 'longlisted' | 'nominated';
}

export interface Novel extends Sourced {
  readonly id: 'novel';
  readonly titleEn: string;
  readonly titleKo: string;
  readonly year: number;
  readonly publisher: { readonly name: string; readonly hangul: string };
  readonly published: IsoDate;
  readonly stories: readonly Story[];
  readonly translation: {
    readonly translatorId: string;
    readonly year: number;
    readonly publishers: readonly string[];
  };
}

export interface Film extends Sourced {
  readonly id: 'film';
  readonly titleEn: string;
  readonly titleKo: string;
  readonly year: number;
  /** Which novel story it adapts (its number). */
  readonly basedOnStory: number;
  readonly worldPremiere: {
    readonly date: IsoDate;
    readonly festival: string;
    readonly section: string;
    readonly venue: string;
    readonly sources: readonly SourceRef[];
  };
  readonly koreanRelease: IsoDate;
  readonly runtimeMinutes: number;
  readonly rating: string;
  readonly distributor: { readonly name: string; readonly hangul: string };
  readonly production: readonly string[];
  readonly boxOffice: {
    readonly openingDayAdmissions: number;
    readonly openingWeekendAdmissions: number;
    readonly grossUsd: number;
    readonly grossAsOf: IsoDate;
  };
}

export interface Series extends Sourced {
  readonly id: 'series';
  readonly titleEn: string;
  readonly titleKo: string;
  readonly year: number;
  readonly platform: string;
  readonly premiere: IsoDate;
  readonly episodeCount: number;
  readonly episodeMinutes: number;
  readonly acts: readonly Act[];
  readonly rating: string;
  readonly ratedOn: IsoDate;
  readonly englishRelease: { readonly platform: string; readonly date: IsoDate; readonly note: string };
}

/** A fact that is not structure: a trivia statement. */
export interface Fact extends Sourced {
  readonly id: string;
  readonly production: ProductionId | 'all';
  /** A short title, e.g. "The train scene". */
  readonly title: string;
  /** One or two sentences. */
  readonly statement: string;
  /** Extra words that should find this fact in search ("cg", "computer graphics"…). */
  readonly keywords: readonly string[];
  readonly prominence: 'lead' | 'main' | 'supporting';
  /** When the fact happened, if it is about a single day (e.g. the trailers taken down on 2024-10-12); lets date questions use it. */
  readonly date?: IsoDate;
}

export interface Dataset {
  readonly novel: Novel;
  readonly film: Film;
  readonly series: Series;
  readonly people: readonly Person[];
  readonly characters: readonly Character[];
  readonly roles: readonly Role[];
  readonly crew: readonly CrewCredit[];
  readonly awards: readonly Award[];
  readonly facts: readonly Fact[];
}

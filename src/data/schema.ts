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

/** How hard a question is: follows how well known its fact is (lead cast: easy; admissions figures: hard). */
export type Difficulty = 'easy' | 'medium' | 'hard';

/** One option of a curated question: its text and, when naming it gives plot away, where it is revealed. */
export interface CuratedOption {
  readonly text: string;
  /** Where naming this option reveals something (a character who enters in episode 5…); default none. */
  readonly spoiler?: Spoiler;
  /**
   * A made-up name or title (a character nobody plays): fair among four options, but a give-away
   * in a false true/false statement, so it is never used for one.
   */
  readonly invented?: boolean;
}

/**
 * A question form curated for one fact: its prompt, its correct answer and wrong answers of the
 * same kind (validated at load: distinct, none another name of the answer).
 */
export interface CuratedForm {
  /** `choice` (default): names, titles, places; `numeric`: numbers, dates, amounts. */
  readonly kind?: 'choice' | 'numeric';
  /** The question, e.g. "What does Nam-gyu give Young?". No blanks ("___"), no answer in it. */
  readonly prompt: string;
  readonly answer: string;
  /** Other names of the answer a fan might give; no wrong answer may be one of them. */
  readonly aliases?: readonly string[];
  /** At least three wrong answers of the same kind and style as the answer; a game shows three. */
  readonly wrong: readonly (string | CuratedOption)[];
  /**
   * A natural sentence with `{answer}`: true with the answer, false with a wrong one. When present
   * the fact can also be asked as true/false ("Kim Go-eun plays Jae-hee in the film.").
   */
  readonly statement?: string;
  /**
   * The same form in Korean, written as a Korean fan would ask it (not word for word): the same
   * answer and the same wrong answers, in the same order, with Hangul names and the Korean titles.
   * In `statement`, `{answer:이/가}` (or `은/는`, `을/를`, `와/과`…) puts the right particle after
   * the answer.
   */
  readonly ko?: LocalizedForm;
}

/** A curated form's text in another language (see {@link CuratedForm.ko}). */
export interface LocalizedForm {
  readonly prompt: string;
  readonly answer: string;
  readonly aliases?: readonly string[];
  /** One per wrong answer of the English form, in the same order. */
  readonly wrong: readonly string[];
  readonly statement?: string;
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
  /** The same works by their Korean titles, in the same order (〈파묘〉); a title with no Korean release stays as it is. */
  readonly knownForKo?: readonly string[];
}

export interface Character extends Sourced {
  readonly id: string;
  readonly production: ProductionId;
  readonly name: string;
  readonly hangul?: string;
  readonly aliases: readonly string[];
  /** Spoiler-free one-liner, e.g. "Young's close friend". */
  readonly description: string;
  /** The one-liner in Korean, written for a Korean fan (고영의 절친), not word for word. */
  readonly descriptionKo?: string;
  /** The Korean name of a character credited by description ("Heung-soo's mother" → "흥수 엄마"); others use `hangul`. */
  readonly labelKo?: string;
  /** How prominent the character is; drives question difficulty. */
  readonly prominence: 'lead' | 'main' | 'supporting';
  /** From the sources' words ("mother", "boyfriend", "a Japanese man"); absent when they do not say. */
  readonly gender?: 'female' | 'male';
  /**
   * Where the character first appears in their production: `none` for the premise characters of the
   * official synopsis (Jae-hee and Heung-soo, Young), otherwise the earliest point a source ties them
   * to, or the production's end when no source says (so they are never named too early).
   */
  readonly firstAppears: Spoiler;
  /**
   * Series only: the episodes the sources tie the character's story to (Nam-gyu 1–2, Young-su 3–4,
   * Gyu-ho 5–8). Lets the quiz keep a character out of plot questions and distractors before that
   * point; absent when the character is there throughout or the sources do not say.
   */
  readonly episodes?: readonly [number, number];
  /** Plot details about the character, each with its own spoiler marker. */
  readonly plot?: readonly { readonly text: string; readonly textKo?: string; readonly spoiler: Spoiler; readonly sources: readonly SourceRef[] }[];
}

/** person → character → production. */
export interface Role extends Sourced {
  readonly id: string;
  readonly personId: string;
  readonly characterId: string;
  readonly production: ProductionId;
  /**
   * Wrong answers for "who plays this character?" when the cast has too few actors of the same
   * kind (a mother's role wants older actresses, and the cast has one other): "Name (한글)", none
   * of them in the cast of this production. Replaces the cast-drawn wrong answers.
   */
  readonly wrongActors?: readonly string[];
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
  /** The novel story whose title the act shares (acts 2–4); absent where no source ties the act to a story. */
  readonly story?: number;
  /** Spoiler-free: whose relationship the act centres on, e.g. "Young and Mi-ae". */
  readonly focus: string;
  /** The focus in Korean (고영과 미애). */
  readonly focusKo?: string;
}

export interface Award extends Sourced {
  readonly id: string;
  readonly name: string;
  /** The award's Korean name, as Korean press writes it (제45회 청룡영화상 신인남우상). */
  readonly nameKo?: string;
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
    /** The publishers as Korean text names them, in the same order. */
    readonly publishersKo?: readonly string[];
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
    /** Festival, section and venue in Korean (제49회 토론토국제영화제…). */
    readonly festivalKo?: string;
    readonly sectionKo?: string;
    readonly venueKo?: string;
    readonly sources: readonly SourceRef[];
  };
  readonly koreanRelease: IsoDate;
  readonly runtimeMinutes: number;
  readonly rating: string;
  /** The rating as Korea's rating board words it (15세 이상 관람가). */
  readonly ratingKo?: string;
  readonly distributor: { readonly name: string; readonly hangul: string };
  readonly production: readonly string[];
  /** The production companies by their Korean names, in the same order. */
  readonly productionKo?: readonly string[];
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
  /** The platform's Korean name (티빙). */
  readonly platformKo?: string;
  readonly premiere: IsoDate;
  readonly episodeCount: number;
  readonly episodeMinutes: number;
  readonly acts: readonly Act[];
  readonly rating: string;
  /** The rating as Korea's rating board words it (청소년 관람불가). */
  readonly ratingKo?: string;
  readonly ratedOn: IsoDate;
  readonly englishRelease: {
    readonly platform: string;
    readonly date: IsoDate;
    readonly note: string;
    readonly platformKo?: string;
    readonly noteKo?: string;
  };
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
  /** When the fact happened, if it is about a single day (e.g. the trailers taken down on 2024-10-12). */
  readonly date?: IsoDate;
  /** How well known the fact is; required with `quiz`. */
  readonly difficulty?: Difficulty;
  /** The title and statement in Korean (shown at the quiz's reveal and in Korean look-ups). */
  readonly ko?: { readonly title: string; readonly statement: string };
  /** The question forms that ask this fact; one is asked per game at most. */
  readonly quiz?: readonly CuratedForm[];
  /** Why the fact yields no question, when it has no `quiz` (for `npm run data:check`). */
  readonly noQuiz?: string;
  /**
   * The id of the structured record this fact only restates for the quiz (an award): look-ups
   * show that record instead, so a search does not list the same thing twice.
   */
  readonly restates?: string;
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

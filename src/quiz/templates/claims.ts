/**
 * What each option of a generated question asserts, in structured form.
 *
 * The generator attaches one claim per option so that a checker that knows nothing about
 * templates or rendering can look every claim up in the dataset and confirm that exactly
 * one option is true (the test suite does this for every question the generator can produce).
 */
import type { Award, CrewJob, ProductionId } from '../../data/schema.js';

/** Which plot record a claim is about: a `Fact`, or the `index`-th plot entry of a character. */
export type PlotRef = { readonly factId: string } | { readonly characterId: string; readonly index: number };

export type Claim =
  /** The person plays the character. */
  | { readonly kind: 'role'; readonly personId: string; readonly characterId: string }
  /** The person holds this crew job on the production (for `act-director`, on that act). */
  | {
      readonly kind: 'crew';
      readonly personId: string;
      readonly production: ProductionId;
      readonly job: CrewJob;
      readonly act?: number;
    }
  /** `name` is one of the person's names (primary name or alias). */
  | { readonly kind: 'name-of'; readonly name: string; readonly personId: string }
  /** The person's or character's Hangul name is `hangul`. */
  | { readonly kind: 'hangul-of'; readonly entity: 'person' | 'character'; readonly id: string; readonly hangul: string }
  /** The character's description is `description`. */
  | { readonly kind: 'description-of'; readonly characterId: string; readonly description: string }
  /** The act spans exactly these episodes. */
  | { readonly kind: 'act-episodes'; readonly act: number; readonly first: number; readonly last: number }
  /** The episode belongs to the act. */
  | { readonly kind: 'episode-in-act'; readonly episode: number; readonly act: number }
  /** The act's Korean title is `titleKo`. */
  | { readonly kind: 'act-title'; readonly act: number; readonly titleKo: string }
  /** The act adapts the novel's story with this number. */
  | { readonly kind: 'act-story'; readonly act: number; readonly story: number }
  /** The novel's story titled `titleKo` is at this position. */
  | { readonly kind: 'story-position'; readonly titleKo: string; readonly position: number }
  /** The film adapts the novel's story with this number. */
  | { readonly kind: 'film-story'; readonly story: number }
  /** The field at `path` (dot path from the dataset root, e.g. `film.runtimeMinutes`) equals `value`. */
  | { readonly kind: 'value'; readonly path: string; readonly value: string | number }
  /** The string array at `path` contains `value`. */
  | { readonly kind: 'includes'; readonly path: string; readonly value: string }
  /** The award went to this recipient. */
  | { readonly kind: 'award-recipient'; readonly awardId: string; readonly recipient: Award['recipient'] }
  /** The award was given in this year. */
  | { readonly kind: 'award-year'; readonly awardId: string; readonly year: number }
  /** The fact happened on this date. */
  | { readonly kind: 'fact-date'; readonly factId: string; readonly date: string }
  /**
   * The date at `path` is strictly the earliest (or latest) of the dates at `among` (which include `path`).
   * A path is a dot path into the dataset, or `fact:<id>` for a fact's `date`.
   */
  | { readonly kind: 'extreme-date'; readonly which: 'earliest' | 'latest'; readonly path: string; readonly among: readonly string[] }
  /** The plot record is first revealed within this act of the series. */
  | { readonly kind: 'plot-act'; readonly ref: PlotRef; readonly act: number }
  /** The plot record is first revealed in this story of the novel. */
  | { readonly kind: 'plot-story'; readonly ref: PlotRef; readonly story: number }
  /** The plot text is one of the character's plot entries. */
  | { readonly kind: 'plot-character'; readonly ref: PlotRef; readonly characterId: string }
  /** The statement of this fact (or plot entry) is in the dataset, hence true. */
  | { readonly kind: 'fact'; readonly ref: PlotRef }
  | { readonly kind: 'not'; readonly claim: Claim };

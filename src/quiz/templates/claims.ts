/**
 * What each option of a generated question asserts, in structured form.
 *
 * The generator attaches one claim per option so that a checker that knows nothing about
 * templates or rendering can look every claim up in the dataset and confirm that exactly
 * one option is true (the test suite does this for every question the generator can produce).
 */
import type { Award, CrewJob, ProductionId } from '../../data/schema.js';
import { normalise } from './render.js';

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
  /**
   * The plot record happens within episodes `first`–`last` of the series (the range it can fall in,
   * see `plotRangeStart`, lies inside them).
   */
  | { readonly kind: 'plot-episodes'; readonly ref: PlotRef; readonly first: number; readonly last: number }
  /** The plot record is first revealed in this story of the novel. */
  | { readonly kind: 'plot-story'; readonly ref: PlotRef; readonly story: number }
  /** The plot text is one of the character's plot entries. */
  | { readonly kind: 'plot-character'; readonly ref: PlotRef; readonly characterId: string }
  /** The statement of this fact (or plot entry) is in the dataset, hence true. */
  | { readonly kind: 'fact'; readonly ref: PlotRef }
  | { readonly kind: 'not'; readonly claim: Claim };

/** `fact:<id>` or `plot:<character>:<index>`: the topic of a plot record. */
export function plotTopic(ref: PlotRef): string {
  return 'factId' in ref ? `fact:${ref.factId}` : `plot:${ref.characterId}:${ref.index}`;
}

/**
 * The topic (see `Question.topic`) of the fact a true claim states. Claims that state the same fact
 * from either side map to one key: "who plays Jae-hee" and "which character does Kim Go-eun play"
 * (`role`), "which act is episode 3 in" and "which episodes make up act 2" (`act-episodes`),
 * "who won X" and "in which year did they win X" (`award`), a fact's date and the fact itself.
 */
export function claimTopic(claim: Claim): string {
  switch (claim.kind) {
    case 'role':
      return `role:${claim.personId}>${claim.characterId}`;
    case 'crew':
      return `crew:${claim.personId}:${claim.production}:${claim.job}${claim.act === undefined ? '' : `:${claim.act}`}`;
    case 'name-of':
      return `name:${claim.personId}:${normalise(claim.name)}`;
    case 'hangul-of':
      return `hangul:${claim.entity}:${claim.id}`;
    case 'description-of':
      return `description:${claim.characterId}`;
    case 'act-episodes':
    case 'episode-in-act':
      return `act-episodes:${claim.act}`;
    case 'act-title':
      return `act-title:${claim.act}`;
    case 'act-story':
      return `act-story:${claim.act}`;
    case 'story-position':
      return `story-position:${claim.position}`;
    case 'film-story':
      return 'film-story';
    case 'value':
      return `value:${claim.path}`;
    case 'includes':
      return `includes:${claim.path}`;
    case 'award-recipient':
    case 'award-year':
      return `award:${claim.awardId}`;
    case 'fact-date':
      return plotTopic({ factId: claim.factId });
    case 'extreme-date':
      return `order:${claim.which}:${claim.path}`;
    case 'plot-act':
    case 'plot-episodes':
    case 'plot-story':
    case 'plot-character':
    case 'fact':
      return plotTopic(claim.ref);
    case 'not':
      return claimTopic(claim.claim);
  }
}

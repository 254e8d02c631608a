/**
 * Question drafts: what a template produces before distractors are chosen and options ordered.
 * Keeping the choice of distractors in one place is what guarantees the generator's invariants
 * (four distinct options, one correct, nothing beyond the question's horizon unless needed).
 */
import { HORIZONS, horizonRank, type Horizon, type SourceRef } from '../../data/schema.js';
import { seededRng, seedFrom, shuffle } from '../rng.js';
import type { Difficulty, Question, QuestionKind, Rng, Scope } from '../types.js';
import { claimTopic, type Claim } from './claims.js';
import { normalise } from './render.js';

export interface OptionDraft {
  readonly text: string;
  /** Identity of what the option names (`person:noh-sang-hyun`, `act:3`, `value:118`); options never share one. */
  readonly key: string;
  readonly claim: Claim;
  /** The smallest horizon at which this option may be shown. */
  readonly horizon: Horizon;
  /** Plausibility: distractors come from the lowest tiers first (0 = same production and kind). */
  readonly tier: number;
}

interface DraftBase {
  readonly id: string;
  readonly template: string;
  readonly production: Scope;
  readonly difficulty: Difficulty;
  readonly prompt: string;
  /** Horizon of the records the prompt itself reveals. */
  readonly horizon: Horizon;
  readonly sources: readonly SourceRef[];
  readonly explanation?: string;
  /** The fact the question tests (see `Question.topic`); by default, the topic of the correct option's claim. */
  readonly topic?: string;
}

export interface ChoiceDraft extends DraftBase {
  readonly kind: 'choice' | 'numeric';
  readonly correct: OptionDraft;
  /** Every false option the template could offer; must not contain another true answer. */
  readonly candidates: readonly OptionDraft[];
}

export interface TrueFalseDraft extends DraftBase {
  readonly kind: 'true-false';
  /** The statement shown; `truth` says whether it holds. */
  readonly claim: Claim;
  readonly truth: boolean;
  /** Required: a falsified statement's own claim names no fact, the true statement's does. */
  readonly topic: string;
}

export type Draft = ChoiceDraft | TrueFalseDraft;

/** A question with, for each option, the claim it makes and the horizon it needs. */
export interface GeneratedQuestion {
  readonly question: Question;
  readonly claims: readonly Claim[];
  readonly optionHorizons: readonly Horizon[];
}

export const OPTION_COUNT = 4;
export const TRUE_FALSE = ['True', 'False'] as const;

export function maxHorizon(...horizons: readonly Horizon[]): Horizon {
  let best = 0;
  for (const h of horizons) best = Math.max(best, horizonRank(h));
  return HORIZONS[best] ?? 'all';
}

export function unionSources(...lists: readonly (readonly SourceRef[])[]): SourceRef[] {
  return [...new Set(lists.flat())];
}

/**
 * Chooses three distractors and orders the options.
 * Candidates within the question's own horizon are preferred so the question stays available
 * to the most cautious sessions; later ones are used only when too few remain, and then they
 * raise the question's horizon. Within a horizon band, the lowest tiers win, ties broken by an
 * RNG seeded from the question id (stable across runs, varied across questions).
 * Returns undefined when fewer than three distinct distractors exist.
 */
export function buildQuestion(draft: Draft): GeneratedQuestion | undefined {
  return draft.kind === 'true-false' ? buildTrueFalse(draft) : buildChoice(draft);
}

function buildTrueFalse(draft: TrueFalseDraft): GeneratedQuestion {
  const claims: Claim[] = [draft.claim, { kind: 'not', claim: draft.claim }];
  return {
    question: {
      ...base(draft, 'true-false', draft.topic),
      options: [...TRUE_FALSE],
      answer: draft.truth ? 0 : 1,
      horizon: draft.horizon,
    },
    claims,
    optionHorizons: [draft.horizon, draft.horizon],
  };
}

/** Candidates ordered by preference: least horizon beyond `base`, then tier, then a seeded draw. */
function rank(candidates: readonly OptionDraft[], base: Horizon, rng: Rng): OptionDraft[] {
  return candidates
    .map((c) => ({ c, r: rng.next() }))
    .sort((a, b) => {
      const la = Math.max(0, horizonRank(a.c.horizon) - horizonRank(base));
      const lb = Math.max(0, horizonRank(b.c.horizon) - horizonRank(base));
      return la - lb || a.c.tier - b.c.tier || a.r - b.r;
    })
    .map(({ c }) => c);
}

/**
 * The most plausible false alternative for a falsified true/false statement, chosen the same
 * way as distractors, or undefined when there is none.
 */
export function pickFalse(id: string, base: Horizon, candidates: readonly OptionDraft[]): OptionDraft | undefined {
  return rank(candidates, base, seededRng(seedFrom(`${id}:false`)))[0];
}

function buildChoice(draft: ChoiceDraft): GeneratedQuestion | undefined {
  const rng = seededRng(seedFrom(draft.id));
  const base0 = maxHorizon(draft.horizon, draft.correct.horizon);
  const ranked = rank(draft.candidates, base0, rng);
  const keys = new Set([draft.correct.key]);
  const texts = new Set([normalise(draft.correct.text)]);
  const chosen: OptionDraft[] = [];
  for (const c of ranked) {
    if (chosen.length === OPTION_COUNT - 1) break;
    const text = normalise(c.text);
    if (keys.has(c.key) || texts.has(text) || text === '') continue;
    keys.add(c.key);
    texts.add(text);
    chosen.push(c);
  }
  if (chosen.length < OPTION_COUNT - 1) return undefined;
  const order = shuffle(rng, [draft.correct, ...chosen]);
  const horizon = maxHorizon(base0, ...chosen.map((c) => c.horizon));
  return {
    question: {
      ...base(draft, draft.kind, draft.topic ?? claimTopic(draft.correct.claim)),
      options: order.map((o) => o.text),
      answer: order.indexOf(draft.correct),
      horizon,
    },
    claims: order.map((o) => o.claim),
    optionHorizons: order.map((o) => o.horizon),
  };
}

function base(draft: Draft, kind: QuestionKind, topic: string): Omit<Question, 'options' | 'answer' | 'horizon'> {
  return {
    id: draft.id,
    kind,
    topic,
    template: draft.template,
    production: draft.production,
    difficulty: draft.difficulty,
    prompt: draft.prompt,
    sources: draft.sources,
    ...(draft.explanation === undefined ? {} : { explanation: draft.explanation }),
  };
}

export interface TrueFalseSpec {
  /** Id prefix; the drafts get `:true` and `:false` appended. */
  readonly id: string;
  readonly template: string;
  readonly production: Scope;
  readonly difficulty: Difficulty;
  readonly sources: readonly SourceRef[];
  /** The true statement, its claim and the horizon of the records it names. */
  readonly statement: string;
  readonly claim: Claim;
  readonly horizon: Horizon;
  /** The candidates a falsified statement may swap in; `render` turns one into the false statement. */
  readonly alternatives?: readonly OptionDraft[];
  readonly render?: (alternative: OptionDraft) => string;
  /** The fact both statements are about; by default, the topic of the true claim. */
  readonly topic?: string;
}

/**
 * A true statement and, when an alternative exists, a falsified one with one relation swapped.
 * The falsified statement's explanation states the truth, so its horizon covers both.
 */
export function trueFalsePair(spec: TrueFalseSpec): TrueFalseDraft[] {
  const common = {
    kind: 'true-false' as const,
    template: spec.template,
    production: spec.production,
    difficulty: spec.difficulty,
    sources: spec.sources,
    topic: spec.topic ?? claimTopic(spec.claim),
  };
  const out: TrueFalseDraft[] = [
    {
      ...common,
      id: `${spec.id}:true`,
      prompt: `True or false: ${spec.statement}`,
      horizon: spec.horizon,
      claim: spec.claim,
      truth: true,
      explanation: spec.statement,
    },
  ];
  const alt = spec.alternatives && spec.render ? pickFalse(spec.id, spec.horizon, spec.alternatives) : undefined;
  if (alt && spec.render) {
    out.push({
      ...common,
      id: `${spec.id}:false`,
      prompt: `True or false: ${spec.render(alt)}`,
      horizon: maxHorizon(spec.horizon, alt.horizon),
      claim: alt.claim,
      truth: false,
      explanation: `False. ${spec.statement}`,
    });
  }
  return out;
}

/**
 * Shared quiz types: what the generator produces and the session engine consumes.
 * No discord.js here (see STYLE.md).
 */
import type { Horizon, ProductionId, SourceRef } from '../data/schema.js';

export type Difficulty = 'easy' | 'medium' | 'hard';
export type DifficultyChoice = Difficulty | 'mixed';
export const DIFFICULTIES: readonly Difficulty[] = ['easy', 'medium', 'hard'];

/** Which production(s) a quiz draws from. */
export type Scope = ProductionId | 'all';

/**
 * `choice`: four options, one correct. `true-false`: options are exactly ["True", "False"].
 * `numeric`: a number or date question rendered as four options.
 */
export type QuestionKind = 'choice' | 'true-false' | 'numeric';

export interface Question {
  /**
   * Stable id: the template id plus the records it was built from, e.g. `act-director:3`.
   * Two questions with the same id ask the same thing (used for "no repeats").
   */
  readonly id: string;
  readonly kind: QuestionKind;
  /**
   * Stable key of the fact the question tests, e.g. `role:kim-go-eun>film-jae-hee`: both directions of
   * a relation and its true/false statements share it, so a session asks about each fact once before
   * any fact comes again. Questions saved by an older version may lack it; their id stands in.
   */
  readonly topic?: string;
  /** The template that produced it, e.g. `actor-of-character`. */
  readonly template: string;
  readonly production: Scope;
  readonly difficulty: Difficulty;
  /** The question text (English, Hangul alongside names). */
  readonly prompt: string;
  /** 2 (true/false) or 4 options, in display order. */
  readonly options: readonly string[];
  /** Index into `options` of the one correct option. */
  readonly answer: number;
  /** The smallest horizon that reveals the question and all of its options. */
  readonly horizon: Horizon;
  readonly sources: readonly SourceRef[];
  /** Optional one-line explanation shown at reveal. */
  readonly explanation?: string;
}

export interface QuizOptions {
  readonly rounds: number;
  readonly seconds: number;
  readonly scope: Scope;
  readonly difficulty: DifficultyChoice;
  readonly spoilers: Horizon;
}

/** Injected time source; tests pass a manual clock. */
export interface Clock {
  now(): number;
}

/** Injected randomness; `next()` returns a float in [0, 1). Seeded in tests. */
export interface Rng {
  next(): number;
}

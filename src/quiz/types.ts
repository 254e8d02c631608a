/**
 * Shared quiz types: what the generator produces and the session engine consumes.
 * No discord.js here (see STYLE.md).
 */
import type { Difficulty, ProductionId, SourceRef } from '../data/schema.js';
import type { Reveal, SpoilerSetting } from '../data/spoilers.js';
import type { Lang } from '../i18n/lang.js';

export type { Difficulty } from '../data/schema.js';
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
  /** Stable id of the form and variant asked, e.g. `role:film-jae-hee#1` or `fact-x#1:false:2`. */
  readonly id: string;
  /**
   * The fact the question asks (`role:film-jae-hee`, `fact-film-train-scene-cg`): a game asks each
   * fact once, and a server's history remembers facts, not questions. Questions saved by the first
   * release lack it; their id stands in.
   */
  readonly fact?: string;
  readonly kind: QuestionKind;
  /** `curated` for a fact's own forms, else the template (`cast`, `crew`, `act`, `story`). */
  readonly template: string;
  readonly production: Scope;
  readonly difficulty: Difficulty;
  /** The question text (English, Hangul alongside names). */
  readonly prompt: string;
  /** 2 (true/false) or 4 options, in display order. */
  readonly options: readonly string[];
  /** Index into `options` of the one correct option. */
  readonly answer: number;
  /** Every spoiler point the question and its options reveal (empty for production facts). */
  readonly reveals?: readonly Reveal[];
  readonly sources: readonly SourceRef[];
  /** Optional one-line explanation shown at reveal. */
  readonly explanation?: string;
  /** The language the question is written in (absent in quizzes saved before there were two: English). */
  readonly lang?: Lang;
}

export interface QuizOptions {
  readonly rounds: number;
  readonly seconds: number;
  readonly scope: Scope;
  readonly difficulty: DifficultyChoice;
  readonly spoilers: SpoilerSetting;
  /** The language of the quiz's public messages and questions (absent in quizzes saved before: English). */
  readonly lang?: Lang;
  /** `manual`: after each reveal the host presses Next question (absent: `auto`, the next follows by itself). */
  readonly pace?: Pace;
  /**
   * Ask first about the last act (or story) `spoilers` reaches, then earlier ones (absent: not a
   * recap). Only the choice of questions at the start depends on it: they are saved with the game.
   */
  readonly recap?: boolean;
}

/** How a quiz goes from one question to the next. */
export type Pace = 'auto' | 'manual';

/** Injected time source; tests pass a manual clock. */
export interface Clock {
  now(): number;
}

/** Injected randomness; `next()` returns a float in [0, 1). Seeded in tests. */
export interface Rng {
  next(): number;
}

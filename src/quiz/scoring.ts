/**
 * Quiz scoring. Pure; no discord.js.
 *
 * The rules (the README's "Scoring" section repeats them):
 *
 * - **Base points** for a correct answer depend on the question's difficulty:
 *   easy 100, medium 150, hard 200.
 * - **Speed bonus**: up to +50% of the base for an answer at the very moment the question
 *   appears, shrinking linearly to +0 at time-up (`floor(base × 0.5 × timeLeft / timeAllowed)`).
 * - **Streak bonus**: +10% of the base for each consecutive correct answer the player gave
 *   right before this one, capped at +50% (five or more in a row).
 * - A **wrong answer or no answer** scores 0 and resets the streak to 0.
 * - Points are whole numbers and never negative.
 *
 * Example: a medium question (150) answered correctly with a quarter of the time used
 * (speed bonus floor(75 × 0.75) = 56) after two correct answers in a row (streak bonus 30)
 * scores 150 + 56 + 30 = 236, and the streak becomes 3.
 */
import type { Difficulty } from './types.js';

export const BASE_POINTS: Readonly<Record<Difficulty, number>> = Object.freeze({ easy: 100, medium: 150, hard: 200 });

/** The speed bonus at the very first instant, as a fraction of the base. */
export const MAX_SPEED_BONUS = 0.5;
/** Streak bonus per consecutive correct answer before this one, as a fraction of the base. */
export const STREAK_BONUS_STEP = 0.1;
/** The cap on the streak bonus, as a fraction of the base. */
export const MAX_STREAK_BONUS = 0.5;

export interface ScoreInput {
  readonly difficulty: Difficulty;
  readonly correct: boolean;
  /** Milliseconds from the question being asked to the click. Negative (clock skew) counts as 0. */
  readonly elapsedMs: number;
  /** Milliseconds the question was open for. */
  readonly windowMs: number;
  /** Consecutive correct answers the player gave right before this question. */
  readonly streakBefore: number;
}

export interface ScoreBreakdown {
  readonly base: number;
  readonly speedBonus: number;
  readonly streakBonus: number;
  readonly total: number;
  /** The player's streak after this answer. */
  readonly streak: number;
}

const ZERO = (streak: number): ScoreBreakdown => ({ base: 0, speedBonus: 0, streakBonus: 0, total: 0, streak });

/**
 * Points for one answer, per the rules above. Never throws: out-of-range inputs
 * (negative or non-finite times, a negative streak) are clamped, so the result is
 * always a non-negative integer.
 */
export function scoreAnswer(input: ScoreInput): ScoreBreakdown {
  if (!input.correct) return ZERO(0);
  const base = BASE_POINTS[input.difficulty];
  const streakBefore = Number.isFinite(input.streakBefore) ? Math.max(0, Math.floor(input.streakBefore)) : 0;

  let speedBonus = 0;
  if (Number.isFinite(input.windowMs) && input.windowMs > 0) {
    const elapsed = Number.isFinite(input.elapsedMs) ? Math.min(Math.max(input.elapsedMs, 0), input.windowMs) : input.windowMs;
    const timeLeft = (input.windowMs - elapsed) / input.windowMs;
    speedBonus = Math.floor(base * MAX_SPEED_BONUS * timeLeft);
  }
  const streakBonus = streakBonusFor(input.difficulty, streakBefore);
  return { base, speedBonus, streakBonus, total: base + speedBonus + streakBonus, streak: streakBefore + 1 };
}

/** The streak bonus of a correct answer after `streakBefore` correct answers in a row. Never throws. */
export function streakBonusFor(difficulty: Difficulty, streakBefore: number): number {
  const before = Number.isFinite(streakBefore) ? Math.max(0, Math.floor(streakBefore)) : 0;
  // Work in tenths so 0.1 × n is exact; the bases are multiples of 10 anyway.
  const streakTenths = Math.min(before * STREAK_BONUS_STEP * 10, MAX_STREAK_BONUS * 10);
  return Math.floor((BASE_POINTS[difficulty] * Math.round(streakTenths)) / 10);
}

/**
 * The parts of points already scored, from what a closed round keeps of each answer (its points and
 * the streak after it): equal to what {@link scoreAnswer} returned for that answer. So a round saved
 * before reveals showed the parts (by the previous release) still shows them. Never throws.
 */
export function splitPoints(difficulty: Difficulty, points: number, streakAfter: number): ScoreBreakdown {
  if (!(points > 0) || !(streakAfter > 0)) return ZERO(0);
  const base = BASE_POINTS[difficulty];
  const streakBonus = streakBonusFor(difficulty, streakAfter - 1);
  const speedBonus = Math.max(0, points - base - streakBonus);
  return { base, speedBonus, streakBonus, total: points, streak: streakAfter };
}

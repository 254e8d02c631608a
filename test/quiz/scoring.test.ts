import { describe, expect, it } from 'vitest';
import { BASE_POINTS, scoreAnswer, splitPoints, streakBonusFor, type ScoreInput } from '../../src/quiz/scoring.js';
import { DIFFICULTIES } from '../../src/quiz/types.js';

const W = 20_000;

describe('scoreAnswer', () => {
  const table: readonly [string, ScoreInput, { total: number; speedBonus: number; streakBonus: number; streak: number }][] = [
    ['an easy answer at the first instant gets the full +50% speed bonus', { difficulty: 'easy', correct: true, elapsedMs: 0, windowMs: W, streakBefore: 0 }, { total: 150, speedBonus: 50, streakBonus: 0, streak: 1 }],
    ['a medium answer at the first instant gets +75', { difficulty: 'medium', correct: true, elapsedMs: 0, windowMs: W, streakBefore: 0 }, { total: 225, speedBonus: 75, streakBonus: 0, streak: 1 }],
    ['a hard answer at the first instant gets +100', { difficulty: 'hard', correct: true, elapsedMs: 0, windowMs: W, streakBefore: 0 }, { total: 300, speedBonus: 100, streakBonus: 0, streak: 1 }],
    ['an answer at half time gets half the speed bonus', { difficulty: 'easy', correct: true, elapsedMs: 10_000, windowMs: W, streakBefore: 0 }, { total: 125, speedBonus: 25, streakBonus: 0, streak: 1 }],
    ['the speed bonus is rounded down', { difficulty: 'easy', correct: true, elapsedMs: 5_000, windowMs: W, streakBefore: 0 }, { total: 137, speedBonus: 37, streakBonus: 0, streak: 1 }],
    ['an answer at time-up gets no speed bonus', { difficulty: 'hard', correct: true, elapsedMs: W, windowMs: W, streakBefore: 0 }, { total: 200, speedBonus: 0, streakBonus: 0, streak: 1 }],
    ['an answer after time-up gets no speed bonus and nothing negative', { difficulty: 'hard', correct: true, elapsedMs: W * 3, windowMs: W, streakBefore: 0 }, { total: 200, speedBonus: 0, streakBonus: 0, streak: 1 }],
    ['a negative elapsed time (clock skew) counts as the first instant', { difficulty: 'hard', correct: true, elapsedMs: -500, windowMs: W, streakBefore: 0 }, { total: 300, speedBonus: 100, streakBonus: 0, streak: 1 }],
    ['a zero window gives no speed bonus', { difficulty: 'medium', correct: true, elapsedMs: 0, windowMs: 0, streakBefore: 0 }, { total: 150, speedBonus: 0, streakBonus: 0, streak: 1 }],
    ['a non-finite elapsed time gives no speed bonus', { difficulty: 'medium', correct: true, elapsedMs: Number.NaN, windowMs: W, streakBefore: 0 }, { total: 150, speedBonus: 0, streakBonus: 0, streak: 1 }],
    ['the README example: medium, a quarter of the time used, two in a row before', { difficulty: 'medium', correct: true, elapsedMs: 5_000, windowMs: W, streakBefore: 2 }, { total: 236, speedBonus: 56, streakBonus: 30, streak: 3 }],
    ['one correct answer before gives +10%', { difficulty: 'easy', correct: true, elapsedMs: W, windowMs: W, streakBefore: 1 }, { total: 110, speedBonus: 0, streakBonus: 10, streak: 2 }],
    ['four correct answers before give +40%', { difficulty: 'hard', correct: true, elapsedMs: W, windowMs: W, streakBefore: 4 }, { total: 280, speedBonus: 0, streakBonus: 80, streak: 5 }],
    ['five correct answers before reach the +50% cap', { difficulty: 'hard', correct: true, elapsedMs: W, windowMs: W, streakBefore: 5 }, { total: 300, speedBonus: 0, streakBonus: 100, streak: 6 }],
    ['twenty correct answers before stay at the +50% cap', { difficulty: 'medium', correct: true, elapsedMs: W, windowMs: W, streakBefore: 20 }, { total: 225, speedBonus: 0, streakBonus: 75, streak: 21 }],
    ['a negative streak counts as none', { difficulty: 'easy', correct: true, elapsedMs: W, windowMs: W, streakBefore: -3 }, { total: 100, speedBonus: 0, streakBonus: 0, streak: 1 }],
    ['a wrong answer scores 0 and resets the streak', { difficulty: 'hard', correct: false, elapsedMs: 0, windowMs: W, streakBefore: 7 }, { total: 0, speedBonus: 0, streakBonus: 0, streak: 0 }],
    ['the best possible answer: hard, instant, long streak', { difficulty: 'hard', correct: true, elapsedMs: 0, windowMs: W, streakBefore: 9 }, { total: 400, speedBonus: 100, streakBonus: 100, streak: 10 }],
  ];

  it.each(table)('given %s', (_name, input, expected) => {
    expect(scoreAnswer(input)).toMatchObject(expected);
  });

  it('given any difficulty, time and streak, points are whole, never negative, between the base and twice the base', () => {
    for (const difficulty of DIFFICULTIES) {
      const base = BASE_POINTS[difficulty];
      for (let elapsedMs = -1_000; elapsedMs <= W + 1_000; elapsedMs += 250) {
        for (let streakBefore = 0; streakBefore <= 8; streakBefore++) {
          const { total, base: b, speedBonus, streakBonus } = scoreAnswer({ difficulty, correct: true, elapsedMs, windowMs: W, streakBefore });
          expect(Number.isInteger(total)).toBe(true);
          expect(total).toBe(b + speedBonus + streakBonus);
          expect(total).toBeGreaterThanOrEqual(base);
          expect(total).toBeLessThanOrEqual(base * 2);
          expect(scoreAnswer({ difficulty, correct: false, elapsedMs, windowMs: W, streakBefore }).total).toBe(0);
        }
      }
    }
  });

  it('given a later click on the same question, the speed bonus never grows', () => {
    for (const difficulty of DIFFICULTIES) {
      let previous = Number.POSITIVE_INFINITY;
      for (let elapsedMs = 0; elapsedMs <= W; elapsedMs += 100) {
        const { speedBonus } = scoreAnswer({ difficulty, correct: true, elapsedMs, windowMs: W, streakBefore: 0 });
        expect(speedBonus).toBeLessThanOrEqual(previous);
        previous = speedBonus;
      }
      expect(previous).toBe(0);
    }
  });

  it('given the base points table, easy < medium < hard as documented', () => {
    expect(BASE_POINTS).toEqual({ easy: 100, medium: 150, hard: 200 });
  });
});

describe('splitPoints: the parts of points already scored, from what a closed round keeps', () => {
  it('given every difficulty, time and streak, it gives back exactly the parts scoreAnswer computed', () => {
    for (const difficulty of DIFFICULTIES) {
      for (const elapsedMs of [0, 1, 2_500, 5_000, 9_999, 10_000, 19_999, 20_000]) {
        for (const streakBefore of [0, 1, 2, 3, 4, 5, 6, 12]) {
          const scored = scoreAnswer({ difficulty, correct: true, elapsedMs, windowMs: W, streakBefore });
          expect(splitPoints(difficulty, scored.total, scored.streak), `${difficulty} ${elapsedMs} ${streakBefore}`).toEqual(scored);
          expect(scored.base + scored.speedBonus + scored.streakBonus).toBe(scored.total);
        }
      }
    }
  });

  it('given a wrong answer (0 points, streak 0) or nonsense, it gives zero parts and never throws', () => {
    expect(splitPoints('hard', 0, 0)).toEqual({ base: 0, speedBonus: 0, streakBonus: 0, total: 0, streak: 0 });
    expect(splitPoints('easy', Number.NaN, 3)).toMatchObject({ total: 0 });
    // Fewer points than the base (a damaged record): the speed bonus is not negative.
    expect(splitPoints('medium', 50, 1).speedBonus).toBe(0);
  });

  it('given streakBonusFor, the streak bonus grows by 10% of the base per answer before, up to 50%', () => {
    expect([0, 1, 2, 5, 9].map((n) => streakBonusFor('medium', n))).toEqual([0, 15, 30, 75, 75]);
    expect(streakBonusFor('easy', -2)).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { dataset } from '../../src/data/dataset.js';
import { HORIZONS, horizonRank, type Horizon } from '../../src/data/schema.js';
import {
  createPickerFromQuestions,
  createQuestionPicker,
  generateAll,
  isEligible,
  pickOne,
  pickQuestions,
  type PickerOptions,
} from '../../src/quiz/generate.js';
import { seededRng } from '../../src/quiz/rng.js';
import type { DifficultyChoice, Question, Scope } from '../../src/quiz/types.js';

const questions = generateAll(dataset);

function options(seed: number, over: Partial<Omit<PickerOptions, 'rng'>> = {}): PickerOptions {
  return { scope: 'all', difficulty: 'mixed', horizon: 'all', rng: seededRng(seed), ...over };
}

function draw(seed: number, n: number, over: Partial<Omit<PickerOptions, 'rng'>> = {}): Question[] {
  const picker = createPickerFromQuestions(questions, options(seed, over));
  const out: Question[] = [];
  for (let i = 0; i < n; i++) {
    const q = picker.next();
    if (q) out.push(q);
  }
  return out;
}

describe('question picker', () => {
  it('given the same seed twice, it yields the same questions with the same option order', () => {
    expect(draw(7, 40)).toEqual(draw(7, 40));
  });

  it('given different seeds, it yields the questions in a different order', () => {
    const a = draw(7, 20).map((q) => q.id);
    const b = draw(8, 20).map((q) => q.id);
    expect(a).not.toEqual(b);
  });

  it('given the dataset instead of pre-generated questions, it behaves the same', () => {
    const picker = createQuestionPicker(dataset, options(7));
    const direct = draw(7, 10);
    for (const q of direct) expect(picker.next()).toEqual(q);
  });

  it('given a pool of N questions, the first N picks are all different and cover the pool', () => {
    const picker = createPickerFromQuestions(questions, options(3, { horizon: 'none', scope: 'film' }));
    const ids = Array.from({ length: picker.size }, () => picker.next()?.id);
    expect(new Set(ids).size).toBe(picker.size);
    const pool = questions.filter((q) => isEligible(q, { horizon: 'none', scope: 'film', difficulty: 'mixed' }));
    expect(new Set(ids)).toEqual(new Set(pool.map((q) => q.id)));
    expect(picker.served).toBe(picker.size);
  });

  it('given an exhausted pool, it starts over without repeating the last question straight away', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const picker = createPickerFromQuestions(questions, options(seed, { horizon: 'none', scope: 'novel', difficulty: 'easy' }));
      expect(picker.size).toBeGreaterThan(1);
      const first = Array.from({ length: picker.size }, () => picker.next()?.id);
      const second = Array.from({ length: picker.size }, () => picker.next()?.id);
      expect(second[0]).not.toBe(first[first.length - 1]);
      expect(new Set(second)).toEqual(new Set(first));
    }
  });

  it('given each horizon, a picker never yields a question (or option) beyond it', () => {
    for (const horizon of HORIZONS) {
      const picker = createPickerFromQuestions(questions, options(11, { horizon }));
      for (let i = 0; i < picker.size; i++) {
        const q = picker.next();
        expect(q && horizonRank(q.horizon) <= horizonRank(horizon), `${q?.id} at ${horizon}`).toBe(true);
      }
    }
  });

  it('given a session at series-4 over the real dataset, Gyu-ho (episodes 5–8) is never offered as a wrong answer nor named in a plot question', () => {
    const picker = createQuestionPicker(dataset, options(5, { horizon: 'series-4' }));
    let asSubject = 0;
    for (let i = 0; i < picker.size; i++) {
      const q = picker.next();
      if (!q) throw new Error('picker ran dry');
      const wrong = q.options.filter((_, j) => j !== q.answer || q.kind === 'true-false');
      expect(wrong.join(' '), q.id).not.toMatch(/Gyu-ho|규호/);
      if (/Gyu-ho|규호/.test(q.prompt + (q.options[q.answer] ?? ''))) {
        expect(q.horizon, q.id).toBe('none');
        asSubject++;
      }
    }
    // Its cast facts ("Who plays Gyu-ho?") are production facts and stay available.
    expect(asSubject).toBeGreaterThan(0);
  });

  it('given a horizon, the pool at each horizon contains the pool of every earlier horizon', () => {
    let previous = 0;
    for (const horizon of HORIZONS) {
      const size = createPickerFromQuestions(questions, options(1, { horizon })).size;
      expect(size).toBeGreaterThanOrEqual(previous);
      previous = size;
    }
    expect(previous).toBe(questions.length);
  });

  it('given a scope and a difficulty, every question matches both', () => {
    const scopes: Scope[] = ['film', 'series', 'novel'];
    const difficulties: DifficultyChoice[] = ['easy', 'medium', 'hard'];
    for (const scope of scopes) {
      for (const difficulty of difficulties) {
        const picker = createPickerFromQuestions(questions, options(2, { scope, difficulty }));
        expect(picker.size, `${scope}/${difficulty}`).toBeGreaterThan(0);
        for (let i = 0; i < picker.size; i++) {
          const q = picker.next();
          expect(q?.production).toBe(scope);
          expect(q?.difficulty).toBe(difficulty);
        }
      }
    }
  });

  it('given difficulty mixed and scope all, the pool is every question within the horizon', () => {
    const picker = createPickerFromQuestions(questions, options(2, { horizon: 'film' }));
    expect(picker.size).toBe(questions.filter((q) => horizonRank(q.horizon) <= horizonRank('film')).length);
  });

  it('given options it yields, the marked answer is the canonical answer and true/false keeps True, False', () => {
    const canonical = new Map(questions.map((q) => [q.id, q]));
    for (const q of draw(4, 120)) {
      const c = canonical.get(q.id);
      expect(c && q.options[q.answer]).toBe(c && c.options[c.answer]);
      if (q.kind === 'true-false') expect(q.options).toEqual(['True', 'False']);
    }
  });

  it('given a round count, pickQuestions returns what the picker would yield, wrapping past the pool', () => {
    expect(pickQuestions(questions, options(9), 25)).toEqual(draw(9, 25));
    const small = createPickerFromQuestions(questions, options(9, { scope: 'novel', difficulty: 'easy', horizon: 'none' })).size;
    expect(pickQuestions(questions, options(9, { scope: 'novel', difficulty: 'easy', horizon: 'none' }), small + 3)).toHaveLength(small + 3);
    expect(pickQuestions([], options(9), 10)).toEqual([]);
  });

  it('given no eligible question, next() returns undefined and size is 0', () => {
    const picker = createPickerFromQuestions([], options(1));
    expect(picker.size).toBe(0);
    expect(picker.next()).toBeUndefined();
  });

  it('given /quiz practice settings, pickOne returns one eligible question, the same for the same seed', () => {
    const settings = { scope: 'series' as const, difficulty: 'mixed' as const, horizon: 'series-2' as Horizon };
    const a = pickOne(dataset, { ...settings, rng: seededRng(42) });
    const b = pickOne(dataset, { ...settings, rng: seededRng(42) });
    expect(a).toBeDefined();
    expect(a).toEqual(b);
    expect(a && isEligible(a, settings)).toBe(true);
  });
});

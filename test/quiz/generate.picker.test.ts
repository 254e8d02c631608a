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
import { createQuestionSource } from '../../src/quiz/sources.js';
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

/** The first index at which `game` asks a topic again while a topic of `pool` is still unasked, or -1. */
function earlyRepeat(game: readonly Question[], pool: readonly Question[]): number {
  const untopical = pool.find((q) => !q.topic);
  if (untopical) throw new Error(`${untopical.id} has no topic`);
  const all = new Set(pool.map((q) => q.topic));
  const asked = new Set<string | undefined>();
  for (const [i, q] of game.entries()) {
    if (asked.has(q.topic) && asked.size < all.size) return i;
    asked.add(q.topic);
  }
  return -1;
}

/** Hand-made questions: `perTopic` questions on each of `topics` facts. */
function onTopics(topics: number, perTopic: number): Question[] {
  return Array.from({ length: topics * perTopic }, (_, i) => ({
    id: `q${i}`,
    kind: 'choice' as const,
    topic: `t${i % topics}`,
    template: 'test',
    production: 'film' as const,
    difficulty: 'easy' as const,
    prompt: `Question ${i}?`,
    options: ['A', 'B', 'C', 'D'],
    answer: 0,
    horizon: 'none' as const,
    sources: ['article:000'],
  }));
}

describe('question picker: one question per fact', () => {
  it('given every generated question, it carries a topic, and questions on one fact share it', () => {
    expect(questions.filter((q) => !q.topic).map((q) => q.id)).toEqual([]);
    expect(new Set(questions.map((q) => q.topic)).size).toBeLessThan(questions.length);
  });

  it('given a pool of two questions on each of five facts, the first five picks cover the five facts, for every seed', () => {
    const pool = onTopics(5, 2);
    for (let seed = 1; seed <= 200; seed++) {
      const picked = pickQuestions(pool, options(seed), 10);
      expect(new Set(picked.slice(0, 5).map((q) => q.topic)).size, `seed ${seed}`).toBe(5);
      // Then each fact once more, and still no question twice before the pool is exhausted.
      expect(new Set(picked.slice(5).map((q) => q.topic)).size, `seed ${seed}`).toBe(5);
      expect(new Set(picked.map((q) => q.id)).size, `seed ${seed}`).toBe(10);
    }
  });

  it('given a pool with a single fact, the picker keeps going once the fact is asked', () => {
    const picked = pickQuestions(onTopics(1, 3), options(4), 7);
    expect(picked).toHaveLength(7);
    expect(new Set(picked.slice(0, 3).map((q) => q.id)).size).toBe(3);
  });

  it('given questions saved without a topic (an older version), each counts as its own fact', () => {
    const pool = onTopics(3, 2).map(({ topic: _topic, ...q }) => q);
    const picked = pickQuestions(pool, options(9), 6);
    expect(new Set(picked.map((q) => q.id)).size).toBe(6);
  });

  it('given many seeds, no game of 10 or 30 questions at any horizon asks a fact twice while another is unasked', () => {
    const source = createQuestionSource(dataset);
    for (const horizon of HORIZONS) {
      const pool = questions.filter((q) => isEligible(q, { scope: 'all', difficulty: 'mixed', horizon }));
      for (const rounds of [10, 30]) {
        for (let seed = 1; seed <= 60; seed++) {
          const game = source({ rounds, seconds: 20, scope: 'all', difficulty: 'mixed', spoilers: horizon }, seededRng(seed));
          expect(game).toHaveLength(rounds);
          expect(earlyRepeat(game, pool), `${horizon}, ${rounds} rounds, seed ${seed}: ${game.map((q) => q.id).join(', ')}`).toBe(-1);
        }
      }
    }
  });

  it('given a scope and difficulty with fewer facts than rounds, every fact is asked before any comes again', () => {
    let small = 0;
    for (const scope of ['film', 'series', 'novel'] as const) {
      for (const difficulty of ['easy', 'medium', 'hard'] as const) {
        const filter = { scope, difficulty, horizon: 'none' as const };
        const pool = questions.filter((q) => isEligible(q, filter));
        if (new Set(pool.map((q) => q.topic)).size < 30) small++;
        for (let seed = 1; seed <= 20; seed++) {
          const game = pickQuestions(questions, options(seed, filter), 30);
          expect(earlyRepeat(game, pool), `${scope}/${difficulty} seed ${seed}`).toBe(-1);
          const firstRound = game.slice(0, pool.length).map((q) => q.id);
          expect(new Set(firstRound).size, `${scope}/${difficulty} seed ${seed} repeats a question`).toBe(firstRound.length);
        }
      }
    }
    // The case that matters here (facts run out within a game) does occur.
    expect(small).toBeGreaterThan(0);
  });

  it('given many ten-question games at spoilers none, no game reveals the same statement twice', () => {
    const source = createQuestionSource(dataset);
    // "Which act?" reveals name only the act, shared by different plot points: not the same statement.
    const reveal = (q: Question) => (q.template === 'plot-act' || q.template === 'plot-story' ? q.id : (q.explanation ?? q.id).replace(/^False\. /, ''));
    for (const horizon of ['none', 'film', 'all'] as const) {
      for (let seed = 1; seed <= 300; seed++) {
        const game = source({ rounds: 10, seconds: 20, scope: 'all', difficulty: 'mixed', spoilers: horizon }, seededRng(seed));
        const reveals = game.map(reveal);
        expect(new Set(reveals).size, `${horizon} seed ${seed}: ${game.map((q) => q.id).join(', ')}`).toBe(reveals.length);
      }
    }
  });
});


/**
 * Recap quizzes on the real dataset: what counts as the last part watched, and a recap game
 * asking it first, then earlier plot, then production facts, with the usual spoiler, difficulty
 * and true/false rules. The flag is kept with the saved game.
 */
import { describe, expect, it } from 'vitest';
import { dataset } from '../../src/data/index.js';
import { actEpisodesOf, allows, type Reveal, type SpoilerSetting } from '../../src/data/spoilers.js';
import { buildBank, type BankFact } from '../../src/quiz/bank.js';
import { isEligible, pickQuestions, TRUE_FALSE_SHARE, type PickOptions } from '../../src/quiz/generate.js';
import { isRecent, recapTier, recapWindow, type RecapWindow } from '../../src/quiz/recap.js';
import { seededRng } from '../../src/quiz/rng.js';
import { createSession, persistedState, restoreSessionState, savedGame } from '../../src/quiz/session.js';
import { createQuestionSource } from '../../src/quiz/sources.js';
import type { Question, QuizOptions } from '../../src/quiz/types.js';
import { sp } from '../spoiler-helpers.js';

const bank = buildBank(dataset);
const factById = new Map(bank.facts.map((f) => [f.id, f]));
const factOfQuestion = (q: Question): BankFact => {
  const fact = factById.get(q.fact ?? '');
  if (!fact) throw new Error(`no fact ${q.fact}`);
  return fact;
};

const SERIES_4 = sp('series-4');
const WINDOW_3_4: RecapWindow = { film: false, series: [3, 4], novel: null };
/** Facts about episodes 3–4 a mixed series-4 game may ask (an independent count, from the markers). */
const EPISODES_3_4 = bank.facts.filter(
  (f) => isEligible(f, { scope: 'all', difficulty: 'mixed', spoilers: SERIES_4 }) && f.reveals.some((r) => r === 'series:3' || r === 'series:4'),
);
const EARLIER_PLOT = bank.facts.filter(
  (f) => isEligible(f, { scope: 'all', difficulty: 'mixed', spoilers: SERIES_4 }) && f.reveals.length > 0 && !EPISODES_3_4.includes(f),
);

function pick(options: Partial<PickOptions> & { readonly spoilers: SpoilerSetting; readonly seed: number }): Question[] {
  const { seed, ...rest } = options;
  return pickQuestions(bank, { scope: 'all', difficulty: 'mixed', count: 10, rng: seededRng(seed), recap: true, ...rest });
}

const SEEDS = Array.from({ length: 40 }, (_, i) => i + 1);

describe('recapWindow and isRecent', () => {
  it.each<[string, RecapWindow | null]>([
    ['none', null],
    ['series-1', { film: false, series: [1, 1], novel: null }],
    ['series-2', { film: false, series: [1, 2], novel: null }],
    ['series-3', { film: false, series: [3, 3], novel: null }],
    ['series-4', { film: false, series: [3, 4], novel: null }],
    ['series-6', { film: false, series: [5, 6], novel: null }],
    ['series-8', { film: false, series: [7, 8], novel: null }],
    ['film', { film: true, series: null, novel: null }],
    ['novel-2', { film: false, series: null, novel: [2, 2] }],
    ['film+series-4+novel-4', { film: true, series: [3, 4], novel: [4, 4] }],
  ])('given %s, the recap asks first about %j', (text, expected) => {
    expect(recapWindow(sp(text))).toEqual(expected);
  });

  it("given the dataset's acts, each episode's act is the act the series lists for it", () => {
    expect(dataset.series.acts).toHaveLength(4);
    for (const act of dataset.series.acts) {
      for (let e = act.episodes[0]; e <= act.episodes[1]; e++) expect(actEpisodesOf(e), `episode ${e}`).toEqual(act.episodes);
    }
  });

  it.each<[readonly Reveal[], 0 | 1 | 2]>([
    [['series:3'], 0],
    [['series:4'], 0],
    [['series:2'], 1],
    [['film'], 1],
    [['novel:1'], 1],
    [[], 2],
    [['film', 'series:4'], 0],
  ])('given a fact revealing %j at series-4, its recap tier is %i', (reveals, tier) => {
    expect(recapTier(reveals, WINDOW_3_4)).toBe(tier);
    expect(isRecent(reveals, WINDOW_3_4)).toBe(tier === 0);
  });
});

describe('pickQuestions with recap', () => {
  it('given series-4 progress and a recap of 10, the first questions are every episodes 3–4 fact, then episodes 1–2, then production facts', () => {
    // Enough facts of the last act for the test to say something, and fewer than a game.
    expect(EPISODES_3_4.length).toBeGreaterThanOrEqual(3);
    expect(EPISODES_3_4.length).toBeLessThan(10);
    for (const seed of SEEDS) {
      const questions = pick({ spoilers: SERIES_4, seed });
      expect(questions).toHaveLength(10);
      const facts = questions.map(factOfQuestion);
      const n = EPISODES_3_4.length;
      expect(new Set(facts.slice(0, n).map((f) => f.id)), `seed ${seed}`).toEqual(new Set(EPISODES_3_4.map((f) => f.id)));
      const tiers = facts.map((f) => recapTier(f.reveals, WINDOW_3_4));
      expect(tiers, `seed ${seed}`).toEqual([...tiers].sort((a, b) => a - b));
      // Episodes 1–2 come next, as far as there are any, before any production fact.
      const earlier = Math.min(EARLIER_PLOT.length, 10 - n);
      expect(tiers.slice(n, n + earlier).every((t) => t === 1), `seed ${seed}`).toBe(true);
    }
  });

  it('given series-4 and a recap of 3, all three come from episodes 3–4', () => {
    for (const seed of SEEDS) {
      const questions = pick({ spoilers: SERIES_4, seed, count: 3 });
      expect(questions).toHaveLength(3);
      for (const q of questions) expect(isRecent(factOfQuestion(q).reveals, WINDOW_3_4), `${seed}: ${q.id}`).toBe(true);
    }
  });

  it('given the same seed without recap, the game does not start with the last act (the recap is what orders it)', () => {
    const starts = SEEDS.map((seed) => pickQuestions(bank, { scope: 'all', difficulty: 'mixed', spoilers: SERIES_4, count: 3, rng: seededRng(seed) }));
    expect(starts.some((qs) => qs.some((q) => !isRecent(factOfQuestion(q).reveals, WINDOW_3_4)))).toBe(true);
  });

  it('given a recap, the true/false share, the difficulty and the spoiler setting hold as in any game', () => {
    for (const seed of SEEDS) {
      const mixed = pick({ spoilers: SERIES_4, seed, count: 12 });
      expect(mixed.filter((q) => q.kind === 'true-false').length).toBeLessThanOrEqual(Math.floor(12 * TRUE_FALSE_SHARE));
      for (const q of mixed) expect(allows(SERIES_4, q.reveals ?? []), q.id).toBe(true);
      expect(new Set(mixed.map((q) => q.fact)).size).toBe(mixed.length);
      const easy = pick({ spoilers: SERIES_4, seed, difficulty: 'easy' });
      for (const q of easy) expect(q.difficulty, q.id).toBe('easy');
    }
  });

  it('given a recap at episodes 3–4 asked before, those facts still come first, the unasked among them before the asked', () => {
    const asked = EPISODES_3_4[0];
    if (!asked) throw new Error('no episodes 3–4 fact');
    const history = new Map([[asked.id, Date.UTC(2026, 0, 1)]]);
    for (const seed of SEEDS.slice(0, 10)) {
      const facts = pick({ spoilers: SERIES_4, seed, history }).map(factOfQuestion);
      const n = EPISODES_3_4.length;
      expect(facts[n - 1]?.id, `seed ${seed}`).toBe(asked.id);
    }
  });

  it('given the film seen and a recap, the film facts come first', () => {
    const film = sp('film');
    const filmFacts = bank.facts.filter((f) => isEligible(f, { scope: 'all', difficulty: 'mixed', spoilers: film }) && f.reveals.includes('film'));
    expect(filmFacts.length).toBeGreaterThanOrEqual(5);
    const questions = pick({ spoilers: film, seed: 3, count: 5 });
    for (const q of questions) expect(factOfQuestion(q).reveals, q.id).toContain('film');
  });

  it('given no spoilers, a recap has nothing to ask', () => {
    expect(pick({ spoilers: sp('none'), seed: 1 })).toEqual([]);
  });

  it('given progress whose last part has no fact (the novel), a recap has nothing to ask rather than a plain quiz', () => {
    const novel = sp('novel-2');
    expect(bank.facts.some((f) => isEligible(f, { scope: 'all', difficulty: 'mixed', spoilers: novel }) && f.reveals.some((r) => r.startsWith('novel:')))).toBe(false);
    expect(pick({ spoilers: novel, seed: 1 })).toEqual([]);
    // Without recap the same setting makes a game.
    expect(pickQuestions(bank, { scope: 'all', difficulty: 'mixed', spoilers: novel, count: 10, rng: seededRng(1) })).toHaveLength(10);
  });
});

describe('a recap game saved and restored', () => {
  const options: QuizOptions = { rounds: 5, seconds: 20, scope: 'all', difficulty: 'mixed', spoilers: SERIES_4, recap: true };

  it('given the question source with recap, the game it makes starts with episodes 3–4', async () => {
    const questions = await createQuestionSource(bank)(options, seededRng(9), 'g1');
    expect(questions).toHaveLength(5);
    for (const q of questions) expect(isRecent(factOfQuestion(q).reveals, WINDOW_3_4), q.id).toBe(true);
  });

  it('given a recap quiz written to the store and read back, it is still a recap with the same questions', async () => {
    const questions = await createQuestionSource(bank)(options, seededRng(9), 'g1');
    const state = createSession({ id: 'recap001', guildId: 'g1', channelId: 'c1', hostId: 'host', options, questions, now: Date.UTC(2026, 2, 1) });
    const stored = JSON.parse(JSON.stringify(persistedState(state))) as unknown;
    const game = JSON.parse(JSON.stringify(savedGame(state))) as unknown;
    const restored = restoreSessionState(stored, game);
    if (!('state' in restored)) throw new Error(restored.problem);
    expect(restored.state.options.recap).toBe(true);
    expect(restored.state.questions.map((q) => q.id)).toEqual(questions.map((q) => q.id));
  });
});

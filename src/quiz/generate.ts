/**
 * Question generation over the dataset, and the per-session picker.
 *
 * Questions are generated canonically (same dataset → same questions, ids and option order,
 * whatever the session), then a session's seeded RNG decides which question comes next and
 * in what order its options are shown. No discord.js here (see STYLE.md).
 */
import { HORIZONS, horizonRank, type Dataset, type Horizon } from '../data/schema.js';
import { shuffle } from './rng.js';
import { createContext } from './templates/context.js';
import { buildQuestion, type GeneratedQuestion } from './templates/draft.js';
import { TEMPLATE_FAMILIES } from './templates/index.js';
import {
  DIFFICULTIES,
  type Difficulty,
  type DifficultyChoice,
  type Question,
  type QuestionKind,
  type Rng,
  type Scope,
} from './types.js';

export type { GeneratedQuestion } from './templates/draft.js';
export type { Claim, PlotRef } from './templates/claims.js';

/**
 * Every question the templates can build from the dataset, each with the claim each option makes
 * (for checkers) and the horizon each option needs. Options are in canonical order.
 * @throws {Error} if two templates produce the same question id (a bug in a template).
 */
export function generateDetailed(dataset: Dataset): GeneratedQuestion[] {
  const ctx = createContext(dataset);
  const out: GeneratedQuestion[] = [];
  const ids = new Set<string>();
  const asked = new Set<string>();
  for (const family of TEMPLATE_FAMILIES) {
    for (const draft of family(ctx)) {
      const built = buildQuestion(draft);
      if (!built) continue;
      const { question: q } = built;
      if (ids.has(q.id)) throw new Error(`Two templates produced the question id "${q.id}"`);
      ids.add(q.id);
      // Two falsified statements can coincide (Kim Go-eun plays Heung-soo / Noh Sang-hyun plays
      // Jae-hee swap into the same sentence); players would see one question twice.
      const same = `${q.kind}|${q.prompt}|${q.options[q.answer] ?? ''}`;
      if (asked.has(same)) continue;
      asked.add(same);
      out.push(built);
    }
  }
  return out;
}

/**
 * Every distinct question the templates can produce. Without `rng` the options are in canonical
 * order (deterministic, the answer's position varying per question); with `rng` each question's
 * options are shuffled with it.
 * @throws {Error} as {@link generateDetailed}.
 */
export function generateAll(dataset: Dataset, rng?: Rng): Question[] {
  const questions = generateDetailed(dataset).map((g) => g.question);
  return rng ? questions.map((q) => shuffleOptions(q, rng)) : questions;
}

/** A copy with the options in a random order (true/false questions keep "True", "False"). */
export function shuffleOptions(question: Question, rng: Rng): Question {
  if (question.kind === 'true-false') return question;
  const order = shuffle(
    rng,
    question.options.map((_, i) => i),
  );
  return {
    ...question,
    options: order.map((i) => question.options[i] ?? ''),
    answer: order.indexOf(question.answer),
  };
}

export interface QuestionFilter {
  readonly scope: Scope;
  readonly difficulty: DifficultyChoice;
  readonly horizon: Horizon;
}

export interface PickerOptions extends QuestionFilter {
  /** The session's seeded RNG: it alone decides order and option order. */
  readonly rng: Rng;
}

export interface QuestionPicker {
  /** The next question (options shuffled), or undefined when no question is eligible at all. */
  next(): Question | undefined;
  /** How many distinct questions are eligible. */
  readonly size: number;
  /** How many questions `next()` has returned so far. */
  readonly served: number;
}

/** Whether a question may be asked in a session with these settings. */
export function isEligible(question: Question, filter: QuestionFilter): boolean {
  return (
    horizonRank(question.horizon) <= horizonRank(filter.horizon) &&
    (filter.scope === 'all' || question.production === filter.scope) &&
    (filter.difficulty === 'mixed' || question.difficulty === filter.difficulty)
  );
}

/** The fact a question tests; the id for questions saved before topics existed. */
export function topicOf(question: Question): string {
  return question.topic ?? `id:${question.id}`;
}

/**
 * A picker over pre-generated questions (generate once with {@link generateAll}, pick per session).
 * Questions come in a shuffled order with no repeats until every eligible one has been asked; then
 * a fresh shuffle starts, never opening with the question that closed the previous round.
 * Within that order a question whose topic (the fact it tests) was already asked waits until every
 * eligible topic has been asked: "What is the title of act 4?" and "True or false: act 4 is titled …"
 * do not both come up while other facts are left. Then the rule starts over with the questions
 * left in the order (never the topic just asked when another exists): not asking a question twice
 * before the pool is exhausted comes first.
 * The sequence is a function of the RNG's seed, so a session can be replayed after a restart by
 * creating the picker again with the same seed and calling `next()` `served` times.
 */
export function createPickerFromQuestions(questions: readonly Question[], options: PickerOptions): QuestionPicker {
  const pool = questions.filter((q) => isEligible(q, options));
  const { rng } = options;
  let queue: Question[] = [];
  let last: Question | undefined;
  // Topics asked since every eligible topic was last covered.
  const asked = new Set<string>();
  let served = 0;
  return {
    size: pool.length,
    get served() {
      return served;
    },
    next() {
      if (pool.length === 0) return undefined;
      if (queue.length === 0) {
        queue = shuffle(rng, pool);
        if (queue.length > 1 && queue[0]?.id === last?.id) queue.push(queue.shift() as Question);
      }
      let i = queue.findIndex((q) => !asked.has(topicOf(q)));
      if (i < 0) {
        // No topic left in this pass over the pool is new (on the first pass: every eligible topic
        // has been asked). Start the topics over rather than repeat a question before the pass ends.
        asked.clear();
        const lastTopic = last && topicOf(last);
        i = Math.max(0, queue.findIndex((q) => topicOf(q) !== lastTopic));
      }
      const [q] = queue.splice(i, 1) as [Question];
      asked.add(topicOf(q));
      last = q;
      served++;
      return shuffleOptions(q, rng);
    },
  };
}

/**
 * The first `count` questions a picker with these options would yield (the whole quiz at once,
 * e.g. for the session engine's question source). Fewer only when nothing is eligible.
 */
export function pickQuestions(questions: readonly Question[], options: PickerOptions, count: number): Question[] {
  const picker = createPickerFromQuestions(questions, options);
  const out: Question[] = [];
  for (let i = 0; i < count; i++) {
    const q = picker.next();
    if (!q) break;
    out.push(q);
  }
  return out;
}

/**
 * A picker for one quiz session: questions within the horizon (question and every option),
 * matching scope and difficulty, deterministic from `options.rng`.
 * @throws {Error} as {@link generateDetailed}.
 */
export function createQuestionPicker(dataset: Dataset, options: PickerOptions): QuestionPicker {
  return createPickerFromQuestions(generateAll(dataset), options);
}

/**
 * One question for `/quiz practice`, or undefined when none is eligible.
 * @throws {Error} as {@link generateDetailed}.
 */
export function pickOne(dataset: Dataset, options: PickerOptions): Question | undefined {
  return createQuestionPicker(dataset, options).next();
}

export interface QuestionStats {
  readonly total: number;
  readonly byKind: Readonly<Record<QuestionKind, number>>;
  readonly byDifficulty: Readonly<Record<Difficulty, number>>;
  readonly byProduction: Readonly<Record<Scope, number>>;
  readonly byTemplate: Readonly<Record<string, number>>;
  /** Questions whose horizon is exactly this one (what this horizon adds). */
  readonly introducedAt: Readonly<Record<Horizon, number>>;
  /** Questions a session at this horizon may ask (grows with the horizon). */
  readonly availableAt: Readonly<Record<Horizon, number>>;
}

/**
 * Counts of the generated questions, for `npm run data:check`.
 * @throws {Error} as {@link generateDetailed}.
 */
export function questionStats(dataset: Dataset): QuestionStats {
  return statsOf(generateAll(dataset));
}

export function statsOf(questions: readonly Question[]): QuestionStats {
  const byKind: Record<QuestionKind, number> = { choice: 0, 'true-false': 0, numeric: 0 };
  const byDifficulty = Object.fromEntries(DIFFICULTIES.map((d) => [d, 0])) as Record<Difficulty, number>;
  const byProduction: Record<Scope, number> = { novel: 0, film: 0, series: 0, all: 0 };
  const byTemplate: Record<string, number> = {};
  const introducedAt = Object.fromEntries(HORIZONS.map((h) => [h, 0])) as Record<Horizon, number>;
  for (const q of questions) {
    byKind[q.kind]++;
    byDifficulty[q.difficulty]++;
    byProduction[q.production]++;
    byTemplate[q.template] = (byTemplate[q.template] ?? 0) + 1;
    introducedAt[q.horizon]++;
  }
  const availableAt = {} as Record<Horizon, number>;
  let running = 0;
  for (const h of HORIZONS) {
    running += introducedAt[h];
    availableAt[h] = running;
  }
  return { total: questions.length, byKind, byDifficulty, byProduction, byTemplate, introducedAt, availableAt };
}

/** A few lines for a terminal: totals per kind, difficulty and horizon. */
export function formatQuestionStats(stats: QuestionStats): string {
  const row = (counts: Readonly<Record<string, number>>) =>
    Object.entries(counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
  return [
    `questions: ${stats.total}`,
    `  by kind: ${row(stats.byKind)}`,
    `  by difficulty: ${row(stats.byDifficulty)}`,
    `  by production: ${row(stats.byProduction)}`,
    `  available at horizon: ${row(stats.availableAt)}`,
  ].join('\n');
}

/**
 * Connects the generator to the runner and the practice service: every question is
 * generated once at start-up, and each game or practice question picks from that pool.
 */
import type { Dataset } from '../data/schema.js';
import { createPickerFromQuestions, generateAll } from './generate.js';
import type { PracticeSource } from './practice.js';
import type { QuestionSource } from './runner.js';
import type { Question } from './types.js';

/**
 * A game's questions: up to `rounds` distinct questions (fewer when the eligible pool is
 * smaller), in an order decided by the game's RNG. Pass `all` to share one generated pool.
 * @throws Error as `generateAll` when the dataset cannot produce questions.
 */
export function createQuestionSource(dataset: Dataset, all: readonly Question[] = generateAll(dataset)): QuestionSource {
  return (options, rng) => {
    const picker = createPickerFromQuestions(all, { scope: options.scope, difficulty: options.difficulty, horizon: options.spoilers, rng });
    const count = Math.min(options.rounds, picker.size);
    const questions = [];
    for (let i = 0; i < count; i++) {
      const q = picker.next();
      if (q) questions.push(q);
    }
    return questions;
  };
}

/** One practice question within the request. Pass `all` to share one generated pool. */
export function createPracticeSource(dataset: Dataset, all: readonly Question[] = generateAll(dataset)): PracticeSource {
  return (request, rng) =>
    createPickerFromQuestions(all, { scope: request.scope, difficulty: request.difficulty, horizon: request.spoilers, rng }).next();
}

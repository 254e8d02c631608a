/**
 * Connects the question bank to the runner and the practice service: the bank is built once at
 * start-up, and each game or practice question picks from it, unseen facts first.
 */
import type { QuizHistoryRepository } from '../store/types.js';
import type { QuestionBank } from './bank.js';
import { pickQuestions } from './generate.js';
import type { PracticeSource } from './practice.js';
import type { QuestionSource } from './runner.js';

export type HistoryReader = Pick<QuizHistoryRepository, 'get'>;

/**
 * A game's questions: up to `rounds` facts (fewer when fewer are eligible), those the server has
 * not been asked first, in an order decided by the game's RNG.
 */
export function createQuestionSource(bank: QuestionBank, history?: HistoryReader): QuestionSource {
  return async (options, rng, guildId) => {
    const seen = history ? await history.get({ guildId }) : undefined;
    return pickQuestions(bank, {
      scope: options.scope,
      difficulty: options.difficulty,
      spoilers: options.spoilers,
      rng,
      count: options.rounds,
      lang: options.lang ?? 'en',
      ...(options.recap ? { recap: true } : {}),
      ...(seen ? { history: seen } : {}),
    });
  };
}

/**
 * One practice question within the request, one the player has not practised first. A third of
 * practice questions may be true/false, as in a game.
 */
export function createPracticeSource(bank: QuestionBank, history?: HistoryReader): PracticeSource {
  return async (request, rng, userId) => {
    const seen = history ? await history.get({ userId }) : undefined;
    const [question] = pickQuestions(bank, {
      scope: request.scope,
      difficulty: request.difficulty,
      spoilers: request.spoilers,
      rng,
      count: 1,
      maxTrueFalse: 1,
      lang: request.lang ?? 'en',
      ...(seen ? { history: seen } : {}),
    });
    return question;
  };
}

/**
 * The runner with the real generator over the real dataset (not fixtures): a whole game within
 * a spoiler horizon, and practice questions from the same source.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataset } from '../../src/data/index.js';
import { horizonRank } from '../../src/data/schema.js';
import { createPracticeService } from '../../src/quiz/practice.js';
import { seededRng } from '../../src/quiz/rng.js';
import { BASE_POINTS } from '../../src/quiz/scoring.js';
import type { SessionState } from '../../src/quiz/session.js';
import { createPracticeSource, createQuestionSource } from '../../src/quiz/sources.js';
import { ALICE, BOB, CHANNEL, click, createRunner, createWorld, GUILD, HOST, quizOptions, type World } from './fixtures/harness.js';

let w: World;

beforeEach(async () => {
  w = await createWorld();
});

afterEach(async () => {
  await w.store.close();
});

describe('quiz runner with the real dataset', () => {
  it('given a 10-round quiz without spoilers, every question is distinct and spoiler-free, and a perfect player gets exactly the documented points', async () => {
    const { runner, ports } = createRunner(w, { questions: createQuestionSource(dataset), rng: seededRng(2024) });
    const started = await runner.start({ guildId: GUILD, channelId: CHANNEL, hostId: HOST, options: quizOptions({ rounds: 10, spoilers: 'none' }) });
    expect(started).toMatchObject({ ok: true, rounds: 10 });
    const saved = (await w.store.sessions.get(CHANNEL))?.state as SessionState;
    const questions = saved.questions;
    expect(new Set(questions.map((q) => q.id)).size).toBe(10);
    for (const q of questions) expect(horizonRank(q.horizon)).toBe(horizonRank('none'));

    let expectedAlice = 0;
    for (let round = 0; round < 10; round++) {
      await w.scheduler.advance(w.scheduler.nextDueIn() ?? 0);
      const view = ports.lastQuestion();
      const question = questions[round];
      if (!question) throw new Error('missing question');
      expect(view).toMatchObject({ number: round + 1, prompt: question.prompt, difficulty: question.difficulty });
      expect(view.options.map((o) => o.text)).toEqual(question.options);
      // Alice answers right at once; Bob always picks the option after the right one (always wrong).
      expect(click(runner, view, ALICE, question.answer).kind).toBe('locked');
      expect(click(runner, view, BOB, (question.answer + 1) % question.options.length).kind).toBe('locked');
      const base = BASE_POINTS[question.difficulty];
      expectedAlice += base + base / 2 + (base * Math.min(round, 5)) / 10;
      await w.scheduler.advance(view.closesAt - w.clock.now());
      expect(ports.reveals()[round]).toMatchObject({ correct: question.answer, winners: [{ userId: ALICE }], answered: 2 });
      expect(ports.reveals()[round]?.sources.length).toBeGreaterThan(0);
    }
    await w.scheduler.runAll();
    expect(ports.standings()[0]).toMatchObject({
      reason: 'completed',
      standings: [
        { rank: 1, userId: ALICE, points: expectedAlice, correct: 10, bestStreak: 10 },
        { rank: 2, userId: BOB, points: 0, correct: 0, answered: 10 },
      ],
    });
    expect(await w.store.scores.stats(ALICE, { guildId: GUILD }, 'all-time')).toMatchObject({ points: expectedAlice, gamesPlayed: 1 });
  });

  it('given a practice request, the question comes from the dataset within the horizon and can be answered once', async () => {
    const practice = createPracticeService({
      store: w.store,
      pick: createPracticeSource(dataset),
      clock: w.clock,
      rng: seededRng(5),
      logger: w.logger,
    });
    const created = practice.create({ userId: ALICE, spoilers: 'none', scope: 'film', difficulty: 'mixed' });
    if (!created.ok) throw new Error('no practice question');
    const first = created.view.options[0];
    if (!first) throw new Error('no options');
    const outcome = practice.answerButton(first.customId, ALICE);
    expect(['correct', 'wrong']).toContain(outcome.kind);
    expect(practice.answerButton(first.customId, ALICE)).toEqual({ kind: 'already-answered' });
    await practice.idle();
    expect((await w.store.scores.practiceStats(ALICE)).answered).toBe(1);
  });
});

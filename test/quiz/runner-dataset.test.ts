/**
 * The runner with the real question bank over the real dataset (not fixtures): a whole game within
 * a spoiler setting, the server's history steering its next game, and practice questions from the
 * same bank.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataset } from '../../src/data/index.js';
import { NO_SPOILERS } from '../../src/data/spoilers.js';
import { buildBank } from '../../src/quiz/bank.js';
import { createPracticeService } from '../../src/quiz/practice.js';
import { seededRng } from '../../src/quiz/rng.js';
import { BASE_POINTS } from '../../src/quiz/scoring.js';
import type { SavedGame } from '../../src/quiz/session.js';
import { createPracticeSource, createQuestionSource } from '../../src/quiz/sources.js';
import { ALICE, BOB, CHANNEL, click, createRunner, createWorld, GUILD, HOST, quizOptions, type World } from './fixtures/harness.js';

const bank = buildBank(dataset);

let w: World;

beforeEach(async () => {
  w = await createWorld();
});

afterEach(async () => {
  await w.store.close();
});

describe('quiz runner with the real dataset', () => {
  it('given a 10-round quiz without spoilers, every question asks a distinct fact and is spoiler-free, and a perfect player gets exactly the documented points', async () => {
    const { runner, ports } = createRunner(w, { questions: createQuestionSource(bank, w.store.history), rng: seededRng(2024) });
    const started = await runner.start({ guildId: GUILD, channelId: CHANNEL, hostId: HOST, options: quizOptions({ rounds: 10, spoilers: NO_SPOILERS }) });
    expect(started).toMatchObject({ ok: true, rounds: 10 });
    // The game's questions are saved once, apart from the state.
    const { questions } = (await w.store.sessions.getGame(CHANNEL)) as SavedGame;
    expect(new Set(questions.map((q) => q.id)).size).toBe(10);
    expect(new Set(questions.map((q) => q.fact)).size).toBe(10);
    for (const q of questions) {
      expect(q.fact, q.id).toBeDefined();
      expect(q.reveals, q.id).toEqual([]);
    }

    let expectedAlice = 0;
    for (let round = 0; round < 10; round++) {
      await w.scheduler.advance(w.scheduler.nextDueIn() ?? 0);
      const view = ports.lastQuestion();
      const question = questions[round];
      if (!question) throw new Error('missing question');
      expect(view).toMatchObject({ number: round + 1, prompt: question.prompt, difficulty: question.difficulty });
      expect(view.options.map((o) => o.text)).toEqual(question.options);
      // Alice answers right at once; Bob always picks the option after the right one (always wrong).
      expect((await click(runner, view, ALICE, question.answer)).kind).toBe('locked');
      expect((await click(runner, view, BOB, (question.answer + 1) % question.options.length)).kind).toBe('locked');
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
    // Each posted question's fact is remembered for the server, at the time it was posted.
    const history = await w.store.history.get({ guildId: GUILD });
    expect([...history.keys()].sort()).toEqual(questions.map((q) => q.fact).sort());
  });

  it("given a server's finished game, its next game asks facts it has not been asked yet", async () => {
    const { runner, ports } = createRunner(w, { questions: createQuestionSource(bank, w.store.history), rng: seededRng(11) });
    const first = await runner.start({ guildId: GUILD, channelId: CHANNEL, hostId: HOST, options: quizOptions({ rounds: 10 }) });
    expect(first.ok).toBe(true);
    for (let round = 0; round < 10; round++) {
      await w.scheduler.advance(w.scheduler.nextDueIn() ?? 0);
      const view = ports.lastQuestion();
      expect(view.number).toBe(round + 1);
      expect((await click(runner, view, ALICE, 0)).kind).toBe('locked');
      await w.scheduler.advance(view.closesAt - w.clock.now());
    }
    await w.scheduler.runAll();
    expect(ports.standings()[0]).toMatchObject({ reason: 'completed' });
    const asked = new Set((await w.store.history.get({ guildId: GUILD })).keys());
    expect(asked.size).toBe(10);

    const second = await runner.start({ guildId: GUILD, channelId: CHANNEL, hostId: HOST, options: quizOptions({ rounds: 10 }) });
    expect(second.ok).toBe(true);
    const { questions } = (await w.store.sessions.getGame(CHANNEL)) as SavedGame;
    expect(questions).toHaveLength(10);
    for (const q of questions) expect(asked.has(q.fact ?? ''), `${q.fact} was asked in the first game`).toBe(false);
    // Another server's history is its own.
    expect((await w.store.history.get({ guildId: '100000000000000002' })).size).toBe(0);
  });

  it('given a practice request, the question comes from the bank within the setting, can be answered once, and its fact is remembered for the player', async () => {
    const practice = createPracticeService({
      store: w.store,
      pick: createPracticeSource(bank, w.store.history),
      clock: w.clock,
      rng: seededRng(5),
      logger: w.logger,
    });
    const created = await practice.create({ userId: ALICE, spoilers: NO_SPOILERS, scope: 'film', difficulty: 'mixed' });
    if (!created.ok) throw new Error('no practice question');
    const first = created.view.options[0];
    if (!first) throw new Error('no options');
    const outcome = practice.answerButton(first.customId, ALICE);
    expect(['correct', 'wrong']).toContain(outcome.kind);
    expect(practice.answerButton(first.customId, ALICE)).toEqual({ kind: 'already-answered' });
    await practice.idle();
    expect((await w.store.scores.practiceStats(ALICE)).answered).toBe(1);
    const remembered = [...(await w.store.history.get({ userId: ALICE })).keys()];
    expect(remembered).toHaveLength(1);
    const fact = bank.facts.find((f) => f.id === remembered[0]);
    expect(fact?.production).toBe('film');
    expect(fact?.reveals).toEqual([]);

    // The next practice question for the same player asks another fact.
    const again = await practice.create({ userId: ALICE, spoilers: NO_SPOILERS, scope: 'film', difficulty: 'mixed' });
    expect(again.ok).toBe(true);
    const both = [...(await w.store.history.get({ userId: ALICE })).keys()];
    expect(both).toHaveLength(2);
    expect(both).toContain(remembered[0]);
  });
});

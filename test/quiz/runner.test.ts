import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseQuizButtonId, quizButtonId, type QuestionView, type QuizRunner } from '../../src/quiz/runner.js';
import {
  ALICE,
  BOB,
  CAROL,
  CHANNEL,
  click,
  createRunner,
  createWorld,
  GUILD,
  HOST,
  OTHER_CHANNEL,
  OTHER_GUILD,
  quizOptions,
  sessionsVia,
  TIMINGS,
  type RecordingPorts,
  type World,
} from './fixtures/harness.js';

let w: World;

beforeEach(async () => {
  w = await createWorld();
});

afterEach(async () => {
  await w.store.close();
});

/** Moves the clock to `t`, running whatever timers fall due on the way. */
async function at(t: number): Promise<void> {
  await w.scheduler.advance(t - w.clock.now());
}

async function startQuiz(runner: QuizRunner, overrides: Parameters<typeof quizOptions>[0] = {}, channelId = CHANNEL, guildId = GUILD) {
  const result = await runner.start({ guildId, channelId, hostId: HOST, options: quizOptions(overrides) });
  if (!result.ok) throw new Error(`start failed: ${result.reason}`);
  return result;
}

/** Runs the intro (or the pause) and returns the question that follows. */
async function nextQuestion(ports: RecordingPorts, channelId = CHANNEL): Promise<QuestionView> {
  const before = ports.questions(channelId).length;
  await w.scheduler.advance(w.scheduler.nextDueIn() ?? 0);
  const questions = ports.questions(channelId);
  if (questions.length !== before + 1) throw new Error('no new question was posted');
  return ports.lastQuestion(channelId);
}

async function closeQuestion(view: QuestionView): Promise<void> {
  await at(view.closesAt);
}

async function stats(userId: string) {
  return w.store.scores.stats(userId, { guildId: GUILD }, 'all-time');
}

describe('quiz runner: a whole game', () => {
  it('given three players clicking through four questions, the reveals, the standings and the stored scores match the clicks', async () => {
    const { runner, ports } = createRunner(w);
    const started = await startQuiz(runner);
    expect(started.rounds).toBe(4);
    expect(ports.events[0]).toMatchObject({ type: 'intro', view: { rounds: 4, seconds: 20, hostId: HOST } });

    // Round 1, easy (100), answer B.
    const q1 = await nextQuestion(ports);
    expect(q1).toMatchObject({ number: 1, total: 4, round: 0, closesAt: q1.askedAt + 20_000 });
    expect(q1.options.map((o) => o.label)).toEqual(['A', 'B', 'C', 'D']);
    expect(await click(runner, q1, ALICE, 1)).toEqual({ kind: 'locked', option: 1, label: 'B', closesAt: q1.closesAt });
    await at(q1.askedAt + 1_000);
    expect(await click(runner, q1, CAROL, 2)).toMatchObject({ kind: 'locked', label: 'C' });
    await at(q1.askedAt + 5_000);
    expect(await click(runner, q1, BOB, 1)).toMatchObject({ kind: 'locked', label: 'B' });
    await closeQuestion(q1);
    const r1 = ports.reveals()[0];
    expect(r1).toMatchObject({
      number: 1,
      correct: 1,
      correctLabel: 'B',
      correctText: 'E.oni',
      sources: ['article:000'],
      explanation: 'E.oni (Lee Eon-hee) directed the film.',
      answered: 3,
      optionCounts: [0, 2, 1, 0],
      isLast: false,
      disabled: true,
      winners: [
        { userId: ALICE, points: 150, elapsedMs: 0, base: 100, speedBonus: 50, streakBonus: 0, streak: 1 },
        { userId: BOB, points: 137, elapsedMs: 5_000, base: 100, speedBonus: 37, streakBonus: 0, streak: 1 },
      ],
      // The running scoreboard after question 1: Carol answered wrong and has 0.
      scoreboard: [
        { rank: 1, userId: ALICE, points: 150, correct: 1, answered: 1, bestStreak: 1 },
        { rank: 2, userId: BOB, points: 137, correct: 1, answered: 1, bestStreak: 1 },
        { rank: 3, userId: CAROL, points: 0, correct: 0, answered: 1, bestStreak: 0 },
      ],
      players: 3,
    });

    // Round 2, medium (150), answer B.
    const q2 = await nextQuestion(ports);
    expect(q2.askedAt).toBe(q1.closesAt + TIMINGS.revealPauseMs);
    expect((await click(runner, q2, CAROL, 1)).kind).toBe('locked'); // 150 + 75
    await at(q2.askedAt + 2_000);
    expect((await click(runner, q2, BOB, 0)).kind).toBe('locked'); // wrong
    await at(q2.askedAt + 10_000);
    expect((await click(runner, q2, ALICE, 1)).kind).toBe('locked'); // 150 + 37 + streak 15
    await closeQuestion(q2);

    // Round 3, hard (200), answer A; Bob sits it out.
    const q3 = await nextQuestion(ports);
    await at(q3.askedAt + 5_000);
    expect((await click(runner, q3, ALICE, 0)).kind).toBe('locked'); // 200 + 75 + streak 40
    await at(q3.closesAt - 1);
    expect((await click(runner, q3, CAROL, 0)).kind).toBe('locked'); // 200 + 0 + streak 20
    await closeQuestion(q3);

    // Round 4, true/false easy, answer True.
    const q4 = await nextQuestion(ports);
    expect(q4.options.map((o) => o.label)).toEqual(['True', 'False']);
    expect(await click(runner, q4, ALICE, 1)).toMatchObject({ kind: 'locked', label: 'False' }); // wrong
    expect((await click(runner, q4, BOB, 0)).kind).toBe('locked'); // 100 + 50, streak was reset
    await at(q4.askedAt + 10_000);
    expect((await click(runner, q4, CAROL, 0)).kind).toBe('locked'); // 100 + 25 + streak 20
    await closeQuestion(q4);
    expect(ports.reveals()[3]).toMatchObject({ isLast: true, correctLabel: 'True' });
    expect(ports.standings()).toEqual([]); // the pause comes first

    await w.scheduler.runAll();
    const [final] = ports.standings();
    expect(final).toEqual({
      sessionId: started.sessionId,
      // A quiz started without a language (as by the previous release) speaks English.
      lang: 'en',
      hostId: HOST,
      reason: 'completed',
      roundsPlayed: 4,
      total: 4,
      scoresSaved: true,
      standings: [
        { rank: 1, userId: ALICE, points: 150 + 202 + 315 + 0, correct: 3, answered: 4, bestStreak: 3 },
        { rank: 2, userId: CAROL, points: 0 + 225 + 220 + 145, correct: 3, answered: 4, bestStreak: 3 },
        { rank: 3, userId: BOB, points: 137 + 0 + 150, correct: 2, answered: 3, bestStreak: 1 },
      ],
    });
    expect(ports.events.map((e) => e.type)).toEqual([
      'intro',
      'question',
      'reveal',
      'question',
      'reveal',
      'question',
      'reveal',
      'question',
      'reveal',
      'standings',
    ]);

    // The store agrees with the standings, on the server board and the global one, and counted one game each.
    for (const row of final?.standings ?? []) {
      expect(await stats(row.userId)).toMatchObject({
        points: row.points,
        correct: row.correct,
        answered: row.answered,
        bestStreak: row.bestStreak,
        gamesPlayed: 1,
        rank: row.rank,
      });
      expect(await w.store.scores.stats(row.userId, 'global', 'all-time')).toMatchObject({ points: row.points, gamesPlayed: 1 });
    }
    expect(await w.store.sessions.get(CHANNEL)).toBeUndefined();
    expect(runner.running(CHANNEL)).toBeUndefined();
    expect(w.scheduler.pending()).toBe(0);
    expect(w.logger.at('error')).toEqual([]);

    // A click on the finished quiz gets a clear answer.
    expect(await click(runner, q4, CAROL, 1)).toEqual({ kind: 'finished' });
  });

  it('given a start, the question waits for the intro, and running() describes the quiz', async () => {
    const { runner, ports } = createRunner(w);
    const started = await startQuiz(runner, { rounds: 2 });
    expect(runner.running(CHANNEL)).toEqual({
      sessionId: started.sessionId,
      guildId: GUILD,
      channelId: CHANNEL,
      hostId: HOST,
      phase: 'intro',
      number: 0,
      total: 2,
      messageId: started.messageId,
    });
    await w.scheduler.advance(TIMINGS.introMs - 1);
    expect(ports.questions()).toEqual([]);
    await w.scheduler.advance(1);
    expect(ports.questions()).toHaveLength(1);
    expect(runner.running(CHANNEL)).toMatchObject({ phase: 'asking', number: 1, messageId: 'ma2' });
  });

  it('given options out of range, start refuses without posting anything', async () => {
    const { runner, ports } = createRunner(w);
    for (const options of [{ rounds: 0 }, { rounds: 31 }, { seconds: 9 }, { seconds: 61 }, { rounds: 2.5 }]) {
      const result = await runner.start({ guildId: GUILD, channelId: CHANNEL, hostId: HOST, options: quizOptions(options) });
      expect(result).toMatchObject({ ok: false, reason: 'invalid-options' });
    }
    expect(ports.events).toEqual([]);
  });

  it('given no question fits the options, start says so', async () => {
    const { runner } = createRunner(w, { questions: () => [] });
    expect(await runner.start({ guildId: GUILD, channelId: CHANNEL, hostId: HOST, options: quizOptions() })).toEqual({
      ok: false,
      reason: 'no-questions',
    });
    expect(await w.store.sessions.get(CHANNEL)).toBeUndefined();
  });
});

describe('quiz runner: clicks', () => {
  it('given a double click, the second one is told the first answer and changes nothing', async () => {
    const { runner, ports } = createRunner(w);
    await startQuiz(runner, { rounds: 1 });
    const q = await nextQuestion(ports);
    expect((await click(runner, q, ALICE, 1)).kind).toBe('locked');
    expect(await click(runner, q, ALICE, 2)).toEqual({ kind: 'already-answered', option: 1, label: 'B' });
    expect(await click(runner, q, ALICE, 1)).toEqual({ kind: 'already-answered', option: 1, label: 'B' });
    await w.scheduler.runAll();
    expect(ports.standings()[0]?.standings).toEqual([
      { rank: 1, userId: ALICE, points: 150, correct: 1, answered: 1, bestStreak: 1 },
    ]);
  });

  it('given a click after time is up but before the timer fired, it is closed and not scored', async () => {
    const { runner, ports } = createRunner(w);
    await startQuiz(runner, { rounds: 1 });
    const q = await nextQuestion(ports);
    w.clock.set(q.closesAt); // the close timer has not run yet
    expect(await click(runner, q, ALICE, 1)).toEqual({ kind: 'closed' });
    await w.scheduler.runAll();
    expect(ports.reveals()[0]).toMatchObject({ answered: 0, winners: [] });
    expect(await stats(ALICE)).toBeUndefined();
  });

  it('given a click on an earlier question, it is closed; on a question not asked yet, unknown', async () => {
    const { runner, ports } = createRunner(w);
    const { sessionId } = await startQuiz(runner);
    const q1 = await nextQuestion(ports);
    await closeQuestion(q1);
    expect(await click(runner, q1, ALICE, 1)).toEqual({ kind: 'closed' }); // during the reveal pause
    const q2 = await nextQuestion(ports);
    expect(await click(runner, q1, ALICE, 1)).toEqual({ kind: 'closed' });
    const who = { userId: ALICE, guildId: GUILD, channelId: CHANNEL };
    expect(await runner.answerButton(quizButtonId(sessionId, q2.round + 1, 0), who)).toEqual({ kind: 'unknown' });
    expect((await click(runner, q2, ALICE, 1)).kind).toBe('locked');
  });

  it('given forged or malformed button ids, nothing is recorded and the answer is unknown', async () => {
    const { runner, ports } = createRunner(w);
    const { sessionId } = await startQuiz(runner, { rounds: 4 });
    const q1 = await nextQuestion(ports);
    const who = { userId: ALICE, guildId: GUILD, channelId: CHANNEL };
    const malformed = [
      '',
      'quiz',
      'quiz:',
      `quiz:${sessionId}`,
      `quiz:${sessionId}:0`,
      `quiz:${sessionId}:0:1:extra`,
      `quiz:${sessionId}:00:1`,
      `quiz:${sessionId}:-1:1`,
      `quiz:${sessionId}:0x0:1`,
      `quiz:${sessionId}:1e1:1`,
      `quiz:${sessionId}:0:12`,
      `quiz:${sessionId}: 0:1`,
      `QUIZ:${sessionId}:0:1`,
      `quiz:abc:0:1`,
      `quiz:${sessionId}-x:0:1`,
      `quiz:${'a'.repeat(33)}:0:1`,
      `quiz:${sessionId}:0:1`.padEnd(150, '0'),
      `practice:${sessionId}:1`,
    ];
    for (const id of malformed) {
      expect(parseQuizButtonId(id), id).toBeNull();
      expect(await runner.answerButton(id, who), id).toEqual({ kind: 'unknown' });
    }
    expect(parseQuizButtonId(42)).toBeNull();
    // Well-formed but forged: no such session, or an option the question does not have.
    expect(await runner.answerButton('quiz:nosuchquiz:0:1', who)).toEqual({ kind: 'unknown' });
    expect(await runner.answerButton(quizButtonId(sessionId, 0, 7), who)).toEqual({ kind: 'unknown' });
    expect(await runner.answer({ sessionId, round: 0, option: 1.5, userId: ALICE, guildId: GUILD, channelId: CHANNEL })).toEqual({
      kind: 'unknown',
    });
    // Round-trip of a genuine id.
    expect(parseQuizButtonId(q1.options[3]?.customId)).toEqual({ sessionId, round: 0, option: 3 });
    await closeQuestion(q1);
    expect(ports.reveals()[0]).toMatchObject({ answered: 0 });
  });

  it('given a click from another guild, another channel or a DM, it is refused and not counted', async () => {
    const { runner, ports } = createRunner(w);
    await startQuiz(runner, { rounds: 1 });
    const q = await nextQuestion(ports);
    const id = q.options[1]?.customId ?? '';
    expect(await runner.answerButton(id, { userId: ALICE, guildId: OTHER_GUILD, channelId: CHANNEL })).toEqual({ kind: 'wrong-guild' });
    expect(await runner.answerButton(id, { userId: ALICE, guildId: null, channelId: CHANNEL })).toEqual({ kind: 'wrong-guild' });
    expect(await runner.answerButton(id, { userId: ALICE, guildId: GUILD, channelId: OTHER_CHANNEL })).toEqual({ kind: 'wrong-channel' });
    // The refusals did not use up Alice's answer.
    expect((await click(runner, q, ALICE, 1)).kind).toBe('locked');
    await w.scheduler.runAll();
    expect(ports.standings()[0]?.standings.map((s) => s.userId)).toEqual([ALICE]);
  });

  it('given an answer, "locked in" comes only once the answer is in the store, and a second click is answered from memory meanwhile', async () => {
    let release: (() => void) | undefined;
    const store = {
      scores: w.store.scores,
      sessions: sessionsVia(w.store.sessions, {
        appendAnswers: async (channelId, seq, batch) => {
          await new Promise<void>((resolve) => {
            release = resolve;
          });
          await w.store.sessions.appendAnswers(channelId, seq, batch);
        },
      }),
    };
    const { runner, ports } = createRunner(w, { store });
    await startQuiz(runner, { rounds: 1 });
    const q = await nextQuestion(ports);
    let outcome: unknown;
    void click(runner, q, ALICE, 0).then((o) => (outcome = o));
    await w.scheduler.settle();
    expect(release).toBeDefined();
    expect(outcome).toBeUndefined();
    expect(await w.store.sessions.answers(CHANNEL, 0)).toEqual([]);
    expect(await click(runner, q, ALICE, 1)).toEqual({ kind: 'already-answered', option: 0, label: 'A' });
    release?.();
    await w.scheduler.settle();
    expect(outcome).toMatchObject({ kind: 'locked', option: 0 });
    expect(await w.store.sessions.answers(CHANNEL, 0)).toMatchObject([{ round: 0, answers: [[ALICE, 0, q.askedAt]] }]);
  });

  it('given many answers at once, they are saved together in one write of only them (group commit), the state is not rewritten', async () => {
    const puts: unknown[] = [];
    const batches: unknown[] = [];
    const store = {
      scores: w.store.scores,
      sessions: sessionsVia(w.store.sessions, {
        put: async (channelId, guildId, state) => {
          puts.push(state);
          await w.store.sessions.put(channelId, guildId, state);
        },
        appendAnswers: async (channelId, seq, batch) => {
          batches.push(batch);
          await w.store.sessions.appendAnswers(channelId, seq, batch);
        },
      }),
    };
    const { runner, ports } = createRunner(w, { store });
    await startQuiz(runner, { rounds: 1 });
    const q = await nextQuestion(ports);
    await runner.idle();
    const before = puts.length;
    const outcomes = await Promise.all(Array.from({ length: 50 }, (_, i) => click(runner, q, `user${i}`, i % 4)));
    expect(outcomes.every((o) => o.kind === 'locked')).toBe(true);
    expect(puts.length - before).toBe(0);
    expect(batches).toHaveLength(1);
    expect((batches[0] as { answers: unknown[] }).answers).toHaveLength(50);
    // Clicks one after another: each is its own write, and holds only its answer.
    for (let i = 50; i < 53; i++) expect((await click(runner, q, `user${i}`, 0)).kind).toBe('locked');
    expect(batches.slice(1).map((b) => (b as { answers: unknown[] }).answers.length)).toEqual([1, 1, 1]);
    expect(puts.length - before).toBe(0);
    const saved = await w.store.sessions.get(CHANNEL);
    expect((saved?.state as { answers: object; questions?: unknown }).answers).toEqual({});
    // The questions were written once, apart from the state.
    expect((saved?.state as { questions?: unknown }).questions).toBeUndefined();
    expect(await w.store.sessions.getGame(CHANNEL)).toMatchObject({ sessionId: q.sessionId, questions: [{ prompt: q.prompt }] });
    await w.scheduler.runAll();
    expect(ports.reveals()[0]?.answered).toBe(53);
  });

  it('given 600 players answering one question, the round closes with every answer: the reveal counts them and shows the top five, and every score is committed', async () => {
    const { runner, ports } = createRunner(w);
    await startQuiz(runner, { rounds: 1 });
    const q = await nextQuestion(ports);
    const players = Array.from({ length: 600 }, (_, i) => `player${String(i).padStart(3, '0')}`);
    const outcomes = await Promise.all(players.map((userId, i) => click(runner, q, userId, i % 4)));
    expect(outcomes.every((o) => o.kind === 'locked')).toBe(true);
    await closeQuestion(q);
    const reveal = ports.reveals()[0];
    expect(reveal).toMatchObject({ answered: 600, players: 600 });
    // Every click came at the same moment: the right ones share first place, by user id.
    const right = players.filter((_, i) => i % 4 === reveal?.correct);
    expect(reveal?.scoreboard.map((row) => [row.rank, row.userId])).toEqual(right.slice(0, 5).map((userId) => [1, userId]));
    await w.scheduler.runAll();
    const board = await w.store.scores.leaderboard({ guildId: GUILD }, 'all-time', { limit: 1 });
    expect(board.total).toBe(600);
  });

  it('given the store refuses an answer, the player is told it was not saved and may answer again; it counts once', async () => {
    let failures = 1;
    const store = {
      scores: w.store.scores,
      sessions: sessionsVia(w.store.sessions, {
        appendAnswers: async (channelId, seq, batch) => {
          if (failures-- > 0) throw new Error('disk full');
          await w.store.sessions.appendAnswers(channelId, seq, batch);
        },
      }),
    };
    const { runner, ports } = createRunner(w, { store });
    await startQuiz(runner, { rounds: 1 });
    const q = await nextQuestion(ports);
    expect(await click(runner, q, ALICE, 0)).toEqual({ kind: 'not-saved' });
    expect(w.logger.at('error').map((e) => e.msg)).toContain('quiz: could not save answers; those players may answer again');
    expect(await click(runner, q, ALICE, 1)).toMatchObject({ kind: 'locked', option: 1 });
    // The failed write took no number: the log has no gap.
    expect(await w.store.sessions.answers(CHANNEL, 0)).toMatchObject([{ answers: [[ALICE, 1, expect.any(Number)]] }]);
    await w.scheduler.runAll();
    expect(ports.reveals()[0]).toMatchObject({ answered: 1, optionCounts: [0, 1, 0, 0] });
  });

  it('given an answer still being written when time is up, the round closes only once it is saved, and counts it', async () => {
    let release: (() => void) | undefined;
    const store = {
      scores: w.store.scores,
      sessions: sessionsVia(w.store.sessions, {
        appendAnswers: async (channelId, seq, batch) => {
          await new Promise<void>((resolve) => {
            release = resolve;
          });
          await w.store.sessions.appendAnswers(channelId, seq, batch);
        },
      }),
    };
    const { runner, ports } = createRunner(w, { store });
    await startQuiz(runner, { rounds: 1 });
    const q = await nextQuestion(ports);
    await w.scheduler.advance(q.closesAt - w.clock.now() - 1);
    const outcome = click(runner, q, ALICE, 1);
    const closing = w.scheduler.advance(1);
    for (let turns = 0; release === undefined; turns++) {
      if (turns > 20) throw new Error('the answer was never written');
      await w.scheduler.settle();
    }
    expect(ports.reveals()).toHaveLength(0);
    release();
    await closing;
    expect(await outcome).toMatchObject({ kind: 'locked' });
    expect(ports.reveals()[0]).toMatchObject({ answered: 1, winners: [{ userId: ALICE }] });
    // The closed round's state holds its answers, and its batches are dropped from the log.
    await runner.idle();
    expect(await w.store.sessions.answers(CHANNEL, 0)).toEqual([]);
  });
});

describe('quiz runner: one quiz per channel', () => {
  it('given a quiz running in a channel, a second start there is refused with a link; another channel is fine', async () => {
    const { runner } = createRunner(w);
    const first = await startQuiz(runner);
    expect(await runner.start({ guildId: GUILD, channelId: CHANNEL, hostId: ALICE, options: quizOptions() })).toEqual({
      ok: false,
      reason: 'already-running',
      sessionId: first.sessionId,
      messageId: first.messageId,
    });
    expect((await runner.start({ guildId: GUILD, channelId: OTHER_CHANNEL, hostId: ALICE, options: quizOptions() })).ok).toBe(true);
  });

  it('given two starts racing in one channel, exactly one quiz starts', async () => {
    const { runner, ports } = createRunner(w);
    const results = await Promise.all(
      [HOST, ALICE, BOB].map((hostId) => runner.start({ guildId: GUILD, channelId: CHANNEL, hostId, options: quizOptions() })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === 'already-running')).toHaveLength(2);
    expect(ports.events.filter((e) => e.type === 'intro')).toHaveLength(1);
  });

  it('given a quiz saved by a previous run, a new runner refuses a second quiz in that channel', async () => {
    const first = createRunner(w);
    const started = await startQuiz(first.runner);
    await first.runner.shutdown();
    const second = createRunner(w, { idPrefix: 'b' });
    expect(await second.runner.start({ guildId: GUILD, channelId: CHANNEL, hostId: ALICE, options: quizOptions() })).toMatchObject({
      ok: false,
      reason: 'already-running',
      sessionId: started.sessionId,
    });
  });

  it('given a quiz has finished, a new one can start in the channel', async () => {
    const { runner } = createRunner(w);
    await startQuiz(runner, { rounds: 1 });
    await w.scheduler.runAll();
    expect((await runner.start({ guildId: GUILD, channelId: CHANNEL, hostId: HOST, options: quizOptions() })).ok).toBe(true);
  });
});

describe('quiz runner: stop', () => {
  it('given another member without Manage Server, stop is forbidden and the quiz goes on', async () => {
    const { runner, ports } = createRunner(w);
    await startQuiz(runner);
    await nextQuestion(ports);
    expect(await runner.stop({ guildId: GUILD, channelId: CHANNEL, userId: BOB, canManage: false })).toBe('forbidden');
    expect(runner.running(CHANNEL)).toMatchObject({ phase: 'asking' });
    expect(ports.standings()).toEqual([]);
  });

  it('given the host stops mid-question, the open round is scored and committed, then the standings', async () => {
    const { runner, ports } = createRunner(w);
    await startQuiz(runner);
    const q1 = await nextQuestion(ports);
    await click(runner, q1, ALICE, 1);
    await closeQuestion(q1);
    const q2 = await nextQuestion(ports);
    await click(runner, q2, ALICE, 1); // 150 + 75 + 15
    await click(runner, q2, BOB, 1); // 225
    await at(q2.askedAt + 4_000);
    expect(await runner.stop({ guildId: GUILD, channelId: CHANNEL, userId: HOST, canManage: false })).toBe('stopped');
    expect(ports.reveals()).toHaveLength(2);
    expect(ports.reveals()[1]).toMatchObject({ isLast: true, answered: 2 });
    expect(ports.standings()[0]).toMatchObject({
      reason: 'stopped',
      roundsPlayed: 2,
      total: 4,
      standings: [
        { userId: ALICE, points: 150 + 240 },
        { userId: BOB, points: 225 },
      ],
    });
    expect(await stats(ALICE)).toMatchObject({ points: 390, gamesPlayed: 1, answered: 2 });
    expect(await stats(BOB)).toMatchObject({ points: 225, gamesPlayed: 1, answered: 1 });
    expect(await runner.stop({ guildId: GUILD, channelId: CHANNEL, userId: HOST, canManage: false })).toBe('not-running');
    expect(await click(runner, q2, CAROL, 1)).toEqual({ kind: 'finished' });
    await w.scheduler.runAll();
    expect(ports.questions()).toHaveLength(2);
    expect(await w.store.sessions.get(CHANNEL)).toBeUndefined();
  });

  it('given a member with Manage Server (or the quiz role), stop works during the intro', async () => {
    const { runner, ports } = createRunner(w);
    await startQuiz(runner);
    expect(await runner.stop({ guildId: GUILD, channelId: CHANNEL, userId: BOB, canManage: true })).toBe('stopped');
    expect(ports.standings()[0]).toMatchObject({ reason: 'stopped', roundsPlayed: 0, standings: [] });
    await w.scheduler.runAll();
    expect(ports.questions()).toEqual([]);
    expect(await stats(BOB)).toBeUndefined();
  });

  it('given no quiz in the channel, stop says so', async () => {
    const { runner } = createRunner(w);
    expect(await runner.stop({ guildId: GUILD, channelId: CHANNEL, userId: HOST, canManage: true })).toBe('not-running');
  });
});

describe('quiz runner: ending early', () => {
  it('given three questions in a row with no answers, the quiz ends and still records what was played', async () => {
    const { runner, ports } = createRunner(w);
    await startQuiz(runner, { rounds: 6 });
    const q1 = await nextQuestion(ports);
    await click(runner, q1, ALICE, 1); // 150
    await w.scheduler.runAll();
    expect(ports.questions()).toHaveLength(4);
    expect(ports.standings()).toEqual([
      expect.objectContaining({
        reason: 'inactive',
        roundsPlayed: 4,
        total: 6,
        standings: [{ rank: 1, userId: ALICE, points: 150, correct: 1, answered: 1, bestStreak: 1 }],
      }),
    ]);
    expect(await stats(ALICE)).toMatchObject({ points: 150, gamesPlayed: 1 });
  });

  it('given nobody ever answers, the quiz ends after three questions and counts no game', async () => {
    const { runner, ports } = createRunner(w);
    await startQuiz(runner, { rounds: 6 });
    await w.scheduler.runAll();
    expect(ports.questions()).toHaveLength(3);
    expect(ports.standings()[0]).toMatchObject({ reason: 'inactive', roundsPlayed: 3, standings: [] });
  });
});

describe('quiz runner: the channel becomes unusable', () => {
  it('given the intro cannot be posted, nothing starts and nothing is saved', async () => {
    const { runner, ports } = createRunner(w);
    ports.failing.add('intro');
    expect(await runner.start({ guildId: GUILD, channelId: CHANNEL, hostId: HOST, options: quizOptions() })).toEqual({
      ok: false,
      reason: 'cannot-post',
    });
    expect(runner.running(CHANNEL)).toBeUndefined();
    expect(await w.store.sessions.get(CHANNEL)).toBeUndefined();
    expect(w.scheduler.pending()).toBe(0);
  });

  it('given a question cannot be posted, the quiz ends cleanly and the channel is free again', async () => {
    const { runner, ports } = createRunner(w);
    await startQuiz(runner);
    ports.failing.add('question');
    await w.scheduler.runAll();
    expect(ports.standings()[0]).toMatchObject({ reason: 'channel', roundsPlayed: 0 });
    expect(w.logger.at('warn').some((e) => e.msg?.includes('could not post a question'))).toBe(true);
    expect(runner.running(CHANNEL)).toBeUndefined();
    expect(await w.store.sessions.get(CHANNEL)).toBeUndefined();
    ports.failing.clear();
    expect((await runner.start({ guildId: GUILD, channelId: CHANNEL, hostId: HOST, options: quizOptions() })).ok).toBe(true);
  });

  it('given every message fails after a question was answered, the points are kept and the quiz ends without throwing', async () => {
    const { runner, ports } = createRunner(w);
    await startQuiz(runner);
    const q1 = await nextQuestion(ports);
    await click(runner, q1, ALICE, 1);
    for (const what of ['question', 'reveal', 'standings', 'notice'] as const) ports.failing.add(what);
    await w.scheduler.runAll();
    expect(runner.running(CHANNEL)).toBeUndefined();
    expect(await stats(ALICE)).toMatchObject({ points: 150, gamesPlayed: 1 });
    expect(await w.store.sessions.get(CHANNEL)).toBeUndefined();
    expect(w.scheduler.pending()).toBe(0);
  });
});

describe('quiz runner: the bot leaves a server', () => {
  it("given removeGuild, that server's quizzes end silently and others carry on", async () => {
    const { runner, ports } = createRunner(w);
    await startQuiz(runner, { rounds: 2 });
    await startQuiz(runner, { rounds: 2 }, OTHER_CHANNEL, OTHER_GUILD);
    await w.scheduler.advance(TIMINGS.introMs);
    await click(runner, ports.lastQuestion(CHANNEL), ALICE, 1);
    const eventsBefore = ports.events.filter((e) => e.channelId === CHANNEL).length;
    await runner.removeGuild(GUILD);
    expect(ports.events.filter((e) => e.channelId === CHANNEL)).toHaveLength(eventsBefore);
    expect(runner.running(CHANNEL)).toBeUndefined();
    expect(await w.store.sessions.get(CHANNEL)).toBeUndefined();
    expect(await stats(ALICE)).toMatchObject({ points: 150 });
    expect(runner.running(OTHER_CHANNEL)).toMatchObject({ phase: 'asking' });
    await w.scheduler.runAll();
    expect(ports.standings(OTHER_CHANNEL)).toHaveLength(1);
    expect(ports.standings(CHANNEL)).toEqual([]);
  });
});

describe('quiz runner: shutdown', () => {
  it('given shutdown mid-quiz, timers stop and the latest state stays saved', async () => {
    const { runner, ports } = createRunner(w);
    await startQuiz(runner);
    const q1 = await nextQuestion(ports);
    await click(runner, q1, ALICE, 1);
    await runner.shutdown();
    expect(w.scheduler.pending()).toBe(0);
    const saved = await w.store.sessions.get(CHANNEL);
    expect(saved?.state).toMatchObject({ phase: 'asking', round: 0, answerSeq: 0 });
    expect(await w.store.sessions.answers(CHANNEL, 0)).toMatchObject([{ round: 0, answers: [[ALICE, 1, expect.any(Number)]] }]);
    expect(await runner.start({ guildId: GUILD, channelId: OTHER_CHANNEL, hostId: HOST, options: quizOptions() })).toEqual({
      ok: false,
      reason: 'shutting-down',
    });
  });
});

/**
 * Restart safety: a runner is shut down (or "crashes": its writes stop reaching the store)
 * mid-quiz, and a new runner over the same store resumes. Scores must equal exactly what the
 * clicks earned: nothing lost, no round counted twice.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderStandings } from '../../src/discord/quiz-view.js';
import { MAX_SESSION_STATE_BYTES, openStore } from '../../src/store/index.js';
import type { QuestionView, QuizRunner, QuizRunnerDeps } from '../../src/quiz/runner.js';
import { beginRound, createSession, type SessionState } from '../../src/quiz/session.js';
import { FIXTURE_QUESTIONS } from './fixtures/questions.js';
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

async function at(t: number): Promise<void> {
  await w.scheduler.advance(t - w.clock.now());
}

async function nextQuestion(ports: RecordingPorts): Promise<QuestionView> {
  const before = ports.questions().length;
  await w.scheduler.advance(w.scheduler.nextDueIn() ?? 0);
  if (ports.questions().length !== before + 1) throw new Error('no new question was posted');
  return ports.lastQuestion();
}

async function start(runner: QuizRunner, rounds = 4) {
  const result = await runner.start({ guildId: GUILD, channelId: CHANNEL, hostId: HOST, options: quizOptions({ rounds }) });
  if (!result.ok) throw new Error(`start failed: ${result.reason}`);
  return result;
}

async function points(userId: string): Promise<number | undefined> {
  return (await w.store.scores.stats(userId, { guildId: GUILD }, 'all-time'))?.points;
}

/** A store whose session writes can be made to vanish, as if the process had died before them. */
function lossyStore(base: World['store']) {
  const control = { dropWrites: false, failRecordGame: 0, failCommit: 0 };
  const store: QuizRunnerDeps['store'] = {
    scores: {
      commitRound: async (...args) => {
        if (control.failCommit > 0) {
          control.failCommit--;
          throw new Error('store unavailable');
        }
        return base.scores.commitRound(...args);
      },
      recordGame: async (...args) => {
        if (control.failRecordGame > 0) {
          control.failRecordGame--;
          throw new Error('store unavailable');
        }
        return base.scores.recordGame(...args);
      },
    },
    sessions: sessionsVia(base.sessions, {
      put: async (channelId, guildId, state) => {
        if (!control.dropWrites) await base.sessions.put(channelId, guildId, state);
      },
      putGame: async (channelId, game) => {
        if (!control.dropWrites) await base.sessions.putGame(channelId, game);
      },
      appendAnswers: async (channelId, seq, batch) => {
        if (!control.dropWrites) await base.sessions.appendAnswers(channelId, seq, batch);
      },
      deleteAnswers: async (channelId, fromSeq, toSeq) => {
        if (!control.dropWrites) await base.sessions.deleteAnswers(channelId, fromSeq, toSeq);
      },
      delete: async (c) => {
        if (!control.dropWrites) await base.sessions.delete(c);
      },
    }),
  };
  return { store, control };
}

async function savedState(): Promise<SessionState> {
  const saved = await w.store.sessions.get(CHANNEL);
  if (!saved) throw new Error('no saved session');
  return saved.state as SessionState;
}

describe('quiz runner: restart recovery', () => {
  it('given a shutdown mid-question, a new runner resumes the question, accepts the old buttons and finishes with exact scores', async () => {
    const first = createRunner(w);
    await start(first.runner);
    const q1 = await nextQuestion(first.ports); // easy, B
    await click(first.runner, q1, ALICE, 1); // 150
    await at(q1.askedAt + 5_000);
    await click(first.runner, q1, BOB, 1); // 137
    await at(q1.closesAt);
    const q2 = await nextQuestion(first.ports); // medium, B
    await click(first.runner, q2, CAROL, 1); // 225
    await at(q2.askedAt + 2_000);
    await first.runner.shutdown();
    expect(w.scheduler.pending()).toBe(0);

    w.clock.advance(3_000); // the bot is down for 3 s
    const second = createRunner(w, { idPrefix: 'b' });
    expect(await second.runner.resume()).toEqual({ resumed: 1, ended: 0, dropped: 0 });
    expect(second.ports.events[0]).toMatchObject({ type: 'notice', view: { kind: 'resumed' } });
    expect(second.runner.running(CHANNEL)).toMatchObject({ phase: 'asking', number: 2, total: 4 });

    // The question message from before the restart still works, and the answers given before it still count.
    expect(await click(second.runner, q2, CAROL, 0)).toEqual({ kind: 'already-answered', option: 1, label: 'B' });
    await at(q2.askedAt + 10_000);
    expect((await click(second.runner, q2, ALICE, 1)).kind).toBe('locked'); // 150 + 37 + 15
    expect(await click(second.runner, q1, BOB, 1)).toEqual({ kind: 'closed' });
    await at(q2.closesAt);
    expect(second.ports.reveals()[0]).toMatchObject({ number: 2, answered: 2 });

    const q3 = await nextQuestion(second.ports); // hard, A
    await click(second.runner, q3, ALICE, 0); // 200 + 100 + 40
    await at(q3.closesAt);
    const q4 = await nextQuestion(second.ports); // true/false, True
    await click(second.runner, q4, BOB, 0); // 150, streak reset by the silent round 2
    await w.scheduler.runAll();

    const expected = { [ALICE]: 150 + 202 + 340, [BOB]: 137 + 150, [CAROL]: 225 };
    expect(second.ports.standings()[0]).toMatchObject({
      reason: 'completed',
      roundsPlayed: 4,
      standings: [
        { userId: ALICE, points: expected[ALICE] },
        { userId: BOB, points: expected[BOB] },
        { userId: CAROL, points: expected[CAROL] },
      ],
    });
    for (const [userId, total] of Object.entries(expected)) {
      expect(await points(userId)).toBe(total);
      expect(await w.store.scores.stats(userId, { guildId: GUILD }, 'all-time')).toMatchObject({ gamesPlayed: 1 });
    }
    expect(await w.store.sessions.get(CHANNEL)).toBeUndefined();
  });

  it('given a crash after a round was committed but before its new state was saved, resuming does not count it twice', async () => {
    const { store, control } = lossyStore(w.store);
    const first = createRunner(w, { store });
    await start(first.runner, 2);
    const q1 = await nextQuestion(first.ports); // easy, B
    await click(first.runner, q1, ALICE, 1); // 150
    await click(first.runner, q1, BOB, 2); // wrong
    await first.runner.idle();
    control.dropWrites = true; // from here the process is "dead" as far as the session store knows
    await at(q1.closesAt);
    expect(first.ports.reveals()).toHaveLength(1);
    expect(await points(ALICE)).toBe(150); // committed
    await first.runner.shutdown();
    expect(await savedState()).toMatchObject({ phase: 'asking', round: 0 }); // the save after the commit never happened

    control.dropWrites = false;
    const second = createRunner(w, { store, idPrefix: 'b' });
    expect(await second.runner.resume()).toEqual({ resumed: 1, ended: 0, dropped: 0 });
    // The round was closed again from the saved answers; its commit was a no-op.
    expect(second.ports.reveals()[0]).toMatchObject({ number: 1, winners: [{ userId: ALICE, points: 150 }] });
    expect(
      w.logger.entries.some((e) => e.msg === 'quiz: round committed' && (e.obj as { applied?: boolean }).applied === false),
    ).toBe(true);
    expect(await points(ALICE)).toBe(150);

    const q2 = await nextQuestion(second.ports); // medium, B
    await click(second.runner, q2, ALICE, 1); // 150 + 75 + 15
    await w.scheduler.runAll();
    expect(await points(ALICE)).toBe(150 + 240);
    expect(await points(BOB)).toBe(0);
    expect(await w.store.scores.stats(ALICE, { guildId: GUILD }, 'all-time')).toMatchObject({ answered: 2, gamesPlayed: 1 });
    expect(second.ports.standings()[0]?.standings.map((s) => [s.userId, s.points])).toEqual([
      [ALICE, 390],
      [BOB, 0],
    ]);
  });

  it('given a crash after a round was closed and saved, resuming commits it exactly once and shows the reveal again', async () => {
    const first = createRunner(w);
    await start(first.runner, 2);
    const q1 = await nextQuestion(first.ports);
    await click(first.runner, q1, ALICE, 1);
    await at(q1.closesAt);
    await first.runner.shutdown(); // during the reveal pause
    expect(await savedState()).toMatchObject({ phase: 'revealing', round: 0 });

    const second = createRunner(w, { idPrefix: 'b' });
    await second.runner.resume();
    expect(second.ports.reveals()).toHaveLength(1);
    expect(second.ports.events.find((e) => e.type === 'reveal')).toMatchObject({ messageId: 'ma2' });
    await w.scheduler.runAll();
    expect(await points(ALICE)).toBe(150);
    expect(second.ports.questions()).toHaveLength(1);
  });

  it('given the bot was down past the end of the question, resuming closes and reveals it at once, then carries on', async () => {
    const first = createRunner(w);
    await start(first.runner, 2);
    const q1 = await nextQuestion(first.ports);
    await click(first.runner, q1, ALICE, 1);
    await first.runner.shutdown();
    w.clock.advance(60_000);

    const second = createRunner(w, { idPrefix: 'b' });
    await second.runner.resume();
    expect(second.ports.reveals()).toHaveLength(1);
    expect(await points(ALICE)).toBe(150);
    const q2 = await nextQuestion(second.ports);
    expect(q2.number).toBe(2);
    await w.scheduler.runAll();
    expect(second.ports.standings()[0]).toMatchObject({ reason: 'completed', roundsPlayed: 2 });
  });

  it('given the bot was down too long, the quiz is ended with an announcement and the open round still counts', async () => {
    const first = createRunner(w);
    await start(first.runner);
    const q1 = await nextQuestion(first.ports);
    await click(first.runner, q1, ALICE, 1);
    await first.runner.shutdown();
    w.clock.advance(TIMINGS.staleAfterMs + 60_000);

    const second = createRunner(w, { idPrefix: 'b' });
    expect(await second.runner.resume()).toEqual({ resumed: 0, ended: 1, dropped: 0 });
    expect(second.ports.standings()[0]).toMatchObject({ reason: 'interrupted', roundsPlayed: 1 });
    expect(await points(ALICE)).toBe(150);
    expect(await w.store.scores.stats(ALICE, { guildId: GUILD }, 'all-time')).toMatchObject({ gamesPlayed: 1 });
    expect(await w.store.sessions.get(CHANNEL)).toBeUndefined();
    expect(second.runner.running(CHANNEL)).toBeUndefined();
  });

  it('given a game that could not be recorded, it stays saved and the next start records it once and announces the end', async () => {
    const { store, control } = lossyStore(w.store);
    control.failRecordGame = 1;
    const first = createRunner(w, { store });
    await start(first.runner, 1);
    const q1 = await nextQuestion(first.ports);
    await click(first.runner, q1, ALICE, 1);
    await w.scheduler.runAll();
    expect(first.ports.standings()).toHaveLength(1);
    expect(w.logger.at('error').some((e) => e.msg?.includes('could not record the game'))).toBe(true);
    expect(await savedState()).toMatchObject({ phase: 'finished', endedReason: 'completed' });
    expect(first.runner.running(CHANNEL)).toBeUndefined();
    expect((await w.store.scores.stats(ALICE, { guildId: GUILD }, 'all-time'))?.gamesPlayed).toBe(0);
    await first.runner.shutdown();

    const second = createRunner(w, { store, idPrefix: 'b' });
    expect(await second.runner.resume()).toEqual({ resumed: 0, ended: 1, dropped: 0 });
    expect(second.ports.standings()[0]).toMatchObject({ reason: 'completed', standings: [{ userId: ALICE, points: 150 }] });
    expect(await w.store.scores.stats(ALICE, { guildId: GUILD }, 'all-time')).toMatchObject({ points: 150, gamesPlayed: 1 });
    expect(await w.store.sessions.get(CHANNEL)).toBeUndefined();
  });

  it('given the store refuses a round, the quiz ends with an error, stays saved, and the next start commits that round once', async () => {
    const { store, control } = lossyStore(w.store);
    const first = createRunner(w, { store });
    await start(first.runner, 3);
    const q1 = await nextQuestion(first.ports);
    await click(first.runner, q1, ALICE, 1);
    control.failCommit = 2; // the close and the retry while ending both fail
    await w.scheduler.runAll();
    expect(first.ports.standings()[0]).toMatchObject({ reason: 'store', roundsPlayed: 1, scoresSaved: false });
    expect(first.runner.running(CHANNEL)).toBeUndefined();
    expect((await points(ALICE)) ?? 0).toBe(0); // the game may be counted; the round is not
    expect(await savedState()).toMatchObject({ phase: 'finished', endedReason: 'store' });

    const second = createRunner(w, { store, idPrefix: 'b' });
    expect(await second.runner.resume()).toEqual({ resumed: 0, ended: 1, dropped: 0 });
    expect(await w.store.scores.stats(ALICE, { guildId: GUILD }, 'all-time')).toMatchObject({ points: 150, gamesPlayed: 1 });
    expect(await w.store.sessions.get(CHANNEL)).toBeUndefined();
  });

  it('given a round whose question was never posted, resuming asks it with a full window', async () => {
    const now = w.clock.now();
    const state = beginRound(
      createSession({ id: 'crashed01', guildId: GUILD, channelId: CHANNEL, hostId: HOST, options: quizOptions({ rounds: 2 }), questions: FIXTURE_QUESTIONS.slice(0, 2), now }),
      now,
      null,
    );
    await w.store.sessions.put(CHANNEL, GUILD, state);
    w.clock.advance(15_000);

    const { runner, ports } = createRunner(w);
    await runner.resume();
    const q1 = ports.lastQuestion();
    expect(q1).toMatchObject({ sessionId: 'crashed01', number: 1, askedAt: w.clock.now(), closesAt: w.clock.now() + 20_000 });
    expect((await click(runner, q1, ALICE, 1)).kind).toBe('locked');
    await w.scheduler.runAll();
    expect(await points(ALICE)).toBe(150);
  });

  it('given an unreadable saved session, it is dropped with a warning and the channel is free', async () => {
    await w.store.sessions.put(CHANNEL, GUILD, { version: 99, phase: 'dancing' });
    const { runner } = createRunner(w);
    expect(await runner.resume()).toEqual({ resumed: 0, ended: 0, dropped: 1 });
    expect(w.logger.at('warn').some((e) => e.msg?.includes('unreadable'))).toBe(true);
    expect(await w.store.sessions.get(CHANNEL)).toBeUndefined();
    expect((await runner.start({ guildId: GUILD, channelId: CHANNEL, hostId: HOST, options: quizOptions() })).ok).toBe(true);
  });

  it('given a runner that did not resume a saved quiz, clicks on it are unknown rather than silently lost', async () => {
    const first = createRunner(w);
    await start(first.runner);
    const q1 = await nextQuestion(first.ports);
    await first.runner.shutdown();
    const second = createRunner(w, { idPrefix: 'b' });
    expect(await click(second.runner, q1, ALICE, 1)).toEqual({ kind: 'unknown' });
  });
});

describe('quiz runner: restart with the store reopened from disk', () => {
  it('given a SQLite store closed mid-quiz and opened again, the new runner finishes the quiz with exact scores', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bigcity-quiz-'));
    const url = `sqlite://${join(dir, 'quiz.sqlite')}`;
    try {
      const disk1 = await openStore(url, { logger: w.logger, clock: w.clock });
      await disk1.recover();
      const world1: World = { ...w, store: disk1 };
      const first = createRunner(world1);
      await first.runner.start({ guildId: GUILD, channelId: CHANNEL, hostId: HOST, options: quizOptions({ rounds: 2 }) });
      const q1 = await nextQuestion(first.ports);
      await click(first.runner, q1, ALICE, 1); // 150
      await w.scheduler.advance(5_000);
      await click(first.runner, q1, BOB, 1); // 137
      await first.runner.shutdown();
      await disk1.close();

      const disk2 = await openStore(url, { logger: w.logger, clock: w.clock });
      await disk2.recover();
      const world2: World = { ...w, store: disk2 };
      const second = createRunner(world2, { idPrefix: 'b' });
      expect(await second.runner.resume()).toEqual({ resumed: 1, ended: 0, dropped: 0 });
      await w.scheduler.advance(q1.closesAt - w.clock.now());
      const q2 = await nextQuestion(second.ports);
      await click(second.runner, q2, BOB, 1); // 150 + 75 + 15
      await w.scheduler.runAll();
      expect(await disk2.scores.stats(ALICE, { guildId: GUILD }, 'all-time')).toMatchObject({ points: 150, gamesPlayed: 1 });
      expect(await disk2.scores.stats(BOB, { guildId: GUILD }, 'all-time')).toMatchObject({ points: 137 + 240, gamesPlayed: 1 });
      expect(await disk2.sessions.list()).toEqual([]);
      await disk2.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('quiz runner: a committed round counts once however long ago it was committed', () => {
  /** Another quiz on the same server commits `n` rounds for the player (each one a new commit tag on her boards). */
  async function commitsElsewhere(userId: string, n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      await w.store.scores.commitRound(GUILD, `elsewhere${i}:0`, [{ userId, points: 10, correct: true, streak: 1 }]);
    }
  }

  it.each([
    ['carries on', 0, { resumed: 1, ended: 0, dropped: 0 }],
    ['is ended as stale', TIMINGS.staleAfterMs + 60_000, { resumed: 0, ended: 1, dropped: 0 }],
  ])(
    'given a round committed and saved, then 25 commits for its player elsewhere on the server, a resumed quiz that %s does not count the round again',
    async (_, downtimeMs, report) => {
      const first = createRunner(w);
      await start(first.runner, 2);
      const q1 = await nextQuestion(first.ports);
      await click(first.runner, q1, ALICE, 1); // 150
      await at(q1.closesAt);
      await first.runner.shutdown(); // during the reveal pause, after the commit
      expect(await savedState()).toMatchObject({ phase: 'revealing', round: 0 });
      expect(await points(ALICE)).toBe(150);

      // More commits than the store's replay window remembers per player and board.
      await commitsElsewhere(ALICE, 25);
      w.clock.advance(downtimeMs);
      const second = createRunner(w, { idPrefix: 'b' });
      expect(await second.runner.resume()).toEqual(report);
      await w.scheduler.runAll();
      expect(second.ports.standings()[0]?.standings).toMatchObject([{ userId: ALICE, points: 150 }]);
      expect(await points(ALICE)).toBe(150 + 250);
      expect(await w.store.scores.stats(ALICE, 'global', 'all-time')).toMatchObject({ points: 400, answered: 26, gamesPlayed: 1 });
    },
  );

  it('given a finished game recorded before the session could be deleted, the next start does not record it again', async () => {
    const { store, control } = lossyStore(w.store);
    const first = createRunner(w, { store });
    await start(first.runner, 1);
    const q1 = await nextQuestion(first.ports);
    await click(first.runner, q1, ALICE, 1);
    control.failCommit = 2; // the round is refused twice; the game record goes through
    await w.scheduler.runAll();
    expect(await w.store.scores.stats(ALICE, { guildId: GUILD }, 'all-time')).toMatchObject({ points: 0, gamesPlayed: 1 });
    await w.store.scores.recordGame(GUILD, 'elsewhere:game', [ALICE]);
    await commitsElsewhere(ALICE, 25);

    const again = await first.runner.start({ guildId: GUILD, channelId: CHANNEL, hostId: HOST, options: quizOptions({ rounds: 1 }) });
    expect(again.ok).toBe(true);
    expect(await w.store.scores.stats(ALICE, { guildId: GUILD }, 'all-time')).toMatchObject({ points: 150 + 250, gamesPlayed: 2 });
  });
});

describe('quiz runner: several processes sharing one store', () => {
  const THIRD_GUILD = '100000000000000003';
  const THIRD_CHANNEL = '200000000000000003';

  it("given a quiz another live process runs, resuming with owns() for this process's servers leaves it alone and resumes only its own", async () => {
    const a = createRunner(w, { idPrefix: 'a' });
    await start(a.runner, 2);
    const q1 = await nextQuestion(a.ports);
    await click(a.runner, q1, ALICE, 1); // 150
    // This process's own quiz, saved before it restarted, and a damaged session of a server it does not own.
    const now = w.clock.now();
    await w.store.sessions.put(
      OTHER_CHANNEL,
      OTHER_GUILD,
      createSession({ id: 'shard1quiz', guildId: OTHER_GUILD, channelId: OTHER_CHANNEL, hostId: HOST, options: quizOptions({ rounds: 1 }), questions: FIXTURE_QUESTIONS.slice(0, 1), now }),
    );
    await w.store.sessions.put(THIRD_CHANNEL, THIRD_GUILD, { version: 99 });

    const b = createRunner(w, { idPrefix: 'b' });
    expect(await b.runner.resume({ owns: (guildId) => guildId === OTHER_GUILD })).toEqual({ resumed: 1, ended: 0, dropped: 0 });
    expect(b.runner.running(CHANNEL)).toBeUndefined();
    expect(b.runner.running(OTHER_CHANNEL)).toMatchObject({ sessionId: 'shard1quiz' });
    expect(await click(b.runner, q1, BOB, 1)).toEqual({ kind: 'unknown' });

    await w.scheduler.runAll();
    expect(b.ports.events.filter((e) => e.channelId !== OTHER_CHANNEL)).toEqual([]);
    expect(a.ports.events.filter((e) => e.type === 'notice')).toEqual([]);
    expect(a.ports.questions(CHANNEL)).toHaveLength(2);
    expect(a.ports.standings(CHANNEL)).toMatchObject([{ reason: 'completed', standings: [{ userId: ALICE, points: 150 }] }]);
    expect(b.ports.standings(OTHER_CHANNEL)).toHaveLength(1);
    expect(await w.store.scores.stats(ALICE, { guildId: GUILD }, 'all-time')).toMatchObject({ points: 150, answered: 1, gamesPlayed: 1 });
    expect((await w.store.sessions.get(THIRD_CHANNEL))?.state).toEqual({ version: 99 });
  });
});

describe('quiz runner: a finished quiz the store could not complete', () => {
  it('given a round the store refused, the next /quiz start in that channel commits it first, or is refused while the store still fails', async () => {
    const { store, control } = lossyStore(w.store);
    const first = createRunner(w, { store });
    const lost = await start(first.runner, 1);
    const q1 = await nextQuestion(first.ports);
    await click(first.runner, q1, ALICE, 1); // 150
    control.failCommit = 2;
    await w.scheduler.runAll();
    const standings = first.ports.standings()[0];
    if (!standings) throw new Error('no standings');
    expect(standings).toMatchObject({ reason: 'store', scoresSaved: false });
    // Honest: it says the scores were not saved, and does not claim they were.
    const text = renderStandings(standings).embeds?.[0]?.description ?? '';
    expect(text).toMatch(/^Ended early after 1 of 1 question: the scores from the last question could not be saved, so the quiz stopped\./);
    expect(text).toContain('Not every score from this game could be saved');
    expect(text).not.toContain('Scores are saved');
    expect((await points(ALICE)) ?? 0).toBe(0);

    control.failCommit = 1;
    expect(await first.runner.start({ guildId: GUILD, channelId: CHANNEL, hostId: HOST, options: quizOptions({ rounds: 1 }) })).toEqual({
      ok: false,
      reason: 'error',
    });
    expect(await savedState()).toMatchObject({ id: lost.sessionId, phase: 'finished' });
    expect(first.ports.events.filter((e) => e.type === 'intro')).toHaveLength(1);

    const next = await start(first.runner, 1);
    expect(next.sessionId).not.toBe(lost.sessionId);
    expect(await w.store.scores.stats(ALICE, { guildId: GUILD }, 'all-time')).toMatchObject({ points: 150, answered: 1, gamesPlayed: 1 });
    await w.scheduler.runAll();
    expect(await w.store.sessions.get(CHANNEL)).toBeUndefined();
    const later = createRunner(w, { store, idPrefix: 'z' });
    expect(await later.runner.resume()).toEqual({ resumed: 0, ended: 0, dropped: 0 });
    expect(await w.store.scores.stats(ALICE, { guildId: GUILD }, 'all-time')).toMatchObject({ points: 150, answered: 1, gamesPlayed: 1 });
  });
});

describe('quiz runner: large games', () => {
  it("given 2,000 players answering a round, every answer is in the store's log and a restarted bot finishes the game with every score", async () => {
    const players = Array.from({ length: 2_000 }, (_, i) => String(1_400_000_000_000_000_000n + BigInt(i)));
    const first = createRunner(w);
    await start(first.runner, 2);
    const q1 = await nextQuestion(first.ports);
    await at(q1.askedAt + 1_000);
    for (const [i, userId] of players.entries()) {
      expect((await first.runner.answerButton(q1.options[i % 2]!.customId, { userId, guildId: GUILD, channelId: CHANNEL })).kind).toBe('locked');
    }
    await at(q1.closesAt);
    const q2 = await nextQuestion(first.ports);
    await at(q2.askedAt + 2_000);
    for (const userId of players) {
      expect((await first.runner.answerButton(q2.options[1]!.customId, { userId, guildId: GUILD, channelId: CHANNEL })).kind).toBe('locked');
    }
    await first.runner.shutdown();
    expect(w.logger.at('error')).toEqual([]);
    const saved = await savedState();
    expect(saved).toMatchObject({ phase: 'asking', round: 1, answers: {} });
    expect(Object.keys(saved.players)).toHaveLength(2_000);
    // Round 2's answers are in the log, from the number the state names; round 1's were dropped.
    const log = (await w.store.sessions.answers(CHANNEL, saved.answerSeq)) as { round: number; answers: unknown[] }[];
    expect(log.every((b) => b.round === 1)).toBe(true);
    expect(log.reduce((n, b) => n + b.answers.length, 0)).toBe(2_000);
    expect(await w.store.sessions.answers(CHANNEL, 0)).toHaveLength(saved.answerSeq === 0 ? log.length : 0);

    const second = createRunner(w, { idPrefix: 'b' });
    expect(await second.runner.resume()).toEqual({ resumed: 1, ended: 0, dropped: 0 });
    await w.scheduler.runAll();
    const final = second.ports.standings()[0];
    expect(final).toMatchObject({ reason: 'completed', roundsPlayed: 2 });
    expect(final?.standings).toHaveLength(2_000);
    // Odd players were right twice (easy 150, then medium 150 + a streak bonus), even players once.
    expect(final?.standings.filter((s) => s.correct === 2)).toHaveLength(1_000);
    for (const userId of [players[0]!, players[1]!, players[1_998]!, players[1_999]!]) {
      const standing = final?.standings.find((s) => s.userId === userId);
      expect(await points(userId)).toBe(standing?.points);
    }
    expect(w.logger.at('error')).toEqual([]);
  });
});

describe('quiz runner: a state the store refuses', () => {
  it('given the store refuses to save a state, the error names its size and the limit', async () => {
    const refused: unknown[] = [];
    const refusing: QuizRunnerDeps['store'] = {
      scores: w.store.scores,
      sessions: sessionsVia(w.store.sessions, {
        put: async (_channelId, _guildId, state) => {
          refused.push(state);
          throw new Error('too large');
        },
      }),
    };
    const { runner } = createRunner(w, { store: refusing });
    await start(runner, 1);
    await runner.idle();
    const logged = w.logger.at('error').filter((e) => e.msg === 'quiz: could not save the session state');
    expect(refused.length).toBeGreaterThan(0);
    expect(logged.map((e) => e.obj)).toMatchObject(
      refused.map(() => ({ sessionId: runner.running(CHANNEL)?.sessionId, maxBytes: MAX_SESSION_STATE_BYTES })),
    );
    expect(logged.map((e) => (e.obj as { bytes?: unknown }).bytes)).toEqual(refused.map((state) => Buffer.byteLength(JSON.stringify(state))));
    await runner.shutdown();
  });
});

describe('quiz runner: the posted question is saved before its round runs on', () => {
  it('given the save of a posted question is slow, the close timer waits for it while clicks are decided at once', async () => {
    let release: (() => void) | undefined;
    const held: QuizRunnerDeps['store'] = {
      scores: w.store.scores,
      sessions: sessionsVia(w.store.sessions, {
        put: async (channelId, guildId, state) => {
          const s = state as SessionState;
          if (s.phase === 'asking' && s.questionMessageId !== null && release === undefined) {
            await new Promise<void>((resolve) => {
              release = resolve;
            });
          }
          await w.store.sessions.put(channelId, guildId, state);
        },
      }),
    };
    const { runner, ports } = createRunner(w, { store: held });
    await start(runner, 1);
    const intro = w.scheduler.advance(TIMINGS.introMs);
    for (let turns = 0; release === undefined; turns++) {
      if (turns > 20) throw new Error('the question was never saved');
      await w.scheduler.settle();
    }
    const q1 = ports.lastQuestion();
    expect(await savedState()).toMatchObject({ phase: 'asking', questionMessageId: null });
    expect(w.scheduler.pending()).toBe(0);
    expect((await click(runner, q1, ALICE, 1)).kind).toBe('locked');

    release();
    await intro;
    expect(await savedState()).toMatchObject({ phase: 'asking', questionMessageId: 'ma2' });
    expect(w.scheduler.pending()).toBe(1);
    await w.scheduler.runAll();
    expect(await points(ALICE)).toBe(150);
  });
});

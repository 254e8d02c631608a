/**
 * Restart safety: a runner is shut down (or "crashes": its writes stop reaching the store)
 * mid-quiz, and a new runner over the same store resumes. Scores must equal exactly what the
 * clicks earned: nothing lost, no round counted twice.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
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
  quizOptions,
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
    sessions: {
      put: async (channelId, guildId, state) => {
        if (!control.dropWrites) await base.sessions.put(channelId, guildId, state);
      },
      get: (c) => base.sessions.get(c),
      delete: async (c) => {
        if (!control.dropWrites) await base.sessions.delete(c);
      },
      list: () => base.sessions.list(),
      deleteGuild: (g) => base.sessions.deleteGuild(g),
    },
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
    click(first.runner, q1, ALICE, 1); // 150
    await at(q1.askedAt + 5_000);
    click(first.runner, q1, BOB, 1); // 137
    await at(q1.closesAt);
    const q2 = await nextQuestion(first.ports); // medium, B
    click(first.runner, q2, CAROL, 1); // 225
    await at(q2.askedAt + 2_000);
    await first.runner.shutdown();
    expect(w.scheduler.pending()).toBe(0);

    w.clock.advance(3_000); // the bot is down for 3 s
    const second = createRunner(w, { idPrefix: 'b' });
    expect(await second.runner.resume()).toEqual({ resumed: 1, ended: 0, dropped: 0 });
    expect(second.ports.events[0]).toMatchObject({ type: 'notice', view: { kind: 'resumed' } });
    expect(second.runner.running(CHANNEL)).toMatchObject({ phase: 'asking', number: 2, total: 4 });

    // The question message from before the restart still works, and the answers given before it still count.
    expect(click(second.runner, q2, CAROL, 0)).toEqual({ kind: 'already-answered', option: 1, label: 'B' });
    await at(q2.askedAt + 10_000);
    expect(click(second.runner, q2, ALICE, 1).kind).toBe('locked'); // 150 + 37 + 15
    expect(click(second.runner, q1, BOB, 1)).toEqual({ kind: 'closed' });
    await at(q2.closesAt);
    expect(second.ports.reveals()[0]).toMatchObject({ number: 2, answered: 2 });

    const q3 = await nextQuestion(second.ports); // hard, A
    click(second.runner, q3, ALICE, 0); // 200 + 100 + 40
    await at(q3.closesAt);
    const q4 = await nextQuestion(second.ports); // true/false, True
    click(second.runner, q4, BOB, 0); // 150, streak reset by the silent round 2
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
    click(first.runner, q1, ALICE, 1); // 150
    click(first.runner, q1, BOB, 2); // wrong
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
    click(second.runner, q2, ALICE, 1); // 150 + 75 + 15
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
    click(first.runner, q1, ALICE, 1);
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
    click(first.runner, q1, ALICE, 1);
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
    click(first.runner, q1, ALICE, 1);
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
    click(first.runner, q1, ALICE, 1);
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
    click(first.runner, q1, ALICE, 1);
    control.failCommit = 2; // the close and the retry while ending both fail
    await w.scheduler.runAll();
    expect(first.ports.standings()[0]).toMatchObject({ reason: 'error', roundsPlayed: 1 });
    expect(first.runner.running(CHANNEL)).toBeUndefined();
    expect((await points(ALICE)) ?? 0).toBe(0); // the game may be counted; the round is not
    expect(await savedState()).toMatchObject({ phase: 'finished', endedReason: 'error' });

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
    expect(click(runner, q1, ALICE, 1).kind).toBe('locked');
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
    expect(click(second.runner, q1, ALICE, 1)).toEqual({ kind: 'unknown' });
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
      click(first.runner, q1, ALICE, 1); // 150
      await w.scheduler.advance(5_000);
      click(first.runner, q1, BOB, 1); // 137
      await first.runner.shutdown();
      await disk1.close();

      const disk2 = await openStore(url, { logger: w.logger, clock: w.clock });
      await disk2.recover();
      const world2: World = { ...w, store: disk2 };
      const second = createRunner(world2, { idPrefix: 'b' });
      expect(await second.runner.resume()).toEqual({ resumed: 1, ended: 0, dropped: 0 });
      await w.scheduler.advance(q1.closesAt - w.clock.now());
      const q2 = await nextQuestion(second.ports);
      click(second.runner, q2, BOB, 1); // 150 + 75 + 15
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

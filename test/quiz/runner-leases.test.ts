/**
 * Issue 11: each quiz has exactly one owning process. Two runners with different owners on one
 * store stand for two processes (two shards' processes during a rolling restart, or a process and
 * the one that replaces it after a crash): the one holding a channel's lease runs its quiz, the
 * other leaves it alone until the lease is given back or lapses, and then takes it over from its
 * saved state with no answer lost and no round counted twice.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QuestionView, QuizRunner } from '../../src/quiz/runner.js';
import { ALICE, BOB, CHANNEL, click, createRunner, createWorld, GUILD, HOST, quizOptions, TIMINGS, type RecordingPorts, type World } from './fixtures/harness.js';

let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(async () => {
  await w.store.close();
});

async function start(runner: QuizRunner, rounds = 3) {
  const result = await runner.start({ guildId: GUILD, channelId: CHANNEL, hostId: HOST, options: quizOptions({ rounds }) });
  if (!result.ok) throw new Error(`start failed: ${result.reason}`);
  return result;
}

async function nextQuestion(ports: RecordingPorts): Promise<QuestionView> {
  const before = ports.questions().length;
  await w.scheduler.advance(w.scheduler.nextDueIn() ?? 0);
  if (ports.questions().length !== before + 1) throw new Error('no new question was posted');
  return ports.lastQuestion();
}

describe('quiz runner: one owner per quiz', () => {
  it('given a quiz running in process A, process B neither resumes it nor starts another there, and B says so in its log', async () => {
    const a = createRunner(w, { owner: 'process-a', idPrefix: 'a' });
    const b = createRunner(w, { owner: 'process-b', idPrefix: 'b' });
    const started = await start(a.runner);
    expect(await w.store.leases.holder(CHANNEL)).toMatchObject({ owner: 'process-a' });
    expect(await b.runner.resume()).toEqual({ resumed: 0, ended: 0, dropped: 0 });
    expect(b.runner.running(CHANNEL)).toBeUndefined();
    expect(w.logger.at('info').some((e) => e.msg === 'quiz: left the saved quizzes another process runs (their leases are held)')).toBe(true);
    expect(await b.runner.start({ guildId: GUILD, channelId: CHANNEL, hostId: BOB, options: quizOptions() })).toMatchObject({
      ok: false,
      reason: 'already-running',
      sessionId: started.sessionId,
    });
    expect(b.ports.events).toEqual([]);
  });

  it('given process A stops (a rolling restart), its leases go back with it and B takes the quiz over at once, with the answers A saved', async () => {
    const a = createRunner(w, { owner: 'process-a', idPrefix: 'a' });
    await start(a.runner, 2);
    const q1 = await nextQuestion(a.ports);
    expect((await click(a.runner, q1, ALICE, 1)).kind).toBe('locked');
    await a.runner.shutdown();
    expect(await w.store.leases.holder(CHANNEL)).toBeUndefined();

    const b = createRunner(w, { owner: 'process-b', idPrefix: 'b' });
    expect(await b.runner.resume()).toEqual({ resumed: 1, ended: 0, dropped: 0 });
    expect(await w.store.leases.holder(CHANNEL)).toMatchObject({ owner: 'process-b' });
    await w.scheduler.runAll();
    expect(b.ports.reveals()[0]).toMatchObject({ number: 1, answered: 1, winners: [{ userId: ALICE }] });
    expect(b.ports.standings()[0]).toMatchObject({ reason: 'completed', roundsPlayed: 2 });
    // Ended: the lease is given back.
    expect(await w.store.leases.holder(CHANNEL)).toBeUndefined();
    expect((await w.store.scores.stats(ALICE, { guildId: GUILD }, 'all-time'))?.answered).toBe(1);
  });

  it('given process A dies mid-question, B takes over only once its lease has lapsed; A, come back from a stall, lets the quiz go without a word', async () => {
    const a = createRunner(w, { owner: 'process-a', idPrefix: 'a' });
    await start(a.runner, 2);
    const q1 = await nextQuestion(a.ports);
    expect((await click(a.runner, q1, ALICE, 1)).kind).toBe('locked');
    const b = createRunner(w, { owner: 'process-b', idPrefix: 'b' });

    // A's last renewal; then it is stalled (a long pause, a dead machine): it renews nothing more.
    await a.renewLeases();
    w.clock.advance(TIMINGS.leaseMs - 1);
    expect((await b.runner.resume()).resumed).toBe(0);
    w.clock.advance(1);
    expect((await b.runner.resume()).resumed).toBe(1);
    expect(await w.store.leases.holder(CHANNEL)).toMatchObject({ owner: 'process-b' });

    // A wakes up: its next renewal finds the lease gone and lets the quiz go, posting nothing more.
    const posted = a.ports.events.length;
    await a.renewLeases();
    expect(a.runner.running(CHANNEL)).toBeUndefined();
    expect(w.logger.at('warn').some((e) => e.msg === 'quiz: another process took this quiz over; letting it go here')).toBe(true);

    await w.scheduler.runAll();
    expect(a.ports.events.length).toBe(posted);
    // B revealed the question with A's saved answer and finished the quiz: the round counted once.
    expect(b.ports.reveals()[0]).toMatchObject({ number: 1, answered: 1 });
    expect(b.ports.standings()[0]).toMatchObject({ reason: 'completed', roundsPlayed: 2 });
    expect((await w.store.scores.stats(ALICE, { guildId: GUILD }, 'all-time'))?.answered).toBe(1);
  });

  it("given A stalled past its lease while B took the quiz over, A's next step (its question timer) finds out first and posts nothing", async () => {
    const a = createRunner(w, { owner: 'process-a', idPrefix: 'a' });
    await start(a.runner, 2);
    const q1 = await nextQuestion(a.ports);
    expect((await click(a.runner, q1, ALICE, 1)).kind).toBe('locked');
    await a.renewLeases();
    w.clock.advance(TIMINGS.leaseMs);
    const b = createRunner(w, { owner: 'process-b', idPrefix: 'b' });
    expect((await b.runner.resume()).resumed).toBe(1);
    const posted = a.ports.events.length;
    // A's timers run (its question closes) before any renewal of its own.
    await w.scheduler.runAll();
    expect(a.ports.events.length).toBe(posted);
    expect(a.ports.reveals()).toEqual([]);
    expect(b.ports.reveals()[0]).toMatchObject({ number: 1, answered: 1 });
    expect((await w.store.scores.stats(ALICE, { guildId: GUILD }, 'all-time'))?.answered).toBe(1);
  });

  it('given A renewing its lease while its quiz runs (a paused quiz waits for minutes), B never takes it over', async () => {
    const a = createRunner(w, { owner: 'process-a', idPrefix: 'a' });
    const b = createRunner(w, { owner: 'process-b', idPrefix: 'b' });
    await start(a.runner, 2);
    await nextQuestion(a.ports);
    expect(await a.runner.pauseQuiz({ guildId: GUILD, channelId: CHANNEL, userId: HOST, canManage: false })).toBe('paused');
    for (let waited = 0; waited < 10 * 60_000; waited += TIMINGS.leaseMs / 4) {
      w.clock.advance(TIMINGS.leaseMs / 4);
      await a.renewLeases();
      expect((await b.runner.resume()).resumed).toBe(0);
    }
    expect(a.runner.running(CHANNEL)).toMatchObject({ phase: 'asking' });
    expect(await w.store.leases.holder(CHANNEL)).toMatchObject({ owner: 'process-a' });
  });
});

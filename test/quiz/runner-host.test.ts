/**
 * The host's controls in the runner: skip, pause and resume, and `pace: manual` with its Next
 * question button and 15-minute limit, each surviving a restart.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { quizNextButtonId, type QuestionView, type QuizRunner } from '../../src/quiz/runner.js';
import { HOST_WAIT_MS } from '../../src/quiz/session.js';
import { ALICE, BOB, CHANNEL, click, createRunner, createWorld, GUILD, HOST, OTHER_GUILD, quizOptions, TIMINGS, type RecordingPorts, type World } from './fixtures/harness.js';

let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(async () => {
  await w.store.close();
});

const host = { guildId: GUILD, channelId: CHANNEL, userId: HOST, canManage: true };
const who = (userId: string, canManage = false) => ({ userId, guildId: GUILD, channelId: CHANNEL, canManage });

async function startQuiz(runner: QuizRunner, rounds = 2, pace: 'auto' | 'manual' = 'auto') {
  const result = await runner.start({ guildId: GUILD, channelId: CHANNEL, hostId: HOST, options: { ...quizOptions({ rounds }), pace } });
  if (!result.ok) throw new Error(`start failed: ${result.reason}`);
  return result;
}

async function nextQuestion(ports: RecordingPorts): Promise<QuestionView> {
  const before = ports.questions().length;
  await w.scheduler.advance(w.scheduler.nextDueIn() ?? 0);
  if (ports.questions().length !== before + 1) throw new Error('no new question was posted');
  return ports.lastQuestion();
}

const at = (t: number) => w.scheduler.advance(t - w.clock.now());

describe('quiz runner: pause and resume', () => {
  it('given a pause mid-question, the countdown stands still, clicks are refused, and after resume the question gets back the time it had left; the pause is not answering time', async () => {
    const { runner, ports } = createRunner(w);
    await startQuiz(runner, 1);
    const q = await nextQuestion(ports); // easy, 20 s
    await at(q.askedAt + 5_000);
    expect((await click(runner, q, ALICE, 1)).kind).toBe('locked'); // 5 s in
    await at(q.askedAt + 8_000);
    expect(await runner.pauseQuiz(host)).toBe('paused');
    expect(await runner.pauseQuiz(host)).toBe('already-paused');
    const edit = ports.events.filter((e) => e.type === 'edit').at(-1);
    expect(edit?.view).toMatchObject({ paused: { remainingMs: 12_000 } });
    await at(q.askedAt + 60_000);
    expect(ports.reveals()).toHaveLength(0);
    expect(await click(runner, q, BOB, 1)).toEqual({ kind: 'paused' });
    expect(await runner.resumeQuiz(host)).toBe('resumed');
    expect(await runner.resumeQuiz(host)).toBe('not-paused');
    const resumedAt = w.clock.now();
    expect(ports.events.filter((e) => e.type === 'edit').at(-1)?.view).toMatchObject({ paused: null, closesAt: resumedAt + 12_000 });
    await at(resumedAt + 2_000);
    expect((await click(runner, q, BOB, 1)).kind).toBe('locked'); // 8 + 2 = 10 s of answering time
    await at(resumedAt + 11_999);
    expect(ports.reveals()).toHaveLength(0);
    await at(resumedAt + 12_000);
    const reveal = ports.reveals()[0];
    // Easy: 100 base + floor(50 × time left / 20 s): Alice 5 s in (+37), Bob 10 s in (+25), not 62 s in.
    expect(reveal?.winners.map((x) => [x.userId, x.points, x.elapsedMs])).toEqual([
      [ALICE, 137, 5_000],
      [BOB, 125, 10_000],
    ]);
  });

  it('given a pause between questions, the next question waits for resume', async () => {
    const { runner, ports } = createRunner(w);
    await startQuiz(runner, 2);
    const q1 = await nextQuestion(ports);
    await at(q1.closesAt);
    expect(await runner.pauseQuiz(host)).toBe('paused');
    await w.scheduler.advance(10 * 60_000);
    expect(ports.questions()).toHaveLength(1);
    expect(await runner.skip(host)).toBe('is-paused');
    expect(await runner.resumeQuiz(host)).toBe('resumed');
    await w.scheduler.advance(TIMINGS.revealPauseMs);
    expect(ports.questions()).toHaveLength(2);
  });

  it('given a restart while paused, the quiz resumes paused, with the time that was left, until the host resumes it', async () => {
    const first = createRunner(w);
    await startQuiz(first.runner, 1);
    const q = await nextQuestion(first.ports);
    await at(q.askedAt + 4_000);
    expect(await first.runner.pauseQuiz(host)).toBe('paused');
    await first.runner.shutdown();
    w.clock.advance(60_000);
    const second = createRunner(w, { idPrefix: 'b' });
    expect(await second.runner.resume()).toEqual({ resumed: 1, ended: 0, dropped: 0 });
    expect(second.ports.events.find((e) => e.type === 'notice')?.view).toMatchObject({ paused: true });
    await w.scheduler.advance(5 * 60_000);
    expect(second.ports.reveals()).toHaveLength(0);
    expect(await second.runner.resumeQuiz(host)).toBe('resumed');
    const resumedAt = w.clock.now();
    await w.scheduler.advance(16_000);
    expect(second.ports.reveals()).toHaveLength(1);
    expect(w.clock.now()).toBe(resumedAt + 16_000);
  });

  it('given anyone but the host, the quiz role or Manage Server, or another server, the controls are refused', async () => {
    const { runner, ports } = createRunner(w);
    await startQuiz(runner, 1);
    await nextQuestion(ports);
    expect(await runner.pauseQuiz({ ...host, userId: BOB, canManage: false })).toBe('forbidden');
    expect(await runner.skip({ ...host, userId: BOB, canManage: false })).toBe('forbidden');
    expect(await runner.resumeQuiz({ ...host, guildId: OTHER_GUILD })).toBe('not-running');
    expect(await runner.pauseQuiz({ ...host, userId: BOB, canManage: true })).toBe('paused');
  });
});

describe('quiz runner: skip', () => {
  it('given a skip mid-question, the answer is revealed at once and the quiz goes on after the pause', async () => {
    const { runner, ports } = createRunner(w);
    await startQuiz(runner, 2);
    const q1 = await nextQuestion(ports);
    await at(q1.askedAt + 3_000);
    expect((await click(runner, q1, ALICE, 1)).kind).toBe('locked');
    expect(await runner.skip(host)).toBe('skipped-question');
    expect(ports.reveals()[0]).toMatchObject({ answered: 1, winners: [{ userId: ALICE }] });
    expect(await runner.skip(host)).toBe('skipped-pause');
    await runner.idle();
    expect(ports.questions()).toHaveLength(2);
  });
});

describe('quiz runner: pace manual', () => {
  it('given a manual quiz, each reveal but the last waits for the Next question button, which only the host side may press, once', async () => {
    const { runner, ports } = createRunner(w);
    const started = await startQuiz(runner, 2, 'manual');
    const q1 = await nextQuestion(ports);
    await at(q1.closesAt);
    const reveal = ports.reveals()[0];
    expect(reveal?.next).toEqual({ customId: quizNextButtonId(started.sessionId, 0) });
    await w.scheduler.advance(10 * 60_000);
    expect(ports.questions()).toHaveLength(1);
    const id = reveal?.next?.customId ?? '';
    expect(await runner.nextButton(id, who(BOB))).toBe('forbidden');
    expect(await runner.nextButton(id, { ...who(HOST), guildId: OTHER_GUILD })).toBe('wrong-guild');
    expect(await runner.nextButton(`quiznext:${started.sessionId}:7`, who(HOST))).toBe('not-waiting');
    expect(await runner.nextButton('quiznext:nosuchquiz:0', who(HOST))).toBe('unknown');
    const [a, b] = await Promise.all([runner.nextButton(id, who(HOST)), runner.nextButton(id, who(ALICE, true))]);
    expect([a, b].sort()).toEqual(['next', 'not-waiting']);
    await runner.idle();
    const q2 = ports.lastQuestion();
    expect(q2.number).toBe(2);
    await at(q2.closesAt);
    // The last reveal has no Next button: the standings follow by themselves.
    expect(ports.reveals()[1]?.next).toBeNull();
    await w.scheduler.advance(TIMINGS.revealPauseMs);
    expect(ports.standings()[0]).toMatchObject({ reason: 'completed', roundsPlayed: 2 });
    expect(await runner.nextButton(id, who(HOST))).toBe('finished');
  });

  it('given nobody presses Next question for 15 minutes, the quiz ends (abandoned) and the channel is free', async () => {
    const { runner, ports } = createRunner(w);
    await startQuiz(runner, 3, 'manual');
    const q1 = await nextQuestion(ports);
    await at(q1.closesAt);
    await w.scheduler.advance(HOST_WAIT_MS - 1);
    expect(runner.running(CHANNEL)).toBeDefined();
    await w.scheduler.advance(1);
    expect(ports.standings()[0]).toMatchObject({ reason: 'abandoned', roundsPlayed: 1 });
    expect(runner.running(CHANNEL)).toBeUndefined();
  });

  it('given a restart while waiting for the host, the reveal comes back with its button and the 15 minutes count from the reveal', async () => {
    const first = createRunner(w);
    const started = await startQuiz(first.runner, 2, 'manual');
    const q1 = await nextQuestion(first.ports);
    await at(q1.closesAt);
    const revealedAt = w.clock.now();
    await first.runner.shutdown();
    w.clock.advance(5 * 60_000);
    const second = createRunner(w, { idPrefix: 'b' });
    await second.runner.resume();
    expect(second.ports.reveals()[0]?.next).toEqual({ customId: quizNextButtonId(started.sessionId, 0) });
    await w.scheduler.advance(revealedAt + HOST_WAIT_MS - 1 - w.clock.now());
    expect(second.runner.running(CHANNEL)).toBeDefined();
    expect(await second.runner.nextButton(quizNextButtonId(started.sessionId, 0), who(HOST))).toBe('next');
    await second.runner.idle();
    expect(second.ports.lastQuestion().number).toBe(2);
  });
});

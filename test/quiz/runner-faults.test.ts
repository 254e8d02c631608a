/**
 * Discord failing for a moment does not end a quiz: transient failures (5xx, dropped
 * connections, rate limits) are retried with backoff within the step's time; only what will not
 * work again (a missing permission, a deleted message) ends it, saying so. A question that
 * reaches the channel late gets its whole window from then. Another server cannot stop a quiz.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderStandings } from '../../src/discord/quiz-view.js';
import { PORT_RETRY_LIMITS, type QuestionView, type QuizRunner } from '../../src/quiz/runner.js';
import { ALICE, CHANNEL, click, createRunner, createWorld, GUILD, HOST, OTHER_GUILD, quizOptions, TIMINGS, type RecordingPorts, type World } from './fixtures/harness.js';

let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(async () => {
  await w.store.close();
});

async function startQuiz(runner: QuizRunner, rounds = 2) {
  const result = await runner.start({ guildId: GUILD, channelId: CHANNEL, hostId: HOST, options: quizOptions({ rounds }) });
  if (!result.ok) throw new Error(`start failed: ${result.reason}`);
  return result;
}

/** Runs timers until a new question is posted (retries included). */
async function nextQuestion(ports: RecordingPorts): Promise<QuestionView> {
  const before = ports.questions().length;
  for (let i = 0; i < 50 && ports.questions().length === before; i++) await w.scheduler.advance(w.scheduler.nextDueIn() ?? 0);
  if (ports.questions().length === before) throw new Error('no new question was posted');
  return ports.lastQuestion();
}

const attempts = (ports: RecordingPorts, what: string) => ports.calls.filter((c) => c.what === what).map((c) => c.ok);

describe('quiz runner: transient Discord failures are retried', () => {
  it('given the question post fails three times (a 502), it is retried with backoff and the quiz goes on with one warning', async () => {
    const { runner, ports } = createRunner(w);
    await startQuiz(runner);
    ports.flaky.set('question', 3);
    const q = await nextQuestion(ports);
    expect(attempts(ports, 'question')).toEqual([false, false, false, true]);
    expect(w.logger.at('warn').filter((e) => e.msg === 'quiz: Discord failed for a moment; trying again')).toHaveLength(1);
    expect((await click(runner, q, ALICE, 1)).kind).toBe('locked');
    await w.scheduler.runAll();
    expect(ports.standings()[0]).toMatchObject({ reason: 'completed', scoresSaved: true });
  });

  it('given a question that reached the channel late, its window starts when it was posted and the countdown on screen is corrected', async () => {
    const { runner, ports } = createRunner(w);
    await startQuiz(runner, 1);
    ports.flaky.set('question', 3); // waits of 250 + 500 + 1,000 ms
    const q = await nextQuestion(ports);
    const postedAt = w.clock.now();
    const edit = ports.events.find((e) => e.type === 'edit');
    expect(edit?.view).toMatchObject({ round: 0, askedAt: postedAt, closesAt: postedAt + 20_000 });
    expect(q.closesAt).toBeLessThan(postedAt + 20_000);
    // At the first countdown's end the question is still open: the window runs from the post.
    await w.scheduler.advance(q.closesAt - w.clock.now());
    expect((await click(runner, q, ALICE, 1)).kind).toBe('locked');
    expect(ports.reveals()).toHaveLength(0);
    await w.scheduler.advance(postedAt + 20_000 - w.clock.now());
    expect(ports.reveals()[0]).toMatchObject({ answered: 1, winners: [{ userId: ALICE }] });
  });

  it('given the reveal edit fails twice, it is retried and the quiz carries on', async () => {
    const { runner, ports } = createRunner(w);
    await startQuiz(runner);
    const q = await nextQuestion(ports);
    ports.flaky.set('reveal', 2);
    await w.scheduler.advance(q.closesAt - w.clock.now());
    await w.scheduler.advance(2_000);
    expect(attempts(ports, 'reveal')).toEqual([false, false, true]);
    expect(runner.running(CHANNEL)).toBeDefined();
    await w.scheduler.runAll();
    expect(ports.standings()[0]).toMatchObject({ reason: 'completed', roundsPlayed: 2 });
  });

  it('given the reveal keeps failing past its retry limit, the quiz ends saying Discord refused its messages, and the standings still go out', async () => {
    const { runner, ports } = createRunner(w);
    await startQuiz(runner);
    const q = await nextQuestion(ports);
    expect((await click(runner, q, ALICE, 1)).kind).toBe('locked');
    ports.flaky.set('reveal', 1_000);
    await w.scheduler.runAll();
    const tries = attempts(ports, 'reveal');
    expect(tries.length).toBeGreaterThan(3);
    expect(tries.every((ok) => !ok)).toBe(true);
    const standings = ports.standings()[0];
    expect(standings).toMatchObject({ reason: 'channel', roundsPlayed: 1, scoresSaved: true });
    expect(renderStandings(standings!).embeds?.[0]?.description).toMatch(/^Ended early after 1 of 2 questions: Discord refused my messages here/);
    // The round that was answered counts.
    expect((await w.store.scores.stats(ALICE, { guildId: GUILD }, 'all-time'))?.points).toBeGreaterThan(0);
    expect(w.clock.now() - q.closesAt).toBeLessThan(PORT_RETRY_LIMITS.revealMs + 10_000);
  });

  it('given the standings post fails twice, it is retried and posted', async () => {
    const { runner, ports } = createRunner(w);
    await startQuiz(runner, 1);
    await nextQuestion(ports);
    ports.flaky.set('standings', 2);
    await w.scheduler.runAll();
    expect(attempts(ports, 'standings')).toEqual([false, false, true]);
    expect(ports.standings()).toHaveLength(1);
  });

  it('given a permanent refusal (a 403), nothing is retried', async () => {
    const { runner, ports } = createRunner(w);
    await startQuiz(runner);
    ports.failing.add('question');
    await w.scheduler.runAll();
    expect(attempts(ports, 'question')).toEqual([false]);
    expect(ports.standings()[0]).toMatchObject({ reason: 'channel', roundsPlayed: 0 });
  });

  it('given the intro posted after two retries, the first question still comes when the intro says, not an intro pause after the post', async () => {
    const { runner, ports } = createRunner(w);
    ports.flaky.set('intro', 2); // waits of 250 + 500 ms
    const startedAt = w.clock.now();
    const started = runner.start({ guildId: GUILD, channelId: CHANNEL, hostId: HOST, options: quizOptions() });
    await w.scheduler.advance(750);
    expect(await started).toMatchObject({ ok: true });
    expect(attempts(ports, 'intro')).toEqual([false, false, true]);
    const intro = ports.events.find((e) => e.type === 'intro')?.view as { firstQuestionAt: number } | undefined;
    expect(intro?.firstQuestionAt).toBe(startedAt + TIMINGS.introMs);
    const q = await nextQuestion(ports);
    expect(q.askedAt).toBe(startedAt + TIMINGS.introMs);
  });

  it('given the intro keeps failing transiently, /quiz start reports Discord as unavailable (not a permission problem) and nothing stays saved', async () => {
    const { runner, ports } = createRunner(w);
    ports.flaky.set('intro', 1_000);
    const started = runner.start({ guildId: GUILD, channelId: CHANNEL, hostId: HOST, options: quizOptions() });
    await w.scheduler.advance(PORT_RETRY_LIMITS.introMs);
    expect(await started).toEqual({ ok: false, reason: 'discord-unavailable' });
    expect(await w.store.sessions.get(CHANNEL)).toBeUndefined();
    expect(runner.running(CHANNEL)).toBeUndefined();
  });
});

describe('quiz runner: a quiz belongs to its server', () => {
  it("given /quiz stop from another server naming this server's channel, the quiz is not stopped", async () => {
    const { runner, ports } = createRunner(w);
    await startQuiz(runner);
    await nextQuestion(ports);
    expect(await runner.stop({ guildId: OTHER_GUILD, channelId: CHANNEL, userId: ALICE, canManage: true })).toBe('not-running');
    expect(runner.running(CHANNEL)).toMatchObject({ phase: 'asking' });
    expect(await runner.stop({ guildId: GUILD, channelId: CHANNEL, userId: HOST, canManage: false })).toBe('stopped');
  });
});

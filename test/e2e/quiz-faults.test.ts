/**
 * Issue 13, "One transient Discord error ends a quiz", end to end: the real bot against the
 * simulator, with Discord failing for a moment (5xx bursts, dropped connections, a rate limit)
 * on every post and edit a quiz makes, failing for good (a permission removed, the question
 * deleted), and a forged cross-server /quiz stop. Each checks what the channel and the player
 * see, what the operator reads in the log, and that no acknowledged answer is lost.
 *
 * Measured against discord.js here: a 5xx is tried 4 times by discord.js itself (its 3 retries)
 * before the runner sees one failure; a dropped connection ("other side closed") is not retried
 * by discord.js, so each drop is one runner failure. {@link burst} turns runner failures into
 * the simulator's request count.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LATE_POST_MS, PORT_RETRY_LIMITS, RETRY_MAX_WAIT_MS } from '../../src/quiz/ports.js';
import type { SimMessage } from '../sim/index.js';
import { startHarness, type Harness } from './harness.js';
import {
  INTRO_MS,
  REVEAL_PAUSE_MS,
  Tally,
  at,
  click,
  contentOf,
  embedOf,
  ephemeralReply,
  expectReveal,
  leaderboard,
  messageIds,
  overPause,
  publicMessages,
  questionOnScreen,
  savedState,
  standingsText,
  startQuiz,
  startQuizHarness,
  time,
  titleOf,
  toReveal,
  waitForTitle,
} from './quiz-helpers.js';

type Fault = 500 | 'drop';

/** HTTP requests one runner attempt makes against each fault (see the header). */
const HTTP_ATTEMPTS: Readonly<Record<Fault, number>> = { 500: 4, drop: 1 };

/** The simulator's count for `runnerFailures` failed attempts of the runner. */
const burst = (fault: Fault, runnerFailures: number): number => HTTP_ATTEMPTS[fault] * runnerFailures;

/** The runner's waits between tries: 250 ms doubling up to 4 s (ports.ts). */
function retryWaits(failures: number): number {
  let total = 0;
  for (let i = 0; i < failures; i++) total += Math.min(RETRY_MAX_WAIT_MS, 250 * 2 ** i);
  return total;
}

const SAVED = '\n\nScores are saved: see `/quiz leaderboard` and `/quiz stats`.';
const RETRYING = 'quiz: Discord failed for a moment; trying again';
const GENERIC_ERROR = 'Something went wrong';
const messagesPath = (channelId: string): string => `/channels/${channelId}/messages`;
const messagePath = (channelId: string, messageId: string): string => `/channels/${channelId}/messages/${messageId}`;

interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [key: string]: unknown;
}

function logLines(h: Harness, from = 0): LogLine[] {
  return h.logs.slice(from).map((l) => JSON.parse(l) as LogLine);
}

/** The steps the runner logged a first retry for since `from` (one warning per step; later tries are debug). */
function retriedSteps(h: Harness, from: number): unknown[] {
  return logLines(h, from)
    .filter((l) => l.msg === RETRYING)
    .map((l) => {
      expect(l.level).toBe(40);
      expect(l['attempt']).toBe(1);
      return l['step'];
    });
}

function errorLines(h: Harness): LogLine[] {
  return logLines(h).filter((l) => l.level >= 50);
}

const realTime = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Lets the runner's retries happen on the manual clock: until `found()` has a value, steps to
 * the next timer due within a retry's longest wait (the runner is waiting to try again, or a
 * pause ends), or waits a moment of real time (a request is under way). Bounded in both times.
 */
async function driveUntil<T>(h: Harness, found: () => T | undefined, what: string, maxQuizMs = 60_000): Promise<T> {
  const start = time(h).clock.now();
  const giveUp = Date.now() + 10_000;
  for (;;) {
    const value = found();
    if (value !== undefined) return value;
    const { clock, scheduler } = time(h);
    if (Date.now() > giveUp || clock.now() - start > maxQuizMs) {
      throw new Error(`gave up waiting for ${what} after ${clock.now() - start} ms of quiz time`);
    }
    const due = scheduler.nextDueIn();
    if (due !== undefined && due <= RETRY_MAX_WAIT_MS) await scheduler.advance(due);
    else await realTime(5);
  }
}

/** The channel's public message with that title (edits count), leaving out `earlier` ones. */
function titled(h: Harness, channelId: string, title: string, earlier: ReadonlySet<string> = new Set()): SimMessage | undefined {
  return publicMessages(h, channelId).find((m) => !earlier.has(m.id) && titleOf(m) === title);
}

/** The POSTs and PATCHes the bot sent to a channel's messages since request `from`, as `METHOD status`. */
function channelWrites(h: Harness, channelId: string, from: number): string[] {
  return h.sim.requests
    .slice(from)
    .filter((r) => (r.method === 'post' || r.method === 'patch') && r.path.startsWith(messagesPath(channelId)))
    .map((r) => `${r.method.toUpperCase()} ${r.status}`);
}

/** What a player has been shown privately in the channel. */
function privateTexts(h: Harness, channelId: string, user: string): string[] {
  return h.sim
    .messages(channelId, { viewer: h.sim.userId(user) })
    .filter((m) => m.ephemeral)
    .map(contentOf);
}

/** Starts a quiz while stepping over the intro's retries; returns the start reply and the clock when it came. */
async function startThroughRetries(h: Harness, channelId: string, user: string, options: Readonly<Record<string, string | number>>): Promise<{ reply: SimMessage; at: number }> {
  const ix = h.sim.command({ channelId, userId: user, name: 'quiz start', options });
  let reply: SimMessage | undefined;
  let failure: unknown;
  ix.waitForReply({ timeoutMs: 15_000 }).then(
    (m) => (reply = m),
    (err: unknown) => (failure = err),
  );
  await driveUntil(h, () => {
    if (failure !== undefined) throw failure;
    return reply;
  }, 'the /quiz start reply');
  expect(ix.ephemeral).toBe(true);
  return { reply: reply as SimMessage, at: time(h).clock.now() };
}

function checkHarness(h: Harness | undefined): void {
  if (!h) return;
  h.sim.assertNoViolations();
  expect(h.sim.messagesAllowingEveryone()).toEqual([]);
  // Discord failing for a moment is a warning, never an error.
  expect(errorLines(h)).toEqual([]);
}

for (const fault of [500, 'drop'] as const) {
  const kind = fault === 500 ? '500s' : 'dropped connections';

  describe(`Discord answering with ${kind} for a moment, at every step of a quiz`, () => {
    let h: Harness;
    let quiz: string;
    let general: string;
    const tally = { current: undefined as Tally | undefined };
    /** When the intro said the first question comes: the intro's pause counts from the start, not from its late post. */
    let firstDueAt = 0;

    beforeAll(async () => {
      h = await startQuizHarness();
      quiz = h.channel('Big City Fans', 'quiz');
      general = h.channel('Big City Fans', 'general');
      tally.current = new Tally(h);
    });
    afterAll(async () => {
      await h?.close();
    });
    afterEach(() => checkHarness(h));

    it(`given ${kind} on the intro post, the intro is retried and the quiz starts (not "missing permission")`, async () => {
      const logFrom = h.logs.length;
      const reqFrom = h.sim.requests.length;
      h.sim.failNext(burst(fault, 2), { fault, method: 'post', path: messagesPath(quiz) });
      const { reply, at: clock } = await startThroughRetries(h, quiz, 'alice', { rounds: 2, seconds: 20 });
      firstDueAt = clock - retryWaits(2) + INTRO_MS;
      expect(contentOf(reply)).toBe('Quiz started: 2 questions. Good luck!');
      // One intro, after two failed tries 250 + 500 ms apart.
      expect(publicMessages(h, quiz).map(titleOf)).toEqual(['Love in the Big City quiz']);
      expect(channelWrites(h, quiz, reqFrom)).toEqual([
        ...Array.from({ length: burst(fault, 2) }, () => `POST ${fault === 500 ? 500 : 0}`),
        'POST 200',
      ]);
      expect(retriedSteps(h, logFrom)).toEqual(['intro']);
      expect((await savedState(h, quiz))?.phase).toBe('intro');
    });

    it(`given ${kind} on the first question's post for 1.75 s, it is posted once, its window starts when it appeared and the countdown is corrected`, async () => {
      const logFrom = h.logs.length;
      const reqFrom = h.sim.requests.length;
      h.sim.failNext(burst(fault, 3), { fault, method: 'post', path: messagesPath(quiz) });
      const posted = await driveUntil(h, () => titled(h, quiz, 'Question 1 of 2'), 'question 1');
      const late = retryWaits(3);
      expect(late).toBeGreaterThan(LATE_POST_MS);
      const state = await savedState(h, quiz);
      // Asked when the intro said; posted 1.75 s later; the 20 s run from then.
      expect(state?.askedAt).toBe(firstDueAt + late);
      expect((state?.closesAt ?? 0) - (state?.askedAt ?? 0)).toBe(20_000);
      const corrected = `<t:${Math.floor((state?.closesAt ?? 0) / 1000)}:R>`;
      const edited = await h.sim.waitForMessage((m) => m.id === posted.id && (embedOf(m).description ?? '').includes(corrected), {
        channelId: quiz,
        description: 'the corrected countdown',
      });
      // As first posted, the countdown still counted from when the question was due.
      expect(edited.history).toHaveLength(1);
      expect(JSON.stringify(edited.history[0])).toContain(`<t:${Math.floor((firstDueAt + 20_000) / 1000)}:R>`);
      expect(publicMessages(h, quiz).filter((m) => titleOf(m) === 'Question 1 of 2')).toHaveLength(1);
      expect(channelWrites(h, quiz, reqFrom).filter((w) => w.endsWith(' 200'))).toEqual(['POST 200', 'PATCH 200']);
      expect(retriedSteps(h, logFrom)).toEqual(['question']);
      const lateLine = logLines(h, logFrom).find((l) => l.msg === 'quiz: question posted late; its window starts now');
      expect(lateLine?.['lateMs']).toBe(late);
      // The question as players see it: open, counting down from when it appeared.
      await questionOnScreen(h, quiz, 1, 2);
    });

    it(`given ${kind} on the reveal edit, the reveal is retried and shows every answer clicked before`, async () => {
      const q1 = await questionOnScreen(h, quiz, 1, 2);
      await at(h, q1, 2_000);
      await click(h, q1.message.id, 'alice', { label: q1.correctLabel });
      await at(h, q1, 3_000);
      await click(h, q1.message.id, 'bob', { label: q1.wrongLabel });
      const logFrom = h.logs.length;
      const reqFrom = h.sim.requests.length;
      h.sim.failNext(burst(fault, 3), { fault, method: 'patch', path: messagePath(quiz, q1.message.id) });
      await time(h).scheduler.advance(q1.closesAt - time(h).clock.now());
      const reveal = await driveUntil(h, () => titled(h, quiz, 'Question 1 of 2: time is up'), 'the reveal of question 1');
      expect(time(h).clock.now() - q1.closesAt).toBe(retryWaits(3));
      expectReveal(h, reveal, q1, tally.current!.round(q1, [
        { user: 'alice', label: q1.correctLabel, elapsedMs: 2_000 },
        { user: 'bob', label: q1.wrongLabel, elapsedMs: 3_000 },
      ]), 2, tally.current!);
      expect(channelWrites(h, quiz, reqFrom)).toEqual([...Array.from({ length: burst(fault, 3) }, () => `PATCH ${fault === 500 ? 500 : 0}`), 'PATCH 200']);
      expect(retriedSteps(h, logFrom)).toEqual(['reveal']);
      expect(logLines(h, logFrom).map((l) => l.msg)).not.toContain('quiz: could not reveal the answer');
    });

    it(`given ${kind} on the second question's post for 250 ms, it is posted once with its countdown as first shown`, async () => {
      const logFrom = h.logs.length;
      const pauseFrom = time(h).clock.now();
      h.sim.failNext(burst(fault, 1), { fault, method: 'post', path: messagesPath(quiz) });
      const posted = await driveUntil(h, () => titled(h, quiz, 'Question 2 of 2'), 'question 2');
      const state = await savedState(h, quiz);
      // Within LATE_POST_MS: the window stays as planned, and the message is not edited.
      expect(state?.askedAt).toBe(pauseFrom + REVEAL_PAUSE_MS);
      expect((state?.closesAt ?? 0) - (state?.askedAt ?? 0)).toBe(20_000);
      await h.bot.ctx.quiz.idle();
      expect(h.sim.message(posted.id)?.history).toEqual([]);
      expect(retriedSteps(h, logFrom)).toEqual(['question']);
      expect(logLines(h, logFrom).map((l) => l.msg)).not.toContain('quiz: question posted late; its window starts now');
    });

    it(`given ${kind} on the last reveal edit for 25 s, the quiz keeps trying (its 30 s) and reveals it, late clicks hearing "time is up"`, async () => {
      const q2 = await questionOnScreen(h, quiz, 2, 2);
      await at(h, q2, 1_000);
      await click(h, q2.message.id, 'alice', { label: q2.correctLabel });
      await at(h, q2, 4_000);
      await click(h, q2.message.id, 'carol', { label: q2.correctLabel });
      const logFrom = h.logs.length;
      const failures = 10;
      expect(retryWaits(failures - 1)).toBeGreaterThan(23_000);
      expect(retryWaits(failures)).toBeLessThan(PORT_RETRY_LIMITS.revealMs);
      h.sim.failNext(burst(fault, failures), { fault, method: 'patch', path: messagePath(quiz, q2.message.id) });
      await time(h).scheduler.advance(q2.closesAt - time(h).clock.now());
      // The buttons are still live on screen meanwhile: a click now is told the time is up.
      expect(await click(h, q2.message.id, 'bob', { label: q2.correctLabel })).toBe('Time is up for that question.');
      const reveal = await driveUntil(h, () => titled(h, quiz, 'Question 2 of 2: time is up'), 'the reveal of question 2');
      expect(time(h).clock.now() - q2.closesAt).toBe(retryWaits(failures));
      expectReveal(h, reveal, q2, tally.current!.round(q2, [
        { user: 'alice', label: q2.correctLabel, elapsedMs: 1_000 },
        { user: 'carol', label: q2.correctLabel, elapsedMs: 4_000 },
      ]), 2, tally.current!);
      expect(retriedSteps(h, logFrom)).toEqual(['reveal']);
    });

    it(`given ${kind} on the standings post, the standings are retried and posted with every point`, async () => {
      const logFrom = h.logs.length;
      const reqFrom = h.sim.requests.length;
      h.sim.failNext(burst(fault, 2), { fault, method: 'post', path: messagesPath(quiz) });
      const standings = await driveUntil(h, () => titled(h, quiz, 'Final standings'), 'the standings');
      expect(embedOf(standings).description).toBe(`Quiz complete: 2 questions played.\n\n${tally.current!.standingsLines().join('\n')}${SAVED}`);
      expect(channelWrites(h, quiz, reqFrom)).toEqual([...Array.from({ length: burst(fault, 2) }, () => `POST ${fault === 500 ? 500 : 0}`), 'POST 200']);
      expect(retriedSteps(h, logFrom)).toEqual(['standings']);
      expect(publicMessages(h, quiz).map(titleOf)).toEqual(['Love in the Big City quiz', 'Question 1 of 2: time is up', 'Question 2 of 2: time is up', 'Final standings']);
      expect(await savedState(h, quiz)).toBeUndefined();
      expect((await leaderboard(h, { channelId: quiz }, 'bob')).lines).toEqual(tally.current!.leaderboardLines());
    });

    it(`given ${kind} on the resume notice after a restart, the notice is retried, the quiz carries on and the answer from before counts`, async () => {
      const round = new Tally(h);
      await startQuiz(h, general, 'bob', { rounds: 1, seconds: 20 });
      await overPause(h, INTRO_MS);
      const q = await questionOnScreen(h, general, 1, 1);
      await at(h, q, 2_000);
      await click(h, q.message.id, 'alice', { label: q.correctLabel });
      const logFrom = h.logs.length;
      const reqFrom = h.sim.requests.length;
      const before = h.scheduler;
      h.sim.failNext(burst(fault, 2), { fault, method: 'post', path: messagesPath(general) });
      const notice = 'Back after a restart: the quiz carries on (question 1 of 1).';
      // The restarted bot posts the notice while starting up: its retries are stepped meanwhile.
      const restarted = h.restart();
      await driveUntil(
        h,
        () => (h.scheduler !== before ? publicMessages(h, general).find((m) => contentOf(m) === notice) : undefined),
        'the resume notice',
      );
      await restarted;
      expect(channelWrites(h, general, reqFrom)).toEqual([...Array.from({ length: burst(fault, 2) }, () => `POST ${fault === 500 ? 500 : 0}`), 'POST 200']);
      expect(retriedSteps(h, logFrom)).toEqual(['notice']);
      await at(h, q, 4_000);
      await click(h, q.message.id, 'carol', { label: q.wrongLabel });
      expectReveal(h, await toReveal(h, general, q), q, round.round(q, [
        { user: 'alice', label: q.correctLabel, elapsedMs: 2_000 },
        { user: 'carol', label: q.wrongLabel, elapsedMs: 4_000 },
      ]), 2, round);
      await overPause(h);
      expect(await standingsText(h, general)).toBe(`Quiz complete: 1 question played.\n\n${round.standingsLines().join('\n')}${SAVED}`);
    });
  });
}

describe('Discord failing for longer than a step allows, or for good', () => {
  let h: Harness;
  let quiz: string;
  let general: string;

  beforeAll(async () => {
    h = await startQuizHarness();
    quiz = h.channel('Big City Fans', 'quiz');
    general = h.channel('Big City Fans', 'general');
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => checkHarness(h));

  for (const fault of [500, 'drop'] as const) {
    it(`given ${fault === 500 ? '500s' : 'dropped connections'} on the intro for longer than its 10 s, /quiz start says Discord is unavailable (not a permission), saves nothing, and works once Discord is back`, async () => {
      const channelId = fault === 500 ? general : quiz;
      const logFrom = h.logs.length;
      const reqFrom = h.sim.requests.length;
      // Tries at 0, 0.25, 0.75, 1.75, 3.75 and 7.75 s; the next would be past 10 s.
      const tries = 6;
      expect(retryWaits(tries - 1)).toBeLessThan(PORT_RETRY_LIMITS.introMs);
      expect(retryWaits(tries)).toBeGreaterThanOrEqual(PORT_RETRY_LIMITS.introMs);
      h.sim.failNext(burst(fault, tries), { fault, method: 'post', path: messagesPath(channelId) });
      const before = time(h).clock.now();
      const { reply } = await startThroughRetries(h, channelId, 'alice', { rounds: 3 });
      expect(contentOf(reply)).toBe("Discord isn't accepting my messages right now, so the quiz didn't start. Please try again in a minute.");
      expect(time(h).clock.now() - before).toBe(retryWaits(tries - 1));
      expect(channelWrites(h, channelId, reqFrom)).toHaveLength(burst(fault, tries));
      expect(publicMessages(h, channelId)).toEqual([]);
      expect(await savedState(h, channelId)).toBeUndefined();
      expect(h.bot.ctx.quiz.running(channelId)).toBeUndefined();
      const gaveUp = logLines(h, logFrom).filter((l) => l.msg === 'quiz: could not post the intro; not starting');
      expect(gaveUp.map((l) => [l.level, l['transient']])).toEqual([[40, true]]);
      expect(retriedSteps(h, logFrom)).toEqual(['intro']);
      // Nothing is left waiting to post later.
      await time(h).scheduler.advance(60_000);
      expect(publicMessages(h, channelId)).toEqual([]);
      // Discord is back: the same command starts the quiz; stopped again for the next test.
      await startQuiz(h, channelId, 'alice', { rounds: 3 });
      expect(await ephemeralReply(h, h.sim.command({ channelId, userId: 'alice', name: 'quiz stop' }), 'alice')).toBe(
        'Quiz stopped. The final standings are posted in the channel.',
      );
    });
  }

  it('given the question message deleted before its reveal, the quiz ends at once (no retry) with standings that keep the answers clicked', async () => {
    const earlier = messageIds(h, quiz);
    const tally = new Tally(h);
    await startQuiz(h, quiz, 'bob', { rounds: 2, seconds: 20 });
    await overPause(h, INTRO_MS);
    const q1 = await questionOnScreen(h, quiz, 1, 2);
    await at(h, q1, 3_000);
    await click(h, q1.message.id, 'carol', { label: q1.correctLabel });
    // A moderator deletes the question (the simulator has no helper for that: the REST call does it).
    const deleted = await fetch(`${h.sim.apiUrl}/v10${messagePath(quiz, q1.message.id)}`, {
      method: 'DELETE',
      headers: { Authorization: `Bot ${h.sim.token}` },
    });
    expect(deleted.status).toBe(204);
    const logFrom = h.logs.length;
    const reqFrom = h.sim.requests.length;
    await time(h).scheduler.advance(q1.closesAt - time(h).clock.now());
    tally.round(q1, [{ user: 'carol', label: q1.correctLabel, elapsedMs: 3_000 }]);
    expect(await standingsText(h, quiz, earlier)).toBe(
      'Ended early after 1 of 2 questions: Discord refused my messages here (was the question deleted, or a permission removed?).\n\n' +
        `${tally.standingsLines().join('\n')}${SAVED}`,
    );
    expect(channelWrites(h, quiz, reqFrom)).toEqual(['PATCH 404', 'POST 200']);
    expect(retriedSteps(h, logFrom)).toEqual([]);
    expect(logLines(h, logFrom).filter((l) => l.msg === 'quiz: could not reveal the answer').map((l) => l.level)).toEqual([40]);
    expect(await savedState(h, quiz)).toBeUndefined();
    expect((await leaderboard(h, { channelId: quiz }, 'carol')).lines).toEqual(tally.leaderboardLines());
  });

  it('given Send Messages taken away during the intro, the question post is refused once (403, no retry) and the quiz ends cleanly with reason "channel"', async () => {
    const earlier = messageIds(h, general);
    await startQuiz(h, general, 'alice', { rounds: 3, seconds: 10 });
    h.sim.setOverwrite(general, { member: '@bot', deny: ['SendMessages'] });
    const logFrom = h.logs.length;
    const reqFrom = h.sim.requests.length;
    await overPause(h, INTRO_MS);
    await h.bot.ctx.quiz.idle();
    // The question and the standings ("Ended early before the first question: Discord refused
    // my messages here …") are each refused once; nothing else is tried.
    expect(channelWrites(h, general, reqFrom)).toEqual(['POST 403', 'POST 403']);
    expect(retriedSteps(h, logFrom)).toEqual([]);
    const warned = logLines(h, logFrom).filter((l) => l.level === 40).map((l) => l.msg);
    expect(warned).toEqual(['quiz: could not post a question; ending the quiz', 'quiz: could not post the standings']);
    const finished = logLines(h, logFrom).find((l) => l.msg === 'quiz: finished');
    expect(finished?.['reason']).toBe('channel');
    expect(publicMessages(h, general).filter((m) => !earlier.has(m.id)).map(titleOf)).toEqual(['Love in the Big City quiz']);
    expect(await savedState(h, general)).toBeUndefined();
    await time(h).scheduler.advance(60_000);
    expect(channelWrites(h, general, reqFrom)).toHaveLength(2);
  });
});

describe('a click whose reply is lost, and a /quiz stop forged from another server', () => {
  let h: Harness;
  let quiz: string;
  const tally = { current: undefined as Tally | undefined };

  beforeAll(async () => {
    h = await startQuizHarness();
    quiz = h.channel('Big City Fans', 'quiz');
    tally.current = new Tally(h);
    await startQuiz(h, quiz, 'alice', { rounds: 1, seconds: 20 });
    await overPause(h, INTRO_MS);
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => checkHarness(h));

  it('given the connection dropped on the answer reply, the player is not told "try again", the log has a warning, and the answer stands', async () => {
    const q = await questionOnScreen(h, quiz, 1, 1);
    await at(h, q, 1_000);
    const logFrom = h.logs.length;
    // One drop is enough: discord.js does not retry a dropped connection itself.
    h.sim.failNext(1, { fault: 'drop', method: 'post', path: /\/interactions\/\d+\/[^/]+\/callback/ });
    const ix = h.sim.click({ messageId: q.message.id, userId: 'alice', label: q.correctLabel });
    await h.sim.waitFor(
      () => logLines(h, logFrom).find((l) => l.msg === 'could not send the answer reply; the click was decided all the same'),
      'the warning about the lost reply',
    );
    const warning = logLines(h, logFrom).find((l) => l.msg === 'could not send the answer reply; the click was decided all the same');
    expect(warning?.level).toBe(40);
    expect(warning?.['interactionId']).toBe(ix.id);
    // Discord itself shows "This interaction failed"; the bot sends nothing after it.
    await expect(ix.response).rejects.toThrow();
    expect(ix.callbacks).toEqual([]);
    expect(privateTexts(h, quiz, 'alice').filter((t) => t.includes(GENERIC_ERROR))).toEqual([]);
    // The answer was recorded: pressing again is answered from it.
    await at(h, q, 1_500);
    expect(await click(h, q.message.id, 'alice', { label: q.wrongLabel })).toBe(
      `You already answered **${q.correctLabel}** to this question. One answer per question.`,
    );
    expect(privateTexts(h, quiz, 'alice').filter((t) => t.includes(GENERIC_ERROR))).toEqual([]);
  });

  it('given /quiz stop from the other server carrying this channel, the answer is "No quiz is running in this channel." and the quiz carries on', async () => {
    const q = await questionOnScreen(h, quiz, 1, 1);
    await at(h, q, 2_000);
    const bob = h.sim.click({ messageId: q.message.id, userId: 'bob', label: q.wrongLabel });
    expect(await ephemeralReply(h, bob, 'bob')).toContain('is locked in');
    // dave owns the other server (Manage Server there) and has never been in this one.
    const fansChannel = bob.payload['channel'] as Record<string, unknown>;
    const other = h.channel('Other Server', 'general');
    const forged = h.sim.command({
      channelId: other,
      userId: 'dave',
      name: 'quiz stop',
      force: true,
      tamper: (p) => {
        p['channel_id'] = quiz;
        p['channel'] = { ...fansChannel, permissions: (p['channel'] as Record<string, unknown>)['permissions'] };
      },
    });
    expect(forged.payload['guild_id']).toBe(h.sim.guild('Other Server').id);
    expect(await ephemeralReply(h, forged, 'dave')).toBe('No quiz is running in this channel.');
    const state = await savedState(h, quiz);
    expect(state?.phase).toBe('asking');
    expect(state?.endedAt ?? null).toBeNull();
    expect(h.bot.ctx.quiz.running(quiz)?.phase).toBe('asking');
    expect(logLines(h).map((l) => l.msg)).not.toContain('quiz: stop requested');
    // The quiz runs to its end with every answer.
    const winners = tally.current!.round(q, [
      { user: 'alice', label: q.correctLabel, elapsedMs: 1_000 },
      { user: 'bob', label: q.wrongLabel, elapsedMs: 2_000 },
    ]);
    expectReveal(h, await toReveal(h, quiz, q), q, winners, 2, tally.current!);
    await overPause(h);
    expect(await standingsText(h, quiz)).toBe(`Quiz complete: 1 question played.\n\n${tally.current!.standingsLines().join('\n')}${SAVED}`);
    expect((await leaderboard(h, { channelId: quiz }, 'carol')).lines).toEqual(tally.current!.leaderboardLines());
  });
});

describe('a rate limit on the question post (real time)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ timings: { introMs: 300, revealPauseMs: 300 } });
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => checkHarness(h));

  it('given a 429 with retry_after 3 s on the question post, the countdown is corrected so the question keeps its full 10 s from when it appeared', async () => {
    const quiz = h.channel('Big City Fans', 'quiz');
    const logFrom = h.logs.length;
    const SECONDS = 10;
    const RETRY_AFTER = 3;
    // Set the moment the intro exists, so the rate limit meets the question post and not the intro.
    const onMessage = (m: SimMessage): void => {
      if (m.channelId === quiz && titleOf(m) === 'Love in the Big City quiz') {
        h.sim.rateLimitNext(1, RETRY_AFTER, { method: 'post', path: /\/channels\/\d+\/messages$/ });
        h.sim.off('message', onMessage);
      }
    };
    h.sim.on('message', onMessage);
    let revealedAt: number | undefined;
    const onUpdate = (m: SimMessage): void => {
      if (revealedAt === undefined && m.channelId === quiz && titleOf(m) === 'Question 1 of 1: time is up') revealedAt = Date.now();
    };
    h.sim.on('messageUpdate', onUpdate);
    try {
      await startQuiz(h, quiz, 'alice', { rounds: 1, seconds: SECONDS });
      const posted = await h.sim.waitForMessage((m) => titleOf(m) === 'Question 1 of 1', { channelId: quiz, timeoutMs: 10_000, description: 'question 1' });
      const appearedAt = Date.parse(String(posted.data['timestamp']));
      // The edit with the countdown from when it appeared.
      const edited = await h.sim.waitForMessage((m) => m.id === posted.id && m.history.length > 0, { channelId: quiz, description: 'the corrected countdown' });
      // The intro, then the question: refused once with 429, sent again by discord.js after 3 s.
      expect(h.sim.requests.filter((r) => r.method === 'post' && r.path === messagesPath(quiz)).map((r) => r.status)).toEqual([200, 429, 200]);
      const stamp = /<t:(\d+):R>/.exec(embedOf(edited).description ?? '');
      expect(stamp).not.toBeNull();
      const shownClose = Number(stamp?.[1]) * 1000;
      expect(Math.abs(shownClose - (appearedAt + SECONDS * 1000))).toBeLessThanOrEqual(1_000);
      const late = logLines(h, logFrom).find((l) => l.msg === 'quiz: question posted late; its window starts now');
      expect(late?.['lateMs']).toBeGreaterThanOrEqual(RETRY_AFTER * 1000 - 100);
      const q = await questionOnScreen(h, quiz, 1, 1);
      expect(await click(h, q.message.id, 'bob', { label: q.correctLabel })).toContain('is locked in');
      const reveal = await waitForTitle(h, quiz, 'Question 1 of 1: time is up');
      // Before the fix the close time was fixed before posting: 10 s shrank to about 7.
      expect(revealedAt).toBeDefined();
      expect(revealedAt ?? 0).toBeGreaterThanOrEqual(appearedAt + SECONDS * 1000);
      expect(revealedAt ?? 0).toBeLessThanOrEqual(appearedAt + SECONDS * 1000 + 1_500);
      expect(embedOf(reveal).fields?.[0]?.name).toBe('1 of 1 got it right');
      expect(embedOf(reveal).fields?.[0]?.value).toContain(`<@${h.sim.userId('bob')}>`);
      expect(await standingsText(h, quiz)).toContain('Quiz complete: 1 question played.');
    } finally {
      h.sim.off('message', onMessage);
      h.sim.off('messageUpdate', onUpdate);
    }
  }, 30_000);
});

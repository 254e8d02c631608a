/**
 * Restart safety end to end: the bot is stopped as SIGTERM would stop it and started again on
 * the same store and simulator, at each point of a quiz. The quiz must carry on (or end with an
 * announcement), keep every committed point, and never count a round twice.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSession } from '../../src/quiz/session.js';
import type { SimMessage } from '../sim/index.js';
import type { Harness } from './harness.js';
import {
  INTRO_MS,
  REVEAL_PAUSE_MS,
  Tally,
  at,
  click,
  contentOf,
  titleOf,
  ephemeralReply,
  expectReveal,
  leaderboard,
  overPause,
  publicMessages,
  questionOnScreen,
  savedState,
  standingsText,
  startQuiz,
  startQuizHarness,
  stats,
  statsLines,
  expectStatsOpen,
  time,
  toReveal,
  waitForTitle,
  type AskedQuestion,
} from './quiz-helpers.js';

const SAVED = '\n\nScores are saved: see `/quiz leaderboard` and `/quiz stats`.';

describe('a quiz across a bot restart', () => {
  let h: Harness;
  let quiz: string;

  beforeEach(async () => {
    h = await startQuizHarness();
    quiz = h.channel('Big City Fans', 'quiz');
  });
  afterEach(async () => {
    try {
      h.sim.assertNoViolations();
      expect(h.sim.messagesAllowingEveryone()).toEqual([]);
    } finally {
      await h.close();
    }
  });

  /** The resume notice the restarted bot posts in the channel. */
  function notice(text: string): Promise<SimMessage> {
    return h.sim.waitForMessage((m) => !m.ephemeral && contentOf(m) === text, { channelId: quiz, description: `the notice "${text}"` });
  }

  /** Leaderboards and stats hold exactly what the tally says: one game each, every round once. */
  async function expectScores(tally: Tally): Promise<void> {
    for (const options of [{}, { period: 'month' }, { scope: 'global' }]) {
      expect((await leaderboard(h, { channelId: quiz }, 'olivia', options)).lines, JSON.stringify(options)).toEqual(tally.leaderboardLines());
    }
    for (const [userId, t] of tally.players) {
      const card = await stats(h, { channelId: quiz }, 'olivia', { user: userId });
      const rank = 1 + [...tally.players.values()].filter((o) => o.points > t.points).length;
      expectStatsOpen(card, statsLines(t.points, rank, tally.players.size, t.correct, t.answered, 1, t.bestStreak));
    }
  }

  it('given a restart mid-question, the saved answers stand, the remaining clicks work, and the scores come out exact', async () => {
    const tally = new Tally(h);
    await startQuiz(h, quiz, 'alice', { rounds: 2, seconds: 20 });
    await overPause(h, INTRO_MS);
    const q1 = await questionOnScreen(h, quiz, 1, 2);
    await at(h, q1, 2_000);
    await click(h, q1.message.id, 'alice', { label: q1.correctLabel });
    await at(h, q1, 3_000);
    await click(h, q1.message.id, 'bob', { label: q1.wrongLabel });

    await h.restart();
    await notice('Back after a restart: the quiz carries on (question 1 of 2).');
    // The same question message, still open, on the same clock.
    expect(h.sim.buttons(q1.message.id).every((b) => !b.disabled)).toBe(true);
    expect(await click(h, q1.message.id, 'alice', { label: q1.wrongLabel })).toBe(
      `You already answered **${q1.correctLabel}** to this question. One answer per question.`,
    );
    // Still one quiz per channel.
    expect(await ephemeralReply(h, h.sim.command({ channelId: quiz, userId: 'carol', name: 'quiz start' }), 'carol')).toContain(
      `/${quiz}/${q1.message.id}`,
    );
    await at(h, q1, 5_000);
    expect(await click(h, q1.message.id, 'carol', { label: q1.correctLabel })).toBe(
      `Your answer **${q1.correctLabel}** is locked in. Results <t:${Math.floor(q1.closesAt / 1000)}:R>.`,
    );
    expectReveal(h, await toReveal(h, quiz, q1), q1, tally.round(q1, [
      { user: 'alice', label: q1.correctLabel, elapsedMs: 2_000 },
      { user: 'bob', label: q1.wrongLabel, elapsedMs: 3_000 },
      { user: 'carol', label: q1.correctLabel, elapsedMs: 5_000 },
    ]), 3, tally);

    await overPause(h);
    const q2 = await questionOnScreen(h, quiz, 2, 2);
    await at(h, q2, 1_000);
    await click(h, q2.message.id, 'alice', { label: q2.correctLabel });
    await at(h, q2, 2_000);
    await click(h, q2.message.id, 'bob', { label: q2.correctLabel });
    expectReveal(h, await toReveal(h, quiz, q2), q2, tally.round(q2, [
      { user: 'alice', label: q2.correctLabel, elapsedMs: 1_000 },
      { user: 'bob', label: q2.correctLabel, elapsedMs: 2_000 },
    ]), 2, tally);
    await overPause(h);
    expect(await standingsText(h, quiz)).toBe(`Quiz complete: 2 questions played.\n\n${tally.standingsLines().join('\n')}${SAVED}`);
    await expectScores(tally);
  });

  it('given a click arriving while the restarted bot is still posting its resume notice, the click locks in without waiting for it', async () => {
    await startQuiz(h, quiz, 'alice', { rounds: 1, seconds: 10 });
    await overPause(h, INTRO_MS);
    const q1 = await questionOnScreen(h, quiz, 1, 1);
    await at(h, q1, 1_000);
    await h.bot.stop();
    // The resume notice is held up by a rate limit, so the resume is still under way when bob clicks.
    h.sim.rateLimitNext(1, 0.5, { method: 'POST', path: new RegExp(`/channels/${quiz}/messages$`) });
    const restarting = h.restart();
    await h.sim.waitForBot();
    const ix = h.sim.click({ messageId: q1.message.id, userId: 'bob', label: q1.correctLabel });
    const reply = await ix.waitForReply();
    expect(contentOf(reply)).toBe(`Your answer **${q1.correctLabel}** is locked in. Results <t:${Math.floor(q1.closesAt / 1000)}:R>.`);
    await restarting;
    // The notice held up by the rate limit still arrives.
    expect(h.sim.messages(quiz).some((m) => contentOf(m) === 'Back after a restart: the quiz carries on (question 1 of 1).')).toBe(true);
    const tally = new Tally(h);
    expectReveal(h, await toReveal(h, quiz, q1), q1, tally.round(q1, [{ user: 'bob', label: q1.correctLabel, elapsedMs: 1_000 }]), 1, tally);
  });

  it('given a restart after a reveal, the reveal is shown again unchanged, the quiz carries on, and that round counts once', async () => {
    const tally = new Tally(h);
    await startQuiz(h, quiz, 'bob', { rounds: 2, seconds: 10 });
    await overPause(h, INTRO_MS);
    const q1 = await questionOnScreen(h, quiz, 1, 2);
    await at(h, q1, 1_500);
    await click(h, q1.message.id, 'carol', { label: q1.correctLabel });
    await at(h, q1, 4_000);
    await click(h, q1.message.id, 'alice', { label: q1.correctLabel });
    const reveal = await toReveal(h, quiz, q1);
    expectReveal(h, reveal, q1, tally.round(q1, [
      { user: 'carol', label: q1.correctLabel, elapsedMs: 1_500 },
      { user: 'alice', label: q1.correctLabel, elapsedMs: 4_000 },
    ]), 2, tally);
    const edits = (h.sim.message(q1.message.id)?.history.length ?? 0);

    await h.restart();
    await notice('Back after a restart: the quiz carries on (question 1 of 2).');
    // Shown again (the restart cannot know whether the edit landed), with the same content.
    await h.sim.waitFor(() => ((h.sim.message(q1.message.id)?.history.length ?? 0) > edits ? true : undefined), 'the reveal to be edited again');
    const again = h.sim.message(q1.message.id);
    expect(again?.data['embeds']).toEqual(reveal.data['embeds']);
    expect(again?.data['components']).toEqual(reveal.data['components']);
    // The round was committed once, before the restart and not again after it.
    expect((await leaderboard(h, { channelId: quiz }, 'olivia')).lines).toEqual(tally.leaderboardLines());
    expect(await click(h, q1.message.id, 'bob', { label: q1.correctLabel }, true)).toBe('Time is up for that question.');

    await overPause(h, REVEAL_PAUSE_MS);
    const q2 = await questionOnScreen(h, quiz, 2, 2);
    await at(h, q2, 3_000);
    await click(h, q2.message.id, 'carol', { label: q2.wrongLabel });
    expectReveal(h, await toReveal(h, quiz, q2), q2, tally.round(q2, [{ user: 'carol', label: q2.wrongLabel, elapsedMs: 3_000 }]), 1, tally);
    await overPause(h);
    expect(await standingsText(h, quiz)).toBe(`Quiz complete: 2 questions played.\n\n${tally.standingsLines().join('\n')}${SAVED}`);
    await expectScores(tally);
  });

  it('given a restart after the last reveal, the standings follow once and the game counts once', async () => {
    const tally = new Tally(h);
    await startQuiz(h, quiz, 'alice', { rounds: 1, seconds: 10 });
    await overPause(h, INTRO_MS);
    const q1 = await questionOnScreen(h, quiz, 1, 1);
    await at(h, q1, 500);
    await click(h, q1.message.id, 'bob', { label: q1.correctLabel });
    expectReveal(h, await toReveal(h, quiz, q1), q1, tally.round(q1, [{ user: 'bob', label: q1.correctLabel, elapsedMs: 500 }]), 1, tally);

    await h.restart();
    await notice('Back after a restart: the quiz carries on (question 1 of 1).');
    await overPause(h);
    expect(await standingsText(h, quiz)).toBe(`Quiz complete: 1 question played.\n\n${tally.standingsLines().join('\n')}${SAVED}`);
    expect(publicMessages(h, quiz).filter((m) => titleOf(m) === 'Final standings')).toHaveLength(1);
    expect(await savedState(h, quiz)).toBeUndefined();
    await expectScores(tally);

    // A second restart finds nothing to resume.
    await h.restart();
    await time(h).scheduler.advance(60_000);
    expect(publicMessages(h, quiz).filter((m) => contentOf(m).startsWith('Back after a restart'))).toHaveLength(1);
    await expectScores(tally);
    // This run never knew that quiz: its buttons are simply not part of a running quiz.
    expect(await click(h, q1.message.id, 'bob', { label: q1.correctLabel }, true)).toBe("That button isn't part of a running quiz.");
  });

  it("given a saved quiz of a server this bot is not in (another shard's), a restart resumes its own quiz and leaves that one untouched", async () => {
    await startQuiz(h, quiz, 'alice', { rounds: 2, seconds: 10 });
    const own = await savedState(h, quiz);
    if (!own) throw new Error('no saved quiz');
    // Another process on the same store runs this one: its server is not among this bot's.
    const other = { guildId: '990000000000000001', channelId: '990000000000000002' };
    const theirs = createSession({ id: 'othershard01', ...other, hostId: own.hostId, options: own.options, questions: own.questions, now: own.createdAt });
    await h.bot.ctx.store.sessions.put(other.channelId, other.guildId, theirs);

    await h.restart();
    await notice('Back after a restart: the quiz starts shortly.');
    expect((await h.bot.ctx.store.sessions.get(other.channelId))?.state).toEqual(theirs);
    expect(h.bot.ctx.quiz.running(other.channelId)).toBeUndefined();
    expect(h.bot.ctx.quiz.running(quiz)).toMatchObject({ sessionId: own.id });
  });

  it('given a restart during the intro, the first question follows the intro pause, and the host can still stop the quiz', async () => {
    await startQuiz(h, quiz, 'carol', { rounds: 3, seconds: 10 });
    await h.restart();
    await notice('Back after a restart: the quiz starts shortly.');
    await overPause(h, INTRO_MS);
    const q1 = await questionOnScreen(h, quiz, 1, 3);
    await at(h, q1, 1_000);
    await click(h, q1.message.id, 'alice', { label: q1.correctLabel });
    // The host is remembered across the restart.
    expect(await ephemeralReply(h, h.sim.command({ channelId: quiz, userId: 'bob', name: 'quiz stop' }), 'bob')).toBe(
      `Only the host (<@${h.sim.userId('carol')}>), the quiz role or members with Manage Server can stop this quiz.`,
    );
    expect(await ephemeralReply(h, h.sim.command({ channelId: quiz, userId: 'carol', name: 'quiz stop' }), 'carol')).toBe(
      'Quiz stopped. The final standings are posted in the channel.',
    );
    const tally = new Tally(h);
    tally.round(q1, [{ user: 'alice', label: q1.correctLabel, elapsedMs: 1_000 }]);
    expect(await standingsText(h, quiz)).toBe(`Stopped with /quiz stop after 1 of 3 questions.\n\n${tally.standingsLines().join('\n')}${SAVED}`);
    await expectScores(tally);
  });

  it('given the bot was down past the question\'s time-up (under 15 minutes), the question is revealed at once with its answers and the quiz carries on', async () => {
    const tally = new Tally(h);
    await startQuiz(h, quiz, 'alice', { rounds: 2, seconds: 10 });
    await overPause(h, INTRO_MS);
    const q1 = await questionOnScreen(h, quiz, 1, 2);
    await at(h, q1, 4_000);
    await click(h, q1.message.id, 'carol', { label: q1.correctLabel });

    await h.restart({ downtimeMs: 60_000 });
    await notice('Back after a restart: the quiz carries on (question 1 of 2).');
    expectReveal(h, await waitForTitle(h, quiz, 'Question 1 of 2: time is up'), q1, tally.round(q1, [
      { user: 'carol', label: q1.correctLabel, elapsedMs: 4_000 },
    ]), 1, tally);
    await overPause(h);
    const q2 = await questionOnScreen(h, quiz, 2, 2);
    // A fresh, full window for the next question.
    expect(q2.closesAt - q2.askedAt).toBe(10_000);
    expect(q2.askedAt).toBe(q1.askedAt + 4_000 + 60_000 + REVEAL_PAUSE_MS);
    await at(h, q2, 9_999);
    await click(h, q2.message.id, 'carol', { label: q2.correctLabel });
    expectReveal(h, await toReveal(h, quiz, q2), q2, tally.round(q2, [{ user: 'carol', label: q2.correctLabel, elapsedMs: 9_999 }]), 1, tally);
    await overPause(h);
    expect(await standingsText(h, quiz)).toBe(`Quiz complete: 2 questions played.\n\n${tally.standingsLines().join('\n')}${SAVED}`);
    await expectScores(tally);
  });

  it('given the bot was down for longer than 15 minutes, the quiz ends with an announcement and what was played is recorded', async () => {
    const tally = new Tally(h);
    await startQuiz(h, quiz, 'alice', { rounds: 3, seconds: 10 });
    await overPause(h, INTRO_MS);
    const q1 = await questionOnScreen(h, quiz, 1, 3);
    await at(h, q1, 2_000);
    await click(h, q1.message.id, 'alice', { label: q1.correctLabel });
    expectReveal(h, await toReveal(h, quiz, q1), q1, tally.round(q1, [{ user: 'alice', label: q1.correctLabel, elapsedMs: 2_000 }]), 1, tally);
    await overPause(h);
    const q2: AskedQuestion = await questionOnScreen(h, quiz, 2, 3);
    await at(h, q2, 1_000);
    await click(h, q2.message.id, 'bob', { label: q2.correctLabel });

    await h.restart({ downtimeMs: 20 * 60_000 });
    // The open question is closed with the answers it had, at their own times.
    const reveal2 = await waitForTitle(h, quiz, 'Question 2 of 3: time is up');
    expectReveal(h, reveal2, q2, tally.round(q2, [{ user: 'bob', label: q2.correctLabel, elapsedMs: 1_000 }]), 1, tally);
    expect(await standingsText(h, quiz)).toBe(
      `Ended after 2 of 3 questions: the bot was offline for too long to carry on.\n\n${tally.standingsLines().join('\n')}${SAVED}`,
    );
    expect(await savedState(h, quiz)).toBeUndefined();
    await expectScores(tally);
    expect(await click(h, q2.message.id, 'carol', { label: q2.correctLabel }, true)).toBe('That quiz has finished.');
    // No question 3, and the channel is free again.
    await time(h).scheduler.advance(60_000);
    expect(publicMessages(h, quiz).some((m) => titleOf(m)?.startsWith('Question 3'))).toBe(false);
    await startQuiz(h, quiz, 'bob', { rounds: 1, seconds: 10 });
  });
});

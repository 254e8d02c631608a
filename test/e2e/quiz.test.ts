/**
 * A watch-party quiz played end to end: the real bot (startBot) against the local Discord
 * simulator, members clicking the answer buttons, quiz timers on a manual clock.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dataset } from '../../src/data/dataset.js';
import { buildBank } from '../../src/quiz/bank.js';
import { NO_SPOILERS } from '../../src/data/spoilers.js';
import { bankQuestions, pickQuestions } from '../../src/quiz/generate.js';
import { seededRng } from '../../src/quiz/rng.js';
import type { Question } from '../../src/quiz/types.js';
import type { SimMessage } from '../sim/index.js';
import { FANS, OTHER, type Harness } from './harness.js';
import {
  INTRO_MS,
  Tally,
  at,
  click,
  clickWithCallbacks,
  contentOf,
  embedOf,
  titleOf,
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
  boardLine,
  expectStatsOpen,
  stats,
  statsLines,
  time,
  toReveal,
  type AskedQuestion,
} from './quiz-helpers.js';

function checkHarness(h: Harness | undefined): void {
  if (!h) return;
  h.sim.assertNoViolations();
  expect(h.sim.messagesAllowingEveryone()).toEqual([]);
}

const locked = (label: string, q: AskedQuestion): string =>
  `Your answer **${label}** is locked in. Results <t:${Math.floor(q.closesAt / 1000)}:R>.`;
const TIME_IS_UP = 'Time is up for that question.';

/**
 * The first seed whose game (the first of a fresh bot: 3 questions, the default settings, no history)
 * has the wanted shape, found by replaying the bot's pick; the tests then check the bot asked just that.
 */
function firstSeed(wanted: (questions: readonly Question[]) => boolean): number {
  const bank = buildBank(dataset);
  for (let seed = 1; seed <= 1_000; seed++) {
    const questions = pickQuestions(bank, { scope: 'all', difficulty: 'mixed', spoilers: NO_SPOILERS, count: 3, rng: seededRng(seed) });
    if (wanted(questions)) return seed;
  }
  throw new Error('no seed up to 1000 gives the game this test needs');
}
const NOT_RUNNING = "That button isn't part of a running quiz.";

interface Game {
  readonly quiz: string;
  readonly tally: Tally;
  readonly questions: readonly AskedQuestion[];
  /** Every acknowledgement, in click order. */
  readonly acks: readonly { readonly user: string; readonly label: string; readonly expected: string; readonly text: string; readonly callbacks: readonly number[] }[];
  readonly doubleClick: { readonly first: string; readonly text: string };
  readonly late: { readonly beforeReveal: string; readonly afterReveal: string; readonly earlierQuestion: string };
  readonly buttonsEnabledAtLateClick: boolean;
  readonly reveals: readonly SimMessage[];
  readonly standings: string;
}

/**
 * alice hosts and answers every question right (a streak of 3); bob is wrong, then right twice;
 * carol is right, misses question 2 (her streak resets), then is right again; olivia only
 * clicks too late. Times are exact on the manual clock.
 */
async function playGame(h: Harness): Promise<Game> {
  const quiz = h.channel('Big City Fans', 'quiz');
  const tally = new Tally(h);
  const acks: { user: string; label: string; expected: string; text: string; callbacks: number[] }[] = [];
  const answer = async (q: AskedQuestion, user: string, label: string, elapsedMs: number): Promise<void> => {
    await at(h, q, elapsedMs);
    acks.push({ user, label, expected: locked(label, q), ...(await clickWithCallbacks(h, q.message.id, user, { label })) });
  };

  const { intro } = await startQuiz(h, quiz, 'alice', { rounds: 3, seconds: 10 });
  expect(embedOf(intro).description).toContain('**3** questions, **10 s** each');
  await overPause(h, INTRO_MS);

  const q1 = await questionOnScreen(h, quiz, 1, 3);
  await answer(q1, 'alice', q1.correctLabel, 2_000);
  const doubleClick = { first: q1.correctLabel, text: await click(h, q1.message.id, 'alice', { label: q1.wrongLabel }) };
  await answer(q1, 'bob', q1.wrongLabel, 3_000);
  await answer(q1, 'carol', q1.correctLabel, 5_000);
  const reveal1 = await toReveal(h, quiz, q1);
  expectReveal(h, reveal1, q1, tally.round(q1, [
    { user: 'alice', label: q1.correctLabel, elapsedMs: 2_000 },
    { user: 'bob', label: q1.wrongLabel, elapsedMs: 3_000 },
    { user: 'carol', label: q1.correctLabel, elapsedMs: 5_000 },
  ]), 3, tally);
  // The buttons are disabled now; Discord's client would not send this click, a forged one gets through.
  const afterReveal = await click(h, q1.message.id, 'bob', { label: q1.correctLabel }, true);
  await overPause(h);

  const q2 = await questionOnScreen(h, quiz, 2, 3);
  await answer(q2, 'alice', q2.correctLabel, 1_000);
  const earlierQuestion = await click(h, q1.message.id, 'carol', { label: q1.correctLabel }, true);
  await answer(q2, 'bob', q2.correctLabel, 4_000);
  const reveal2 = await toReveal(h, quiz, q2);
  expectReveal(h, reveal2, q2, tally.round(q2, [
    { user: 'alice', label: q2.correctLabel, elapsedMs: 1_000 },
    { user: 'bob', label: q2.correctLabel, elapsedMs: 4_000 },
  ]), 2, tally);
  await overPause(h);

  const q3 = await questionOnScreen(h, quiz, 3, 3);
  await answer(q3, 'bob', q3.correctLabel, 500);
  await answer(q3, 'carol', q3.correctLabel, 7_000);
  await answer(q3, 'alice', q3.correctLabel, 9_000);
  // Time is up on the clock, but the close timer has not run: the reveal edit has not landed yet.
  time(h).clock.set(q3.closesAt);
  const buttonsEnabledAtLateClick = h.sim.buttons(q3.message.id).every((b) => !b.disabled);
  const beforeReveal = await click(h, q3.message.id, 'olivia', { label: q3.correctLabel });
  const reveal3 = await toReveal(h, quiz, q3);
  expectReveal(h, reveal3, q3, tally.round(q3, [
    { user: 'bob', label: q3.correctLabel, elapsedMs: 500 },
    { user: 'carol', label: q3.correctLabel, elapsedMs: 7_000 },
    { user: 'alice', label: q3.correctLabel, elapsedMs: 9_000 },
  ]), 3, tally);
  await overPause(h);

  return {
    quiz,
    tally,
    questions: [q1, q2, q3],
    acks,
    doubleClick,
    late: { beforeReveal, afterReveal, earlierQuestion },
    buttonsEnabledAtLateClick,
    reveals: [reveal1, reveal2, reveal3],
    standings: await standingsText(h, quiz),
  };
}

describe('a watch-party quiz with alice, bob and carol', () => {
  let h: Harness;
  let played: Promise<Game> | undefined;
  // Every test looks at the same game, played once.
  const game = (): Promise<Game> => (played ??= playGame(h));

  beforeAll(async () => {
    // A seed whose game opens with three A–D questions (the harness default, 6, need not).
    h = await startQuizHarness({ seed: firstSeed((qs) => qs.every((q) => q.kind !== 'true-false')) });
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => checkHarness(h));

  it('given three questions answered by clicking the buttons, the final standings match what the clicks earned', async () => {
    const g = await game();
    const lines = g.tally.standingsLines();
    expect(lines).toHaveLength(3);
    expect(g.standings).toBe(
      `Quiz complete: 3 questions played.\n\n${lines.join('\n')}\n\nScores are saved: see \`/quiz leaderboard\` and \`/quiz stats\`.`,
    );
    // alice answered all three right: the streak bonus applied on questions 2 and 3.
    expect(g.tally.get('alice')).toMatchObject({ correct: 3, answered: 3, bestStreak: 3 });
    expect(g.tally.get('bob')).toMatchObject({ correct: 2, answered: 3, bestStreak: 2 });
    // carol missed question 2: her third answer earned no streak bonus.
    expect(g.tally.get('carol')).toMatchObject({ correct: 2, answered: 2, bestStreak: 1 });
    // Nothing but the intro, three questions (edited into reveals) and the standings went to the channel.
    expect(publicMessages(h, g.quiz).map((m) => titleOf(m))).toEqual([
      'Love in the Big City quiz',
      'Question 1 of 3: time is up',
      'Question 2 of 3: time is up',
      'Question 3 of 3: time is up',
      'Final standings',
    ]);
  });

  it('given the seeded game, its questions are answered by the A–D buttons', async () => {
    const g = await game();
    // The harness seed picks three multiple-choice questions; if the dataset changes that, pick another seed.
    for (const q of g.questions) expect(q.labels, 'the seed no longer gives multiple-choice questions').toEqual(['A', 'B', 'C', 'D']);
  });

  it('given a click on an open question, it is acknowledged at once, privately, as locked in', async () => {
    const g = await game();
    expect(g.acks).toHaveLength(8);
    for (const ack of g.acks) {
      expect(ack.text, `${ack.user} clicking ${ack.label}`).toBe(ack.expected);
      // One callback, a reply with the answer itself: no "thinking…" deferral before slow work.
      expect(ack.callbacks).toEqual([4]);
    }
  });

  it('given a second click on the same question, the player hears "already answered" and the first answer stands', async () => {
    const g = await game();
    expect(g.doubleClick.text).toBe(`You already answered **${g.doubleClick.first}** to this question. One answer per question.`);
    // alice's first (correct) answer is the one scored on question 1.
    expect(embedOf(g.reveals[0] as SimMessage).fields?.[0]?.value).toContain(`<@${h.sim.userId('alice')}>`);
  });

  it('given a click after time is up, before or after the reveal or on an earlier question, it gets "Time is up" and scores nothing', async () => {
    const g = await game();
    expect(g.buttonsEnabledAtLateClick).toBe(true);
    expect(g.late).toEqual({ beforeReveal: TIME_IS_UP, afterReveal: TIME_IS_UP, earlierQuestion: TIME_IS_UP });
    // olivia's late click on question 3 is not among its answers, and does not make her a player.
    expect(embedOf(g.reveals[2] as SimMessage).fields?.[0]?.name).toBe('3 of 3 got it right');
    expect(g.standings).not.toContain(`<@${h.sim.userId('olivia')}>`);
    // Nor does carol's click on question 1 while question 2 was open count for question 2.
    expect(embedOf(g.reveals[1] as SimMessage).fields?.[0]?.name).toBe('2 of 2 got it right');
  });

  it('given the finished quiz, a click on any of its buttons gets "That quiz has finished."', async () => {
    const g = await game();
    for (const q of g.questions) {
      expect(await click(h, q.message.id, 'carol', { label: q.correctLabel }, true)).toBe('That quiz has finished.');
    }
    const last = g.questions[2] as AskedQuestion;
    expect(await click(h, last.message.id, 'olivia', { label: last.labels[0] ?? '' }, true)).toBe('That quiz has finished.');
  });

  it('given the finished quiz, /quiz leaderboard lists exactly the points the clicks earned, server and global, all-time and month', async () => {
    const g = await game();
    const expected = g.tally.leaderboardLines();
    for (const [options, title] of [
      [{}, 'Server leaderboard · all time'],
      [{ scope: 'server', period: 'month' }, 'Server leaderboard · this month (UTC)'],
      [{ scope: 'global' }, 'Global leaderboard · all time'],
      [{ scope: 'global', period: 'month' }, 'Global leaderboard · this month (UTC)'],
    ] as const) {
      const board = await leaderboard(h, { channelId: g.quiz }, 'bob', options);
      expect(board, JSON.stringify(options)).toEqual({ title, lines: expected, footer: '3 players on this board' });
    }
    // From a DM the board is the global one.
    expect((await leaderboard(h, { dm: true }, 'carol')).lines).toEqual(expected);
  });

  it('given the finished quiz, /quiz stats shows each player\'s record from the game as one card', async () => {
    const g = await game();
    for (const user of ['alice', 'bob', 'carol']) {
      const t = g.tally.get(user);
      const rank = g.tally.rank(user);
      const card = await stats(h, { channelId: g.quiz }, 'olivia', { user });
      expect(card.title).toBe(`${user}'s quiz record`);
      expectStatsOpen(card, statsLines(t.points, rank, 3, t.correct, t.answered, 1, t.bestStreak));
      expect(card.lines.slice(2)).toEqual([
        boardLine('This month', t.points, rank, 3),
        boardLine('This week', t.points, rank, 3),
        boardLine('All servers', t.points, rank, 3),
        'Practice: no questions yet',
      ]);
    }
    const own = await stats(h, { channelId: g.quiz }, 'olivia');
    expect(own).toEqual({ title: "olivia's quiz record", lines: ['No quiz games on this server yet.', 'Practice: no questions yet'] });
  });

  it('given the quiz has ended, the channel is free for a new quiz', async () => {
    const g = await game();
    const earlier = messageIds(h, g.quiz);
    await startQuiz(h, g.quiz, 'bob', { rounds: 1, seconds: 10 });
    await overPause(h, INTRO_MS);
    const q = await questionOnScreen(h, g.quiz, 1, 1);
    expect(await click(h, q.message.id, 'bob', { label: q.correctLabel })).toBe(locked(q.correctLabel, q));
    await toReveal(h, g.quiz, q);
    await overPause(h);
    expect(await standingsText(h, g.quiz, earlier)).toContain('Quiz complete: 1 question played.');
    // Both "Final standings" are there: the new game did not overwrite the old one.
    expect(publicMessages(h, g.quiz).filter((m) => titleOf(m) === 'Final standings')).toHaveLength(2);
  });
});

describe('clicks that must not count', () => {
  let h: Harness;
  let quiz: string;
  let q: AskedQuestion;

  beforeAll(async () => {
    h = await startQuizHarness();
    quiz = h.channel('Big City Fans', 'quiz');
    await startQuiz(h, quiz, 'alice', { rounds: 2, seconds: 30 });
    await overPause(h, INTRO_MS);
    q = await questionOnScreen(h, quiz, 1, 2);
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => checkHarness(h));

  it('given forged button ids, each gets a clear private answer and the bot keeps working', async () => {
    const cases: [string, string][] = [
      ['quiz:zzzz:99:9', NOT_RUNNING],
      ['quiz:../../x', NOT_RUNNING],
      ['quiz:', NOT_RUNNING],
      [`quiz:${q.sessionId}:0:9`, NOT_RUNNING],
      [`quiz:${q.sessionId}:7:0`, NOT_RUNNING],
      [`quiz:${q.sessionId}:00:0`, NOT_RUNNING],
      [`quiz:${q.sessionId}:0:0:extra`, NOT_RUNNING],
      [`quiz:${'a'.repeat(145)}`, 'That button is no longer active.'],
    ];
    for (const [customId, expected] of cases) {
      expect(await click(h, q.message.id, 'carol', { customId }, true), customId).toBe(expected);
    }
    // None of them took carol's one answer: her real click still locks in.
    await at(h, q, 3_000);
    expect(await click(h, q.message.id, 'carol', { label: q.correctLabel })).toBe(locked(q.correctLabel, q));
    expect(h.logs.filter((l) => /handler failed|routing failed/.test(l))).toEqual([]);
  });

  it('given a member of another server, the simulator will not let them click, and a forged click from there gets "another server"', async () => {
    // dave is only in "Other Server": Discord would not even show him the message.
    expect(() => h.sim.click({ messageId: q.message.id, userId: 'dave', label: q.correctLabel, force: true })).toThrow(/not a member/);
    // A message of his own server, with the quiz's button id forged onto it.
    const other = h.channel('Other Server', 'general');
    const film = await h.sim.command({ channelId: other, userId: 'dave', name: 'film' }).waitForReply();
    const forged = `quiz:${q.sessionId}:0:${q.labels.indexOf(q.correctLabel)}`;
    expect(await click(h, film.id, 'dave', { customId: forged }, true)).toBe('That quiz belongs to another server.');
    // alice is in both servers; from the other one her forged click is refused the same way.
    expect(await click(h, film.id, 'alice', { customId: forged }, true)).toBe('That quiz belongs to another server.');
    // From a DM (no server at all).
    const dm = await h.sim.command({ dm: true, userId: 'alice', name: 'about' }).waitForReply();
    expect(await click(h, dm.id, 'alice', { customId: forged }, true)).toBe('Quiz buttons only work in the server channel where the quiz runs.');
  });

  it('given the quiz button id forged onto a message in another channel of the server, the click is refused', async () => {
    const general = h.channel('Big City Fans', 'general');
    const film = await h.sim.command({ channelId: general, userId: 'bob', name: 'film' }).waitForReply();
    const forged = `quiz:${q.sessionId}:0:0`;
    expect(await click(h, film.id, 'bob', { customId: forged }, true)).toBe("That button doesn't belong to this channel's quiz.");
  });

  it('given those refused clicks, only the real answer counts at the reveal', async () => {
    const reveal = await toReveal(h, quiz, q);
    const field = embedOf(reveal).fields?.[0];
    expect(field?.name).toBe('1 of 1 got it right');
    expect(field?.value).toMatch(new RegExp(`^1\\. <@${h.sim.userId('carol')}> \\*\\*\\+\\d+\\*\\* \\(3\\.0 s\\): base \\+\\d+ · speed \\+\\d+$`));
    expect(contentOf(reveal)).toBe('');
  });
});

describe('a crowd of 25 players', () => {
  let h: Harness;
  const fans = Array.from({ length: 25 }, (_, i) => `fan${i}`);

  beforeAll(async () => {
    h = await startQuizHarness({ guilds: [{ ...FANS, members: [...(FANS.members ?? []), ...fans.map((username) => ({ username }))] }, OTHER] });
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => checkHarness(h));

  it('given 20 right answers and 5 wrong ones, the reveal lists the 15 fastest and the standings the top 20, and the board holds all 25', async () => {
    const quiz = h.channel('Big City Fans', 'quiz');
    const tally = new Tally(h);
    await startQuiz(h, quiz, 'olivia', { rounds: 1, seconds: 10 });
    await overPause(h, INTRO_MS);
    const q = await questionOnScreen(h, quiz, 1, 1);
    const clicks = fans.map((user, i) => ({ user, label: i < 20 ? q.correctLabel : q.wrongLabel, elapsedMs: 300 * (i + 1) }));
    for (const c of clicks) {
      await at(h, q, c.elapsedMs);
      expect(await click(h, q.message.id, c.user, { label: c.label })).toBe(locked(c.label, q));
    }
    const winners = tally.round(q, clicks);
    expect(winners).toHaveLength(20);
    const reveal = await toReveal(h, quiz, q);
    expectReveal(h, reveal, q, winners, 25, tally);
    expect(embedOf(reveal).fields?.[0]?.value.endsWith('\n…and 5 more')).toBe(true);
    await overPause(h);
    expect(await standingsText(h, quiz)).toBe(
      `Quiz complete: 1 question played.\n\n${tally.standingsLines().join('\n')}\n\nScores are saved: see \`/quiz leaderboard\` and \`/quiz stats\`.`,
    );
    expect(tally.standingsLines().at(-1)).toBe('…and 5 more players');
    const board = await leaderboard(h, { channelId: quiz }, 'fan24');
    expect(board.lines.slice(0, 10)).toEqual(tally.leaderboardLines().slice(0, 10));
    expect(board.footer).toBe('25 players on this board');
    // fan24 (wrong, 0 points) shares the last rank with the other four who were wrong.
    expect(board.lines.at(-1)).toBe(`21. <@${h.sim.userId('fan24')}> (you): **0** pts · 0/1 correct`);
  });
});

describe('a true/false question', () => {
  let h: Harness;

  beforeAll(async () => {
    // A seed whose 3-question game opens with a true/false question whose answer is False. (A game of
    // fewer than 3 questions has none: at most a third of a game is true/false.)
    h = await startQuizHarness({ seed: firstSeed((qs) => qs[0]?.kind === 'true-false' && qs[0].answer === 1) });
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => checkHarness(h));

  it('given a true/false question, it shows just True and False, a click locks in, and the reveal marks the right one with the buttons disabled', async () => {
    const quiz = h.channel('Big City Fans', 'quiz');
    const tally = new Tally(h);
    await startQuiz(h, quiz, 'alice', { rounds: 3, seconds: 10 });
    await overPause(h, INTRO_MS);
    const q = await questionOnScreen(h, quiz, 1, 3);
    expect(q.labels, 'the seed no longer gives a true/false question').toEqual(['True', 'False']);
    const asked = (await savedState(h, quiz))?.questions[0];
    expect(asked?.kind).toBe('true-false');
    expect(embedOf(q.message).description?.startsWith(`${asked?.prompt}\n\n`)).toBe(true);
    // The right answer, from the generator itself rather than from what the bot saved.
    const canonical = bankQuestions(buildBank(dataset))
      .map((b) => b.question)
      .find((g) => g.id === asked?.id);
    expect(canonical && canonical.options[canonical.answer]).toBe(q.correctLabel);
    expect(q.correctLabel, 'the seed no longer gives a false statement').toBe('False');

    await at(h, q, 2_000);
    expect(await click(h, q.message.id, 'alice', { label: 'False' })).toBe(locked('False', q));
    await at(h, q, 4_000);
    expect(await click(h, q.message.id, 'bob', { label: 'True' })).toBe(locked('True', q));
    expect(await click(h, q.message.id, 'bob', { label: 'False' })).toBe('You already answered **True** to this question. One answer per question.');

    const reveal = await toReveal(h, quiz, q);
    expectReveal(h, reveal, q, tally.round(q, [
      { user: 'alice', label: 'False', elapsedMs: 2_000 },
      { user: 'bob', label: 'True', elapsedMs: 4_000 },
    ]), 2, tally);
    // True/false reveals name the answer alone (no "B. text" as for A–D), then the correct statement.
    expect(embedOf(reveal).description).toContain(`Answer: **False**\n${asked?.explanation ?? ''}`);
    expect(h.sim.buttons(reveal.id).map((b) => ({ label: b.label, disabled: b.disabled }))).toEqual([
      { label: 'True', disabled: true },
      { label: 'False', disabled: true },
      { label: 'Report', disabled: false },
    ]);
    await overPause(h);
    // The other two questions pass unanswered; the game still plays to its end.
    for (const n of [2, 3]) {
      await toReveal(h, quiz, await questionOnScreen(h, quiz, n, 3));
      await overPause(h);
    }
    expect(await standingsText(h, quiz)).toContain('Quiz complete: 3 questions played.');
  });
});

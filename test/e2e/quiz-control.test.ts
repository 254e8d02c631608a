/**
 * Starting and stopping quizzes end to end (one per channel, who may stop, early ends, where a
 * quiz cannot run), and /quiz practice in a DM and in a server.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './harness.js';
import {
  INTRO_MS,
  Tally,
  at,
  click,
  contentOf,
  embedOf,
  titleOf,
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
  stats,
  time,
  toReveal,
  waitForTitle,
} from './quiz-helpers.js';

function checkHarness(h: Harness | undefined): void {
  if (!h) return;
  h.sim.assertNoViolations();
  expect(h.sim.messagesAllowingEveryone()).toEqual([]);
}

const FORBIDDEN_STOP = (hostId: string): string =>
  `Only the host (<@${hostId}>), the quiz role or members with Manage Server can stop this quiz.`;

describe('one quiz per channel, and who may stop it', () => {
  let h: Harness;
  let quiz: string;
  let general: string;
  let guildId: string;

  beforeAll(async () => {
    h = await startQuizHarness();
    quiz = h.channel('Big City Fans', 'quiz');
    general = h.channel('Big City Fans', 'general');
    guildId = h.sim.guild('Big City Fans').id;
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => checkHarness(h));

  it('given a quiz in its intro, a second /quiz start in that channel gets a private "already running" with a link to the intro', async () => {
    const { intro } = await startQuiz(h, quiz, 'alice', { rounds: 5, seconds: 20 });
    const text = await ephemeralReply(h, h.sim.command({ channelId: quiz, userId: 'bob', name: 'quiz start' }), 'bob');
    expect(text).toBe(
      `A quiz is already running in this channel: https://discord.com/channels/${guildId}/${quiz}/${intro.id}` +
        ' One quiz per channel; wait for it to end or ask the host to `/quiz stop`.',
    );
  });

  it('given a question on screen, a second /quiz start links to that question, and nothing new is posted', async () => {
    await overPause(h, INTRO_MS);
    const q1 = await questionOnScreen(h, quiz, 1, 5);
    const before = publicMessages(h, quiz).length;
    const text = await ephemeralReply(h, h.sim.command({ channelId: quiz, userId: 'mod', name: 'quiz start', options: { rounds: 2 } }), 'mod');
    expect(text).toContain(`https://discord.com/channels/${guildId}/${quiz}/${q1.message.id}`);
    expect(text).toContain('A quiz is already running in this channel');
    expect(publicMessages(h, quiz)).toHaveLength(before);
  });

  it('given bob, neither host nor moderator, /quiz stop is refused privately and the quiz carries on', async () => {
    const text = await ephemeralReply(h, h.sim.command({ channelId: quiz, userId: 'bob', name: 'quiz stop' }), 'bob');
    expect(text).toBe(FORBIDDEN_STOP(h.sim.userId('alice')));
    expect((await savedState(h, quiz))?.phase).toBe('asking');
    const q1 = await questionOnScreen(h, quiz, 1, 5);
    await at(h, q1, 1_000);
    expect(await click(h, q1.message.id, 'bob', { label: q1.correctLabel })).toContain('is locked in');
  });

  it('given another channel, a quiz can run there at the same time, and its host can stop it', async () => {
    const earlier = messageIds(h, general);
    await startQuiz(h, general, 'carol', { rounds: 3, seconds: 10 });
    expect((await savedState(h, general))?.hostId).toBe(h.sim.userId('carol'));
    // alice hosts the quiz in #quiz, not this one.
    expect(await ephemeralReply(h, h.sim.command({ channelId: general, userId: 'alice', name: 'quiz stop' }), 'alice')).toBe(
      FORBIDDEN_STOP(h.sim.userId('carol')),
    );
    const stop = await ephemeralReply(h, h.sim.command({ channelId: general, userId: 'carol', name: 'quiz stop' }), 'carol');
    expect(stop).toBe('Quiz stopped. The final standings are posted in the channel.');
    expect(await standingsText(h, general, earlier)).toBe(
      'Stopped with /quiz stop before the first question.\n\nNobody answered.\n\nScores are saved: see `/quiz leaderboard` and `/quiz stats`.',
    );
    expect(await savedState(h, general)).toBeUndefined();
    expect(await ephemeralReply(h, h.sim.command({ channelId: general, userId: 'carol', name: 'quiz stop' }), 'carol')).toBe(
      'No quiz is running in this channel.',
    );
    // The quiz in #quiz was not touched.
    expect((await savedState(h, quiz))?.phase).toBe('asking');
  });

  it('given a moderator (Manage Server), /quiz stop mid-question scores the open round, posts the standings and records what was played', async () => {
    const tally = new Tally(h);
    const q1 = await questionOnScreen(h, quiz, 1, 5);
    // bob answered question 1 at 1 s in the test above.
    expectReveal(h, await toReveal(h, quiz, q1), q1, tally.round(q1, [{ user: 'bob', label: q1.correctLabel, elapsedMs: 1_000 }]), 1, tally);
    await overPause(h);
    const q2 = await questionOnScreen(h, quiz, 2, 5);
    await at(h, q2, 2_000);
    await click(h, q2.message.id, 'alice', { label: q2.correctLabel });
    await at(h, q2, 3_000);
    await click(h, q2.message.id, 'carol', { label: q2.wrongLabel });

    const stop = await ephemeralReply(h, h.sim.command({ channelId: quiz, userId: 'mod', name: 'quiz stop' }), 'mod');
    expect(stop).toBe('Quiz stopped. The final standings are posted in the channel.');
    // The open question is closed early; its answers count as they were clicked.
    const reveal2 = await waitForTitle(h, quiz, 'Question 2 of 5: time is up');
    expectReveal(h, reveal2, q2, tally.round(q2, [
      { user: 'alice', label: q2.correctLabel, elapsedMs: 2_000 },
      { user: 'carol', label: q2.wrongLabel, elapsedMs: 3_000 },
    ]), 2, tally);
    expect(await standingsText(h, quiz)).toBe(
      `Stopped with /quiz stop after 2 of 5 questions.\n\n${tally.standingsLines().join('\n')}\n\nScores are saved: see \`/quiz leaderboard\` and \`/quiz stats\`.`,
    );
    expect(await savedState(h, quiz)).toBeUndefined();
    const board = await leaderboard(h, { channelId: quiz }, 'carol');
    expect(board.lines).toEqual(tally.leaderboardLines());
    expect(board.footer).toBe('3 players on this board');
    // Nothing more happens in the channel: no question 3 after the pause.
    const after = publicMessages(h, quiz).length;
    await time(h).scheduler.advance(60_000);
    expect(time(h).scheduler.pending()).toBe(0);
    expect(publicMessages(h, quiz)).toHaveLength(after);
    expect(await click(h, q2.message.id, 'bob', { label: q2.correctLabel }, true)).toBe('That quiz has finished.');
  });

  it('given the server owner, /quiz stop ends a quiz she did not start', async () => {
    const earlier = messageIds(h, quiz);
    await startQuiz(h, quiz, 'bob', { rounds: 2, seconds: 10 });
    expect(await ephemeralReply(h, h.sim.command({ channelId: quiz, userId: 'olivia', name: 'quiz stop' }), 'olivia')).toBe(
      'Quiz stopped. The final standings are posted in the channel.',
    );
    expect(await standingsText(h, quiz, earlier)).toBe('Stopped with /quiz stop before the first question.\n\nNobody answered.\n\nScores are saved: see `/quiz leaderboard` and `/quiz stats`.');
  });

  it('given two members pressing /quiz start at once in one channel, one quiz starts and the other hears "already running" with its link', async () => {
    const earlier = messageIds(h, quiz);
    const first = h.sim.command({ channelId: quiz, userId: 'alice', name: 'quiz start', options: { rounds: 2 } });
    const second = h.sim.command({ channelId: quiz, userId: 'carol', name: 'quiz start', options: { rounds: 3 } });
    const answers = [await ephemeralReply(h, first, 'alice'), await ephemeralReply(h, second, 'carol')];
    const intro = await waitForTitle(h, quiz, 'Love in the Big City quiz', earlier);
    expect(answers.filter((a) => /^Quiz started: \d+ questions\. Good luck!$/.test(a))).toHaveLength(1);
    expect(answers.filter((a) => a.startsWith(`A quiz is already running in this channel: https://discord.com/channels/${guildId}/${quiz}/${intro.id} `))).toHaveLength(1);
    expect(publicMessages(h, quiz).filter((m) => !earlier.has(m.id))).toHaveLength(1);
    expect(await ephemeralReply(h, h.sim.command({ channelId: quiz, userId: 'mod', name: 'quiz stop' }), 'mod')).toContain('Quiz stopped.');
  });

  it('given /quiz stop where no quiz runs, the answer says so', async () => {
    expect(await ephemeralReply(h, h.sim.command({ channelId: quiz, userId: 'mod', name: 'quiz stop' }), 'mod')).toBe(
      'No quiz is running in this channel.',
    );
  });
});

describe('a quiz nobody answers', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startQuizHarness();
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => checkHarness(h));

  it('given three questions in a row with no answer, the quiz ends early with standings saying so', async () => {
    const quiz = h.channel('Big City Fans', 'quiz');
    await startQuiz(h, quiz, 'alice', { rounds: 5, seconds: 10 });
    await time(h).scheduler.runAll();
    expect(await standingsText(h, quiz)).toBe(
      'Ended early after 3 of 5 questions: three questions in a row went unanswered.\n\nNobody answered.\n\nScores are saved: see `/quiz leaderboard` and `/quiz stats`.',
    );
    expect(publicMessages(h, quiz).map((m) => titleOf(m))).toEqual([
      'Love in the Big City quiz',
      'Question 1 of 5: time is up',
      'Question 2 of 5: time is up',
      'Question 3 of 5: time is up',
      'Final standings',
    ]);
    expect(await savedState(h, quiz)).toBeUndefined();
    expect((await leaderboard(h, { channelId: quiz }, 'alice')).lines).toEqual(['No scores yet. Start one with `/quiz start`!']);
  });

  it('given an answer after two silent questions, the count starts again: three more silent ones end it', async () => {
    const general = h.channel('Big City Fans', 'general');
    await startQuiz(h, general, 'bob', { rounds: 8, seconds: 10 });
    const tally = new Tally(h);
    await overPause(h, INTRO_MS);
    for (const n of [1, 2]) {
      const q = await questionOnScreen(h, general, n, 8);
      await toReveal(h, general, q);
      tally.round(q, []);
      await overPause(h);
    }
    const q3 = await questionOnScreen(h, general, 3, 8);
    await at(h, q3, 4_000);
    await click(h, q3.message.id, 'carol', { label: q3.correctLabel });
    expectReveal(h, await toReveal(h, general, q3), q3, tally.round(q3, [{ user: 'carol', label: q3.correctLabel, elapsedMs: 4_000 }]), 1, tally);
    await time(h).scheduler.runAll();
    expect(await standingsText(h, general)).toBe(
      `Ended early after 6 of 8 questions: three questions in a row went unanswered.\n\n${tally.standingsLines().join('\n')}\n\nScores are saved: see \`/quiz leaderboard\` and \`/quiz stats\`.`,
    );
    expect((await leaderboard(h, { channelId: general }, 'carol')).lines).toEqual(tally.leaderboardLines());
  });
});

describe('where a quiz cannot start', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startQuizHarness();
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => checkHarness(h));

  it('given a DM, /quiz start and /quiz stop are refused with a pointer to /quiz practice', async () => {
    expect(await ephemeralReply(h, h.sim.command({ dm: true, userId: 'alice', name: 'quiz start', options: { rounds: 3 } }), 'alice')).toBe(
      'Quizzes run in server channels. Here in DMs, try `/quiz practice` for a question of your own.',
    );
    expect(await ephemeralReply(h, h.sim.command({ dm: true, userId: 'alice', name: 'quiz stop' }), 'alice')).toBe('There are no quizzes in DMs.');
    expect(publicMessages(h, h.sim.dmChannelId('alice'))).toEqual([]);
  });

  it('given out-of-range or unknown options sent anyway (the client would refuse them), the answer names the allowed values and nothing starts', async () => {
    const quiz = h.channel('Big City Fans', 'quiz');
    const cases: [Record<string, string | number>, string][] = [
      [{ rounds: 0 }, "Those options don't work: rounds must be a whole number from 1 to 30"],
      [{ rounds: 31 }, "Those options don't work: rounds must be a whole number from 1 to 30"],
      [{ seconds: 9 }, "Those options don't work: seconds must be a whole number from 10 to 60"],
      [{ seconds: 61 }, "Those options don't work: seconds must be a whole number from 10 to 60"],
      [{ scope: 'everything' }, '`scope` must be one of: all, film, series, novel.'],
      [{ difficulty: 'insane' }, '`difficulty` must be one of: mixed, easy, medium, hard.'],
      [
        { spoilers: 'series-9' },
        '`spoilers` must be `none`, `film`, `series-N` (episodes 1–N, N up to 8), `novel-N` (stories 1–N, up to 4), `all`, or several joined by `+`, e.g. `film+series-4`.',
      ],
      [{ spoilers: 'series-2+series-3' }, '`spoilers` must be `none`, `film`, `series-N` (episodes 1–N, N up to 8), `novel-N` (stories 1–N, up to 4), `all`, or several joined by `+`, e.g. `film+series-4`.'],
    ];
    for (const [options, expected] of cases) {
      const ix = h.sim.command({ channelId: quiz, userId: 'alice', name: 'quiz start', options, force: true });
      expect(await ephemeralReply(h, ix, 'alice'), JSON.stringify(options)).toBe(expected);
    }
    expect(publicMessages(h, quiz)).toEqual([]);
    expect(await savedState(h, quiz)).toBeUndefined();
  });

  for (const [channel, missing] of [
    ['read-only', 'Send Messages and Embed Links permissions'],
    ['no-embeds', 'Embed Links permission'],
  ] as const) {
    it(`given #${channel}, /quiz start names the missing permission privately and posts nothing`, async () => {
      const channelId = h.channel('Big City Fans', channel);
      const text = await ephemeralReply(h, h.sim.command({ channelId, userId: 'alice', name: 'quiz start' }), 'alice');
      expect(text).toBe(`I can't run a quiz here: I'm missing the ${missing} in this channel.`);
      expect(publicMessages(h, channelId)).toEqual([]);
      expect(h.sim.requests.filter((r) => r.method === 'POST' && r.path.includes(`/channels/${channelId}/`))).toEqual([]);
      expect(await savedState(h, channelId)).toBeUndefined();
      // Nothing was left waiting to post later either.
      await time(h).scheduler.advance(60_000);
      expect(publicMessages(h, channelId)).toEqual([]);
    });
  }
});

describe('/quiz practice', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startQuizHarness();
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => checkHarness(h));

  /** Asks for a practice question and answers it with its first button; returns whether that was right. */
  async function practise(where: { channelId: string } | { dm: true }, user: string, answered: number): Promise<boolean> {
    const ix = h.sim.command({ ...where, userId: user, name: 'quiz practice' });
    const question = await ix.waitForReply();
    expect(ix.ephemeral).toBe(true);
    expect(embedOf(question).title).toBe('Practice question');
    const buttons = h.sim.buttons(question.id);
    expect(buttons.length).toBeGreaterThanOrEqual(2);
    expect(buttons.every((b) => !b.disabled && b.customId?.startsWith('practice:'))).toBe(true);

    const press = h.sim.click({ messageId: question.id, userId: user, label: buttons[0]?.label ?? '' });
    const updated = await press.waitForReply();
    // The click updates the question message itself (no new message).
    expect(updated.id).toBe(question.id);
    expect(press.callbacks.map((c) => c.type)).toEqual([7]);
    const title = embedOf(updated).title;
    expect(['Correct!', 'Not quite']).toContain(title);
    // The answers are disabled; under them, Next question and Report stay enabled.
    const after = h.sim.buttons(question.id);
    expect(after.filter((b) => b.customId?.startsWith('practice:')).every((b) => b.disabled)).toBe(true);
    expect(after.filter((b) => !b.customId?.startsWith('practice:')).map((b) => [b.label, b.disabled])).toEqual([
      ['Next question', false],
      ['Report', false],
    ]);
    const right = title === 'Correct!';
    // The answer shows at once; the practice record line follows once the store counted it.
    const recorded = await h.sim.waitForMessage((m) => m.id === question.id && /Practice record/.test(embedOf(m).description ?? ''), {
      description: 'the practice record line',
    });
    expect(embedOf(recorded).description).toMatch(new RegExp(`Practice record: \\d+/${answered} correct\\.`));
    // A second press (forced: the buttons are disabled) is refused.
    expect(await click(h, question.id, user, { label: buttons[1]?.label ?? '' }, true)).toBe('You already answered that practice question.');
    return right;
  }

  it('given a DM and a server channel, bob practises privately and his practice record counts both', async () => {
    let correct = 0;
    if (await practise({ dm: true }, 'bob', 1)) correct++;
    if (await practise({ channelId: h.channel('Big City Fans', 'general') }, 'bob', 2)) correct++;
    // From a DM the card is about every server; bob has played no game anywhere.
    expect(await stats(h, { dm: true }, 'bob')).toEqual({ title: "bob's quiz record", lines: ['No quiz games yet.', `Practice: ${correct}/2 correct`] });
  });

  it('given practice answers, the leaderboards stay untouched', async () => {
    const general = h.channel('Big City Fans', 'general');
    for (const options of [{}, { scope: 'global' }, { period: 'month' }]) {
      const board = await leaderboard(h, { channelId: general }, 'bob', options);
      expect(board.lines).toEqual(['No scores yet. Start one with `/quiz start`!']);
      expect(board.footer).toBe('0 players on this board');
    }
    expect((await stats(h, { channelId: general }, 'bob')).lines[0]).toBe('No quiz games on this server yet.');
  });

  it('given someone else\'s practice question, a forced click gets "belongs to someone else" and leaves it as it was', async () => {
    const general = h.channel('Big City Fans', 'general');
    const question = await h.sim.command({ channelId: general, userId: 'carol', name: 'quiz practice' }).waitForReply();
    const label = h.sim.buttons(question.id)[0]?.label ?? '';
    // Discord would not even show alice carol's ephemeral message.
    expect(() => h.sim.click({ messageId: question.id, userId: 'alice', label })).toThrow(/ephemeral/);
    expect(await click(h, question.id, 'alice', { label }, true)).toBe(
      'That practice question belongs to someone else. Ask for your own with `/quiz practice`.',
    );
    expect(embedOf(h.sim.message(question.id) ?? question).title).toBe('Practice question');
    expect((await stats(h, { channelId: general }, 'alice')).lines.at(-1)).toBe('Practice: no questions yet');
    // carol can still answer it.
    const updated = await h.sim.click({ messageId: question.id, userId: 'carol', label }).waitForReply();
    expect(['Correct!', 'Not quite']).toContain(embedOf(updated).title);
    expect(contentOf(updated)).toBe('');
  });

  it('given a forged practice button id, the click gets a clear private answer', async () => {
    const question = await h.sim.command({ dm: true, userId: 'carol', name: 'quiz practice' }).waitForReply();
    expect(await click(h, question.id, 'carol', { customId: 'practice:zzzz:1' }, true)).toBe(
      'That practice question has expired. Ask for a new one with `/quiz practice`.',
    );
    expect(await click(h, question.id, 'carol', { customId: 'practice:../x' }, true)).toBe("That button doesn't belong to a practice question.");
  });
});

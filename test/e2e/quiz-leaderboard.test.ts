/**
 * /quiz leaderboard and /quiz stats end to end on boards with more players than the top 10:
 * the caller's own rank, server against global, all-time against this month and this ISO week,
 * and the month and the week rolling over. Most scores are seeded straight into the bot's store (as many finished games
 * would leave them); the December game is played through the buttons.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './harness.js';
import {
  INTRO_MS,
  Tally,
  at,
  click,
  ephemeralReply,
  leaderboard,
  overPause,
  questionOnScreen,
  standingsText,
  startQuiz,
  startQuizHarness,
  stats,
  statsLines,
  expectStatsOpen,
  boardLine,
  time,
  toReveal,
} from './quiz-helpers.js';

const NOVEMBER = Date.UTC(2026, 10, 21, 12); // the harness clock's start
const OCTOBER = Date.UTC(2026, 9, 15, 12);
const DECEMBER = Date.UTC(2026, 11, 1, 0, 0, 5); // a Tuesday: its week (2026-W49) began in November
const EARLIER_THIS_WEEK = Date.UTC(2026, 10, 16, 9); // Monday of NOVEMBER's week, 2026-W47
const LAST_WEEK = Date.UTC(2026, 10, 15, 23, 59); // Sunday: 2026-W46, the same month

interface Player {
  readonly name: string;
  readonly userId: string;
  readonly points: number;
  readonly guild: 'fans' | 'other';
  readonly at: number;
}

describe('/quiz leaderboard and /quiz stats with more than ten players', () => {
  let h: Harness;
  let quiz: string;
  let players: Player[];

  const id = (p: string): string => players.find((x) => x.name === p)?.userId ?? h.sim.userId(p);

  /** Expected top lines and total of a board made of `on` (points desc, then user id). */
  function board(on: readonly Player[]): { lines: string[]; total: number; rankOf: (name: string) => number } {
    const sorted = [...on].sort((a, b) => b.points - a.points || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
    const rankOf = (name: string): number => {
      const p = on.find((x) => x.name === name);
      if (!p) throw new Error(`${name} is not on this board`);
      return 1 + on.filter((x) => x.points > p.points).length;
    };
    const lines = sorted.slice(0, 10).map((p) => `${rankOf(p.name)}. <@${p.userId}>: **${p.points}** pts · 1/1 correct`);
    return { lines, total: on.length, rankOf };
  }
  const fansAllTime = (): Player[] => players.filter((p) => p.guild === 'fans');
  const inNovember = (p: Player): boolean => p.at !== OCTOBER;
  const inWeek = (p: Player): boolean => p.at === NOVEMBER || p.at === EARLIER_THIS_WEEK;
  const fansMonth = (): Player[] => fansAllTime().filter(inNovember);
  const fansWeek = (): Player[] => fansAllTime().filter(inWeek);
  const globalAllTime = (): Player[] => players;
  const globalMonth = (): Player[] => players.filter(inNovember);
  const globalWeek = (): Player[] => players.filter(inWeek);

  beforeAll(async () => {
    h = await startQuizHarness();
    quiz = h.channel('Big City Fans', 'quiz');
    expect(time(h).clock.now()).toBe(NOVEMBER);
    const seeded = (i: number): string => String(900_000_000_000_000_000n + BigInt(i));
    players = [
      ...Array.from({ length: 12 }, (_, i): Player => ({ name: `fan${i}`, userId: seeded(i), points: 1_000 - 50 * i, guild: 'fans', at: NOVEMBER })),
      { name: 'veteran', userId: seeded(50), points: 3_000, guild: 'fans', at: OCTOBER },
      // This month, but the week before: on the month board, not on the week's.
      { name: 'lastweek', userId: seeded(51), points: 30, guild: 'fans', at: LAST_WEEK },
      // The first hours of the week (Monday 09:00 UTC): on it.
      { name: 'monday', userId: seeded(52), points: 35, guild: 'fans', at: EARLIER_THIS_WEEK },
      { name: 'bob', userId: h.sim.userId('bob'), points: 2_000, guild: 'fans', at: NOVEMBER },
      // alice and carol tie: they share a rank.
      { name: 'alice', userId: h.sim.userId('alice'), points: 40, guild: 'fans', at: NOVEMBER },
      { name: 'carol', userId: h.sim.userId('carol'), points: 40, guild: 'fans', at: NOVEMBER },
      { name: 'elsewhere1', userId: seeded(60), points: 5_000, guild: 'other', at: NOVEMBER },
      { name: 'elsewhere2', userId: seeded(61), points: 4_000, guild: 'other', at: NOVEMBER },
    ];
    const guildIds = { fans: h.sim.guild('Big City Fans').id, other: h.sim.guild('Other Server').id };
    for (const p of players) {
      await h.bot.ctx.store.scores.commitRound(guildIds[p.guild], `seed:${p.name}`, [{ userId: p.userId, points: p.points, correct: true, streak: 1 }], p.at);
    }
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => {
    h.sim.assertNoViolations();
    expect(h.sim.messagesAllowingEveryone()).toEqual([]);
  });

  it('given alice outside the top 10 of the server, her board shows the top 10 and then her own rank', async () => {
    const expected = board(fansAllTime());
    expect(expected.rankOf('alice')).toBe(15);
    const shown = await leaderboard(h, { channelId: quiz }, 'alice');
    expect(shown).toEqual({
      title: 'Server leaderboard · all time',
      lines: [...expected.lines, '…', `15. <@${id('alice')}> (you): **40** pts · 1/1 correct`],
      footer: `${fansAllTime().length} players on this board`,
    });
    // carol has the same points: the same rank.
    expect((await leaderboard(h, { channelId: quiz }, 'carol')).lines.at(-1)).toBe(`15. <@${id('carol')}> (you): **40** pts · 1/1 correct`);
  });

  it('given bob inside the top 10, or olivia with no score, the board has no extra line', async () => {
    const expected = board(fansAllTime()).lines;
    expect(expected[1]).toBe(`2. <@${id('bob')}>: **2000** pts · 1/1 correct`);
    expect((await leaderboard(h, { channelId: quiz }, 'bob')).lines).toEqual(expected);
    expect((await leaderboard(h, { channelId: quiz }, 'olivia')).lines).toEqual(expected);
  });

  it('given period:month, October\'s points are left out of the server board', async () => {
    const expected = board(fansMonth());
    const shown = await leaderboard(h, { channelId: quiz }, 'alice', { period: 'month' });
    expect(shown).toEqual({
      title: 'Server leaderboard · this month (UTC)',
      lines: [...expected.lines, '…', `${expected.rankOf('alice')}. <@${id('alice')}> (you): **40** pts · 1/1 correct`],
      footer: `${fansMonth().length} players on this board`,
    });
    expect(shown.lines.join('\n')).not.toContain(id('veteran'));
  });

  it("given period:week, only this ISO week's points (since Monday 00:00 UTC) are on the board, in English and in Korean", async () => {
    expect(fansWeek().length).toBe(fansMonth().length - 1);
    const expected = board(fansWeek());
    const mine = `${expected.rankOf('alice')}. <@${id('alice')}> (you): **40** pts · 1/1 correct`;
    const shown = await leaderboard(h, { channelId: quiz }, 'alice', { period: 'week' });
    expect(shown).toEqual({ title: 'Server leaderboard · this week (UTC)', lines: [...expected.lines, '…', mine], footer: `${fansWeek().length} players on this board` });
    const global = await leaderboard(h, { channelId: quiz }, 'alice', { scope: 'global', period: 'week' });
    expect(global.title).toBe('Global leaderboard · this week (UTC)');
    expect(global.lines.slice(0, 10)).toEqual(board(globalWeek()).lines);
    expect(global.footer).toBe(`${globalWeek().length} players on this board`);

    // A server that speaks Korean posts the same board in Korean.
    const fansId = h.sim.guild('Big City Fans').id;
    await h.bot.ctx.store.settings.update(fansId, { language: 'ko' });
    try {
      const korean = await leaderboard(h, { channelId: quiz }, 'alice', { period: 'week' });
      expect(korean).toEqual({
        title: '서버 순위표 · 이번 주 (UTC)',
        lines: [
          ...expected.lines.map((l) => l.replace(/: \*\*(\d+)\*\* pts · 1\/1 correct$/, ' **$1**점 · 정답 1/1')),
          '…',
          `${expected.rankOf('alice')}. <@${id('alice')}> (나) **40**점 · 정답 1/1`,
        ],
        footer: `이 순위표에 ${fansWeek().length}명이 있어요`,
      });
      const card = await stats(h, { channelId: quiz }, 'alice');
      expect(card.lines[3]).toBe(`이번 주: **40**점 · ${fansWeek().length}명 중 ${expected.rankOf('alice')}위`);
    } finally {
      await h.bot.ctx.store.settings.update(fansId, { language: null });
    }
  });

  it('given scope:global, players of the other server come in, all-time and this month', async () => {
    for (const [period, on, title] of [
      ['all-time', globalAllTime(), 'Global leaderboard · all time'],
      ['month', globalMonth(), 'Global leaderboard · this month (UTC)'],
    ] as const) {
      const expected = board(on);
      const shown = await leaderboard(h, { channelId: quiz }, 'alice', { scope: 'global', period });
      expect(shown).toEqual({
        title,
        lines: [...expected.lines, '…', `${expected.rankOf('alice')}. <@${id('alice')}> (you): **40** pts · 1/1 correct`],
        footer: `${on.length} players on this board`,
      });
      expect(shown.lines[0]).toBe(`1. <@${id('elsewhere1')}>: **5000** pts · 1/1 correct`);
    }
  });

  it('given a DM, the board is the global one, and scope:server is refused', async () => {
    const expected = board(globalAllTime());
    const shown = await leaderboard(h, { dm: true }, 'alice');
    expect(shown.title).toBe('Global leaderboard · all time');
    expect(shown.lines.slice(0, 10)).toEqual(expected.lines);
    expect(await ephemeralReply(h, h.sim.command({ dm: true, userId: 'alice', name: 'quiz leaderboard', options: { scope: 'server' } }), 'alice')).toBe(
      'There is no server board in DMs; use `scope:global`.',
    );
  });

  it('given /quiz stats, alice sees her rank on each board', async () => {
    const card = await stats(h, { channelId: quiz }, 'alice');
    expect(card.title).toBe("alice's quiz record");
    expectStatsOpen(card, statsLines(40, 15, fansAllTime().length, 1, 1, 0, 1));
    // One line each for this month, this week and every server, then practice: no repeated blocks.
    expect(card.lines.slice(2)).toEqual([
      boardLine('This month', 40, board(fansMonth()).rankOf('alice'), fansMonth().length),
      boardLine('This week', 40, board(fansWeek()).rankOf('alice'), fansWeek().length),
      boardLine('All servers', 40, board(globalAllTime()).rankOf('alice'), globalAllTime().length),
      'Practice: no questions yet',
    ]);
    const bobs = await stats(h, { channelId: quiz }, 'alice', { user: 'bob' });
    expect(bobs.title).toBe("bob's quiz record");
    expectStatsOpen(bobs, statsLines(2_000, 2, fansAllTime().length, 1, 1, 0, 1));
    // From a DM the card is about every server.
    const dm = await stats(h, { dm: true }, 'alice');
    expectStatsOpen(dm, statsLines(40, board(globalAllTime()).rankOf('alice'), globalAllTime().length, 1, 1, 0, 1, 'global'));
    expect(dm.lines.slice(2)).toEqual([
      boardLine('This month', 40, board(globalMonth()).rankOf('alice'), globalMonth().length),
      boardLine('This week', 40, board(globalWeek()).rankOf('alice'), globalWeek().length),
      'Practice: no questions yet',
    ]);
  });

  it('given the month and the week roll over, their boards start empty, and a December game fills them while all-time keeps adding up', async () => {
    time(h).clock.set(DECEMBER);
    for (const scope of ['server', 'global'] as const) {
      for (const period of ['month', 'week'] as const) {
        const empty = await leaderboard(h, { channelId: quiz }, 'alice', { scope, period });
        expect(empty.lines).toEqual(['No scores yet. Start one with `/quiz start`!']);
        expect(empty.footer).toBe('0 players on this board');
      }
    }

    await startQuiz(h, quiz, 'alice', { rounds: 1, seconds: 10 });
    await overPause(h, INTRO_MS);
    const q = await questionOnScreen(h, quiz, 1, 1);
    await at(h, q, 2_500);
    await click(h, q.message.id, 'alice', { label: q.correctLabel });
    await toReveal(h, quiz, q);
    await overPause(h);
    const tally = new Tally(h);
    tally.round(q, [{ user: 'alice', label: q.correctLabel, elapsedMs: 2_500 }]);
    expect(await standingsText(h, quiz)).toContain(tally.standingsLines()[0]);
    const gained = tally.get('alice').points;

    for (const scope of ['server', 'global'] as const) {
      for (const period of ['month', 'week'] as const) {
        const shown = await leaderboard(h, { channelId: quiz }, 'alice', { scope, period });
        expect(shown.lines).toEqual([`1. <@${id('alice')}>: **${gained}** pts · 1/1 correct`]);
        expect(shown.footer).toBe('1 player on this board');
      }
    }
    const week = await leaderboard(h, { channelId: quiz }, 'bob', { period: 'week' });
    expect(week.title).toBe('Server leaderboard · this week (UTC)');
    // The same board from a server that speaks Korean.
    const fansId = h.sim.guild('Big City Fans').id;
    await h.bot.ctx.store.settings.update(fansId, { language: 'ko' });
    try {
      const korean = await leaderboard(h, { channelId: quiz }, 'bob', { period: 'week' });
      expect(korean).toEqual({ title: '서버 순위표 · 이번 주 (UTC)', lines: [`1. <@${id('alice')}> **${gained}**점 · 정답 1/1`], footer: '이 순위표에 1명이 있어요' });
    } finally {
      await h.bot.ctx.store.settings.update(fansId, { language: null });
    }
    players = players.map((p) => (p.name === 'alice' ? { ...p, points: p.points + gained } : p));
    const allTime = await leaderboard(h, { channelId: quiz }, 'alice');
    const rank = board(fansAllTime()).rankOf('alice');
    expect(allTime.lines.at(-1)).toBe(`${rank}. <@${id('alice')}> (you): **${40 + gained}** pts · 2/2 correct`);
    const card = await stats(h, { channelId: quiz }, 'alice');
    expect(card.lines[2]).toBe(boardLine('This month', gained, 1, 1));
    expect(card.lines[3]).toBe(boardLine('This week', gained, 1, 1));
  });
});

/**
 * /quiz leaderboard and /quiz stats end to end on boards with more players than the top 10:
 * the caller's own rank, server against global, all-time against this month, and the month
 * rolling over. Most scores are seeded straight into the bot's store (as many finished games
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
const DECEMBER = Date.UTC(2026, 11, 1, 0, 0, 5);

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
  const fansMonth = (): Player[] => fansAllTime().filter((p) => p.at === NOVEMBER);
  const globalAllTime = (): Player[] => players;
  const globalMonth = (): Player[] => players.filter((p) => p.at === NOVEMBER);

  beforeAll(async () => {
    h = await startQuizHarness();
    quiz = h.channel('Big City Fans', 'quiz');
    expect(time(h).clock.now()).toBe(NOVEMBER);
    const seeded = (i: number): string => String(900_000_000_000_000_000n + BigInt(i));
    players = [
      ...Array.from({ length: 12 }, (_, i): Player => ({ name: `fan${i}`, userId: seeded(i), points: 1_000 - 50 * i, guild: 'fans', at: NOVEMBER })),
      { name: 'veteran', userId: seeded(50), points: 3_000, guild: 'fans', at: OCTOBER },
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
      footer: '16 players on this board',
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
      footer: '15 players on this board',
    });
    expect(shown.lines.join('\n')).not.toContain(id('veteran'));
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
    expectStatsOpen(card, statsLines(40, 15, 16, 1, 1, 0, 1));
    // One line each for this month and every server, then practice: no repeated blocks.
    expect(card.lines.slice(2)).toEqual([
      boardLine('This month', 40, board(fansMonth()).rankOf('alice'), 15),
      boardLine('All servers', 40, board(globalAllTime()).rankOf('alice'), 18),
      'Practice: no questions yet',
    ]);
    const bobs = await stats(h, { channelId: quiz }, 'alice', { user: 'bob' });
    expect(bobs.title).toBe("bob's quiz record");
    expectStatsOpen(bobs, statsLines(2_000, 2, 16, 1, 1, 0, 1));
    // From a DM the card is about every server.
    const dm = await stats(h, { dm: true }, 'alice');
    expectStatsOpen(dm, statsLines(40, board(globalAllTime()).rankOf('alice'), 18, 1, 1, 0, 1, 'global'));
    expect(dm.lines.slice(2)).toEqual([boardLine('This month', 40, board(globalMonth()).rankOf('alice'), 17), 'Practice: no questions yet']);
  });

  it('given the month rolls over, the month boards start empty, and a December game fills them while all-time keeps adding up', async () => {
    time(h).clock.set(DECEMBER);
    for (const scope of ['server', 'global'] as const) {
      const empty = await leaderboard(h, { channelId: quiz }, 'alice', { scope, period: 'month' });
      expect(empty.lines).toEqual(['No scores yet. Start one with `/quiz start`!']);
      expect(empty.footer).toBe('0 players on this board');
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
      const month = await leaderboard(h, { channelId: quiz }, 'alice', { scope, period: 'month' });
      expect(month.lines).toEqual([`1. <@${id('alice')}>: **${gained}** pts · 1/1 correct`]);
      expect(month.footer).toBe('1 player on this board');
    }
    players = players.map((p) => (p.name === 'alice' ? { ...p, points: p.points + gained } : p));
    const allTime = await leaderboard(h, { channelId: quiz }, 'alice');
    const rank = board(fansAllTime()).rankOf('alice');
    expect(allTime.lines.at(-1)).toBe(`${rank}. <@${id('alice')}> (you): **${40 + gained}** pts · 2/2 correct`);
    const card = await stats(h, { channelId: quiz }, 'alice');
    expect(card.lines[2]).toBe(boardLine('This month', gained, 1, 1));
  });
});

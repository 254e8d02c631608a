import { describe, expect, it } from 'vitest';
import { openStore, type AnswerResult } from '../../src/store/index.js';
import { FakeClock, OCT_15_2024, RecordingLogger, seededRandom } from './helpers.js';

const PLAYERS = 100_000;
const PER_ROUND = 2_000;

describe('leaderboard at scale', () => {
  it('given a guild with 100,000 scored players, the top 10 and individual ranks are exact', async () => {
    const store = await openStore('memory://', { clock: new FakeClock(OCT_15_2024), logger: new RecordingLogger() });
    const random = seededRandom(100_000);
    const points = new Map<string, number>();
    // Every player answers once; then every tenth answers again, moving between buckets once on the board.
    for (let pass = 0; pass < 2; pass += 1) {
      const stride = pass === 0 ? 1 : 10;
      for (let start = 0; start < PLAYERS; start += PER_ROUND * stride) {
        const results: AnswerResult[] = [];
        for (let i = start; i < Math.min(PLAYERS, start + PER_ROUND * stride); i += stride) {
          const userId = `p${i}`;
          const gained = Math.floor(random() * random() * 40_000);
          points.set(userId, (points.get(userId) ?? 0) + gained);
          results.push({ userId, points: gained, correct: gained > 0, streak: gained > 0 ? 1 : 0 });
        }
        await store.scores.commitRound('big', `pass${pass}:${start}`, results);
      }
    }

    const sorted = [...points].sort(([ua, a], [ub, b]) => b - a || (ua < ub ? -1 : 1));
    const rankOf = (p: number): number => {
      // sorted is descending: binary search for the first index with points <= p.
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((sorted[mid]?.[1] ?? 0) > p) lo = mid + 1;
        else hi = mid;
      }
      return lo + 1;
    };

    const board = await store.scores.leaderboard({ guildId: 'big' }, 'all-time', { userId: 'p4242' });
    expect(board.total).toBe(PLAYERS);
    expect(board.entries.map((e) => [e.userId, e.points, e.rank])).toEqual(
      sorted.slice(0, 10).map(([userId, p]) => [userId, p, rankOf(p)]),
    );
    const mine = points.get('p4242') ?? -1;
    expect(board.me).toMatchObject({ userId: 'p4242', points: mine, rank: rankOf(mine) });

    for (const [userId, answered] of [['p0', 2], ['p777', 1], ['p31330', 2], ['p65535', 1], ['p99999', 1]] as const) {
      const p = points.get(userId) ?? -1;
      const stats = await store.scores.stats(userId, 'global', 'all-time');
      expect(stats).toMatchObject({ points: p, rank: rankOf(p), players: PLAYERS, answered });
    }
    const last = sorted.at(-1);
    if (last === undefined) throw new Error('no players');
    expect((await store.scores.stats(last[0], { guildId: 'big' }, 'month'))?.rank).toBe(rankOf(last[1]));
    await store.close();
  }, 180_000);
});

/**
 * The store contract: one suite, run against every backend (test/store/memory.test.ts,
 * test/store/sqlite.test.ts), in the manner of keyv's @keyv/test-suite.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_GUILD_SETTINGS,
  MAX_SESSION_STATE_BYTES,
  SettingsValidationError,
  StoreInputError,
  type AnswerResult,
  type ScorePeriod,
  type OpenStoreOptions,
  type ScoreScope,
  type Store,
} from '../../src/store/index.js';
import { ALL_SPOILERS, NO_SPOILERS, type SpoilerSetting } from '../../src/data/spoilers.js';
import { MAX_HISTORY_FACTS } from '../../src/store/history.js';
import { KEEP, type KeyValueStore } from '../../src/store/kv.js';
import { openBackend, openStore, openStoreOn } from '../../src/store/open.js';
import { FakeClock, NOV_1_2024, OCT_15_2024, RecordingLogger } from './helpers.js';
import { uniqueName } from './remote.js';
import { describeReportContract } from './reports-contract.js';

export interface ContractStoreOptions {
  readonly clock: FakeClock;
  readonly logger: RecordingLogger;
  readonly settingsCacheTtlMs?: number;
}

export interface ContractHandle {
  readonly store: Store;
  /** The backend's key-value store under `store`: the same data, written directly as an older release did. */
  readonly kv: KeyValueStore;
  /** Opens another Store on the same data, as a restarted or second process would; absent when nothing persists. */
  readonly reopen?: (options: ContractStoreOptions) => Promise<Store>;
  /** Closes every store opened through this handle and removes its data. */
  dispose(): Promise<void>;
}

export interface ContractBackend {
  /** Whether data outlives a Store (then every handle has `reopen`). */
  readonly persistent: boolean;
  open(options: ContractStoreOptions): Promise<ContractHandle>;
}

const FILM: SpoilerSetting = { film: true, series: 0, novel: 0 };
const SERIES_2: SpoilerSetting = { film: false, series: 2, novel: 0 };
const FILM_SERIES_4: SpoilerSetting = { film: true, series: 4, novel: 0 };

const G1 = { guildId: 'g1' } as const;
const G2 = { guildId: 'g2' } as const;
const BOARDS: readonly (readonly [ScoreScope, ScorePeriod])[] = [
  [G1, 'all-time'],
  [G1, 'month'],
  ['global', 'all-time'],
  ['global', 'month'],
  [G1, 'week'],
  ['global', 'week'],
];
/** Monday 2024-10-28 00:00 UTC: 2024-W44 begins; it runs into November (NOV_1_2024 is its Friday). */
const MON_OCT_28_2024 = Date.UTC(2024, 9, 28);

function answer(userId: string, points: number, correct = points > 0, streak = correct ? 1 : 0): AnswerResult {
  return { userId, points, correct, streak };
}

/** Checks a board against the expected points per player: totals, top 10 order and ranks, every player's rank. */
async function expectBoard(
  store: Store,
  scope: ScoreScope,
  period: ScorePeriod,
  expected: Readonly<Record<string, number>>,
): Promise<void> {
  const sorted = Object.entries(expected).sort(([ua, a], [ub, b]) => b - a || (ua < ub ? -1 : 1));
  const rankOf = (points: number): number => 1 + sorted.filter(([, p]) => p > points).length;
  const board = await store.scores.leaderboard(scope, period, { limit: 10 });
  expect(board.total).toBe(sorted.length);
  expect(board.entries.map((e) => [e.userId, e.points, e.rank])).toEqual(
    sorted.slice(0, 10).map(([userId, points]) => [userId, points, rankOf(points)]),
  );
  for (const [userId, points] of sorted) {
    const stats = await store.scores.stats(userId, scope, period);
    expect(stats?.points, `${userId} on ${JSON.stringify(scope)} ${period}`).toBe(points);
    expect(stats?.rank).toBe(rankOf(points));
    expect(stats?.players).toBe(sorted.length);
  }
}

export function runStoreContract(name: string, backend: ContractBackend): void {
  describe(`store contract: ${name}`, () => {
    let clock: FakeClock;
    let logger: RecordingLogger;
    let handles: ContractHandle[];
    let handle: ContractHandle;
    let store: Store;

    const open = async (extra: Partial<ContractStoreOptions> = {}): Promise<ContractHandle> => {
      const opened = await backend.open({ clock, logger, ...extra });
      handles.push(opened);
      return opened;
    };

    beforeEach(async () => {
      clock = new FakeClock(OCT_15_2024);
      logger = new RecordingLogger();
      handles = [];
      handle = await open();
      store = handle.store;
    });

    afterEach(async () => {
      for (const opened of handles) await opened.dispose();
    });

    describe('a fresh store', () => {
      it('given no data, every read returns its empty default', async () => {
        expect(await store.settings.get('g1')).toEqual(DEFAULT_GUILD_SETTINGS);
        expect(await store.scores.stats('u1', G1, 'all-time')).toBeUndefined();
        expect(await store.scores.leaderboard('global', 'month', { userId: 'u1' })).toEqual({ entries: [], total: 0 });
        expect(await store.scores.practiceStats('u1')).toEqual({ answered: 0, correct: 0 });
        expect(await store.sessions.list()).toEqual([]);
        expect(await store.recover()).toEqual({ records: 0, practice: 0, journals: 0 });
      });
    });

    describe('scores', () => {
      it('given two committed rounds, the player stats on all four boards add them up', async () => {
        await store.scores.commitRound('g1', 'game1:q1', [answer('u1', 120, true, 1), answer('u2', 0, false, 0)]);
        clock.advance(30_000);
        await store.scores.commitRound('g1', 'game1:q2', [answer('u1', 150, true, 2), answer('u2', 90, true, 1)]);
        await store.scores.recordGame('g1', 'game1', ['u1', 'u2']);
        for (const [scope, period] of BOARDS) {
          expect(await store.scores.stats('u1', scope, period)).toEqual({
            points: 270,
            correct: 2,
            answered: 2,
            gamesPlayed: 1,
            bestStreak: 2,
            lastPlayed: OCT_15_2024 + 30_000,
            rank: 1,
            players: 2,
          });
          expect(await store.scores.stats('u2', scope, period)).toMatchObject({
            points: 90,
            correct: 1,
            answered: 2,
            bestStreak: 1,
            rank: 2,
          });
        }
      });

      it('given the same idempotency key twice, the second commit changes nothing', async () => {
        const results = [answer('u1', 100), answer('u2', 40)];
        expect(await store.scores.commitRound('g1', 'game1:q1', results)).toEqual({ applied: true });
        expect(await store.scores.commitRound('g1', 'game1:q1', results)).toEqual({ applied: false });
        expect(await store.scores.recordGame('g1', 'game1', ['u1'])).toEqual({ applied: true });
        expect(await store.scores.recordGame('g1', 'game1', ['u1'])).toEqual({ applied: false });
        for (const [scope, period] of BOARDS) {
          expect(await store.scores.stats('u1', scope, period)).toMatchObject({ points: 100, answered: 1, gamesPlayed: 1 });
          await expectBoard(store, scope, period, { u1: 100, u2: 40 });
        }
      });

      it('given the same key in two guilds, both rounds count (keys are per guild)', async () => {
        await store.scores.commitRound('g1', 'q1', [answer('u1', 10)]);
        await store.scores.commitRound('g2', 'q1', [answer('u1', 20)]);
        expect((await store.scores.stats('u1', 'global', 'all-time'))?.points).toBe(30);
      });

      it('given 1,000 concurrent commits for one player, no point is lost', async () => {
        let points = 0;
        let correct = 0;
        const commits = Array.from({ length: 1000 }, (_, i) => {
          const gained = i % 13;
          points += gained;
          if (gained > 0) correct += 1;
          return store.scores.commitRound('g1', `burst:${i}`, [answer('solo', gained, gained > 0, i % 50)]);
        });
        const outcomes = await Promise.all(commits);
        expect(outcomes.every((o) => o.applied)).toBe(true);
        for (const [scope, period] of BOARDS) {
          expect(await store.scores.stats('solo', scope, period)).toMatchObject({
            points,
            correct,
            answered: 1000,
            bestStreak: 49,
            rank: 1,
            players: 1,
          });
        }
      });

      it('given 1,000 concurrent commits spread over many players and two guilds, every total is exact', async () => {
        const expected: Record<string, Record<string, number>> = { g1: {}, g2: {}, global: {} };
        const commits = Array.from({ length: 1000 }, (_, i) => {
          const guildId = i % 3 === 0 ? 'g2' : 'g1';
          const results = [answer(`p${i % 97}`, (i * 7) % 31), answer(`p${(i + 40) % 97}`, (i * 11) % 17)];
          for (const r of results) {
            for (const board of [guildId, 'global']) {
              const totals = expected[board] ?? {};
              totals[r.userId] = (totals[r.userId] ?? 0) + r.points;
            }
          }
          return store.scores.commitRound(guildId, `mix:${i}`, results);
        });
        await Promise.all(commits);
        await expectBoard(store, G1, 'all-time', expected['g1'] ?? {});
        await expectBoard(store, G2, 'month', expected['g2'] ?? {});
        await expectBoard(store, 'global', 'all-time', expected['global'] ?? {});
        await expectBoard(store, 'global', 'month', expected['global'] ?? {});
      });

      it.skipIf(!backend.persistent)(
        'given two store instances on one database (two processes), 1,000 concurrent commits split between them keep every total exact, and a key one applied is not applied again by the other',
        async () => {
          const other = await handle.reopen!({ clock, logger });
          const expected: Record<string, number> = {};
          const commits = Array.from({ length: 1000 }, (_, i) => {
            const results = [answer('everyone', 1 + (i % 5)), answer(`p${i % 37}`, i % 11)];
            for (const r of results) expected[r.userId] = (expected[r.userId] ?? 0) + r.points;
            return (i % 2 === 0 ? store : other).scores.commitRound(i % 3 === 0 ? 'g1' : 'g2', `two:${i}`, results);
          });
          expect((await Promise.all(commits)).every((o) => o.applied)).toBe(true);
          // The same keys again, each through the instance that did not apply it.
          const again = await Promise.all(
            Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? other : store).scores.commitRound(i % 3 === 0 ? 'g1' : 'g2', `two:${i}`, [answer('everyone', 99)])),
          );
          expect(again.every((o) => !o.applied)).toBe(true);
          for (const reader of [store, other]) await expectBoard(reader, 'global', 'all-time', expected);
          expect((await other.scores.stats('everyone', 'global', 'week'))?.answered).toBe(1000);
        },
      );

      it('given a server with 100,000 scored players, the top 10, the total and individual ranks are exact', async () => {
        const PLAYERS = 100_000;
        const PER_ROUND = 5_000;
        const points = new Map<string, number>();
        let seed = 100_000;
        const random = (): number => {
          seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
          return seed / 2_147_483_648;
        };
        // Every player answers once; then every tenth answers again, passing others on the board.
        for (let pass = 0; pass < 2; pass += 1) {
          const stride = pass === 0 ? 1 : 10;
          for (let start = 0; start < PLAYERS; start += PER_ROUND * stride) {
            const results: AnswerResult[] = [];
            for (let i = start; i < Math.min(PLAYERS, start + PER_ROUND * stride); i += stride) {
              const userId = `p${i}`;
              const gained = Math.floor(random() * random() * 40_000);
              points.set(userId, (points.get(userId) ?? 0) + gained);
              results.push(answer(userId, gained));
            }
            await store.scores.commitRound('big', `pass${pass}:${start}`, results);
          }
        }
        const sorted = [...points].sort(([ua, a], [ub, b]) => b - a || (ua < ub ? -1 : 1));
        const rankOf = (p: number): number => 1 + sorted.filter(([, q]) => q > p).length;
        const board = await store.scores.leaderboard({ guildId: 'big' }, 'all-time', { userId: 'p4242' });
        expect(board.total).toBe(PLAYERS);
        expect(board.entries.map((e) => [e.userId, e.points, e.rank])).toEqual(sorted.slice(0, 10).map(([userId, p]) => [userId, p, rankOf(p)]));
        const mine = points.get('p4242') ?? -1;
        expect(board.me).toMatchObject({ userId: 'p4242', points: mine, rank: rankOf(mine) });
        for (const [userId, answered] of [['p0', 2], ['p777', 1], ['p31330', 2], ['p65535', 1], ['p99999', 1]] as const) {
          const p = points.get(userId) ?? -1;
          expect(await store.scores.stats(userId, 'global', 'all-time')).toMatchObject({ points: p, rank: rankOf(p), players: PLAYERS, answered });
        }
        const last = sorted.at(-1);
        if (last === undefined) throw new Error('no players');
        expect((await store.scores.stats(last[0], { guildId: 'big' }, 'month'))?.rank).toBe(rankOf(last[1]));
      }, 180_000);

      it('given players with tied points, they share a rank and the next rank skips', async () => {
        const points = [500, 400, 400, 300, 200, 200, 200, 150, 120, 110, 100, 90, 80, 80, 10];
        await store.scores.commitRound(
          'g1',
          'ties',
          points.map((p, i) => answer(`u${String(i).padStart(2, '0')}`, p)),
        );
        const board = await store.scores.leaderboard(G1, 'all-time');
        expect(board.entries.map((e) => [e.userId, e.points, e.rank])).toEqual([
          ['u00', 500, 1],
          ['u01', 400, 2],
          ['u02', 400, 2],
          ['u03', 300, 4],
          ['u04', 200, 5],
          ['u05', 200, 5],
          ['u06', 200, 5],
          ['u07', 150, 8],
          ['u08', 120, 9],
          ['u09', 110, 10],
        ]);
        expect(board.total).toBe(15);
        expect(board.entries[0]).toEqual({ rank: 1, userId: 'u00', points: 500, correct: 1, answered: 1 });
      });

      it("given a player outside the top 10, the leaderboard still reports that player's own rank", async () => {
        const points = [500, 400, 400, 300, 200, 200, 200, 150, 120, 110, 100, 90, 80, 80, 10];
        await store.scores.commitRound(
          'g1',
          'ties',
          points.map((p, i) => answer(`u${String(i).padStart(2, '0')}`, p)),
        );
        const tied = await store.scores.leaderboard(G1, 'all-time', { userId: 'u13' });
        expect(tied.me).toEqual({ rank: 13, userId: 'u13', points: 80, correct: 1, answered: 1 });
        const last = await store.scores.leaderboard(G1, 'all-time', { userId: 'u14' });
        expect(last.me).toMatchObject({ rank: 15, points: 10 });
        const inTop = await store.scores.leaderboard(G1, 'all-time', { userId: 'u02', limit: 3 });
        expect(inTop.entries).toHaveLength(3);
        expect(inTop.me).toMatchObject({ rank: 2, userId: 'u02' });
        const stranger = await store.scores.leaderboard(G1, 'all-time', { userId: 'nobody' });
        expect(stranger.me).toBeUndefined();
        expect(stranger.entries).toHaveLength(10);
      });

      it('given points that grow past other players, the leaderboard order follows', async () => {
        await store.scores.commitRound('g1', 'r1', [answer('a', 300), answer('b', 200), answer('c', 100)]);
        await store.scores.commitRound('g1', 'r2', [answer('c', 1_250)]);
        await store.scores.commitRound('g1', 'r3', [answer('b', 150)]);
        await expectBoard(store, G1, 'all-time', { c: 1_350, b: 350, a: 300 });
      });

      it('given the clock moves into the next month, the month board starts empty and all-time keeps the points', async () => {
        await store.scores.commitRound('g1', 'oct', [answer('u1', 100), answer('u2', 60)]);
        clock.set(NOV_1_2024);
        expect(await store.scores.leaderboard(G1, 'month', { userId: 'u1' })).toEqual({ entries: [], total: 0 });
        expect(await store.scores.leaderboard('global', 'month')).toEqual({ entries: [], total: 0 });
        expect(await store.scores.stats('u1', G1, 'month')).toBeUndefined();
        expect((await store.scores.stats('u1', G1, 'all-time'))?.points).toBe(100);

        await store.scores.commitRound('g1', 'nov', [answer('u2', 70)]);
        await expectBoard(store, G1, 'month', { u2: 70 });
        await expectBoard(store, G1, 'all-time', { u1: 100, u2: 130 });
        // A late commit of an October answer lands on October's board.
        await store.scores.commitRound('g1', 'late', [answer('u1', 5)], NOV_1_2024 - 1);
        clock.set(OCT_15_2024);
        await expectBoard(store, G1, 'month', { u1: 105, u2: 60 });
      });

      it("given a guild reset of all-time, that guild's boards are empty and other guilds and the global board keep theirs", async () => {
        await store.scores.commitRound('g1', 'r1', [answer('u1', 100), answer('u2', 50)]);
        await store.scores.commitRound('g2', 'r1', [answer('u1', 70)]);
        clock.set(NOV_1_2024);
        await store.scores.commitRound('g1', 'r2', [answer('u2', 30)]);
        await store.scores.resetGuild('g1', 'all-time');

        for (const period of ['all-time', 'month'] as const) {
          expect(await store.scores.leaderboard(G1, period, { userId: 'u1' })).toEqual({ entries: [], total: 0 });
          expect(await store.scores.stats('u2', G1, period)).toBeUndefined();
        }
        await expectBoard(store, G2, 'all-time', { u1: 70 });
        await expectBoard(store, 'global', 'all-time', { u1: 170, u2: 80 });
        clock.set(OCT_15_2024);
        expect((await store.scores.leaderboard(G1, 'month')).total).toBe(0);
        await expectBoard(store, 'global', 'month', { u1: 170, u2: 50 });

        clock.set(NOV_1_2024 + 1000);
        await store.scores.commitRound('g1', 'r3', [answer('u1', 10)]);
        await expectBoard(store, G1, 'all-time', { u1: 10 });
        expect(logger.at('info').some((line) => line.msg === 'guild leaderboard reset')).toBe(true);
      });

      it("given a guild reset of the month, only that guild's current month board is emptied", async () => {
        await store.scores.commitRound('g1', 'r1', [answer('u1', 100)]);
        await store.scores.commitRound('g2', 'r1', [answer('u1', 10)]);
        await store.scores.resetGuild('g1', 'month');
        expect((await store.scores.leaderboard(G1, 'month')).total).toBe(0);
        await expectBoard(store, G1, 'all-time', { u1: 100 });
        await expectBoard(store, G2, 'month', { u1: 10 });
        await expectBoard(store, 'global', 'month', { u1: 110 });
      });

      it('given the clock moves into the next ISO week, the week boards start empty while the month and all-time keep the points', async () => {
        await store.scores.commitRound('g1', 'w43', [answer('u1', 100), answer('u2', 60)], MON_OCT_28_2024 - 1);
        clock.set(MON_OCT_28_2024 - 1);
        await expectBoard(store, G1, 'week', { u1: 100, u2: 60 });
        expect(await store.scores.leaderboard('global', 'week', { userId: 'u1' })).toMatchObject({ total: 2, me: { rank: 1, points: 100 } });

        clock.set(MON_OCT_28_2024);
        expect(await store.scores.leaderboard(G1, 'week', { userId: 'u1' })).toEqual({ entries: [], total: 0 });
        expect(await store.scores.leaderboard('global', 'week')).toEqual({ entries: [], total: 0 });
        expect(await store.scores.stats('u1', G1, 'week')).toBeUndefined();
        await expectBoard(store, G1, 'month', { u1: 100, u2: 60 });

        await store.scores.commitRound('g1', 'w44', [answer('u2', 70)]);
        await store.scores.recordGame('g1', 'w44-game', ['u2']);
        // The week runs on into November: the month board turns over, the week board does not.
        clock.set(NOV_1_2024);
        await store.scores.commitRound('g1', 'nov', [answer('u1', 5)]);
        await expectBoard(store, G1, 'week', { u2: 70, u1: 5 });
        await expectBoard(store, 'global', 'week', { u2: 70, u1: 5 });
        await expectBoard(store, G1, 'month', { u1: 5 });
        await expectBoard(store, G1, 'all-time', { u1: 105, u2: 130 });
        expect(await store.scores.stats('u2', G1, 'week')).toMatchObject({ gamesPlayed: 1, answered: 1, rank: 1, players: 2 });
        // A late commit of last week's answer lands on last week's board.
        await store.scores.commitRound('g1', 'late', [answer('u1', 7)], MON_OCT_28_2024 - 1);
        clock.set(OCT_15_2024 + 7 * 86_400_000);
        await expectBoard(store, G1, 'week', { u1: 107, u2: 60 });
      });

      it("given a guild reset of the week, only that guild's current week board is emptied", async () => {
        await store.scores.commitRound('g1', 'last-week', [answer('u1', 30)], MON_OCT_28_2024 - 1);
        clock.set(NOV_1_2024);
        await store.scores.commitRound('g1', 'r1', [answer('u1', 100), answer('u2', 40)]);
        await store.scores.commitRound('g2', 'r1', [answer('u1', 10)]);
        await store.scores.resetGuild('g1', 'week');

        expect(await store.scores.leaderboard(G1, 'week', { userId: 'u1' })).toEqual({ entries: [], total: 0 });
        expect(await store.scores.stats('u2', G1, 'week')).toBeUndefined();
        await expectBoard(store, G1, 'month', { u1: 100, u2: 40 });
        await expectBoard(store, G1, 'all-time', { u1: 130, u2: 40 });
        await expectBoard(store, G2, 'week', { u1: 10 });
        await expectBoard(store, 'global', 'week', { u1: 110, u2: 40 });
        await expectBoard(store, 'global', 'all-time', { u1: 140, u2: 40 });
        expect(logger.at('info').find((line) => line.msg === 'guild leaderboard reset')?.obj).toMatchObject({ period: 'week', boards: ['guild:g1:2024-W44'] });

        // Last week's board of the guild is not this week's: it keeps its points.
        clock.set(MON_OCT_28_2024 - 1);
        await expectBoard(store, G1, 'week', { u1: 30 });
        // The week goes on after the reset.
        clock.set(NOV_1_2024 + 1000);
        await store.scores.commitRound('g1', 'r2', [answer('u2', 5)]);
        await expectBoard(store, G1, 'week', { u2: 5 });
      });

      it("given a guild reset of all-time, every weekly board of that guild goes too, and the global weeks keep theirs", async () => {
        await store.scores.commitRound('g1', 'w42', [answer('u1', 100)]);
        await store.scores.commitRound('g2', 'w42', [answer('u1', 1)]);
        clock.set(NOV_1_2024);
        await store.scores.commitRound('g1', 'w44', [answer('u2', 50)]);
        await store.scores.resetGuild('g1', 'all-time');
        expect((await store.scores.leaderboard(G1, 'week')).total).toBe(0);
        await expectBoard(store, 'global', 'week', { u2: 50 });
        clock.set(OCT_15_2024);
        expect((await store.scores.leaderboard(G1, 'week')).total).toBe(0);
        await expectBoard(store, G2, 'week', { u1: 1 });
        await expectBoard(store, 'global', 'week', { u1: 101 });
      });

      it('given practice answers, practice stats count them and no board does', async () => {
        expect(await store.scores.recordPractice('u1', true)).toEqual({ answered: 1, correct: 1 });
        await Promise.all([store.scores.recordPractice('u1', false), store.scores.recordPractice('u1', true)]);
        expect(await store.scores.practiceStats('u1')).toEqual({ answered: 3, correct: 2 });
        expect(await store.scores.practiceStats('u2')).toEqual({ answered: 0, correct: 0 });
        expect(await store.scores.stats('u1', 'global', 'all-time')).toBeUndefined();
        expect((await store.scores.leaderboard('global', 'all-time')).total).toBe(0);
      });

      it('given a game recorded for a player who scored nothing yet, that player is on the board with 0 points', async () => {
        await store.scores.commitRound('g1', 'q1', [answer('u1', 10)]);
        await store.scores.recordGame('g1', 'game', ['u1', 'u2']);
        await expectBoard(store, G1, 'all-time', { u1: 10, u2: 0 });
        expect(await store.scores.stats('u2', G1, 'all-time')).toMatchObject({ gamesPlayed: 1, answered: 0, rank: 2 });
      });

      it('given invalid input, the score calls throw StoreInputError and store nothing', async () => {
        const bad: (() => Promise<unknown>)[] = [
          () => store.scores.commitRound('g1', 'k', [answer('u1', -1)]),
          () => store.scores.commitRound('g1', 'k', [answer('u1', 1.5)]),
          () => store.scores.commitRound('g1', 'k', [answer('u1', 1), answer('u1', 2)]),
          () => store.scores.commitRound('g:1', 'k', [answer('u1', 1)]),
          () => store.scores.commitRound('g1', '', [answer('u1', 1)]),
          () => store.scores.commitRound('g1', 'has space', [answer('u1', 1)]),
          () => store.scores.commitRound('g1', 'k'.repeat(101), [answer('u1', 1)]),
          () => store.scores.commitRound('g1', 'k', [answer('', 1)]),
          () => store.scores.commitRound('g1', 'k', [answer('u1', 1)], Number.NaN),
          () => store.scores.recordGame('g1', 'k', ['u1', 'u1']),
          () => store.scores.leaderboard(G1, 'all-time', { limit: 0 }),
          () => store.scores.leaderboard(G1, 'all-time', { limit: 51 }),
          () => store.scores.stats('u/1', 'global', 'all-time'),
        ];
        for (const call of bad) await expect(call()).rejects.toBeInstanceOf(StoreInputError);
        expect((await store.scores.leaderboard('global', 'all-time')).total).toBe(0);
      });
    });

    describe('guild settings', () => {
      it('given an update, get returns the new values and update returns before and after', async () => {
        const change = await store.settings.update('g1', {
          quizChannels: ['c1', 'c2', 'c1'],
          maxSpoilers: FILM_SERIES_4,
          quizRole: 'r1',
          defaults: { rounds: 15, difficulty: 'hard' },
        });
        expect(change.before).toEqual(DEFAULT_GUILD_SETTINGS);
        const expected = {
          quizChannels: ['c1', 'c2'],
          maxSpoilers: FILM_SERIES_4,
          quizRole: 'r1',
          quizPing: null,
          language: null,
          defaults: { rounds: 15, seconds: 20, difficulty: 'hard', spoilers: NO_SPOILERS },
          channelProgress: {},
        };
        expect(change.after).toEqual(expected);
        expect(await store.settings.get('g1')).toEqual(expected);
        expect(await store.settings.get('g2')).toEqual(DEFAULT_GUILD_SETTINGS);

        const second = await store.settings.update('g1', { quizRole: null, defaults: { seconds: 45 } });
        expect(second.before).toEqual(expected);
        expect(second.after).toEqual({ ...expected, quizRole: null, defaults: { ...expected.defaults, seconds: 45 } });
      });

      it('given a language, get returns it; null goes back to the server default; other fields are kept', async () => {
        await store.settings.update('g1', { maxSpoilers: FILM });
        const set = await store.settings.update('g1', { language: 'ko' });
        expect(set.before.language).toBeNull();
        expect(set.after).toEqual({ ...DEFAULT_GUILD_SETTINGS, maxSpoilers: FILM, language: 'ko' });
        expect((await store.settings.get('g1')).language).toBe('ko');
        expect((await store.settings.get('g2')).language).toBeNull();
        // A change of another field keeps the language.
        await store.settings.update('g1', { defaults: { rounds: 5 } });
        expect((await store.settings.get('g1')).language).toBe('ko');
        await store.settings.update('g1', { language: 'en' });
        expect((await store.settings.get('g1')).language).toBe('en');
        await store.settings.update('g1', { language: null });
        expect(await store.settings.get('g1')).toEqual({ ...DEFAULT_GUILD_SETTINGS, maxSpoilers: FILM, defaults: { ...DEFAULT_GUILD_SETTINGS.defaults, rounds: 5 } });
        if (handle.reopen) {
          await store.settings.update('g1', { language: 'ko' });
          const again = await handle.reopen({ clock, logger });
          expect((await again.settings.get('g1')).language).toBe('ko');
        }
      });

      it('given settings saved before the language setting existed, the language reads back as the server default without a warning', async () => {
        await writeFirstRelease('g1', 'all', 'none');
        expect((await store.settings.get('g1')).language).toBeNull();
        expect(logger.at('warn')).toEqual([]);
      });

      it('given a stored language no release wrote, it falls back to the server default and is logged', async () => {
        await handle.kv.set('settings:g1', { v: 1, settings: { ...DEFAULT_GUILD_SETTINGS, language: 'fr' } });
        expect((await store.settings.get('g1')).language).toBeNull();
        expect(logger.at('warn').map((line) => (line.obj as { field?: string }).field)).toEqual(['language']);
      });

      it('given settings read from the cache, callers cannot mutate them', async () => {
        const settings = await store.settings.get('g1');
        expect(
          Object.isFrozen(settings) &&
            Object.isFrozen(settings.defaults) &&
            Object.isFrozen(settings.quizChannels) &&
            Object.isFrozen(settings.maxSpoilers) &&
            Object.isFrozen(settings.defaults.spoilers),
        ).toBe(true);
        const updated = (await store.settings.update('g1', { maxSpoilers: { film: true, series: 2, novel: 0 } })).after;
        expect(Object.isFrozen(updated.maxSpoilers) && Object.isFrozen(updated.defaults.spoilers)).toBe(true);
        expect(Object.isFrozen(await store.settings.get('g1').then((s) => s.maxSpoilers))).toBe(true);
      });

      it.each([
        { label: 'rounds 0', patch: { defaults: { rounds: 0 } }, field: 'defaults.rounds' },
        { label: 'rounds 31', patch: { defaults: { rounds: 31 } }, field: 'defaults.rounds' },
        { label: 'rounds 2.5', patch: { defaults: { rounds: 2.5 } }, field: 'defaults.rounds' },
        { label: 'seconds 9', patch: { defaults: { seconds: 9 } }, field: 'defaults.seconds' },
        { label: 'seconds 61', patch: { defaults: { seconds: 61 } }, field: 'defaults.seconds' },
        { label: 'difficulty brutal', patch: { defaults: { difficulty: 'brutal' } }, field: 'defaults.difficulty' },
        { label: 'spoilers as text (series-4)', patch: { defaults: { spoilers: 'series-4' } }, field: 'defaults.spoilers' },
        { label: 'spoilers series 9', patch: { defaults: { spoilers: { film: false, series: 9, novel: 0 } } }, field: 'defaults.spoilers' },
        { label: 'spoilers novel 5', patch: { defaults: { spoilers: { film: false, series: 0, novel: 5 } } }, field: 'defaults.spoilers' },
        { label: 'spoilers without the film track', patch: { defaults: { spoilers: { series: 2, novel: 0 } } }, field: 'defaults.spoilers' },
        { label: 'an unknown default', patch: { defaults: { colour: 'red' } }, field: 'defaults.colour' },
        { label: 'max spoilers "everything"', patch: { maxSpoilers: 'everything' }, field: 'maxSpoilers' },
        { label: 'max spoilers as text (all)', patch: { maxSpoilers: 'all' }, field: 'maxSpoilers' },
        { label: 'max spoilers series 2.5', patch: { maxSpoilers: { film: true, series: 2.5, novel: 0 } }, field: 'maxSpoilers' },
        { label: 'max spoilers film "yes"', patch: { maxSpoilers: { film: 'yes', series: 0, novel: 0 } }, field: 'maxSpoilers' },
        { label: 'max spoilers null', patch: { maxSpoilers: null }, field: 'maxSpoilers' },
        { label: 'a malformed channel id', patch: { quizChannels: ['not a channel'] }, field: 'quizChannels' },
        { label: '51 channels', patch: { quizChannels: Array.from({ length: 51 }, (_, i) => `c${i}`) }, field: 'quizChannels' },
        { label: 'an empty role id', patch: { quizRole: '' }, field: 'quizRole' },
        { label: 'an unknown setting', patch: { prefix: '!' }, field: 'prefix' },
        { label: 'language fr', patch: { language: 'fr' }, field: 'language' },
        { label: 'language as a locale (ko-KR)', patch: { language: 'ko-KR' }, field: 'language' },
      ] as const)('given $label, update throws SettingsValidationError for $field and changes nothing', async ({ patch, field }) => {
        await store.settings.update('g1', { maxSpoilers: FILM });
        const error = await store.settings.update('g1', patch as never).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(SettingsValidationError);
        expect((error as SettingsValidationError).field).toBe(field);
        expect(await store.settings.get('g1')).toEqual({ ...DEFAULT_GUILD_SETTINGS, maxSpoilers: FILM });
      });

      it('given a deleted guild, its settings are back to the defaults', async () => {
        await store.settings.update('g1', { maxSpoilers: FILM });
        await store.settings.delete('g1');
        expect(await store.settings.get('g1')).toEqual(DEFAULT_GUILD_SETTINGS);
      });

      it('given concurrent updates of different fields, none is lost', async () => {
        await Promise.all([
          store.settings.update('g1', { maxSpoilers: FILM }),
          store.settings.update('g1', { quizRole: 'r9' }),
          store.settings.update('g1', { defaults: { rounds: 5 } }),
          store.settings.update('g1', { defaults: { seconds: 30 } }),
        ]);
        expect(await store.settings.get('g1')).toMatchObject({
          maxSpoilers: FILM,
          quizRole: 'r9',
          defaults: { rounds: 5, seconds: 30 },
        });
      });

      /** Settings as the first release wrote them: `{ v: 1, settings }` under `settings:<guild>`, spoilers as text. */
      const writeFirstRelease = (guildId: string, maxSpoilers: unknown, spoilers: unknown) =>
        handle.kv.set(`settings:${guildId}`, {
          v: 1,
          settings: { quizChannels: ['c1'], maxSpoilers, quizRole: 'r1', defaults: { rounds: 12, seconds: 25, difficulty: 'easy', spoilers } },
        });

      it('given settings saved by the first release with text spoiler levels, they read back as the settings those levels meant', async () => {
        await writeFirstRelease('g1', 'series-4', 'film');
        const expected = {
          quizChannels: ['c1'],
          maxSpoilers: { film: true, series: 4, novel: 0 },
          quizRole: 'r1',
          // Settings saved before the quiz ping existed have none.
          quizPing: null,
          language: null,
          defaults: { rounds: 12, seconds: 25, difficulty: 'easy', spoilers: { film: true, series: 0, novel: 0 } },
          // Settings saved before watch parties existed have no channel progress.
          channelProgress: {},
        };
        expect(await store.settings.get('g1')).toEqual(expected);
        expect(logger.at('warn')).toEqual([]);

        // The next change keeps their meaning and stores them as settings of this release.
        const change = await store.settings.update('g1', { defaults: { rounds: 5 } });
        expect(change.before).toEqual(expected);
        expect(change.after).toEqual({ ...expected, defaults: { ...expected.defaults, rounds: 5 } });
        expect(await handle.kv.get('settings:g1')).toEqual({ v: 1, settings: change.after });
        if (handle.reopen) {
          const again = await handle.reopen({ clock, logger });
          expect(await again.settings.get('g1')).toEqual(change.after);
        }
      });

      it.each<[string, SpoilerSetting]>([
        ['none', { film: false, series: 0, novel: 0 }],
        ['film', { film: true, series: 0, novel: 0 }],
        ...Array.from({ length: 8 }, (_, i): [string, SpoilerSetting] => [`series-${i + 1}`, { film: true, series: i + 1, novel: 0 }]),
        ['all', { film: true, series: 8, novel: 4 }],
      ])('given the first release stored "%s" for both spoiler fields, both read back as %j', async (text, expected) => {
        await writeFirstRelease('g1', text, text);
        const settings = await store.settings.get('g1');
        expect(settings.maxSpoilers).toEqual(expected);
        expect(settings.defaults.spoilers).toEqual(expected);
      });

      it('given stored spoiler values no release wrote, each falls back to its default and is logged', async () => {
        await writeFirstRelease('g1', 'series-9', { film: true, series: 2 });
        const settings = await store.settings.get('g1');
        expect(settings).toEqual({
          quizChannels: ['c1'],
          maxSpoilers: ALL_SPOILERS,
          quizRole: 'r1',
          // Settings saved before the quiz ping existed have none.
          quizPing: null,
          language: null,
          defaults: { rounds: 12, seconds: 25, difficulty: 'easy', spoilers: NO_SPOILERS },
          channelProgress: {},
        });
        expect(logger.at('warn').map((line) => (line.obj as { field?: string }).field).sort()).toEqual(['defaults.spoilers', 'maxSpoilers']);
      });
    });

    describe('quiz history', () => {
      const U1 = { userId: 'u1' } as const;

      it('given nothing recorded, every audience has an empty history', async () => {
        expect(await store.history.get(G1)).toEqual(new Map());
        expect(await store.history.get(U1)).toEqual(new Map());
      });

      it('given facts recorded, get returns when each was last asked', async () => {
        await store.history.record(G1, ['role:a', 'crew:b'], 1_000);
        await store.history.record(G1, ['crew:b', 'fact-c'], 2_000);
        expect(await store.history.get(G1)).toEqual(
          new Map([
            ['role:a', 1_000],
            ['crew:b', 2_000],
            ['fact-c', 2_000],
          ]),
        );
        await store.history.record(G1, [], 3_000);
        expect((await store.history.get(G1)).size).toBe(3);
      });

      it("given a server's games and a player's practice, each history is separate (even under the same id)", async () => {
        await store.history.record(G1, ['role:a'], 1_000);
        await store.history.record({ userId: 'g1' }, ['crew:b'], 2_000);
        await store.history.record(U1, ['fact-c'], 3_000);
        expect([...(await store.history.get(G1))]).toEqual([['role:a', 1_000]]);
        expect([...(await store.history.get({ userId: 'g1' }))]).toEqual([['crew:b', 2_000]]);
        expect([...(await store.history.get(U1))]).toEqual([['fact-c', 3_000]]);
        expect(await store.history.get(G2)).toEqual(new Map());
        await store.history.delete(G1);
        expect(await store.history.get(G1)).toEqual(new Map());
        expect((await store.history.get({ userId: 'g1' })).size).toBe(1);
      });

      it(`given more than ${MAX_HISTORY_FACTS} facts, only the ${MAX_HISTORY_FACTS} most recently asked are kept`, async () => {
        const older = Array.from({ length: 500 }, (_, i) => `old-${i}`);
        const newer = Array.from({ length: MAX_HISTORY_FACTS - 500 }, (_, i) => `new-${i}`);
        await store.history.record(G1, older, 1_000);
        await store.history.record(G1, newer, 2_000);
        // Asking an old fact again makes it recent.
        await store.history.record(G1, ['old-0', 'latest-1', 'latest-2'], 3_000);
        const history = await store.history.get(G1);
        expect(history.size).toBe(MAX_HISTORY_FACTS);
        for (const id of [...newer, 'old-0', 'latest-1', 'latest-2']) expect(history.has(id), id).toBe(true);
        expect(history.get('old-0')).toBe(3_000);
        // Two of the 499 other old facts made room.
        expect(older.filter((id) => !history.has(id))).toHaveLength(2);
        expect([...history.values()].filter((at) => at === 1_000)).toHaveLength(497);
      });

      it('given concurrent records for one server, no fact is lost', async () => {
        await Promise.all(Array.from({ length: 40 }, (_, i) => store.history.record(G1, [`fact-${i}`], 1_000 + i)));
        const history = await store.history.get(G1);
        expect(history.size).toBe(40);
        expect(history.get('fact-39')).toBe(1_039);
      });

      it('given an unreadable stored history, it reads as empty, is logged, and the next record replaces it', async () => {
        for (const junk of ['role:a', 42, ['role:a'], null]) {
          await handle.kv.set('history:guild:g1', junk);
          expect(await store.history.get(G1), JSON.stringify(junk)).toEqual(new Map());
        }
        expect(logger.at('warn').filter((line) => line.msg?.includes('quiz history')).length).toBeGreaterThanOrEqual(3);
        await store.history.record(G1, ['role:b'], 2_000);
        expect([...(await store.history.get(G1))]).toEqual([['role:b', 2_000]]);

        // Readable entries of a partly damaged value are kept; the rest are dropped.
        await handle.kv.set('history:user:u1', { 'role:a': 1_000, 'crew:b': 'yesterday', 'bad id!': 5, 'fact-c': 3_000 });
        expect(await store.history.get(U1)).toEqual(
          new Map([
            ['role:a', 1_000],
            ['fact-c', 3_000],
          ]),
        );
      });

      it('given fact ids that could not be stored, record keeps the others; bad audience ids throw StoreInputError', async () => {
        await store.history.record(G1, ['role:a', 'has space', '', 'x'.repeat(121)], 1_000);
        expect([...(await store.history.get(G1))]).toEqual([['role:a', 1_000]]);
        await expect(store.history.record({ guildId: 'not a guild' }, ['role:a'], 1_000)).rejects.toBeInstanceOf(StoreInputError);
        await expect(store.history.get({ userId: '' })).rejects.toBeInstanceOf(StoreInputError);
      });

      it.runIf(backend.persistent)('given a reopened store, the history is still there', async () => {
        const reopen = handle.reopen;
        if (reopen === undefined) throw new Error('a persistent backend must offer reopen');
        await store.history.record(G1, ['role:a'], 1_000);
        await store.history.record(U1, ['crew:b'], 2_000);
        await store.close();
        const again = await reopen({ clock, logger });
        expect([...(await again.history.get(G1))]).toEqual([['role:a', 1_000]]);
        expect([...(await again.history.get(U1))]).toEqual([['crew:b', 2_000]]);
      });
    });

    describeReportContract(backend, () => ({ store, handle, clock, logger }), () => ({ clock, logger }));

    describe('quiz sessions', () => {
      it('given sessions put, get and list return them, put replaces and delete removes', async () => {
        await store.sessions.put('c2', 'g1', { round: 1, players: ['u1'] });
        clock.advance(5);
        await store.sessions.put('c1', 'g2', { round: 3 });
        await store.sessions.put('c2', 'g1', { round: 2, players: ['u1', 'u2'] });
        expect(await store.sessions.get('c2')).toEqual({
          channelId: 'c2',
          guildId: 'g1',
          state: { round: 2, players: ['u1', 'u2'] },
          updatedAt: OCT_15_2024 + 5,
        });
        expect((await store.sessions.list()).map((s) => [s.channelId, s.guildId, s.state])).toEqual([
          ['c1', 'g2', { round: 3 }],
          ['c2', 'g1', { round: 2, players: ['u1', 'u2'] }],
        ]);
        await store.sessions.delete('c2');
        expect(await store.sessions.get('c2')).toBeUndefined();
        expect((await store.sessions.list()).map((s) => s.channelId)).toEqual(['c1']);
        await store.sessions.delete('c2');
      });

      it('given many sessions started at once, the index lists every one', async () => {
        await Promise.all(Array.from({ length: 50 }, (_, i) => store.sessions.put(`c${i}`, `g${i % 4}`, { i })));
        expect((await store.sessions.list()).length).toBe(50);
        expect((await store.sessions.deleteGuild('g1')).length).toBe(13);
        expect((await store.sessions.list()).length).toBe(37);
      });

      it("given a game and an answer log, they are kept apart from the state and delete removes all of the channel's parts", async () => {
        await store.sessions.put('c1', 'g1', { round: 0 });
        await store.sessions.putGame('c1', { sessionId: 's1', questions: ['q1', 'q2'] });
        for (let seq = 0; seq < 70; seq++) await store.sessions.appendAnswers('c1', seq, { seq, answers: [[`u${seq}`, 1, seq]] });
        // Another channel's log is its own.
        await store.sessions.appendAnswers('c10', 0, { other: true });
        expect(await store.sessions.getGame('c1')).toEqual({ sessionId: 's1', questions: ['q1', 'q2'] });
        const log = (await store.sessions.answers('c1', 0)) as { seq: number }[];
        expect(log.map((b) => b.seq)).toEqual(Array.from({ length: 70 }, (_, i) => i));
        expect(((await store.sessions.answers('c1', 65)) as { seq: number }[]).map((b) => b.seq)).toEqual([65, 66, 67, 68, 69]);
        expect(await store.sessions.answers('c1', 70)).toEqual([]);
        // A rewritten batch replaces the one of that number; dropped batches end the log there.
        await store.sessions.appendAnswers('c1', 3, { seq: 3, again: true });
        expect((await store.sessions.answers('c1', 3))[0]).toEqual({ seq: 3, again: true });
        await store.sessions.deleteAnswers('c1', 0, 10);
        expect(await store.sessions.answers('c1', 0)).toEqual([]);
        expect(await store.sessions.answers('c1', 10)).toHaveLength(60);
        // The state read back is the state put, however the log grows.
        expect((await store.sessions.get('c1'))?.state).toEqual({ round: 0 });

        await store.sessions.delete('c1');
        expect(await store.sessions.get('c1')).toBeUndefined();
        expect(await store.sessions.getGame('c1')).toBeUndefined();
        expect(await store.sessions.answers('c1', 10)).toEqual([]);
        expect(await store.sessions.answers('c10', 0)).toEqual([{ other: true }]);
        await expect(store.sessions.appendAnswers('c1', -1, {})).rejects.toBeInstanceOf(StoreInputError);
        await expect(store.sessions.answers('c1', 1.5)).rejects.toBeInstanceOf(StoreInputError);
        await expect(store.sessions.putGame('c1', () => 1)).rejects.toBeInstanceOf(StoreInputError);
      });

      it('given a state with keys JSON treats specially, it is written once as JSON and read back equal', async () => {
        const state = JSON.parse('{"__proto__":{"x":1},"text":"line\\n\\"quoted\\" 대도시","n":-0.5,"list":[null,true,{}]}') as unknown;
        await store.sessions.put('c1', 'g1', state);
        const back = (await store.sessions.get('c1'))?.state;
        expect(JSON.stringify(back)).toBe(JSON.stringify(state));
        expect(Object.hasOwn(back as object, '__proto__')).toBe(true);
      });

      it('given a state that is not JSON, put throws StoreInputError', async () => {
        const cyclic: Record<string, unknown> = {};
        cyclic['self'] = cyclic;
        for (const state of [undefined, () => 1, cyclic, { n: 10n }, 'x'.repeat(MAX_SESSION_STATE_BYTES)]) {
          await expect(store.sessions.put('c1', 'g1', state)).rejects.toBeInstanceOf(StoreInputError);
        }
        expect(await store.sessions.list()).toEqual([]);
      });
    });

    describe('compare-and-set', () => {
      it('given a key, swap writes only over the text it expects and update retries on a change made in between', async () => {
        const { kv } = handle;
        expect(await kv.swap('settings:cas', undefined, { n: 1 })).toBe(true);
        expect(await kv.swap('settings:cas', undefined, { n: 2 })).toBe(false);
        const [read] = await kv.readMany(['settings:cas']);
        if (read?.state !== 'value' || read.raw === undefined) throw new Error('expected a row with its text');
        expect(await kv.swap('settings:cas', `${read.raw} `, { n: 3 })).toBe(false);
        expect(await kv.swap('settings:cas', read.raw, { n: 4 })).toBe(true);
        expect(await kv.get('settings:cas')).toEqual({ n: 4 });

        let calls = 0;
        const wrote = await kv.update<{ n: number }>('settings:cas', async (current) => {
          calls += 1;
          // Another writer lands between this read and its swap, once.
          if (calls === 1) await kv.set('settings:cas', { n: 10 });
          return { n: (current?.n ?? 0) + 1 };
        });
        expect(wrote).toBe(true);
        expect(calls).toBe(2);
        expect(await kv.get('settings:cas')).toEqual({ n: 11 });
        expect(await kv.update('settings:cas', () => KEEP)).toBe(false);
        expect(await kv.update('settings:cas', () => undefined)).toBe(true);
        expect(await kv.get('settings:cas')).toBeUndefined();
        expect(await kv.swap('settings:cas', read.raw, undefined)).toBe(false);
      });
    });

    describe('removing a guild', () => {
      it('given the bot leaves a guild, its settings, sessions and quiz history go and its scores and players\' practice history stay', async () => {
        await store.settings.update('g1', { maxSpoilers: FILM });
        await store.settings.update('g2', { maxSpoilers: SERIES_2 });
        await store.sessions.put('c1', 'g1', { round: 1 });
        await store.sessions.put('c2', 'g1', { round: 4 });
        await store.sessions.put('c3', 'g2', { round: 2 });
        await store.scores.commitRound('g1', 'q1', [answer('u1', 100)]);
        await store.history.record(G1, ['role:a'], 1_000);
        await store.history.record(G2, ['role:b'], 1_000);
        await store.history.record({ userId: 'u1' }, ['role:c'], 1_000);

        await store.removeGuild('g1');

        expect(await store.settings.get('g1')).toEqual(DEFAULT_GUILD_SETTINGS);
        expect((await store.settings.get('g2')).maxSpoilers).toEqual(SERIES_2);
        expect((await store.sessions.list()).map((s) => s.channelId)).toEqual(['c3']);
        expect(await store.history.get(G1)).toEqual(new Map());
        expect([...(await store.history.get(G2))]).toEqual([['role:b', 1_000]]);
        expect([...(await store.history.get({ userId: 'u1' }))]).toEqual([['role:c', 1_000]]);
        await expectBoard(store, G1, 'all-time', { u1: 100 });
        await expectBoard(store, 'global', 'all-time', { u1: 100 });
      });
    });

    describe('persistence', () => {
      it.runIf(backend.persistent)('given a reopened store, scores, settings and sessions are still there', async () => {
        const reopen = handle.reopen;
        if (reopen === undefined) throw new Error('a persistent backend must offer reopen');
        await store.scores.commitRound('g1', 'q1', [answer('u1', 100), answer('u2', 30)]);
        await store.scores.recordPractice('u1', true);
        await store.settings.update('g1', { quizChannels: ['c9'], defaults: { spoilers: FILM } });
        await store.sessions.put('c9', 'g1', { round: 7, question: 'q-abc' });
        await store.close();

        const again = await reopen({ clock, logger });
        for (const [scope, period] of BOARDS) await expectBoard(again, scope, period, { u1: 100, u2: 30 });
        expect(await again.scores.practiceStats('u1')).toEqual({ answered: 1, correct: 1 });
        expect(await again.settings.get('g1')).toMatchObject({ quizChannels: ['c9'], defaults: { spoilers: FILM } });
        expect(await again.sessions.list()).toEqual([
          { channelId: 'c9', guildId: 'g1', state: { round: 7, question: 'q-abc' }, updatedAt: OCT_15_2024 },
        ]);
      });

      it.runIf(backend.persistent)(
        'given two stores on one database (two processes), their concurrent updates of one key all land and a lease has one holder',
        async () => {
          const reopen = handle.reopen;
          if (reopen === undefined) throw new Error('a persistent backend must offer reopen');
          const other = await reopen({ clock, logger });
          const both = [store, other] as const;
          await Promise.all([
            ...Array.from({ length: 40 }, (_, i) => both[i % 2]?.history.record(G1, [`fact:${i}`], 1_000 + i)),
            ...Array.from({ length: 20 }, (_, i) => both[i % 2]?.sessions.put(`c${i}`, 'g1', { i })),
            store.settings.update('g1', { quizRole: 'r1' }),
            other.settings.update('g1', { language: 'ko' }),
          ]);
          expect((await other.history.get(G1)).size).toBe(40);
          expect((await store.sessions.list()).map((s) => s.channelId).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `c${i}`).sort());
          // A third store: each of the two has its own write in its settings cache.
          expect(await (await reopen({ clock, logger })).settings.get('g1')).toMatchObject({ quizRole: 'r1', language: 'ko' });

          const taken = await Promise.all(both.flatMap((s, n) => Array.from({ length: 5 }, () => s.leases.acquire('c1', `owner-${n}`, 60_000))));
          const holder = await other.leases.holder('c1');
          expect(taken.filter(Boolean).length).toBe(5);
          expect(taken.slice(holder?.owner === 'owner-0' ? 0 : 5, holder?.owner === 'owner-0' ? 5 : 10)).toEqual([true, true, true, true, true]);
          await (holder?.owner === 'owner-0' ? other : store).leases.release('c1', holder?.owner === 'owner-0' ? 'owner-1' : 'owner-0');
          expect(await store.leases.holder('c1')).toEqual(holder);
        },
      );

      it.runIf(backend.persistent)(
        "given another process changes a guild's settings, the cached value is replaced within the TTL",
        async () => {
        const reopen = handle.reopen;
        if (reopen === undefined) throw new Error('a persistent backend must offer reopen');
        const other = await reopen({ clock, logger, settingsCacheTtlMs: 5_000 });
        expect((await store.settings.get('g1')).maxSpoilers).toEqual(ALL_SPOILERS);
        await other.settings.update('g1', { maxSpoilers: NO_SPOILERS });
        expect((await other.settings.get('g1')).maxSpoilers).toEqual(NO_SPOILERS);
        expect((await store.settings.get('g1')).maxSpoilers).toEqual(ALL_SPOILERS);
        clock.advance(5_000);
        expect((await store.settings.get('g1')).maxSpoilers).toEqual(NO_SPOILERS);
      },
      );
    });
  });
}

/** The store options a contract handle asks for. */
export function contractStoreOptions(options: ContractStoreOptions): OpenStoreOptions {
  return {
    clock: options.clock,
    logger: options.logger,
    ...(options.settingsCacheTtlMs === undefined ? {} : { settingsCacheTtlMs: options.settingsCacheTtlMs }),
  };
}

/**
 * The contract's backend for a store named by a URL: each handle gets a store of its own (a file,
 * a schema, a key prefix) at `urlFor(name)`, reopened on the same URL, and dropped with `drop(name)`.
 */
export function urlContractBackend(urlFor: (name: string) => string, drop: (name: string) => Promise<void>): ContractBackend {
  return {
    persistent: true,
    async open(options) {
      const name = uniqueName('contract');
      const url = urlFor(name);
      const backend = await openBackend(url, contractStoreOptions(options));
      const stores: Store[] = [openStoreOn(backend, contractStoreOptions(options))];
      return {
        store: stores[0] as Store,
        kv: backend.kv,
        async reopen(again) {
          const next = await openStore(url, contractStoreOptions(again));
          stores.push(next);
          return next;
        },
        async dispose() {
          for (const s of stores) await s.close();
          await drop(name);
        },
      };
    },
  };
}

/**
 * Scores over a {@link ScoreEngine}, the narrow port each backend implements with its engine's own
 * primitives; the boards a play lands on, input checks, ranks and health accounting live here once.
 * Boards are `guild:<G>:<period>` or `global:<period>`: `all`, a UTC month `2024-10`, an ISO week `2024-W42`.
 */
import { StoreInputError } from './errors.js';
import type { StoreHealthMonitor } from './health.js';
import type {
  AnswerResult,
  CommitOutcome,
  Leaderboard,
  LeaderboardEntry,
  LeaderboardOptions,
  PracticeStats,
  RankedUserStats,
  ScorePeriod,
  ScoreRepository,
  ScoreScope,
  StoreClock,
  StoreLogger,
} from './types.js';
import { assertId, assertIdempotencyKey, assertInteger, assertTime } from './errors.js';

/** A calendar month in UTC, `YYYY-MM`, as used by the monthly leaderboards. */
export type MonthKey = `${number}-${number}`;
/** An ISO 8601 week in UTC, `YYYY-Www` (the week-numbering year), as used by the weekly leaderboards. */
export type WeekKey = `${number}-W${number}`;

const DAY_MS = 86_400_000;

function utcDate(epochMs: number): Date {
  const date = new Date(epochMs);
  if (!Number.isFinite(epochMs) || Number.isNaN(date.getTime())) throw new RangeError(`not a valid time: ${String(epochMs)}`);
  return date;
}

/** The UTC calendar month of an instant, e.g. `2024-10`. @throws {RangeError} when `epochMs` is not a time. */
export function monthKey(epochMs: number): MonthKey {
  const date = utcDate(epochMs);
  return `${String(date.getUTCFullYear()).padStart(4, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}` as MonthKey;
}

/**
 * The ISO 8601 week (Monday to Sunday, UTC) of an instant, e.g. `2024-W42` for 2024-10-15; the year
 * is that of the week's Thursday (2024-12-30 is in `2025-W01`). @throws {RangeError} when `epochMs` is not a time.
 */
export function weekKey(epochMs: number): WeekKey {
  const date = utcDate(epochMs);
  const midnight = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  const weekday = (date.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  // Week 1 holds the year's first Thursday.
  const thursday = new Date(midnight + (3 - weekday) * DAY_MS);
  const isoYear = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(isoYear, 0, 1)) / (7 * DAY_MS));
  return `${String(isoYear).padStart(4, '0')}-W${String(week).padStart(2, '0')}` as WeekKey;
}

/** Largest number of points one answer may carry; guards against a caller bug inflating a board. */
export const MAX_POINTS_PER_ANSWER = 100_000;
/** Most players one round or game may carry. */
export const MAX_RESULTS_PER_ROUND = 10_000;
/** Most entries one leaderboard read returns. */
export const MAX_LEADERBOARD_LIMIT = 50;

/** The board id of a scope and period at an instant. */
export function boardId(scope: ScoreScope, period: ScorePeriod, at: number): string {
  const suffix = period === 'all-time' ? 'all' : period === 'month' ? monthKey(at) : weekKey(at);
  return scope === 'global' ? `global:${suffix}` : `guild:${scope.guildId}:${suffix}`;
}

/** The six boards a play in `guildId` at `at` lands on: the server's and the global, for each period. */
export function boardsOf(guildId: string, at: number): string[] {
  const scope = { guildId };
  const periods: readonly ScorePeriod[] = ['all-time', 'month', 'week'];
  return [...periods.map((p) => boardId(scope, p, at)), ...periods.map((p) => boardId('global', p, at))];
}

/** The prefix every board of one server starts with. */
export function guildBoardPrefix(guildId: string): string {
  return `guild:${guildId}:`;
}

/** One player's change in one play, added to each board the play lands on. */
export interface PlayDelta {
  readonly userId: string;
  readonly points: number;
  readonly correct: 0 | 1;
  readonly answered: 0 | 1;
  readonly games: 0 | 1;
  /** Kept as the board's best streak when larger. */
  readonly streak: number;
}

/** A round or a game, checked, with the boards it lands on. */
export interface ScorePlay {
  readonly guildId: string;
  /** The key as the engine records it: unique per kind and server. */
  readonly appliedKey: string;
  /** Epoch ms: the boards' period and the players' last played. */
  readonly at: number;
  readonly boards: readonly string[];
  readonly deltas: readonly PlayDelta[];
}

/** A board's line for one player, as the leaderboard shows it. */
export type BoardLine = Omit<LeaderboardEntry, 'rank'>;

/** What a backend implements for scores, with its engine's own primitives. */
export interface ScoreEngine {
  /** Adds the deltas to each board (streak and last played by maximum) and records the key, atomically; false when it was. */
  apply(play: ScorePlay, now: number): Promise<boolean>;
  /** The player's line on a board, ranked (1 + the players with more points), with the board's size. */
  stats(board: string, userId: string): Promise<RankedUserStats | undefined>;
  /** The board's first `limit` players by points, then by user id, and how many it has. */
  top(board: string, limit: number): Promise<{ readonly lines: readonly BoardLine[]; readonly total: number }>;
  /** Counts one practice answer when `correct` is given; the player's practice stats. */
  practice(userId: string, correct?: boolean): Promise<PracticeStats>;
  /** Empties one board of the server, or all of them; returns the player rows removed. */
  reset(guildId: string, board: string | undefined): Promise<number>;
}

export interface ScoreDeps {
  readonly clock: StoreClock;
  readonly logger: StoreLogger;
  /** Accounts each operation's outcome for the store's health. */
  readonly monitor: StoreHealthMonitor;
}

/** Every method throws `StoreInputError` for a malformed id, key, limit, point count or streak, a duplicate player. */
export class ScoreBoards implements ScoreRepository {
  readonly #engine: ScoreEngine;
  readonly #deps: ScoreDeps;

  constructor(engine: ScoreEngine, deps: ScoreDeps) {
    this.#engine = engine;
    this.#deps = deps;
  }

  async commitRound(guildId: string, idempotencyKey: string, results: readonly AnswerResult[], at?: number): Promise<CommitOutcome> {
    const round = checkRound(guildId, idempotencyKey, results, at ?? this.#deps.clock.now());
    return this.#apply(round, round.results.map((r) => ({ userId: r.userId, points: r.points, correct: r.correct ? 1 : 0, answered: 1, games: 0, streak: r.streak })));
  }

  async recordGame(guildId: string, idempotencyKey: string, userIds: readonly string[], at?: number): Promise<CommitOutcome> {
    const game = checkGame(guildId, idempotencyKey, userIds, at ?? this.#deps.clock.now());
    return this.#apply(game, game.userIds.map((userId) => ({ userId, points: 0, correct: 0, answered: 0, games: 1, streak: 0 })));
  }

  async recordPractice(userId: string, correct: boolean): Promise<PracticeStats> {
    assertId('userId', userId);
    return this.#deps.monitor.write(`practice:${userId}`, () => this.#engine.practice(userId, correct));
  }

  async practiceStats(userId: string): Promise<PracticeStats> {
    assertId('userId', userId);
    return this.#deps.monitor.read(`practice:${userId}`, () => this.#engine.practice(userId));
  }

  async stats(userId: string, scope: ScoreScope, period: ScorePeriod): Promise<RankedUserStats | undefined> {
    assertId('userId', userId);
    const board = this.#board(scope, period);
    return this.#deps.monitor.read(`scores:${board}`, () => this.#engine.stats(board, userId));
  }

  async leaderboard(scope: ScoreScope, period: ScorePeriod, options: LeaderboardOptions = {}): Promise<Leaderboard> {
    const limit = options.limit ?? 10;
    assertInteger('limit', limit, 1, MAX_LEADERBOARD_LIMIT);
    const { userId } = options;
    if (userId !== undefined) assertId('userId', userId);
    const board = this.#board(scope, period);
    return this.#deps.monitor.read(`scores:${board}`, async () => {
      const { lines, total } = await this.#engine.top(board, limit);
      let rank = 0;
      const entries = lines.map((line, i) => {
        if (i === 0 || line.points !== lines[i - 1]?.points) rank = i + 1;
        return { rank, userId: line.userId, points: line.points, correct: line.correct, answered: line.answered };
      });
      const result: Leaderboard = { entries, total };
      if (userId === undefined) return result;
      const listed = entries.find((e) => e.userId === userId);
      const mine = listed === undefined ? await this.#engine.stats(board, userId) : undefined;
      const me = listed ?? (mine && { rank: mine.rank, userId, points: mine.points, correct: mine.correct, answered: mine.answered });
      return me === undefined ? result : { ...result, me };
    });
  }

  async resetGuild(guildId: string, period: ScorePeriod): Promise<void> {
    assertId('guildId', guildId);
    const board = period === 'all-time' ? undefined : boardId({ guildId }, period, this.#deps.clock.now());
    const records = await this.#deps.monitor.write(`scores:guild:${guildId}`, () => this.#engine.reset(guildId, board));
    this.#deps.logger.info({ guildId, period, boards: [board ?? `${guildBoardPrefix(guildId)}*`], records }, 'guild leaderboard reset');
  }

  async #apply(commit: CheckedCommit, deltas: readonly PlayDelta[]): Promise<CommitOutcome> {
    if (deltas.length === 0) return { applied: false };
    if (commit.appliedKey.length > 200) throw new StoreInputError('the commit key is too long');
    const play: ScorePlay = { ...commit, boards: boardsOf(commit.guildId, commit.at), deltas };
    const applied = await this.#deps.monitor.write(`scores:${commit.appliedKey}`, () => this.#engine.apply(play, this.#deps.clock.now()));
    return { applied };
  }

  #board(scope: ScoreScope, period: ScorePeriod): string {
    if (scope !== 'global') assertId('guildId', scope.guildId);
    return boardId(scope, period, this.#deps.clock.now());
  }
}

type CheckedCommit = Pick<ScorePlay, 'guildId' | 'appliedKey' | 'at'>;

/** A round's results, checked and copied. @throws {StoreInputError} as {@link ScoreBoards.commitRound}. */
function checkRound(guildId: string, idempotencyKey: string, results: readonly AnswerResult[], at: number): CheckedCommit & { readonly results: AnswerResult[] } {
  const base = checkCommit('round', guildId, idempotencyKey, at);
  if (!Array.isArray(results) || results.length > MAX_RESULTS_PER_ROUND) {
    throw new StoreInputError(`results must be an array of at most ${MAX_RESULTS_PER_ROUND} answers`);
  }
  const seen = new Set<string>();
  const copy: AnswerResult[] = [];
  for (const result of results) {
    assertId('userId', result.userId);
    if (seen.has(result.userId)) throw new StoreInputError(`player ${result.userId} appears twice in one round`);
    seen.add(result.userId);
    assertInteger('points', result.points, 0, MAX_POINTS_PER_ANSWER);
    assertInteger('streak', result.streak, 0, Number.MAX_SAFE_INTEGER);
    if (typeof result.correct !== 'boolean') throw new StoreInputError('correct must be a boolean');
    copy.push({ userId: result.userId, points: result.points, correct: result.correct, streak: result.streak });
  }
  return { ...base, results: copy };
}

/** A game's players, checked and copied. @throws {StoreInputError} on a bad id or key, or a duplicate player. */
function checkGame(guildId: string, idempotencyKey: string, userIds: readonly string[], at: number): CheckedCommit & { readonly userIds: string[] } {
  const base = checkCommit('game', guildId, idempotencyKey, at);
  if (!Array.isArray(userIds) || userIds.length > MAX_RESULTS_PER_ROUND) {
    throw new StoreInputError(`userIds must be an array of at most ${MAX_RESULTS_PER_ROUND} players`);
  }
  for (const userId of userIds) assertId('userId', userId);
  if (new Set(userIds).size !== userIds.length) throw new StoreInputError('a player appears twice in one game');
  return { ...base, userIds: [...userIds] };
}

function checkCommit(kind: 'round' | 'game', guildId: string, idempotencyKey: string, at: number): CheckedCommit {
  assertId('guildId', guildId);
  assertIdempotencyKey(idempotencyKey);
  assertTime('at', at);
  return { guildId, appliedKey: `${kind}:${guildId}:${idempotencyKey}`, at };
}

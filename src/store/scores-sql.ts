/**
 * Scores and leaderboards in SQL tables, for SQLite and PostgreSQL alike (sql.ts tells them apart).
 *
 * - `bigcity_scores`: one row per player per board (boards.ts names them), with the primary key
 *   (board, user_id) and an index on (board, points DESC, user_id) that serves the top of a board
 *   and a player's rank (a count of the rows with more points).
 * - `bigcity_applied`: the rounds and games already counted, by kind, server and idempotency key.
 * - `bigcity_practice`: practice answers per player, never on a board.
 * - `bigcity_meta`: the schema version (and what a migration has done).
 *
 * A round is one transaction: its key is recorded first (a key already there ends it, changing
 * nothing), then the players' rows on the six boards are upserted in (board, user) order, so that
 * two transactions touching the same rows always lock them in the same order.
 */
import { StoreInputError } from './errors.js';
import {
  boardFor,
  boardsOf,
  checkGame,
  checkLeaderboardOptions,
  checkRound,
  rankTop,
  resetTarget,
} from './boards.js';
import type { StoreHealthMonitor } from './health.js';
import { prefixUpperBound } from './kv.js';
import { greatest, num, type SqlDatabase, type SqlRunner, type SqlValue } from './sql.js';
import type {
  AnswerResult,
  CommitOutcome,
  Leaderboard,
  LeaderboardOptions,
  PracticeStats,
  RankedUserStats,
  ScorePeriod,
  ScoreRepository,
  ScoreScope,
  StoreClock,
  StoreLogger,
} from './types.js';
import { assertId } from './validate.js';

export const SCORE_SCHEMA_VERSION = 1;

/** Applied keys older than this are forgotten: a quiz re-commits a round only within minutes. */
const APPLIED_KEY_RETENTION_MS = 30 * 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;

const SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS bigcity_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS bigcity_scores (
     board TEXT NOT NULL,
     user_id TEXT NOT NULL,
     points BIGINT NOT NULL,
     correct BIGINT NOT NULL,
     answered BIGINT NOT NULL,
     games BIGINT NOT NULL,
     best_streak BIGINT NOT NULL,
     last_played BIGINT NOT NULL,
     PRIMARY KEY (board, user_id))`,
  `CREATE INDEX IF NOT EXISTS bigcity_scores_rank ON bigcity_scores (board, points DESC, user_id)`,
  `CREATE TABLE IF NOT EXISTS bigcity_applied (key TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS bigcity_applied_at ON bigcity_applied (applied_at)`,
  `CREATE TABLE IF NOT EXISTS bigcity_practice (user_id TEXT PRIMARY KEY, answered BIGINT NOT NULL, correct BIGINT NOT NULL)`,
];

const COLUMNS = 'board, user_id, points, correct, answered, games, best_streak, last_played';
/** Bound values per row of {@link COLUMNS}. */
const ROW_PARAMS = 8;

interface ScoreRow {
  readonly board: string;
  readonly userId: string;
  readonly points: number;
  readonly correct: number;
  readonly answered: number;
  readonly games: number;
  readonly bestStreak: number;
  readonly lastPlayed: number;
}

export interface SqlScoreRepositoryDeps {
  readonly db: SqlDatabase;
  readonly clock: StoreClock;
  readonly logger: StoreLogger;
  /** Accounts each statement's outcome for the store's health; absent in tools and tests. */
  readonly monitor?: StoreHealthMonitor;
}

/**
 * Creates the tables when missing and checks the schema version.
 * @throws {Error} when the database holds a newer schema than this release knows.
 */
export async function ensureScoreSchema(db: SqlDatabase): Promise<void> {
  await db.transaction(async (tx) => {
    // Two processes starting at once on PostgreSQL would race on CREATE … IF NOT EXISTS; SQLite's
    // BEGIN IMMEDIATE already serialises them.
    if (db.dialect === 'postgres') await tx.all(`SELECT pg_advisory_xact_lock(hashtextextended('bigcity:schema', 0))`);
    for (const statement of SCHEMA) await tx.run(statement);
    const rows = await tx.all<{ value: string }>(`SELECT value FROM bigcity_meta WHERE name = 'scores_schema'`);
    const found = rows[0] === undefined ? undefined : Number(rows[0].value);
    if (found === undefined) {
      await tx.run(`INSERT INTO bigcity_meta (name, value) VALUES ('scores_schema', ?)`, [String(SCORE_SCHEMA_VERSION)]);
    } else if (found > SCORE_SCHEMA_VERSION) {
      throw new Error(`the score tables are at schema version ${found}, newer than this release's ${SCORE_SCHEMA_VERSION}: run a newer release`);
    }
  });
}

export class SqlScoreRepository implements ScoreRepository {
  readonly #db: SqlDatabase;
  readonly #clock: StoreClock;
  readonly #logger: StoreLogger;
  readonly #monitor: StoreHealthMonitor | undefined;
  #prunedAt = Number.NEGATIVE_INFINITY;

  constructor(deps: SqlScoreRepositoryDeps) {
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#logger = deps.logger;
    this.#monitor = deps.monitor;
  }

  /** @throws {StoreInputError} on a bad id or key, a duplicate player, or points/streak that are not integers ≥ 0. */
  async commitRound(guildId: string, idempotencyKey: string, results: readonly AnswerResult[], at?: number): Promise<CommitOutcome> {
    const round = checkRound(guildId, idempotencyKey, results, at ?? this.#clock.now());
    if (round.results.length === 0) return { applied: false };
    const rows: ScoreRow[] = [];
    for (const board of boardsOf(round.guildId, round.at)) {
      for (const r of round.results) {
        rows.push({
          board,
          userId: r.userId,
          points: r.points,
          correct: r.correct ? 1 : 0,
          answered: 1,
          games: 0,
          bestStreak: r.streak,
          lastPlayed: round.at,
        });
      }
    }
    return this.#apply(round.appliedKey, rows);
  }

  /** @throws {StoreInputError} on a bad id or key, or a duplicate player. */
  async recordGame(guildId: string, idempotencyKey: string, userIds: readonly string[], at?: number): Promise<CommitOutcome> {
    const game = checkGame(guildId, idempotencyKey, userIds, at ?? this.#clock.now());
    if (game.userIds.length === 0) return { applied: false };
    const rows: ScoreRow[] = [];
    for (const board of boardsOf(game.guildId, game.at)) {
      for (const userId of game.userIds) {
        rows.push({ board, userId, points: 0, correct: 0, answered: 0, games: 1, bestStreak: 0, lastPlayed: game.at });
      }
    }
    return this.#apply(game.appliedKey, rows);
  }

  /** @throws {StoreInputError} on a bad user id. */
  async recordPractice(userId: string, correct: boolean): Promise<PracticeStats> {
    assertId('userId', userId);
    const rows = await this.#write(`practice:${userId}`, () =>
      this.#db.all<{ answered: unknown; correct: unknown }>(
        `INSERT INTO bigcity_practice (user_id, answered, correct) VALUES (?, 1, ?)
         ON CONFLICT (user_id) DO UPDATE SET answered = bigcity_practice.answered + 1, correct = bigcity_practice.correct + excluded.correct
         RETURNING answered, correct`,
        [userId, correct ? 1 : 0],
      ),
    );
    const row = rows[0];
    return { answered: num(row?.answered), correct: num(row?.correct) };
  }

  /** @throws {StoreInputError} on a bad user id. */
  async practiceStats(userId: string): Promise<PracticeStats> {
    assertId('userId', userId);
    const rows = await this.#read(`practice:${userId}`, () =>
      this.#db.all<{ answered: unknown; correct: unknown }>(`SELECT answered, correct FROM bigcity_practice WHERE user_id = ?`, [userId]),
    );
    const row = rows[0];
    return row === undefined ? { answered: 0, correct: 0 } : { answered: num(row.answered), correct: num(row.correct) };
  }

  /** @throws {StoreInputError} on a bad id. */
  async stats(userId: string, scope: ScoreScope, period: ScorePeriod): Promise<RankedUserStats | undefined> {
    assertId('userId', userId);
    const board = boardFor(scope, period, this.#clock.now());
    return this.#read(`scores:${board}`, async () => {
      const rows = await this.#db.all<RawRow>(
        `SELECT points, correct, answered, games, best_streak, last_played,
                (SELECT COUNT(*) FROM bigcity_scores h WHERE h.board = s.board AND h.points > s.points) AS higher,
                (SELECT COUNT(*) FROM bigcity_scores a WHERE a.board = s.board) AS players
         FROM bigcity_scores s WHERE s.board = ? AND s.user_id = ?`,
        [board, userId],
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      return {
        points: num(row.points),
        correct: num(row.correct),
        answered: num(row.answered),
        gamesPlayed: num(row.games),
        bestStreak: num(row.best_streak),
        lastPlayed: num(row.last_played),
        rank: 1 + num(row.higher),
        players: num(row.players),
      };
    });
  }

  /** @throws {StoreInputError} on a bad id or a limit outside 1…50. */
  async leaderboard(scope: ScoreScope, period: ScorePeriod, options: LeaderboardOptions = {}): Promise<Leaderboard> {
    const { limit, userId } = checkLeaderboardOptions(options);
    const board = boardFor(scope, period, this.#clock.now());
    return this.#read(`scores:${board}`, async () => {
      const top = await this.#db.all<RawRow & { user_id: string }>(
        `SELECT user_id, points, correct, answered FROM bigcity_scores WHERE board = ? ORDER BY points DESC, user_id ASC LIMIT ?`,
        [board, limit],
      );
      const totalRows = await this.#db.all<{ players: unknown }>(`SELECT COUNT(*) AS players FROM bigcity_scores WHERE board = ?`, [board]);
      const entries = rankTop(
        top.map((row) => ({ userId: row.user_id, points: num(row.points), correct: num(row.correct), answered: num(row.answered) })),
      ).map((e) => ({ rank: e.rank, userId: e.userId, points: e.points, correct: e.correct, answered: e.answered }));
      const result: Leaderboard = { entries, total: num(totalRows[0]?.players) };
      if (userId === undefined) return result;
      const listed = entries.find((e) => e.userId === userId);
      if (listed !== undefined) return { ...result, me: listed };
      const mine = await this.#db.all<RawRow>(
        `SELECT points, correct, answered,
                (SELECT COUNT(*) FROM bigcity_scores h WHERE h.board = s.board AND h.points > s.points) AS higher
         FROM bigcity_scores s WHERE s.board = ? AND s.user_id = ?`,
        [board, userId],
      );
      const me = mine[0];
      if (me === undefined) return result;
      return { ...result, me: { rank: 1 + num(me.higher), userId, points: num(me.points), correct: num(me.correct), answered: num(me.answered) } };
    });
  }

  /** @throws {StoreInputError} on a bad guild id. */
  async resetGuild(guildId: string, period: ScorePeriod): Promise<void> {
    assertId('guildId', guildId);
    const target = resetTarget(guildId, period, this.#clock.now());
    const removed = await this.#write(`scores:guild:${guildId}`, () =>
      this.#db.transaction((tx) =>
        'board' in target
          ? tx.run(`DELETE FROM bigcity_scores WHERE board = ?`, [target.board])
          : tx.run(`DELETE FROM bigcity_scores WHERE board >= ? AND board < ?`, [target.prefix, prefixUpperBound(target.prefix)]),
      ),
    );
    this.#logger.info({ guildId, period, boards: 'board' in target ? [target.board] : [`${target.prefix}*`], records: removed }, 'guild leaderboard reset');
  }

  /** Rows upserted in one transaction under a new applied key; nothing when the key was applied already. */
  async #apply(appliedKey: string, rows: ScoreRow[]): Promise<CommitOutcome> {
    if (appliedKey.length > 200) throw new StoreInputError('the commit key is too long');
    rows.sort((a, b) => (a.board < b.board ? -1 : a.board > b.board ? 1 : a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
    const now = this.#clock.now();
    const prune = now - this.#prunedAt > PRUNE_EVERY_MS;
    const applied = await this.#write(`scores:${appliedKey}`, () =>
      this.#db.transaction(async (tx) => {
        const fresh = await tx.run(`INSERT INTO bigcity_applied (key, applied_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, [appliedKey, now]);
        if (fresh === 0) return false;
        await this.#upsert(tx, rows);
        if (prune) await tx.run(`DELETE FROM bigcity_applied WHERE applied_at < ?`, [now - APPLIED_KEY_RETENTION_MS]);
        return true;
      }),
    );
    if (prune) this.#prunedAt = now;
    return { applied };
  }

  async #upsert(tx: SqlRunner, rows: readonly ScoreRow[]): Promise<void> {
    const perStatement = Math.floor(this.#db.maxParams / ROW_PARAMS);
    const max = (column: string): string => greatest(this.#db, `bigcity_scores.${column}`, `excluded.${column}`);
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      const params: SqlValue[] = [];
      for (const r of chunk) params.push(r.board, r.userId, r.points, r.correct, r.answered, r.games, r.bestStreak, r.lastPlayed);
      await tx.run(
        `INSERT INTO bigcity_scores (${COLUMNS}) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
         ON CONFLICT (board, user_id) DO UPDATE SET
           points = bigcity_scores.points + excluded.points,
           correct = bigcity_scores.correct + excluded.correct,
           answered = bigcity_scores.answered + excluded.answered,
           games = bigcity_scores.games + excluded.games,
           best_streak = ${max('best_streak')},
           last_played = ${max('last_played')}`,
        params,
      );
    }
  }

  #read<T>(label: string, op: () => Promise<T>): Promise<T> {
    return this.#monitor ? this.#monitor.read(label, op) : op();
  }

  #write<T>(label: string, op: () => Promise<T>): Promise<T> {
    return this.#monitor ? this.#monitor.write(label, op) : op();
  }
}

interface RawRow {
  readonly points: unknown;
  readonly correct: unknown;
  readonly answered: unknown;
  readonly games?: unknown;
  readonly best_streak?: unknown;
  readonly last_played?: unknown;
  readonly higher?: unknown;
  readonly players?: unknown;
}

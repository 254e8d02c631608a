/**
 * The score engine on SQL tables, for SQLite and PostgreSQL alike (sql.ts tells them apart):
 * `bigcity_scores` (a row per player per board, indexed on (board, points DESC, user_id) for the top
 * and ranks), `bigcity_applied` (the plays already counted), `bigcity_practice` and `bigcity_meta`
 * (the schema version). A play is one transaction: its key first (one already there ends it), then the upserts.
 */
import type { BoardLine, ScoreEngine, ScorePlay } from './boards.js';
import { guildBoardPrefix } from './boards.js';
import { prefixUpperBound } from './kv.js';
import { greatest, num, type SqlDatabase, type SqlRunner, type SqlValue } from './sql.js';
import type { PracticeStats, RankedUserStats } from './types.js';

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

/** Creates the tables when missing. @throws {Error} when the database holds a newer schema than this release knows. */
export async function ensureScoreSchema(db: SqlDatabase): Promise<void> {
  await db.transaction(async (tx) => {
    // PostgreSQL's CREATE … IF NOT EXISTS races between processes; SQLite's BEGIN IMMEDIATE serialises them.
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

export class SqlScoreEngine implements ScoreEngine {
  readonly #db: SqlDatabase;
  #prunedAt = Number.NEGATIVE_INFINITY;

  constructor(db: SqlDatabase) {
    this.#db = db;
  }

  async apply(play: ScorePlay, now: number): Promise<boolean> {
    // In (board, user) order, so that two transactions touching the same rows lock them in the same order.
    const deltas = [...play.deltas].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
    const boards = [...play.boards].sort();
    const prune = now - this.#prunedAt > PRUNE_EVERY_MS;
    const applied = await this.#db.transaction(async (tx) => {
      const fresh = await tx.run(`INSERT INTO bigcity_applied (key, applied_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, [play.appliedKey, now]);
      if (fresh === 0) return false;
      const params: SqlValue[] = [];
      for (const board of boards) {
        for (const d of deltas) params.push(board, d.userId, d.points, d.correct, d.answered, d.games, d.streak, play.at);
      }
      await this.#upsert(tx, params);
      if (prune) await tx.run(`DELETE FROM bigcity_applied WHERE applied_at < ?`, [now - APPLIED_KEY_RETENTION_MS]);
      return true;
    });
    if (prune) this.#prunedAt = now;
    return applied;
  }

  async stats(board: string, userId: string): Promise<RankedUserStats | undefined> {
    const [row] = await this.#db.all<Record<string, unknown>>(
      `SELECT points, correct, answered, games, best_streak, last_played,
              (SELECT COUNT(*) FROM bigcity_scores h WHERE h.board = s.board AND h.points > s.points) AS higher,
              (SELECT COUNT(*) FROM bigcity_scores a WHERE a.board = s.board) AS players
       FROM bigcity_scores s WHERE s.board = ? AND s.user_id = ?`,
      [board, userId],
    );
    if (row === undefined) return undefined;
    return {
      points: num(row['points']),
      correct: num(row['correct']),
      answered: num(row['answered']),
      gamesPlayed: num(row['games']),
      bestStreak: num(row['best_streak']),
      lastPlayed: num(row['last_played']),
      rank: 1 + num(row['higher']),
      players: num(row['players']),
    };
  }

  async top(board: string, limit: number): Promise<{ lines: BoardLine[]; total: number }> {
    const rows = await this.#db.all<Record<string, unknown>>(
      `SELECT user_id, points, correct, answered FROM bigcity_scores WHERE board = ? ORDER BY points DESC, user_id ASC LIMIT ?`,
      [board, limit],
    );
    const [count] = await this.#db.all<{ players: unknown }>(`SELECT COUNT(*) AS players FROM bigcity_scores WHERE board = ?`, [board]);
    const lines = rows.map((r) => ({ userId: String(r['user_id']), points: num(r['points']), correct: num(r['correct']), answered: num(r['answered']) }));
    return { lines, total: num(count?.players) };
  }

  async practice(userId: string, correct?: boolean): Promise<PracticeStats> {
    const [row] =
      correct === undefined
        ? await this.#db.all<{ answered: unknown; correct: unknown }>(`SELECT answered, correct FROM bigcity_practice WHERE user_id = ?`, [userId])
        : await this.#db.all<{ answered: unknown; correct: unknown }>(
            `INSERT INTO bigcity_practice (user_id, answered, correct) VALUES (?, 1, ?)
             ON CONFLICT (user_id) DO UPDATE SET answered = bigcity_practice.answered + 1, correct = bigcity_practice.correct + excluded.correct
             RETURNING answered, correct`,
            [userId, correct ? 1 : 0],
          );
    return { answered: num(row?.answered ?? 0), correct: num(row?.correct ?? 0) };
  }

  reset(guildId: string, board: string | undefined): Promise<number> {
    const prefix = guildBoardPrefix(guildId);
    return this.#db.transaction((tx) =>
      board === undefined
        ? tx.run(`DELETE FROM bigcity_scores WHERE board >= ? AND board < ?`, [prefix, prefixUpperBound(prefix)])
        : tx.run(`DELETE FROM bigcity_scores WHERE board = ?`, [board]),
    );
  }

  /** `params` holds {@link ROW_PARAMS} values per row, in {@link COLUMNS} order. */
  async #upsert(tx: SqlRunner, params: readonly SqlValue[]): Promise<void> {
    const perStatement = Math.floor(this.#db.maxParams / ROW_PARAMS) * ROW_PARAMS;
    const max = (column: string): string => greatest(this.#db, `bigcity_scores.${column}`, `excluded.${column}`);
    for (let start = 0; start < params.length; start += perStatement) {
      const chunk = params.slice(start, start + perStatement);
      await tx.run(
        `INSERT INTO bigcity_scores (${COLUMNS}) VALUES ${Array.from({ length: chunk.length / ROW_PARAMS }, () => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
         ON CONFLICT (board, user_id) DO UPDATE SET
           points = bigcity_scores.points + excluded.points,
           correct = bigcity_scores.correct + excluded.correct,
           answered = bigcity_scores.answered + excluded.answered,
           games = bigcity_scores.games + excluded.games,
           best_streak = ${max('best_streak')},
           last_played = ${max('last_played')}`,
        chunk,
      );
    }
  }
}

/**
 * What `/quiz leaderboard` and `/quiz stats` show, read from the score store in one call each.
 * No discord.js: src/discord/scores-view.ts renders these.
 */
import type { Leaderboard, PracticeStats, RankedUserStats, ScorePeriod, ScoreRepository } from '../store/types.js';

/** A server's boards, or every server's together. */
export type BoardScope = 'server' | 'global';

export interface BoardRequest {
  readonly scope: BoardScope;
  readonly period: ScorePeriod;
  /** The server a `server` board belongs to. */
  readonly guildId: string | null;
  /** Who asked: their own line is added when they are below the top. */
  readonly viewerId: string;
}

export interface BoardView {
  readonly scope: BoardScope;
  readonly period: ScorePeriod;
  readonly viewerId: string;
  readonly board: Leaderboard;
}

/** How many players a leaderboard lists before the asker's own line. */
export const BOARD_SIZE = 10;

/**
 * The top of a board and the asker's rank on it.
 * @throws RangeError for a `server` board without a server; whatever the store throws.
 */
export async function readBoard(scores: Pick<ScoreRepository, 'leaderboard'>, request: BoardRequest): Promise<BoardView> {
  if (request.scope === 'server' && request.guildId === null) throw new RangeError('readBoard: a server board needs a server');
  const scope = request.scope === 'server' && request.guildId !== null ? { guildId: request.guildId } : 'global';
  const board = await scores.leaderboard(scope, request.period, { limit: BOARD_SIZE, userId: request.viewerId });
  return { scope: request.scope, period: request.period, viewerId: request.viewerId, board };
}

/**
 * A player's record as one card: the board of where they asked (the server, or every server
 * from a DM) all-time, this month and this week, every server's when that is not the same board,
 * and practice.
 */
export interface PlayerRecord {
  readonly userId: string;
  readonly scope: BoardScope;
  readonly allTime: RankedUserStats | undefined;
  readonly month: RankedUserStats | undefined;
  /** The ISO week (UTC). */
  readonly week: RankedUserStats | undefined;
  /** Every server's all-time board, for a server's card; null on a card that already is it. */
  readonly everywhere: RankedUserStats | undefined | null;
  readonly practice: PracticeStats;
}

/** Reads a player's record for a card asked for in `guildId` (null: a DM). Throws what the store throws. */
export async function readPlayerRecord(
  scores: Pick<ScoreRepository, 'stats' | 'practiceStats'>,
  userId: string,
  guildId: string | null,
): Promise<PlayerRecord> {
  const where = guildId === null ? 'global' : { guildId };
  const [allTime, month, week, everywhere, practice] = await Promise.all([
    scores.stats(userId, where, 'all-time'),
    scores.stats(userId, where, 'month'),
    scores.stats(userId, where, 'week'),
    guildId === null ? Promise.resolve(null) : scores.stats(userId, 'global', 'all-time'),
    scores.practiceStats(userId),
  ]);
  return { userId, scope: guildId === null ? 'global' : 'server', allTime, month, week, everywhere, practice };
}

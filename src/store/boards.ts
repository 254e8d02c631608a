/**
 * What every score backend shares: which boards a play lands on, and the checks of what a caller
 * asks to commit. A board is named `guild:<G>:<period>` or `global:<period>`, the period being
 * `all`, a UTC month (`2024-10`) or an ISO week (`2024-W42`), so that one server's boards share
 * the prefix `guild:<G>:` (a reset removes them by range).
 */
import { StoreInputError } from './errors.js';
import { monthKey } from './month.js';
import type { AnswerResult, LeaderboardOptions, ScorePeriod, ScoreScope } from './types.js';
import { weekKey } from './week.js';
import { assertId, assertIdempotencyKey, assertInteger, assertTime } from './validate.js';

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

/** The boards a reset of `period` empties at `now` (all-time: every board of the server, by prefix). */
export function resetTarget(guildId: string, period: ScorePeriod, now: number): { readonly board: string } | { readonly prefix: string } {
  return period === 'all-time' ? { prefix: guildBoardPrefix(guildId) } : { board: boardId({ guildId }, period, now) };
}

/** The board a read asks for. @throws {StoreInputError} on a bad guild id. */
export function boardFor(scope: ScoreScope, period: ScorePeriod, now: number): string {
  if (scope !== 'global') assertId('guildId', scope.guildId);
  return boardId(scope, period, now);
}

export interface CheckedCommit {
  readonly guildId: string;
  /** The key as the backend records it: unique per kind and server. */
  readonly appliedKey: string;
  readonly at: number;
}

/**
 * A round's results, checked and copied.
 * @throws {StoreInputError} on a bad id or key, a duplicate player, or points/streak that are not integers ≥ 0.
 */
export function checkRound(guildId: string, idempotencyKey: string, results: readonly AnswerResult[], at: number): CheckedCommit & { readonly results: AnswerResult[] } {
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
export function checkGame(guildId: string, idempotencyKey: string, userIds: readonly string[], at: number): CheckedCommit & { readonly userIds: string[] } {
  const base = checkCommit('game', guildId, idempotencyKey, at);
  if (!Array.isArray(userIds) || userIds.length > MAX_RESULTS_PER_ROUND) {
    throw new StoreInputError(`userIds must be an array of at most ${MAX_RESULTS_PER_ROUND} players`);
  }
  for (const userId of userIds) assertId('userId', userId);
  if (new Set(userIds).size !== userIds.length) throw new StoreInputError('a player appears twice in one game');
  return { ...base, userIds: [...userIds] };
}

/** @throws {StoreInputError} on a bad user id or a limit outside 1…{@link MAX_LEADERBOARD_LIMIT}. */
export function checkLeaderboardOptions(options: LeaderboardOptions): { readonly limit: number; readonly userId: string | undefined } {
  const limit = options.limit ?? 10;
  assertInteger('limit', limit, 1, MAX_LEADERBOARD_LIMIT);
  if (options.userId !== undefined) assertId('userId', options.userId);
  return { limit, userId: options.userId };
}

/** Ranks of a board's top entries, sorted by points (descending): 1 + the number with more points. */
export function rankTop<T extends { readonly points: number }>(entries: readonly T[]): (T & { readonly rank: number })[] {
  let rank = 0;
  let previous: number | undefined;
  return entries.map((entry, i) => {
    if (entry.points !== previous) {
      rank = i + 1;
      previous = entry.points;
    }
    return { ...entry, rank };
  });
}

function checkCommit(kind: 'round' | 'game', guildId: string, idempotencyKey: string, at: number): CheckedCommit {
  assertId('guildId', guildId);
  assertIdempotencyKey(idempotencyKey);
  assertTime('at', at);
  return { guildId, appliedKey: `${kind}:${guildId}:${idempotencyKey}`, at };
}

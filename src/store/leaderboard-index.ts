/**
 * The leaderboard index of one board, kept beside the player records so that a top-10 or a rank never
 * scans the players (a guild may have 100,000 of them).
 *
 * - **Top list**: the best {@link TOP_SIZE} players `{userId, points}`. Exact without ever re-reading the
 *   others because points only grow (until a reset, which clears the whole board): a player outside the
 *   list cannot overtake anyone without an update, and every update passes through {@link mergeTop}.
 * - **Histogram**: how many players have each point total, split in buckets of {@link BUCKET_WIDTH}
 *   points: a summary `{bucket: players}` plus one list of `(points, players)` pairs per bucket. A rank
 *   is 1 + players in higher buckets + players of the own bucket with more points: two reads. The width
 *   balances the two: the summary stays small for point totals up to millions, and an update rewrites
 *   at most two buckets of at most {@link BUCKET_WIDTH} pairs.
 *
 * Pure functions; `scores.ts` does the I/O.
 */

export const TOP_SIZE = 50;
/** The largest `limit` a leaderboard request may ask for (the top list is exact up to its size). */
export const MAX_LEADERBOARD_LIMIT = TOP_SIZE;
export const BUCKET_WIDTH = 1000;

export interface TopEntry {
  readonly userId: string;
  readonly points: number;
}

export interface BoardSummary {
  /** Players with a record on this board. */
  readonly players: number;
  /** Bucket index (decimal string) → players whose points fall in it. */
  readonly buckets: Readonly<Record<string, number>>;
  /** Set by a reset: a commit journaled before this instant must not be replayed onto the wiped board. */
  readonly resetAt?: number;
}

/**
 * The point totals within one bucket and how many players have each, as flat pairs
 * `[points, players, points, players, …]` in ascending points. (A JSON array of numbers, because an
 * object keyed by point totals is an integer-keyed dictionary that is slow to copy and serialize.)
 */
export type PointsBucket = readonly number[];

export interface PointsChange {
  readonly userId: string;
  /** Points before the change; undefined for a player new to the board. */
  readonly before: number | undefined;
  readonly after: number;
}

export const EMPTY_SUMMARY: BoardSummary = Object.freeze({ players: 0, buckets: Object.freeze({}) });

export function bucketOf(points: number): number {
  return Math.floor(points / BUCKET_WIDTH);
}

/** Leaderboard order: more points first; ties by user id so the order is stable everywhere. */
export function byRank(a: TopEntry, b: TopEntry): number {
  if (a.points !== b.points) return b.points - a.points;
  return a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0;
}

/** The new top list after some players' points grew (or new players arrived). */
export function mergeTop(
  top: readonly TopEntry[],
  changes: readonly PointsChange[],
  size: number = TOP_SIZE,
): TopEntry[] {
  const byUser = new Map<string, number>(top.map((entry) => [entry.userId, entry.points]));
  for (const change of changes) byUser.set(change.userId, change.after);
  return [...byUser]
    .map(([userId, points]) => ({ userId, points }))
    .sort(byRank)
    .slice(0, size);
}

/** Bucket indexes whose per-points map a set of changes touches. */
export function touchedBuckets(changes: readonly PointsChange[]): number[] {
  const touched = new Set<number>();
  for (const change of changes) {
    if (change.before !== undefined) touched.add(bucketOf(change.before));
    touched.add(bucketOf(change.after));
  }
  return [...touched].sort((a, b) => a - b);
}

/**
 * Applies point changes to the histogram. `buckets` must hold the current pairs of every bucket in
 * {@link touchedBuckets}(changes) (an absent bucket = empty). Returns new values; an empty bucket
 * in the result is to be deleted.
 */
export function applyToHistogram(
  summary: BoardSummary,
  buckets: ReadonlyMap<number, PointsBucket>,
  changes: readonly PointsChange[],
): { summary: BoardSummary; buckets: Map<number, PointsBucket> } {
  const counts: Record<string, number> = { ...summary.buckets };
  const maps = new Map<number, Map<number, number>>();
  const mapOf = (index: number): Map<number, number> => {
    let map = maps.get(index);
    if (map === undefined) {
      map = fromPairs(buckets.get(index) ?? []);
      maps.set(index, map);
    }
    return map;
  };
  let players = summary.players;
  for (const change of changes) {
    if (change.before === change.after) continue;
    if (change.before === undefined) {
      players += 1;
    } else {
      const index = bucketOf(change.before);
      decrementAt(mapOf(index), change.before);
      decrement(counts, String(index));
    }
    const index = bucketOf(change.after);
    const map = mapOf(index);
    map.set(change.after, (map.get(change.after) ?? 0) + 1);
    increment(counts, String(index));
  }
  const next: BoardSummary =
    summary.resetAt === undefined ? { players, buckets: counts } : { players, buckets: counts, resetAt: summary.resetAt };
  const out = new Map<number, PointsBucket>();
  for (const [index, map] of maps) out.set(index, toPairs(map));
  return { summary: next, buckets: out };
}

/**
 * Rank of a player with `points` (1 + players with strictly more points), from the summary and the
 * player's own bucket.
 */
export function rankFromHistogram(points: number, summary: BoardSummary, ownBucket: PointsBucket | undefined): number {
  const own = bucketOf(points);
  let above = 0;
  for (const [index, count] of Object.entries(summary.buckets)) {
    if (Number(index) > own) above += count;
  }
  const pairs = ownBucket ?? [];
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    if ((pairs[i] ?? 0) > points) above += pairs[i + 1] ?? 0;
  }
  return above + 1;
}

/** Rank of a top-list member: everyone with more points is in the list too. */
export function rankInTop(top: readonly TopEntry[], points: number): number {
  let above = 0;
  for (const entry of top) if (entry.points > points) above += 1;
  return above + 1;
}

/** The whole index of a board, from all of its players (recovery only). */
export function buildIndex(
  players: Iterable<TopEntry>,
  resetAt: number | undefined,
  size: number = TOP_SIZE,
): { top: TopEntry[]; summary: BoardSummary; buckets: Map<number, PointsBucket> } {
  const changes: PointsChange[] = [];
  for (const player of players) changes.push({ userId: player.userId, before: undefined, after: player.points });
  const base: BoardSummary = resetAt === undefined ? EMPTY_SUMMARY : { ...EMPTY_SUMMARY, resetAt };
  const { summary, buckets } = applyToHistogram(base, new Map(), changes);
  const top = [...changes]
    .map((change) => ({ userId: change.userId, points: change.after }))
    .sort(byRank)
    .slice(0, size);
  return { top, summary, buckets };
}

function increment(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

function decrement(map: Record<string, number>, key: string): void {
  const next = (map[key] ?? 0) - 1;
  if (next > 0) map[key] = next;
  else delete map[key];
}

function decrementAt(map: Map<number, number>, points: number): void {
  const next = (map.get(points) ?? 0) - 1;
  if (next > 0) map.set(points, next);
  else map.delete(points);
}

function fromPairs(pairs: PointsBucket): Map<number, number> {
  const map = new Map<number, number>();
  for (let i = 0; i + 1 < pairs.length; i += 2) map.set(pairs[i] ?? 0, pairs[i + 1] ?? 0);
  return map;
}

function toPairs(map: ReadonlyMap<number, number>): number[] {
  const points = [...map.keys()].sort((a, b) => a - b);
  const pairs: number[] = new Array<number>(points.length * 2);
  points.forEach((p, i) => {
    pairs[2 * i] = p;
    pairs[2 * i + 1] = map.get(p) ?? 0;
  });
  return pairs;
}

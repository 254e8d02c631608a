import { describe, expect, it } from 'vitest';
import {
  applyToHistogram,
  BUCKET_WIDTH,
  buildIndex,
  EMPTY_SUMMARY,
  mergeTop,
  rankFromHistogram,
  rankInTop,
  touchedBuckets,
  type BoardSummary,
  type PointsBucket,
  type PointsChange,
  type TopEntry,
} from '../../src/store/leaderboard-index.js';
import { seededRandom } from './helpers.js';

/** Applies changes the way scores.ts does: read the touched buckets, apply, keep non-empty ones. */
function step(
  state: { top: TopEntry[]; summary: BoardSummary; buckets: Map<number, PointsBucket> },
  changes: PointsChange[],
  size: number,
): void {
  const touched = new Map(touchedBuckets(changes).map((i) => [i, state.buckets.get(i) ?? []]));
  const next = applyToHistogram(state.summary, touched, changes);
  state.summary = next.summary;
  for (const [i, bucket] of next.buckets) {
    if (bucket.length === 0) state.buckets.delete(i);
    else state.buckets.set(i, bucket);
  }
  state.top = mergeTop(state.top, changes, size);
}

describe('leaderboard index', () => {
  it('given random growing scores, the top list and every rank match a full sort', () => {
    const random = seededRandom(2024);
    const size = 8;
    const points = new Map<string, number>();
    const state = { top: [] as TopEntry[], summary: EMPTY_SUMMARY, buckets: new Map<number, PointsBucket>() };
    for (let round = 0; round < 400; round += 1) {
      const changes: PointsChange[] = [];
      const users = new Set<string>();
      for (let n = 0; n < 1 + Math.floor(random() * 6); n += 1) users.add(`u${Math.floor(random() * 60)}`);
      for (const userId of users) {
        const before = points.get(userId);
        const gained = random() < 0.3 ? 0 : Math.floor(random() * 2.5 * BUCKET_WIDTH);
        const after = (before ?? 0) + gained;
        points.set(userId, after);
        changes.push({ userId, before, after });
      }
      step(state, changes, size);

      const sorted = [...points].sort(([ua, a], [ub, b]) => b - a || (ua < ub ? -1 : 1));
      expect(state.top).toEqual(sorted.slice(0, size).map(([userId, p]) => ({ userId, points: p })));
      expect(state.summary.players).toBe(points.size);
      for (const [userId, p] of points) {
        const expected = 1 + sorted.filter(([, q]) => q > p).length;
        expect(rankFromHistogram(p, state.summary, state.buckets.get(Math.floor(p / BUCKET_WIDTH))), userId).toBe(
          expected,
        );
      }
      for (const entry of state.top) {
        expect(rankInTop(state.top, entry.points)).toBe(1 + sorted.filter(([, q]) => q > entry.points).length);
      }
    }
    const rebuilt = buildIndex(
      [...points].map(([userId, p]) => ({ userId, points: p })),
      undefined,
      size,
    );
    expect(rebuilt.top).toEqual(state.top);
    expect(rebuilt.summary).toEqual(state.summary);
    expect(rebuilt.buckets).toEqual(state.buckets);
  });

  it('given a reset marker, applying and rebuilding keep it', () => {
    const reset: BoardSummary = { players: 0, buckets: {}, resetAt: 123 };
    const applied = applyToHistogram(reset, new Map(), [{ userId: 'a', before: undefined, after: 5 }]);
    expect(applied.summary).toEqual({ players: 1, buckets: { '0': 1 }, resetAt: 123 });
    expect(buildIndex([{ userId: 'a', points: 5 }], 123).summary.resetAt).toBe(123);
  });
});

import { describe, expect, it } from 'vitest';
import { boardTotal, goalMark, loadGoals, median, p99CountingMissed, startupGoal, type LoadGoalInput, type TrialFigures } from '../../../scripts/lib/load-report.js';

describe('boardTotal', () => {
  it('given the English leaderboard footer, the player count comes back with its thousands separators read', () => {
    expect(boardTotal('5,000 players on this board')).toBe(5000);
    expect(boardTotal('1 player on this board')).toBe(1);
  });

  it('given a footer without the count, nothing comes back', () => {
    expect(boardTotal('')).toBeUndefined();
    expect(boardTotal('순위표에 5,000명')).toBeUndefined();
  });
});

describe('median', () => {
  it('given an odd count the middle value, an even count the mean of the two middle ones, in any order', () => {
    expect(median([900, 300, 500])).toBe(500);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('given no values, it throws', () => {
    expect(() => median([])).toThrow(RangeError);
  });
});

describe('p99CountingMissed', () => {
  it('given no missed clicks, it is the p99 of the latencies', () => {
    expect(p99CountingMissed(Array.from({ length: 100 }, (_, i) => i + 1), 0)).toBe(99);
  });

  it('given more than 1 % missed, the p99 is a missed click (Infinity), however fast the answered ones were', () => {
    expect(p99CountingMissed(Array.from({ length: 98 }, () => 5), 2)).toBe(Number.POSITIVE_INFINITY);
    expect(p99CountingMissed(Array.from({ length: 99 }, () => 5), 1)).toBe(5);
  });
});

describe('loadGoals', () => {
  const run: TrialFigures = { botAckP99: 30, bareAckP99: 20, botMissed: 0, revealMs: 120, committedMs: 499, botMaxBlockMs: 100, botMaxHeldMs: null };
  const met: LoadGoalInput = { members: 5000, trials: [run], missedElsewhere: [{ members: 500, missed: 0 }] };

  it('given one run at every limit, every goal is met and the figures behind each are shown', () => {
    const goals = loadGoals(met);
    expect(goals.map((g) => g.met)).toEqual([true, true, true, true]);
    expect(goals.map((g) => g.value)).toEqual(['0 missed', '×1.5 (p99 30.0 ms vs 20.0 ms)', '499 ms (reveal edit 120 ms, every score on the board by 499 ms)', '100 ms']);
  });

  it('given figures just past each limit, each goal is missed', () => {
    const goals = loadGoals({ ...met, trials: [{ ...run, botMissed: 1, botAckP99: 30.1, committedMs: 500, botMaxBlockMs: 100.5 }] });
    expect(goals.map((g) => g.met)).toEqual([false, false, false, false]);
  });

  it('given a reveal before the scores reach the board, the later of the two counts; without every score, the goal is missed', () => {
    expect(loadGoals({ ...met, trials: [{ ...run, revealMs: 600, committedMs: 100 }] })[2]?.met).toBe(false);
    expect(loadGoals({ ...met, trials: [{ ...run, committedMs: undefined }] })[2]).toMatchObject({ met: false, value: 'reveal 120 ms, but not every score reached the board' });
    expect(loadGoals({ ...met, trials: [{ ...run, revealMs: undefined }] })[2]).toMatchObject({ met: false, value: 'no reveal' });
  });

  it('given three runs with a goal met in two, that goal is missed and each run is shown', () => {
    const goals = loadGoals({ ...met, trials: [run, { ...run, botAckP99: 40 }, run] });
    expect(goals[1]).toMatchObject({ met: false, value: '×1.5 · ×2 · ×1.5 (met in 2 of 3 runs)' });
    expect(goals[3]).toMatchObject({ met: true, value: '100 ms · 100 ms · 100 ms (met in 3 of 3 runs)' });
  });

  it('given the time the bot\'s own work held the loop, it is shown beside the block, which alone decides the goal', () => {
    expect(loadGoals({ ...met, trials: [{ ...run, botMaxBlockMs: 150, botMaxHeldMs: 40 }] })[3]).toEqual({
      goal: 'no event-loop block over 100 ms',
      value: '150 ms (its own work held the loop at most 40.0 ms)',
      met: false,
    });
    expect(loadGoals({ ...met, trials: [{ ...run, botMaxHeldMs: 40 }, { ...run, botMaxBlockMs: 90, botMaxHeldMs: 35 }] })[3]).toMatchObject({
      value: '100 ms (own work 40.0 ms) · 90.0 ms (own work 35.0 ms) (met in 2 of 2 runs)',
      met: true,
    });
  });

  it('given missed deadlines or a failed run at another size, the missed-deadlines goal is missed and names them', () => {
    expect(loadGoals({ ...met, missedElsewhere: [{ members: 500, missed: 2 }] })[0]).toMatchObject({ met: false, value: '0 missed (and 2 at 500)' });
    expect(loadGoals({ ...met, failedSizes: [2000] })[0]).toMatchObject({ met: false, value: '0 missed (and the run with 2,000 failed)' });
  });

  it('given a bot p99 that is a missed click, the ack goal is missed; a bare client that missed leaves it unknown', () => {
    expect(loadGoals({ ...met, trials: [{ ...run, botAckP99: Number.POSITIVE_INFINITY }] })[1]).toMatchObject({ met: false, value: '×∞ (p99 a missed click vs 20.0 ms)' });
    expect(loadGoals({ ...met, trials: [{ ...run, bareAckP99: Number.POSITIVE_INFINITY }] })[1]?.met).toBeUndefined();
  });

  it('given no run of the largest size, its goals are unknown, never met', () => {
    const goals = loadGoals({ ...met, trials: [] });
    expect(goals.map((g) => goalMark(g.met))).toEqual(['?', '?', '?', '?']);
  });
});

describe('startupGoal', () => {
  it('given the bot at twice the bare client, the goal is met; a little more, missed; no figure, unknown', () => {
    expect(startupGoal('node dist/index.js', 1000, 500)).toMatchObject({ met: true, value: 'node dist/index.js: ×2 (1,000 ms vs 500 ms)' });
    expect(startupGoal('npm start', 1001, 500).met).toBe(false);
    expect(startupGoal('npm start', undefined, 500).met).toBeUndefined();
  });
});

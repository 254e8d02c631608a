/**
 * Pure pieces of the load benchmark's report (scripts/lib/bench-load.ts): reading the bot's
 * replies, medians, and the goals of issue 10 "Big servers" checked against the figures.
 */
import { formatMs, formatNumber, formatRatio, quantileSorted } from './stats.js';

/** `1,234 players on this board` (the English leaderboard footer) → 1234; undefined when it is not there. */
export function boardTotal(footer: string): number | undefined {
  const match = /([\d,]+) players? on this board/.exec(footer);
  return match?.[1] === undefined ? undefined : Number(match[1].replaceAll(',', ''));
}

/**
 * The middle value (the mean of the two middle ones for an even count).
 * @throws RangeError when there are no values.
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * The p99 of every click, a missed deadline counted as never answered (Infinity): the p99 of the
 * answered clicks alone would improve as more clicks miss.
 * @throws RangeError when there are no clicks at all.
 */
export function p99CountingMissed(latencies: readonly number[], missed: number): number {
  const all = [...latencies].sort((a, b) => a - b);
  for (let i = 0; i < missed; i++) all.push(Number.POSITIVE_INFINITY);
  return quantileSorted(all, 0.99);
}

/** One goal of the issue: its text, the measured value as printed, and whether it is met (undefined: not measured). */
export interface Goal {
  readonly goal: string;
  readonly value: string;
  readonly met: boolean | undefined;
}

export function goalMark(met: boolean | undefined): string {
  return met === undefined ? '?' : met ? '✓' : '✗';
}

/** One run of the largest size, as the goals read it. */
export interface TrialFigures {
  /** p99 of every click, missed ones counted as never answered ({@link p99CountingMissed}). */
  readonly botAckP99: number;
  readonly bareAckP99: number;
  readonly botMissed: number;
  readonly revealMs: number | undefined;
  /** Time-up → every score on the board; the reveal counts once both it and the scores are there. */
  readonly committedMs: number | undefined;
  readonly botMaxBlockMs: number;
  /**
   * The most the bot's main thread ran between two 1 ms ticks: the part of a block that is its own
   * work, without waits for a core (null where the scheduler's accounting is missing). Shown beside
   * the block; the goal is judged on the block.
   */
  readonly botMaxHeldMs: number | null;
}

export interface LoadGoalInput {
  /** The largest size, where the goals apply. */
  readonly members: number;
  /** Its runs (none when every run failed). */
  readonly trials: readonly TrialFigures[];
  /** The bot's missed deadlines at the other sizes. */
  readonly missedElsewhere: readonly { readonly members: number; readonly missed: number }[];
  /** Sizes whose run failed before it could count (a crash, no question). */
  readonly failedSizes?: readonly number[];
}

export const ACK_P99_GOAL = 1.5;
export const REVEAL_GOAL_MS = 500;
export const BLOCK_GOAL_MS = 100;
export const STARTUP_GOAL = 2;

/** A goal judged in one run: the value as printed, and whether it is met there. */
interface Judged {
  readonly value: string;
  readonly met: boolean | undefined;
}

/**
 * The issue's goals at the largest size, each met only when it is met in every run (a goal that
 * holds in one run of three has not been reached); no missed deadline at any size.
 */
export function loadGoals(x: LoadGoalInput): Goal[] {
  const failed = x.failedSizes ?? [];
  const elsewhere = [
    ...x.missedElsewhere.filter((s) => s.missed > 0).map((s) => `${formatNumber(s.missed)} at ${formatNumber(s.members)}`),
    ...failed.map((members) => `the run with ${formatNumber(members)} failed`),
  ];
  const missed = combine(x.trials.map((t) => ({ value: `${formatNumber(t.botMissed)} missed`, met: t.botMissed === 0 })));
  const p99 = (ms: number): string => (Number.isFinite(ms) ? formatMs(ms) : 'a missed click');
  return [
    {
      goal: '0 missed deadlines (at every size)',
      value: `${missed.value}${elsewhere.length > 0 ? ` (and ${elsewhere.join(', ')})` : ''}`,
      met: elsewhere.length > 0 ? false : missed.met,
    },
    {
      goal: `ack p99 within ${ACK_P99_GOAL}× the bare client's`,
      ...combine(
        x.trials.map((t) => {
          if (!Number.isFinite(t.bareAckP99)) return { value: 'the bare client missed deadlines', met: undefined };
          const ratio = t.botAckP99 / t.bareAckP99;
          const shown = Number.isFinite(ratio) ? formatRatio(t.botAckP99, t.bareAckP99) : '×∞';
          return { value: x.trials.length === 1 ? `${shown} (p99 ${p99(t.botAckP99)} vs ${p99(t.bareAckP99)})` : shown, met: ratio <= ACK_P99_GOAL };
        }),
      ),
    },
    { goal: `reveal under ${REVEAL_GOAL_MS} ms, all scores committed`, ...combine(x.trials.map((t) => revealGoal(t, x.trials.length === 1))) },
    {
      goal: `no event-loop block over ${BLOCK_GOAL_MS} ms`,
      ...combine(
        x.trials.map((t) => {
          const held = t.botMaxHeldMs === null ? '' : x.trials.length === 1 ? ` (its own work held the loop at most ${formatMs(t.botMaxHeldMs)})` : ` (own work ${formatMs(t.botMaxHeldMs)})`;
          return { value: `${formatMs(t.botMaxBlockMs)}${held}`, met: t.botMaxBlockMs <= BLOCK_GOAL_MS };
        }),
      ),
    },
  ];
}

/** Several runs' judgements as one: every value, met only when met in all (`2 of 3 runs`). */
function combine(runs: readonly Judged[]): Judged {
  if (runs.length === 0) return { value: 'not measured', met: undefined };
  if (runs.length === 1) return runs[0] as Judged;
  const met = runs.filter((r) => r.met === true).length;
  return {
    value: `${runs.map((r) => r.value).join(' · ')} (met in ${met} of ${runs.length} runs)`,
    met: runs.some((r) => r.met === false) ? false : runs.every((r) => r.met === true) ? true : undefined,
  };
}

/** Reveal under 500 ms with all scores committed: the later of the reveal edit and the last score reaching the board. */
function revealGoal(t: TrialFigures, detailed: boolean): Judged {
  if (t.revealMs === undefined) return { value: 'no reveal', met: false };
  if (t.committedMs === undefined) return { value: detailed ? `reveal ${formatMs(t.revealMs)}, but not every score reached the board` : 'scores missing', met: false };
  const both = Math.max(t.revealMs, t.committedMs);
  return {
    value: detailed ? `${formatMs(both)} (reveal edit ${formatMs(t.revealMs)}, every score on the board by ${formatMs(t.committedMs)})` : formatMs(both),
    met: both < REVEAL_GOAL_MS,
  };
}

/** Start-up within 2× the bare client's, for one way of starting the bot (median ms; undefined: it never answered). */
export function startupGoal(how: string, botMs: number | undefined, bareMs: number | undefined): Goal {
  const goal = `start-up within ${STARTUP_GOAL}× the bare client's`;
  if (botMs === undefined || bareMs === undefined || bareMs <= 0) return { goal, value: `${how}: not measured`, met: undefined };
  return { goal, value: `${how}: ${formatRatio(botMs, bareMs)} (${formatMs(botMs)} vs ${formatMs(bareMs)})`, met: botMs / bareMs <= STARTUP_GOAL };
}

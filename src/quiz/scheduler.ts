/**
 * Timers behind an interface, so the quiz runner can be driven by a manual clock in tests
 * (a whole quiz runs with no real waiting). No discord.js.
 */
import type { Clock } from './types.js';

/** A pending timer; pass it back to {@link Scheduler.clearTimeout}. */
export interface TimerHandle {
  cancel(): void;
}

/**
 * A callback may be async. The scheduler does not handle its rejection: callers pass
 * callbacks that catch their own errors (the runner does).
 */
export type TimerCallback = () => void | Promise<void>;

export interface Scheduler {
  setTimeout(fn: TimerCallback, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  /** Resolves after `ms`: a pause inside a step (a retry's wait), which must not hold up other timers. */
  sleep(ms: number): Promise<void>;
}

/** Node's timers. */
export const realScheduler: Scheduler = {
  setTimeout(fn, ms) {
    const timer = setTimeout(() => void fn(), Math.max(0, ms));
    return { cancel: () => clearTimeout(timer) };
  },
  clearTimeout(handle) {
    handle.cancel();
  },
  sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
  },
};

export interface FakeScheduler extends Scheduler {
  /**
   * Moves the clock forward by `ms`, running every timer that falls due on the way in due
   * order (ties in the order they were set), with the clock set to each timer's due time,
   * awaiting each callback and letting the promises it started settle before the next.
   * Timers set by callbacks run too if they fall due within the window.
   */
  advance(ms: number): Promise<void>;
  /** Runs timers until none is left (at most `limit` of them), moving the clock as needed. */
  runAll(limit?: number): Promise<void>;
  /** Lets pending promise chains (store writes, port calls) settle without moving the clock. */
  settle(): Promise<void>;
  /** How many timers are waiting. */
  pending(): number;
  /** Milliseconds until the next timer is due, or undefined when none is waiting. */
  nextDueIn(): number | undefined;
}

interface FakeTimer {
  readonly seq: number;
  readonly due: number;
  readonly fn: TimerCallback;
  cancelled: boolean;
  /** Set by `sleep`: a callback waiting on it is paused, not busy. */
  readonly pause: boolean;
}

/** A few macrotask turns: enough for chains of awaited in-memory promises to finish. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * A scheduler for tests, driven by a manual clock (see `manualClock` in rng.ts).
 * @throws from `runAll` when more than `limit` timers ran (a timer loop that never ends).
 */
export function createFakeScheduler(clock: Clock & { set(ms: number): void }): FakeScheduler {
  let seq = 0;
  let timers: FakeTimer[] = [];

  const nextTimer = (): FakeTimer | undefined => {
    timers = timers.filter((t) => !t.cancelled);
    let best: FakeTimer | undefined;
    for (const t of timers) {
      if (!best || t.due < best.due || (t.due === best.due && t.seq < best.seq)) best = t;
    }
    return best;
  };

  /**
   * Runs a timer's callback and waits for it. A callback paused in `sleep` does not block time:
   * the timers due within `target` run meanwhile, and if its pause ends later the callback is left
   * waiting for a later `advance`, as real timers would.
   */
  const runOne = async (timer: FakeTimer, target: number): Promise<void> => {
    timer.cancelled = true;
    if (timer.due > clock.now()) clock.set(timer.due);
    const from = seq;
    let finished = false;
    const done = (async () => timer.fn())().finally(() => {
      finished = true;
    });
    const quiet = done.then(
      () => undefined,
      () => undefined,
    );
    for (;;) {
      await Promise.race([quiet, settle()]);
      if (finished) break;
      const paused = timers.some((t) => t.pause && !t.cancelled && t.seq >= from);
      if (!paused) continue;
      const next = nextTimer();
      if (!next || next.due > target) return;
      await runOne(next, target);
    }
    await done;
    await settle();
  };

  return {
    setTimeout(fn, ms) {
      const timer: FakeTimer = { seq: seq++, due: clock.now() + Math.max(0, ms), fn, cancelled: false, pause: false };
      timers.push(timer);
      return {
        cancel: () => {
          timer.cancelled = true;
        },
      };
    },
    clearTimeout(handle) {
      handle.cancel();
    },
    sleep(ms) {
      return new Promise<void>((resolve) => {
        timers.push({ seq: seq++, due: clock.now() + Math.max(0, ms), fn: resolve, cancelled: false, pause: true });
      });
    },
    async advance(ms) {
      await settle();
      const target = clock.now() + Math.max(0, ms);
      for (;;) {
        const timer = nextTimer();
        if (!timer || timer.due > target) break;
        await runOne(timer, target);
      }
      if (clock.now() < target) clock.set(target);
      await settle();
    },
    async runAll(limit = 10_000) {
      await settle();
      for (let ran = 0; ; ran++) {
        const timer = nextTimer();
        if (!timer) return;
        if (ran >= limit) throw new Error(`runAll: more than ${limit} timers ran; is a timer rescheduling itself forever?`);
        await runOne(timer, Infinity);
      }
    },
    settle,
    pending() {
      return timers.filter((t) => !t.cancelled).length;
    },
    nextDueIn() {
      const timer = nextTimer();
      return timer ? Math.max(0, timer.due - clock.now()) : undefined;
    },
  };
}

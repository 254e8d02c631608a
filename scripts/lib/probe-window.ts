/**
 * What the load benchmark's probe (scripts/lib/loop-probe.mjs) reports about one window of a
 * child process, and the small pure readings made from it. No I/O.
 */

export interface ProbeWindow {
  readonly elapsedMs: number;
  /** The longest the event loop was blocked (1 ms resolution). */
  readonly maxBlockMs: number;
  readonly cpuUserMs: number;
  readonly cpuSystemMs: number;
  /** Share of the window the event loop was busy, 0–1. */
  readonly loopUtilization: number;
  /** Bytes given to write(2)-like calls (files, sockets, pipes) from /proc/self/io; null where there is none. */
  readonly wcharBytes: number | null;
  /**
   * The most time the main thread spent on a core between two 1 ms ticks: how long the process's
   * own work held the loop, without the time it waited for a core; null where the scheduler's
   * accounting (/proc/…/schedstat) is missing.
   */
  readonly maxHeldMs: number | null;
  /** Time the main thread was ready to run but waiting for a core; null where that accounting is missing. */
  readonly waitingForCoreMs: number | null;
  /**
   * Time the main thread spent on a core; null where that accounting is missing. The rest of the
   * process's CPU is its other threads': V8's garbage-collection and compiler workers, libuv's pool.
   */
  readonly mainThreadCpuMs: number | null;
  /** The longest garbage collection, during which the main thread stood still. */
  readonly maxGcPauseMs: number;
  /** Garbage collection on the main thread in all. */
  readonly gcMs: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
}

const NUMBER_FIELDS = ['elapsedMs', 'maxBlockMs', 'cpuUserMs', 'cpuSystemMs', 'loopUtilization', 'maxGcPauseMs', 'gcMs', 'rssBytes', 'heapUsedBytes'] as const;
const NULLABLE_FIELDS = ['wcharBytes', 'maxHeldMs', 'waitingForCoreMs', 'mainThreadCpuMs'] as const;

/**
 * Reads a probe report received over IPC.
 * @throws TypeError naming the first field that is missing or not a number.
 */
export function parseProbeWindow(value: unknown): ProbeWindow {
  if (typeof value !== 'object' || value === null) throw new TypeError('probe window is not an object');
  const record = value as Record<string, unknown>;
  for (const field of NUMBER_FIELDS) {
    if (typeof record[field] !== 'number' || !Number.isFinite(record[field])) throw new TypeError(`probe window field ${field} is not a number`);
  }
  for (const field of NULLABLE_FIELDS) {
    const v = record[field];
    if (v !== null && (typeof v !== 'number' || !Number.isFinite(v))) throw new TypeError(`probe window field ${field} is neither a number nor null`);
  }
  return record as unknown as ProbeWindow;
}

/** CPU time (user + system) of a window. */
export function cpuMs(window: ProbeWindow): number {
  return window.cpuUserMs + window.cpuSystemMs;
}

/** CPU time of a window's threads other than the main one; null where the main thread's share is not known. */
export function otherThreadsCpuMs(window: ProbeWindow): number | null {
  return window.mainThreadCpuMs === null ? null : Math.max(0, cpuMs(window) - window.mainThreadCpuMs);
}

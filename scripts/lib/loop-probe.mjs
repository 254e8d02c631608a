// @ts-check
/**
 * A measuring probe for the load benchmark, preloaded into a child process with
 * `node --import <this file> …` (dev-only: nothing under src/ imports it, and the bot does not
 * know it is there). It watches the process's own event loop and, when the parent asks over the
 * IPC channel, reports what happened since the previous ask and starts a new window:
 *
 *   parent → child  { probe: 'mark', id }
 *   child → parent  { probe: 'window', id, window: ProbeWindow }   (see scripts/lib/probe-window.ts)
 *
 * It is plain JavaScript so that it loads into `node dist/index.js` exactly as users run it,
 * with no TypeScript loader in the measured process.
 */
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';

/** Bytes the process has passed to write(2)-like calls (files, sockets, pipes), or null where /proc is missing. */
function wchar() {
  try {
    const match = /^wchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

// A block shorter than this is not worth reporting against a 3-second deadline.
const RESOLUTION_MS = 1;

/**
 * The main thread's time on a core and time runnable but waiting for one, in ns, from the
 * scheduler's own accounting (Linux /proc/<pid>/task/<tid>/schedstat; the main thread's id is the
 * process id); null where there is none. A block on a machine with fewer cores than busy
 * processes is partly the thread's own work and partly a wait for a core: these tell them apart.
 */
function schedstat() {
  try {
    const [run, wait] = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ');
    return { run: Number(run), wait: Number(wait) };
  } catch {
    return null;
  }
}

if (typeof process.send === 'function') {
  const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  delay.enable();
  // Between two ticks of this timer, the loop did nothing else but its own work: the most time
  // the thread ran between two ticks is the longest the process's own work held the loop.
  let held = { last: schedstat(), maxRunNs: 0 };
  if (held.last !== null) {
    setInterval(() => {
      const now = schedstat();
      if (now === null || held.last === null) return;
      held.maxRunNs = Math.max(held.maxRunNs, now.run - held.last.run);
      held.last = now;
    }, RESOLUTION_MS).unref();
  }
  // Garbage collections: the main thread stands still for each entry's duration.
  let gc = { maxPauseMs: 0, totalMs: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.maxPauseMs = Math.max(gc.maxPauseMs, entry.duration);
      gc.totalMs += entry.duration;
    }
  }).observe({ type: 'gc' });
  let since = {
    at: performance.now(),
    cpu: process.cpuUsage(),
    elu: performance.eventLoopUtilization(),
    wchar: wchar(),
    sched: schedstat(),
  };
  process.on('message', (/** @type {unknown} */ message) => {
    if (typeof message !== 'object' || message === null || /** @type {{ probe?: unknown }} */ (message).probe !== 'mark') return;
    const id = /** @type {{ id?: unknown }} */ (message).id;
    const now = { at: performance.now(), cpu: process.cpuUsage(), elu: performance.eventLoopUtilization(), wchar: wchar(), sched: schedstat() };
    const memory = process.memoryUsage();
    const window = {
      elapsedMs: now.at - since.at,
      // The histogram holds the intervals between 1 ms ticks, in nanoseconds: the longest, less the
      // tick itself, is the longest the loop was blocked.
      maxBlockMs: delay.count > 0 ? Math.max(0, delay.max / 1e6 - RESOLUTION_MS) : 0,
      cpuUserMs: (now.cpu.user - since.cpu.user) / 1000,
      cpuSystemMs: (now.cpu.system - since.cpu.system) / 1000,
      loopUtilization: performance.eventLoopUtilization(now.elu, since.elu).utilization,
      wcharBytes: now.wchar !== null && since.wchar !== null ? now.wchar - since.wchar : null,
      maxHeldMs: held.last !== null ? held.maxRunNs / 1e6 : null,
      waitingForCoreMs: now.sched !== null && since.sched !== null ? (now.sched.wait - since.sched.wait) / 1e6 : null,
      mainThreadCpuMs: now.sched !== null && since.sched !== null ? (now.sched.run - since.sched.run) / 1e6 : null,
      maxGcPauseMs: gc.maxPauseMs,
      gcMs: gc.totalMs,
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
    };
    delay.reset();
    gc = { maxPauseMs: 0, totalMs: 0 };
    held = { last: schedstat(), maxRunNs: 0 };
    since = now;
    process.send?.({ probe: 'window', id, window });
  });
  // The probe must never keep the process alive: the bot decides when it exits.
  process.channel?.unref();
  process.send({ probe: 'ready' });
}

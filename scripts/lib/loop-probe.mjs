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
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

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

if (typeof process.send === 'function') {
  const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  delay.enable();
  let since = {
    at: performance.now(),
    cpu: process.cpuUsage(),
    elu: performance.eventLoopUtilization(),
    wchar: wchar(),
  };
  process.on('message', (/** @type {unknown} */ message) => {
    if (typeof message !== 'object' || message === null || /** @type {{ probe?: unknown }} */ (message).probe !== 'mark') return;
    const id = /** @type {{ id?: unknown }} */ (message).id;
    const now = { at: performance.now(), cpu: process.cpuUsage(), elu: performance.eventLoopUtilization(), wchar: wchar() };
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
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
    };
    delay.reset();
    since = now;
    process.send?.({ probe: 'window', id, window });
  });
  // The probe must never keep the process alive: the bot decides when it exits.
  process.channel?.unref();
  process.send({ probe: 'ready' });
}

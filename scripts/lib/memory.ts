/**
 * Heap readings for the benchmark. `npm run bench` runs without `--expose-gc`, so the collector
 * is exposed at run time (a V8 flag set before the first `gc` lookup); readings taken right after
 * a full collection measure what is retained, not what happens to be garbage yet.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface MemoryReading {
  readonly rss: number;
  readonly heapUsed: number;
  readonly external: number;
  /** Whether a full garbage collection ran just before the reading. */
  readonly collected: boolean;
}

/** A function that runs a full garbage collection, or undefined when V8 refuses to expose one. */
export function exposeGc(): (() => void) | undefined {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return existing;
  try {
    setFlagsFromString('--expose-gc');
    // A fresh context sees the flag: its global gets `gc`.
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

/** Process memory after (when possible) two full collections and a turn of the event loop. */
export async function settledMemory(gc: (() => void) | undefined): Promise<MemoryReading> {
  if (gc) {
    gc();
    // Finalizers and weak callbacks run between collections.
    await new Promise<void>((resolve) => setImmediate(resolve));
    gc();
  }
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, collected: gc !== undefined };
}

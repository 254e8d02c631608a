/**
 * Mutual exclusion for read-modify-write sequences. keyv has neither transactions nor compare-and-set,
 * so every update of a shared key happens under a named lock.
 *
 * Backends: memory and `sqlite://:memory:` only need the in-process {@link KeyedMutex}; a SQLite file
 * that several bot processes may share adds a lease row per lock (see `sqlite.ts`). A Redis backend would
 * take `SET name token NX PX lease` (and release with a compare-and-delete script); PostgreSQL would use
 * `pg_advisory_lock(hashtext(name))` on a dedicated connection.
 */
import type { Locker } from './types.js';

/**
 * In-process mutex per name, FIFO: each caller waits for the one queued before it.
 * Not re-entrant: taking the same name inside its own critical section deadlocks.
 */
export class KeyedMutex implements Locker {
  /** The promise the next caller for a name must wait for; removed when the queue drains. */
  readonly #tails = new Map<string, Promise<void>>();

  async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(name) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    this.#tails.set(name, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (this.#tails.get(name) === tail) this.#tails.delete(name);
    }
  }

  /** Names with a holder or waiters; for tests and diagnostics. */
  get activeNames(): number {
    return this.#tails.size;
  }
}

/** Takes each locker in order (outermost first) and runs `fn` holding all of them. */
export class LayeredLocker implements Locker {
  readonly #layers: readonly Locker[];

  constructor(layers: readonly Locker[]) {
    this.#layers = layers;
  }

  withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const run = this.#layers.reduceRight<() => Promise<T>>(
      (inner, locker) => () => locker.withLock(name, inner),
      fn,
    );
    return run();
  }
}

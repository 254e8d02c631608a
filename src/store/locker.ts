/**
 * An in-process queue per name, for work that must not interleave within this process: the
 * compare-and-set updates of one key (kv.ts), so that only other processes' writes make one retry.
 * Across processes nothing is locked: the engine's transactions and compare-and-set keep writes whole.
 */

/**
 * In-process mutex per name, FIFO: each caller waits for the one queued before it.
 * Not re-entrant: taking the same name inside its own critical section deadlocks.
 */
export class KeyedMutex {
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

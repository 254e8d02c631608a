/**
 * The key-value store the repositories see: the backend's, with every value checked against its row
 * kind (rows.ts) as it is read (a row that cannot be used is unreadable, logged once, and copied to
 * `quarantine:<key>~<hash>` so that a later write over it loses nothing), and every operation
 * accounted for by the health monitor (health.ts).
 */
import { createHash } from 'node:crypto';
import type { StoreHealthMonitor } from './health.js';
import { isBackendFailure } from './health.js';
import { BaseKeyValueStore, KEYV_NAMESPACE, type KeyValueStore, type StoredRead } from './kv.js';
import { QUARANTINE_PREFIX, rowKind } from './rows.js';
import type { StoreClock, StoreLogger } from './types.js';

/** Bad rows remembered as reported; past this many the memory is reset (they are then reported again). */
const MAX_REMEMBERED = 10_000;

export interface QuarantineEntry {
  /** The row's full key, `bigcity:<key>`. */
  readonly key: string;
  readonly reason: string;
  /** Epoch ms. */
  readonly foundAt: number;
  /** The row's text as stored. */
  readonly raw: string;
}

/** Where a copy of an unreadable row is kept (one per distinct content). */
export function quarantineKey(key: string, raw: string): string {
  return `${QUARANTINE_PREFIX}${key}~${hashOf(raw)}`;
}

export function fullKey(key: string): string {
  return `${KEYV_NAMESPACE}:${key}`;
}

export class GuardedKeyValueStore extends BaseKeyValueStore {
  readonly #deps: { readonly inner: KeyValueStore; readonly monitor: StoreHealthMonitor; readonly logger: StoreLogger; readonly clock: StoreClock };
  /** key → hash of the bad content already reported. */
  readonly #reported = new Map<string, string>();

  constructor(deps: { inner: KeyValueStore; monitor: StoreHealthMonitor; logger: StoreLogger; clock: StoreClock }) {
    super();
    this.#deps = deps;
  }

  /** @throws {StoreUnavailableError} when the backend cannot be read. */
  async readMany(keys: readonly string[]): Promise<StoredRead[]> {
    if (keys.length === 0) return [];
    const reads = await this.#deps.monitor.read(label(keys), () => this.#deps.inner.readMany(keys));
    const out: StoredRead[] = [];
    for (const [i, read] of reads.entries()) {
      const key = keys[i] as string;
      let checked = read;
      if (read.state === 'value') {
        const problem = rowKind(key).problem(read.value);
        if (problem !== undefined) {
          checked = read.raw === undefined ? { state: 'unreadable', reason: problem } : { state: 'unreadable', reason: problem, raw: read.raw };
        }
      }
      if (checked.state === 'unreadable') await this.#report(key, checked);
      out.push(checked);
    }
    return out;
  }

  async set(key: string, value: unknown): Promise<void> {
    await this.#deps.monitor.write(fullKey(key), () => this.#deps.inner.set(key, value));
    this.#reported.delete(key);
  }

  async delete(key: string): Promise<void> {
    await this.#deps.monitor.write(fullKey(key), () => this.#deps.inner.delete(key));
    this.#reported.delete(key);
  }

  async deleteMany(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.#deps.monitor.write(label(keys), () => this.#deps.inner.deleteMany(keys));
    for (const key of keys) this.#reported.delete(key);
  }

  async swap(key: string, expected: string | undefined, next: unknown): Promise<boolean> {
    const swapped = await this.#deps.monitor.write(fullKey(key), () => this.#deps.inner.swap(key, expected, next));
    if (swapped) this.#reported.delete(key);
    return swapped;
  }

  /** @throws {StoreUnavailableError} when the backend cannot be read. */
  async *keys(prefix: string): AsyncIterable<string> {
    const iterator = this.#deps.inner.keys(prefix)[Symbol.asyncIterator]();
    for (;;) {
      const next = await this.#deps.monitor.read(`${fullKey(prefix)}*`, () => iterator.next());
      if (next.done === true) return;
      yield next.value;
    }
  }

  /** Logs a bad row once per content and keeps a copy of it aside; never throws. */
  async #report(key: string, read: { readonly reason: string; readonly raw?: string }): Promise<void> {
    const raw = read.raw ?? '';
    const hash = hashOf(raw);
    if (this.#reported.get(key) === hash) return;
    if (this.#reported.size >= MAX_REMEMBERED) this.#reported.clear();
    this.#reported.set(key, hash);
    let quarantine: string | undefined;
    if (!key.startsWith(QUARANTINE_PREFIX) && read.raw !== undefined) {
      const aside = quarantineKey(key, raw);
      const entry: QuarantineEntry = { key: fullKey(key), reason: read.reason, foundAt: this.#deps.clock.now(), raw };
      try {
        await this.#deps.monitor.write(fullKey(aside), () => this.#deps.inner.set(aside, entry));
        quarantine = fullKey(aside);
      } catch (error) {
        // The row stays where it is; only the copy is missing. The write failure itself is logged by the monitor.
        if (!isBackendFailure(error)) this.#deps.logger.debug({ err: error, key: fullKey(key) }, 'store: no quarantine copy of an unreadable row');
      }
    }
    this.#deps.logger.warn(
      { key: fullKey(key), reason: read.reason, ...(quarantine === undefined ? {} : { quarantine }) },
      `store: unreadable ${rowKind(key).label} skipped`,
    );
  }
}

/** Full keys for messages: what an operator finds in the database. */
function label(keys: readonly string[]): string {
  const first = fullKey(keys[0] ?? '');
  return keys.length > 1 ? `${first} (and ${keys.length - 1} more)` : first;
}

function hashOf(raw: string): string {
  return createHash('sha256').update(raw).digest('base64url').slice(0, 12);
}

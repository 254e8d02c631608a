/**
 * The key-value surface the repositories are written against, and its keyv implementation.
 *
 * Repositories never see keyv directly: a backend (memory, SQLite, later Redis or PostgreSQL) only has
 * to provide this interface plus a {@link Locker}, so adding one touches neither repositories nor callers.
 */
import type { Deserialize, DeserializedData, default as Keyv, Serialize } from 'keyv';
import { StoreUnavailableError } from './errors.js';
import type { Locker } from './types.js';

/** keyv namespace of every key this bot writes (keyv stores them as `bigcity:<key>`). */
export const KEYV_NAMESPACE = 'bigcity';

/**
 * Plain JSON for keyv's envelope. keyv's default serializer also round-trips Buffers, which the store
 * never holds, and is several times slower on the large index values (a bucket of a busy board).
 */
export const JSON_SERIALIZATION: { readonly serialize: Serialize; readonly deserialize: Deserialize } = Object.freeze({
  serialize: <Value>(data: DeserializedData<Value>): string => {
    const value: unknown = data.value;
    if (!(value instanceof RawJson)) return JSON.stringify(data);
    // The same envelope JSON.stringify would write, around text that is JSON already.
    return data.expires === undefined || data.expires === null
      ? `{"value":${value.json}}`
      : `{"value":${value.json},"expires":${JSON.stringify(data.expires)}}`;
  },
  deserialize: <Value>(data: string): DeserializedData<Value> | undefined =>
    JSON.parse(data) as DeserializedData<Value> | undefined,
});

/**
 * A value serialised already: {@link KeyValueStore.set} writes its text as it is, so a large
 * value is serialised once (and its size known before the write). Only as the whole value of a
 * key, and only the value's owner may build one: the text must be JSON.
 */
export class RawJson {
  readonly json: string;
  constructor(json: string) {
    this.json = json;
  }
  /** Nested in another value it would be written as this object, not as its text: refuse. */
  toJSON(): never {
    throw new TypeError('RawJson is only valid as the whole value of a key');
  }
}

export interface KeyValueEntry {
  readonly key: string;
  readonly value: unknown;
}

export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]>;
  set(key: string, value: unknown): Promise<void>;
  /** Writes several keys; a backend may make this atomic (SQLite does), callers must not rely on it. */
  setMany(entries: readonly KeyValueEntry[]): Promise<void>;
  delete(key: string): Promise<void>;
  deleteMany(keys: readonly string[]): Promise<void>;
  /**
   * Every key starting with `prefix`. Only for rare maintenance (reset, recovery): it may cost a scan.
   * Keys deleted while iterating must not break the iteration.
   */
  keys(prefix: string): AsyncIterable<string>;
}

/** What a backend hands to the repositories. */
export interface Backend {
  readonly name: string;
  readonly kv: KeyValueStore;
  readonly locker: Locker;
  close(): Promise<void>;
}

/** Backend-specific fast paths for a keyv-backed store. */
export interface KeyvExtras {
  /** Full (namespaced) keys with a prefix. */
  scan(fullPrefix: string): AsyncIterable<string>;
  /** Writes already-serialized values under full keys, atomically if the backend can. */
  writeSerialized?: (rows: readonly { key: string; value: string }[]) => Promise<void>;
  /**
   * Present when the backend fences the writes made under its cross-process lock (they only take effect
   * while the caller still owns the lock). `active()` tells whether the current async context holds such
   * a lock; while it does, every write goes through `writeSerialized` or `deleteFull`, the paths that
   * carry the fence, because keyv's own `set`/`delete` cannot. Both may then throw `LockLostError`.
   */
  fence?: {
    active(): boolean;
    /** Deletes full (namespaced) keys. */
    deleteFull(fullKeys: readonly string[]): Promise<void>;
  };
}

/** Keys per getMany/setMany call; keeps SQLite statements well under its bound-parameter limit. */
const CHUNK = 400;

export class KeyvKeyValueStore implements KeyValueStore {
  readonly #keyv: Keyv;
  readonly #prefix: string;
  readonly #extras: KeyvExtras;

  /** `keyv` must have a namespace and `throwOnErrors: true`, so that a failed read is never mistaken for "absent". */
  constructor(keyv: Keyv, extras: KeyvExtras) {
    const namespace = keyv.namespace;
    if (namespace === undefined || namespace.length === 0 || namespace.includes(':')) {
      throw new TypeError('KeyvKeyValueStore needs a keyv namespace without ":"');
    }
    if (extras.fence !== undefined && extras.writeSerialized === undefined) {
      throw new TypeError('a fenced KeyvKeyValueStore needs writeSerialized');
    }
    this.#keyv = keyv;
    this.#prefix = `${namespace}:`;
    this.#extras = extras;
  }

  async get<T>(key: string): Promise<T | undefined> {
    return (await this.#keyv.get<T>(key)) ?? undefined;
  }

  async getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]> {
    const out: (T | undefined)[] = [];
    for (let i = 0; i < keys.length; i += CHUNK) {
      const chunk = keys.slice(i, i + CHUNK);
      const values = await this.#keyv.getMany<T>(chunk);
      for (const value of values) out.push(value ?? undefined);
    }
    return out;
  }

  /** @throws {LockLostError} when the caller holds a fenced lock that another process has taken over. */
  async set(key: string, value: unknown): Promise<void> {
    if (this.#extras.fence?.active() === true) {
      await this.setMany([{ key, value }]);
      return;
    }
    const ok = await this.#keyv.set(key, value);
    if (!ok) throw new StoreUnavailableError(`the store refused to write ${key}`);
  }

  /** @throws {LockLostError} when the caller holds a fenced lock that another process has taken over. */
  async setMany(entries: readonly KeyValueEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const write = this.#extras.writeSerialized;
    if (write === undefined) {
      await Promise.all(entries.map(async ({ key, value }) => this.set(key, value)));
      return;
    }
    for (let i = 0; i < entries.length; i += CHUNK) {
      const rows = await Promise.all(
        entries.slice(i, i + CHUNK).map(async ({ key, value }) => {
          // keyv's own envelope and serializer, so that keyv reads these rows back like its own.
          const serialized = await this.#keyv.serializeData({ value, expires: undefined });
          if (typeof serialized !== 'string') throw new StoreUnavailableError('keyv serializer did not return a string');
          return { key: this.#prefix + key, value: serialized };
        }),
      );
      await write(rows);
    }
  }

  /** @throws {LockLostError} when the caller holds a fenced lock that another process has taken over. */
  async delete(key: string): Promise<void> {
    const fence = this.#extras.fence;
    if (fence?.active() === true) await fence.deleteFull([this.#prefix + key]);
    else await this.#keyv.delete(key);
  }

  /** @throws {LockLostError} when the caller holds a fenced lock that another process has taken over. */
  async deleteMany(keys: readonly string[]): Promise<void> {
    const fence = this.#extras.fence;
    for (let i = 0; i < keys.length; i += CHUNK) {
      const chunk = keys.slice(i, i + CHUNK);
      if (fence?.active() === true) await fence.deleteFull(chunk.map((key) => this.#prefix + key));
      else await this.#keyv.deleteMany(chunk);
    }
  }

  async *keys(prefix: string): AsyncIterable<string> {
    for await (const full of this.#extras.scan(this.#prefix + prefix)) {
      yield full.slice(this.#prefix.length);
    }
  }
}

/** The smallest string greater than every string starting with `prefix` (for range scans). */
export function prefixUpperBound(prefix: string): string {
  if (prefix.length === 0) throw new TypeError('empty prefix');
  const last = prefix.charCodeAt(prefix.length - 1);
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}

/**
 * The key-value surface the repositories are written against, and its keyv implementation.
 *
 * Repositories never see keyv directly: a backend (memory, SQLite, later Redis or PostgreSQL) only has
 * to provide this interface plus a {@link Locker}, so adding one touches neither repositories nor callers.
 */
import type { Deserialize, DeserializedData, default as Keyv, Serialize } from 'keyv';
import { StoreUnavailableError } from './errors.js';
import type { StoreHealthMonitor } from './health.js';
import type { MigrationReport } from './scores-migrate.js';
import type { Locker, ScoreRepository, StoreClock, StoreLogger } from './types.js';

/** keyv namespace of every key this bot writes (keyv stores them as `bigcity:<key>`). */
export const KEYV_NAMESPACE = 'bigcity';

/** A row whose text is not JSON, or not keyv's `{"value": …}` envelope: read as this instead of throwing. */
export class UnreadableRow {
  constructor(
    readonly reason: string,
    readonly raw: string,
  ) {}
}

/** The text a value was read from, kept beside the envelope for quarantine copies and compare-and-delete. */
const RAW_TEXT = Symbol('raw text');

/**
 * Plain JSON for keyv's envelope. keyv's default serializer also round-trips Buffers, which the store
 * never holds, and is several times slower on the large index values (a bucket of a busy board).
 *
 * Reading never throws: keyv's own deserializer would throw out of `getMany` for one bad row and fail
 * every key read with it. A row that is not JSON, or not an envelope, reads as an {@link UnreadableRow}.
 * `expires` is dropped on the way in: the store never sets one, and keyv would delete a row whose
 * (damaged) `expires` lies in the past while merely reading it.
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
  deserialize: <Value>(data: string): DeserializedData<Value> | undefined => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch (error) {
      return envelope(new UnreadableRow(`not JSON (${error instanceof Error ? error.message : String(error)})`, data), data);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !('value' in parsed)) {
      return envelope(new UnreadableRow('not a {"value": …} envelope', data), data);
    }
    return envelope((parsed as { value: unknown }).value, data);
  },
});

function envelope<Value>(value: unknown, raw: string): DeserializedData<Value> {
  return Object.assign(Object.create(null) as object, { value, [RAW_TEXT]: raw }) as DeserializedData<Value>;
}

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

/** One key as read: absent, a value, or a row that cannot be used (with the reason and its text). */
export type StoredRead =
  | { readonly state: 'absent' }
  | { readonly state: 'value'; readonly value: unknown; /** The stored text, when the backend has one. */ readonly raw?: string }
  | { readonly state: 'unreadable'; readonly reason: string; readonly raw?: string };

export interface KeyValueStore {
  /** The value, or undefined when the key is absent or its row cannot be read. */
  get<T>(key: string): Promise<T | undefined>;
  getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]>;
  /** Like `getMany`, but tells an unreadable row from an absent one. */
  readMany(keys: readonly string[]): Promise<StoredRead[]>;
  /** Deletes `key` only while it still holds exactly `raw` (a repair must not delete a row rewritten meanwhile). */
  deleteIfRaw(key: string, raw: string): Promise<boolean>;
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

/** What a score repository gets from the store around it. */
export interface ScoreDeps {
  readonly clock: StoreClock;
  readonly logger: StoreLogger;
  /** Accounts each operation's outcome for the store's health. */
  readonly monitor: StoreHealthMonitor;
}

/** What a backend hands to the repositories. */
export interface Backend {
  readonly name: string;
  readonly kv: KeyValueStore;
  readonly locker: Locker;
  /** Scores and leaderboards on the engine's own primitives (transactions, indexes, sorted sets). */
  scores(deps: ScoreDeps): ScoreRepository;
  /**
   * Moves what an earlier release kept in the key-value store into the engine's own structures,
   * once (`kv` is the store's checked view of it).
   */
  migrate?(kv: KeyValueStore, logger: StoreLogger): Promise<MigrationReport>;
  /** The database file (absolute), when there is one: watched for deletion, replacement and writability. */
  readonly file?: string;
  /** Copies what the open connection holds to a new file beside `file`; returns the copy's path. */
  rescue?(): Promise<string>;
  close(): Promise<void>;
}

/** Backend-specific fast paths for a keyv-backed store. */
export interface KeyvExtras {
  /** Full (namespaced) keys with a prefix. */
  scan(fullPrefix: string): AsyncIterable<string>;
  /** Deletes a full key only while its stored text is exactly `raw`; true when it did. */
  deleteIfRaw(fullKey: string, raw: string): Promise<boolean>;
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
    return (await this.getMany<T>([key]))[0];
  }

  async getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]> {
    return (await this.readMany(keys)).map((read) => (read.state === 'value' ? (read.value as T) : undefined));
  }

  async readMany(keys: readonly string[]): Promise<StoredRead[]> {
    const out: StoredRead[] = [];
    for (let i = 0; i < keys.length; i += CHUNK) {
      const rows = (await this.#keyv.getMany<unknown>(keys.slice(i, i + CHUNK), { raw: true })) as unknown as (
        | DeserializedData<unknown>
        | undefined
      )[];
      for (const row of rows) out.push(readOf(row));
    }
    return out;
  }

  async deleteIfRaw(key: string, raw: string): Promise<boolean> {
    return this.#extras.deleteIfRaw(this.#prefix + key, raw);
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

function readOf(row: DeserializedData<unknown> | undefined): StoredRead {
  if (row === undefined || row === null) return { state: 'absent' };
  const raw = (row as { [RAW_TEXT]?: string })[RAW_TEXT];
  const value: unknown = row.value;
  if (value instanceof UnreadableRow) return { state: 'unreadable', reason: value.reason, raw: value.raw };
  // keyv's envelope around null or nothing: what an absent key reads as elsewhere.
  if (value === undefined || value === null) return { state: 'absent' };
  return raw === undefined ? { state: 'value', value } : { state: 'value', value, raw };
}

/** The smallest string greater than every string starting with `prefix` (for range scans). */
export function prefixUpperBound(prefix: string): string {
  if (prefix.length === 0) throw new TypeError('empty prefix');
  const last = prefix.charCodeAt(prefix.length - 1);
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}

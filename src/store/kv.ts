/**
 * The key-value surface the repositories are written against, its keyv implementation, and what a
 * backend is: one file with a {@link BackendDefinition} listed in open.ts, whose {@link Backend}
 * gives a keyv store with two statements of its engine (a range scan and a compare-and-set) and a
 * score engine. Every read-modify-write is a compare-and-set ({@link KeyValueStore.update}): atomic
 * against every writer of the key in any process, with no lock to take, renew, lose or time out.
 */
import type { Deserialize, DeserializedData, default as Keyv, Serialize } from 'keyv';
import { StoreUnavailableError } from './errors.js';
import type { ScoreEngine } from './boards.js';
import type { OpenStoreOptions, RecoveryReport, StoreLogger } from './types.js';
/** keyv namespace of every key this bot writes (keyv stores them as `bigcity:<key>`). */
export const KEYV_NAMESPACE = 'bigcity';

/** A row whose text is not JSON, or not keyv's `{"value": …}` envelope: read as this instead of throwing. */
export class UnreadableRow {
  constructor(readonly reason: string, readonly raw: string) {}
}

/** The text a value was read from, kept beside the envelope for quarantine copies and compare-and-delete. */
const RAW_TEXT = Symbol('raw text');

/**
 * Plain JSON for keyv's envelope (keyv's default also round-trips Buffers, and is slower on large
 * values). Reading never throws (keyv's would fail a whole `getMany` for one bad row): a row that is
 * not JSON, or not an envelope, reads as an {@link UnreadableRow}. `expires` is dropped on the way in:
 * the store never sets one, and keyv would delete a row whose (damaged) `expires` lies in the past.
 */
export const JSON_SERIALIZATION: { readonly serialize: Serialize; readonly deserialize: Deserialize } = Object.freeze({
  serialize: <Value>(data: DeserializedData<Value>): string => {
    const value: unknown = data.value;
    // The envelope JSON.stringify would write (the store sets no `expires`), around text that is JSON already.
    return value instanceof RawJson ? `{"value":${value.json}}` : JSON.stringify(data);
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

/** A value serialised already (its text must be JSON), written as it is: a large value is serialised once. */
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

/** One key as read: absent, a value, or a row that cannot be used (with the reason and its text). */
export type StoredRead =
  | { readonly state: 'absent'; /** The text of an envelope around null, which reads as absent. */ readonly raw?: string }
  | { readonly state: 'value'; readonly value: unknown; /** The stored text, when the backend has one. */ readonly raw?: string }
  | { readonly state: 'unreadable'; readonly reason: string; readonly raw?: string };

/** What an {@link Updater} returns to leave the key as it is. */
export const KEEP: unique symbol = Symbol('keep');

/**
 * The next value of a key from its current one (undefined when absent or unreadable, then `unreadable`
 * tells which); undefined deletes it, {@link KEEP} leaves it. Called again when another writer changed
 * the key in between, so it must only compute (a thrown error ends the update, writing nothing).
 */
export type Updater<T> = (current: T | undefined, unreadable: boolean) => T | undefined | typeof KEEP | Promise<T | undefined | typeof KEEP>;

export interface KeyValueStore {
  /** The value, or undefined when the key is absent or its row cannot be read. */
  get<T>(key: string): Promise<T | undefined>;
  getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]>;
  /** Like `getMany`, but tells an unreadable row from an absent one. */
  readMany(keys: readonly string[]): Promise<StoredRead[]>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  deleteMany(keys: readonly string[]): Promise<void>;
  /** Writes `next` (deletes when undefined) only while the key's text is exactly `expected` (undefined: absent), atomically; true when it did. */
  swap(key: string, expected: string | undefined, next: unknown): Promise<boolean>;
  /** Read-modify-write of one key by compare-and-set, retried while others change it; true when it wrote. */
  update<T>(key: string, fn: Updater<T>): Promise<boolean>;
  /** Every key starting with `prefix`, for rare maintenance (it may cost a scan); keys deleted meanwhile must not break it. */
  keys(prefix: string): AsyncIterable<string>;
}

/** Compare-and-set attempts before an update gives up (each lost attempt means another writer's landed). */
const MAX_SWAPS = 100;

/** `get`, `getMany` and `update` of any store, from its `readMany` and `swap`. */
export abstract class BaseKeyValueStore implements KeyValueStore {
  /** Updates of one key in this process queue, so that only other processes' writes make one retry. */
  readonly #queue = new KeyedMutex();

  abstract readMany(keys: readonly string[]): Promise<StoredRead[]>;
  abstract set(key: string, value: unknown): Promise<void>;
  abstract delete(key: string): Promise<void>;
  abstract deleteMany(keys: readonly string[]): Promise<void>;
  abstract swap(key: string, expected: string | undefined, next: unknown): Promise<boolean>;
  abstract keys(prefix: string): AsyncIterable<string>;

  async get<T>(key: string): Promise<T | undefined> {
    return (await this.getMany<T>([key]))[0];
  }

  async getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]> {
    return (await this.readMany(keys)).map((read) => (read.state === 'value' ? (read.value as T) : undefined));
  }

  /** @throws {StoreUnavailableError} when the key changed under {@link MAX_SWAPS} attempts in a row. */
  update<T>(key: string, fn: Updater<T>): Promise<boolean> {
    return this.#queue.withLock(key, async () => {
      for (let attempt = 0; attempt < MAX_SWAPS; attempt++) {
        const [read = { state: 'absent' }] = await this.readMany([key]);
        const expected = read.raw;
        if (read.state !== 'absent' && expected === undefined) throw new TypeError(`the backend returned no text for ${key}`);
        const next = await fn(read.state === 'value' ? (read.value as T) : undefined, read.state === 'unreadable');
        if (next === KEEP || (next === undefined && expected === undefined)) return false;
        if (await this.swap(key, expected, next)) return true;
      }
      throw new StoreUnavailableError(`${key} was changed by others ${MAX_SWAPS} times while this process tried to update it`);
    });
  }
}

/** What a backend hands to the repositories. */
export interface Backend {
  readonly name: string;
  readonly kv: KeyValueStore;
  /** Scores and leaderboards on the engine's own primitives (transactions, indexes, sorted sets). */
  readonly scores: ScoreEngine;
  /** Moves what an earlier release kept in the key-value store into the engine's own structures, once. */
  migrate?(kv: KeyValueStore, logger: StoreLogger): Promise<RecoveryReport>;
  /** The database file (absolute), when there is one: watched for deletion, replacement and writability. */
  readonly file?: string;
  /** Copies what the open connection holds to a new file beside `file`; returns the copy's path. */
  rescue?(): Promise<string>;
  close(): Promise<void>;
}

export type BackendOptions = Required<Pick<OpenStoreOptions, 'logger' | 'clock' | 'busyTimeoutMs'>>;

/** A `DATABASE_URL` a backend understood: what it names, and how to open it (drivers load only then). */
export interface DatabaseTarget {
  readonly backend: string;
  /** The database file as written in the URL, when the backend keeps one. */
  readonly file?: string;
  /** Nothing it holds outlives the process (memory://, sqlite://:memory:). */
  readonly ephemeral: boolean;
  /** What else the backend read from the URL (a schema, a key prefix), for logs and tests; never a password. */
  readonly settings?: Readonly<Record<string, string>>;
  open(options: BackendOptions): Promise<Backend>;
}

/** One backend, as listed in open.ts. */
export interface BackendDefinition {
  /** Lowercase URL schemes it opens (`postgres`, `postgresql`). */
  readonly schemes: readonly string[];
  /** URL forms for help texts and error messages. */
  readonly examples: readonly string[];
  /** Reads a URL with one of its schemes (`rest` follows `scheme:`). @throws {StoreConfigError} naming what is wrong, never a password. */
  parse(url: string, scheme: string, rest: string): DatabaseTarget;
}

/** The two statements a keyv-backed store needs of its engine beyond keyv's own. */
export interface KeyvExtras {
  /** Full (namespaced) keys with a prefix. */
  scan(fullPrefix: string): AsyncIterable<string>;
  /** {@link KeyValueStore.swap} on a full key, with serialized texts. */
  swap(fullKey: string, expected: string | undefined, next: string | undefined): Promise<boolean>;
}

/** Keys per getMany call; keeps SQLite statements well under its bound-parameter limit. */
const CHUNK = 400;

export class KeyvKeyValueStore extends BaseKeyValueStore {
  readonly #keyv: Keyv;
  readonly #prefix: string;
  readonly #extras: KeyvExtras;

  /** `keyv` must have a namespace and `throwOnErrors: true`, so that a failed read is never mistaken for "absent". */
  constructor(keyv: Keyv, extras: KeyvExtras) {
    super();
    const namespace = keyv.namespace;
    if (namespace === undefined || namespace.length === 0 || namespace.includes(':')) {
      throw new TypeError('KeyvKeyValueStore needs a keyv namespace without ":"');
    }
    this.#keyv = keyv;
    this.#prefix = `${namespace}:`;
    this.#extras = extras;
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

  async set(key: string, value: unknown): Promise<void> {
    const ok = await this.#keyv.set(key, value);
    if (!ok) throw new StoreUnavailableError(`the store refused to write ${key}`);
  }

  async delete(key: string): Promise<void> {
    await this.#keyv.delete(key);
  }

  async deleteMany(keys: readonly string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += CHUNK) await this.#keyv.deleteMany(keys.slice(i, i + CHUNK));
  }

  async swap(key: string, expected: string | undefined, next: unknown): Promise<boolean> {
    if (expected === undefined && next === undefined) throw new TypeError('swap needs a text to compare or a value to write');
    let text: string | undefined;
    if (next !== undefined) {
      // keyv's own envelope and serializer, so that keyv reads the row back like its own.
      const serialized = await this.#keyv.serializeData({ value: next, expires: undefined });
      if (typeof serialized !== 'string') throw new StoreUnavailableError('keyv serializer did not return a string');
      text = serialized;
    }
    return this.#extras.swap(this.#prefix + key, expected, text);
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
  if (value === undefined || value === null) return raw === undefined ? { state: 'absent' } : { state: 'absent', raw };
  return raw === undefined ? { state: 'value', value } : { state: 'value', value, raw };
}

/** The smallest string greater than every string starting with `prefix` (for range scans). */
export function prefixUpperBound(prefix: string): string {
  if (prefix.length === 0) throw new TypeError('empty prefix');
  const last = prefix.charCodeAt(prefix.length - 1);
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}

/**
 * In-process mutex per name, FIFO (not re-entrant): the compare-and-set updates of one key queue in
 * it (kv.ts), so that only other processes' writes make one retry. Across processes nothing is locked.
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

/**
 * SQLite backend: keyv over @keyv/sqlite, WAL mode, and a lease-row lock so that several bot
 * processes sharing one database file never interleave a read-modify-write.
 *
 * A lease can run out while its holder is stalled (a long GC pause, a blocked event loop) and another
 * process then takes the lock over. So every write made under a lease is fenced: one statement that
 * only writes while the lock row still names this holder, and a {@link LockLostError} when it does not.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import { LockLostError, LockTimeoutError, StoreConfigError, StoreUnavailableError } from './errors.js';
import { JSON_SERIALIZATION, KEYV_NAMESPACE, KeyvKeyValueStore, prefixUpperBound, type Backend } from './kv.js';
import { KeyedMutex, LayeredLocker } from './locker.js';
import type { Locker, StoreClock, StoreLogger } from './types.js';

const LOCK_TABLE = 'bigcity_locks';
const SCAN_PAGE = 1000;

type Query = (sql: string, ...params: unknown[]) => Promise<unknown>;

export interface SqliteBackendOptions {
  readonly logger: StoreLogger;
  readonly clock: StoreClock;
  readonly busyTimeoutMs: number;
  readonly lockLeaseMs: number;
  readonly lockTimeoutMs: number;
}

/**
 * Opens `location` (a file path, or `:memory:`).
 * @throws {StoreConfigError} when the directory cannot be created or the file cannot be opened as SQLite.
 * @throws {StoreUnavailableError} when the database refuses WAL mode.
 */
export async function openSqliteBackend(location: string, options: SqliteBackendOptions): Promise<Backend> {
  const inMemory = location === ':memory:';
  const file = inMemory ? location : path.resolve(location);
  if (!inMemory) {
    try {
      await mkdir(path.dirname(file), { recursive: true });
    } catch (error) {
      throw new StoreConfigError(`cannot create the database directory ${path.dirname(file)}: ${describe(error)}`, {
        cause: error,
      });
    }
  }

  const adapter = new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: options.busyTimeoutMs });
  const keyv = new Keyv({ store: adapter, namespace: KEYV_NAMESPACE, throwOnErrors: true, ...JSON_SERIALIZATION });
  // keyv re-emits adapter errors; an unhandled 'error' event on the adapter would crash the process.
  keyv.on('error', (err: unknown) => options.logger.error({ err, backend: 'sqlite' }, 'keyv error'));
  const query: Query = (sql, ...params) => adapter.query(sql, ...params);
  const rows = async <T>(sql: string, ...params: unknown[]): Promise<T[]> => (await query(sql, ...params)) as T[];

  let locker: Locker;
  let lease: SqliteLeaseLocker | undefined;
  try {
    if (!inMemory) {
      const mode = await rows<{ journal_mode?: string }>('PRAGMA journal_mode=WAL');
      if (mode[0]?.journal_mode !== 'wal') {
        throw new StoreUnavailableError(
          `SQLite at ${file} refused WAL mode (journal_mode is ${String(mode[0]?.journal_mode)})`,
        );
      }
      // In WAL mode NORMAL stays crash-consistent for an application crash and only risks the
      // last commits on power loss, while sparing an fsync per statement.
      await query('PRAGMA synchronous=NORMAL');
      lease = await SqliteLeaseLocker.create(query, options);
      // In-process mutex first: one waiter per process polls the lock row, the others queue in memory.
      locker = new LayeredLocker([new KeyedMutex(), lease]);
    } else {
      // One connection, one process: nobody else can see this database.
      await query('SELECT 1');
      locker = new KeyedMutex();
    }
  } catch (error) {
    await adapter.close().catch(() => undefined);
    if (error instanceof StoreUnavailableError) throw error;
    throw new StoreConfigError(`cannot open SQLite database ${file}: ${describe(error)}`, { cause: error });
  }

  const table = adapter.opts.table ?? 'keyv';
  const fencing = lease;
  const kv = new KeyvKeyValueStore(keyv, {
    async *scan(fullPrefix) {
      const upper = prefixUpperBound(fullPrefix);
      let after: string | undefined;
      for (;;) {
        // Keyset pagination on the primary key: stable while keys are deleted, and uses the index.
        const page =
          after === undefined
            ? await rows<{ key: string }>(
                `SELECT key FROM ${table} WHERE key >= ? AND key < ? ORDER BY key LIMIT ?`,
                fullPrefix,
                upper,
                SCAN_PAGE,
              )
            : await rows<{ key: string }>(
                `SELECT key FROM ${table} WHERE key > ? AND key < ? ORDER BY key LIMIT ?`,
                after,
                upper,
                SCAN_PAGE,
              );
        for (const row of page) yield row.key;
        const last = page.at(-1);
        if (page.length < SCAN_PAGE || last === undefined) return;
        after = last.key;
      }
    },
    // One multi-row upsert is atomic and far cheaper than one autocommit per key.
    async writeSerialized(entries) {
      if (entries.length === 0) return;
      const placeholders = entries.map(() => '(?, ?)').join(', ');
      const params = entries.flatMap((entry) => [entry.key, entry.value]);
      const held = fencing?.held();
      if (held === undefined) {
        await query(
          `INSERT INTO ${table} (key, value) VALUES ${placeholders} ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
          ...params,
        );
        return;
      }
      // Ownership check and write in one statement, hence one implicit transaction: no other
      // connection can take the lock between them. (SQLite needs the WHERE for an upsert after a SELECT.)
      const written = await rows<{ key: string }>(
        `INSERT INTO ${table} (key, value) SELECT column1, column2 FROM (VALUES ${placeholders})
         WHERE ${OWNS_LOCK}
         ON CONFLICT(key) DO UPDATE SET value = excluded.value
         RETURNING key`,
        ...params,
        held.name,
        held.token,
      );
      // An upsert returns every row it inserted or updated, so none at all means the guard failed.
      if (written.length === 0) throw new LockLostError(held.name);
    },
    ...(fencing === undefined
      ? {}
      : {
          fence: {
            active: () => fencing.held() !== undefined,
            async deleteFull(fullKeys: readonly string[]) {
              if (fullKeys.length === 0) return;
              const placeholders = fullKeys.map(() => '?').join(', ');
              const held = fencing.held();
              if (held === undefined) {
                await query(`DELETE FROM ${table} WHERE key IN (${placeholders})`, ...fullKeys);
                return;
              }
              const deleted = await rows<{ key: string }>(
                `DELETE FROM ${table} WHERE key IN (${placeholders}) AND ${OWNS_LOCK} RETURNING key`,
                ...fullKeys,
                held.name,
                held.token,
              );
              // Nothing deleted: either none of the keys existed or the guard failed. A token never gets
              // its row back once taken over, so owning it now means it was owned during the delete.
              if (deleted.length === 0 && !(await fencing.owns(held))) throw new LockLostError(held.name);
            },
          },
        }),
  });

  return {
    name: 'sqlite',
    kv,
    locker,
    async close() {
      lease?.stop();
      await keyv.disconnect();
    },
  };
}

/** SQL condition "this holder still owns its lock row"; binds the lock name, then the token. */
const OWNS_LOCK = `EXISTS (SELECT 1 FROM ${LOCK_TABLE} WHERE name = ? AND owner = ?)`;

/** The lease the current async context holds (the innermost one when locks nest). */
export interface HeldLease {
  readonly name: string;
  readonly token: string;
}

/**
 * Cross-process lock: a row `(name, owner, expires)` in {@link LOCK_TABLE}. Taking it is one atomic
 * upsert that only succeeds when the row is absent or its lease expired (a holder that died is
 * overtaken after one lease); the holder renews the lease while working and deletes the row when done.
 */
export class SqliteLeaseLocker implements Locker {
  readonly #query: Query;
  readonly #clock: StoreClock;
  readonly #logger: StoreLogger;
  readonly #leaseMs: number;
  readonly #timeoutMs: number;
  readonly #instance = randomUUID();
  readonly #renewals = new Set<NodeJS.Timeout>();
  /** Which lease the running critical section holds, so that the backend can fence its writes. */
  readonly #context = new AsyncLocalStorage<HeldLease>();
  #sequence = 0;

  private constructor(query: Query, options: SqliteBackendOptions) {
    this.#query = query;
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#leaseMs = options.lockLeaseMs;
    this.#timeoutMs = options.lockTimeoutMs;
  }

  static async create(query: Query, options: SqliteBackendOptions): Promise<SqliteLeaseLocker> {
    await query(
      `CREATE TABLE IF NOT EXISTS ${LOCK_TABLE} (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires INTEGER NOT NULL) WITHOUT ROWID`,
    );
    return new SqliteLeaseLocker(query, options);
  }

  /**
   * Runs `fn` holding the lock; the backend's writes inside `fn` are fenced by it (see {@link held}).
   * @throws {LockTimeoutError} when the lock stays held by others for longer than the lock timeout.
   * @throws whatever `fn` throws, e.g. {@link LockLostError} from a write after the lease was taken over.
   */
  async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.#sequence += 1;
    const token = `${this.#instance}:${this.#sequence}`;
    await this.#acquire(name, token);
    let held = true;
    const renewal = setInterval(() => {
      this.#renew(name, token, () => held).catch((err: unknown) =>
        this.#logger.error({ err, lock: name }, 'lock renewal failed'),
      );
    }, Math.max(50, Math.floor(this.#leaseMs / 3)));
    renewal.unref();
    this.#renewals.add(renewal);
    try {
      return await this.#context.run({ name, token }, fn);
    } finally {
      held = false;
      clearInterval(renewal);
      this.#renewals.delete(renewal);
      // A failed release only delays others until the lease runs out; never mask fn's outcome.
      await this.#query(`DELETE FROM ${LOCK_TABLE} WHERE name = ? AND owner = ?`, name, token).catch((err: unknown) =>
        this.#logger.error({ err, lock: name }, 'lock release failed'),
      );
    }
  }

  /** The lease the calling async context holds, innermost first; `undefined` outside any `withLock`. */
  held(): HeldLease | undefined {
    return this.#context.getStore();
  }

  /** Whether `lease` is still the lock's owner (it is from acquisition until released or taken over). */
  async owns(lease: HeldLease): Promise<boolean> {
    const found = (await this.#query(
      `SELECT 1 AS owned FROM ${LOCK_TABLE} WHERE name = ? AND owner = ?`,
      lease.name,
      lease.token,
    )) as unknown[];
    return found.length > 0;
  }

  /** Stops lease renewals (on close); held locks then lapse after one lease. */
  stop(): void {
    for (const timer of this.#renewals) clearInterval(timer);
    this.#renewals.clear();
  }

  async #acquire(name: string, token: string): Promise<void> {
    let waited = 0;
    for (let attempt = 0; ; attempt += 1) {
      const now = this.#clock.now();
      const taken = (await this.#query(
        `INSERT INTO ${LOCK_TABLE} (name, owner, expires) VALUES (?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, expires = excluded.expires
         WHERE ${LOCK_TABLE}.expires <= ?
         RETURNING owner`,
        name,
        token,
        now + this.#leaseMs,
        now,
      )) as unknown[];
      if (taken.length > 0) return;
      if (waited >= this.#timeoutMs) throw new LockTimeoutError(name, waited);
      const delay = Math.min(2 ** attempt, 20);
      await sleep(delay);
      waited += delay;
    }
  }

  async #renew(name: string, token: string, stillHeld: () => boolean): Promise<void> {
    const renewed = (await this.#query(
      `UPDATE ${LOCK_TABLE} SET expires = ? WHERE name = ? AND owner = ? RETURNING name`,
      this.#clock.now() + this.#leaseMs,
      name,
      token,
    )) as unknown[];
    // A renewal racing the release finds no row; that is not a lost lease.
    if (renewed.length === 0 && stillHeld()) {
      this.#logger.error({ lock: name }, 'lock lease lost: another process took it over after it expired');
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * SQLite backend: keyv over @keyv/sqlite, WAL mode, and a lease-row lock so that several bot
 * processes sharing one database file never interleave a read-modify-write.
 */
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import { LockTimeoutError, StoreConfigError, StoreUnavailableError } from './errors.js';
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
  let stopLocker = (): void => {};
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
      const lease = await SqliteLeaseLocker.create(query, options);
      stopLocker = () => lease.stop();
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
      const placeholders = entries.map(() => '(?, ?)').join(', ');
      const params = entries.flatMap((entry) => [entry.key, entry.value]);
      await query(
        `INSERT INTO ${table} (key, value) VALUES ${placeholders} ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
        ...params,
      );
    },
  });

  return {
    name: 'sqlite',
    kv,
    locker,
    async close() {
      stopLocker();
      await keyv.disconnect();
    },
  };
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

  /** @throws {LockTimeoutError} when the lock stays held by others for longer than the lock timeout. */
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
      return await fn();
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

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
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import { DirectoryError, ensureDirectorySync } from './directory.js';
import { LockLostError, LockTimeoutError, StoreConfigError, StoreUnavailableError } from './errors.js';
import { codeOf, describeFailure } from './failure.js';
import { notWritable } from './health.js';
import { JSON_SERIALIZATION, KEYV_NAMESPACE, KeyvKeyValueStore, prefixUpperBound, type Backend } from './kv.js';
import { KeyedMutex, LayeredLocker } from './locker.js';
import { PROBE_KEY } from './rows.js';
import { migrateKeyvScores } from './scores-migrate.js';
import { ensureScoreSchema, SqlScoreRepository } from './scores-sql.js';
import type { SqlDatabase } from './sql.js';
import { openSqliteSql } from './sqlite-sql.js';
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
 * Opens `location` (a file path, or `:memory:`) and checks, with a real write, that it takes writes.
 * @throws {StoreConfigError} when the directory cannot be created or the file is not a SQLite database.
 * @throws {StoreUnavailableError} when the database cannot be written (read-only, locked, disk full…)
 *   or refuses WAL mode; the message is one line naming the file and what to do.
 */
export async function openSqliteBackend(location: string, options: SqliteBackendOptions): Promise<Backend> {
  const inMemory = location === ':memory:';
  const file = inMemory ? location : path.resolve(location);
  if (!inMemory) {
    try {
      ensureDirectorySync(path.dirname(file));
    } catch (error) {
      if (!(error instanceof DirectoryError)) throw error;
      throw new StoreConfigError(`${error.message}: create it, or set DATABASE_URL to a file in a writable directory`, {
        cause: error,
      });
    }
    // Before SQLite maps the -shm file: writing to a mapping of a file that cannot be written kills
    // the process with SIGBUS, with no chance to say why.
    const blocked = notWritable(file);
    if (blocked !== undefined) throw openFailure(file, blocked);
    // The file was deleted under a running bot, which copied it out: a new empty database here
    // would serve every server with no scores and no settings, as if nothing had happened.
    const rescued = existsSync(file) ? undefined : rescuedCopies(file)[0];
    if (rescued !== undefined) {
      throw new StoreUnavailableError(
        `the database ${file} is missing, and ${rescued} holds what the bot had saved when it was deleted: ` +
          `move that copy to ${file} (or, to start with an empty database, move it elsewhere)`,
      );
    }
  }

  const adapter = new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: options.busyTimeoutMs });
  // Errors come back as thrown errors (throwOnErrors); as events they would be logged once per write.
  const keyv = new Keyv({ store: adapter, namespace: KEYV_NAMESPACE, throwOnErrors: true, emitErrors: false, ...JSON_SERIALIZATION });
  const query: Query = (sql, ...params) => adapter.query(sql, ...params);
  const rows = async <T>(sql: string, ...params: unknown[]): Promise<T[]> => (await query(sql, ...params)) as T[];
  const table = adapter.opts.table ?? 'keyv';

  let locker: Locker;
  let lease: SqliteLeaseLocker | undefined;
  let scoresDb: SqlDatabase | undefined;
  try {
    // A real write, not only the WAL pragma: a read-only file already in WAL mode accepts the pragma.
    const probe = `${KEYV_NAMESPACE}:${PROBE_KEY}`;
    await query(
      `INSERT INTO ${table} (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
      probe,
      JSON.stringify({ value: { at: options.clock.now() } }),
    );
    await query(`DELETE FROM ${table} WHERE key = ?`, probe);
    if (!inMemory) {
      const mode = await rows<{ journal_mode?: string }>('PRAGMA journal_mode=WAL');
      if (mode[0]?.journal_mode !== 'wal') {
        throw new StoreUnavailableError(
          `the database ${file} refused WAL mode (journal_mode is ${String(mode[0]?.journal_mode)}): ` +
            'put it on a local disk (WAL needs shared memory, which network file systems lack)',
        );
      }
      // In WAL mode NORMAL stays crash-consistent for an application crash and only risks the
      // last commits on power loss, while sparing an fsync per statement.
      await query('PRAGMA synchronous=NORMAL');
      lease = await SqliteLeaseLocker.create(query, options, () => notWritable(file));
      // In-process mutex first: one waiter per process polls the lock row, the others queue in memory.
      locker = new LayeredLocker([new KeyedMutex(), lease]);
    } else {
      // One connection, one process: nobody else can see this database.
      locker = new KeyedMutex();
    }
    // The score tables, on a connection of their own (`:memory:` gets a database of its own: nothing
    // outlives the process there anyway).
    scoresDb = await openSqliteSql(file, { busyTimeoutMs: options.busyTimeoutMs });
    await ensureScoreSchema(scoresDb);
  } catch (error) {
    await scoresDb?.close().catch(() => undefined);
    await adapter.close().catch(() => undefined);
    throw openFailure(file, error);
  }
  const db = scoresDb;

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
    async deleteIfRaw(fullKey, raw) {
      const deleted = await rows<{ key: string }>(`DELETE FROM ${table} WHERE key = ? AND value = ? RETURNING key`, fullKey, raw);
      return deleted.length > 0;
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
    scores: (deps) => new SqlScoreRepository({ db, ...deps }),
    migrate: (checked, logger) => migrateKeyvScores(checked, db, logger),
    ...(inMemory
      ? {}
      : {
          file,
          // The open connection still reads a file deleted or replaced under it: copy it out.
          async rescue() {
            const target = rescueTarget(file, options.clock.now());
            await query('VACUUM INTO ?', target);
            return target;
          },
        }),
    async close() {
      lease?.stop();
      // Closing checkpoints the WAL through the -shm mapping: with files that cannot be written,
      // that is a SIGBUS. What was committed is in the -wal file already; the process is ending.
      if (!inMemory && notWritable(file) !== undefined) {
        options.logger.warn({ database: file }, 'store: the database files are not writable; its connection is left open');
        return;
      }
      await db.close();
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
  readonly #failures: ReturnType<typeof oncePerCause>;
  /** The error that makes the database files unwritable now, if any: then no lock row is touched (see health.ts). */
  readonly #unwritable: () => unknown;
  #sequence = 0;

  private constructor(query: Query, options: SqliteBackendOptions, unwritable: () => unknown) {
    this.#query = query;
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#leaseMs = options.lockLeaseMs;
    this.#timeoutMs = options.lockTimeoutMs;
    this.#failures = oncePerCause(options.logger);
    this.#unwritable = unwritable;
  }

  static async create(
    query: Query,
    options: SqliteBackendOptions,
    unwritable: () => unknown = () => undefined,
  ): Promise<SqliteLeaseLocker> {
    await query(
      `CREATE TABLE IF NOT EXISTS ${LOCK_TABLE} (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires INTEGER NOT NULL) WITHOUT ROWID`,
    );
    return new SqliteLeaseLocker(query, options, unwritable);
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
      this.#renew(name, token, () => held).catch((err: unknown) => this.#failures.error(err, name, 'lock renewal failed'));
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
      if (this.#unwritable() === undefined) await this.#query(`DELETE FROM ${LOCK_TABLE} WHERE name = ? AND owner = ?`, name, token).then(
        () => this.#failures.ok(),
        (err: unknown) => this.#failures.error(err, name, 'lock release failed'),
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
      const unwritable = this.#unwritable();
      if (unwritable !== undefined) throw unwritable;
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
    if (this.#unwritable() !== undefined) return;
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

/** The one-line error for a database that cannot be opened or written at start. */
function openFailure(file: string, error: unknown): Error {
  if (error instanceof StoreUnavailableError || error instanceof StoreConfigError) return error;
  const failure = describeFailure(error);
  if (failure.code === 'SQLITE_NOTADB') {
    return new StoreConfigError(
      `${file} is not a SQLite database (${failure.cause}): set DATABASE_URL to the bot's database or to a new file`,
      { cause: error },
    );
  }
  return new StoreUnavailableError(`the database ${file} ${failure.problem} (${failure.cause}): ${failure.fix}`, {
    cause: error,
  });
}

/** Copies made by {@link rescueTarget} beside the database, newest first. */
function rescuedCopies(file: string): string[] {
  const prefix = `${path.basename(file)}.rescued-`;
  let names: string[];
  try {
    names = readdirSync(path.dirname(file));
  } catch {
    return [];
  }
  return names
    .filter((name) => name.startsWith(prefix) && name.endsWith('.sqlite'))
    .sort()
    .reverse()
    .map((name) => path.join(path.dirname(file), name));
}

/** A new file beside the database (or in the temp directory when its directory is gone). */
function rescueTarget(file: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const directory = existsSync(path.dirname(file)) ? path.dirname(file) : os.tmpdir();
  const base = path.join(directory, `${path.basename(file)}.rescued-${stamp}`);
  for (let n = 0; ; n++) {
    const candidate = n === 0 ? `${base}.sqlite` : `${base}-${n}.sqlite`;
    if (!existsSync(candidate)) return candidate;
  }
}

/** Logs a background failure (lock renewal or release) once per cause until the next success. */
function oncePerCause(logger: StoreLogger): { error(err: unknown, lock: string, msg: string): void; ok(): void } {
  const seen = new Set<string>();
  return {
    error(err, lock, msg) {
      const code = codeOf(err);
      if (seen.has(code)) return;
      seen.add(code);
      logger.error({ err, lock }, msg);
    },
    ok() {
      seen.clear();
    },
  };
}

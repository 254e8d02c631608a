/**
 * SQLite connections through `sqlite3`, with their statements kept prepared ({@link preparedRunner}),
 * and {@link SqlDatabase} on one of them for the score tables (a transaction must not take in
 * keyv's writes). Its work queues in this process; `BEGIN IMMEDIATE` takes the write lock at the
 * start, waiting for other processes for up to the busy timeout.
 */
import sqlite3 from 'sqlite3';
import type { SqlDatabase, SqlRunner, SqlValue } from './sql.js';

/** Most statements one connection keeps prepared; past them, a statement is prepared for one use. */
export const KEPT_STATEMENTS = 64;

/** A connection's runner that keeps its statements prepared; {@link PreparedRunner.close} finalizes them, then closes. */
export interface PreparedRunner extends SqlRunner {
  close(): Promise<void>;
}

/**
 * Opens `file` (a path or `:memory:`) with a busy timeout.
 * @throws the driver's error when it cannot.
 */
export async function openSqliteConnection(file: string, options: { readonly busyTimeoutMs: number }): Promise<PreparedRunner> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened: sqlite3.Database = new sqlite3.Database(file, (err) => (err ? reject(err) : resolve(opened)));
  });
  db.configure('busyTimeout', options.busyTimeoutMs);
  return preparedRunner(db);
}

/** Opens `file` (a path, in WAL mode, or `:memory:`). @throws the driver's error when it cannot. */
export async function openSqliteSql(file: string, options: { readonly busyTimeoutMs: number }): Promise<SqlDatabase> {
  const raw = await openSqliteConnection(file, options);
  try {
    if (file !== ':memory:') {
      await raw.all('PRAGMA journal_mode=WAL');
      await raw.run('PRAGMA synchronous=NORMAL');
    }
  } catch (err) {
    await raw.close().catch(() => undefined);
    throw err;
  }
  return new SqliteSql(raw);
}

class SqliteSql implements SqlDatabase {
  readonly dialect = 'sqlite' as const;
  readonly maxParams = 32_766;
  readonly #raw: PreparedRunner;
  /** The end of the queue of this connection's work. */
  #tail: Promise<unknown> = Promise.resolve();
  #closed: Promise<void> | undefined;

  constructor(raw: PreparedRunner) {
    this.#raw = raw;
  }

  all<R extends object>(sql: string, params: readonly SqlValue[] = []): Promise<R[]> {
    return this.#queued(() => this.#raw.all<R>(sql, params));
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return this.#queued(() => this.#raw.run(sql, params));
  }

  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T> {
    return this.#queued(async () => {
      await this.#raw.run('BEGIN IMMEDIATE');
      let result: T;
      try {
        result = await fn(this.#raw);
      } catch (err) {
        await this.#raw.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
      try {
        await this.#raw.run('COMMIT');
      } catch (err) {
        // A COMMIT that failed (SQLITE_BUSY, disk full) leaves the transaction open: end it.
        await this.#raw.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
      return result;
    });
  }

  close(): Promise<void> {
    this.#closed ??= this.#tail.then(
      () => this.#raw.close(),
      () => this.#raw.close(),
    );
    return this.#closed;
  }

  #queued<T>(op: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('the score database is closed'));
    const next = this.#tail.then(op, op);
    this.#tail = next.catch(() => undefined);
    return next;
  }
}

/**
 * Runs statements on `db`, each prepared once and kept (up to {@link KEPT_STATEMENTS}): `sqlite3`
 * prepares a statement and runs it in two trips to its worker thread, each waiting for a turn of
 * the event loop to come back, and a busy process's turns are long. Kept, a statement costs one
 * trip: the load bench's answer writes took 20 ms (p50) rather than 39 ms, 43 ms (p90) rather than
 * 75, during a 5,000-click burst. A statement that fails to prepare is not kept (its error goes to
 * its caller, and the next call prepares it again); one that fails to run stays prepared.
 */
export function preparedRunner(db: sqlite3.Database): PreparedRunner {
  const kept = new Map<string, Promise<sqlite3.Statement>>();
  let closing: Promise<void> | undefined;

  /** The kept statement for `sql`, prepared on first use; undefined when no more are kept. */
  const statement = (sql: string): Promise<sqlite3.Statement> | undefined => {
    const known = kept.get(sql);
    if (known !== undefined || kept.size >= KEPT_STATEMENTS) return known;
    const prepared = new Promise<sqlite3.Statement>((resolve, reject) => {
      // The callback, not queued calls: after a failed prepare, sqlite3 never calls those back.
      const st: sqlite3.Statement = db.prepare(sql, (err: Error | null) => (err ? reject(err) : resolve(st)));
    });
    kept.set(sql, prepared);
    prepared.catch(() => kept.delete(sql));
    return prepared;
  };
  const closed = (): Error => new Error('the SQLite connection is closed');

  return {
    async all<R extends object>(sql: string, params: readonly SqlValue[] = []): Promise<R[]> {
      if (closing) throw closed();
      const st = await statement(sql);
      return new Promise<R[]>((resolve, reject) => {
        const done = (err: Error | null, rows: R[]): void => (err ? reject(err) : resolve(rows));
        if (st === undefined) db.all(sql, params as SqlValue[], done);
        else st.all(params as SqlValue[], done);
      });
    },
    async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
      if (closing) throw closed();
      const st = await statement(sql);
      return new Promise<number>((resolve, reject) => {
        const done = function (this: sqlite3.RunResult, err: Error | null): void {
          if (err) reject(err);
          else resolve(this.changes);
        };
        if (st === undefined) db.run(sql, params as SqlValue[], done);
        else st.run(params as SqlValue[], done);
      });
    },
    close(): Promise<void> {
      closing ??= (async () => {
        // SQLite will not close a connection with statements still prepared.
        const statements = await Promise.allSettled([...kept.values()]);
        kept.clear();
        for (const s of statements) {
          if (s.status === 'fulfilled') await new Promise<void>((resolve) => s.value.finalize(() => resolve()));
        }
        await close(db);
      })();
      return closing;
    },
  };
}

function close(db: sqlite3.Database): Promise<void> {
  return new Promise((resolve, reject) => db.close((err) => (err ? reject(err) : resolve())));
}

/**
 * {@link SqlDatabase} on SQLite through `sqlite3`, on a connection of its own (a transaction must not
 * take in keyv's writes). Its work queues in this process; `BEGIN IMMEDIATE` takes the write lock
 * at the start, waiting for other processes for up to the busy timeout.
 */
import sqlite3 from 'sqlite3';
import type { SqlDatabase, SqlRunner, SqlValue } from './sql.js';

/** Opens `file` (a path, in WAL mode, or `:memory:`). @throws the driver's error when it cannot. */
export async function openSqliteSql(file: string, options: { readonly busyTimeoutMs: number }): Promise<SqlDatabase> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened: sqlite3.Database = new sqlite3.Database(file, (err) => (err ? reject(err) : resolve(opened)));
  });
  db.configure('busyTimeout', options.busyTimeoutMs);
  const raw = rawRunner(db);
  try {
    if (file !== ':memory:') {
      await raw.all('PRAGMA journal_mode=WAL');
      await raw.run('PRAGMA synchronous=NORMAL');
    }
  } catch (err) {
    await close(db).catch(() => undefined);
    throw err;
  }
  return new SqliteSql(db, raw);
}

class SqliteSql implements SqlDatabase {
  readonly dialect = 'sqlite' as const;
  readonly maxParams = 32_766;
  readonly #db: sqlite3.Database;
  readonly #raw: SqlRunner;
  /** The end of the queue of this connection's work. */
  #tail: Promise<unknown> = Promise.resolve();
  #closed: Promise<void> | undefined;

  constructor(db: sqlite3.Database, raw: SqlRunner) {
    this.#db = db;
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
      () => close(this.#db),
      () => close(this.#db),
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

function rawRunner(db: sqlite3.Database): SqlRunner {
  return {
    all: <R extends object>(sql: string, params: readonly SqlValue[] = []) =>
      new Promise<R[]>((resolve, reject) => {
        db.all(sql, params as SqlValue[], (err: Error | null, rows: R[]) => (err ? reject(err) : resolve(rows)));
      }),
    run: (sql: string, params: readonly SqlValue[] = []) =>
      new Promise<number>((resolve, reject) => {
        db.run(sql, params as SqlValue[], function (this: sqlite3.RunResult, err: Error | null) {
          if (err) reject(err);
          else resolve(this.changes);
        });
      }),
  };
}

function close(db: sqlite3.Database): Promise<void> {
  return new Promise((resolve, reject) => db.close((err) => (err ? reject(err) : resolve())));
}

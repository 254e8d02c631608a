/**
 * PostgreSQL backend (`postgres://user:password@host:5432/database`, optional `?schema=`):
 * settings, sessions and history in keyv's table through @keyv/postgres; scores in the score
 * tables (scores-sql.ts) with one transaction per round; cross-process locks as advisory locks,
 * held on a connection of their own for the critical section, so that a process that dies lets
 * go of its locks with its connections (no leases to expire).
 *
 * Everything runs on one `pg` pool of this backend's own. @keyv/postgres keeps one module-wide
 * pool per URI and ends it on `disconnect()`, which would close the pool of every other store
 * opened on the same URL in this process (a second store in tests, a tool beside the bot); so
 * its queries are pointed at this pool, and its own pool is never used past construction.
 */
import { KeyvPostgres } from '@keyv/postgres';
import Keyv from 'keyv';
import pg from 'pg';
import { LockTimeoutError, StoreUnavailableError } from './errors.js';
import { JSON_SERIALIZATION, KEYV_NAMESPACE, KeyvKeyValueStore, prefixUpperBound, type Backend } from './kv.js';
import { KeyedMutex, LayeredLocker } from './locker.js';
import { PROBE_KEY } from './rows.js';
import { ensureScoreSchema, SqlScoreRepository } from './scores-sql.js';
import type { SqlDatabase, SqlRunner, SqlValue } from './sql.js';
import type { Locker, StoreClock, StoreLogger } from './types.js';

const TABLE = 'keyv';
const SCAN_PAGE = 1000;
/** Deadlocks and serialisation failures: the transaction is retried (it changed nothing). */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_TRIES = 5;

export interface PostgresBackendOptions {
  readonly logger: StoreLogger;
  readonly clock: StoreClock;
  /** How long taking a cross-process lock may wait. */
  readonly lockTimeoutMs: number;
  /** Connections in the pool (each held lock and each running transaction takes one). Default 10. */
  readonly poolSize?: number;
}

export interface PostgresTarget {
  /** The URL without options (it may hold a password: never logged). */
  readonly url: string;
  readonly schema: string;
}

/**
 * Connects, creates the schema and tables when missing, and checks with a real write that the
 * database takes writes.
 * @throws {StoreUnavailableError} naming host and database (never the password) when it cannot connect or write.
 */
export async function openPostgresBackend(target: PostgresTarget, options: PostgresBackendOptions): Promise<Backend> {
  const where = describe(target.url);
  const schema = quoteIdent(target.schema);
  const pool = new pg.Pool({
    connectionString: target.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
    // Every connection works in the bot's schema, so the statements stay the same as on SQLite.
    options: `-c search_path=${target.schema}`,
  });
  // An idle client's error (the server restarted) must not crash the process; the next query reports it.
  pool.on('error', (err) => options.logger.warn({ err: { message: err.message } }, 'store: a PostgreSQL connection failed while idle'));
  const db = new PgSql(pool);
  try {
    // Processes starting at once would race on CREATE … IF NOT EXISTS (it is not atomic in PostgreSQL).
    await db.transaction(async (tx) => {
      await tx.all(`SELECT pg_advisory_xact_lock(hashtextextended('bigcity:schema', 0))`);
      await tx.run(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await tx.run(`CREATE TABLE IF NOT EXISTS ${schema}.${TABLE} (key VARCHAR(255) PRIMARY KEY, value TEXT)`);
    });
    await ensureScoreSchema(db);
    const probe = `${KEYV_NAMESPACE}:${PROBE_KEY}`;
    await pool.query(`INSERT INTO ${schema}.${TABLE} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [
      probe,
      JSON.stringify({ value: { at: options.clock.now() } }),
    ]);
    await pool.query(`DELETE FROM ${schema}.${TABLE} WHERE key = $1`, [probe]);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new StoreUnavailableError(`could not open the PostgreSQL database ${where}: ${messageOf(err)}`, { cause: err });
  }

  // The adapter's own pool only serves its constructor's CREATE TABLE (already done above); it closes when idle.
  const adapter = new KeyvPostgres({ uri: target.url, schema: target.schema, table: TABLE, max: 1, idleTimeoutMillis: 1, allowExitOnIdle: true });
  adapter.on('error', () => undefined);
  adapter.query = async (sql: string, values?: unknown) => (await pool.query(sql, values as unknown[] | undefined)).rows as unknown[];
  const keyv = new Keyv({ store: adapter, namespace: KEYV_NAMESPACE, throwOnErrors: true, emitErrors: false, ...JSON_SERIALIZATION });
  const kv = new KeyvKeyValueStore(keyv, {
    async *scan(fullPrefix) {
      const upper = prefixUpperBound(fullPrefix);
      let after = fullPrefix;
      let first = true;
      for (;;) {
        // Keyset pagination on the primary key (COLLATE "C": byte order, as the bounds assume).
        const page = await pool.query<{ key: string }>(
          `SELECT key FROM ${schema}.${TABLE} WHERE key COLLATE "C" ${first ? '>=' : '>'} $1 AND key COLLATE "C" < $2 ORDER BY key COLLATE "C" LIMIT $3`,
          [after, upper, SCAN_PAGE],
        );
        for (const row of page.rows) yield row.key;
        const last = page.rows.at(-1);
        if (page.rows.length < SCAN_PAGE || last === undefined) return;
        after = last.key;
        first = false;
      }
    },
    async deleteIfRaw(fullKey, raw) {
      const deleted = await pool.query(`DELETE FROM ${schema}.${TABLE} WHERE key = $1 AND value = $2`, [fullKey, raw]);
      return (deleted.rowCount ?? 0) > 0;
    },
    async writeSerialized(rows) {
      if (rows.length === 0) return;
      const values = rows.map((_, i) => `($${2 * i + 1}, $${2 * i + 2})`).join(', ');
      await pool.query(
        `INSERT INTO ${schema}.${TABLE} (key, value) VALUES ${values} ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        rows.flatMap((r) => [r.key, r.value]),
      );
    },
  });
  const locker: Locker = new LayeredLocker([new KeyedMutex(), new AdvisoryLocker(pool, options.lockTimeoutMs)]);
  let closed: Promise<void> | undefined;
  return {
    name: 'postgres',
    kv,
    locker,
    scores: (deps) => new SqlScoreRepository({ db, ...deps }),
    close() {
      closed ??= pool.end();
      return closed;
    },
  };
}

/** {@link SqlDatabase} on a pg pool: `?` placeholders become `$1…`; deadlocks are retried. */
class PgSql implements SqlDatabase {
  readonly dialect = 'postgres' as const;
  readonly maxParams = 65_535;
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async all<R extends object>(sql: string, params: readonly SqlValue[] = []): Promise<R[]> {
    return (await this.#pool.query(numbered(sql), params as SqlValue[])).rows as R[];
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return (await this.#pool.query(numbered(sql), params as SqlValue[])).rowCount ?? 0;
  }

  async transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.#pool.connect();
      const tx: SqlRunner = {
        all: async <R extends object>(sql: string, params: readonly SqlValue[] = []) => (await client.query(numbered(sql), params as SqlValue[])).rows as R[],
        run: async (sql: string, params: readonly SqlValue[] = []) => (await client.query(numbered(sql), params as SqlValue[])).rowCount ?? 0,
      };
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        if (attempt < MAX_TRIES && RETRYABLE.has(codeOf(err))) continue;
        throw err;
      } finally {
        client.release(broken);
      }
    }
  }

  close(): Promise<void> {
    return this.#pool.end();
  }
}

/**
 * A session-level advisory lock per name (64-bit hash of the name), on a connection held for the
 * critical section. `lock_timeout` bounds the wait.
 */
class AdvisoryLocker implements Locker {
  readonly #pool: pg.Pool;
  readonly #timeoutMs: number;

  constructor(pool: pg.Pool, timeoutMs: number) {
    this.#pool = pool;
    this.#timeoutMs = timeoutMs;
  }

  async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    let broken = false;
    try {
      await client.query(`SET lock_timeout = ${Math.max(1, Math.floor(this.#timeoutMs))}`);
      try {
        await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [name]);
      } catch (err) {
        if (codeOf(err) === '55P03') throw new LockTimeoutError(name, this.#timeoutMs);
        throw err;
      }
      try {
        return await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [name]).catch(() => {
          // Unreleased, the lock goes with the connection: drop it rather than return it to the pool.
          broken = true;
        });
      }
    } finally {
      client.release(broken);
    }
  }
}

function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function codeOf(err: unknown): string {
  return typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : '';
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** `host:port/database`, without user or password. */
function describe(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return '(unparsable URL)';
  }
}

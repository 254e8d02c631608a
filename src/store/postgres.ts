/**
 * PostgreSQL backend (`postgres://user:password@host:5432/database`, optional `?schema=`): keyv's
 * table through @keyv/postgres, and the score tables (scores-sql.ts); the drivers load when a URL
 * names it. Everything runs on one `pg` pool of its own: @keyv/postgres's module-wide pool per URI
 * would be ended by any other store's `disconnect()`, so its queries are pointed at this pool.
 */
import Keyv from 'keyv';
import type pg from 'pg';
import { StoreConfigError, StoreUnavailableError } from './errors.js';
import { codeOf, describeFailure } from './health.js';
import { JSON_SERIALIZATION, KEYV_NAMESPACE, KeyvKeyValueStore, type Backend, type BackendDefinition, type BackendOptions } from './kv.js';
import { PROBE_KEY } from './rows.js';
import { ensureScoreSchema, SqlScoreEngine } from './scores-sql.js';
import { sqlKeyvExtras, type SqlDatabase, type SqlRunner, type SqlValue } from './sql.js';
import { describeServer, parseServerUrl, scrubPassword } from './url.js';

const TABLE = 'keyv';
/** Deadlocks and serialisation failures: the transaction is retried (it changed nothing). */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_TRIES = 5;
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** The URL shown in help and in the message for an unparsable one. */
const EXAMPLE = 'postgres://user:password@host:5432/database';

export const postgresBackend: BackendDefinition = {
  schemes: ['postgres', 'postgresql'],
  examples: [EXAMPLE],
  parse(url, scheme) {
    const { url: plain, option } = parseServerUrl(scheme, url, 'schema', EXAMPLE);
    const schema = option ?? 'public';
    if (!NAME.test(schema) || /^pg_/i.test(schema)) {
      throw new StoreConfigError('has a schema name that is not 1–63 letters, digits or "_" (starting with a letter or "_", and not "pg_", which PostgreSQL keeps for itself)');
    }
    return { backend: 'postgres', ephemeral: false, settings: { schema }, open: (options) => openPostgresBackend({ url: plain, schema }, options) };
  },
};

/** Connects, creates what is missing, and writes once. @throws {StoreUnavailableError} naming host and database when it cannot. */
async function openPostgresBackend(target: { readonly url: string; readonly schema: string }, options: BackendOptions): Promise<Backend> {
  const where = describeServer(target.url, '5432');
  const schema = quoteIdent(target.schema);
  const [{ default: pgDriver }, { KeyvPostgres }] = await Promise.all([import('pg'), import('@keyv/postgres')]);
  const pool = new pgDriver.Pool({
    connectionString: target.url,
    // Each running transaction takes one.
    max: 10,
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
    throw new StoreUnavailableError(`could not open the PostgreSQL database ${where}: ${scrubPassword(describeFailure(err).cause, target.url)}`, { cause: err });
  }

  // The adapter's own pool only serves its constructor's CREATE TABLE (already done above); it closes when idle.
  const adapter = new KeyvPostgres({ uri: target.url, schema: target.schema, table: TABLE, max: 1, idleTimeoutMillis: 1, allowExitOnIdle: true });
  adapter.on('error', () => undefined);
  adapter.query = async (sql: string, values?: unknown) => (await pool.query(sql, values as unknown[] | undefined)).rows as unknown[];
  const keyv = new Keyv({ store: adapter, namespace: KEYV_NAMESPACE, throwOnErrors: true, emitErrors: false, ...JSON_SERIALIZATION });
  const kv = new KeyvKeyValueStore(
    keyv,
    sqlKeyvExtras('postgres', `${schema}.${TABLE}`, async (sql, params) => (await pool.query(numbered(sql), params)).rows as object[]),
  );
  let closed: Promise<void> | undefined;
  return {
    name: 'postgres',
    kv,
    scores: new SqlScoreEngine(db),
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

  all<R extends object>(sql: string, params: readonly SqlValue[] = []): Promise<R[]> {
    return runnerOf(this.#pool).all(sql, params);
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return runnerOf(this.#pool).run(sql, params);
  }

  async transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.#pool.connect();
      const tx = runnerOf(client);
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

/** `?` placeholders as `$1…`, on a pool or one client. */
function runnerOf(db: pg.Pool | pg.PoolClient): SqlRunner {
  return {
    all: async <R extends object>(sql: string, params: readonly SqlValue[] = []) => (await db.query(numbered(sql), params as SqlValue[])).rows as R[],
    run: async (sql: string, params: readonly SqlValue[] = []) => (await db.query(numbered(sql), params as SqlValue[])).rowCount ?? 0,
  };
}

function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

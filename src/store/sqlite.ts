/**
 * SQLite backend (`sqlite://path/to/file.sqlite`, the default, or `sqlite://:memory:`): @keyv/sqlite
 * in WAL mode, and the score tables (scores-sql.ts) on a connection of their own. Processes sharing
 * a file are serialised by SQLite's write lock and busy timeout.
 */
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import { DirectoryError, ensureDirectorySync } from './directory.js';
import { StoreConfigError, StoreUnavailableError } from './errors.js';
import { describeFailure, notWritable } from './health.js';
import { JSON_SERIALIZATION, KEYV_NAMESPACE, KeyvKeyValueStore, type Backend, type BackendDefinition, type BackendOptions } from './kv.js';
import { PROBE_KEY } from './rows.js';
import { migrateKeyvScores } from './scores-migrate.js';
import { ensureScoreSchema, SqlScoreEngine } from './scores-sql.js';
import { sqlKeyvExtras, type SqlDatabase, type SqlValue } from './sql.js';
import { openSqliteConnection, openSqliteSql } from './sqlite-sql.js';

export const sqliteBackend: BackendDefinition = {
  schemes: ['sqlite'],
  examples: ['sqlite://path/to/file.sqlite', 'sqlite://:memory:'],
  parse(_url, _scheme, rest) {
    // `sqlite:data.sqlite` or `sqlite:/abs/x.sqlite`: what was meant is plain.
    if (!rest.startsWith('//')) throw new StoreConfigError(`"sqlite:" needs "//" after it: did you mean sqlite://${rest.length === 0 ? 'data/bigcity.sqlite' : rest}?`);
    const location = rest.slice(2);
    if (location.length === 0) throw new StoreConfigError('needs a file path after sqlite://, e.g. sqlite://data/bigcity.sqlite');
    // No option is read from the URL, so `?mode=ro` would silently become part of the file name.
    const extra = /[?#]/.exec(location);
    if (extra !== null) {
      throw new StoreConfigError(
        `has ${extra[0] === '?' ? 'a query string' : 'a fragment'} (${location.slice(extra.index)}), which the bot does not read: ` +
          `it needs to write the file, so no option is accepted; use sqlite://${location.slice(0, extra.index)}`,
      );
    }
    const ephemeral = location === ':memory:';
    return { backend: 'sqlite', ephemeral, ...(ephemeral ? {} : { file: location }), open: (options) => openSqliteBackend(location, options) };
  },
};

/**
 * Opens `location` (a path or `:memory:`) and writes once. @throws {StoreConfigError} when the directory
 * cannot be created or the file is not a database; {@link StoreUnavailableError} (one line: what to do) when it cannot be written.
 */
export async function openSqliteBackend(location: string, options: BackendOptions): Promise<Backend> {
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
    // Before SQLite maps -shm: a write through the mapping of an unwritable file is a SIGBUS.
    const blocked = notWritable(file);
    if (blocked !== undefined) throw openFailure(file, blocked);
    // Deleted under a running bot, which copied it out: a new empty database would lose everything silently.
    const rescued = existsSync(file) ? undefined : rescuedCopies(file)[0];
    if (rescued !== undefined) {
      throw new StoreUnavailableError(
        `the database ${file} is missing, and ${rescued} holds what the bot had saved when it was deleted: ` +
          `move that copy to ${file} (or, to start with an empty database, move it elsewhere)`,
      );
    }
  }

  // keyv's connection, with its statements kept prepared (sqlite-sql.ts): each write one trip to sqlite3's thread, not two.
  const adapter = new KeyvSqlite({
    uri: `sqlite://${file}`,
    connect: async () => {
      const connection = await openSqliteConnection(file, { busyTimeoutMs: options.busyTimeoutMs });
      // keyv binds keys and the texts it serialised.
      return { query: (sql: string, ...params: unknown[]) => connection.all(sql, params as SqlValue[]), close: () => connection.close() };
    },
  });
  // Errors come back as thrown errors (throwOnErrors); as events they would be logged once per write.
  const keyv = new Keyv({ store: adapter, namespace: KEYV_NAMESPACE, throwOnErrors: true, emitErrors: false, ...JSON_SERIALIZATION });
  const query = (sql: string, ...params: unknown[]): Promise<unknown> => adapter.query(sql, ...params);
  const rows = async <T>(sql: string, ...params: unknown[]): Promise<T[]> => (await query(sql, ...params)) as T[];
  const table = adapter.opts.table ?? 'keyv';

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
      // In WAL mode NORMAL survives a process crash and risks only the last commits on power loss.
      await query('PRAGMA synchronous=NORMAL');
    }
    // The score tables, on a connection of their own (`:memory:` gets a database of its own).
    scoresDb = await openSqliteSql(file, { busyTimeoutMs: options.busyTimeoutMs });
    await ensureScoreSchema(scoresDb);
  } catch (error) {
    await scoresDb?.close().catch(() => undefined);
    await adapter.close().catch(() => undefined);
    throw openFailure(file, error);
  }
  const db = scoresDb;

  const kv = new KeyvKeyValueStore(keyv, sqlKeyvExtras('sqlite', table, async (sql: string, params: SqlValue[]) => rows<object>(sql, ...params)));

  return {
    name: 'sqlite',
    kv,
    scores: new SqlScoreEngine(db),
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
      // Closing checkpoints through the -shm mapping (a SIGBUS here); what was committed is in -wal already.
      if (!inMemory && notWritable(file) !== undefined) {
        options.logger.warn({ database: file }, 'store: the database files are not writable; its connection is left open');
        return;
      }
      await db.close();
      await keyv.disconnect();
    },
  };
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

/**
 * `memory://`: the score tables in SQLite's `:memory:`, and keyv over a Map, whose promises settle
 * at once (the quiz runner's tests drive it with a fake scheduler). For tests and the playground.
 */
export const memoryBackend: BackendDefinition = {
  schemes: ['memory'],
  examples: ['memory://'],
  parse(_url, _scheme, rest) {
    if (!rest.startsWith('//')) throw new StoreConfigError('"memory:" needs "//" after it: did you mean memory://?');
    if (rest.length > 2) throw new StoreConfigError('memory:// takes nothing after the scheme');
    return { backend: 'memory', ephemeral: true, open: openMemoryBackend };
  },
};

export async function openMemoryBackend(): Promise<Backend> {
  const db = await openSqliteSql(':memory:', { busyTimeoutMs: 0 });
  await ensureScoreSchema(db);
  const map = new Map<string, string>();
  const keyv = new Keyv({ store: map, namespace: KEYV_NAMESPACE, throwOnErrors: true, emitErrors: false, ...JSON_SERIALIZATION });
  const kv = new KeyvKeyValueStore(keyv, {
    async swap(fullKey, expected, next) {
      if (map.get(fullKey) !== expected) return false;
      if (next === undefined) map.delete(fullKey);
      else map.set(fullKey, next);
      return true;
    },
    // A snapshot, sorted: callers delete keys while iterating.
    scan: async function* (fullPrefix) {
      yield* [...map.keys()].filter((key) => key.startsWith(fullPrefix)).sort();
    },
  });
  return {
    name: 'memory',
    kv,
    scores: new SqlScoreEngine(db),
    async close() {
      map.clear();
      await db.close();
    },
  };
}

/**
 * In-memory backend (`memory://`): keyv over a Map, and the score tables in a SQLite database held
 * in memory (the same statements as on disk). For tests, the simulator's playground and
 * single-process runs that need no persistence.
 */
import Keyv from 'keyv';
import { JSON_SERIALIZATION, KEYV_NAMESPACE, KeyvKeyValueStore, type Backend } from './kv.js';
import { KeyedMutex } from './locker.js';
import { ensureScoreSchema, SqlScoreRepository } from './scores-sql.js';
import { openSqliteSql } from './sqlite-sql.js';
import type { StoreLogger } from './types.js';

/** The logger is unused (nothing here fails in a way worth logging); every backend opens alike. */
export async function openMemoryBackend(_logger?: StoreLogger): Promise<Backend> {
  const db = await openSqliteSql(':memory:', { busyTimeoutMs: 0 });
  await ensureScoreSchema(db);
  const map = new Map<string, unknown>();
  const keyv = new Keyv({ store: map, namespace: KEYV_NAMESPACE, throwOnErrors: true, emitErrors: false, ...JSON_SERIALIZATION });
  const kv = new KeyvKeyValueStore(keyv, {
    async deleteIfRaw(fullKey, raw) {
      if (map.get(fullKey) !== raw) return false;
      map.delete(fullKey);
      return true;
    },
    async *scan(fullPrefix) {
      // Snapshot first: callers delete keys while iterating.
      const matching = [...map.keys()].filter((key) => key.startsWith(fullPrefix));
      yield* matching;
    },
  });
  return {
    name: 'memory',
    kv,
    locker: new KeyedMutex(),
    scores: (deps) => new SqlScoreRepository({ db, ...deps }),
    async close() {
      map.clear();
      await db.close();
    },
  };
}

/**
 * In-memory backend (`memory://`): keyv over a Map. For tests, the simulator's playground and
 * single-process runs that need no persistence.
 */
import Keyv from 'keyv';
import { JSON_SERIALIZATION, KEYV_NAMESPACE, KeyvKeyValueStore, type Backend } from './kv.js';
import { KeyedMutex } from './locker.js';
import type { StoreLogger } from './types.js';

/** The logger is unused (nothing here fails in a way worth logging); every backend opens alike. */
export function openMemoryBackend(_logger?: StoreLogger): Backend {
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
    async close() {
      map.clear();
    },
  };
}

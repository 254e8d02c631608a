/**
 * In-memory backend (`memory://`): keyv over a Map. For tests, the simulator's playground and
 * single-process runs that need no persistence.
 */
import Keyv from 'keyv';
import { JSON_SERIALIZATION, KEYV_NAMESPACE, KeyvKeyValueStore, type Backend } from './kv.js';
import { KeyedMutex } from './locker.js';
import type { StoreLogger } from './types.js';

export function openMemoryBackend(logger: StoreLogger): Backend {
  const map = new Map<string, unknown>();
  const keyv = new Keyv({ store: map, namespace: KEYV_NAMESPACE, throwOnErrors: true, ...JSON_SERIALIZATION });
  keyv.on('error', (err: unknown) => logger.error({ err, backend: 'memory' }, 'keyv error'));
  const kv = new KeyvKeyValueStore(keyv, {
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

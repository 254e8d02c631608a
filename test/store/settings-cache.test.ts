import { describe, expect, it } from 'vitest';
import { NO_SPOILERS } from '../../src/data/spoilers.js';
import type { KeyValueStore } from '../../src/store/kv.js';
import { openMemoryBackend } from '../../src/store/sqlite.js';
import { KeyvGuildSettingsRepository } from '../../src/store/settings.js';

const quiet = { info() {}, warn() {}, error() {}, debug() {} };
const GUILD = '100000000000000001';

/** A key-value store whose next read waits until released, to interleave a read with a write. */
function withHeldRead(inner: KeyValueStore): { kv: KeyValueStore; holdNextRead(): () => void } {
  let hold: Promise<void> | undefined;
  const kv: KeyValueStore = {
    ...inner,
    async get<T>(key: string) {
      const value = await inner.get<T>(key);
      const wait = hold;
      hold = undefined;
      if (wait) await wait;
      return value;
    },
    getMany: (keys) => inner.getMany(keys),
    readMany: (keys) => inner.readMany(keys),
    swap: (key, expected, next) => inner.swap(key, expected, next),
    update: (key, fn) => inner.update(key, fn),
    set: (key, value) => inner.set(key, value),
    delete: (key) => inner.delete(key),
    deleteMany: (keys) => inner.deleteMany(keys),
    keys: (prefix) => inner.keys(prefix),
  };
  return {
    kv,
    holdNextRead() {
      let release!: () => void;
      hold = new Promise((r) => (release = r));
      return release;
    },
  };
}

describe('guild settings cache', () => {
  it('given a read in flight when a moderator changes a setting, later reads see the change at once', async () => {
    const backend = await openMemoryBackend();
    const { kv, holdNextRead } = withHeldRead(backend.kv);
    const settings = new KeyvGuildSettingsRepository({ kv, clock: { now: () => 1_000 }, logger: quiet, cacheTtlMs: 5_000 });

    const release = holdNextRead();
    const staleRead = settings.get(GUILD); // reads the defaults, then waits
    await new Promise((r) => setImmediate(r));
    await settings.update(GUILD, { maxSpoilers: NO_SPOILERS }); // its own read-through is not held
    release();
    expect((await staleRead).maxSpoilers).toEqual(NO_SPOILERS);
    expect((await settings.get(GUILD)).maxSpoilers).toEqual(NO_SPOILERS);
  });
});

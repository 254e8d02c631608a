import { vi } from 'vitest';
import { openStore } from '../../src/store/index.js';
import type { Backend } from '../../src/store/kv.js';
import { runStoreContract } from './contract.js';

// Keeps the backend each openStore('memory://') builds, so the contract can write to its key-value
// store directly, as an older release of the bot did.
const opened = vi.hoisted(() => ({ backends: [] as Backend[] }));
vi.mock('../../src/store/memory.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/store/memory.js')>();
  return {
    ...actual,
    openMemoryBackend: (...args: Parameters<typeof actual.openMemoryBackend>) => {
      const backend = actual.openMemoryBackend(...args);
      opened.backends.push(backend);
      return backend;
    },
  };
});

runStoreContract('memory://', {
  persistent: false,
  async open({ clock, logger, crashHook, settingsCacheTtlMs }) {
    const store = await openStore('memory://', {
      clock,
      logger,
      ...(crashHook === undefined ? {} : { crashHook }),
      ...(settingsCacheTtlMs === undefined ? {} : { settingsCacheTtlMs }),
    });
    const backend = opened.backends.at(-1);
    if (!backend) throw new Error('openStore did not open a memory backend');
    return { store, kv: backend.kv, dispose: () => store.close() };
  },
});

import { openMemoryBackend } from '../../src/store/sqlite.js';
import { openStoreOn } from '../../src/store/open.js';
import { runStoreContract } from './contract.js';

runStoreContract('memory://', {
  persistent: false,
  async open({ clock, logger, settingsCacheTtlMs }) {
    // The store over a backend opened here, so the contract can also write to its key-value store
    // directly, as an older release of the bot did.
    const backend = await openMemoryBackend();
    const store = openStoreOn(backend, {
      clock,
      logger,
      ...(settingsCacheTtlMs === undefined ? {} : { settingsCacheTtlMs }),
    });
    return { store, kv: backend.kv, dispose: () => store.close() };
  },
});

import { openStore } from '../../src/store/index.js';
import { runStoreContract } from './contract.js';

runStoreContract('memory://', {
  persistent: false,
  async open({ clock, logger, crashHook, settingsCacheTtlMs }) {
    const store = await openStore('memory://', {
      clock,
      logger,
      ...(crashHook === undefined ? {} : { crashHook }),
      ...(settingsCacheTtlMs === undefined ? {} : { settingsCacheTtlMs }),
    });
    return { store, dispose: () => store.close() };
  },
});

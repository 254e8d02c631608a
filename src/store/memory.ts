/**
 * In-memory backend (`memory://`): SQLite's `:memory:` database (sqlite.ts), with the same tables and
 * statements as on disk and nothing kept past the process. For tests, the playground and runs that
 * need no persistence.
 */
import { StoreConfigError } from './errors.js';
import type { Backend, BackendDefinition, BackendOptions } from './kv.js';
import { openSqliteBackend } from './sqlite.js';

export const memoryBackend: BackendDefinition = {
  schemes: ['memory'],
  examples: ['memory://'],
  parse(_url, _scheme, rest) {
    if (!rest.startsWith('//')) throw new StoreConfigError('"memory:" needs "//" after it: did you mean memory://?');
    if (rest.length > 2) throw new StoreConfigError('memory:// takes nothing after the scheme');
    return { backend: 'memory', ephemeral: true, open: openMemoryBackend };
  },
};

const QUIET = { info() {}, warn() {}, error() {}, debug() {} };

export async function openMemoryBackend(options: BackendOptions = { logger: QUIET, clock: Date, busyTimeoutMs: 0 }): Promise<Backend> {
  return { ...(await openSqliteBackend(':memory:', options)), name: 'memory' };
}

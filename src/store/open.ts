/**
 * `openStore(DATABASE_URL)`: picks the backend from the URL scheme and assembles the repositories.
 * A new backend (redis://, postgres://) is one more entry in {@link BACKENDS} that returns a
 * `Backend` (a `KeyValueStore` plus a `Locker`); repositories and callers stay as they are.
 */
import { StoreConfigError } from './errors.js';
import type { Backend } from './kv.js';
import { KeyvQuizHistoryRepository } from './history.js';
import { KeyedMutex } from './locker.js';
import { openMemoryBackend } from './memory.js';
import { KeyvScoreRepository } from './scores.js';
import { KeyvSessionRepository } from './sessions.js';
import { KeyvGuildSettingsRepository } from './settings.js';
import { openSqliteBackend } from './sqlite.js';
import type { OpenStoreOptions, RecoveryReport, Store } from './types.js';

type BackendOpener = (rest: string, options: Required<Omit<OpenStoreOptions, 'crashHook'>>) => Promise<Backend>;

const BACKENDS: Readonly<Record<string, { readonly forms: readonly string[]; readonly open: BackendOpener }>> =
  Object.freeze({
    sqlite: {
      forms: ['sqlite://path/to/file.sqlite', 'sqlite://:memory:'],
      open: async (rest, options) => {
        if (rest.length === 0) throw new StoreConfigError('sqlite:// needs a file path, e.g. sqlite://data/bigcity.sqlite');
        return openSqliteBackend(rest, {
          logger: options.logger,
          clock: options.clock,
          busyTimeoutMs: options.busyTimeoutMs,
          lockLeaseMs: options.lockLeaseMs,
          lockTimeoutMs: options.lockTimeoutMs,
        });
      },
    },
    memory: {
      forms: ['memory://'],
      open: async (rest, options) => {
        if (rest.length > 0) throw new StoreConfigError('memory:// takes nothing after the scheme');
        return openMemoryBackend(options.logger);
      },
    },
  });

/** The URL forms `openStore` accepts, for help texts and error messages. */
export const SUPPORTED_DATABASE_URLS: readonly string[] = Object.freeze(
  Object.values(BACKENDS).flatMap((backend) => backend.forms),
);

/**
 * Opens the store a `DATABASE_URL` names. Call `store.recover()` once before serving.
 * @throws {StoreConfigError} for an unsupported scheme or malformed URL (the message names the scheme,
 *   never the rest of the URL, which may hold a password), or a database that cannot be opened.
 * @throws {StoreUnavailableError} when a SQLite file refuses WAL mode.
 */
export async function openStore(url: string, options: OpenStoreOptions): Promise<Store> {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/s.exec(url);
  if (match === null) {
    throw new StoreConfigError(`DATABASE_URL must look like scheme://…; supported: ${SUPPORTED_DATABASE_URLS.join(', ')}`);
  }
  const scheme = (match[1] ?? '').toLowerCase();
  const rest = match[2] ?? '';
  const entry = Object.hasOwn(BACKENDS, scheme) ? BACKENDS[scheme] : undefined;
  if (entry === undefined) {
    throw new StoreConfigError(
      `DATABASE_URL scheme "${scheme}:" is not supported; supported: ${SUPPORTED_DATABASE_URLS.join(', ')}`,
    );
  }
  const resolved = resolveOptions(options);
  const backend = await entry.open(rest, resolved);
  return assembleStore(backend, { ...resolved, crashHook: options.crashHook });
}

function resolveOptions(options: OpenStoreOptions): Required<Omit<OpenStoreOptions, 'crashHook'>> {
  return {
    logger: options.logger,
    clock: options.clock,
    settingsCacheTtlMs: options.settingsCacheTtlMs ?? 5_000,
    busyTimeoutMs: options.busyTimeoutMs ?? 5_000,
    lockLeaseMs: options.lockLeaseMs ?? 10_000,
    lockTimeoutMs: options.lockTimeoutMs ?? 30_000,
  };
}

/**
 * The store over a backend the caller opened: what `openStore` does after choosing the backend.
 * For tests that need the backend's key-value store too (to write what an older release wrote).
 */
export function openStoreOn(backend: Backend, options: OpenStoreOptions): Store {
  return assembleStore(backend, { ...resolveOptions(options), crashHook: options.crashHook });
}

function assembleStore(
  backend: Backend,
  options: Required<Omit<OpenStoreOptions, 'crashHook'>> & { readonly crashHook: OpenStoreOptions['crashHook'] | undefined },
): Store {
  const deps = { kv: backend.kv, locker: backend.locker, clock: options.clock, logger: options.logger };
  const scores = new KeyvScoreRepository({ ...deps, crashHook: options.crashHook });
  const settings = new KeyvGuildSettingsRepository({ ...deps, cacheTtlMs: options.settingsCacheTtlMs });
  const sessions = new KeyvSessionRepository(deps);
  const history = new KeyvQuizHistoryRepository({ kv: backend.kv, mutex: new KeyedMutex(), logger: options.logger });
  let closed: Promise<void> | undefined;
  return {
    backend: backend.name,
    scores,
    settings,
    sessions,
    history,
    recover: (): Promise<RecoveryReport> => scores.recover(),
    async removeGuild(guildId: string): Promise<void> {
      await settings.delete(guildId);
      await history.delete({ guildId });
      const channels = await sessions.deleteGuild(guildId);
      options.logger.info({ guildId, sessions: channels.length }, 'guild removed: settings and sessions deleted');
    },
    close(): Promise<void> {
      closed ??= backend.close();
      return closed;
    },
  };
}

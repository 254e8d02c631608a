/**
 * `openStore(DATABASE_URL)`: picks the backend from the URL scheme and assembles the repositories.
 * A new backend (redis://, postgres://) is one more case in {@link openBackend} that returns a
 * `Backend` (a `KeyValueStore` plus a `Locker`); repositories and callers stay as they are.
 */
import { StoreHealthMonitor } from './health.js';
import { GuardedKeyValueStore, GuardedLocker } from './guarded.js';
import type { Backend } from './kv.js';
import { KeyvQuizHistoryRepository } from './history.js';
import { KeyvQuizLeaseRepository } from './leases.js';
import { KeyedMutex } from './locker.js';
import { openMemoryBackend } from './memory.js';
import { openPostgresBackend } from './postgres.js';
import { openRedisBackend } from './redis.js';
import { PROBE_KEY } from './rows.js';
import { KeyvReportRepository } from './reports.js';
import { KeyvSessionRepository } from './sessions.js';
import { KeyvGuildSettingsRepository } from './settings.js';
import { openSqliteBackend } from './sqlite.js';
import type { OpenStoreOptions, RecoveryReport, Store, StoreHealth, UnusableProblem } from './types.js';
import { parseDatabaseUrl } from './url.js';

export { SUPPORTED_DATABASE_URLS } from './url.js';

type ResolvedOptions = Required<OpenStoreOptions>;

/**
 * Opens the store a `DATABASE_URL` names, after a real write to it. Call `store.recover()` once before serving.
 * @throws {StoreConfigError} for an unsupported scheme or malformed URL (the message names the scheme,
 *   never the rest of the URL, which may hold a password), a directory that cannot be created, or a
 *   file that is not a database.
 * @throws {StoreUnavailableError} when the database cannot be written (read-only, locked, disk full…);
 *   its message is one line naming the file and what to do.
 */
export async function openStore(url: string, options: OpenStoreOptions): Promise<Store> {
  const resolved = resolveOptions(options);
  const backend = await openResolvedBackend(url, resolved);
  return assembleStore(backend, resolved);
}

/**
 * The backend alone, checked as `openStore` checks it, for maintenance tools (store:check).
 * @throws as {@link openStore} does.
 */
export function openBackend(url: string, options: OpenStoreOptions): Promise<Backend> {
  return openResolvedBackend(url, resolveOptions(options));
}

async function openResolvedBackend(url: string, options: ResolvedOptions): Promise<Backend> {
  const target = parseDatabaseUrl(url);
  switch (target.backend) {
    case 'memory':
      return await openMemoryBackend(options.logger);
    case 'sqlite':
      return openSqliteBackend(target.location, {
        logger: options.logger,
        clock: options.clock,
        busyTimeoutMs: options.busyTimeoutMs,
        lockLeaseMs: options.lockLeaseMs,
        lockTimeoutMs: options.lockTimeoutMs,
      });
    case 'postgres':
      return openPostgresBackend(target, { logger: options.logger, clock: options.clock, lockTimeoutMs: options.lockTimeoutMs });
    case 'redis':
      return openRedisBackend(target, { logger: options.logger, clock: options.clock, lockLeaseMs: options.lockLeaseMs, lockTimeoutMs: options.lockTimeoutMs });
  }
}

function resolveOptions(options: OpenStoreOptions): ResolvedOptions {
  return {
    logger: options.logger,
    clock: options.clock,
    settingsCacheTtlMs: options.settingsCacheTtlMs ?? 5_000,
    busyTimeoutMs: options.busyTimeoutMs ?? 5_000,
    lockLeaseMs: options.lockLeaseMs ?? 10_000,
    lockTimeoutMs: options.lockTimeoutMs ?? 30_000,
    unusableAfterMs: options.unusableAfterMs ?? 30_000,
    healthCheckIntervalMs: options.healthCheckIntervalMs ?? 5_000,
  };
}

/**
 * The store over a backend the caller opened: what `openStore` does after choosing the backend.
 * For tests that need the backend's key-value store too (to write what an older release wrote).
 */
export function openStoreOn(backend: Backend, options: OpenStoreOptions): Store {
  return assembleStore(backend, resolveOptions(options));
}

function assembleStore(backend: Backend, options: ResolvedOptions): Store {
  const monitor = new StoreHealthMonitor({
    logger: options.logger,
    clock: options.clock,
    unusableAfterMs: options.unusableAfterMs,
    checkIntervalMs: options.healthCheckIntervalMs,
    file: backend.file,
    rescue: backend.rescue?.bind(backend),
    async probe() {
      await backend.kv.set(PROBE_KEY, { at: options.clock.now() });
      await backend.kv.delete(PROBE_KEY);
    },
  });
  const kv = new GuardedKeyValueStore({ inner: backend.kv, monitor, logger: options.logger, clock: options.clock });
  const locker = new GuardedLocker(backend.locker, monitor);
  const deps = { kv, locker, clock: options.clock, logger: options.logger };
  const scores = backend.scores({ clock: options.clock, logger: options.logger, monitor });
  const settings = new KeyvGuildSettingsRepository({ ...deps, cacheTtlMs: options.settingsCacheTtlMs });
  const sessions = new KeyvSessionRepository(deps);
  const history = new KeyvQuizHistoryRepository({ kv, mutex: new KeyedMutex(), logger: options.logger });
  const leases = new KeyvQuizLeaseRepository({ kv, locker, clock: options.clock });
  const reports = new KeyvReportRepository({ kv, locker });
  monitor.start();
  let closed: Promise<void> | undefined;
  return {
    backend: backend.name,
    scores,
    settings,
    sessions,
    history,
    leases,
    reports,
    recover: async (): Promise<RecoveryReport> => (await backend.migrate?.(kv, options.logger)) ?? { records: 0, practice: 0, journals: 0 },
    async removeGuild(guildId: string): Promise<void> {
      await settings.delete(guildId);
      await history.delete({ guildId });
      const channels = await sessions.deleteGuild(guildId);
      options.logger.info({ guildId, sessions: channels.length }, 'guild removed: settings and sessions deleted');
    },
    health: (): StoreHealth => monitor.health(),
    onUnusable(listener: (problem: UnusableProblem) => void): void {
      monitor.onUnusable(listener);
    },
    close(): Promise<void> {
      closed ??= (async () => {
        monitor.close();
        await backend.close();
      })();
      return closed;
    },
  };
}

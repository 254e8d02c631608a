/**
 * `openStore(DATABASE_URL)`: finds the backend for the URL's scheme in {@link BACKENDS} and
 * assembles the repositories over it. A new backend is one file exporting a `BackendDefinition`
 * (kv.ts) and one line in that table; repositories and callers stay as they are.
 */
import { ScoreBoards } from './boards.js';
import { StoreConfigError } from './errors.js';
import { StoreHealthMonitor } from './health.js';
import { GuardedKeyValueStore } from './guarded.js';
import type { Backend, BackendDefinition, DatabaseTarget } from './kv.js';
import { KeyvQuizHistoryRepository } from './history.js';
import { KeyvQuizLeaseRepository } from './leases.js';
import { memoryBackend } from './sqlite.js';
import { postgresBackend } from './postgres.js';
import { redisBackend } from './redis.js';
import { PROBE_KEY } from './rows.js';
import { KeyvReportRepository } from './reports.js';
import { KeyvSessionRepository } from './sessions.js';
import { KeyvGuildSettingsRepository } from './settings.js';
import { sqliteBackend } from './sqlite.js';
import type { OpenStoreOptions, RecoveryReport, Store, StoreHealth, UnusableProblem } from './types.js';
import { splitScheme } from './url.js';

/** The backends, in the order help texts list their URLs. */
const BACKENDS: readonly BackendDefinition[] = [sqliteBackend, postgresBackend, redisBackend, memoryBackend];

/** The URL forms this build accepts, for help texts and error messages. */
export const SUPPORTED_DATABASE_URLS: readonly string[] = Object.freeze(BACKENDS.flatMap((b) => b.examples));

/**
 * What a `DATABASE_URL` names, without loading a driver. Messages never repeat what follows an
 * unsupported scheme (it may hold a password). @throws {StoreConfigError} for what cannot be opened.
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  const supported = SUPPORTED_DATABASE_URLS.join(', ');
  const { scheme, rest } = splitScheme(url, `sqlite://data/bigcity.sqlite (supported: ${supported})`);
  const backend = BACKENDS.find((b) => b.schemes.includes(scheme));
  if (backend === undefined) throw new StoreConfigError(`uses the unsupported scheme "${scheme}:"; supported: ${supported}`);
  return backend.parse(url, scheme, rest);
}

type ResolvedOptions = Required<OpenStoreOptions>;

/**
 * Opens the store a `DATABASE_URL` names, after a real write to it. Call `store.recover()` once before serving.
 * @throws {StoreConfigError} for a URL that cannot be opened, a directory that cannot be created, a file that is not a database.
 * @throws {StoreUnavailableError} when the database cannot be written; one line naming it and what to do.
 */
export async function openStore(url: string, options: OpenStoreOptions): Promise<Store> {
  const resolved = resolveOptions(options);
  const backend = await parseDatabaseUrl(url).open(resolved);
  return assembleStore(backend, resolved);
}

/** The backend alone, checked as `openStore` checks it, for maintenance tools (store:check). @throws as {@link openStore}. */
export function openBackend(url: string, options: OpenStoreOptions): Promise<Backend> {
  return parseDatabaseUrl(url).open(resolveOptions(options));
}

function resolveOptions(options: OpenStoreOptions): ResolvedOptions {
  return {
    logger: options.logger,
    clock: options.clock,
    settingsCacheTtlMs: options.settingsCacheTtlMs ?? 5_000,
    busyTimeoutMs: options.busyTimeoutMs ?? 5_000,
    unusableAfterMs: options.unusableAfterMs ?? 30_000,
    healthCheckIntervalMs: options.healthCheckIntervalMs ?? 5_000,
  };
}

/** The store over a backend the caller opened (tests that write to its key-value store as an older release did). */
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
  const deps = { kv, clock: options.clock, logger: options.logger };
  const settings = new KeyvGuildSettingsRepository({ ...deps, cacheTtlMs: options.settingsCacheTtlMs });
  const sessions = new KeyvSessionRepository(deps);
  const history = new KeyvQuizHistoryRepository(deps);
  monitor.start();
  let closed: Promise<void> | undefined;
  return {
    backend: backend.name,
    scores: new ScoreBoards(backend.scores, { clock: options.clock, logger: options.logger, monitor }),
    settings,
    sessions,
    history,
    leases: new KeyvQuizLeaseRepository(deps),
    reports: new KeyvReportRepository(deps),
    recover: async (): Promise<RecoveryReport> => (await backend.migrate?.(kv, options.logger)) ?? { records: 0, practice: 0, journals: 0 },
    async removeGuild(guildId: string): Promise<void> {
      await settings.delete(guildId);
      await history.delete({ guildId });
      const channels = await sessions.deleteGuild(guildId);
      options.logger.info({ guildId, sessions: channels.length }, 'guild removed: settings and sessions deleted');
    },
    health: (): StoreHealth => monitor.health(),
    onUnusable: (listener: (problem: UnusableProblem) => void): void => monitor.onUnusable(listener),
    close(): Promise<void> {
      closed ??= (async () => {
        monitor.close();
        await backend.close();
      })();
      return closed;
    },
  };
}

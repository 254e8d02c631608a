/**
 * Redis backend (`redis://host:6379`, `rediss://` for TLS, optional `?prefix=`): settings, sessions
 * and history as keyv rows through @keyv/redis; scores in sorted sets and hashes (scores-redis.ts);
 * cross-process locks as `SET NX PX` leases, renewed while held and released by compare-and-delete.
 *
 * Every key starts with `<prefix>:`. keyv rows are `<prefix>:<key>` (`bigcity:settings:123`); every
 * other key is `<prefix>:{…}…` (scores, practice, locks), and no row key starts with `{`, so a scan
 * of the rows (store:check, the session index rebuild) skips the engine's own keys.
 *
 * A lease can run out while its holder is stalled (a long GC pause, a blocked event loop) and another
 * process then takes the lock over. So, as on SQLite, the writes made under a lease are fenced: one
 * script that writes only while the lock still holds this holder's token, else a {@link LockLostError}.
 * (On Redis Cluster such a script would span two slots; this backend connects to one server.)
 *
 * One connection serves everything: node-redis pipelines concurrent commands on it. It fails commands
 * at once while disconnected (no offline queue), so that the health monitor sees an outage instead
 * of writes that hang until the server is back.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import KeyvRedis, { createClient } from '@keyv/redis';
import Keyv from 'keyv';
import { LockLostError, LockTimeoutError, StoreConfigError, StoreUnavailableError } from './errors.js';
import { JSON_SERIALIZATION, KeyvKeyValueStore, type Backend } from './kv.js';
import { KeyedMutex, LayeredLocker } from './locker.js';
import { PROBE_KEY } from './rows.js';
import { LuaScript, RedisScoreRepository, type RedisCommands } from './scores-redis.js';
import type { Locker, StoreClock, StoreLogger } from './types.js';

/** How long opening waits for the server before giving up. */
const CONNECT_TIMEOUT_MS = 5_000;
/** Keys per SCAN step (a hint to the server). */
const SCAN_COUNT = 1_000;

export interface RedisBackendOptions {
  readonly logger: StoreLogger;
  readonly clock: StoreClock;
  /** Cross-process lock lease; renewed while held. */
  readonly lockLeaseMs: number;
  /** How long taking a cross-process lock may wait (then `LockTimeoutError`). */
  readonly lockTimeoutMs: number;
}

export interface RedisTarget {
  /** The URL without options (it may hold a password: never logged). */
  readonly url: string;
  /** What every key starts with (followed by ':'). */
  readonly prefix: string;
}

type RedisClient = ReturnType<typeof createClient>;

/**
 * Connects and checks, with a real write through a script, that the server takes writes and runs scripts.
 * @throws {StoreUnavailableError} naming host and port (never the password) when it cannot connect
 *   within a few seconds, or the server refuses the write (a read-only replica, out of memory, no scripting).
 * @throws {StoreConfigError} when the server runs in cluster mode, which this backend does not speak.
 */
export async function openRedisBackend(target: RedisTarget, options: RedisBackendOptions): Promise<Backend> {
  const where = describe(target.url);
  const prefix = target.prefix;
  let opened = false;
  let lastError: string | undefined;
  const client: RedisClient = createClient({
    url: target.url,
    // Shown by CLIENT LIST, so that an operator can tell the bot's connections (and which prefix each serves).
    name: `bigcity-bot:${prefix}`,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      // While opening, one failure is the answer; once open, reconnect with a capped backoff.
      reconnectStrategy: (retries: number) => (opened ? Math.min(50 * 2 ** retries, 2_000) : false),
    },
  });
  client.on('error', (error: unknown) => {
    if (!opened) return;
    const cause = scrub(firstLine(error), target.url);
    if (cause === lastError) return;
    lastError = cause;
    options.logger.warn({ redis: where, cause }, 'store: the Redis connection failed; commands fail until it is back');
  });
  client.on('ready', () => {
    if (opened && lastError !== undefined) options.logger.warn({ redis: where }, 'store: the Redis connection is back');
    lastError = undefined;
  });

  try {
    await withTimeout(client.connect(), CONNECT_TIMEOUT_MS + 1_000, `no answer within ${(CONNECT_TIMEOUT_MS + 1_000) / 1000} s`);
  } catch (error) {
    destroyQuietly(client);
    throw new StoreUnavailableError(
      `could not connect to the Redis server at ${where} (${scrub(firstLine(error), target.url)}): check that it is running and that DATABASE_URL names it, with its password if it has one`,
      { cause: error },
    );
  }
  const redis: RedisCommands = client;
  try {
    const info = await redis.sendCommand<string>(['INFO']).catch(() => '');
    if (/^cluster_enabled:1\s*$/m.test(info)) {
      throw new StoreConfigError(`the Redis server at ${where} runs in cluster mode, which this release does not support: use a standalone Redis server`);
    }
    const policy = /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
    // allkeys-*: scores and settings may go; volatile-*: the applied keys (they expire), and a retried round would count twice.
    if (policy !== undefined && policy !== 'noeviction') {
      options.logger.warn(
        { redis: where, maxmemoryPolicy: policy },
        'store: the Redis server drops keys when its memory is full (scores, settings or the keys that stop a round counting twice): set maxmemory-policy to noeviction',
      );
    }
    await PROBE.run(redis, [`${prefix}:${PROBE_KEY}`], [JSON.stringify({ value: { at: options.clock.now() } })]);
  } catch (error) {
    destroyQuietly(client);
    if (error instanceof StoreConfigError) throw error;
    throw new StoreUnavailableError(
      `the Redis server at ${where} does not take the bot's writes (${scrub(firstLine(error), target.url)}): ` +
        'point DATABASE_URL at a primary (not a replica), as a user allowed to write and run Lua scripts, and check that it has memory to spare',
      { cause: error },
    );
  }
  opened = true;

  const adapter = new KeyvRedis(client, { namespace: prefix, keyPrefixSeparator: ':', throwOnErrors: true, throwOnConnectError: true });
  // Failures reach the caller as thrown errors (throwOnErrors); as events they would go nowhere.
  adapter.on('error', () => undefined);
  // keyv leaves the prefixing to the adapter (`<prefix>:<key>`), so the full keys are the server's keys.
  const keyv = new Keyv({ store: adapter, namespace: prefix, useKeyPrefix: false, throwOnErrors: true, emitErrors: false, ...JSON_SERIALIZATION });
  const lease = new RedisLeaseLocker(redis, prefix, options);
  const engineKeys = `${prefix}:{`;
  const kv = new KeyvKeyValueStore(keyv, {
    async *scan(fullPrefix) {
      // SCAN may return a key twice and in any order: collected, deduplicated and sorted first
      // (callers also delete keys while iterating).
      const found = new Set<string>();
      for await (const batch of client.scanIterator({ MATCH: `${escapeGlob(fullPrefix)}*`, COUNT: SCAN_COUNT })) {
        for (const key of batch as string[]) if (!key.startsWith(engineKeys)) found.add(key);
      }
      yield* [...found].sort();
    },
    async deleteIfRaw(fullKey, raw) {
      return (await DELETE_IF.run<number>(redis, [fullKey], [raw])) === 1;
    },
    async writeSerialized(rows) {
      if (rows.length === 0) return;
      const held = lease.held();
      if (held === undefined) {
        await redis.sendCommand(['MSET', ...rows.flatMap((r) => [r.key, r.value])]);
        return;
      }
      const done = await FENCED_SET.run<number>(redis, [held.key, ...rows.map((r) => r.key)], [held.token, ...rows.map((r) => r.value)]);
      if (done !== 1) throw new LockLostError(held.name);
    },
    fence: {
      active: () => lease.held() !== undefined,
      async deleteFull(fullKeys) {
        if (fullKeys.length === 0) return;
        const held = lease.held();
        if (held === undefined) {
          await redis.sendCommand(['UNLINK', ...fullKeys]);
          return;
        }
        const done = await FENCED_DELETE.run<number>(redis, [held.key, ...fullKeys], [held.token]);
        if (done !== 1) throw new LockLostError(held.name);
      },
    },
  });

  let closed: Promise<void> | undefined;
  return {
    name: 'redis',
    kv,
    // In-process mutex first: one waiter per process polls the lease, the others queue in memory.
    locker: new LayeredLocker([new KeyedMutex(), lease]),
    scores: (deps) => new RedisScoreRepository({ redis, prefix, ...deps }),
    close() {
      closed ??= (async () => {
        lease.stop();
        try {
          await client.close();
        } catch {
          destroyQuietly(client);
        }
      })();
      return closed;
    },
  };
}

/** A write and its removal, through a script: the server takes writes and runs the score scripts. */
const PROBE = new LuaScript(`
redis.call('SET', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[1])
return 1
`);

const DELETE_IF = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

/** KEYS: the lock, then the rows; ARGV: the holder's token, then the rows' texts. 0 when the lock is not the holder's. */
const FENCED_SET = new LuaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
for i = 2, #KEYS do redis.call('SET', KEYS[i], ARGV[i]) end
return 1
`);

/** KEYS: the lock, then the rows; ARGV: the holder's token. 0 when the lock is not the holder's. */
const FENCED_DELETE = new LuaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
for i = 2, #KEYS do redis.call('UNLINK', KEYS[i]) end
return 1
`);

const RENEW = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`);

const RELEASE = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

/** The lock a critical section holds. */
export interface HeldRedisLock {
  readonly name: string;
  /** `<prefix>:{lock}:<name>`. */
  readonly key: string;
  readonly token: string;
}

/** Where the lock `name` lives under `prefix`. */
export function redisLockKey(prefix: string, name: string): string {
  return `${prefix}:{lock}:${name}`;
}

/**
 * Cross-process lock: `SET <key> <token> NX PX <lease>`. A holder that dies lets go after one lease;
 * a live one renews the lease every third of it, and deletes the key when done, only while it still
 * holds its token.
 */
export class RedisLeaseLocker implements Locker {
  readonly #redis: RedisCommands;
  readonly #prefix: string;
  readonly #logger: StoreLogger;
  readonly #leaseMs: number;
  readonly #timeoutMs: number;
  readonly #instance = randomUUID();
  readonly #renewals = new Set<NodeJS.Timeout>();
  readonly #context = new AsyncLocalStorage<HeldRedisLock>();
  #sequence = 0;
  /** The last failure logged (renewal or release), so that an outage is logged once, not per lock. */
  #lastFailure: string | undefined;

  constructor(redis: RedisCommands, prefix: string, options: { logger: StoreLogger; lockLeaseMs: number; lockTimeoutMs: number }) {
    this.#redis = redis;
    this.#prefix = prefix;
    this.#logger = options.logger;
    this.#leaseMs = Math.max(1, Math.floor(options.lockLeaseMs));
    this.#timeoutMs = options.lockTimeoutMs;
  }

  /**
   * Runs `fn` holding the lock; the backend's writes inside `fn` are fenced by it (see {@link held}).
   * @throws {LockTimeoutError} when others hold the lock for longer than the lock timeout.
   * @throws whatever `fn` throws, e.g. {@link LockLostError} from a write after the lease was taken over.
   */
  async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.#sequence += 1;
    const lock: HeldRedisLock = { name, key: redisLockKey(this.#prefix, name), token: `${this.#instance}:${this.#sequence}` };
    await this.#acquire(lock);
    let held = true;
    const renewal = setInterval(() => {
      RENEW.run<number>(this.#redis, [lock.key], [lock.token, String(this.#leaseMs)]).then(
        (renewed) => {
          this.#lastFailure = undefined;
          // A renewal racing the release finds no key; that is not a lost lease.
          if (renewed !== 1 && held) this.#logger.error({ lock: name }, 'lock lease lost: another process took it over after it expired');
        },
        (error: unknown) => this.#failed(error, name, 'lock renewal failed'),
      );
    }, Math.max(20, Math.floor(this.#leaseMs / 3)));
    renewal.unref();
    this.#renewals.add(renewal);
    try {
      return await this.#context.run(lock, fn);
    } finally {
      held = false;
      clearInterval(renewal);
      this.#renewals.delete(renewal);
      // A failed release only delays others until the lease runs out; never mask fn's outcome.
      await RELEASE.run(this.#redis, [lock.key], [lock.token]).then(
        () => undefined,
        (error: unknown) => this.#failed(error, name, 'lock release failed'),
      );
    }
  }

  /** The lock the calling async context holds, innermost first; `undefined` outside any `withLock`. */
  held(): HeldRedisLock | undefined {
    return this.#context.getStore();
  }

  /** Stops lease renewals (on close); held locks then lapse after one lease. */
  stop(): void {
    for (const timer of this.#renewals) clearInterval(timer);
    this.#renewals.clear();
  }

  async #acquire(lock: HeldRedisLock): Promise<void> {
    const started = performance.now();
    for (let attempt = 0; ; attempt += 1) {
      const taken = await this.#redis.sendCommand<string | null>(['SET', lock.key, lock.token, 'NX', 'PX', String(this.#leaseMs)]);
      if (taken === 'OK') return;
      const waited = performance.now() - started;
      if (waited >= this.#timeoutMs) throw new LockTimeoutError(lock.name, Math.round(waited));
      await sleep(Math.min(2 ** attempt, 20, Math.max(1, this.#timeoutMs - waited)));
    }
  }

  #failed(error: unknown, name: string, msg: string): void {
    const cause = firstLine(error);
    if (cause === this.#lastFailure) return;
    this.#lastFailure = cause;
    this.#logger.error({ lock: name, cause }, msg);
  }
}

/** A SCAN MATCH pattern that matches `text` literally. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

/** Drops the connection; a client that never connected, or is closed already, throws "The client is closed". */
function destroyQuietly(client: RedisClient): void {
  try {
    client.destroy();
  } catch {
    // Nothing left to close.
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  return text.split('\n', 1)[0] ?? text;
}

/** `text` without the URL's password (in case a driver message repeats it). */
function scrub(text: string, url: string): string {
  let password = '';
  try {
    password = new URL(url).password;
  } catch {
    return text;
  }
  if (password.length === 0) return text;
  let out = text;
  for (const secret of new Set([password, safeDecode(password)])) if (secret.length > 0) out = out.split(secret).join('***');
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `host:port` (and `/db` when one is named), without user or password. */
function describe(url: string): string {
  try {
    const u = new URL(url);
    const db = u.pathname.length > 1 ? u.pathname : '';
    return `${u.hostname}:${u.port || '6379'}${db}`;
  } catch {
    return '(unparsable URL)';
  }
}

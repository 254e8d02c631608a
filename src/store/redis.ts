/**
 * Redis backend (`redis://host:6379`, `rediss://`, optional `?prefix=`): keyv rows through
 * @keyv/redis (`P:<key>`), and scores on Redis's own structures under `P:{…}` (no row key starts
 * with `{`, so a scan of the rows skips them), one Lua script per operation:
 * - `P:{g:<G>}:b:<period>` a board's sorted set of points (`P:{global}:…` for the global boards),
 *   `…:s:<period>` a hash of its other counters (`<user>:c|a|g|k|t`), `P:{g:<G>}:boards` its periods;
 * - `P:{g:<G>}:applied:<kind>:<G>:<key>` a play already counted (30 days); `P:{u:<user>}:practice`.
 * A play is one script (`SET NX` of its key, then the six boards): Redis runs it alone, so it counts
 * once and is never seen half-applied. A cluster is refused at start. One connection, no offline
 * queue: an outage fails writes at once instead of leaving them hanging. The driver loads on demand.
 */
import { createHash } from 'node:crypto';
import type { createClient } from '@keyv/redis';
import Keyv from 'keyv';
import type { BoardLine, ScoreEngine, ScorePlay } from './boards.js';
import { StoreConfigError, StoreUnavailableError } from './errors.js';
import { describeFailure } from './health.js';
import { JSON_SERIALIZATION, KeyvKeyValueStore, type Backend, type BackendDefinition, type BackendOptions } from './kv.js';
import { PROBE_KEY } from './rows.js';
import type { PracticeStats, RankedUserStats } from './types.js';
import { describeServer, parseServerUrl, scrubPassword } from './url.js';

/** How long opening waits for the server before giving up. */
const CONNECT_TIMEOUT_MS = 5_000;
/** Keys per SCAN step (a hint to the server). */
const SCAN_COUNT = 1_000;
const PREFIX = /^[A-Za-z0-9_.-]{1,64}$/;

/** The URL shown in help and in the message for an unparsable one. */
const EXAMPLE = 'redis://host:6379';

export const redisBackend: BackendDefinition = {
  schemes: ['redis', 'rediss'],
  examples: [EXAMPLE],
  parse(url, scheme) {
    const { url: plain, option } = parseServerUrl(scheme, url, 'prefix', EXAMPLE);
    const prefix = option ?? 'bigcity';
    if (!PREFIX.test(prefix)) throw new StoreConfigError('has a key prefix that is not 1–64 letters, digits, ".", "_" or "-"');
    return { backend: 'redis', ephemeral: false, settings: { prefix }, open: (options) => openRedisBackend({ url: plain, prefix }, options) };
  },
};

type RedisClient = ReturnType<typeof createClient>;

/**
 * Connects and writes once through a script. @throws {StoreUnavailableError} naming host and port when
 * it cannot; {@link StoreConfigError} for a cluster.
 */
async function openRedisBackend(target: { readonly url: string; readonly prefix: string }, options: BackendOptions): Promise<Backend> {
  const where = describeServer(target.url, '6379');
  const prefix = target.prefix;
  let opened = false;
  let lastError: string | undefined;
  const { default: KeyvRedis, createClient } = await import('@keyv/redis');
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
  // A client that never connected, or is closed already, throws "The client is closed".
  const destroyQuietly = (): void => {
    try {
      client.destroy();
    } catch {}
  };
  client.on('error', (error: unknown) => {
    if (!opened) return;
    const cause = scrubPassword(describeFailure(error).cause, target.url);
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
    destroyQuietly();
    throw new StoreUnavailableError(
      `could not connect to the Redis server at ${where} (${scrubPassword(describeFailure(error).cause, target.url)}): check that it is running and that DATABASE_URL names it, with its password if it has one`,
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
    destroyQuietly();
    if (error instanceof StoreConfigError) throw error;
    throw new StoreUnavailableError(
      `the Redis server at ${where} does not take the bot's writes (${scrubPassword(describeFailure(error).cause, target.url)}): ` +
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
  const engineKeys = `${prefix}:{`;
  const kv = new KeyvKeyValueStore(keyv, {
    async *scan(fullPrefix) {
      // SCAN may return a key twice, in any order, and callers delete keys meanwhile: collect first.
      const found = new Set<string>();
      for await (const batch of client.scanIterator({ MATCH: `${escapeGlob(fullPrefix)}*`, COUNT: SCAN_COUNT })) {
        for (const key of batch as string[]) if (!key.startsWith(engineKeys)) found.add(key);
      }
      yield* [...found].sort();
    },
    async swap(fullKey, expected, next) {
      const args = [expected === undefined ? '0' : '1', expected ?? '', next === undefined ? '0' : '1', next ?? ''];
      return (await SWAP.run<number>(redis, [fullKey], args)) === 1;
    },
  });

  let closed: Promise<void> | undefined;
  return {
    name: 'redis',
    kv,
    scores: new RedisScoreEngine(redis, prefix),
    close() {
      closed ??= (async () => {
        try {
          await client.close();
        } catch {
          destroyQuietly();
        }
      })();
      return closed;
    },
  };
}

/** Applied keys older than this are forgotten: a quiz re-commits a round only within minutes. */
const APPLIED_KEY_RETENTION_MS = 30 * 86_400_000;
/** An all-time reset retries this often when a commit creates a new board of the server meanwhile. */
const RESET_TRIES = 10;

/** The one command the repositories need: node-redis's `sendCommand` (pipelined with everything else on the connection). */
interface RedisCommands {
  sendCommand<T = unknown>(args: readonly string[]): Promise<T>;
}

/** A Lua script run by its SHA1 (EVALSHA), loaded with EVAL the first time a server does not know it. */
class LuaScript {
  readonly sha: string;
  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run<T>(redis: RedisCommands, keys: readonly string[], args: readonly string[]): Promise<T> {
    const tail = [String(keys.length), ...keys, ...args];
    try {
      return await redis.sendCommand<T>(['EVALSHA', this.sha, ...tail]);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.sendCommand<T>(['EVAL', this.source, ...tail]);
    }
  }
}

/** A write and its removal, through a script: the server takes writes and runs the score scripts. */
const PROBE = new LuaScript(`
redis.call('SET', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[1])
return 1
`);

/** ARGV: 1|0 (a text is expected), the expected text, 1|0 (write, else delete), the new text. 1 when swapped. */
const SWAP = new LuaScript(`
local v = redis.call('GET', KEYS[1])
if ARGV[1] == '0' then
  if v then return 0 end
elseif v ~= ARGV[2] then return 0 end
if ARGV[3] == '1' then redis.call('SET', KEYS[1], ARGV[4]) else redis.call('DEL', KEYS[1]) end
return 1
`);

/**
 * KEYS: the applied key, then per board its sorted set, its counters hash and its server's set of boards.
 * ARGV: retention ms, at, one period per board, then per player: user, points, correct, answered,
 * games, streak. Returns 1 when applied, 0 when the key was.
 */
const APPLY = new LuaScript(`
if not redis.call('SET', KEYS[1], ARGV[2], 'NX', 'PX', ARGV[1]) then return 0 end
local at = ARGV[2]
local boards = (#KEYS - 1) / 3
for b = 0, boards - 1 do
  local z, h = KEYS[2 + 3 * b], KEYS[3 + 3 * b]
  redis.call('SADD', KEYS[4 + 3 * b], ARGV[3 + b])
  for i = 3 + boards, #ARGV, 6 do
    local u = ARGV[i]
    redis.call('ZINCRBY', z, ARGV[i + 1], u)
    for j, f in ipairs({ ':c', ':a', ':g' }) do
      if ARGV[i + 1 + j] ~= '0' then redis.call('HINCRBY', h, u .. f, ARGV[i + 1 + j]) end
    end
    local kt = redis.call('HMGET', h, u .. ':k', u .. ':t')
    if not kt[1] or tonumber(kt[1]) < tonumber(ARGV[i + 5]) then redis.call('HSET', h, u .. ':k', ARGV[i + 5]) end
    if not kt[2] or tonumber(kt[2]) < tonumber(at) then redis.call('HSET', h, u .. ':t', at) end
  end
end
return 1
`);

/** KEYS: sorted set, hash. ARGV: user. Returns nil, or [points, higher, players, correct, answered, games, streak, last]. */
const STATS = new LuaScript(`
local u = ARGV[1]
local s = redis.call('ZSCORE', KEYS[1], u)
if not s then return false end
local f = redis.call('HMGET', KEYS[2], u .. ':c', u .. ':a', u .. ':g', u .. ':k', u .. ':t')
return { s, redis.call('ZCOUNT', KEYS[1], '(' .. s, '+inf'), redis.call('ZCARD', KEYS[1]),
  f[1] or '0', f[2] or '0', f[3] or '0', f[4] or '0', f[5] or '0' }
`);

/**
 * KEYS: sorted set, hash. ARGV: limit. Returns [players, [user, points, correct, answered]… (the top
 * `limit`, unordered)]. Equal scores are ordered by member in Redis, so a reversed range would list
 * tied players by descending id: the top is every player above the limit-th player's score, then
 * the first of those at that score, by ascending id.
 */
const TOP = new LuaScript(`
local z, h, limit = KEYS[1], KEYS[2], tonumber(ARGV[1])
local total = redis.call('ZCARD', z)
local entries = {}
if total > 0 then
  local n = math.min(limit, total)
  local s = redis.call('ZREVRANGE', z, n - 1, n - 1, 'WITHSCORES')[2]
  local above = redis.call('ZRANGEBYSCORE', z, '(' .. s, '+inf', 'WITHSCORES')
  local tied = redis.call('ZRANGEBYSCORE', z, s, s, 'WITHSCORES', 'LIMIT', 0, n - #above / 2)
  for _, list in ipairs({ above, tied }) do
    for i = 1, #list, 2 do
      local f = redis.call('HMGET', h, list[i] .. ':c', list[i] .. ':a')
      for _, v in ipairs({ list[i], list[i + 1], f[1] or '0', f[2] or '0' }) do entries[#entries + 1] = v end
    end
  end
end
return { total, entries }
`);

/**
 * KEYS: the server's set of boards, then each board's sorted set and hash. ARGV: 'all' | 'one', the
 * periods. With 'all' they must be the set's members (else -1: read again). Returns the rows removed.
 */
const RESET = new LuaScript(`
if ARGV[1] == 'all' then
  if redis.call('SCARD', KEYS[1]) ~= #ARGV - 1 then return -1 end
  for i = 2, #ARGV do
    if redis.call('SISMEMBER', KEYS[1], ARGV[i]) == 0 then return -1 end
  end
end
local removed = 0
for i = 2, #ARGV do
  removed = removed + redis.call('ZCARD', KEYS[2 * i - 2])
  redis.call('UNLINK', KEYS[2 * i - 2], KEYS[2 * i - 1])
  redis.call('SREM', KEYS[1], ARGV[i])
end
return removed
`);

/** KEYS: the player's practice hash. ARGV: 1 | 0 (correct). Returns [answered, correct]. */
const PRACTICE = new LuaScript(`
local a = redis.call('HINCRBY', KEYS[1], 'answered', 1)
local c = redis.call('HINCRBY', KEYS[1], 'correct', ARGV[1])
return { a, c }
`);

/** `P:{g:<G>}`: what every key of one server's boards starts with (its hash tag decides its cluster slot). */
function guildTag(prefix: string, guildId: string): string {
  return `${prefix}:{g:${guildId}}`;
}

/** Where a board (a boards.ts id: `guild:<G>:<period>` or `global:<period>`) lives: sorted set, counters hash, set of its server's boards. */
function boardKeys(prefix: string, board: string): { readonly zset: string; readonly hash: string; readonly set: string; readonly period: string } {
  const guild = /^guild:([^:]+):([^:]+)$/.exec(board);
  const global = /^global:([^:]+)$/.exec(board);
  const tag = guild?.[1] !== undefined ? guildTag(prefix, guild[1]) : `${prefix}:{global}`;
  const period = guild?.[2] ?? global?.[1];
  if (period === undefined) throw new TypeError(`not a board id: ${board}`);
  return { zset: `${tag}:b:${period}`, hash: `${tag}:s:${period}`, set: `${tag}:boards`, period };
}

class RedisScoreEngine implements ScoreEngine {
  readonly #redis: RedisCommands;
  readonly #prefix: string;

  constructor(redis: RedisCommands, prefix: string) {
    this.#redis = redis;
    this.#prefix = prefix;
  }

  /** The six boards and the applied key in one script (one server's boards and the global ones: a standalone server). */
  async apply(play: ScorePlay): Promise<boolean> {
    const keys = [`${guildTag(this.#prefix, play.guildId)}:applied:${play.appliedKey}`];
    const periods: string[] = [];
    for (const board of play.boards) {
      const k = boardKeys(this.#prefix, board);
      keys.push(k.zset, k.hash, k.set);
      periods.push(k.period);
    }
    const players: string[] = [];
    for (const d of play.deltas) players.push(d.userId, String(d.points), String(d.correct), String(d.answered), String(d.games), String(d.streak));
    return (await APPLY.run<number>(this.#redis, keys, [String(APPLIED_KEY_RETENTION_MS), String(play.at), ...periods, ...players])) === 1;
  }

  async stats(board: string, userId: string): Promise<RankedUserStats | undefined> {
    const keys = boardKeys(this.#prefix, board);
    const row = await STATS.run<(string | number)[] | null>(this.#redis, [keys.zset, keys.hash], [userId]);
    if (row === null) return undefined;
    const [points = 0, higher = 0, players = 0, correct = 0, answered = 0, gamesPlayed = 0, bestStreak = 0, lastPlayed = 0] = row.map(count);
    return { points, correct, answered, gamesPlayed, bestStreak, lastPlayed, rank: 1 + higher, players };
  }

  async top(board: string, limit: number): Promise<{ lines: BoardLine[]; total: number }> {
    const keys = boardKeys(this.#prefix, board);
    const [total, flat] = await TOP.run<[number, string[]]>(this.#redis, [keys.zset, keys.hash], [String(limit)]);
    const lines: BoardLine[] = [];
    for (let i = 0; i + 3 < flat.length; i += 4) {
      lines.push({ userId: flat[i] as string, points: count(flat[i + 1]), correct: count(flat[i + 2]), answered: count(flat[i + 3]) });
    }
    lines.sort((a, b) => b.points - a.points || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
    return { lines: lines.slice(0, limit), total: count(total) };
  }

  async practice(userId: string, correct?: boolean): Promise<PracticeStats> {
    const key = `${this.#prefix}:{u:${userId}}:practice`;
    const [answered, right] =
      correct === undefined
        ? await this.#redis.sendCommand<[string | null, string | null]>(['HMGET', key, 'answered', 'correct'])
        : await PRACTICE.run<[number, number]>(this.#redis, [key], [correct ? '1' : '0']);
    return { answered: count(answered), correct: count(right) };
  }

  async reset(guildId: string, board: string | undefined): Promise<number> {
    if (board !== undefined) {
      const keys = boardKeys(this.#prefix, board);
      return RESET.run<number>(this.#redis, [keys.set, keys.zset, keys.hash], ['one', keys.period]);
    }
    const set = `${guildTag(this.#prefix, guildId)}:boards`;
    for (let attempt = 0; attempt < RESET_TRIES; attempt += 1) {
      const periods = await this.#redis.sendCommand<string[]>(['SMEMBERS', set]);
      const keys: string[] = [set];
      for (const p of periods) {
        const k = boardKeys(this.#prefix, `guild:${guildId}:${p}`);
        keys.push(k.zset, k.hash);
      }
      const records = await RESET.run<number>(this.#redis, keys, ['all', ...periods]);
      if (records >= 0) return records;
    }
    throw new Error(`the boards of server ${guildId} kept changing during its reset (${RESET_TRIES} tries)`);
  }
}

/** A counter or score as Redis returns it (a number, or its text; absent is 0). */
function count(value: unknown): number {
  if (value === null || value === undefined) return 0;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) throw new TypeError(`not a number in the score data: ${String(value)}`);
  return n;
}

/** A SCAN MATCH pattern that matches `text` literally. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

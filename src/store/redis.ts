/**
 * Redis backend (`redis://host:6379`, `rediss://` for TLS, optional `?prefix=`): settings, sessions
 * and history as keyv rows through @keyv/redis; scores and leaderboards on Redis's own structures,
 * one Lua script per operation, so that each is atomic and takes one round trip. The driver loads
 * when a URL names it.
 *
 * Keys (`P` is the prefix): keyv rows are `P:<key>` (`bigcity:settings:123`); every other key is
 * `P:{…}…`, and no row key starts with `{`, so a scan of the rows (store:check, the session index
 * rebuild) skips the engine's own keys:
 * - `P:{g:<G>}:b:<period>`: a server's board as a sorted set, member = user id, score = points
 *   (`<period>` is `all`, `2024-10` or `2024-W42`, as in boards.ts); `P:{global}:b:<period>` for the global boards.
 * - `P:{g:<G>}:s:<period>`: the board's other counters, one hash per board with the fields
 *   `<user>:c` (correct), `:a` (answered), `:g` (games), `:k` (best streak), `:t` (last played).
 *   One hash per board rather than one per (board, player): a reset (or a month that is over)
 *   is then two keys to drop, not one per player, and a board's data sits in two keys of one slot.
 * - `P:{g:<G>}:boards`: the set of the server's board periods, so that an all-time reset knows which
 *   keys to drop without scanning the keyspace (`P:{global}:boards` likewise, for maintenance).
 * - `P:{g:<G>}:applied:<kind>:<G>:<key>`: a round or game already counted; expires after 30 days.
 * - `P:{u:<user>}:practice`: a hash of the player's practice answers (`answered`, `correct`).
 *
 * A round is one script: it records the applied key (`SET NX PX`; a key already there ends the script
 * before any write) and applies every player to the six boards. Redis runs a script alone, so two
 * commits of one key can never both count, and a reader never sees half a round. Redis refuses a
 * script's first write when it is out of memory and lets the rest of the script through once it has
 * written, so the script cannot stop half-way for memory either; inputs are checked before it runs.
 *
 * Redis Cluster: the server's boards share the hash tag `{g:<G>}` (one slot), the global boards
 * `{global}` (another). A script must keep to one slot there, so a cluster backend would run the
 * same APPLY script twice, once per tag, each with an applied key of its own tag: each half is then
 * atomic and exactly-once on its own, and a commit retried after a crash between the two finishes the
 * missing half. The standalone server this backend connects to (redis://, rediss://) takes all the
 * keys in one script, which makes the whole round atomic; a cluster is refused at start.
 *
 * One connection serves everything: node-redis pipelines concurrent commands on it. It fails commands
 * at once while disconnected (no offline queue), so that the health monitor sees an outage instead
 * of writes that hang until the server is back.
 */
import { createHash } from 'node:crypto';
import type { createClient } from '@keyv/redis';
import Keyv from 'keyv';
import { boardFor, boardsOf, checkGame, checkLeaderboardOptions, checkRound, rankTop, resetTarget } from './boards.js';
import { StoreConfigError, StoreInputError, StoreUnavailableError } from './errors.js';
import type { StoreHealthMonitor } from './health.js';
import { JSON_SERIALIZATION, KeyvKeyValueStore, type Backend, type BackendDefinition, type BackendOptions } from './kv.js';
import { PROBE_KEY } from './rows.js';
import type {
  AnswerResult,
  CommitOutcome,
  Leaderboard,
  LeaderboardEntry,
  LeaderboardOptions,
  PracticeStats,
  RankedUserStats,
  ScorePeriod,
  ScoreRepository,
  ScoreScope,
  StoreClock,
  StoreLogger,
} from './types.js';
import { parseServerUrl } from './url.js';
import { assertId } from './validate.js';

/** How long opening waits for the server before giving up. */
const CONNECT_TIMEOUT_MS = 5_000;
/** Keys per SCAN step (a hint to the server). */
const SCAN_COUNT = 1_000;
const PREFIX = /^[A-Za-z0-9_.-]{1,64}$/;

export const redisBackend: BackendDefinition = {
  schemes: ['redis', 'rediss'],
  examples: ['redis://host:6379'],
  parse(url, scheme) {
    const { url: plain, option } = parseServerUrl(scheme, url, 'prefix', 'redis://host:6379');
    const prefix = option ?? 'bigcity';
    if (!PREFIX.test(prefix)) throw new StoreConfigError('has a key prefix that is not 1–64 letters, digits, ".", "_" or "-"');
    return { backend: 'redis', ephemeral: false, settings: { prefix }, open: (options) => openRedisBackend({ url: plain, prefix }, options) };
  },
};

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
export async function openRedisBackend(target: RedisTarget, options: BackendOptions): Promise<Backend> {
  const where = describe(target.url);
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
    async swap(fullKey, expected, next) {
      const args = [expected === undefined ? '0' : '1', expected ?? '', next === undefined ? '0' : '1', next ?? ''];
      return (await SWAP.run<number>(redis, [fullKey], args)) === 1;
    },
  });

  let closed: Promise<void> | undefined;
  return {
    name: 'redis',
    kv,
    scores: (deps) => new RedisScoreRepository({ redis, prefix, ...deps }),
    close() {
      closed ??= (async () => {
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

/** Applied keys older than this are forgotten: a quiz re-commits a round only within minutes. */
export const APPLIED_KEY_RETENTION_MS = 30 * 86_400_000;
/** An all-time reset retries this often when a commit creates a new board of the server meanwhile. */
const RESET_TRIES = 10;

/** The one command the repositories need: node-redis's `sendCommand` (pipelined with everything else on the connection). */
export interface RedisCommands {
  sendCommand<T = unknown>(args: readonly string[]): Promise<T>;
}

/** A Lua script run by its SHA1 (EVALSHA), loaded with EVAL the first time a server does not know it. */
export class LuaScript {
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
 * KEYS: the applied key, then per board its sorted set, its counters hash and its group's set of boards.
 * ARGV: retention ms, at, 'round' | 'game', one period name per board, then the players
 * (round: user, points, 1|0 correct, streak; game: user). Returns 1 when applied, 0 when the key was.
 */
const APPLY = new LuaScript(`
if not redis.call('SET', KEYS[1], ARGV[2], 'NX', 'PX', ARGV[1]) then return 0 end
local at = ARGV[2]
local atn = tonumber(at)
local round = ARGV[3] == 'round'
local boards = (#KEYS - 1) / 3
local first = 4 + boards
local step = 1
if round then step = 4 end
for b = 0, boards - 1 do
  local z, h = KEYS[2 + 3 * b], KEYS[3 + 3 * b]
  redis.call('SADD', KEYS[4 + 3 * b], ARGV[4 + b])
  for i = first, #ARGV, step do
    local u = ARGV[i]
    if round then
      redis.call('ZINCRBY', z, ARGV[i + 1], u)
      if ARGV[i + 2] ~= '0' then redis.call('HINCRBY', h, u .. ':c', 1) end
      redis.call('HINCRBY', h, u .. ':a', 1)
      local kt = redis.call('HMGET', h, u .. ':k', u .. ':t')
      local streak = ARGV[i + 3]
      local newk = not kt[1] or tonumber(kt[1]) < tonumber(streak)
      local newt = not kt[2] or tonumber(kt[2]) < atn
      if newk and newt then redis.call('HSET', h, u .. ':k', streak, u .. ':t', at)
      elseif newk then redis.call('HSET', h, u .. ':k', streak)
      elseif newt then redis.call('HSET', h, u .. ':t', at) end
    else
      redis.call('ZINCRBY', z, 0, u)
      redis.call('HINCRBY', h, u .. ':g', 1)
      local t = redis.call('HGET', h, u .. ':t')
      if not t or tonumber(t) < atn then redis.call('HSET', h, u .. ':t', at) end
    end
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
 * KEYS: sorted set, hash. ARGV: limit, the asking user or ''. Returns
 * [players, [user, points, correct, answered]… (the top `limit`, unordered), nil | [points, higher, correct, answered]].
 *
 * Equal scores are ordered by member in Redis, so a reversed range would list tied players by
 * descending id. The top is therefore taken by score: every player above the limit-th player's
 * score (fewer than `limit`), then the first of those at that score, by ascending id.
 */
const TOP = new LuaScript(`
local z, h, limit, me = KEYS[1], KEYS[2], tonumber(ARGV[1]), ARGV[2]
local total = redis.call('ZCARD', z)
local entries = {}
if total > 0 then
  local n = math.min(limit, total)
  local s = redis.call('ZREVRANGE', z, n - 1, n - 1, 'WITHSCORES')[2]
  local above = redis.call('ZRANGEBYSCORE', z, '(' .. s, '+inf', 'WITHSCORES')
  local tied = redis.call('ZRANGEBYSCORE', z, s, s, 'WITHSCORES', 'LIMIT', 0, n - #above / 2)
  for _, list in ipairs({ above, tied }) do
    for i = 1, #list, 2 do
      local u = list[i]
      local f = redis.call('HMGET', h, u .. ':c', u .. ':a')
      entries[#entries + 1] = u
      entries[#entries + 1] = list[i + 1]
      entries[#entries + 1] = f[1] or '0'
      entries[#entries + 1] = f[2] or '0'
    end
  end
end
local mine = false
if me ~= '' then
  local s = redis.call('ZSCORE', z, me)
  if s then
    local f = redis.call('HMGET', h, me .. ':c', me .. ':a')
    mine = { s, redis.call('ZCOUNT', z, '(' .. s, '+inf'), f[1] or '0', f[2] or '0' }
  end
end
return { total, entries, mine }
`);

/**
 * KEYS: the server's set of boards, then each board's sorted set and hash. ARGV: 'all' | 'one', then
 * the period of each board. With 'all' the periods must be exactly the set's members (else -1: a
 * commit added a board since they were read; read again). Returns the number of player records removed.
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

/** The keys of one board. */
export interface RedisBoardKeys {
  /** Sorted set of points per player. */
  readonly zset: string;
  /** Hash of the other counters, `<user>:<c|a|g|k|t>`. */
  readonly hash: string;
  /** The set of its group's board periods. */
  readonly set: string;
  /** Its period: `all`, `2024-10`, `2024-W42`. */
  readonly period: string;
}

/** `P:{g:<G>}`: what every key of one server's boards starts with (its hash tag decides its cluster slot). */
export function guildTag(prefix: string, guildId: string): string {
  return `${prefix}:{g:${guildId}}`;
}

/** Where a board (a boards.ts id: `guild:<G>:<period>` or `global:<period>`) lives. */
export function redisBoardKeys(prefix: string, board: string): RedisBoardKeys {
  const parts = board.split(':');
  let tag: string;
  let period: string | undefined;
  if (parts.length === 3 && parts[0] === 'guild' && parts[1] !== undefined) {
    tag = guildTag(prefix, parts[1]);
    period = parts[2];
  } else if (parts.length === 2 && parts[0] === 'global') {
    tag = `${prefix}:{global}`;
    period = parts[1];
  } else {
    throw new TypeError(`not a board id: ${board}`);
  }
  if (period === undefined || period.length === 0) throw new TypeError(`not a board id: ${board}`);
  return { zset: `${tag}:b:${period}`, hash: `${tag}:s:${period}`, set: `${tag}:boards`, period };
}

export interface RedisScoreRepositoryDeps {
  readonly redis: RedisCommands;
  /** The URL's key prefix, without the ':' that follows it. */
  readonly prefix: string;
  readonly clock: StoreClock;
  readonly logger: StoreLogger;
  /** Accounts each operation's outcome for the store's health; absent in tools and tests. */
  readonly monitor?: StoreHealthMonitor;
}

export class RedisScoreRepository implements ScoreRepository {
  readonly #redis: RedisCommands;
  readonly #prefix: string;
  readonly #clock: StoreClock;
  readonly #logger: StoreLogger;
  readonly #monitor: StoreHealthMonitor | undefined;

  constructor(deps: RedisScoreRepositoryDeps) {
    this.#redis = deps.redis;
    this.#prefix = deps.prefix;
    this.#clock = deps.clock;
    this.#logger = deps.logger;
    this.#monitor = deps.monitor;
  }

  /** @throws {StoreInputError} on a bad id or key, a duplicate player, or points/streak that are not integers ≥ 0. */
  async commitRound(guildId: string, idempotencyKey: string, results: readonly AnswerResult[], at?: number): Promise<CommitOutcome> {
    const round = checkRound(guildId, idempotencyKey, results, at ?? this.#clock.now());
    if (round.results.length === 0) return { applied: false };
    const players: string[] = [];
    for (const r of round.results) players.push(r.userId, String(r.points), r.correct ? '1' : '0', String(r.streak));
    return this.#apply('round', round.guildId, round.appliedKey, round.at, players);
  }

  /** @throws {StoreInputError} on a bad id or key, or a duplicate player. */
  async recordGame(guildId: string, idempotencyKey: string, userIds: readonly string[], at?: number): Promise<CommitOutcome> {
    const game = checkGame(guildId, idempotencyKey, userIds, at ?? this.#clock.now());
    if (game.userIds.length === 0) return { applied: false };
    return this.#apply('game', game.guildId, game.appliedKey, game.at, game.userIds);
  }

  /** @throws {StoreInputError} on a bad user id. */
  async recordPractice(userId: string, correct: boolean): Promise<PracticeStats> {
    assertId('userId', userId);
    const [answered, right] = await this.#write(`practice:${userId}`, () =>
      PRACTICE.run<[number, number]>(this.#redis, [this.#practiceKey(userId)], [correct ? '1' : '0']),
    );
    return { answered: Number(answered), correct: Number(right) };
  }

  /** @throws {StoreInputError} on a bad user id. */
  async practiceStats(userId: string): Promise<PracticeStats> {
    assertId('userId', userId);
    const [answered, correct] = await this.#read(`practice:${userId}`, () =>
      this.#redis.sendCommand<[string | null, string | null]>(['HMGET', this.#practiceKey(userId), 'answered', 'correct']),
    );
    return { answered: count(answered), correct: count(correct) };
  }

  /** @throws {StoreInputError} on a bad id. */
  async stats(userId: string, scope: ScoreScope, period: ScorePeriod): Promise<RankedUserStats | undefined> {
    assertId('userId', userId);
    const board = boardFor(scope, period, this.#clock.now());
    const keys = redisBoardKeys(this.#prefix, board);
    const row = await this.#read(`scores:${board}`, () => STATS.run<(string | number)[] | null>(this.#redis, [keys.zset, keys.hash], [userId]));
    if (row === null) return undefined;
    const [points, higher, players, correct, answered, games, bestStreak, lastPlayed] = row.map(count);
    return {
      points: points ?? 0,
      correct: correct ?? 0,
      answered: answered ?? 0,
      gamesPlayed: games ?? 0,
      bestStreak: bestStreak ?? 0,
      lastPlayed: lastPlayed ?? 0,
      rank: 1 + (higher ?? 0),
      players: players ?? 0,
    };
  }

  /** @throws {StoreInputError} on a bad id or a limit outside 1…50. */
  async leaderboard(scope: ScoreScope, period: ScorePeriod, options: LeaderboardOptions = {}): Promise<Leaderboard> {
    const { limit, userId } = checkLeaderboardOptions(options);
    const board = boardFor(scope, period, this.#clock.now());
    const keys = redisBoardKeys(this.#prefix, board);
    const [total, flat, mine] = await this.#read(`scores:${board}`, () =>
      TOP.run<[number, string[], string[] | null]>(this.#redis, [keys.zset, keys.hash], [String(limit), userId ?? '']),
    );
    const top: { userId: string; points: number; correct: number; answered: number }[] = [];
    for (let i = 0; i + 3 < flat.length; i += 4) {
      top.push({ userId: flat[i] as string, points: count(flat[i + 1]), correct: count(flat[i + 2]), answered: count(flat[i + 3]) });
    }
    top.sort((a, b) => b.points - a.points || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
    const entries: LeaderboardEntry[] = rankTop(top.slice(0, limit)).map((e) => ({
      rank: e.rank,
      userId: e.userId,
      points: e.points,
      correct: e.correct,
      answered: e.answered,
    }));
    const result: Leaderboard = { entries, total: count(total) };
    if (userId === undefined) return result;
    const listed = entries.find((e) => e.userId === userId);
    if (listed !== undefined) return { ...result, me: listed };
    if (mine === null) return result;
    const [points, higher, correct, answered] = mine.map(count);
    return { ...result, me: { rank: 1 + (higher ?? 0), userId, points: points ?? 0, correct: correct ?? 0, answered: answered ?? 0 } };
  }

  /** @throws {StoreInputError} on a bad guild id. */
  async resetGuild(guildId: string, period: ScorePeriod): Promise<void> {
    assertId('guildId', guildId);
    const target = resetTarget(guildId, period, this.#clock.now());
    const removed = await this.#write(`scores:guild:${guildId}`, async () => {
      if ('board' in target) {
        const keys = redisBoardKeys(this.#prefix, target.board);
        return RESET.run<number>(this.#redis, [keys.set, keys.zset, keys.hash], ['one', keys.period]);
      }
      const set = `${guildTag(this.#prefix, guildId)}:boards`;
      for (let attempt = 0; attempt < RESET_TRIES; attempt += 1) {
        const periods = await this.#redis.sendCommand<string[]>(['SMEMBERS', set]);
        const keys: string[] = [set];
        for (const p of periods) {
          const board = redisBoardKeys(this.#prefix, `guild:${guildId}:${p}`);
          keys.push(board.zset, board.hash);
        }
        const records = await RESET.run<number>(this.#redis, keys, ['all', ...periods]);
        if (records >= 0) return records;
      }
      throw new Error(`the boards of server ${guildId} kept changing during its reset (${RESET_TRIES} tries)`);
    });
    this.#logger.info({ guildId, period, boards: 'board' in target ? [target.board] : [`${target.prefix}*`], records: removed }, 'guild leaderboard reset');
  }

  /** The six boards of a play, and its applied key, in one script (see the file comment for Redis Cluster). */
  async #apply(kind: 'round' | 'game', guildId: string, appliedKey: string, at: number, players: readonly string[]): Promise<CommitOutcome> {
    if (appliedKey.length > 200) throw new StoreInputError('the commit key is too long');
    const keys = [`${guildTag(this.#prefix, guildId)}:applied:${appliedKey}`];
    const periods: string[] = [];
    for (const board of boardsOf(guildId, at)) {
      const k = redisBoardKeys(this.#prefix, board);
      keys.push(k.zset, k.hash, k.set);
      periods.push(k.period);
    }
    const applied = await this.#write(`scores:${appliedKey}`, () =>
      APPLY.run<number>(this.#redis, keys, [String(APPLIED_KEY_RETENTION_MS), String(at), kind, ...periods, ...players]),
    );
    return { applied: applied === 1 };
  }

  #practiceKey(userId: string): string {
    return `${this.#prefix}:{u:${userId}}:practice`;
  }

  #read<T>(label: string, op: () => Promise<T>): Promise<T> {
    return this.#monitor ? this.#monitor.read(label, op) : op();
  }

  #write<T>(label: string, op: () => Promise<T>): Promise<T> {
    return this.#monitor ? this.#monitor.write(label, op) : op();
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

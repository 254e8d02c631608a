/**
 * The only reader of the environment. Everything else receives the frozen `Config`.
 */
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { inspect } from 'node:util';
import dotenv from 'dotenv';
import { DirectoryError, ensureDirectorySync } from './store/directory.js';
import { StoreConfigError } from './store/errors.js';
import type { DatabaseTarget } from './store/kv.js';
import { parseDatabaseUrl as parseStoreUrl } from './store/open.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface Config {
  /** The bot token. Never logged: `toJSON` and `inspect` redact it. */
  readonly discordToken: string;
  readonly discordClientId: string | undefined;
  readonly discordGuildId: string | undefined;
  readonly databaseUrl: string;
  /** REST base URL (e.g. `http://127.0.0.1:8080/api`); undefined = Discord itself. */
  readonly discordApiUrl: string | undefined;
  readonly logLevel: LogLevel;
  /** Gateway shards: how many in all (`auto`: Discord's recommendation), and which this process runs. */
  readonly shards: ShardConfig;
  /** QUIZ_LEASE_MS: how long a process that stopped answering keeps its quizzes before another takes them over. */
  readonly quizLeaseMs: number;
}

export interface ShardConfig {
  /** SHARD_COUNT: the total number of shards across every process; `auto` asks Discord (GET /gateway/bot). */
  readonly count: number | 'auto';
  /** SHARD_IDS: the shards this process runs; `all` = every one of `count`. */
  readonly ids: readonly number[] | 'all';
}

/** Discord's largest bots run a few thousand shards; more than this is a typo. */
const MAX_SHARDS = 16_384;

/** What the caller is about to do decides which variables are required. */
export type ConfigPurpose = 'start' | 'deploy' | 'tool';

/** A missing or malformed variable; the message is one line naming it, without its value. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable} ${problem}`);
  }
}

export const DEFAULT_DATABASE_URL = 'sqlite://data/bigcity.sqlite';

/**
 * The process environment merged with `.env` (real environment variables win).
 * Reads `.env` from the working directory; does not modify `process.env`.
 */
export function readEnvironment(envFile = '.env'): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  dotenv.config({ path: envFile, processEnv: env as Record<string, string>, quiet: true });
  return env;
}

const SNOWFLAKE = /^\d{17,20}$/;
// Discord bot tokens are three base64url segments joined by dots.
const TOKEN = /^[\w-]{10,}\.[\w-]{4,}\.[\w-]{10,}$/;

function optional(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function snowflake(env: Record<string, string | undefined>, name: string, required: boolean): string | undefined {
  const value = optional(env, name);
  if (value === undefined) {
    if (required) throw new ConfigError(name, 'is required: set it to your application\'s ID (Developer Portal → General Information).');
    return undefined;
  }
  if (!SNOWFLAKE.test(value)) throw new ConfigError(name, 'must be a Discord ID (17–20 digits).');
  return value;
}

/**
 * Validates a database URL and, for a SQLite file, creates its directory.
 * Supported: the store's backends (`SUPPORTED_DATABASE_URLS`); schemes in any case.
 * @throws ConfigError naming DATABASE_URL when a backend refuses the URL, it names a directory, or its
 *   directory cannot be created (in bounded time, even where the kernel answers oddly, as under /proc).
 */
export function parseDatabaseUrl(value: string): string {
  let target: DatabaseTarget;
  try {
    target = parseStoreUrl(value);
  } catch (err) {
    if (err instanceof StoreConfigError) throw new ConfigError('DATABASE_URL', /[.?!]$/.test(err.message) ? err.message : `${err.message}.`);
    throw err;
  }
  if (target.file === undefined) return value;
  const file = resolve(target.file);
  if (target.file.endsWith('/') || isDirectory(file)) {
    throw new ConfigError('DATABASE_URL', 'must name a file, not a directory, e.g. sqlite://data/bigcity.sqlite.');
  }
  try {
    ensureDirectorySync(dirname(file));
  } catch (err) {
    if (!(err instanceof DirectoryError)) throw err;
    throw new ConfigError(
      'DATABASE_URL',
      `names a directory that cannot be created (${err.code}): ${err.directory}; create it, or choose a file in a writable directory.`,
    );
  }
  return value;
}

/**
 * DATABASE_URL (or the default) checked as {@link loadConfig} checks it, but without creating the
 * SQLite file's directory: for tools that only read the store (`npm run reports`, `npm run
 * data:check`), which must leave nothing behind where there is no database yet.
 * @throws ConfigError naming DATABASE_URL when the URL is malformed or of an unsupported scheme.
 */
export function databaseUrlToRead(env: Record<string, string | undefined>): string {
  const value = optional(env, 'DATABASE_URL') ?? DEFAULT_DATABASE_URL;
  try {
    parseStoreUrl(value);
  } catch (err) {
    if (err instanceof StoreConfigError) throw new ConfigError('DATABASE_URL', /[.?!]$/.test(err.message) ? err.message : `${err.message}.`);
    throw err;
  }
  return value;
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    // Absent, or a file in the way of its path (ENOTDIR): creating the directory reports that.
    return false;
  }
}

function apiUrl(env: Record<string, string | undefined>): string | undefined {
  const value = optional(env, 'DISCORD_API_URL');
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('DISCORD_API_URL', 'must be an http(s) URL such as http://127.0.0.1:8080/api.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError('DISCORD_API_URL', 'must start with http:// or https://.');
  }
  return value.replace(/\/+$/, '');
}

/**
 * SHARD_COUNT (default 1, or `auto`) and SHARD_IDS (default all; `0,1`, ranges `4-7`).
 * @throws ConfigError naming the variable.
 */
function shardConfig(env: Record<string, string | undefined>): ShardConfig {
  const countText = optional(env, 'SHARD_COUNT')?.toLowerCase();
  let count: number | 'auto' = 1;
  if (countText === 'auto') count = 'auto';
  else if (countText !== undefined) {
    if (!/^\d+$/.test(countText) || Number(countText) < 1 || Number(countText) > MAX_SHARDS) {
      throw new ConfigError('SHARD_COUNT', `must be a whole number from 1 to ${MAX_SHARDS}, or auto (Discord's recommendation).`);
    }
    count = Number(countText);
  }
  const idsText = optional(env, 'SHARD_IDS');
  if (idsText === undefined || idsText.toLowerCase() === 'all') return { count, ids: 'all' };
  if (count === 'auto') throw new ConfigError('SHARD_IDS', 'needs SHARD_COUNT set to a number: with auto, the shards of each process are not known in advance.');
  const total = count;
  const ids = new Set<number>();
  for (const part of idsText.split(',')) {
    const range = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (range === null) throw new ConfigError('SHARD_IDS', 'must be shard numbers separated by commas, e.g. 0,1 or 4-7.');
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    if (to < from) throw new ConfigError('SHARD_IDS', `has the range ${from}-${to}, which runs backwards.`);
    if (to >= total) throw new ConfigError('SHARD_IDS', `names shard ${to}, but shards are numbered 0 to ${total - 1} (SHARD_COUNT is ${total}).`);
    for (let id = from; id <= to; id++) ids.add(id);
  }
  return { count, ids: [...ids].sort((a, b) => a - b) };
}

/** QUIZ_LEASE_MS, default 20 s. @throws ConfigError naming the variable. */
function quizLeaseMs(env: Record<string, string | undefined>): number {
  const text = optional(env, 'QUIZ_LEASE_MS');
  if (text === undefined) return 20_000;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1_000 || value > 600_000) {
    throw new ConfigError('QUIZ_LEASE_MS', 'must be a whole number of milliseconds from 1000 to 600000 (default 20000).');
  }
  return value;
}

/**
 * Validates the environment for a purpose and returns a frozen config.
 * @throws ConfigError for the first missing or malformed variable.
 */
export function loadConfig(env: Record<string, string | undefined>, purpose: ConfigPurpose = 'start'): Config {
  const token = optional(env, 'DISCORD_TOKEN');
  if (purpose !== 'tool') {
    if (token === undefined) {
      throw new ConfigError('DISCORD_TOKEN', 'is required: copy .env.example to .env and paste your bot token (Developer Portal → Bot → Reset Token).');
    }
    if (!TOKEN.test(token)) throw new ConfigError('DISCORD_TOKEN', 'does not look like a bot token (three dot-separated parts).');
  }
  const logLevel = (optional(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}.`);
  }
  const config: Config = {
    discordToken: token ?? '',
    discordClientId: snowflake(env, 'DISCORD_CLIENT_ID', purpose === 'deploy'),
    discordGuildId: snowflake(env, 'DISCORD_GUILD_ID', false),
    databaseUrl: parseDatabaseUrl(optional(env, 'DATABASE_URL') ?? DEFAULT_DATABASE_URL),
    discordApiUrl: apiUrl(env),
    logLevel: logLevel as LogLevel,
    shards: shardConfig(env),
    quizLeaseMs: quizLeaseMs(env),
  };
  const redacted = () => ({ ...config, discordToken: '[redacted]' });
  Object.defineProperties(config, {
    toJSON: { value: redacted, enumerable: false },
    [inspect.custom]: { value: () => redacted(), enumerable: false },
  });
  return Object.freeze(config);
}

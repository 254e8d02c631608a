/**
 * The only reader of the environment. Everything else receives the frozen `Config`.
 */
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { inspect } from 'node:util';
import dotenv from 'dotenv';
import { DirectoryError, ensureDirectorySync } from './store/directory.js';
import { StoreConfigError } from './store/errors.js';
import { parseDatabaseUrl as parseStoreUrl, type DatabaseLocation } from './store/url.js';

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
}

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
 * Supported: `sqlite://relative/or/absolute/path.sqlite`, `sqlite://:memory:`, `memory://`; schemes in
 * any case. No query string or fragment: nothing would read it, and it would end up in the file name.
 * @throws ConfigError naming DATABASE_URL when the URL is not one of those, names a directory, or its
 *   directory cannot be created (in bounded time, even where the kernel answers oddly, as under /proc).
 */
export function parseDatabaseUrl(value: string): string {
  let target: DatabaseLocation;
  try {
    target = parseStoreUrl(value);
  } catch (err) {
    if (err instanceof StoreConfigError) throw new ConfigError('DATABASE_URL', /[.?!]$/.test(err.message) ? err.message : `${err.message}.`);
    throw err;
  }
  if (target.backend !== 'sqlite' || target.location === ':memory:') return value;
  const file = resolve(target.location);
  if (target.location.endsWith('/') || isDirectory(file)) {
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
  };
  const redacted = () => ({ ...config, discordToken: '[redacted]' });
  Object.defineProperties(config, {
    toJSON: { value: redacted, enumerable: false },
    [inspect.custom]: { value: () => redacted(), enumerable: false },
  });
  return Object.freeze(config);
}

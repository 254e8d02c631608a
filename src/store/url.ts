/**
 * `DATABASE_URL` parsing, shared by `loadConfig` (which reports problems naming the variable) and
 * `openStore`. Schemes are case-insensitive, as in every URL; the rest is taken literally.
 */
import { StoreConfigError } from './errors.js';

export type DatabaseLocation =
  | { readonly backend: 'sqlite'; /** A file path as written (relative to the working directory), or `:memory:`. */ readonly location: string }
  | { readonly backend: 'memory' }
  | {
      readonly backend: 'postgres';
      /** The URL as given, for the driver (it may hold a password: never log it). */
      readonly url: string;
      /** Tables go in this schema (`?schema=`), created when missing; default `public`. */
      readonly schema: string;
    }
  | {
      readonly backend: 'redis';
      readonly url: string;
      /** Every key starts with this (`?prefix=`), so that several bots or test runs can share a server; default `bigcity`. */
      readonly prefix: string;
    };

/** The URL forms this build accepts, for help texts and error messages. */
export const SUPPORTED_DATABASE_URLS: readonly string[] = Object.freeze([
  'sqlite://path/to/file.sqlite',
  'sqlite://:memory:',
  'postgres://user:password@host:5432/database',
  'redis://host:6379',
  'memory://',
]);

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const PREFIX = /^[A-Za-z0-9_.-]{1,64}$/;

const SUPPORTED = SUPPORTED_DATABASE_URLS.join(', ');

/**
 * What a `DATABASE_URL` names. Messages never repeat what follows an unsupported scheme (it may
 * hold a password); a SQLite path is repeated, as it is what needs fixing.
 * @throws {StoreConfigError} for a malformed URL, an unsupported scheme, a missing path, or a query
 *   string or fragment (no option is read from the URL, so `?mode=ro` would silently be part of the
 *   file name).
 */
export function parseDatabaseUrl(url: string): DatabaseLocation {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s.exec(url);
  if (match === null) throw new StoreConfigError(`must look like sqlite://data/bigcity.sqlite (supported: ${SUPPORTED})`);
  const scheme = (match[1] ?? '').toLowerCase();
  const afterColon = match[2] ?? '';
  if (scheme === 'postgres' || scheme === 'postgresql' || scheme === 'redis' || scheme === 'rediss') return parseServerUrl(scheme, url);
  if (scheme !== 'sqlite' && scheme !== 'memory') {
    throw new StoreConfigError(`uses the unsupported scheme "${scheme}:"; supported: ${SUPPORTED}`);
  }
  if (!afterColon.startsWith('//')) {
    // `sqlite:data.sqlite` or `sqlite:/abs/x.sqlite`: what was meant is plain.
    const meant = scheme === 'memory' ? 'memory://' : `sqlite://${afterColon.length === 0 ? 'data/bigcity.sqlite' : afterColon}`;
    throw new StoreConfigError(`"${scheme}:" needs "//" after it: did you mean ${meant}?`);
  }
  const rest = afterColon.slice(2);
  if (scheme === 'memory') {
    if (rest.length > 0) throw new StoreConfigError('memory:// takes nothing after the scheme');
    return { backend: 'memory' };
  }
  if (rest.length === 0) throw new StoreConfigError('needs a file path after sqlite://, e.g. sqlite://data/bigcity.sqlite');
  const extra = /[?#]/.exec(rest);
  if (extra !== null) {
    const part = rest.slice(extra.index);
    throw new StoreConfigError(
      `has ${extra[0] === '?' ? 'a query string' : 'a fragment'} (${part}), which the bot does not read: ` +
        `it needs to write the file, so no option is accepted; use sqlite://${rest.slice(0, extra.index)}`,
    );
  }
  return { backend: 'sqlite', location: rest };
}

/**
 * A PostgreSQL or Redis URL: parsed by the WHATWG URL parser, with one option each (`schema`,
 * `prefix`). Messages name the scheme and the option, never the rest (it may hold a password).
 */
function parseServerUrl(scheme: string, url: string): DatabaseLocation {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StoreConfigError(`is not a valid ${scheme}:// URL (expected e.g. ${scheme === 'redis' || scheme === 'rediss' ? 'redis://host:6379' : 'postgres://user:password@host:5432/database'})`);
  }
  if (parsed.hostname === '') throw new StoreConfigError(`needs a host after ${scheme}://`);
  if (parsed.hash !== '') throw new StoreConfigError(`has a fragment (#…), which the bot does not read`);
  const postgres = scheme === 'postgres' || scheme === 'postgresql';
  const option = postgres ? 'schema' : 'prefix';
  for (const key of parsed.searchParams.keys()) {
    if (key !== option) throw new StoreConfigError(`has the option "${key}", which the bot does not read; ${scheme}:// takes only ?${option}=`);
  }
  const value = parsed.searchParams.get(option);
  parsed.search = '';
  if (postgres) {
    const schema = value ?? 'public';
    if (!NAME.test(schema) || /^pg_/i.test(schema)) {
      throw new StoreConfigError('has a schema name that is not 1–63 letters, digits or "_" (starting with a letter or "_", and not "pg_", which PostgreSQL keeps for itself)');
    }
    return { backend: 'postgres', url: parsed.toString(), schema };
  }
  const prefix = value ?? 'bigcity';
  if (!PREFIX.test(prefix)) throw new StoreConfigError('has a key prefix that is not 1–64 letters, digits, ".", "_" or "-"');
  return { backend: 'redis', url: parsed.toString(), prefix };
}

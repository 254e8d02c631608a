/**
 * `DATABASE_URL` parsing, shared by `loadConfig` (which reports problems naming the variable) and
 * `openStore`. Schemes are case-insensitive, as in every URL; the rest is taken literally.
 */
import { StoreConfigError } from './errors.js';

export type DatabaseLocation =
  | { readonly backend: 'sqlite'; /** A file path as written (relative to the working directory), or `:memory:`. */ readonly location: string }
  | { readonly backend: 'memory' };

/** The URL forms this build accepts, for help texts and error messages. */
export const SUPPORTED_DATABASE_URLS: readonly string[] = Object.freeze([
  'sqlite://path/to/file.sqlite',
  'sqlite://:memory:',
  'memory://',
]);

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

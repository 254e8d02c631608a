/** What the backends' URL parsers (`BackendDefinition.parse`) share. Schemes are case-insensitive; the rest is literal. */
import { StoreConfigError } from './errors.js';

/** `scheme:rest`, the scheme lowercased. @throws {StoreConfigError} when `url` has no scheme. */
export function splitScheme(url: string, example: string): { readonly scheme: string; readonly rest: string } {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s.exec(url);
  if (match === null) throw new StoreConfigError(`must look like ${example}`);
  return { scheme: (match[1] ?? '').toLowerCase(), rest: match[2] ?? '' };
}

/**
 * A server's URL with its one option, `?<option>=`, taken off. Messages never repeat the URL (it may
 * hold a password). @throws {StoreConfigError} for a malformed URL, no host, a fragment or another option.
 */
export function parseServerUrl(scheme: string, url: string, option: string, example: string): { readonly url: string; readonly option: string | null } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StoreConfigError(`is not a valid ${scheme}:// URL (expected e.g. ${example})`);
  }
  if (parsed.hostname === '') throw new StoreConfigError(`needs a host after ${scheme}://`);
  if (parsed.hash !== '') throw new StoreConfigError(`has a fragment (#…), which the bot does not read`);
  for (const key of parsed.searchParams.keys()) {
    if (key !== option) throw new StoreConfigError(`has the option "${key}", which the bot does not read; ${scheme}:// takes only ?${option}=`);
  }
  const value = parsed.searchParams.get(option);
  parsed.search = '';
  return { url: parsed.toString(), option: value };
}

/** `host:port/database` (the port a default when the URL has none), without user or password: for messages. */
export function describeServer(url: string, defaultPort: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || defaultPort}${u.pathname.length > 1 ? u.pathname : ''}`;
  } catch {
    return '(unparsable URL)';
  }
}

/** `text` without the URL's password, in case a driver's message repeats it. */
export function scrubPassword(text: string, url: string): string {
  let password = '';
  try {
    password = new URL(url).password;
  } catch {
    return text;
  }
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {
    // Not percent-encoded: only the text as written can appear.
  }
  let out = text;
  for (const secret of new Set([password, decoded])) if (secret.length > 0) out = out.split(secret).join('***');
  return out;
}

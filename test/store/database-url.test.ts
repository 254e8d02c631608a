/**
 * DATABASE_URL as issue 13 found it: case-insensitive schemes, `sqlite:` without `//`, query strings,
 * and a directory that cannot be created (which used to spin at 100% CPU under /proc).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, parseDatabaseUrl } from '../../src/config.js';
import { openStore, StoreConfigError } from '../../src/store/index.js';
import { parseDatabaseUrl as parseStoreUrl } from '../../src/store/open.js';
import { FakeClock, OCT_15_2024, RecordingLogger } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), 'bigcity-url-'));
  dirs.push(dir);
  return dir;
};

function configError(url: string): ConfigError {
  try {
    parseDatabaseUrl(url);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error(`expected ${url} to be refused`);
}

const options = () => ({ clock: new FakeClock(OCT_15_2024), logger: new RecordingLogger() });

describe('DATABASE_URL', () => {
  it('given the scheme in capitals (SQLITE://, Memory://), it is accepted and opens the same store', async () => {
    const dir = fresh();
    const url = `SQLITE://${join(dir, 'x.sqlite')}`;
    expect(parseDatabaseUrl(url)).toBe(url);
    expect(parseDatabaseUrl('Memory://')).toBe('Memory://');
    const store = await openStore(url, options());
    expect(store.backend).toBe('sqlite');
    await store.close();
    expect(existsSync(join(dir, 'x.sqlite'))).toBe(true);
  });

  it.each([
    ['sqlite:data.sqlite', 'DATABASE_URL "sqlite:" needs "//" after it: did you mean sqlite://data.sqlite?'],
    ['SQLite:/var/lib/bot/x.sqlite', 'DATABASE_URL "sqlite:" needs "//" after it: did you mean sqlite:///var/lib/bot/x.sqlite?'],
    ['memory:', 'DATABASE_URL "memory:" needs "//" after it: did you mean memory://?'],
  ])('given %s, the message says what was meant', async (url, message) => {
    expect(configError(url).message).toBe(message);
    await expect(openStore(url, options())).rejects.toBeInstanceOf(StoreConfigError);
  });

  it.each([
    ['?mode=ro', 'a query string (?mode=ro)'],
    ['#main', 'a fragment (#main)'],
  ])('given a SQLite URL ending in %s, it is refused and no file or directory is created', async (suffix, part) => {
    const dir = fresh();
    const url = `sqlite://${join(dir, 'data', 'q.sqlite')}${suffix}`;
    expect(configError(url).message).toBe(
      `DATABASE_URL has ${part}, which the bot does not read: it needs to write the file, so no option is accepted; use sqlite://${join(dir, 'data', 'q.sqlite')}.`,
    );
    await expect(openStore(url, options())).rejects.toThrow(/which the bot does not read/);
    expect(existsSync(join(dir, 'data'))).toBe(false);
  });

  it('given an unsupported scheme in any case, it is named in lower case with the supported forms, and nothing after it is repeated', () => {
    const message = configError('MySQL://bot:s3cret@db/x').message;
    expect(message).toBe(
      'DATABASE_URL uses the unsupported scheme "mysql:"; supported: sqlite://path/to/file.sqlite, sqlite://:memory:, postgres://user:password@host:5432/database, redis://host:6379, memory://.',
    );
  });

  it('given PostgreSQL and Redis URLs, the scheme is case-insensitive, ?schema= and ?prefix= are read, and nothing else is accepted or repeated', () => {
    expect(parseStoreUrl('Postgres://bot:s3cret@db:5432/bigcity')).toMatchObject({ backend: 'postgres', ephemeral: false, settings: { schema: 'public' } });
    expect(parseStoreUrl('postgresql://db/bigcity?schema=bot_2')).toMatchObject({ backend: 'postgres', settings: { schema: 'bot_2' } });
    expect(parseStoreUrl('redis://:pw@cache:6379/2')).toMatchObject({ backend: 'redis', ephemeral: false, settings: { prefix: 'bigcity' } });
    expect(parseStoreUrl('rediss://cache:6380?prefix=bot.eu-1')).toMatchObject({ backend: 'redis', settings: { prefix: 'bot.eu-1' } });
    expect(parseStoreUrl('sqlite://data/x.sqlite')).toMatchObject({ backend: 'sqlite', ephemeral: false, file: 'data/x.sqlite' });
    expect(parseStoreUrl('SQLite://:memory:')).toMatchObject({ backend: 'sqlite', ephemeral: true });
    expect(parseStoreUrl('memory://')).toMatchObject({ backend: 'memory', ephemeral: true });
    for (const [url, part] of [
      ['postgres://bot:s3cret@db/x?sslmode=require', 'the option "sslmode"'],
      ['postgres://bot:s3cret@db/x?schema=drop;table', 'schema name'],
      ['postgres://bot:s3cret@db/x?schema=pg_bot', 'schema name'],
      ['redis://:s3cret@cache?prefix=a b', 'key prefix'],
      ['redis://:s3cret@cache#x', 'fragment'],
      ['postgres://', 'needs a host'],
    ] as const) {
      const message = configError(url).message;
      expect(message, url).toContain(part);
      expect(message, url).not.toContain('s3cret');
    }
  });

  it.runIf(existsSync('/proc/self'))('given a directory that cannot be created (under /proc), it fails at once naming it, in config and in openStore', async () => {
    const started = Date.now();
    const error = configError('sqlite:///proc/bigcity/x.sqlite');
    expect(error.message).toBe('DATABASE_URL names a directory that cannot be created (ENOENT): /proc/bigcity; create it, or choose a file in a writable directory.');
    const opened = await openStore('sqlite:///proc/bigcity/deeper/x.sqlite', options()).catch((e: unknown) => e);
    expect(opened).toBeInstanceOf(StoreConfigError);
    expect((opened as Error).message).toBe('cannot create the directory /proc/bigcity (ENOENT): create it, or set DATABASE_URL to a file in a writable directory');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('given missing directories several levels deep, each is created', () => {
    const dir = fresh();
    parseDatabaseUrl(`sqlite://${join(dir, 'a', 'b', 'c', 'x.sqlite')}`);
    expect(existsSync(join(dir, 'a', 'b', 'c'))).toBe(true);
  });
});

import { mkdtempSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseDatabaseUrl } from '../src/config.js';
import { DiscordAPIError } from 'discord.js';
import { createLogger, maskTokens } from '../src/logger.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB';
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('given no DISCORD_TOKEN, starting fails with one line naming the variable', () => {
    const err = errorOf(() => loadConfig({}, 'start'));
    expect(err.variable).toBe('DISCORD_TOKEN');
    expect(err.message).toMatch(/^DISCORD_TOKEN is required/);
    expect(err.message).not.toContain('\n');
  });

  it('given a malformed token, the error names the variable but never echoes the value', () => {
    const err = errorOf(() => loadConfig({ DISCORD_TOKEN: 'not-a-token-secret-value' }));
    expect(err.variable).toBe('DISCORD_TOKEN');
    expect(err.message).not.toContain('not-a-token-secret-value');
  });

  it('given a good token and nothing else, the defaults apply', () => {
    const config = loadConfig({ DISCORD_TOKEN: TOKEN });
    expect(config.databaseUrl).toBe('sqlite://data/bigcity.sqlite');
    expect(config.logLevel).toBe('info');
    expect(config.discordApiUrl).toBeUndefined();
    expect(config.discordClientId).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('given deploy without DISCORD_CLIENT_ID, it fails naming DISCORD_CLIENT_ID', () => {
    expect(errorOf(() => loadConfig({ DISCORD_TOKEN: TOKEN }, 'deploy')).variable).toBe('DISCORD_CLIENT_ID');
  });

  it.each([
    ['DISCORD_CLIENT_ID', '12ab'],
    ['DISCORD_GUILD_ID', 'guild'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['DATABASE_URL', 'data/bigcity.sqlite'],
    ['DISCORD_API_URL', 'not a url'],
    ['DISCORD_API_URL', 'ftp://127.0.0.1/api'],
    ['LOG_LEVEL', 'loud'],
  ])('given a malformed %s (%s), it fails naming that variable', (variable, value) => {
    const err = errorOf(() => loadConfig({ DISCORD_TOKEN: TOKEN, [variable]: value }));
    expect(err.variable).toBe(variable);
    expect(err.message.startsWith(variable)).toBe(true);
  });

  it('given a SQLite URL with no path, a directory, or a directory that cannot be created, it fails naming DATABASE_URL', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bigcity-config-'));
    dirs.push(dir);
    const aFile = join(dir, 'plain-file');
    writeFileSync(aFile, 'x');
    for (const url of ['sqlite://', `sqlite://${dir}`, `sqlite://${dir}/`, `sqlite://${aFile}/sub/bot.sqlite`]) {
      const err = errorOf(() => parseDatabaseUrl(url));
      expect(err.variable, url).toBe('DATABASE_URL');
      expect(err.message).not.toContain('\n');
    }
  });

  it('given an unsupported database scheme, the message lists the supported ones', () => {
    expect(errorOf(() => parseDatabaseUrl('mongodb://localhost:27017')).message).toContain('sqlite://');
  });

  it('given a SQLite path in a missing directory, the directory is created', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bigcity-config-'));
    dirs.push(dir);
    const nested = join(dir, 'a', 'b');
    loadConfig({ DISCORD_TOKEN: TOKEN, DATABASE_URL: `sqlite://${nested}/x.sqlite` });
    expect(existsSync(nested)).toBe(true);
  });

  it('given a DISCORD_API_URL with a trailing slash, it is normalised', () => {
    expect(loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: 'http://127.0.0.1:9/api/' }).discordApiUrl).toBe('http://127.0.0.1:9/api');
  });

  it('given no shard settings, one shard runs every server; SHARD_COUNT and SHARD_IDS pick the shards of this process', () => {
    const shards = (env: Record<string, string>) => loadConfig({ DISCORD_TOKEN: TOKEN, ...env }).shards;
    expect(shards({})).toEqual({ count: 1, ids: 'all' });
    expect(shards({ SHARD_COUNT: 'auto' })).toEqual({ count: 'auto', ids: 'all' });
    expect(shards({ SHARD_COUNT: 'AUTO', SHARD_IDS: 'all' })).toEqual({ count: 'auto', ids: 'all' });
    expect(shards({ SHARD_COUNT: '4' })).toEqual({ count: 4, ids: 'all' });
    expect(shards({ SHARD_COUNT: '8', SHARD_IDS: '5, 1,4-6' })).toEqual({ count: 8, ids: [1, 4, 5, 6] });
  });

  it('given shard settings that cannot work, the error names the variable and says why', () => {
    const problem = (env: Record<string, string>) => errorOf(() => loadConfig({ DISCORD_TOKEN: TOKEN, ...env }));
    expect(problem({ SHARD_COUNT: '0' })).toMatchObject({ variable: 'SHARD_COUNT' });
    expect(problem({ SHARD_COUNT: 'two' })).toMatchObject({ variable: 'SHARD_COUNT' });
    expect(problem({ SHARD_COUNT: '2', SHARD_IDS: '2' }).message).toBe('SHARD_IDS names shard 2, but shards are numbered 0 to 1 (SHARD_COUNT is 2).');
    expect(problem({ SHARD_IDS: '1' }).message).toBe('SHARD_IDS names shard 1, but shards are numbered 0 to 0 (SHARD_COUNT is 1).');
    expect(problem({ SHARD_COUNT: 'auto', SHARD_IDS: '0' })).toMatchObject({ variable: 'SHARD_IDS' });
    expect(problem({ SHARD_COUNT: '4', SHARD_IDS: '3-1' }).message).toContain('runs backwards');
    expect(problem({ SHARD_COUNT: '4', SHARD_IDS: '0;1' })).toMatchObject({ variable: 'SHARD_IDS' });
  });

  it('given QUIZ_LEASE_MS, it is read within its bounds, 20 s by default', () => {
    expect(loadConfig({ DISCORD_TOKEN: TOKEN }).quizLeaseMs).toBe(20_000);
    expect(loadConfig({ DISCORD_TOKEN: TOKEN, QUIZ_LEASE_MS: '1500' }).quizLeaseMs).toBe(1_500);
    for (const bad of ['999', '600001', '2s', '-5']) {
      expect(errorOf(() => loadConfig({ DISCORD_TOKEN: TOKEN, QUIZ_LEASE_MS: bad })).variable).toBe('QUIZ_LEASE_MS');
    }
  });
});

describe('the token never appears in output', () => {
  it('given a loaded config, JSON, inspect and the logger all redact the token', () => {
    const config = loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: '123456789012345678' });
    expect(JSON.stringify(config)).not.toContain(TOKEN);
    expect(inspect(config)).not.toContain(TOKEN);
    expect(String(config)).not.toContain(TOKEN);

    let out = '';
    const sink = new Writable({
      write(chunk, _enc, done) {
        out += String(chunk);
        done();
      },
    });
    const logger = createLogger('info', sink);
    logger.info({ config }, 'config');
    logger.info({ token: TOKEN, nested: { token: TOKEN } }, 'oops');
    expect(out).toContain('"config"');
    expect(out).not.toContain(TOKEN);
  });
});

describe('interaction tokens never appear in logs', () => {
  const interactionToken = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDpzZWNyZXQtdG9rZW4tdmFsdWU';

  it('given a Discord API error about an interaction callback, the logged error masks the token in url, message and stack', () => {
    let out = '';
    const sink = new Writable({
      write(chunk, _enc, done) {
        out += String(chunk);
        done();
      },
    });
    const url = `http://127.0.0.1:9/api/v10/interactions/1234567890/${interactionToken}/callback`;
    const err = new DiscordAPIError({ message: 'Unknown interaction', code: 10062 }, 10062, 404, 'POST', url, { body: {} });
    createLogger('info', sink).error({ err }, 'could not answer');
    expect(out).toContain('/interactions/1234567890/[redacted]/callback');
    expect(out).toContain('Unknown interaction');
    expect(out).not.toContain(interactionToken.slice(0, 20));
  });

  it('given webhook and interaction paths, maskTokens keeps the ids and hides the tokens', () => {
    expect(maskTokens(`/webhooks/111/${interactionToken}/messages/@original`)).toBe('/webhooks/111/[redacted]/messages/@original');
    expect(maskTokens('/channels/222/messages')).toBe('/channels/222/messages');
  });
});

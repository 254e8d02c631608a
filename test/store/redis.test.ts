/**
 * The store contract on Redis (TEST_REDIS_URL): each test under a key prefix of its own (`?prefix=`),
 * whose keys are deleted afterwards. Plus what only a server shows: exactly-once commits racing
 * between two stores (two processes), the key layout (one server's boards in one cluster slot,
 * nothing written outside the prefix), and a dropped connection.
 */
import { createClient } from '@keyv/redis';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { openStore, StoreUnavailableError, type OpenStoreOptions, type Store } from '../../src/store/index.js';
import type { Backend } from '../../src/store/kv.js';
import { openBackend, openStoreOn } from '../../src/store/open.js';
import { runStoreContract, urlContractBackend } from './contract.js';
import { FakeClock, OCT_15_2024, RecordingLogger } from './helpers.js';
import { describeRemote, uniqueName } from './remote.js';

type Raw = ReturnType<typeof createClient>;

function withPrefix(url: string, prefix: string): string {
  const u = new URL(url);
  u.searchParams.set('prefix', prefix);
  return u.toString();
}

/** Every key matching a SCAN pattern. */
async function keysMatching(raw: Raw, pattern: string): Promise<string[]> {
  const found = new Set<string>();
  for await (const batch of raw.scanIterator({ MATCH: pattern, COUNT: 1000 })) for (const key of batch) found.add(key);
  return [...found].sort();
}

async function dropPrefix(raw: Raw, prefix: string): Promise<void> {
  const keys = await keysMatching(raw, `${prefix}:*`);
  for (let i = 0; i < keys.length; i += 500) await raw.unlink(keys.slice(i, i + 500));
}

/** The part of a key Redis Cluster hashes: the first `{…}` with something inside, else the whole key. */
function hashTag(key: string): string {
  const open = key.indexOf('{');
  if (open < 0) return key;
  const close = key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}


describeRemote('TEST_REDIS_URL', 'store on Redis', (base) => {
  let raw: Raw;
  beforeAll(async () => {
    raw = createClient({ url: base });
    await raw.connect();
  });
  afterAll(async () => {
    await raw.close();
  });

  runStoreContract('redis', urlContractBackend((name) => withPrefix(base, name), (name) => dropPrefix(raw, name)));

  let prefix: string;
  let url: string;
  let clock: FakeClock;
  const opened: { close(): Promise<void> }[] = [];
  const prefixes: string[] = [];
  const open = async (extra: Partial<OpenStoreOptions> = {}, at = url): Promise<Store> => {
    const store = await openStore(at, { clock, logger: new RecordingLogger(), ...extra });
    opened.push(store);
    return store;
  };
  const backendOn = async (extra: Partial<OpenStoreOptions> = {}): Promise<Backend> => {
    const backend = await openBackend(url, { clock, logger: new RecordingLogger(), ...extra });
    opened.push(backend);
    return backend;
  };

  beforeEach(() => {
    prefix = uniqueName('redistest');
    prefixes.push(prefix);
    url = withPrefix(base, prefix);
    clock = new FakeClock(OCT_15_2024);
  });
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    for (const p of prefixes.splice(0)) await dropPrefix(raw, p);
  });

  const answer = (userId: string, points: number) => ({ userId, points, correct: points > 0, streak: points > 0 ? 1 : 0 });

  it('given the same idempotency key committed at once by two stores (two processes), it is applied exactly once', async () => {
    const first = await open();
    const second = await open();
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? first : second).scores.commitRound('g1', `race:${i % 50}`, [answer('u1', 10), answer('u2', 1)])),
    );
    // 50 keys, each sent four times (twice through each store): one of the four counts.
    for (let k = 0; k < 50; k += 1) {
      const forKey = outcomes.filter((_, i) => i % 50 === k);
      expect(forKey.filter((o) => o.applied)).toHaveLength(1);
    }
    for (const reader of [first, second]) {
      expect(await reader.scores.stats('u1', { guildId: 'g1' }, 'all-time')).toMatchObject({ points: 500, answered: 50, rank: 1, players: 2 });
      expect(await reader.scores.stats('u2', 'global', 'week')).toMatchObject({ points: 50, answered: 50, rank: 2 });
    }
    const games = await Promise.all([first, second, first, second].map((s) => s.scores.recordGame('g1', 'game1', ['u1', 'u2'])));
    expect(games.filter((o) => o.applied)).toHaveLength(1);
    expect((await first.scores.stats('u1', 'global', 'month'))?.gamesPlayed).toBe(1);
  });

  it('given players tied at the last place of the top, the top takes the tied players with the smallest ids, as the SQL backends do', async () => {
    const store = await open();
    // Ids chosen so that Redis's own order of equal scores (by member, descending when reversed) differs from the wanted one.
    const tied = ['t9', 't1', 'z0', 'a5', 't5', 'b2', 'a0', 'y7'];
    await store.scores.commitRound('g1', 'q1', [answer('top2', 300), answer('top1', 300), answer('mid', 200), ...tied.map((id) => answer(id, 100))]);
    await store.scores.recordGame('g1', 'game', ['zero1', 'zero0', ...tied]);
    const board = await store.scores.leaderboard({ guildId: 'g1' }, 'all-time', { limit: 6, userId: 'z0' });
    expect(board.entries.map((e) => [e.userId, e.points, e.rank])).toEqual([
      ['top1', 300, 1],
      ['top2', 300, 1],
      ['mid', 200, 3],
      ['a0', 100, 4],
      ['a5', 100, 4],
      ['b2', 100, 4],
    ]);
    expect(board.total).toBe(13);
    expect(board.me).toEqual({ rank: 4, userId: 'z0', points: 100, correct: 1, answered: 1 });
    const zeros = await store.scores.leaderboard({ guildId: 'g1' }, 'all-time', { limit: 12 });
    expect(zeros.entries.slice(-2).map((e) => [e.userId, e.points, e.rank])).toEqual([
      ['z0', 100, 4],
      ['zero0', 0, 12],
    ]);
    const everyone = await store.scores.leaderboard({ guildId: 'g1' }, 'all-time', { limit: 50 });
    expect(everyone.entries.map((e) => e.userId)).toEqual(['top1', 'top2', 'mid', 'a0', 'a5', 'b2', 't1', 't5', 't9', 'y7', 'z0', 'zero0', 'zero1']);
  });

  it("given scores, settings, practice and a lock, a server's board keys share one hash tag, the global boards another, and every key starts with the prefix", async () => {
    const store = await open();
    await store.scores.commitRound('g1', 'q1', [answer('u1', 10), answer('u2', 5)]);
    await store.scores.commitRound('g2', 'q1', [answer('u1', 7)]);
    await store.scores.recordGame('g1', 'game1', ['u1', 'u2']);
    await store.scores.recordPractice('u1', true);
    await store.settings.update('g1', { quizRole: 'r1' });

    const keys = await keysMatching(raw, `${prefix}:*`);
    const g1 = keys.filter((k) => k.includes('{g:g1}'));
    // Three boards (all, month, week): a sorted set and a hash each, the set of boards and the applied keys.
    expect(g1).toEqual(
      [
        `${prefix}:{g:g1}:applied:game:g1:game1`,
        `${prefix}:{g:g1}:applied:round:g1:q1`,
        `${prefix}:{g:g1}:b:2024-10`,
        `${prefix}:{g:g1}:b:2024-W42`,
        `${prefix}:{g:g1}:b:all`,
        `${prefix}:{g:g1}:boards`,
        `${prefix}:{g:g1}:s:2024-10`,
        `${prefix}:{g:g1}:s:2024-W42`,
        `${prefix}:{g:g1}:s:all`,
      ].sort(),
    );
    expect(new Set(g1.map(hashTag))).toEqual(new Set(['g:g1']));
    const global = keys.filter((k) => k.includes('{global}'));
    expect(global).toHaveLength(7);
    expect(new Set(global.map(hashTag))).toEqual(new Set(['global']));
    expect(hashTag(keys.find((k) => k.includes('{g:g2}:b:all')) ?? '')).toBe('g:g2');
    expect(await raw.type(`${prefix}:{g:g1}:b:all`)).toBe('zset');
    expect(await raw.zScore(`${prefix}:{g:g1}:b:all`, 'u1')).toBe(10);
    expect(await raw.hGetAll(`${prefix}:{g:g1}:s:all`)).toMatchObject({ 'u1:c': '1', 'u1:a': '1', 'u1:g': '1', 'u2:g': '1' });
    expect(await raw.pTTL(`${prefix}:{g:g1}:applied:round:g1:q1`)).toBeGreaterThan(29 * 86_400_000);
    expect(await raw.hGetAll(`${prefix}:{u:u1}:practice`)).toEqual({ answered: '1', correct: '1' });
    // The settings row is a keyv row under the prefix; the lock taken to write it is gone.
    expect(JSON.parse((await raw.get(`${prefix}:settings:g1`)) ?? 'null')).toMatchObject({ value: { settings: { quizRole: 'r1' } } });
    expect(keys.filter((k) => k.includes('{lock}'))).toEqual([]);
  });

  it("given a reset of one server's all-time board, other servers, the global boards and another bot's keys on the same Redis are untouched", async () => {
    const neighbourPrefix = `${prefix}x`;
    prefixes.push(neighbourPrefix);
    const store = await open();
    const neighbour = await open({}, withPrefix(base, neighbourPrefix));
    const outside = `${uniqueName('outside')}{g:g1}:b:all`;
    try {
      await raw.zAdd(outside, { score: 1, value: 'u1' });
      for (const s of [store, neighbour]) {
        await s.scores.commitRound('g1', 'r1', [answer('u1', 100), answer('u2', 50)]);
        await s.scores.commitRound('g2', 'r1', [answer('u1', 70)]);
      }
      clock.set(Date.UTC(2024, 10, 20));
      await store.scores.commitRound('g1', 'r2', [answer('u2', 30)]);
      const before = await keysMatching(raw, `${prefix}:*`);
      const neighbourBefore = await keysMatching(raw, `${neighbourPrefix}:*`);

      await store.scores.resetGuild('g1', 'all-time');

      const after = await keysMatching(raw, `${prefix}:*`);
      // Only the server's boards went (two months, two weeks, all-time: a sorted set and a hash each, and their set).
      expect(before.filter((k) => !after.includes(k))).toEqual(before.filter((k) => /\{g:g1\}:(b:|s:|boards$)/.test(k)));
      expect(before.filter((k) => /\{g:g1\}:(b:|s:)/.test(k))).toHaveLength(10);
      expect(after.filter((k) => !before.includes(k))).toEqual([]);
      expect(after.filter((k) => k.includes('{g:g1}:applied:'))).toHaveLength(2);
      expect(await keysMatching(raw, `${neighbourPrefix}:*`)).toEqual(neighbourBefore);
      expect(await raw.zScore(outside, 'u1')).toBe(1);
      expect((await neighbour.scores.leaderboard({ guildId: 'g1' }, 'all-time')).total).toBe(2);
      expect((await store.scores.leaderboard({ guildId: 'g1' }, 'all-time')).total).toBe(0);
      expect(await store.scores.stats('u1', { guildId: 'g2' }, 'all-time')).toMatchObject({ points: 70 });
      expect(await store.scores.stats('u2', 'global', 'all-time')).toMatchObject({ points: 80 });
      // The applied keys stay: a round retried after the reset is not counted again.
      expect(await store.scores.commitRound('g1', 'r1', [answer('u1', 100)])).toEqual({ applied: false });
    } finally {
      await raw.unlink(outside);
    }
  });

  it('given a store scanning its rows, the score and practice keys are not among them', async () => {
    const backend = await backendOn();
    const store = openStoreOn(backend, { clock, logger: new RecordingLogger() });
    opened.push(store);
    await store.scores.commitRound('g1', 'q1', [answer('u1', 10)]);
    await store.scores.recordPractice('u1', false);
    await store.settings.update('g1', { quizRole: 'r1' });
    await store.sessions.put('c1', 'g1', { step: 1 });
    const rows: string[] = [];
    for await (const key of backend.kv.keys('')) rows.push(key);
    expect(rows).toEqual(['session:c1', 'sessions:index', 'settings:g1']);
  });

  it('given its connection dropped by the server, the store reconnects and writes work again, and the outage is logged once', async () => {
    const logger = new RecordingLogger();
    const store = await open({ logger });
    await store.settings.update('g1', { quizRole: 'r1' });
    const list = await raw.sendCommand<string>(['CLIENT', 'LIST']);
    const ids = list
      .split('\n')
      .filter((line) => line.includes(` name=bigcity-bot:${prefix} `))
      .map((line) => /\bid=(\d+)/.exec(line)?.[1] ?? '');
    expect(ids).toHaveLength(1);
    await raw.sendCommand(['CLIENT', 'KILL', 'ID', ids[0] ?? '']);
    let saved = false;
    const deadline = Date.now() + 5_000;
    while (!saved && Date.now() < deadline) {
      try {
        await store.settings.update('g1', { language: 'ko' });
        saved = true;
      } catch (error) {
        // While it reconnects, a write fails at once (no offline queue) instead of hanging.
        expect(error).toBeInstanceOf(StoreUnavailableError);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    expect(saved).toBe(true);
    expect(await store.settings.get('g1')).toMatchObject({ quizRole: 'r1', language: 'ko' });
    expect(store.health()).toEqual({ state: 'ok' });
    const warned = logger.at('warn').map((line) => line.msg);
    expect(warned.filter((msg) => msg?.includes('the Redis connection failed'))).toHaveLength(1);
    expect(warned.filter((msg) => msg?.includes('the Redis connection is back'))).toHaveLength(1);
  });

  it('given a Redis user that may not write, opening fails in one line saying so, never the password', async () => {
    const user = uniqueName('readonly');
    await raw.sendCommand(['ACL', 'SETUSER', user, 'on', '>s3cret-pw', '~*', '&*', '+@all', '-@write']);
    try {
      const u = new URL(url);
      u.username = user;
      u.password = 's3cret-pw';
      const failure = openStore(u.toString(), { clock, logger: new RecordingLogger() });
      await expect(failure).rejects.toBeInstanceOf(StoreUnavailableError);
      const message = await failure.catch((error: unknown) => (error instanceof Error ? error.message : ''));
      expect(message).toMatch(/^the Redis server at [^ ]+:\d+ does not take the bot's writes \(.+\): point DATABASE_URL at a primary/);
      expect(message).not.toContain('s3cret-pw');
      expect(message).not.toContain('\n');
    } finally {
      await raw.sendCommand(['ACL', 'DELUSER', user]);
    }
  });

  it('given a server that does not answer, opening fails in one line naming host and port, never the password', async () => {
    const started = Date.now();
    const failure = openStore('redis://:hunter2@127.0.0.1:1', { clock, logger: new RecordingLogger() });
    await expect(failure).rejects.toBeInstanceOf(StoreUnavailableError);
    const message = await failure.catch((error: unknown) => (error instanceof Error ? error.message : ''));
    expect(message).toMatch(/^could not connect to the Redis server at 127\.0\.0\.1:1 \(/);
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('\n');
    expect(Date.now() - started).toBeLessThan(7_000);
  });
});

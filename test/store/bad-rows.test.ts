/**
 * Issue 13: one bad row must not stop the bot. Rows are damaged the way a disk, a hand edit or an
 * older tool would leave them (written raw into the keyv table with sqlite3), then read back through
 * the store: each is skipped with one warning naming its key, its text is kept aside under
 * `quarantine:`, and everything else works.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_GUILD_SETTINGS, openStore, type Store } from '../../src/store/index.js';
import { rawKeys, readRawRow, sql, writeRawRow } from './fault-helpers.js';
import { FakeClock, OCT_15_2024, RecordingLogger, tempDir } from './helpers.js';

const NOT_JSON = '%%% not json';
const GUILD = '100000000000000001';

let tmp: Awaited<ReturnType<typeof tempDir>>;
let clock: FakeClock;
let logger: RecordingLogger;
let file: string;
let store: Store;
const stores: Store[] = [];

const open = async (): Promise<Store> => {
  const opened = await openStore(`sqlite://${file}`, { clock, logger });
  stores.push(opened);
  return opened;
};

/** The warnings about unreadable rows, as (key, message). */
const badRowWarnings = () =>
  logger
    .at('warn')
    .filter((line) => line.msg?.startsWith('store: unreadable '))
    .map((line) => [(line.obj as { key: string }).key, line.msg]);

const quarantined = async (key: string) => {
  const keys = await rawKeys(file, `bigcity:quarantine:${key}~`);
  expect(keys, `a quarantine copy of ${key}`).toHaveLength(1);
  const text = await readRawRow(file, (keys[0] as string).slice('bigcity:'.length));
  return (JSON.parse(text ?? 'null') as { value: { key: string; raw: string; reason: string } }).value;
};

beforeEach(async () => {
  tmp = await tempDir('bad-rows');
  clock = new FakeClock(OCT_15_2024);
  logger = new RecordingLogger();
  file = path.join(tmp.dir, 'bigcity.sqlite');
  store = await open();
});

afterEach(async () => {
  for (const opened of stores.splice(0)) await opened.close();
  await tmp.remove();
});

describe('an unreadable row is skipped, logged once with its key and kept aside', () => {
  it("given a server's settings row that is not JSON, the server gets the defaults with a warning, and the next /config change overwrites it", async () => {
    await store.settings.update('g2', { quizRole: 'r2' });
    await writeRawRow(file, `settings:${GUILD}`, NOT_JSON);
    const fresh = await open();

    expect(await fresh.settings.get(GUILD)).toEqual(DEFAULT_GUILD_SETTINGS);
    expect(await fresh.settings.get(GUILD)).toEqual(DEFAULT_GUILD_SETTINGS);
    expect(badRowWarnings()).toEqual([[`bigcity:settings:${GUILD}`, 'store: unreadable guild settings skipped']]);
    expect((await fresh.settings.get('g2')).quizRole).toBe('r2');
    expect(await quarantined(`settings:${GUILD}`)).toMatchObject({ key: `bigcity:settings:${GUILD}`, raw: NOT_JSON, reason: expect.stringMatching(/^not JSON/) });

    const change = await fresh.settings.update(GUILD, { quizRole: 'r1' });
    expect(change.before).toEqual(DEFAULT_GUILD_SETTINGS);
    clock.advance(60_000);
    expect((await (await open()).settings.get(GUILD)).quizRole).toBe('r1');
  });

  it('given a settings row of the wrong shape, it is treated the same way', async () => {
    await writeRawRow(file, `settings:${GUILD}`, '{"value":["not", "settings"]}');
    expect(await store.settings.get(GUILD)).toEqual(DEFAULT_GUILD_SETTINGS);
    expect(badRowWarnings()).toEqual([[`bigcity:settings:${GUILD}`, 'store: unreadable guild settings skipped']]);
  });

  it('given a sessions index that is not JSON, the sessions are found from their own rows and the index is written back', async () => {
    await store.sessions.put('c1', 'g1', { step: 1 });
    await store.sessions.put('c2', 'g2', { step: 2 });
    await writeRawRow(file, 'sessions:index', NOT_JSON);
    const fresh = await open();

    expect((await fresh.sessions.list()).map((s) => [s.channelId, s.guildId, s.state])).toEqual([
      ['c1', 'g1', { step: 1 }],
      ['c2', 'g2', { step: 2 }],
    ]);
    expect(badRowWarnings()).toEqual([['bigcity:sessions:index', 'store: unreadable session index skipped']]);
    expect(JSON.parse((await readRawRow(file, 'sessions:index')) ?? 'null')).toEqual({ value: { c1: 'g1', c2: 'g2' } });
    expect(await quarantined('sessions:index')).toMatchObject({ raw: NOT_JSON });
    expect(await fresh.sessions.deleteGuild('g2')).toEqual(['c2']);
  });

  it('given one saved session that is not JSON, the others are listed, it reads as absent, and its index entry stays', async () => {
    await store.sessions.put('c1', 'g1', { step: 1 });
    await store.sessions.put('c2', 'g1', { step: 2 });
    await writeRawRow(file, 'session:c1', NOT_JSON);
    const fresh = await open();

    expect((await fresh.sessions.list()).map((s) => s.channelId)).toEqual(['c2']);
    expect(await fresh.sessions.get('c1')).toBeUndefined();
    expect(badRowWarnings()).toEqual([['bigcity:session:c1', 'store: unreadable quiz session skipped']]);
    expect(JSON.parse((await readRawRow(file, 'sessions:index')) ?? 'null')).toEqual({ value: { c1: 'g1', c2: 'g1' } });
    // A new quiz in that channel replaces it (the old text stays aside).
    await fresh.sessions.put('c1', 'g1', { step: 3 });
    expect((await fresh.sessions.get('c1'))?.state).toEqual({ step: 3 });
    expect(await quarantined('session:c1')).toMatchObject({ raw: NOT_JSON });
  });

  it("given a game that is not JSON, getGame reads it as absent (the quiz engine then drops that quiz, saying why)", async () => {
    await store.sessions.putGame('c1', { questions: [1, 2] });
    await writeRawRow(file, 'session:c1:game', NOT_JSON);
    expect(await store.sessions.getGame('c1')).toBeUndefined();
    expect(badRowWarnings()).toEqual([['bigcity:session:c1:game', 'store: unreadable quiz game skipped']]);
  });

  it('given an unreadable answer batch in the middle of the log, the batches after it are still read', async () => {
    for (let seq = 0; seq < 4; seq++) await store.sessions.appendAnswers('c1', seq, { seq });
    await writeRawRow(file, 'session:c1:answers:1', NOT_JSON);
    // The unreadable one keeps its place (null), so whoever appends next knows where the log ends.
    expect(await store.sessions.answers('c1', 0)).toEqual([{ seq: 0 }, null, { seq: 2 }, { seq: 3 }]);
    expect(badRowWarnings()).toEqual([['bigcity:session:c1:answers:1', 'store: unreadable answer batch skipped']]);
  });

  it("given an earlier release's score record that is not JSON, the move into the score tables skips it with one warning and a copy, and brings the rest", async () => {
    await writeRawRow(file, 'rec:guild:g1:all:u1', NOT_JSON);
    await writeRawRow(file, 'rec:guild:g1:all:u2', JSON.stringify({ value: { points: 50, correct: 1, answered: 1, gamesPlayed: 1, bestStreak: 1, lastPlayed: OCT_15_2024, recent: [] } }));
    const fresh = await open();
    expect(await fresh.recover()).toEqual({ records: 1, practice: 0, journals: 0 });

    expect(await fresh.scores.stats('u1', { guildId: 'g1' }, 'all-time')).toBeUndefined();
    expect(await fresh.scores.stats('u2', { guildId: 'g1' }, 'all-time')).toMatchObject({ points: 50, rank: 1, players: 1, gamesPlayed: 1 });
    await fresh.scores.commitRound('g1', 'q2', [{ userId: 'u1', points: 10, correct: true, streak: 1 }]);
    expect(await fresh.scores.stats('u1', { guildId: 'g1' }, 'all-time')).toMatchObject({ points: 10, rank: 2, players: 2 });
    expect(badRowWarnings().map(([key]) => key)).toEqual(['bigcity:rec:guild:g1:all:u1']);
    expect(await quarantined('rec:guild:g1:all:u1')).toMatchObject({ raw: NOT_JSON });
    // The earlier release's rows are gone once moved; the copy stays aside.
    expect(await rawKeys(file, 'bigcity:rec:')).toEqual([]);
  });

  it("given an earlier release's leaderboard index rows, damaged or not, the move drops them unread: the tables rank from the records", async () => {
    const record = (points: number) => JSON.stringify({ value: { points, correct: 1, answered: 1, gamesPlayed: 0, bestStreak: 1, lastPlayed: OCT_15_2024, recent: [] } });
    await writeRawRow(file, 'rec:guild:g1:all:u1', record(300));
    await writeRawRow(file, 'rec:guild:g1:all:u2', record(200));
    await writeRawRow(file, 'rec:guild:g1:all:u3', record(200));
    await writeRawRow(file, 'top:guild:g1:all', NOT_JSON);
    await writeRawRow(file, 'sum:guild:g1:all', '{"value":{"players":"many"}}');
    await writeRawRow(file, 'bkt:guild:g1:all:0', '{"value":[1,2,3]}');
    const fresh = await open();
    await fresh.recover();
    const board = await fresh.scores.leaderboard({ guildId: 'g1' }, 'all-time', { userId: 'u3' });
    expect(board.entries.map((e) => [e.userId, e.points, e.rank])).toEqual([
      ['u1', 300, 1],
      ['u2', 200, 2],
      ['u3', 200, 2],
    ]);
    expect(board.total).toBe(3);
    expect(badRowWarnings()).toEqual([]);
    for (const prefix of ['top:', 'sum:', 'bkt:']) expect(await rawKeys(file, `bigcity:${prefix}`)).toEqual([]);
  });

  it("given an earlier release's commit journal that is not JSON, recover() skips it with one warning and the scores stay", async () => {
    await store.scores.commitRound('g1', 'q1', [{ userId: 'u1', points: 100, correct: true, streak: 1 }]);
    await writeRawRow(file, 'journal:round:g1:q9', NOT_JSON);
    const fresh = await open();
    expect(await fresh.recover()).toEqual({ records: 0, practice: 0, journals: 0 });
    expect(badRowWarnings()).toEqual([['bigcity:journal:round:g1:q9', 'store: unreadable commit journal skipped']]);
    expect((await fresh.scores.stats('u1', 'global', 'all-time'))?.points).toBe(100);
  });

  it("given an earlier release's practice stats and a quiz history that are not JSON, they read as empty and the next write replaces them", async () => {
    await writeRawRow(file, 'practice:u1', NOT_JSON);
    await writeRawRow(file, 'history:guild:g1', NOT_JSON);
    expect(await store.recover()).toEqual({ records: 0, practice: 0, journals: 0 });
    expect(await store.scores.practiceStats('u1')).toEqual({ answered: 0, correct: 0 });
    expect(await store.scores.recordPractice('u1', true)).toEqual({ answered: 1, correct: 1 });
    expect(await store.history.get({ guildId: 'g1' })).toEqual(new Map());
    await store.history.record({ guildId: 'g1' }, ['role:a'], 5);
    expect([...(await store.history.get({ guildId: 'g1' }))]).toEqual([['role:a', 5]]);
    expect(badRowWarnings().map(([, msg]) => msg)).toEqual(['store: unreadable practice stats skipped', 'store: unreadable quiz history skipped']);
  });

  it('given a row whose envelope carries an expiry in the past, reading it does not delete it', async () => {
    await writeRawRow(file, 'practice:u1', '{"value":{"answered":3,"correct":2},"expires":1}');
    await writeRawRow(file, 'history:guild:g1', '{"value":{"role:a":5},"expires":1}');
    expect([...(await store.history.get({ guildId: 'g1' }))]).toEqual([['role:a', 5]]);
    expect(await readRawRow(file, 'history:guild:g1')).toBeDefined();
    // An earlier release's practice row with such an envelope still moves into the tables.
    expect(await store.recover()).toEqual({ records: 0, practice: 1, journals: 0 });
    expect(await store.scores.practiceStats('u1')).toEqual({ answered: 3, correct: 2 });
  });

  it('given bad rows of every kind at once, the store opens, recovers and lists sessions: nothing stops the start', async () => {
    await store.sessions.put('c1', 'g1', { step: 1 });
    await store.sessions.put('c2', 'g1', { step: 2 });
    for (const key of ['sessions:index', 'session:c2', 'session:c1:game', `settings:${GUILD}`, 'journal:round:g1:q1', 'top:global:all']) {
      await writeRawRow(file, key, NOT_JSON);
    }
    const fresh = await open();
    await fresh.recover();
    expect((await fresh.sessions.list()).map((s) => s.channelId)).toEqual(['c1']);
    expect(await fresh.sessions.getGame('c1')).toBeUndefined();
    expect(await fresh.settings.get(GUILD)).toEqual(DEFAULT_GUILD_SETTINGS);
    expect((await fresh.scores.leaderboard('global', 'all-time')).entries).toEqual([]);
    // The earlier release's index row is dropped unread; the others are warned about and kept aside.
    expect(new Set(badRowWarnings().map(([key]) => key))).toEqual(
      new Set(['bigcity:sessions:index', 'bigcity:session:c2', 'bigcity:session:c1:game', `bigcity:settings:${GUILD}`, 'bigcity:journal:round:g1:q1']),
    );
    // Each warned about once, however often it was read.
    expect(badRowWarnings().length).toBe(5);
    expect(await sql(file, "SELECT key FROM keyv WHERE key LIKE 'bigcity:quarantine:%'")).toHaveLength(5);
  });
});

/**
 * `npm run store:check` (scripts/store-check.ts): lists the rows the bot cannot read, exits 1 when
 * there is any, and with --repair sets them aside (rebuilding the indexes they belonged to) and exits 0.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runStoreCheck } from '../../scripts/store-check.js';
import { openStore, type Store } from '../../src/store/index.js';
import { rawKeys, readRawRow, writeRawRow } from './fault-helpers.js';
import { FakeClock, OCT_15_2024, RecordingLogger, tempDir } from './helpers.js';

const NOT_JSON = '%%% not json';

let tmp: Awaited<ReturnType<typeof tempDir>>;
let file: string;
let url: string;
const stores: Store[] = [];

const open = async (): Promise<Store> => {
  const store = await openStore(url, { clock: new FakeClock(OCT_15_2024), logger: new RecordingLogger() });
  stores.push(store);
  return store;
};

async function check(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runStoreCheck(argv, { DATABASE_URL: url }, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

/** A store with good data, then three rows damaged as the issue found them. */
async function damaged(): Promise<void> {
  const store = await open();
  await store.scores.commitRound('g1', 'q1', [
    { userId: 'u1', points: 100, correct: true, streak: 1 },
    { userId: 'u2', points: 40, correct: true, streak: 1 },
  ]);
  await store.settings.update('g1', { quizRole: 'r1' });
  await store.sessions.put('c1', 'g1', { step: 1 });
  await store.close();
  await writeRawRow(file, 'settings:g2', NOT_JSON);
  await writeRawRow(file, 'sessions:index', NOT_JSON);
  // Left by an earlier release (which kept scores as rows and journals of commits under way).
  await writeRawRow(file, 'journal:round:g1:q9', '{"value":"x"}');
}

beforeEach(async () => {
  tmp = await tempDir('store-check');
  file = path.join(tmp.dir, 'bigcity.sqlite');
  url = `sqlite://${file}`;
});

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  await tmp.remove();
});

describe('npm run store:check', () => {
  it('given a healthy store, it says every row is readable and exits 0', async () => {
    const store = await open();
    await store.settings.update('g1', { quizRole: 'r1' });
    await store.close();
    const result = await check();
    expect(result).toEqual({ code: 0, out: ['The one row is readable.'], err: [] });
  });

  it('given unreadable rows, it lists each with its key, kind and reason, exits 1, and changes nothing', async () => {
    await damaged();
    const result = await check();
    expect(result.code).toBe(1);
    expect(result.out).toEqual([
      'bigcity:journal:round:g1:q9  commit journal: not a commit journal',
      expect.stringMatching(/^bigcity:sessions:index {2}session index: not JSON \(/),
      'bigcity:settings:g2  guild settings: not JSON (Unexpected token \'%\', "%%% not json" is not valid JSON)',
      expect.stringMatching(/^3 of \d+ rows cannot be read\. Run npm run store:check -- --repair to set them aside\.$/),
    ]);
    expect(await readRawRow(file, 'settings:g2')).toBe(NOT_JSON);
    expect(await rawKeys(file, 'bigcity:quarantine:')).toEqual([]);
  });

  it('given --json, it prints one JSON object per unreadable row and a summary', async () => {
    await damaged();
    const result = await check('--json');
    expect(result.code).toBe(1);
    const lines = result.out.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.slice(0, 3).map((l) => [l['key'], l['kind']])).toEqual([
      ['bigcity:journal:round:g1:q9', 'commit journal'],
      ['bigcity:sessions:index', 'session index'],
      ['bigcity:settings:g2', 'guild settings'],
    ]);
    expect(lines[3]).toEqual({ summary: { rows: expect.any(Number), unreadable: 3, repaired: 0, quarantined: 0 } });
  });

  it('given --repair, each row is set aside, the indexes are rebuilt, it exits 0, and the next check is clean', async () => {
    await damaged();
    const repaired = await check('--repair');
    expect(repaired.err).toEqual([]);
    expect(repaired.code).toBe(0);
    expect(repaired.out[1]).toMatch(/^bigcity:sessions:index {2}session index: not JSON .*→ set aside as bigcity:quarantine:sessions:index~\S+$/);
    expect(repaired.out.at(-1)).toBe(
      '3 unreadable rows set aside; the indexes they belonged to were rebuilt. 3 copies of unreadable rows are kept under bigcity:quarantine: (delete them once no longer needed).',
    );
    expect(await readRawRow(file, 'settings:g2')).toBeUndefined();
    const copies = await rawKeys(file, 'bigcity:quarantine:');
    expect(copies).toHaveLength(3);
    const copy = JSON.parse((await readRawRow(file, (copies.find((k) => k.includes('settings:g2')) ?? '').slice('bigcity:'.length))) ?? 'null') as {
      value: Record<string, unknown>;
    };
    expect(copy.value).toMatchObject({ key: 'bigcity:settings:g2', raw: NOT_JSON });

    const again = await check();
    expect(again.code).toBe(0);
    expect(again.out).toEqual([expect.stringMatching(/^All \d+ rows are readable\. 3 copies of unreadable rows are kept under bigcity:quarantine:/)]);

    // Nothing readable was lost; the rebuilt session index is right.
    const store = await open();
    expect((await store.sessions.list()).map((s) => s.channelId)).toEqual(['c1']);
    expect((await store.scores.leaderboard({ guildId: 'g1' }, 'all-time')).entries.map((e) => [e.userId, e.points])).toEqual([
      ['u1', 100],
      ['u2', 40],
    ]);
    expect((await store.settings.get('g1')).quizRole).toBe('r1');
  });

  it("given an earlier release's damaged score record, --repair sets it aside and the next start moves the rest into the score tables", async () => {
    await (await open()).close();
    await writeRawRow(file, 'rec:guild:g1:all:u2', NOT_JSON);
    await writeRawRow(file, 'rec:guild:g1:all:u3', JSON.stringify({ value: { points: 7, correct: 1, answered: 1, gamesPlayed: 0, bestStreak: 1, lastPlayed: 1, recent: [] } }));
    const result = await check('--repair');
    expect(result.code).toBe(0);
    expect(result.out[0]).toMatch(/^bigcity:rec:guild:g1:all:u2 {2}score record: not JSON/);
    const store = await open();
    expect(await store.recover()).toEqual({ records: 1, practice: 0, journals: 0 });
    const board = await store.scores.leaderboard({ guildId: 'g1' }, 'all-time');
    expect(board.entries.map((e) => [e.userId, e.points])).toEqual([['u3', 7]]);
    expect(board.total).toBe(1);
  });

  it('given a bad option or DATABASE_URL, it exits non-zero with one line', async () => {
    expect(await check('--fix')).toEqual({ code: 2, out: [], err: ['store:check: unknown option --fix; usage: npm run store:check [-- --repair] [--json]'] });
    url = 'sqlite:data.sqlite';
    const bad = await check();
    expect(bad.code).toBe(1);
    expect(bad.err).toEqual(['Configuration error: DATABASE_URL "sqlite:" needs "//" after it: did you mean sqlite://data.sqlite?']);
  });
});

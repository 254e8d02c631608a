import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  openStore,
  StoreConfigError,
  type OpenStoreOptions,
  type Store,
} from '../../src/store/index.js';
import type { Backend } from '../../src/store/kv.js';
import { openStoreOn } from '../../src/store/open.js';
import { openSqliteBackend } from '../../src/store/sqlite.js';
import { contractStoreOptions, runStoreContract, urlContractBackend, type ContractStoreOptions } from './contract.js';
import { FakeClock, OCT_15_2024, RecordingLogger, tempDir } from './helpers.js';

/** A SQLite backend opened as `openStore` opens it, so the contract can also reach its key-value store. */
function openBackend(location: string, options: ContractStoreOptions): Promise<Backend> {
  return openSqliteBackend(location, { logger: options.logger, clock: options.clock, busyTimeoutMs: 5_000 });
}

/** The contract's database files, one per handle, in one directory for this test file. */
const contractDir = mkdtempSync(path.join(tmpdir(), 'bigcity-contract-'));
afterAll(() => rmSync(contractDir, { recursive: true, force: true }));

runStoreContract(
  'sqlite file',
  urlContractBackend(
    (name) => `sqlite://${path.join(contractDir, `${name}.sqlite`)}`,
    async (name) => {
      for (const suffix of ['', '-wal', '-shm']) rmSync(path.join(contractDir, `${name}.sqlite${suffix}`), { force: true });
    },
  ),
);

runStoreContract('sqlite://:memory:', {
  persistent: false,
  async open(options) {
    const backend = await openBackend(':memory:', options);
    const store = openStoreOn(backend, contractStoreOptions(options));
    return { store, kv: backend.kv, dispose: () => store.close() };
  },
});

/** Runs one statement on the database file through a separate sqlite3 connection. */
async function sql<T>(file: string, statement: string, ...params: unknown[]): Promise<T[]> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened = new sqlite3.Database(file, (err) => (err === null ? resolve(opened) : reject(err)));
  });
  try {
    return await new Promise<T[]>((resolve, reject) => {
      db.all(statement, params, (err: Error | null, rows: T[]) => (err === null ? resolve(rows) : reject(err)));
    });
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
}

describe('sqlite backend', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let clock: FakeClock;
  let logger: RecordingLogger;
  const stores: Store[] = [];
  const open = async (url: string, extra: Partial<OpenStoreOptions> = {}): Promise<Store> => {
    const store = await openStore(url, { clock, logger, ...extra });
    stores.push(store);
    return store;
  };

  beforeEach(async () => {
    tmp = await tempDir('sqlite');
    clock = new FakeClock(OCT_15_2024);
    logger = new RecordingLogger();
  });

  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    await tmp.remove();
  });

  it('given a database file, it is switched to WAL journaling', async () => {
    const file = path.join(tmp.dir, 'wal.sqlite');
    const store = await open(`sqlite://${file}`);
    expect(store.backend).toBe('sqlite');
    const mode = await sql<{ journal_mode: string }>(file, 'PRAGMA journal_mode');
    expect(mode[0]?.journal_mode).toBe('wal');
  });

  it('given a path whose directories do not exist, they are created', async () => {
    const file = path.join(tmp.dir, 'a', 'b', 'c', 'bigcity.sqlite');
    const store = await open(`sqlite://${file}`);
    await store.scores.commitRound('g1', 'q1', [{ userId: 'u1', points: 5, correct: true, streak: 1 }]);
    expect(existsSync(file)).toBe(true);
  });

  it('given a relative path, it is resolved against the working directory', async () => {
    const relative = path.relative(process.cwd(), path.join(tmp.dir, 'rel', 'x.sqlite'));
    await open(`sqlite://${relative}`);
    expect(existsSync(path.join(tmp.dir, 'rel', 'x.sqlite'))).toBe(true);
  });

  it('given a path that is not a database, opening fails with StoreConfigError', async () => {
    const notDb = path.join(tmp.dir, 'text.sqlite');
    await writeFile(notDb, 'this is not a database, just a long enough line of text to be read as a header '.repeat(20));
    await expect(open(`sqlite://${notDb}`)).rejects.toBeInstanceOf(StoreConfigError);
    const blocked = path.join(tmp.dir, 'file-in-the-way');
    await writeFile(blocked, 'x');
    await expect(open(`sqlite://${path.join(blocked, 'db.sqlite')}`)).rejects.toBeInstanceOf(StoreConfigError);
  });

  it('given two stores on one file updating at once (two processes), no update is lost', async () => {
    const url = `sqlite://${path.join(tmp.dir, 'shared.sqlite')}`;
    const first = await open(url);
    const second = await open(url);
    const expected: Record<string, number> = {};
    const commits = Array.from({ length: 600 }, (_, i) => {
      const store = i % 2 === 0 ? first : second;
      const results = [
        { userId: 'everyone', points: 1 + (i % 5), correct: true, streak: 1 },
        { userId: `p${i % 23}`, points: i % 9, correct: i % 9 > 0, streak: 0 },
      ];
      for (const r of results) expected[r.userId] = (expected[r.userId] ?? 0) + r.points;
      return store.scores.commitRound(i % 3 === 0 ? 'g1' : 'g2', `two:${i}`, results);
    });
    await Promise.all(commits);
    for (const reader of [first, second]) {
      const board = await reader.scores.leaderboard('global', 'all-time', { limit: 50 });
      expect(board.total).toBe(Object.keys(expected).length);
      expect(Object.fromEntries(board.entries.map((e) => [e.userId, e.points]))).toEqual(expected);
      expect(await reader.scores.stats('everyone', 'global', 'month')).toMatchObject({
        points: expected['everyone'],
        answered: 600,
      });
    }
  });

  it('given two stores on one file, concurrent settings updates and session puts are all kept', async () => {
    const url = `sqlite://${path.join(tmp.dir, 'shared.sqlite')}`;
    const first = await open(url);
    const second = await open(url);
    await Promise.all([
      first.settings.update('g1', { maxSpoilers: { film: true, series: 0, novel: 0 } }),
      second.settings.update('g1', { quizRole: 'r1' }),
      first.settings.update('g1', { defaults: { rounds: 3 } }),
      second.settings.update('g1', { defaults: { seconds: 15 } }),
      ...Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? first : second).sessions.put(`c${i}`, 'g1', { i })),
    ]);
    const third = await open(url);
    expect(await third.settings.get('g1')).toMatchObject({
      maxSpoilers: { film: true, series: 0, novel: 0 },
      quizRole: 'r1',
      defaults: { rounds: 3, seconds: 15 },
    });
    expect((await third.sessions.list()).length).toBe(20);
  });

});

/**
 * SQLite connections with their statements kept prepared (src/store/sqlite-sql.ts): the same
 * answers as statements prepared for each use, nothing left open that holds other connections
 * back, and a clean close.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEPT_STATEMENTS, openSqliteConnection, type PreparedRunner } from '../../src/store/sqlite-sql.js';

const open: PreparedRunner[] = [];
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close().catch(() => undefined)));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function connect(file = ':memory:'): Promise<PreparedRunner> {
  const c = await openSqliteConnection(file, { busyTimeoutMs: 1_000 });
  open.push(c);
  return c;
}

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bigcity-sqlite-sql-'));
  dirs.push(dir);
  return join(dir, 'db.sqlite');
}

describe('a connection with its statements kept prepared', () => {
  it('given one statement run many times with different values, each run binds its own values and reports its own changes', async () => {
    const c = await connect();
    await c.run('CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT)');
    const upsert = 'INSERT INTO kv (k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v';
    for (let i = 0; i < 20; i++) expect(await c.run(upsert, [`k${i % 5}`, `v${i}`])).toBe(1);
    const rows = await Promise.all(Array.from({ length: 5 }, (_, i) => c.all<{ v: string }>('SELECT v FROM kv WHERE k = ?', [`k${i}`])));
    expect(rows.map((r) => r[0]?.v)).toEqual(['v15', 'v16', 'v17', 'v18', 'v19']);
    expect(await c.run('DELETE FROM kv WHERE k = ?', ['absent'])).toBe(0);
  });

  it('given a statement that cannot be prepared, the call fails at once (it does not hang), and the same text works once it can be', async () => {
    const c = await connect();
    const select = 'SELECT v FROM later WHERE k = ?';
    await expect(c.all(select, ['a'])).rejects.toThrow(/no such table: later/);
    await expect(c.run('INSERT INTO later VALUES (?, ?)', ['a', 'b'])).rejects.toThrow(/no such table/);
    await c.run('CREATE TABLE later (k TEXT, v TEXT)');
    await c.run('INSERT INTO later VALUES (?, ?)', ['a', 'b']);
    expect(await c.all(select, ['a'])).toEqual([{ v: 'b' }]);
  });

  it('given a statement that fails when it runs, it keeps working for the next values', async () => {
    const c = await connect();
    await c.run('CREATE TABLE u (k TEXT PRIMARY KEY)');
    const insert = 'INSERT INTO u (k) VALUES (?)';
    await c.run(insert, ['a']);
    await expect(c.run(insert, ['a'])).rejects.toThrow(/UNIQUE constraint failed/);
    expect(await c.run(insert, ['b'])).toBe(1);
    expect(await c.all('SELECT k FROM u ORDER BY k')).toEqual([{ k: 'a' }, { k: 'b' }]);
  });

  it(`given more than ${KEPT_STATEMENTS} different statements, every one runs and the connection still closes`, async () => {
    const c = await connect();
    const count = KEPT_STATEMENTS + 10;
    const values = await Promise.all(Array.from({ length: count }, (_, i) => c.all<{ n: number }>(`SELECT ? + ${i} AS n`, [1])));
    expect(values.map((r) => r[0]?.n)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    await expect(c.close()).resolves.toBeUndefined();
  });

  it('given a read kept prepared, a write after it is at once visible to another connection, and a checkpoint is not held back', async () => {
    const file = tempFile();
    const a = await connect(file);
    await a.all('PRAGMA journal_mode=WAL');
    await a.run('CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT)');
    const b = await connect(file);
    // A kept statement that has read its rows must not keep a read transaction (or an uncommitted write) open.
    expect(await a.all('SELECT v FROM kv WHERE k = ?', ['x'])).toEqual([]);
    await a.run('INSERT INTO kv (k, v) VALUES (?, ?)', ['x', 'saved']);
    expect(await b.all('SELECT v FROM kv WHERE k = ?', ['x'])).toEqual([{ v: 'saved' }]);
    expect(await a.all('SELECT v FROM kv WHERE k = ?', ['x'])).toEqual([{ v: 'saved' }]);
    const [checkpoint] = await b.all<{ busy: number }>('PRAGMA wal_checkpoint(TRUNCATE)');
    expect(checkpoint?.busy).toBe(0);
  });

  it('given a closed connection, a call is refused with an error naming it, and closing again is harmless', async () => {
    const c = await connect();
    await c.all('SELECT 1');
    await c.close();
    await expect(c.all('SELECT 1')).rejects.toThrow('the SQLite connection is closed');
    await expect(c.run('SELECT 1')).rejects.toThrow('the SQLite connection is closed');
    await expect(c.close()).resolves.toBeUndefined();
  });
});

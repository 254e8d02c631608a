import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sqlite3 from 'sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LockLostError, openStore, type CommitStep, type Store } from '../../src/store/index.js';
import { openSqliteBackend } from '../../src/store/sqlite.js';
import type { Backend } from '../../src/store/kv.js';
import { FakeClock, OCT_15_2024, RecordingLogger, tempDir } from './helpers.js';

const PEER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fencing-peer.ts');
const LEASE_MS = 200;
/** The other process's clock is this far ahead, so every lease the stalled one holds looks expired to it. */
const AHEAD_MS = 60_000;

function sql(file: string, statement: string, ...params: unknown[]): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (openError) => {
      if (openError) return reject(openError);
      db.all(statement, params, (error, rows) => {
        db.close();
        if (error) reject(error);
        else resolve(rows);
      });
    });
  });
}

/** A promise the test resolves by hand: holds a critical section open without any timer. */
function gate(): { readonly wait: Promise<void>; open(): void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait, open };
}

describe('sqlite lock fencing', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  const closers: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    tmp = await tempDir('fencing');
  });

  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    await tmp.remove();
  });

  it('given a commit stalled past its lease while another process takes its board over, the stalled write fails with LockLostError and recover() leaves exact totals', async () => {
    const file = path.join(tmp.dir, 'stall.sqlite');
    const clock = new FakeClock(OCT_15_2024);
    let armed = false;
    let peerOutcome: unknown;
    // Stands for a GC pause: this process's event loop is blocked (synchronously) right after A wrote its
    // records on global:all and before it writes that board's index, from a summary it read before the
    // stall. Meanwhile the other process, whose clock is ahead, overtakes the lease and commits.
    const stall = (step: CommitStep, detail: { readonly board?: string }): void => {
      if (!armed || step !== 'records-written' || detail.board !== 'global:all') return;
      armed = false;
      const out = execFileSync(
        process.execPath,
        ['--import', 'tsx', PEER, file, String(OCT_15_2024 + AHEAD_MS), 'gB', 'q1', 'ub', '5', String(OCT_15_2024)],
        { encoding: 'utf8' },
      );
      peerOutcome = JSON.parse(out) as unknown;
    };
    const a: Store = await openStore(`sqlite://${file}`, {
      clock,
      logger: new RecordingLogger(),
      lockLeaseMs: LEASE_MS,
      crashHook: stall,
    });
    closers.push(() => a.close());
    expect(await a.scores.commitRound('gA', 'q0', [{ userId: 'ua', points: 10, correct: true, streak: 1 }])).toEqual({
      applied: true,
    });

    armed = true;
    await expect(
      a.scores.commitRound('gA', 'q1', [{ userId: 'ua', points: 7, correct: true, streak: 2 }]),
    ).rejects.toBeInstanceOf(LockLostError);
    expect(peerOutcome).toEqual({ applied: true });
    // The failed commit's journal survives, for recover() to finish it.
    expect(await sql(file, "SELECT key FROM keyv WHERE key LIKE 'bigcity:journal:%'")).toEqual([
      { key: 'bigcity:journal:round:gA:q1' },
    ]);
    expect(await a.scores.stats('ub', 'global', 'all-time')).toMatchObject({ points: 5 });

    expect(await a.recover()).toMatchObject({ journals: 1 });
    for (const period of ['all-time', 'month'] as const) {
      expect(await a.scores.leaderboard('global', period)).toEqual({
        total: 2,
        entries: [
          { rank: 1, userId: 'ua', points: 17, correct: 2, answered: 2 },
          { rank: 2, userId: 'ub', points: 5, correct: 1, answered: 1 },
        ],
      });
      expect(await a.scores.stats('ua', { guildId: 'gA' }, period)).toMatchObject({ points: 17, rank: 1, players: 1 });
      expect(await a.scores.stats('ub', { guildId: 'gB' }, period)).toMatchObject({ points: 5, rank: 1, players: 1 });
      expect(await a.scores.stats('ub', 'global', period)).toMatchObject({ points: 5, rank: 2, players: 2 });
    }
    expect(await a.recover()).toMatchObject({ journals: 0 });
    expect(await sql(file, 'SELECT * FROM bigcity_locks')).toEqual([]);
  });

  describe('backend writes', () => {
    const file = (): string => path.join(tmp.dir, 'backend.sqlite');
    async function open(clock: FakeClock): Promise<Backend> {
      const backend = await openSqliteBackend(file(), {
        logger: new RecordingLogger(),
        clock,
        busyTimeoutMs: 5_000,
        lockLeaseMs: LEASE_MS,
        lockTimeoutMs: 5_000,
      });
      closers.push(() => backend.close());
      return backend;
    }

    it('given a holder whose lease was taken over, its set, setMany, delete and deleteMany fail with LockLostError and change nothing', async () => {
      const a = await open(new FakeClock(OCT_15_2024));
      const b = await open(new FakeClock(OCT_15_2024 + AHEAD_MS));
      await a.kv.setMany([
        { key: 'counter', value: 1 },
        { key: 'other', value: 'kept' },
      ]);
      const stalled = gate();
      const taken = gate();
      const holder = a.locker.withLock('board:x', async () => {
        const read = (await a.kv.get<number>('counter')) ?? 0;
        taken.open();
        await stalled.wait;
        const outcomes = await Promise.allSettled([
          a.kv.set('counter', read + 1),
          a.kv.setMany([{ key: 'counter', value: read + 1 }]),
          a.kv.delete('other'),
          a.kv.deleteMany(['other', 'counter']),
        ]);
        return outcomes.map((o) => (o.status === 'rejected' ? o.reason : o.value) as unknown);
      });
      await taken.wait;
      await b.locker.withLock('board:x', async () => {
        const read = (await b.kv.get<number>('counter')) ?? 0;
        await b.kv.set('counter', read + 100);
      });
      stalled.open();

      const outcomes = await holder;
      expect(outcomes).toHaveLength(4);
      for (const outcome of outcomes) {
        expect(outcome).toBeInstanceOf(LockLostError);
        expect((outcome as LockLostError).lockName).toBe('board:x');
      }
      expect(await a.kv.get('counter')).toBe(101);
      expect(await a.kv.get('other')).toBe('kept');
    });

    it('given nested locks where only the outer one was taken over, writes are fenced by the innermost lock held', async () => {
      const a = await open(new FakeClock(OCT_15_2024));
      const b = await open(new FakeClock(OCT_15_2024 + AHEAD_MS));
      const stalled = gate();
      const taken = gate();
      const holder = a.locker.withLock('outer', async () => {
        await a.locker.withLock('inner', async () => {
          taken.open();
          await stalled.wait;
          await a.kv.set('inner-key', 'written under inner');
          // A delete of a missing key while the lock is still held is a no-op, not a lost lock.
          await a.kv.delete('never-written');
        });
        await expect(a.kv.set('outer-key', 'written under outer')).rejects.toBeInstanceOf(LockLostError);
      });
      await taken.wait;
      await b.locker.withLock('outer', async () => {
        await b.kv.set('outer-key', 'from b');
      });
      stalled.open();
      await holder;

      expect(await a.kv.get('inner-key')).toBe('written under inner');
      expect(await a.kv.get('outer-key')).toBe('from b');
    });

    it('given writes outside any lock, they are not fenced', async () => {
      const a = await open(new FakeClock(OCT_15_2024));
      await a.kv.set('free', 1);
      await a.kv.setMany([{ key: 'free', value: 2 }]);
      expect(await a.kv.get('free')).toBe(2);
      await a.kv.delete('free');
      expect(await a.kv.get('free')).toBeUndefined();
    });
  });
});

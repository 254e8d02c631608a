import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LockLostError } from '../../src/store/index.js';
import { openSqliteBackend } from '../../src/store/sqlite.js';
import type { Backend } from '../../src/store/kv.js';
import { FakeClock, gate, OCT_15_2024, RecordingLogger, tempDir } from './helpers.js';

const LEASE_MS = 200;
/** The other process's clock is this far ahead, so every lease the stalled one holds looks expired to it. */
const AHEAD_MS = 60_000;



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

/**
 * Issue 13, the store's half: a database that cannot be written at start, one that stops taking
 * writes while the bot runs, and one deleted or replaced under it. Each test checks what the caller
 * gets (the error the quiz engine and the commands see), what is logged, the health state and the
 * onUnusable call the entry point turns into a non-zero exit, and that nothing acknowledged is lost.
 */
import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  openStore,
  StoreUnavailableError,
  type OpenStoreOptions,
  type Store,
  type UnusableProblem,
} from '../../src/store/index.js';
import { holdExclusiveLock, makeReadOnly, sql, type ReadOnly } from './fault-helpers.js';
import { FakeClock, OCT_15_2024, RecordingLogger, tempDir } from './helpers.js';

const ROUND = [{ userId: 'u1', points: 120, correct: true, streak: 1 }] as const;

let tmp: Awaited<ReturnType<typeof tempDir>>;
let clock: FakeClock;
let logger: RecordingLogger;
let file: string;
const stores: Store[] = [];
const undo: (() => void)[] = [];

const open = async (extra: Partial<OpenStoreOptions> = {}, at = file): Promise<Store> => {
  const store = await openStore(`sqlite://${at}`, { clock, logger, healthCheckIntervalMs: 20, ...extra });
  stores.push(store);
  return store;
};

/** Makes the files read-only; undone in afterEach. Returns undefined (and the test skips) where the platform cannot. */
const readOnly = (paths: readonly string[]): Extract<ReadOnly, { how: string }> | undefined => {
  const made = makeReadOnly(paths);
  if ('skip' in made) return undefined;
  undo.push(() => made.undo());
  return made;
};

const unusableCalls = (store: Store): UnusableProblem[] => {
  const calls: UnusableProblem[] = [];
  store.onUnusable((problem) => calls.push(problem));
  return calls;
};

const failedWriteLogs = () => logger.at('error').filter((line) => line.msg === 'store: a write failed; its caller is told it was not saved');

beforeEach(async () => {
  tmp = await tempDir('faults');
  clock = new FakeClock(OCT_15_2024);
  logger = new RecordingLogger();
  file = path.join(tmp.dir, 'bigcity.sqlite');
});

afterEach(async () => {
  for (const restore of undo.splice(0)) restore();
  for (const store of stores.splice(0)) await store.close();
  await tmp.remove();
});

describe('a database that cannot be written at start', () => {
  it('given a read-only database file already in WAL mode, openStore refuses with one line naming the file and the fix, and the data stays', async (ctx) => {
    const first = await open();
    await first.scores.commitRound('g1', 'q1', ROUND);
    await first.close();
    expect((await sql<{ journal_mode: string }>(file, 'PRAGMA journal_mode'))[0]?.journal_mode).toBe('wal');
    const made = readOnly([file, `${file}-wal`, `${file}-shm`]);
    if (made === undefined) return ctx.skip(String((makeReadOnly([file]) as { skip?: string }).skip));

    const error = await open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    const message = (error as Error).message;
    expect(message).toMatch(new RegExp(`^the database ${escape(file)} is read-only \\(`));
    expect(message).toContain('writable by the user running the bot');
    expect(message).not.toContain('\n');

    for (const restore of undo.splice(0)) restore();
    const again = await open();
    expect((await again.scores.stats('u1', 'global', 'all-time'))?.points).toBe(120);
  });

  it('given a new database in a directory that cannot be written, openStore refuses saying the file cannot be opened', async (ctx) => {
    const made = readOnly([tmp.dir]);
    if (made === undefined) return ctx.skip('this platform cannot make a directory read-only');
    const error = await open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toMatch(new RegExp(`^the database ${escape(file)} (cannot be opened|is read-only) \\(SQLITE_`));
  });

  it('given a database another program holds locked, openStore fails within the busy timeout saying so', async () => {
    (await open()).close();
    const lock = await holdExclusiveLock(file);
    try {
      const started = Date.now();
      const error = await open({ busyTimeoutMs: 100 }).catch((e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as Error).message).toMatch(/is locked by another program \(SQLITE_BUSY/);
    } finally {
      await lock.release();
    }
  });
});

describe('a database that stops taking writes while the bot runs', () => {
  it('given writes refused (the file locked by another program), each caller gets StoreUnavailableError naming the key, the cause is logged once, and a later write clears it', async () => {
    const store = await open({ busyTimeoutMs: 20 });
    await store.sessions.put('c1', 'g1', { step: 1 });
    expect(store.health()).toEqual({ state: 'ok' });
    const lock = await holdExclusiveLock(file);
    const errors: unknown[] = [];
    try {
      for (let i = 0; i < 5; i++) errors.push(await store.sessions.put('c1', 'g1', { step: 2 + i }).catch((e: unknown) => e));
      errors.push(await store.sessions.appendAnswers('c1', 0, [['u1', 2]]).catch((e: unknown) => e));
    } finally {
      await lock.release();
    }
    for (const error of errors) {
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as Error).cause).toMatchObject({ code: 'SQLITE_BUSY' });
    }
    expect((errors[0] as Error).message).toMatch(/^could not write bigcity:session:c1: SQLITE_BUSY/);
    expect((errors[5] as Error).message).toMatch(/^could not write bigcity:session:c1:answers:0: SQLITE_BUSY/);
    expect(failedWriteLogs()).toHaveLength(1);
    expect(failedWriteLogs()[0]?.obj).toMatchObject({ key: 'bigcity:session:c1', cause: expect.stringMatching(/^SQLITE_BUSY/) });
    expect(store.health()).toEqual({ state: 'failing', since: OCT_15_2024, cause: expect.stringMatching(/^SQLITE_BUSY/) });

    await store.sessions.put('c1', 'g1', { step: 9 });
    expect(store.health()).toEqual({ state: 'ok' });
    expect(logger.at('warn').map((line) => line.msg)).toContain('store: writes work again');
    expect((await store.sessions.get('c1'))?.state).toEqual({ step: 9 });
  });

  it('given writes failing for longer than unusableAfterMs, onUnusable is called once with a line naming the file, and later writes are refused at once', async () => {
    const store = await open({ busyTimeoutMs: 20, unusableAfterMs: 30_000 });
    await store.scores.commitRound('g1', 'q1', ROUND);
    await store.sessions.put('c1', 'g1', { step: 1 });
    const calls = unusableCalls(store);
    const lock = await holdExclusiveLock(file);
    try {
      await expect(store.sessions.put('c1', 'g1', {})).rejects.toBeInstanceOf(StoreUnavailableError);
      clock.advance(29_000);
      await expect(store.sessions.put('c1', 'g1', {})).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(calls).toEqual([]);
      clock.advance(1_000);
      // No caller writes now: the periodic probe notices the window has passed.
      await vi.waitFor(() => expect(calls).toHaveLength(1), { timeout: 5_000 });
    } finally {
      await lock.release();
    }
    expect(calls[0]?.cause).toMatch(/^SQLITE_BUSY/);
    expect(calls[0]?.message).toMatch(new RegExp(`^the database ${escape(file)} is locked by another program: writes have failed for 30 s \\(SQLITE_BUSY`));
    expect(calls[0]?.message).not.toContain('\n');
    expect(store.health()).toEqual({ state: 'unusable', cause: expect.stringMatching(/^SQLITE_BUSY/) });
    const refused = await store.sessions.put('c1', 'g1', {}).catch((e: unknown) => e);
    expect((refused as Error).message).toMatch(/^bigcity:session:c1 was not written: the store is unusable/);
    const late: UnusableProblem[] = [];
    store.onUnusable((problem) => late.push(problem));
    await Promise.resolve();
    expect(late).toEqual(calls);
    expect(calls).toHaveLength(1);
    expect(logger.at('error').filter((line) => line.msg?.startsWith('store unusable: '))).toHaveLength(1);
    // What was acknowledged before is all there.
    await store.close();
    expect((await (await open()).scores.stats('u1', 'global', 'all-time'))?.points).toBe(120);
  });

  it('given the database files made read-only mid-run, reads and writes are refused before SQLite touches them (no SIGBUS), logged once, and the store becomes unusable after the window', async (ctx) => {
    const store = await open({ unusableAfterMs: 30_000 });
    await store.scores.commitRound('g1', 'q1', ROUND);
    await store.sessions.put('c1', 'g1', { step: 1 });
    const calls = unusableCalls(store);
    const made = readOnly([file, `${file}-wal`, `${file}-shm`]);
    if (made === undefined) return ctx.skip('this platform cannot make a file read-only');

    await vi.waitFor(() => expect(store.health().state).toBe('failing'), { timeout: 5_000 });
    const write = await store.sessions.put('c1', 'g1', { step: 2 }).catch((e: unknown) => e);
    expect(write).toBeInstanceOf(StoreUnavailableError);
    expect((write as Error).message).toMatch(/^could not write bigcity:session:c1: E(PERM|ACCES)/);
    const read = await store.sessions.get('c1').catch((e: unknown) => e);
    expect(read).toBeInstanceOf(StoreUnavailableError);
    await expect(store.scores.commitRound('g1', 'q2', ROUND)).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(failedWriteLogs()).toHaveLength(1);

    clock.advance(30_000);
    await vi.waitFor(() => expect(calls).toHaveLength(1), { timeout: 5_000 });
    expect(calls[0]?.message).toMatch(new RegExp(`^the database ${escape(file)} is read-only: writes have failed for 30 s`));
    expect(calls[0]?.message).toContain('writable by the user running the bot');

    // Closing must not touch the files either (a checkpoint through the -shm mapping is a SIGBUS).
    await store.close();
    expect(logger.at('warn').map((line) => line.msg)).toContain('store: the database files are not writable; its connection is left open');
    for (const restore of undo.splice(0)) restore();
    const again = await open();
    expect((await again.scores.stats('u1', 'global', 'all-time'))?.points).toBe(120);
    expect((await again.sessions.get('c1'))?.state).toEqual({ step: 1 });
  });

  it('given the files made read-only and writable again within the window, the store recovers by itself', async (ctx) => {
    const store = await open({ unusableAfterMs: 30_000 });
    const calls = unusableCalls(store);
    const made = readOnly([file, `${file}-wal`, `${file}-shm`]);
    if (made === undefined) return ctx.skip('this platform cannot make a file read-only');
    await vi.waitFor(() => expect(store.health().state).toBe('failing'), { timeout: 5_000 });
    for (const restore of undo.splice(0)) restore();
    await vi.waitFor(() => expect(store.health()).toEqual({ state: 'ok' }), { timeout: 5_000 });
    await store.sessions.put('c1', 'g1', { step: 3 });
    expect((await store.sessions.get('c1'))?.state).toEqual({ step: 3 });
    expect(calls).toEqual([]);
  });
});

describe('a database file deleted or replaced under the running bot', () => {
  it('given the file and its -wal/-shm deleted, onUnusable fires at once, writes are refused, and a copy holds everything acknowledged', async () => {
    const store = await open();
    await store.scores.commitRound('g1', 'q1', ROUND);
    await store.settings.update('g1', { quizRole: 'r1' });
    await store.sessions.put('c1', 'g1', { step: 4 });
    const calls = unusableCalls(store);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) await rm(f, { force: true });

    await vi.waitFor(() => expect(calls).toHaveLength(1), { timeout: 5_000 });
    expect(store.health()).toEqual({ state: 'unusable', cause: 'the database file was deleted' });
    const copy = /copied to (\S+\.sqlite):/.exec(calls[0]?.message ?? '')?.[1];
    expect(calls[0]?.message).toMatch(
      new RegExp(`^the database file ${escape(file)} was deleted while the bot was running; everything it had saved is copied to .+: stop the bot, move that copy to ${escape(file)} and start it again$`),
    );
    expect(logger.at('error').filter((line) => line.msg?.startsWith('store unusable: the database file'))).toHaveLength(1);
    await expect(store.sessions.put('c1', 'g1', { step: 5 })).rejects.toThrow(/was not written: the store is unusable \(the database file was deleted\)/);

    expect(copy).toBeDefined();
    expect(path.dirname(copy as string)).toBe(tmp.dir);
    const rescued = await open({}, copy as string);
    expect((await rescued.scores.stats('u1', 'global', 'all-time'))?.points).toBe(120);
    expect((await rescued.settings.get('g1')).quizRole).toBe('r1');
    expect((await rescued.sessions.list()).map((s) => [s.channelId, s.state])).toEqual([['c1', { step: 4 }]]);
    await rescued.close();

    // Restarted by a supervisor, the bot does not start afresh on an empty database beside the copy.
    const restart = await open().catch((e: unknown) => e);
    expect(restart).toBeInstanceOf(StoreUnavailableError);
    expect((restart as Error).message).toBe(
      `the database ${file} is missing, and ${copy} holds what the bot had saved when it was deleted: move that copy to ${file} (or, to start with an empty database, move it elsewhere)`,
    );
    expect(existsSync(file)).toBe(false);
    await rename(copy as string, file);
    expect((await (await open()).scores.stats('u1', 'global', 'all-time'))?.points).toBe(120);
  });

  it('given the file replaced by another database (a restore with mv), onUnusable fires once and says so', async () => {
    const store = await open();
    await store.scores.commitRound('g1', 'q1', ROUND);
    const other = path.join(tmp.dir, 'other.sqlite');
    await (await open({}, other)).close();
    const calls = unusableCalls(store);
    await rename(other, file);
    await vi.waitFor(() => expect(calls).toHaveLength(1), { timeout: 5_000 });
    expect(calls[0]?.cause).toBe('the database file was replaced by another file');
    expect(calls[0]?.message).toMatch(new RegExp(`^the database file ${escape(file)} was replaced by another file while the bot was running; everything it had saved is copied to `));
  });

  it('given a closed store, deleting its file calls nobody (the check stops on close)', async () => {
    const store = await open();
    const calls = unusableCalls(store);
    await store.close();
    await rm(file, { force: true });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls).toEqual([]);
    expect(existsSync(file)).toBe(false);
    await expect(store.sessions.put('c1', 'g1', {})).rejects.toThrow(/the store is closed/);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

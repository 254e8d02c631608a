/**
 * Faults for the store tests: files made read-only the way this platform allows, rows written raw
 * into the keyv table, and a lock held by "another program".
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';

/** Runs one statement on the database file through a separate sqlite3 connection (another program). */
export async function sql<T>(file: string, statement: string, ...params: unknown[]): Promise<T[]> {
  const db = await openRaw(file);
  try {
    return await all<T>(db, statement, params);
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
}

/** Writes `text` as the stored value of `key` (without keyv's `bigcity:` namespace), exactly as given. */
export async function writeRawRow(file: string, key: string, text: string): Promise<void> {
  await sql(file, 'INSERT INTO keyv (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', `bigcity:${key}`, text);
}

export async function readRawRow(file: string, key: string): Promise<string | undefined> {
  const rows = await sql<{ value: string }>(file, 'SELECT value FROM keyv WHERE key = ?', `bigcity:${key}`);
  return rows[0]?.value;
}

export async function rawKeys(file: string, prefix = 'bigcity:'): Promise<string[]> {
  const rows = await sql<{ key: string }>(file, "SELECT key FROM keyv WHERE key LIKE ? || '%' ORDER BY key", prefix);
  return rows.map((row) => row.key);
}

/** Another connection holding `BEGIN EXCLUSIVE`: every other writer waits, then gets SQLITE_BUSY. */
export async function holdExclusiveLock(file: string): Promise<{ release(): Promise<void> }> {
  const db = await openRaw(file);
  await all(db, 'BEGIN EXCLUSIVE', []);
  return {
    async release() {
      await all(db, 'COMMIT', []);
      await new Promise<void>((resolve) => db.close(() => resolve()));
    },
  };
}

export type ReadOnly = { readonly how: string; undo(): void } | { readonly skip: string };

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Makes files (or directories) impossible to write for this process. As a normal user `chmod a-w`
 * does it; root ignores file modes, so as root the files are made immutable (`chattr +i`, which
 * ext4, xfs and btrfs support given CAP_LINUX_IMMUTABLE). `skip` says why neither works here.
 * Call `undo()` before deleting them (an immutable file cannot be deleted).
 */
export function makeReadOnly(paths: readonly string[]): ReadOnly {
  const present = paths.filter((p) => existsSync(p));
  if (!isRoot) {
    const modes = present.map((p) => [p, statSync(p).mode & 0o7777] as const);
    for (const [p, mode] of modes) chmodSync(p, mode & ~0o222);
    return { how: 'chmod a-w', undo: () => modes.forEach(([p, mode]) => chmodSync(p, mode)) };
  }
  const support = chattrSupport(path.dirname(present[0] ?? paths[0] ?? '.'));
  if (support !== undefined) return { skip: support };
  execFileSync('chattr', ['+i', ...present]);
  return {
    how: 'chattr +i (running as root, where chmod does not stop writes)',
    undo: () => {
      execFileSync('chattr', ['-i', ...present.filter((p) => existsSync(p))]);
    },
  };
}

/** Why `chattr +i` cannot be used in `directory`, or undefined when it works. */
function chattrSupport(directory: string): string | undefined {
  const probe = path.join(directory, `.chattr-probe-${process.pid}`);
  try {
    writeFileSync(probe, 'x');
    execFileSync('chattr', ['+i', probe], { stdio: 'pipe' });
    execFileSync('chattr', ['-i', probe], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `running as root (uid 0), where chmod does not stop writes, and chattr +i does not work here (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
  } finally {
    try {
      execFileSync('rm', ['-f', probe]);
    } catch {
      // best effort
    }
  }
}

function openRaw(file: string): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (err) => (err === null ? resolve(db) : reject(err)));
  });
}

function all<T>(db: sqlite3.Database, statement: string, params: unknown[]): Promise<T[]> {
  return new Promise<T[]>((resolve, reject) => {
    db.all(statement, params, (err: Error | null, rows: T[]) => (err === null ? resolve(rows) : reject(err)));
  });
}

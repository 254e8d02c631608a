/**
 * What a backend error means for whoever runs the bot: one short cause for logs, and what to do
 * about it, for the single line the bot prints when it cannot start or has to stop.
 */
import path from 'node:path';

export interface FailureDescription {
  /** `SQLITE_READONLY`, `EACCES`, …; what identifies "the same cause" for logging once. */
  readonly code: string;
  /** The error's own first line, e.g. `SQLITE_READONLY: attempt to write a readonly database`. */
  readonly cause: string;
  /** How the database is described: "is read-only", "is locked by another program", … */
  readonly problem: string;
  /** What the operator should do. */
  readonly fix: string;
}

const READ_ONLY = new Set(['SQLITE_READONLY', 'SQLITE_PERM', 'SQLITE_AUTH', 'EACCES', 'EPERM', 'EROFS']);
const WRITABLE_FIX =
  'make the file, its directory and any -wal and -shm files beside it writable by the user running the bot ' +
  '(check chmod, chattr and read-only mounts), or set DATABASE_URL to a writable place';

export function describeFailure(error: unknown): FailureDescription {
  const code = codeOf(error);
  const cause = firstLine(error);
  if (READ_ONLY.has(code)) return { code, cause, problem: 'is read-only', fix: WRITABLE_FIX };
  switch (code) {
    case 'SQLITE_CANTOPEN':
      return { code, cause, problem: 'cannot be opened', fix: WRITABLE_FIX };
    case 'SQLITE_FULL':
    case 'ENOSPC':
    case 'EDQUOT':
      return { code, cause, problem: 'cannot grow: the disk is full', fix: 'free some disk space' };
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return {
        code,
        cause,
        problem: 'is locked by another program',
        fix: 'stop whatever holds it (an sqlite3 shell in a transaction, a backup or sync tool)',
      };
    case 'SQLITE_CORRUPT':
    case 'SQLITE_NOTADB':
      return { code, cause, problem: 'is damaged', fix: 'restore it from a backup' };
    case 'SQLITE_IOERR':
      return { code, cause, problem: 'cannot be written (disk I/O error)', fix: `check the disk; ${WRITABLE_FIX}` };
    default:
      return { code, cause, problem: 'cannot be written', fix: `check the disk; ${WRITABLE_FIX}` };
  }
}

export function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && code.length > 0) return code;
  const fromMessage = /^(SQLITE_[A-Z_]+)\b/.exec(firstLine(error))?.[1];
  return fromMessage ?? (error instanceof Error ? error.name : 'error');
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n', 1)[0] ?? text;
  // Node's "EPERM: operation not permitted, access '/long/path/bigcity.sqlite-shm'": the message
  // around it names the database already; which of its files is what is worth keeping.
  const errno = error as NodeJS.ErrnoException | undefined;
  if (typeof errno?.path === 'string' && typeof errno.syscall === 'string') {
    const suffix = `, ${errno.syscall} '${errno.path}'`;
    if (line.endsWith(suffix)) return `${line.slice(0, -suffix.length)} (${path.basename(errno.path)})`;
  }
  return line;
}

/**
 * Whether the store still keeps what it is given, so that the bot never acknowledges writes that are not kept.
 * - A failed write is thrown as a `StoreUnavailableError` naming the key; each distinct cause is
 *   logged once. The state turns `failing` until a write (or probe) succeeds; failing without a break
 *   for longer than `unusableAfterMs` makes it `unusable`: listeners are told once, every write is
 *   refused, and a supervisor can restart the process.
 * - The database file is watched: deleted or replaced (its dev/ino changed), the store is unusable
 *   at once, after a copy of what the open connection still reads is made.
 * - A file, -wal or -shm that is no longer writable is seen before SQLite touches it (a write through
 *   its mapping of -shm would kill the process with SIGBUS): every operation is refused meanwhile.
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { StoreInputError, StoreUnavailableError } from './errors.js';
import type { StoreClock, StoreHealth, StoreLogger, UnusableProblem } from './types.js';

export interface HealthMonitorOptions {
  readonly logger: StoreLogger;
  readonly clock: StoreClock;
  readonly unusableAfterMs: number;
  readonly checkIntervalMs: number;
  /** The database file, when there is one to watch (absolute path). */
  readonly file: string | undefined;
  /** A real write (and its removal), to see whether a failing store works again. */
  readonly probe: () => Promise<void>;
  /** Copies what the open connection holds to a new file; returns its path. */
  readonly rescue?: (() => Promise<string>) | undefined;
}

/** How long to wait for writes in flight before copying a deleted database. */
const DRAIN_MS = 2_000;
const RESCUE_TIMEOUT_MS = 60_000;

type Identity = { readonly dev: number; readonly ino: number };

export class StoreHealthMonitor {
  readonly #o: HealthMonitorOptions;
  readonly #identity: Identity | undefined;
  readonly #listeners: ((problem: UnusableProblem) => void)[] = [];
  /** Causes (codes) logged during the current outage. */
  readonly #logged = new Set<string>();
  readonly #inFlight = new Set<Promise<unknown>>();
  #state: StoreHealth = OK;
  #problem: UnusableProblem | undefined;
  /** Set while a file is not writable: SQLite must not be touched. */
  #blocked: unknown;
  #timer: NodeJS.Timeout | undefined;
  #checking = false;
  #closed = false;

  constructor(options: HealthMonitorOptions) {
    this.#o = options;
    this.#identity = options.file === undefined ? undefined : identityOf(options.file);
  }

  /** Starts the periodic check (unref'd: it never keeps the process alive). */
  start(): void {
    if (this.#timer !== undefined || this.#closed) return;
    this.#timer = setInterval(() => void this.check(), this.#o.checkIntervalMs);
    this.#timer.unref();
  }

  /** Stops checking; from now on every operation is refused as "closed". */
  close(): void {
    this.#closed = true;
    this.#stopTimer();
  }

  health(): StoreHealth {
    return this.#state;
  }

  onUnusable(listener: (problem: UnusableProblem) => void): void {
    this.#listeners.push(listener);
    const problem = this.#problem;
    if (problem !== undefined) queueMicrotask(() => this.#notify(listener, problem));
  }

  /**
   * Runs a write, accounting for its outcome.
   * @throws {StoreUnavailableError} naming `key` when it failed, or at once when the store is closed,
   *   unusable or its files are not writable; anything else `op` throws (input errors), unchanged.
   */
  async write<T>(key: string, op: () => Promise<T>): Promise<T> {
    this.#assertUsable(key, 'written');
    if (this.#blocked !== undefined) throw this.#failed(key, this.#blocked);
    const pending = op();
    this.#inFlight.add(pending);
    try {
      const result = await pending;
      this.#succeeded();
      return result;
    } catch (error) {
      if (!isBackendFailure(error)) throw error;
      throw this.#failed(key, error);
    } finally {
      this.#inFlight.delete(pending);
    }
  }

  /** Runs a read; a failed one is thrown as a `StoreUnavailableError` too, but does not make the store failing. */
  async read<T>(key: string, op: () => Promise<T>): Promise<T> {
    this.#assertUsable(key, 'read', false);
    if (this.#blocked !== undefined) throw unavailable(`could not read ${key}`, this.#blocked);
    try {
      return await op();
    } catch (error) {
      if (!isBackendFailure(error)) throw error;
      throw unavailable(`could not read ${key}`, error);
    }
  }

  /** One round of the periodic check: the file's identity and writability, then a probe while failing. */
  async check(): Promise<void> {
    if (this.#checking || this.#closed || this.#state.state === 'unusable') return;
    this.#checking = true;
    try {
      if (this.#o.file !== undefined) {
        const file = this.#o.file;
        const now = identityOf(file);
        if (now === undefined || (this.#identity !== undefined && (now.dev !== this.#identity.dev || now.ino !== this.#identity.ino))) {
          const what = now === undefined ? 'deleted' : 'replaced by another file';
          await this.#becomeUnusable(`the database file was ${what}`, `the database file ${file} was ${what} while the bot was running`, true);
          return;
        }
        this.#checkAccess();
        if (this.#blocked !== undefined) {
          this.#failed(file, this.#blocked);
          return;
        }
      }
      if (this.#state.state === 'failing') {
        try {
          await this.#o.probe();
          this.#succeeded();
        } catch (error) {
          this.#failed('health:probe', error);
        }
      }
    } finally {
      this.#checking = false;
    }
  }

  #assertUsable(key: string, verb: string, refuseUnusable = true): void {
    if (this.#closed) throw new StoreUnavailableError(`${key} was not ${verb}: the store is closed`);
    if (refuseUnusable && this.#state.state === 'unusable') {
      throw new StoreUnavailableError(`${key} was not ${verb}: the store is unusable (${this.#state.cause})`);
    }
    this.#checkAccess();
  }

  /** Whether the database files are still writable, before every operation (three access(2) calls, about 1.5 µs). */
  #checkAccess(): void {
    if (this.#o.file !== undefined) this.#blocked = notWritable(this.#o.file);
  }

  #failed(key: string, error: unknown): StoreUnavailableError {
    const failure = describeFailure(error);
    const now = this.#o.clock.now();
    const state = this.#state;
    if (state.state === 'ok') this.#state = { state: 'failing', since: now, cause: failure.cause };
    else if (state.state === 'failing' && state.cause !== failure.cause) this.#state = { ...state, cause: failure.cause };
    if (!this.#logged.has(failure.code)) {
      this.#logged.add(failure.code);
      this.#o.logger.error(
        { err: error, key, cause: failure.cause, database: this.#o.file ?? 'memory' },
        'store: a write failed; its caller is told it was not saved',
      );
    }
    const current = this.#state;
    if (current.state === 'failing' && now - current.since >= this.#o.unusableAfterMs) {
      const seconds = Math.round((now - current.since) / 1000);
      const where = this.#o.file === undefined ? 'the store' : `the database ${this.#o.file}`;
      void this.#becomeUnusable(
        failure.cause,
        `${where} ${failure.problem}: writes have failed for ${seconds} s (${failure.cause}); ${failure.fix}`,
        false,
      );
    }
    return unavailable(`could not write ${key}`, error);
  }

  #succeeded(): void {
    if (this.#state.state !== 'failing') return;
    this.#o.logger.warn(
      { database: this.#o.file ?? 'memory', failingForMs: this.#o.clock.now() - this.#state.since },
      'store: writes work again',
    );
    this.#state = OK;
    this.#logged.clear();
  }

  async #becomeUnusable(cause: string, message: string, rescue: boolean): Promise<void> {
    if (this.#state.state === 'unusable') return;
    this.#state = { state: 'unusable', cause };
    this.#stopTimer();
    let text = message;
    if (rescue && this.#o.rescue !== undefined && this.#o.file !== undefined) {
      // Writes acknowledged before the refusal must be in the copy.
      await Promise.race([Promise.allSettled([...this.#inFlight]), sleep(DRAIN_MS)]);
      try {
        const copy = await Promise.race([
          this.#o.rescue(),
          sleep(RESCUE_TIMEOUT_MS).then(() => Promise.reject(new Error('copying took too long'))),
        ]);
        text += `; everything it had saved is copied to ${copy}: stop the bot, move that copy to ${this.#o.file} and start it again`;
      } catch (error) {
        this.#o.logger.error({ err: error, database: this.#o.file }, 'store: could not copy the database that was removed');
        text += `; it could not be copied (${describeFailure(error).cause}): restore ${this.#o.file} from a backup and restart the bot`;
      }
    } else if (rescue) {
      text += '; restart the bot';
    }
    const problem: UnusableProblem = Object.freeze({ cause, message: text });
    this.#problem = problem;
    this.#o.logger.error({ cause, database: this.#o.file ?? 'memory' }, `store unusable: ${text}`);
    for (const listener of this.#listeners) this.#notify(listener, problem);
  }

  #notify(listener: (problem: UnusableProblem) => void, problem: UnusableProblem): void {
    try {
      listener(problem);
    } catch (error) {
      this.#o.logger.error({ err: error }, 'store: an onUnusable listener threw');
    }
  }

  #stopTimer(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

const OK: StoreHealth = Object.freeze({ state: 'ok' });

/** Errors that say the backend failed, as opposed to a caller's mistake. */
export function isBackendFailure(error: unknown): boolean {
  return !(
    error instanceof StoreInputError ||
    error instanceof StoreUnavailableError ||
    error instanceof TypeError ||
    error instanceof RangeError
  );
}

function unavailable(what: string, error: unknown): StoreUnavailableError {
  return new StoreUnavailableError(`${what}: ${describeFailure(error).cause}`, { cause: error });
}

function identityOf(file: string): Identity | undefined {
  const stat = statSync(file, { throwIfNoEntry: false });
  return stat === undefined ? undefined : { dev: stat.dev, ino: stat.ino };
}

/** The error of the first database file that exists and cannot be written, if any. */
export function notWritable(file: string): unknown {
  for (const candidate of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      accessSync(candidate, constants.W_OK);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return error;
    }
  }
  return undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

// What a backend error means for whoever runs the bot: a short cause for logs, and what to do.
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

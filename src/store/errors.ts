/**
 * Typed errors of the store. Callers branch on the class (a command handler turns
 * `SettingsValidationError` into a user-facing message; anything else is a bug or an outage).
 */

/** The `DATABASE_URL` names a backend this build cannot open, or the URL is malformed. */
export class StoreConfigError extends Error {
  override readonly name = 'StoreConfigError';
}

/** A caller passed an id, key or value the store refuses (empty id, negative points, non-JSON state…). */
export class StoreInputError extends Error {
  override readonly name = 'StoreInputError';
}

/** A guild-settings update with a value out of range; `field` names the setting (e.g. `defaults.rounds`). */
export class SettingsValidationError extends Error {
  override readonly name = 'SettingsValidationError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** A cross-process lock could not be taken within its deadline (another process holds it and keeps renewing it). */
export class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';
  constructor(readonly lockName: string, waitedMs: number) {
    super(`could not take the store lock "${lockName}" within ${waitedMs} ms`);
  }
}

/**
 * A write made while holding a cross-process lock found the lock owned by someone else: its lease ran out
 * while this holder was stalled (a long GC pause, a blocked event loop) and another process took it over.
 * Nothing of that write was stored; whatever the critical section read may be stale, so it must not go on.
 */
export class LockLostError extends Error {
  override readonly name = 'LockLostError';
  constructor(readonly lockName: string) {
    super(`lost the store lock "${lockName}" to another process after its lease expired; the write was not applied`);
  }
}

/** A write or read the backend reported as failed, or the store was used after `close()`. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

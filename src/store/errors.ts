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

/** A write or read the backend reported as failed, or the store was used after `close()`. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

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
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

/** A write or read the backend reported as failed, or the store was used after `close()`. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

/** Input checks shared by the repositories: ids become parts of keys, so they are short and cannot break a prefix. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Printable ASCII without spaces; ':' is allowed (it only ever ends a key). */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,100}$/;

/** @throws {StoreInputError} unless `value` is 1–64 characters of `A–Z a–z 0–9 _ -` (Discord snowflakes fit). */
export function assertId(field: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || !ID.test(value)) {
    throw new StoreInputError(`${field} must be 1–64 characters of A–Z, a–z, 0–9, "_" or "-"`);
  }
}

/** @throws {StoreInputError} unless `value` is 1–100 printable ASCII characters without spaces. */
export function assertIdempotencyKey(value: unknown): asserts value is string {
  if (typeof value !== 'string' || !IDEMPOTENCY_KEY.test(value)) {
    throw new StoreInputError('idempotencyKey must be 1–100 printable ASCII characters without spaces');
  }
}

/** @throws {StoreInputError} unless `value` is a finite time value. */
export function assertTime(field: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > 8.64e15) {
    throw new StoreInputError(`${field} must be a time in epoch milliseconds`);
  }
}

/** @throws {StoreInputError} unless `value` is an integer in [min, max]. */
export function assertInteger(field: string, value: unknown, min: number, max: number): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new StoreInputError(`${field} must be an integer from ${min} to ${max}`);
  }
}

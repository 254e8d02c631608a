/**
 * Input checks shared by the repositories. Ids become parts of storage keys (`rec:<board>:<userId>`),
 * so they are restricted to characters that cannot break a key prefix and kept short enough for
 * @keyv/sqlite's 255-character keys.
 */
import { StoreInputError } from './errors.js';

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

/**
 * Who runs each channel's quiz (`lease:<channelId>` = `{ owner, expires }`): taken before a quiz
 * starts or resumes, renewed while it runs, given back when it ends. Another process leaves the quiz
 * alone until the lease lapses. Changed only by compare-and-set, so two processes never both hold it.
 */
import { KEEP, type KeyValueStore } from './kv.js';
import type { QuizLease, QuizLeaseRepository, StoreClock } from './types.js';
import { assertId, assertInteger } from './errors.js';

const OWNER_RE = /^[\x21-\x7e]{1,120}$/;
const keyOf = (channelId: string): string => `lease:${channelId}`;

function assertOwner(owner: string): void {
  if (!OWNER_RE.test(owner)) throw new TypeError('a lease owner is 1–120 printable ASCII characters');
}

export class KeyvQuizLeaseRepository implements QuizLeaseRepository {

  readonly #deps: { readonly kv: KeyValueStore; readonly clock: StoreClock };

  constructor(deps: { readonly kv: KeyValueStore; readonly clock: StoreClock }) {
    this.#deps = deps;
  }

  /** @throws {StoreInputError} on a bad channel id or duration. */
  async acquire(channelId: string, owner: string, ttlMs: number): Promise<boolean> {
    assertId('channelId', channelId);
    assertOwner(owner);
    assertInteger('ttlMs', ttlMs, 1, 24 * 3_600_000);
    const key = keyOf(channelId);
    let taken = false;
    await this.#deps.kv.update<QuizLease>(key, (held) => {
      const now = this.#deps.clock.now();
      taken = held === undefined || held.owner === owner || held.expires <= now;
      return taken ? { owner, expires: now + ttlMs } : KEEP;
    });
    return taken;
  }

  /** Gives the lease back, if `owner` still holds it. */
  async release(channelId: string, owner: string): Promise<void> {
    assertId('channelId', channelId);
    const key = keyOf(channelId);
    await this.#deps.kv.update<QuizLease>(key, (held) => (held?.owner === owner ? undefined : KEEP));
  }

  async holder(channelId: string): Promise<QuizLease | undefined> {
    assertId('channelId', channelId);
    const held = await this.#deps.kv.get<QuizLease>(keyOf(channelId));
    return held !== undefined && held.expires > this.#deps.clock.now() ? held : undefined;
  }
}

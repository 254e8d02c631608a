/**
 * Persisted quiz state per channel (`session:<channelId>` = {guildId, state, updatedAt}) so that a
 * restarted bot finds the quizzes it was running. An index key (`sessions:index`, channel → guild) lists
 * the running channels without a scan; it is only written under its lock.
 *
 * Write order keeps the index a superset of the stored sessions: `put` adds to the index before writing
 * the session, `delete` removes the session before the index entry. A crash in between leaves an index
 * entry without a session, which `list()` skips and prunes.
 */
import { StoreInputError } from './errors.js';
import type { KeyValueStore } from './kv.js';
import type { Locker, SessionRepository, StoreClock, StoreLogger, StoredSession } from './types.js';
import { assertId } from './validate.js';

const INDEX_KEY = 'sessions:index';
/**
 * Upper bound of a session's serialized state. A state grows with its players (about 200 bytes
 * each while a round is answered or revealed) and its questions (30 take under 20 KB): a
 * 30-round game with 5,000 players (19-digit ids) measures about 1.1 MB, so this leaves room
 * for over 3 times that. SQLite keeps a value of this size as one TEXT cell without trouble.
 */
export const MAX_SESSION_STATE_BYTES = 4 * 1024 * 1024;

type SessionIndex = Readonly<Record<string, string>>;

interface StoredSessionValue {
  readonly guildId: string;
  readonly state: unknown;
  readonly updatedAt: number;
}

export interface SessionRepositoryDeps {
  readonly kv: KeyValueStore;
  readonly locker: Locker;
  readonly clock: StoreClock;
  readonly logger: StoreLogger;
}

export class KeyvSessionRepository implements SessionRepository {
  readonly #kv: KeyValueStore;
  readonly #locker: Locker;
  readonly #clock: StoreClock;
  readonly #logger: StoreLogger;

  constructor(deps: SessionRepositoryDeps) {
    this.#kv = deps.kv;
    this.#locker = deps.locker;
    this.#clock = deps.clock;
    this.#logger = deps.logger;
  }

  /**
   * Saves (replaces) the channel's quiz state.
   * @throws {StoreInputError} on a bad id, or a state that is not JSON (undefined, a function, a cycle,
   *   a BigInt) or larger than {@link MAX_SESSION_STATE_BYTES}.
   */
  async put(channelId: string, guildId: string, state: unknown): Promise<void> {
    assertId('channelId', channelId);
    assertId('guildId', guildId);
    const json = toJson(state);
    await this.#locker.withLock(sessionKey(channelId), async () => {
      const index = await this.#kv.get<SessionIndex>(INDEX_KEY);
      if (index?.[channelId] !== guildId) {
        await this.#locker.withLock(INDEX_KEY, async () => {
          const fresh = (await this.#kv.get<SessionIndex>(INDEX_KEY)) ?? {};
          await this.#kv.set(INDEX_KEY, { ...fresh, [channelId]: guildId });
        });
      }
      const value: StoredSessionValue = { guildId, state: JSON.parse(json) as unknown, updatedAt: this.#clock.now() };
      await this.#kv.set(sessionKey(channelId), value);
    });
  }

  /** @throws {StoreInputError} on a bad channel id. */
  async get(channelId: string): Promise<StoredSession | undefined> {
    assertId('channelId', channelId);
    const value = await this.#kv.get<StoredSessionValue>(sessionKey(channelId));
    return value === undefined ? undefined : { channelId, ...value };
  }

  /** @throws {StoreInputError} on a bad channel id. */
  async delete(channelId: string): Promise<void> {
    assertId('channelId', channelId);
    await this.#locker.withLock(sessionKey(channelId), async () => {
      await this.#kv.delete(sessionKey(channelId));
      await this.#removeFromIndex([channelId]);
    });
  }

  async list(): Promise<StoredSession[]> {
    const index = (await this.#kv.get<SessionIndex>(INDEX_KEY)) ?? {};
    const channelIds = Object.keys(index).sort();
    const values = await this.#kv.getMany<StoredSessionValue>(channelIds.map(sessionKey));
    const sessions: StoredSession[] = [];
    const orphans: string[] = [];
    channelIds.forEach((channelId, i) => {
      const value = values[i];
      if (value === undefined) orphans.push(channelId);
      else sessions.push({ channelId, ...value });
    });
    if (orphans.length > 0) {
      this.#logger.warn({ channels: orphans }, 'dropping session index entries without a session');
      await this.#pruneOrphans(orphans);
    }
    return sessions;
  }

  /** @throws {StoreInputError} on a bad guild id. */
  async deleteGuild(guildId: string): Promise<string[]> {
    assertId('guildId', guildId);
    const index = (await this.#kv.get<SessionIndex>(INDEX_KEY)) ?? {};
    const channels = Object.entries(index)
      .filter(([, owner]) => owner === guildId)
      .map(([channelId]) => channelId)
      .sort();
    for (const channelId of channels) await this.delete(channelId);
    return channels;
  }

  async #removeFromIndex(channelIds: readonly string[]): Promise<void> {
    await this.#locker.withLock(INDEX_KEY, async () => {
      const index = (await this.#kv.get<SessionIndex>(INDEX_KEY)) ?? {};
      if (!channelIds.some((id) => id in index)) return;
      const next: Record<string, string> = { ...index };
      for (const id of channelIds) delete next[id];
      await this.#kv.set(INDEX_KEY, next);
    });
  }

  /** Re-checks each orphan under its channel lock: a `put` may have been between its two writes. */
  async #pruneOrphans(channelIds: readonly string[]): Promise<void> {
    for (const channelId of channelIds) {
      await this.#locker.withLock(sessionKey(channelId), async () => {
        if ((await this.#kv.get(sessionKey(channelId))) === undefined) await this.#removeFromIndex([channelId]);
      });
    }
  }
}

function sessionKey(channelId: string): string {
  return `session:${channelId}`;
}

function toJson(state: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(state);
  } catch (error) {
    throw new StoreInputError(`session state is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (json === undefined) throw new StoreInputError('session state is not JSON (undefined or a function)');
  const bytes = Buffer.byteLength(json);
  if (bytes > MAX_SESSION_STATE_BYTES) {
    throw new StoreInputError(`session state is ${bytes} bytes, larger than the ${MAX_SESSION_STATE_BYTES} allowed`);
  }
  return json;
}

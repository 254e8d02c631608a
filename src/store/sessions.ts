/**
 * Persisted quiz state per channel, so that a restarted bot finds the quizzes it was running.
 * Three kinds of key per channel, so that each write is proportional to what changed:
 * - `session:<channelId>` = {guildId, state, updatedAt}: the state, rewritten at each transition;
 * - `session:<channelId>:game`: the game's fixed part (its questions), written once per game;
 * - `session:<channelId>:answers:<seq>`: the answer log, one batch per write, `seq` from 0 with no
 *   gaps, so a reader stops at the first missing one.
 * The quiz engine owns what the values mean; this repository only stores them.
 *
 * An index key (`sessions:index`, channel → guild) lists the running channels without a scan; it is
 * only written under its lock. A channel's first `put` writes the index entry and the session under
 * that lock; `delete` removes the session before the index entry. A crash in between leaves an index
 * entry without a session, which `list()` skips and prunes (under the same lock, so never the entry
 * of a session being created). A session is written only by the process that runs its quiz, so its
 * own writes take no lock.
 *
 * Rows that cannot be read (see rows.ts; the store logs each and keeps a copy aside) are skipped: an
 * unreadable session is left out of `list()` (its index entry stays), an unreadable answer batch is
 * left out of `answers()`, and an unreadable index is rebuilt from the sessions' own rows.
 */
import { StoreInputError } from './errors.js';
import { RawJson, type KeyValueStore } from './kv.js';
import type { Locker, SessionRepository, StoreClock, StoreLogger, StoredSession } from './types.js';
import { assertId } from './validate.js';

const INDEX_KEY = 'sessions:index';
/**
 * Upper bound of a session's serialized state. A state grows with its players (about 100 bytes
 * each, and their answers while a round is revealed): a game with 5,000 players (19-digit ids)
 * measures under 1 MB, so this leaves room for several times that. SQLite keeps a value of this
 * size as one TEXT cell without trouble.
 */
export const MAX_SESSION_STATE_BYTES = 4 * 1024 * 1024;
/** Upper bound of a game's fixed part (30 questions take under 20 KB) and of one answer batch. */
export const MAX_SESSION_PART_BYTES = 1024 * 1024;
/** Batches read per round trip when reading the answer log back. */
const LOG_READ_CHUNK = 64;

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
  /** Channels this instance has seen in the index (with their guild): their puts skip the index. */
  readonly #indexed = new Map<string, string>();

  constructor(deps: SessionRepositoryDeps) {
    this.#kv = deps.kv;
    this.#locker = deps.locker;
    this.#clock = deps.clock;
    this.#logger = deps.logger;
  }

  /**
   * Saves (replaces) the channel's quiz state, serialised once.
   * @throws {StoreInputError} on a bad id, or a state that is not JSON (undefined, a function, a cycle,
   *   a BigInt) or larger than {@link MAX_SESSION_STATE_BYTES}.
   */
  async put(channelId: string, guildId: string, state: unknown): Promise<void> {
    assertId('channelId', channelId);
    assertId('guildId', guildId);
    const json = toJson(state, 'session state', MAX_SESSION_STATE_BYTES);
    const value = new RawJson(`{"guildId":${JSON.stringify(guildId)},"state":${json},"updatedAt":${this.#clock.now()}}`);
    if (this.#indexed.get(channelId) === guildId) {
      await this.#kv.set(sessionKey(channelId), value);
      return;
    }
    await this.#locker.withLock(INDEX_KEY, async () => {
      const { index, rebuilt } = await this.#readIndex();
      if (rebuilt || index[channelId] !== guildId) await this.#kv.set(INDEX_KEY, { ...index, [channelId]: guildId });
      await this.#kv.set(sessionKey(channelId), value);
    });
    this.#indexed.set(channelId, guildId);
  }

  /** @throws {StoreInputError} on a bad id, or a value that is not JSON or too large. */
  async putGame(channelId: string, game: unknown): Promise<void> {
    assertId('channelId', channelId);
    await this.#kv.set(gameKey(channelId), new RawJson(toJson(game, 'game', MAX_SESSION_PART_BYTES)));
  }

  /** @throws {StoreInputError} on a bad channel id. */
  async getGame(channelId: string): Promise<unknown> {
    assertId('channelId', channelId);
    return this.#kv.get<unknown>(gameKey(channelId));
  }

  /** @throws {StoreInputError} on a bad id or seq, or a batch that is not JSON or too large. */
  async appendAnswers(channelId: string, seq: number, batch: unknown): Promise<void> {
    assertId('channelId', channelId);
    assertSeq(seq);
    await this.#kv.set(answersKey(channelId, seq), new RawJson(toJson(batch, 'answer batch', MAX_SESSION_PART_BYTES)));
  }

  /**
   * An unreadable batch (logged and set aside by the store) is left out and the log goes on after
   * it: the batches behind it were acknowledged too.
   * @throws {StoreInputError} on a bad id or seq.
   */
  async answers(channelId: string, fromSeq: number): Promise<unknown[]> {
    assertId('channelId', channelId);
    assertSeq(fromSeq);
    const out: unknown[] = [];
    for (let seq = fromSeq; ; seq += LOG_READ_CHUNK) {
      const keys = Array.from({ length: LOG_READ_CHUNK }, (_, i) => answersKey(channelId, seq + i));
      const reads = await this.#kv.readMany(keys);
      for (const read of reads) {
        if (read.state === 'absent') return out;
        // An unreadable batch (logged and set aside by the read) keeps its place: the log goes on after it.
        out.push(read.state === 'value' ? read.value : null);
      }
    }
  }

  /** @throws {StoreInputError} on a bad id or seq. */
  async deleteAnswers(channelId: string, fromSeq: number, toSeq: number): Promise<void> {
    assertId('channelId', channelId);
    assertSeq(fromSeq);
    assertSeq(toSeq);
    const keys: string[] = [];
    for (let seq = fromSeq; seq < toSeq; seq++) keys.push(answersKey(channelId, seq));
    await this.#kv.deleteMany(keys);
  }

  /** @throws {StoreInputError} on a bad channel id. */
  async get(channelId: string): Promise<StoredSession | undefined> {
    assertId('channelId', channelId);
    const value = await this.#kv.get<StoredSessionValue>(sessionKey(channelId));
    return value === undefined ? undefined : { channelId, ...value };
  }

  /** Deletes the channel's session, its game and its answer log. @throws {StoreInputError} on a bad channel id. */
  async delete(channelId: string): Promise<void> {
    assertId('channelId', channelId);
    await this.#kv.delete(sessionKey(channelId));
    await this.#kv.delete(gameKey(channelId));
    const log: string[] = [];
    for await (const key of this.#kv.keys(answersPrefix(channelId))) log.push(key);
    await this.#kv.deleteMany(log);
    await this.#removeFromIndex([channelId]);
  }

  /** The saved sessions; an unreadable one is left out (logged and set aside by the store). */
  async list(): Promise<StoredSession[]> {
    const { index, rebuilt } = await this.#readIndex();
    if (rebuilt) await this.#saveRebuiltIndex();
    const channelIds = Object.keys(index).sort();
    const reads = await this.#kv.readMany(channelIds.map(sessionKey));
    const sessions: StoredSession[] = [];
    const orphans: string[] = [];
    channelIds.forEach((channelId, i) => {
      const read = reads[i];
      if (read?.state === 'value') sessions.push({ channelId, ...(read.value as StoredSessionValue) });
      else if (read?.state === 'absent') orphans.push(channelId);
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
    const { index } = await this.#readIndex();
    const channels = Object.entries(index)
      .filter(([, owner]) => owner === guildId)
      .map(([channelId]) => channelId)
      .sort();
    for (const channelId of channels) await this.delete(channelId);
    return channels;
  }

  async #removeFromIndex(channelIds: readonly string[]): Promise<void> {
    for (const id of channelIds) this.#indexed.delete(id);
    await this.#locker.withLock(INDEX_KEY, async () => {
      const { index, rebuilt } = await this.#readIndex();
      if (!rebuilt && !channelIds.some((id) => id in index)) return;
      const next: Record<string, string> = { ...index };
      for (const id of channelIds) delete next[id];
      await this.#kv.set(INDEX_KEY, next);
    });
  }

  /**
   * The index, or when its row cannot be read, one rebuilt from the sessions themselves (a scan:
   * rare, and only until the rebuilt index is written back).
   */
  async #readIndex(): Promise<{ readonly index: SessionIndex; readonly rebuilt: boolean }> {
    const [read] = await this.#kv.readMany([INDEX_KEY]);
    if (read?.state === 'value') return { index: read.value as SessionIndex, rebuilt: false };
    if (read?.state !== 'unreadable') return { index: {}, rebuilt: false };
    const channelIds: string[] = [];
    for await (const key of this.#kv.keys('session:')) {
      const channelId = key.slice('session:'.length);
      if (!channelId.includes(':')) channelIds.push(channelId);
    }
    const values = await this.#kv.getMany<StoredSessionValue>(channelIds.map(sessionKey));
    const index: Record<string, string> = {};
    channelIds.forEach((channelId, i) => {
      const value = values[i];
      if (value !== undefined) index[channelId] = value.guildId;
    });
    this.#logger.warn({ sessions: Object.keys(index).length }, 'session index rebuilt from the saved sessions');
    return { index, rebuilt: true };
  }

  /** Writes back an index rebuilt by a read (under the lock, re-reading: a put may have written it meanwhile). */
  async #saveRebuiltIndex(): Promise<void> {
    await this.#locker
      .withLock(INDEX_KEY, async () => {
        const { index, rebuilt } = await this.#readIndex();
        if (rebuilt) await this.#kv.set(INDEX_KEY, index);
      })
      .catch((err: unknown) => this.#logger.warn({ err }, 'could not write back the rebuilt session index; it is rebuilt again next time'));
  }

  /** Re-checks the orphans under the index lock: a first `put` writes its session under it. */
  async #pruneOrphans(channelIds: readonly string[]): Promise<void> {
    await this.#locker.withLock(INDEX_KEY, async () => {
      const reads = await this.#kv.readMany(channelIds.map(sessionKey));
      const gone = channelIds.filter((_, i) => reads[i]?.state === 'absent');
      if (gone.length === 0) return;
      const { index } = await this.#readIndex();
      const next: Record<string, string> = { ...index };
      for (const id of gone) delete next[id];
      await this.#kv.set(INDEX_KEY, next);
    });
  }
}

function sessionKey(channelId: string): string {
  return `session:${channelId}`;
}

function gameKey(channelId: string): string {
  return `session:${channelId}:game`;
}

function answersPrefix(channelId: string): string {
  return `session:${channelId}:answers:`;
}

function answersKey(channelId: string, seq: number): string {
  return `${answersPrefix(channelId)}${seq}`;
}

function assertSeq(seq: number): void {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new StoreInputError(`seq must be a whole number ≥ 0, got ${String(seq)}`);
}

function toJson(value: unknown, what: string, maxBytes: number): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw new StoreInputError(`${what} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (json === undefined) throw new StoreInputError(`${what} is not JSON (undefined or a function)`);
  const bytes = Buffer.byteLength(json);
  if (bytes > maxBytes) throw new StoreInputError(`${what} is ${bytes} bytes, larger than the ${maxBytes} allowed`);
  return json;
}

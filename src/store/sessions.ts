/**
 * Persisted quiz state per channel, so that a restarted bot finds the quizzes it was running. Each
 * write is proportional to what changed (the quiz engine owns what the values mean):
 * - `session:<channelId>` = {guildId, state, updatedAt}: the state, rewritten at each transition;
 * - `session:<channelId>:game`: the game's fixed part (its questions), written once per game;
 * - `session:<channelId>:answers:<seq>`: the answer log, one batch per write, `seq` from 0 without gaps.
 * A session is written only by the process that runs its quiz (leases.ts), so these need no compare-and-set.
 *
 * `sessions:index` (channel → guild) lists the running channels without a scan, changed only by
 * compare-and-set. A first `put` writes the entry, then the session; `delete` removes the session,
 * then the entry: a crash leaves at most an entry without a session, which `list()` skips. Unreadable rows
 * (rows.ts) are skipped: a session by `list()`, a batch by `answers()` (as null); an unreadable
 * index is rebuilt from the sessions' own rows.
 */
import { StoreInputError } from './errors.js';
import { KEEP, RawJson, type KeyValueStore } from './kv.js';
import type { SessionRepository, StoreClock, StoreLogger, StoredSession } from './types.js';
import { assertId } from './errors.js';

const INDEX_KEY = 'sessions:index';
/** Upper bound of a session's serialized state: 5,000 players (about 100 bytes each) measure under 1 MB. */
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

/** Every method throws `StoreInputError` for a malformed id or seq, or a value that is not JSON or too large. */
export class KeyvSessionRepository implements SessionRepository {
  /** Channels this instance has seen in the index (with their guild): their puts skip the index. */
  readonly #indexed = new Map<string, string>();
  readonly #deps: { readonly kv: KeyValueStore; readonly clock: StoreClock; readonly logger: StoreLogger };

  constructor(deps: { readonly kv: KeyValueStore; readonly clock: StoreClock; readonly logger: StoreLogger }) {
    this.#deps = deps;
  }

  /** Replaces the channel's state, serialised once. */
  async put(channelId: string, guildId: string, state: unknown): Promise<void> {
    assertId('channelId', channelId);
    assertId('guildId', guildId);
    const json = toJson(state, 'session state', MAX_SESSION_STATE_BYTES);
    const value = new RawJson(`{"guildId":${JSON.stringify(guildId)},"state":${json},"updatedAt":${this.#deps.clock.now()}}`);
    if (this.#indexed.get(channelId) !== guildId) {
      await this.#deps.kv.update<SessionIndex>(INDEX_KEY, async (index, unreadable) => {
        const current = unreadable ? await rebuildSessionIndex(this.#deps.kv, this.#deps.logger) : (index ?? {});
        return !unreadable && current[channelId] === guildId ? KEEP : { ...current, [channelId]: guildId };
      });
      this.#indexed.set(channelId, guildId);
    }
    await this.#deps.kv.set(sessionKey(channelId), value);
  }

  async putGame(channelId: string, game: unknown): Promise<void> {
    assertId('channelId', channelId);
    await this.#deps.kv.set(gameKey(channelId), new RawJson(toJson(game, 'game', MAX_SESSION_PART_BYTES)));
  }

  async getGame(channelId: string): Promise<unknown> {
    assertId('channelId', channelId);
    return this.#deps.kv.get<unknown>(gameKey(channelId));
  }

  async appendAnswers(channelId: string, seq: number, batch: unknown): Promise<void> {
    assertId('channelId', channelId);
    assertSeq(seq);
    await this.#deps.kv.set(answersKey(channelId, seq), new RawJson(toJson(batch, 'answer batch', MAX_SESSION_PART_BYTES)));
  }

  async answers(channelId: string, fromSeq: number): Promise<unknown[]> {
    assertId('channelId', channelId);
    assertSeq(fromSeq);
    const out: unknown[] = [];
    for (let seq = fromSeq; ; seq += LOG_READ_CHUNK) {
      const keys = Array.from({ length: LOG_READ_CHUNK }, (_, i) => answersKey(channelId, seq + i));
      const reads = await this.#deps.kv.readMany(keys);
      for (const read of reads) {
        if (read.state === 'absent') return out;
        // An unreadable batch keeps its place: the batches behind it were acknowledged too.
        out.push(read.state === 'value' ? read.value : null);
      }
    }
  }

  async deleteAnswers(channelId: string, fromSeq: number, toSeq: number): Promise<void> {
    assertId('channelId', channelId);
    assertSeq(fromSeq);
    assertSeq(toSeq);
    const keys: string[] = [];
    for (let seq = fromSeq; seq < toSeq; seq++) keys.push(answersKey(channelId, seq));
    await this.#deps.kv.deleteMany(keys);
  }

  async get(channelId: string): Promise<StoredSession | undefined> {
    assertId('channelId', channelId);
    const value = await this.#deps.kv.get<StoredSessionValue>(sessionKey(channelId));
    return value === undefined ? undefined : { channelId, ...value };
  }

  /** Deletes the channel's session, its game and its answer log. */
  async delete(channelId: string): Promise<void> {
    assertId('channelId', channelId);
    await this.#deps.kv.delete(sessionKey(channelId));
    await this.#deps.kv.delete(gameKey(channelId));
    const log: string[] = [];
    for await (const key of this.#deps.kv.keys(answersPrefix(channelId))) log.push(key);
    await this.#deps.kv.deleteMany(log);
    await this.#removeFromIndex([channelId]);
  }

  /** The saved sessions; an unreadable one is left out (logged and set aside by the store). */
  async list(): Promise<StoredSession[]> {
    const channelIds = Object.keys(await this.#readIndex()).sort();
    const reads = await this.#deps.kv.readMany(channelIds.map(sessionKey));
    const sessions: StoredSession[] = [];
    channelIds.forEach((channelId, i) => {
      const read = reads[i];
      if (read?.state === 'value') sessions.push({ channelId, ...(read.value as StoredSessionValue) });
    });
    return sessions;
  }

  async deleteGuild(guildId: string): Promise<string[]> {
    assertId('guildId', guildId);
    const channels = Object.entries(await this.#readIndex())
      .filter(([, owner]) => owner === guildId)
      .map(([channelId]) => channelId)
      .sort();
    for (const channelId of channels) await this.delete(channelId);
    return channels;
  }

  async #removeFromIndex(channelIds: readonly string[]): Promise<void> {
    for (const id of channelIds) this.#indexed.delete(id);
    await this.#deps.kv.update<SessionIndex>(INDEX_KEY, async (index, unreadable) => {
      const current = unreadable ? await rebuildSessionIndex(this.#deps.kv, this.#deps.logger) : (index ?? {});
      if (!unreadable && !channelIds.some((id) => id in current)) return KEEP;
      const next: Record<string, string> = { ...current };
      for (const id of channelIds) delete next[id];
      return next;
    });
  }

  /** The index; when its row cannot be read, one rebuilt from the sessions and written back. */
  async #readIndex(): Promise<SessionIndex> {
    const [read] = await this.#deps.kv.readMany([INDEX_KEY]);
    if (read?.state === 'value') return read.value as SessionIndex;
    if (read?.state !== 'unreadable') return {};
    let rebuilt: SessionIndex = {};
    await this.#deps.kv
      .update<SessionIndex>(INDEX_KEY, async (index, unreadable) => {
        if (!unreadable) {
          rebuilt = index ?? {};
          return KEEP;
        }
        rebuilt = await rebuildSessionIndex(this.#deps.kv, this.#deps.logger);
        return rebuilt;
      })
      .catch((err: unknown) => this.#deps.logger.warn({ err }, 'could not write back the rebuilt session index; it is rebuilt again next time'));
    return rebuilt;
  }
}

/** The session index from the sessions' own rows (a scan: only when the index row cannot be read; store:check too). */
export async function rebuildSessionIndex(kv: KeyValueStore, logger: StoreLogger): Promise<Record<string, string>> {
  const channelIds: string[] = [];
  for await (const key of kv.keys('session:')) {
    const channelId = key.slice('session:'.length);
    if (!channelId.includes(':')) channelIds.push(channelId);
  }
  const values = await kv.getMany<Partial<StoredSessionValue>>(channelIds.map(sessionKey));
  const index: Record<string, string> = {};
  channelIds.forEach((channelId, i) => {
    const guildId = values[i]?.guildId;
    if (typeof guildId === 'string') index[channelId] = guildId;
  });
  logger.warn({ sessions: Object.keys(index).length }, 'session index rebuilt from the saved sessions');
  return index;
}

const sessionKey = (channelId: string): string => `session:${channelId}`;

const gameKey = (channelId: string): string => `session:${channelId}:game`;

const answersPrefix = (channelId: string): string => `session:${channelId}:answers:`;

const answersKey = (channelId: string, seq: number): string => `${answersPrefix(channelId)}${seq}`;

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

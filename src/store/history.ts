/**
 * Which quiz facts each server and practising player has been asked, and when (`history:guild:<id>`,
 * `history:user:<id>` = `{ factId: epoch ms }`), so a new game draws first from unseen facts. Keeps
 * the {@link MAX_HISTORY_FACTS} most recent (more than the bank holds), by compare-and-set.
 */
import type { KeyValueStore } from './kv.js';
import type { HistoryAudience, QuizHistoryRepository, StoreLogger } from './types.js';
import { assertId } from './errors.js';

export const MAX_HISTORY_FACTS = 1_000;
const FACT_ID_RE = /^[A-Za-z0-9:#._-]{1,120}$/;

function keyOf(audience: HistoryAudience): string {
  if ('guildId' in audience) {
    assertId('guildId', audience.guildId);
    return `history:guild:${audience.guildId}`;
  }
  assertId('userId', audience.userId);
  return `history:user:${audience.userId}`;
}

/** The entries of a stored value that are readable; anything else is dropped (and logged by the caller). */
function readEntries(value: unknown): [string, number][] | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return Object.entries(value as Record<string, unknown>).filter(
    (e): e is [string, number] => FACT_ID_RE.test(e[0]) && typeof e[1] === 'number' && Number.isFinite(e[1]),
  );
}

export class KeyvQuizHistoryRepository implements QuizHistoryRepository {

  readonly #deps: { readonly kv: KeyValueStore; readonly logger: StoreLogger };

  constructor(deps: { readonly kv: KeyValueStore; readonly logger: StoreLogger }) {
    this.#deps = deps;
  }

  async get(audience: HistoryAudience): Promise<ReadonlyMap<string, number>> {
    const key = keyOf(audience);
    return new Map(this.#entries(key, await this.#deps.kv.get<unknown>(key)));
  }

  async record(audience: HistoryAudience, factIds: readonly string[], at: number): Promise<void> {
    const key = keyOf(audience);
    const ids = factIds.filter((id) => FACT_ID_RE.test(id));
    if (ids.length === 0) return;
    await this.#deps.kv.update<unknown>(key, (value) => {
      const entries = new Map(this.#entries(key, value));
      for (const id of ids) {
        entries.delete(id);
        entries.set(id, at);
      }
      return Object.fromEntries([...entries].sort((a, b) => b[1] - a[1]).slice(0, MAX_HISTORY_FACTS));
    });
  }

  async delete(audience: HistoryAudience): Promise<void> {
    await this.#deps.kv.delete(keyOf(audience));
  }

  #entries(key: string, value: unknown): [string, number][] {
    if (value === undefined) return [];
    const entries = readEntries(value);
    if (!entries) {
      this.#deps.logger.warn({ key }, 'quiz history: unreadable value ignored; it is replaced on the next game');
      return [];
    }
    return entries;
  }
}

/**
 * `npm run store:check`: every key-value row checked as the bot reads it (rows.ts); unreadable rows
 * listed and, with `repair`, copied to `quarantine:<key>~<hash>` and deleted if still unchanged
 * (compare-and-set: safe while the bot runs); an unreadable session index is rebuilt instead.
 */
import { fullKey, quarantineKey, type QuarantineEntry } from './guarded.js';
import type { Backend } from './kv.js';
import { openBackend } from './open.js';
import { QUARANTINE_PREFIX, rowKind } from './rows.js';
import { rebuildSessionIndex } from './sessions.js';
import type { StoreClock, StoreLogger } from './types.js';

export interface UnreadableRowReport {
  /** Full key, as in the database: `bigcity:settings:123`. */
  readonly key: string;
  /** What kind of row it is: "guild settings", "score record", … */
  readonly kind: string;
  readonly reason: string;
  /** With repair: where its copy is, and whether the row was set aside (false: it changed meanwhile, or the write failed). */
  readonly repaired?: boolean;
  readonly quarantine?: string;
  readonly repairError?: string;
}

export interface StoreCheckReport {
  /** Rows read (without quarantined copies). */
  readonly rows: number;
  readonly unreadable: readonly UnreadableRowReport[];
  /** Copies of unreadable rows kept under `quarantine:` (after the repair, if any). */
  readonly quarantined: number;
}

export interface StoreCheckOptions {
  readonly logger: StoreLogger;
  readonly clock: StoreClock;
  readonly repair: boolean;
}

const CHUNK = 200;

/** @throws {StoreConfigError} / {@link StoreUnavailableError} when the store cannot be opened, as `openStore` does. */
export async function checkStore(url: string, options: StoreCheckOptions): Promise<StoreCheckReport> {
  const backend = await openBackend(url, { logger: options.logger, clock: options.clock });
  try {
    return await checkBackend(backend, options);
  } finally {
    await backend.close();
  }
}

async function checkBackend(backend: Backend, options: StoreCheckOptions): Promise<StoreCheckReport> {
  const { kv } = backend;
  const found: { key: string; reason: string; raw: string | undefined }[] = [];
  let rows = 0;
  let quarantined = 0;
  let batch: string[] = [];
  const flush = async (): Promise<void> => {
    const reads = await kv.readMany(batch);
    reads.forEach((read, i) => {
      const key = batch[i] as string;
      const problem = read.state === 'unreadable' ? read.reason : read.state === 'value' ? rowKind(key).problem(read.value) : undefined;
      if (problem !== undefined) found.push({ key, reason: problem, raw: read.state === 'absent' ? undefined : read.raw });
    });
    batch = [];
  };
  for await (const key of kv.keys('')) {
    if (key.startsWith(QUARANTINE_PREFIX)) {
      quarantined += 1;
      continue;
    }
    rows += 1;
    batch.push(key);
    if (batch.length >= CHUNK) await flush();
  }
  await flush();
  if (!options.repair) {
    return { rows, quarantined, unreadable: found.map(({ key, reason }) => ({ key: fullKey(key), kind: rowKind(key).label, reason })) };
  }

  const reports: UnreadableRowReport[] = [];
  for (const { key, reason, raw } of found) {
    const base = { key: fullKey(key), kind: rowKind(key).label, reason };
    if (raw === undefined) {
      reports.push({ ...base, repaired: false, repairError: 'the backend did not return the row as text' });
      continue;
    }
    const aside = quarantineKey(key, raw);
    try {
      const entry: QuarantineEntry = { key: fullKey(key), reason, foundAt: options.clock.now(), raw };
      if ((await kv.get(aside)) === undefined) {
        await kv.set(aside, entry);
        quarantined += 1;
      }
      // The session index is rebuilt from the sessions instead of left missing.
      const repaired = await kv.swap(key, raw, key === 'sessions:index' ? await rebuildSessionIndex(kv, options.logger) : undefined);
      reports.push({ ...base, repaired, quarantine: fullKey(aside) });
    } catch (error) {
      reports.push({ ...base, repaired: false, repairError: error instanceof Error ? error.message : String(error) });
    }
  }
  return { rows, quarantined, unreadable: reports };
}

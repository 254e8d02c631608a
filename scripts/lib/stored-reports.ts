/**
 * Question reports for the curator tools (`npm run reports`, `npm run data:check`): read from the
 * store `DATABASE_URL` names, and grouped by the fact they are about.
 *
 * A tool that only reads never creates a database: `memory://` holds nothing once the bot has
 * stopped, and a SQLite file that does not exist has no reports, so neither is opened.
 */
import { existsSync } from 'node:fs';
import { openStore } from '../../src/store/index.js';
import type { QuestionReport, StoreLogger } from '../../src/store/types.js';
import { parseDatabaseUrl } from '../../src/store/open.js';

/** Errors are the caller's to report; the rest of the store's log is not a curator's business. */
const QUIET: StoreLogger = { info() {}, warn() {}, error() {}, debug() {} };

/**
 * Every report in the store at `url`, oldest first; null when there is no store there to read.
 * @throws {StoreConfigError} / {StoreUnavailableError} when the store exists but cannot be opened.
 */
export async function readStoredReports(url: string, logger: StoreLogger = QUIET): Promise<QuestionReport[] | null> {
  const target = parseDatabaseUrl(url);
  if (target.ephemeral || (target.file !== undefined && !existsSync(target.file))) return null;
  const store = await openStore(url, { logger, clock: { now: () => Date.now() } });
  try {
    return await store.reports.all();
  } finally {
    await store.close();
  }
}

export interface FactReports {
  readonly factId: string;
  /** Oldest first. */
  readonly reports: readonly QuestionReport[];
  /** How many different servers its reports came from (DM practice not counted). */
  readonly servers: number;
}

/** Reports by fact: the most reported first (then by fact id), each fact's reports oldest first. */
export function groupByFact(reports: readonly QuestionReport[]): FactReports[] {
  const byFact = new Map<string, QuestionReport[]>();
  for (const report of reports) {
    const list = byFact.get(report.factId);
    if (list === undefined) byFact.set(report.factId, [report]);
    else list.push(report);
  }
  return [...byFact]
    .map(([factId, list]) => ({
      factId,
      reports: [...list].sort((a, b) => a.at - b.at),
      servers: new Set(list.flatMap((r) => (r.guildId === null ? [] : [r.guildId]))).size,
    }))
    .sort((a, b) => b.reports.length - a.reports.length || (a.factId < b.factId ? -1 : a.factId > b.factId ? 1 : 0));
}

/** "wrong-answer 2, unclear 1": a fact's reports counted by reason, the most given first. */
export function reasonCounts(reports: readonly QuestionReport[]): string {
  const counts = new Map<string, number>();
  for (const r of reports) counts.set(r.reason, (counts.get(r.reason) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([reason, n]) => `${reason} ${n}`)
    .join(', ');
}

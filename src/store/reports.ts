/**
 * Players' reports of questions that look wrong, for the curators: `report:guild:<G>:<user>:<question>`
 * (`report:dm:…` for practice in DMs), so a server's reports are one range of keys, and
 * `reported:<user>:<question>`, the marker that makes it one report per player per question, claimed
 * first by compare-and-set. Reports stay when the bot leaves a server: they are about the questions.
 */
import { StoreInputError } from './errors.js';
import { KEEP, type KeyValueStore } from './kv.js';
import type { QuestionReport, RecentReports, ReportOrigin, ReportReason, ReportRepository } from './types.js';
import { assertId } from './errors.js';

/** Every reason a report can give, in the order the form offers them. */
export const REPORT_REASONS = Object.freeze(['wrong-answer', 'several-answers', 'spoiler', 'unclear', 'other'] as const satisfies readonly ReportReason[]);
/** The longest note a report keeps (the form allows no more, and the store refuses more). */
export const MAX_REPORT_NOTE_LENGTH = 300;
/** `/config reports` shows at most this many. */
export const MAX_RECENT_REPORTS = 25;

const ORIGINS: readonly ReportOrigin[] = ['quiz', 'practice'];
/** Question ids as the generator makes them (`fact-x#1:false:2`); ':' is fine, it only ever ends a key. */
const QUESTION_ID_RE = /^[A-Za-z0-9#._:-]{1,100}$/;
const FACT_ID_RE = /^[A-Za-z0-9#._:-]{1,120}$/;
const REPORT_PREFIX = 'report:';

interface StoredReport extends QuestionReport {
  readonly v: 1;
}

interface StoredMarker {
  readonly v: 1;
  /** The report's key. */
  readonly key: string;
}

function assertQuestionId(value: unknown): asserts value is string {
  if (typeof value !== 'string' || !QUESTION_ID_RE.test(value)) {
    throw new StoreInputError('questionId must be 1–100 characters of A–Z, a–z, 0–9, "#", ".", "_", ":" or "-"');
  }
}

const guildPrefix = (guildId: string): string => `${REPORT_PREFIX}guild:${guildId}:`;

function reportKey(report: Pick<QuestionReport, 'guildId' | 'userId' | 'questionId'>): string {
  const scope = report.guildId === null ? `${REPORT_PREFIX}dm:` : guildPrefix(report.guildId);
  return `${scope}${report.userId}:${report.questionId}`;
}

const markerKey = (userId: string, questionId: string): string => `reported:${userId}:${questionId}`;

/** @throws {StoreInputError} naming the first field that is not what a report holds. */
function assertReport(report: QuestionReport): void {
  const problem = reportRowProblem({ ...report, v: 1 });
  if (problem !== undefined) throw new StoreInputError(`not a report: ${problem}`);
}

const isId = (value: unknown): value is string => typeof value === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(value);

/** Why a stored report row cannot be used, or undefined when it can (rows.ts checks every read with it). */
export function reportRowProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a report';
  const row = value as Record<string, unknown>;
  if (row['v'] !== 1) return 'not a report row (v: 1)';
  if (typeof row['questionId'] !== 'string' || !QUESTION_ID_RE.test(row['questionId'])) return 'no question id';
  if (typeof row['factId'] !== 'string' || !FACT_ID_RE.test(row['factId'])) return 'no fact id';
  if (!ORIGINS.includes(row['origin'] as ReportOrigin)) return 'origin is not quiz or practice';
  if (row['guildId'] !== null && !isId(row['guildId'])) return 'guildId is not an id or null';
  if (!isId(row['channelId'])) return 'no channel id';
  if (row['messageId'] !== null && !isId(row['messageId'])) return 'messageId is not an id or null';
  if (!isId(row['userId'])) return 'no user id';
  if (!(REPORT_REASONS as readonly unknown[]).includes(row['reason'])) return 'reason is not one of the form’s';
  if (typeof row['note'] !== 'string' || row['note'].length > MAX_REPORT_NOTE_LENGTH) return `note is not text of at most ${MAX_REPORT_NOTE_LENGTH} characters`;
  return typeof row['at'] === 'number' && Number.isFinite(row['at']) && Math.abs(row['at']) <= 8.64e15 ? undefined : 'at is not a time';
}

/** Why a stored "has reported" marker cannot be used, or undefined when it can. */
export function reportMarkerProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a report marker';
  const row = value as Record<string, unknown>;
  return row['v'] === 1 && typeof row['key'] === 'string' && row['key'].startsWith(REPORT_PREFIX) ? undefined : 'not a report marker (v: 1, key)';
}

function fromRow(row: StoredReport): QuestionReport {
  const { v: _v, ...report } = row;
  return report;
}

/** Newest first; the same moment is ordered by key, so a listing is stable. */
function newestFirst(a: { report: QuestionReport; key: string }, b: { report: QuestionReport; key: string }): number {
  return b.report.at - a.report.at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

export class KeyvReportRepository implements ReportRepository {
  readonly #deps: { readonly kv: KeyValueStore };

  constructor(deps: { readonly kv: KeyValueStore }) {
    this.#deps = deps;
  }

  async add(report: QuestionReport): Promise<'added' | 'duplicate'> {
    assertReport(report);
    const marker = markerKey(report.userId, report.questionId);
    const key = reportKey(report);
    // An unreadable marker (kept aside by the store) is replaced: the report is taken again.
    const claimed = await this.#deps.kv.update<StoredMarker>(marker, (held) => (held === undefined ? ({ v: 1, key } satisfies StoredMarker) : KEEP));
    if (!claimed) return 'duplicate';
    try {
      await this.#deps.kv.set(key, { v: 1, ...report } satisfies StoredReport);
    } catch (error) {
      // Without its report the marker would refuse the player's next try.
      await this.#deps.kv.delete(marker).catch(() => undefined);
      throw error;
    }
    return 'added';
  }

  async hasReported(userId: string, questionId: string): Promise<boolean> {
    assertId('userId', userId);
    assertQuestionId(questionId);
    return (await this.#deps.kv.get(markerKey(userId, questionId))) !== undefined;
  }

  async recent(guildId: string, limit = 10): Promise<RecentReports> {
    assertId('guildId', guildId);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RECENT_REPORTS) {
      throw new StoreInputError(`limit must be an integer from 1 to ${MAX_RECENT_REPORTS}`);
    }
    const found = (await this.#read(guildPrefix(guildId))).filter(({ report }) => report.guildId === guildId);
    found.sort(newestFirst);
    return { reports: found.slice(0, limit).map(({ report }) => report), total: found.length };
  }

  async all(): Promise<QuestionReport[]> {
    const found = await this.#read(REPORT_PREFIX);
    found.sort(newestFirst);
    return found.reverse().map(({ report }) => report);
  }

  /** Every readable report under a key prefix (unreadable rows are skipped and logged by the store). */
  async #read(prefix: string): Promise<{ report: QuestionReport; key: string }[]> {
    const keys: string[] = [];
    for await (const key of this.#deps.kv.keys(prefix)) keys.push(key);
    const values = await this.#deps.kv.getMany<StoredReport>(keys);
    const out: { report: QuestionReport; key: string }[] = [];
    values.forEach((value, i) => {
      if (value !== undefined) out.push({ report: fromRow(value), key: keys[i] as string });
    });
    return out;
  }
}

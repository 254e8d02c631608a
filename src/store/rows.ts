/**
 * What each kind of stored row must look like, by its key (without keyv's `bigcity:`): every read
 * is checked against it, and `npm run store:check` lists the rows that fail. A row fails only when
 * its repository could not use it at all; one bad field is repaired where it is read.
 */
import { reportMarkerProblem, reportRowProblem } from './reports.js';

export interface RowKind {
  /** For log lines: "unreadable <label> skipped". */
  readonly label: string;
  /** Why a value cannot be used, or undefined when it can. */
  problem(value: unknown): string | undefined;
}

/** Where copies of unreadable rows are kept: `quarantine:<key>~<hash of the row>`. */
export const QUARANTINE_PREFIX = 'quarantine:';
/** Written and deleted at start and while writes fail, to see whether the store takes writes. */
export const PROBE_KEY = 'health:probe';

const anyJson: RowKind['problem'] = () => undefined;

const KINDS: readonly (readonly [RegExp, RowKind])[] = [
  [/^settings:[^:]+$/, { label: 'guild settings', problem: settingsProblem }],
  [/^sessions:index$/, { label: 'session index', problem: sessionIndexProblem }],
  [/^session:[^:]+$/, { label: 'quiz session', problem: sessionProblem }],
  // The quiz engine owns what a game and an answer batch mean: any JSON will do here.
  [/^session:[^:]+:game$/, { label: 'quiz game', problem: anyJson }],
  [/^session:[^:]+:answers:\d+$/, { label: 'answer batch', problem: anyJson }],
  // An earlier release's scores, read once to move them into the score tables (scores-migrate.ts).
  [/^rec:/, { label: 'score record', problem: recordProblem }],
  [/^practice:[^:]+$/, { label: 'practice stats', problem: practiceProblem }],
  [/^journal:/, { label: 'commit journal', problem: (v) => (isJournalShape(v) ? undefined : 'not a commit journal') }],
  [/^lease:[^:]+$/, { label: 'quiz lease', problem: (v) => (isPlainObject(v) && typeof v['owner'] === 'string' && isNumber(v['expires']) ? undefined : 'not a lease {owner, expires}') }],
  [/^history:(guild|user):[^:]+$/, { label: 'quiz history', problem: (v) => (isPlainObject(v) ? undefined : 'not an object of fact ids') }],
  [/^report:(guild:[^:]+|dm):[^:]+:.+$/, { label: 'question report', problem: reportRowProblem }],
  [/^reported:[^:]+:.+$/, { label: 'report marker', problem: reportMarkerProblem }],
  [/^quarantine:/, { label: 'quarantined row', problem: quarantineProblem }],
  [/^health:probe$/, { label: 'write probe', problem: anyJson }],
];

const UNKNOWN: RowKind = { label: 'stored value', problem: anyJson };

export function rowKind(key: string): RowKind {
  for (const [pattern, kind] of KINDS) if (pattern.test(key)) return kind;
  return UNKNOWN;
}

/** The shape every commit journal of the earlier release has (scores-migrate.ts reads the rest). */
export function isJournalShape(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  return (
    value['v'] === 1 &&
    typeof value['guildId'] === 'string' &&
    typeof value['key'] === 'string' &&
    isNumber(value['at']) &&
    isNumber(value['createdAt']) &&
    ((value['kind'] === 'round' && Array.isArray(value['results']) && value['results'].every(isAnswerResult)) ||
      (value['kind'] === 'game' && Array.isArray(value['userIds']) && value['userIds'].every((id) => typeof id === 'string')))
  );
}

function isAnswerResult(value: unknown): boolean {
  return (
    isPlainObject(value) &&
    typeof value['userId'] === 'string' &&
    isCount(value['points']) &&
    typeof value['correct'] === 'boolean' &&
    isCount(value['streak'])
  );
}

function settingsProblem(value: unknown): string | undefined {
  if (!isPlainObject(value) || value['v'] !== 1) return 'not a settings row (v: 1)';
  return isPlainObject(value['settings']) ? undefined : 'no settings object';
}

function sessionIndexProblem(value: unknown): string | undefined {
  if (!isPlainObject(value)) return 'not an object of channel → guild';
  return Object.values(value).every((guildId) => typeof guildId === 'string') ? undefined : 'a guild id is not text';
}

function sessionProblem(value: unknown): string | undefined {
  if (!isPlainObject(value)) return 'not a session';
  if (typeof value['guildId'] !== 'string') return 'no guild id';
  if (!('state' in value)) return 'no state';
  return isNumber(value['updatedAt']) ? undefined : 'no updatedAt';
}

function recordProblem(value: unknown): string | undefined {
  if (!isPlainObject(value)) return 'not a score record';
  for (const field of ['points', 'correct', 'answered', 'gamesPlayed', 'bestStreak'] as const) {
    if (!isCount(value[field])) return `${field} is not a whole number ≥ 0`;
  }
  if (!isNumber(value['lastPlayed'])) return 'lastPlayed is not a time';
  const recent = value['recent'];
  return Array.isArray(recent) && recent.every((tag) => typeof tag === 'string') ? undefined : 'recent is not a list of tags';
}

function practiceProblem(value: unknown): string | undefined {
  return isPlainObject(value) && isCount(value['answered']) && isCount(value['correct']) ? undefined : 'not practice stats';
}

function quarantineProblem(value: unknown): string | undefined {
  return isPlainObject(value) && typeof value['key'] === 'string' ? undefined : 'not a quarantine entry';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

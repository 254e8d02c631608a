/**
 * Scores and leaderboards on a plain key-value store.
 *
 * Boards: per guild `guild:<G>:all`, `guild:<G>:<YYYY-MM>` and `guild:<G>:<YYYY-Www>`; across guilds
 * `global:all`, `global:<YYYY-MM>` and `global:<YYYY-Www>` (UTC month and ISO week of the answer).
 * Every round lands on the six boards of its guild.
 *
 * Keys (all under keyv's `bigcity:` namespace):
 * - `rec:<board>:<userId>`  a player's {@link BoardRecord} on a board
 * - `top:<board>`, `sum:<board>`, `bkt:<board>:<n>`  the board's leaderboard index (leaderboard-index.ts)
 * - `practice:<userId>`  practice stats, never on a board
 * - `journal:<kind>:<guildId>:<key>`  a commit in progress
 *
 * No lost updates: each board's records and index are only modified under the lock `board:<board>`.
 * Crash safety without transactions: a commit first writes its whole batch as a journal entry, then
 * applies it board by board (player records first, then the index), then deletes the journal. Records
 * remember the tags of the commits they absorbed ({@link RECENT_TAGS} of them), so a replay of the
 * journal (by `recover()` at start, or by a retry with the same key) never counts a point twice; the
 * replay then rebuilds the touched boards' indexes from their records. The same tags make a repeated
 * commit a no-op, as long as the player has not absorbed {@link RECENT_TAGS} newer commits on that board
 * since (a restarted quiz re-commits its last question only).
 */
import { createHash } from 'node:crypto';
import { StoreInputError } from './errors.js';
import type { KeyValueEntry, KeyValueStore } from './kv.js';
import {
  EMPTY_SUMMARY,
  MAX_LEADERBOARD_LIMIT,
  applyToHistogram,
  bucketOf,
  buildIndex,
  mergeTop,
  rankFromHistogram,
  rankInTop,
  touchedBuckets,
  type BoardSummary,
  type PointsBucket,
  type PointsChange,
  type TopEntry,
} from './leaderboard-index.js';
import { monthKey } from './month.js';
import { weekKey } from './week.js';
import { isJournalShape } from './rows.js';
import type {
  AnswerResult,
  CommitOutcome,
  CommitStep,
  CrashHook,
  Leaderboard,
  LeaderboardEntry,
  LeaderboardOptions,
  Locker,
  PracticeStats,
  RankedUserStats,
  RecoveryReport,
  ScorePeriod,
  ScoreRepository,
  ScoreScope,
  StoreClock,
  StoreLogger,
  UserStats,
} from './types.js';
import { assertId, assertIdempotencyKey, assertInteger, assertTime } from './validate.js';

/** Commit tags a player record remembers per board (the replay window of an interrupted commit). */
export const RECENT_TAGS = 24;
/** Largest number of points one answer may carry; guards against a caller bug inflating a board. */
export const MAX_POINTS_PER_ANSWER = 100_000;
const MAX_RESULTS_PER_ROUND = 10_000;
const SCAN_CHUNK = 500;

/** What is stored per player per board. */
export interface BoardRecord extends UserStats {
  /** Tags of the last commits applied to this record, newest last. */
  readonly recent: readonly string[];
}

type Journal =
  | (JournalBase & { readonly kind: 'round'; readonly results: readonly AnswerResult[] })
  | (JournalBase & { readonly kind: 'game'; readonly userIds: readonly string[] });

interface JournalBase {
  readonly v: 1;
  readonly guildId: string;
  readonly key: string;
  /** When the play happened; decides the monthly and weekly boards. */
  readonly at: number;
  /** When the commit started; a board reset after this instant is not written to. */
  readonly createdAt: number;
}

export interface ScoreRepositoryDeps {
  readonly kv: KeyValueStore;
  readonly locker: Locker;
  readonly clock: StoreClock;
  readonly logger: StoreLogger;
  readonly crashHook?: CrashHook | undefined;
}

const keys = {
  record: (board: string, userId: string) => `rec:${board}:${userId}`,
  recordPrefix: (board: string) => `rec:${board}:`,
  top: (board: string) => `top:${board}`,
  summary: (board: string) => `sum:${board}`,
  guildSummaryPrefix: (guildId: string) => `sum:guild:${guildId}:`,
  bucket: (board: string, index: number) => `bkt:${board}:${index}`,
  bucketPrefix: (board: string) => `bkt:${board}:`,
  practice: (userId: string) => `practice:${userId}`,
  journalPrefix: 'journal:',
  journal: (j: Pick<Journal, 'kind' | 'guildId' | 'key'>) => `journal:${j.kind}:${j.guildId}:${j.key}`,
} as const;

/** The board id of a scope and period at an instant. */
export function boardId(scope: ScoreScope, period: ScorePeriod, at: number): string {
  const suffix = period === 'all-time' ? 'all' : period === 'month' ? monthKey(at) : weekKey(at);
  return scope === 'global' ? `global:${suffix}` : `guild:${scope.guildId}:${suffix}`;
}

export class KeyvScoreRepository implements ScoreRepository {
  readonly #kv: KeyValueStore;
  readonly #locker: Locker;
  readonly #clock: StoreClock;
  readonly #logger: StoreLogger;
  readonly #crashHook: CrashHook | undefined;

  constructor(deps: ScoreRepositoryDeps) {
    this.#kv = deps.kv;
    this.#locker = deps.locker;
    this.#clock = deps.clock;
    this.#logger = deps.logger;
    this.#crashHook = deps.crashHook;
  }

  /**
   * @throws {StoreInputError} on a bad id or key, a duplicate player, or points/streak that are not integers ≥ 0.
   * @throws {LockTimeoutError} when another process holds a board for longer than the lock timeout.
   * @throws {LockLostError} when a lock lease ran out mid-commit and another process took it over; the
   *   journal stays, so `recover()` or a retry with the same key completes the commit exactly once.
   */
  async commitRound(
    guildId: string,
    idempotencyKey: string,
    results: readonly AnswerResult[],
    at?: number,
  ): Promise<CommitOutcome> {
    assertId('guildId', guildId);
    assertIdempotencyKey(idempotencyKey);
    const when = at ?? this.#clock.now();
    assertTime('at', when);
    if (!Array.isArray(results) || results.length > MAX_RESULTS_PER_ROUND) {
      throw new StoreInputError(`results must be an array of at most ${MAX_RESULTS_PER_ROUND} answers`);
    }
    const seen = new Set<string>();
    const copy: AnswerResult[] = [];
    for (const result of results) {
      assertId('userId', result.userId);
      if (seen.has(result.userId)) throw new StoreInputError(`player ${result.userId} appears twice in one round`);
      seen.add(result.userId);
      assertInteger('points', result.points, 0, MAX_POINTS_PER_ANSWER);
      assertInteger('streak', result.streak, 0, Number.MAX_SAFE_INTEGER);
      if (typeof result.correct !== 'boolean') throw new StoreInputError('correct must be a boolean');
      copy.push({ userId: result.userId, points: result.points, correct: result.correct, streak: result.streak });
    }
    if (copy.length === 0) return { applied: false };
    return this.#commit({
      v: 1,
      kind: 'round',
      guildId,
      key: idempotencyKey,
      at: when,
      createdAt: this.#clock.now(),
      results: copy,
    });
  }

  /**
   * @throws {StoreInputError} on a bad id or key, or a duplicate player.
   * @throws {LockTimeoutError} when another process holds a board for longer than the lock timeout.
   * @throws {LockLostError} as {@link commitRound} does.
   */
  async recordGame(
    guildId: string,
    idempotencyKey: string,
    userIds: readonly string[],
    at?: number,
  ): Promise<CommitOutcome> {
    assertId('guildId', guildId);
    assertIdempotencyKey(idempotencyKey);
    const when = at ?? this.#clock.now();
    assertTime('at', when);
    if (!Array.isArray(userIds) || userIds.length > MAX_RESULTS_PER_ROUND) {
      throw new StoreInputError(`userIds must be an array of at most ${MAX_RESULTS_PER_ROUND} players`);
    }
    for (const userId of userIds) assertId('userId', userId);
    if (new Set(userIds).size !== userIds.length) throw new StoreInputError('a player appears twice in one game');
    if (userIds.length === 0) return { applied: false };
    return this.#commit({
      v: 1,
      kind: 'game',
      guildId,
      key: idempotencyKey,
      at: when,
      createdAt: this.#clock.now(),
      userIds: [...userIds],
    });
  }

  /** @throws {StoreInputError} on a bad user id. */
  async recordPractice(userId: string, correct: boolean): Promise<PracticeStats> {
    assertId('userId', userId);
    const key = keys.practice(userId);
    return this.#locker.withLock(key, async () => {
      const before = (await this.#kv.get<PracticeStats>(key)) ?? { answered: 0, correct: 0 };
      const after = { answered: before.answered + 1, correct: before.correct + (correct ? 1 : 0) };
      await this.#kv.set(key, after);
      return after;
    });
  }

  /** @throws {StoreInputError} on a bad user id. */
  async practiceStats(userId: string): Promise<PracticeStats> {
    assertId('userId', userId);
    return (await this.#kv.get<PracticeStats>(keys.practice(userId))) ?? { answered: 0, correct: 0 };
  }

  /** @throws {StoreInputError} on a bad id. */
  async stats(userId: string, scope: ScoreScope, period: ScorePeriod): Promise<RankedUserStats | undefined> {
    assertId('userId', userId);
    const board = this.#board(scope, period);
    const [record] = await this.#kv.getMany<BoardRecord>([keys.record(board, userId)]);
    if (record === undefined) return undefined;
    const rec = record;
    const [sum, bucket] = await this.#readIndexOf(board, (index) => [
      index.summary,
      index.bucket(bucketOf(rec.points)),
    ] as const);
    return {
      ...publicStats(rec),
      rank: rankFromHistogram(rec.points, sum, bucket),
      players: sum.players,
    };
  }

  /** @throws {StoreInputError} on a bad id or a limit outside 1…{@link MAX_LEADERBOARD_LIMIT}. */
  async leaderboard(scope: ScoreScope, period: ScorePeriod, options: LeaderboardOptions = {}): Promise<Leaderboard> {
    const limit = options.limit ?? 10;
    assertInteger('limit', limit, 1, MAX_LEADERBOARD_LIMIT);
    if (options.userId !== undefined) assertId('userId', options.userId);
    const board = this.#board(scope, period);
    const [top, summary] = await this.#readIndexOf(board, (index) => [index.top, index.summary] as const);
    const shown = top.slice(0, limit);
    const records = await this.#kv.getMany<BoardRecord>(shown.map((entry) => keys.record(board, entry.userId)));
    const entries: LeaderboardEntry[] = shown.map((entry, i) => ({
      rank: rankInTop(top, entry.points),
      userId: entry.userId,
      points: entry.points,
      correct: records[i]?.correct ?? 0,
      answered: records[i]?.answered ?? 0,
    }));
    const board_: Leaderboard = { entries, total: summary.players };
    if (options.userId === undefined) return board_;
    const userId = options.userId;
    const listed = entries.find((entry) => entry.userId === userId);
    if (listed !== undefined) return { ...board_, me: listed };
    const record = await this.#kv.get<BoardRecord>(keys.record(board, userId));
    if (record === undefined) return board_;
    const [bucket] = await this.#readIndexOf(board, (index) => [index.bucket(bucketOf(record.points))] as const);
    return {
      ...board_,
      me: {
        rank: rankFromHistogram(record.points, summary, bucket),
        userId,
        points: record.points,
        correct: record.correct,
        answered: record.answered,
      },
    };
  }

  /**
   * @throws {StoreInputError} on a bad guild id.
   * @throws {LockTimeoutError} when another process holds one of the boards for longer than the lock timeout.
   */
  async resetGuild(guildId: string, period: ScorePeriod): Promise<void> {
    assertId('guildId', guildId);
    const now = this.#clock.now();
    const boards = new Set<string>([boardId({ guildId }, period, now)]);
    if (period === 'all-time') {
      // The current boards get their reset mark even before anything was written to them, so
      // that a commit begun before the reset cannot land on them afterwards.
      boards.add(boardId({ guildId }, 'month', now));
      boards.add(boardId({ guildId }, 'week', now));
      const prefix = keys.guildSummaryPrefix(guildId);
      for await (const key of this.#kv.keys(prefix)) boards.add(`guild:${guildId}:${key.slice(prefix.length)}`);
    }
    let players = 0;
    for (const board of [...boards].sort()) {
      players += await this.#locker.withLock(`board:${board}`, async () => {
        const removed = await this.#deleteAll(keys.recordPrefix(board));
        await this.#deleteAll(keys.bucketPrefix(board));
        await this.#kv.delete(keys.top(board));
        const wiped: BoardSummary = { players: 0, buckets: {}, resetAt: now };
        await this.#kv.set(keys.summary(board), wiped);
        return removed;
      });
    }
    this.#logger.info({ guildId, period, boards: [...boards], records: players }, 'guild leaderboard reset');
  }

  /** Completes commits interrupted by a crash (see the module comment). */
  async recover(): Promise<RecoveryReport> {
    const journalKeys: string[] = [];
    for await (const key of this.#kv.keys(keys.journalPrefix)) journalKeys.push(key);
    const replayed: { key: string; journal: Journal }[] = [];
    const boards = new Set<string>();
    for (const key of journalKeys) {
      await this.#locker.withLock(`commit:${key}`, async () => {
        const journal = await this.#kv.get<Journal>(key);
        // Finished meanwhile by its own process, or a format this build does not know.
        if (journal === undefined) return;
        if (!isJournal(journal)) {
          this.#logger.error({ journal: key }, 'unreadable commit journal left in place');
          return;
        }
        await this.#applyRecords(journal);
        // Every board, not only those changed now: the crash may have come after the records, before the index.
        for (const board of boardsOf(journal)) boards.add(board);
        replayed.push({ key, journal });
      });
    }
    const rebuilt = [...boards].sort();
    for (const board of rebuilt) await this.#rebuildIndex(board);
    for (const { key, journal } of replayed) {
      await this.#locker.withLock(`commit:${key}`, async () => {
        // Only the attempt replayed above; a later attempt with the same key is not ours to drop.
        const current = await this.#kv.get<Journal>(key);
        if (current !== undefined && current.createdAt === journal.createdAt) await this.#kv.delete(key);
      });
    }
    if (replayed.length > 0) {
      this.#logger.warn({ journals: replayed.length, boards: rebuilt }, 'completed commits interrupted by a crash');
    }
    return { journals: replayed.length, boardsRebuilt: rebuilt };
  }

  /**
   * Rebuilds a board's leaderboard index from its player records (a scan), under the board's lock.
   * For `npm run store:check -- --repair`, after damaged rows of the board were set aside.
   */
  async repairBoard(board: string): Promise<void> {
    await this.#rebuildIndex(board);
  }

  // -------------------------------------------------------------------------------------------

  #board(scope: ScoreScope, period: ScorePeriod): string {
    if (scope !== 'global') assertId('guildId', scope.guildId);
    return boardId(scope, period, this.#clock.now());
  }

  async #commit(journal: Journal): Promise<CommitOutcome> {
    const journalKey = keys.journal(journal);
    return this.#locker.withLock(`commit:${journalKey}`, async () => {
      const pending = await this.#kv.get<Journal>(journalKey);
      if (pending !== undefined && isJournal(pending)) {
        // An earlier attempt died part-way: finish it with its own content, then repair the indexes.
        this.#logger.warn({ journal: journalKey }, 'finishing an interrupted commit');
        await this.#applyRecords(pending);
        for (const board of boardsOf(pending)) await this.#rebuildIndex(board);
        await this.#kv.delete(journalKey);
        // The earlier attempt had not completed: this call is the one that made the commit whole.
        return { applied: true };
      }
      await this.#kv.set(journalKey, journal);
      this.#step('journal-written', { journal: journalKey });
      // The six boards are independent (each has its own lock), so they are written concurrently;
      // all of them settle before the outcome, so that a failure never leaves a write running unseen.
      const outcomes = await Promise.allSettled(
        boardsOf(journal).map((board) => this.#applyToBoard(board, journal, true)),
      );
      const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      if (failed !== undefined) throw failed.reason;
      await this.#kv.delete(journalKey);
      const changed = outcomes.reduce((sum, o) => sum + (o.status === 'fulfilled' ? o.value : 0), 0);
      return { applied: changed > 0 };
    });
  }

  /** Applies a journal's records to every board, without touching the indexes. */
  async #applyRecords(journal: Journal): Promise<void> {
    for (const board of boardsOf(journal)) await this.#applyToBoard(board, journal, false);
  }

  /** Returns how many player records changed. */
  async #applyToBoard(board: string, journal: Journal, updateIndex: boolean): Promise<number> {
    const journalKey = keys.journal(journal);
    const tag = tagOf(journal);
    return this.#locker.withLock(`board:${board}`, async () => {
      const userIds = journal.kind === 'round' ? journal.results.map((r) => r.userId) : journal.userIds;
      const recordKeys = userIds.map((userId) => keys.record(board, userId));
      const [summaryRead, ...recordReads] = await this.#kv.readMany([keys.summary(board), ...recordKeys]);
      const summary = summaryRead?.state === 'value' ? (summaryRead.value as BoardSummary) : EMPTY_SUMMARY;
      const records = recordReads.map((read) => (read.state === 'value' ? read.value : undefined));
      // A damaged record is replaced by a fresh one (its text is kept aside by the store); the
      // incremental index update cannot know what it counted, so the index is rebuilt instead.
      const damaged = summaryRead?.state === 'unreadable' || recordReads.some((read) => read.state === 'unreadable');
      if (summary.resetAt !== undefined && summary.resetAt > journal.createdAt) {
        this.#logger.info({ board, journal: journalKey }, 'board was reset after this commit began; skipped');
        return 0;
      }
      const before = records as (BoardRecord | undefined)[];
      const writes: KeyValueEntry[] = [];
      const changes: PointsChange[] = [];
      userIds.forEach((userId, i) => {
        const previous = before[i];
        if (previous?.recent.includes(tag)) return;
        const next = applyJournal(previous, journal, i, tag);
        writes.push({ key: keys.record(board, userId), value: next });
        if (previous === undefined || previous.points !== next.points) {
          changes.push({ userId, before: previous?.points, after: next.points });
        }
      });
      if (writes.length === 0) return 0;
      await this.#kv.setMany(writes);
      this.#step('records-written', { journal: journalKey, board });
      if (updateIndex) {
        if (damaged) await this.#rebuildIndexLocked(board);
        else if (changes.length > 0) await this.#updateIndex(board, summary, changes);
        this.#step('index-written', { journal: journalKey, board });
      }
      return writes.length;
    });
  }

  /** Caller holds `board:<board>`. */
  async #updateIndex(board: string, summary: BoardSummary, changes: readonly PointsChange[]): Promise<void> {
    const indexes = touchedBuckets(changes);
    const reads = await this.#kv.readMany([keys.top(board), ...indexes.map((index) => keys.bucket(board, index))]);
    if (reads.some((read) => read.state === 'unreadable')) {
      await this.#rebuildIndexLocked(board);
      return;
    }
    const [topRead, ...bucketReads] = reads;
    const top = mergeTop(topRead?.state === 'value' ? (topRead.value as TopEntry[]) : [], changes);
    const current = new Map<number, PointsBucket>();
    indexes.forEach((index, i) => {
      const read = bucketReads[i];
      current.set(index, read?.state === 'value' ? (read.value as PointsBucket) : []);
    });
    const next = applyToHistogram(summary, current, changes);
    const writes: KeyValueEntry[] = [
      { key: keys.top(board), value: top },
      { key: keys.summary(board), value: next.summary },
    ];
    const deletes: string[] = [];
    for (const [index, bucket] of next.buckets) {
      if (bucket.length === 0) deletes.push(keys.bucket(board, index));
      else writes.push({ key: keys.bucket(board, index), value: bucket });
    }
    await this.#kv.setMany(writes);
    if (deletes.length > 0) await this.#kv.deleteMany(deletes);
  }

  /**
   * A board's index rows, picked by `pick`; when one of them cannot be read, the index is rebuilt
   * from the player records first (a scan, once: the rebuilt rows replace the damaged ones).
   * Should the rebuild fail, the damaged rows read as empty.
   */
  async #readIndexOf<const K extends readonly IndexRow[]>(
    board: string,
    pick: (index: IndexRows) => K,
  ): Promise<{ -readonly [I in keyof K]: K[I] extends IndexRow<infer T> ? T : never }> {
    const rows = pick(indexRows(board));
    const read = async () => this.#kv.readMany(rows.map((row) => row.key));
    let reads = await read();
    if (reads.some((r) => r.state === 'unreadable')) {
      this.#logger.warn({ board }, 'leaderboard index unreadable; rebuilding it from the player records');
      try {
        await this.#rebuildIndex(board);
        reads = await read();
      } catch (err) {
        this.#logger.error({ err, board }, 'could not rebuild the leaderboard index');
      }
    }
    return rows.map((row, i) => {
      const r = reads[i];
      return r?.state === 'value' ? r.value : row.empty;
    }) as { -readonly [I in keyof K]: K[I] extends IndexRow<infer T> ? T : never };
  }

  /** Recomputes a board's index from its player records (a scan: recovery and repair only). */
  async #rebuildIndex(board: string): Promise<void> {
    await this.#locker.withLock(`board:${board}`, () => this.#rebuildIndexLocked(board));
  }

  /** Caller holds `board:<board>`. */
  async #rebuildIndexLocked(board: string): Promise<void> {
    const summary = await this.#kv.get<BoardSummary>(keys.summary(board));
    const prefix = keys.recordPrefix(board);
    const players: TopEntry[] = [];
    let batch: string[] = [];
    const flush = async (): Promise<void> => {
      const records = await this.#kv.getMany<BoardRecord>(batch);
      batch.forEach((key, i) => {
        const record = records[i];
        if (record !== undefined) players.push({ userId: key.slice(prefix.length), points: record.points });
      });
      batch = [];
    };
    for await (const key of this.#kv.keys(prefix)) {
      batch.push(key);
      if (batch.length >= SCAN_CHUNK) await flush();
    }
    await flush();
    const built = buildIndex(players, summary?.resetAt);
    const stale: string[] = [];
    for await (const key of this.#kv.keys(keys.bucketPrefix(board))) {
      const index = Number(key.slice(keys.bucketPrefix(board).length));
      if (!built.buckets.has(index)) stale.push(key);
    }
    const writes: KeyValueEntry[] = [
      { key: keys.top(board), value: built.top },
      { key: keys.summary(board), value: built.summary },
    ];
    for (const [index, bucket] of built.buckets) writes.push({ key: keys.bucket(board, index), value: bucket });
    await this.#kv.setMany(writes);
    await this.#kv.deleteMany(stale);
  }

  /** Deletes every key with a prefix; returns how many. */
  async #deleteAll(prefix: string): Promise<number> {
    let count = 0;
    let batch: string[] = [];
    for await (const key of this.#kv.keys(prefix)) {
      batch.push(key);
      if (batch.length >= SCAN_CHUNK) {
        await this.#kv.deleteMany(batch);
        count += batch.length;
        batch = [];
      }
    }
    if (batch.length > 0) await this.#kv.deleteMany(batch);
    return count + batch.length;
  }

  #step(step: CommitStep, detail: { journal: string; board?: string }): void {
    this.#crashHook?.(step, detail);
  }
}

/** One row of a board's leaderboard index, with what it reads as when absent. */
interface IndexRow<T = unknown> {
  readonly key: string;
  readonly empty: T;
}

interface IndexRows {
  readonly top: IndexRow<readonly TopEntry[]>;
  readonly summary: IndexRow<BoardSummary>;
  bucket(index: number): IndexRow<PointsBucket | undefined>;
}

function indexRows(board: string): IndexRows {
  return {
    top: { key: keys.top(board), empty: [] },
    summary: { key: keys.summary(board), empty: EMPTY_SUMMARY },
    bucket: (index) => ({ key: keys.bucket(board, index), empty: undefined }),
  };
}

function boardsOf(journal: Journal): string[] {
  const scope = { guildId: journal.guildId };
  return [
    boardId(scope, 'all-time', journal.at),
    boardId(scope, 'month', journal.at),
    boardId(scope, 'week', journal.at),
    boardId('global', 'all-time', journal.at),
    boardId('global', 'month', journal.at),
    boardId('global', 'week', journal.at),
  ];
}

/** A short, fixed-size stand-in for a commit's identity, stored in the records that absorbed it. */
function tagOf(journal: Pick<Journal, 'kind' | 'guildId' | 'key'>): string {
  return createHash('sha256').update(`${journal.kind}\n${journal.guildId}\n${journal.key}`).digest('base64url').slice(0, 16);
}

function applyJournal(previous: BoardRecord | undefined, journal: Journal, index: number, tag: string): BoardRecord {
  const base: BoardRecord = previous ?? {
    points: 0,
    correct: 0,
    answered: 0,
    gamesPlayed: 0,
    bestStreak: 0,
    lastPlayed: journal.at,
    recent: [],
  };
  const recent = [...base.recent, tag].slice(-RECENT_TAGS);
  const lastPlayed = Math.max(base.lastPlayed, journal.at);
  if (journal.kind === 'game') return { ...base, gamesPlayed: base.gamesPlayed + 1, lastPlayed, recent };
  const result = journal.results[index];
  if (result === undefined) throw new RangeError(`no result ${index} in journal ${journal.key}`);
  return {
    points: base.points + result.points,
    correct: base.correct + (result.correct ? 1 : 0),
    answered: base.answered + 1,
    gamesPlayed: base.gamesPlayed,
    bestStreak: Math.max(base.bestStreak, result.streak),
    lastPlayed,
    recent,
  };
}

function publicStats(record: BoardRecord): UserStats {
  return {
    points: record.points,
    correct: record.correct,
    answered: record.answered,
    gamesPlayed: record.gamesPlayed,
    bestStreak: record.bestStreak,
    lastPlayed: record.lastPlayed,
  };
}

function isJournal(value: unknown): value is Journal {
  return isJournalShape(value);
}

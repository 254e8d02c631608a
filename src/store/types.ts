/**
 * The store's public contracts. Callers (commands, the quiz engine, the entry point) depend on
 * these interfaces only; `openStore` picks the implementation from `DATABASE_URL`.
 */
import type { SpoilerSetting } from '../data/spoilers.js';
import type { Lang } from '../i18n/lang.js';

/** The subset of a pino logger the store uses; pino's `Logger` satisfies it. */
export interface StoreLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

/** Wall-clock source (epoch milliseconds), injected so months, caches and leases are testable. */
export interface StoreClock {
  now(): number;
}

export interface OpenStoreOptions {
  readonly logger: StoreLogger;
  readonly clock: StoreClock;
  /** How long a cached guild-settings read is trusted before re-reading (other processes' changes). Default 5,000 ms. */
  readonly settingsCacheTtlMs?: number;
  /** SQLite: how long a statement waits for another connection's write lock. Default 5,000 ms. */
  readonly busyTimeoutMs?: number;
  /** Writes failing without a break for longer than this make the store unusable ({@link Store.onUnusable}). Default 30,000 ms. */
  readonly unusableAfterMs?: number;
  /** How often the database file's identity and writability are checked (and a failing store probed). Default 5,000 ms. */
  readonly healthCheckIntervalMs?: number;
}

/**
 * `ok`; `failing` since the first of an unbroken run of failed writes (epoch ms by the store's clock);
 * `unusable` for good: the process should exit so that a supervisor restarts it.
 */
export type StoreHealth =
  | { readonly state: 'ok' }
  | { readonly state: 'failing'; readonly since: number; readonly cause: string }
  | { readonly state: 'unusable'; readonly cause: string };

export interface UnusableProblem {
  /** Short, for logs: `SQLITE_READONLY: attempt to write a readonly database`, `the database file was deleted`. */
  readonly cause: string;
  /** One line for the operator, naming the file and what to do. */
  readonly message: string;
}

/** One player's outcome for one question. */
export interface AnswerResult {
  readonly userId: string;
  /** Points gained, an integer ≥ 0. */
  readonly points: number;
  readonly correct: boolean;
  /** The player's consecutive-correct streak after this answer (0 after a wrong answer). */
  readonly streak: number;
}

export type ScoreScope = { readonly guildId: string } | 'global';
/** `month`: the UTC calendar month; `week`: the ISO 8601 week (Monday to Sunday, UTC). */
export type ScorePeriod = 'all-time' | 'month' | 'week';

export interface UserStats {
  readonly points: number;
  readonly correct: number;
  readonly answered: number;
  readonly gamesPlayed: number;
  readonly bestStreak: number;
  /** Epoch ms of the latest answer or game counted on this board. */
  readonly lastPlayed: number;
}

/** A player's stats on one board, with their rank there. */
export interface RankedUserStats extends UserStats {
  /** 1 + the number of players with strictly more points (ties share a rank). */
  readonly rank: number;
  /** Number of players on the board. */
  readonly players: number;
}

export type PracticeStats = Pick<UserStats, 'answered' | 'correct'>;

export type LeaderboardEntry = Pick<RankedUserStats, 'rank' | 'points' | 'correct' | 'answered'> & { readonly userId: string };

export interface Leaderboard {
  readonly entries: readonly LeaderboardEntry[];
  /** Number of players on the board. */
  readonly total: number;
  /** The asking player's line, when `userId` was given and that player is on the board. */
  readonly me?: LeaderboardEntry;
}

export interface LeaderboardOptions {
  /** 1…{@link MAX_LEADERBOARD_LIMIT}; default 10. */
  readonly limit?: number;
  readonly userId?: string;
}

export interface CommitOutcome {
  /** True when this call made the commit count; false when its key was applied already, or there was nothing to apply. */
  readonly applied: boolean;
}

export interface ScoreRepository {
  /** Applies one question's results to the guild's and the global boards (all-time, month and week). */
  commitRound(guildId: string, idempotencyKey: string, results: readonly AnswerResult[], at?: number): Promise<CommitOutcome>;
  /** Counts one game for each player, once per idempotency key. */
  recordGame(guildId: string, idempotencyKey: string, userIds: readonly string[], at?: number): Promise<CommitOutcome>;
  recordPractice(userId: string, correct: boolean): Promise<PracticeStats>;
  practiceStats(userId: string): Promise<PracticeStats>;
  stats(userId: string, scope: ScoreScope, period: ScorePeriod): Promise<RankedUserStats | undefined>;
  leaderboard(scope: ScoreScope, period: ScorePeriod, options?: LeaderboardOptions): Promise<Leaderboard>;
  /** Wipes a guild's current month or week board, or (`all-time`) all its boards; the global boards keep their points. */
  resetGuild(guildId: string, period: ScorePeriod): Promise<void>;
}

export type QuizDifficulty = 'easy' | 'medium' | 'hard' | 'mixed';

export interface QuizDefaults {
  readonly rounds: number;
  readonly seconds: number;
  readonly difficulty: QuizDifficulty;
  readonly spoilers: SpoilerSetting;
}

export interface GuildSettings {
  /** Channels where `/quiz start` is allowed; empty = anywhere. */
  readonly quizChannels: readonly string[];
  readonly maxSpoilers: SpoilerSetting;
  /** Role required to start/stop quizzes (besides Manage Server); null = anyone. */
  readonly quizRole: string | null;
  /** Role the quiz intro mentions, so members who opted in hear about it; null = nobody is pinged. */
  readonly quizPing: string | null;
  readonly defaults: QuizDefaults;
  /** The language of public quiz messages; null = Korean when the server's preferred locale is Korean, else English. */
  readonly language: Lang | null;
  /**
   * Where each channel's group is on the spoiler tracks (`/watchparty progress`), by channel id:
   * the default for quizzes and the horizon of look-ups there, within `maxSpoilers`. At most
   * `MAX_PROGRESS_CHANNELS` channels; a channel not listed follows the server's settings.
   */
  readonly channelProgress: Readonly<Record<string, SpoilerSetting>>;
}

/** The settings to change; `channelProgress` replaces the whole map (use a function patch to change one channel). */
export type GuildSettingsPatch = Partial<Omit<GuildSettings, 'defaults'>> & { readonly defaults?: Partial<QuizDefaults> };

export interface SettingsChange {
  readonly before: GuildSettings;
  readonly after: GuildSettings;
}

export interface GuildSettingsRepository {
  get(guildId: string): Promise<GuildSettings>;
  /**
   * Applies a patch, or a function of the settings as stored that returns one (by compare-and-set:
   * for changes such as adding to a list). @throws {SettingsValidationError} when the patch is invalid.
   */
  update(guildId: string, change: GuildSettingsPatch | ((before: GuildSettings) => GuildSettingsPatch)): Promise<SettingsChange>;
  delete(guildId: string): Promise<void>;
}

export interface StoredSession {
  readonly channelId: string;
  readonly guildId: string;
  /** Whatever JSON the quiz engine persisted. */
  readonly state: unknown;
  readonly updatedAt: number;
}

/**
 * A channel's quiz, kept in parts so that each write is proportional to what changed: the state
 * (rewritten at each step of the game), the game's fixed part (written once) and an append-only
 * log of answer batches. What the values mean is the quiz engine's business.
 */
export interface SessionRepository {
  /** Replaces the channel's state. */
  put(channelId: string, guildId: string, state: unknown): Promise<void>;
  get(channelId: string): Promise<StoredSession | undefined>;
  /** Writes the fixed part of the channel's game (replacing the previous game's). */
  putGame(channelId: string, game: unknown): Promise<void>;
  getGame(channelId: string): Promise<unknown>;
  /** Appends one batch to the answer log in one write; `seq` numbers them from 0 without gaps (a failed one may be rewritten). */
  appendAnswers(channelId: string, seq: number, batch: unknown): Promise<void>;
  /** The log's batches from `fromSeq` up to the first missing one, in order; an unreadable one is `null`, in its place. */
  answers(channelId: string, fromSeq: number): Promise<unknown[]>;
  /** Drops the batches `fromSeq` ≤ seq < `toSeq`. */
  deleteAnswers(channelId: string, fromSeq: number, toSeq: number): Promise<void>;
  /** Deletes the channel's state, game and answer log. */
  delete(channelId: string): Promise<void>;
  list(): Promise<StoredSession[]>;
  /** Deletes every session of a guild; returns the channel ids removed. */
  deleteGuild(guildId: string): Promise<string[]>;
}

export interface QuizLease {
  /** The process that runs the quiz (a name unique to that process). */
  readonly owner: string;
  /** Epoch ms, by the store's clock: past it, another process may take the quiz over. */
  readonly expires: number;
}

export interface QuizLeaseRepository {
  /** Takes (or renews) the channel's lease for `owner` until `ttlMs` from now; false while another owner's has not lapsed. */
  acquire(channelId: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease back, if `owner` still holds it. */
  release(channelId: string, owner: string): Promise<void>;
  /** The lease on the channel, unless there is none or it has lapsed. */
  holder(channelId: string): Promise<QuizLease | undefined>;
}

export type HistoryAudience = { readonly guildId: string } | { readonly userId: string };

export interface QuizHistoryRepository {
  /** When each fact was last asked of this audience (epoch ms). */
  get(audience: HistoryAudience): Promise<ReadonlyMap<string, number>>;
  /** Records that these facts were asked at `at` (the oldest are forgotten past a bound). */
  record(audience: HistoryAudience, factIds: readonly string[], at: number): Promise<void>;
  delete(audience: HistoryAudience): Promise<void>;
}

/** Why a player reports a question (the values of the report form's reasons; see `REPORT_REASONS`). */
export type ReportReason = 'wrong-answer' | 'several-answers' | 'spoiler' | 'unclear' | 'other';

/** Where the question was asked: a quiz's reveal, or a player's practice answer. */
export type ReportOrigin = 'quiz' | 'practice';

export interface QuestionReport {
  /** The question as asked (`role:film-jae-hee#1`, `fact-x#1:false:2`). */
  readonly questionId: string;
  /** The fact it asks (what curators fix). */
  readonly factId: string;
  readonly origin: ReportOrigin;
  /** The server it was reported from; null for practice in DMs. */
  readonly guildId: string | null;
  readonly channelId: string;
  /** The reveal message, for a quiz question; null for practice (a private message). */
  readonly messageId: string | null;
  readonly userId: string;
  readonly reason: ReportReason;
  /** The player's note, trimmed; may be empty. At most `MAX_REPORT_NOTE_LENGTH` characters. */
  readonly note: string;
  /** Epoch ms. */
  readonly at: number;
}

export interface RecentReports {
  /** Newest first; `total` counts all the server's reports. */
  readonly reports: readonly QuestionReport[];
  readonly total: number;
}

export interface ReportRepository {
  /** Keeps a report, unless this player reported this question before, from anywhere (`duplicate`). @throws {StoreInputError} when malformed. */
  add(report: QuestionReport): Promise<'added' | 'duplicate'>;
  /** Whether the player has reported this question. @throws {StoreInputError} for a malformed id. */
  hasReported(userId: string, questionId: string): Promise<boolean>;
  /** A server's most recent reports (at most `limit`, default 10), newest first. @throws {StoreInputError} for a malformed id. */
  recent(guildId: string, limit?: number): Promise<RecentReports>;
  /** Every report of every server and of DM practice, oldest first. For curator tools: it reads them all. */
  all(): Promise<QuestionReport[]>;
}

/** What `recover()` found of an earlier release's scores (kept as key-value rows) and moved into the score tables. */
export interface RecoveryReport {
  /** Player records, one per player per board. */
  readonly records: number;
  readonly practice: number;
  /** Commits that release left under way (after a crash) and that were finished on the way. */
  readonly journals: number;
}

export interface Store {
  /** `memory`, `sqlite`, `postgres` or `redis`; for logs. */
  readonly backend: string;
  readonly scores: ScoreRepository;
  readonly settings: GuildSettingsRepository;
  readonly sessions: SessionRepository;
  readonly history: QuizHistoryRepository;
  readonly leases: QuizLeaseRepository;
  readonly reports: ReportRepository;
  /** Moves an earlier release's scores into the score tables (once). Call once at start, before accepting interactions. */
  recover(): Promise<RecoveryReport>;
  /** Forgets a guild the bot left: its settings and sessions. Its scores stay (the global board keeps them). */
  removeGuild(guildId: string): Promise<void>;
  /** Whether writes are being kept (see {@link StoreHealth}). */
  health(): StoreHealth;
  /**
   * Called once when the store becomes unusable (writes failing for longer than `unusableAfterMs`, or
   * the database file deleted or replaced): every write then throws. A later listener is called at once.
   */
  onUnusable(listener: (problem: UnusableProblem) => void): void;
  close(): Promise<void>;
}

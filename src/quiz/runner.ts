/**
 * The quiz runner: drives the pure session state machine (session.ts) with timers, the
 * score/session store and the Discord side ("ports", plain view models in and message ids
 * out). No discord.js: src/discord implements {@link QuizPorts} and turns clicks into
 * {@link QuizRunner.answer} calls.
 *
 * Guarantees:
 * - One quiz per channel, also across a restart (the store is checked).
 * - A click costs the same for the 5,000th player as for the first: it is decided from memory
 *   (the open round's answers live in a map, not in the immutable state), and a second click by
 *   the same player is answered from there.
 * - "Locked in" means saved: an answer is acknowledged once the store holds it. Answers are
 *   group-committed: those that arrive while a write is in flight (or in the same turn of the
 *   event loop) are appended to the session's answer log together, in one write of only them,
 *   then all acknowledged. A round closes only once every accepted answer is written.
 * - Writes are proportional to what changed: the questions once per game, the rest of the state
 *   (without the open round's answers) at each step of the game.
 * - Each round is committed with the idempotency key `<sessionId>:<round>` and each game
 *   recorded with `<sessionId>:game`. A round's results are saved in the session state before
 *   they are revealed and committed, and the state is saved again marked committed, so a restart
 *   commits only what was not confirmed: a closed round is never lost, and never counted twice
 *   (for a crash between the commit and the mark, the store's commit keys catch the repeat).
 * - A finished quiz the store could not complete stays saved; the next start in its channel
 *   completes it first, so it is not overwritten.
 * - With several processes on one store (one per shard), each resumes only the quizzes of the
 *   servers it owns.
 * - Transitions of one session (close, next question, stop) run one at a time, in order.
 * - A failing port (channel gone, missing permission) or store ends that quiz cleanly with
 *   reason `error`; nothing is thrown out of a timer.
 */
import { randomBytes } from 'node:crypto';
import type { SourceRef } from '../data/schema.js';
import type { SpoilerSetting } from '../data/spoilers.js';
import type { Lang } from '../i18n/lang.js';
import { MAX_SESSION_STATE_BYTES } from '../store/sessions.js';
import { QUIZ_ROUNDS, QUIZ_SECONDS } from '../store/settings.js';
import type { QuizHistoryRepository, ScoreRepository, SessionRepository } from '../store/types.js';
import type { Scheduler, TimerHandle } from './scheduler.js';
import {
  abandonRound,
  answerBatch,
  answersFromLog,
  beginRound,
  checkAnswer,
  closeRound,
  createSession,
  currentQuestion,
  lastRevealOf,
  nextStep,
  optionLabel,
  persistedState,
  quizLang,
  reopenRound,
  restoreSessionState,
  retimeRound,
  roundsPlayed,
  savedGame,
  standings,
  stopSession,
  totalRounds,
  uncommittedRound,
  withGameRecorded,
  withIntroMessage,
  withQuestionMessage,
  withRoundCommitted,
  type ClosedRound,
  type EndReason,
  type RoundAnswer,
  type RoundReveal,
  type RoundWinner,
  type SessionState,
  type Standing,
} from './session.js';
import type { Clock, Difficulty, DifficultyChoice, Question, QuestionKind, QuizOptions, Rng, Scope } from './types.js';

// ---------------------------------------------------------------------------
// Button ids

/** Discord's bound on a component custom id. */
export const MAX_CUSTOM_ID_LENGTH = 100;

// Session ids: letters and digits only, so ":" separates fields. Round 0–99 and option 0–9
// without leading zeros, so each button has exactly one id.
const QUIZ_BUTTON_RE = /^quiz:([A-Za-z0-9]{4,32}):(0|[1-9][0-9]?):([0-9])$/;
const SESSION_ID_RE = /^[A-Za-z0-9]{4,32}$/;

export interface QuizButton {
  readonly sessionId: string;
  /** 0-based round index. */
  readonly round: number;
  /** 0-based option index. */
  readonly option: number;
}

/**
 * The custom id of an answer button: `quiz:<sessionId>:<round>:<option>` (0-based round and option).
 * @throws RangeError when a part is outside what {@link parseQuizButtonId} accepts.
 */
export function quizButtonId(sessionId: string, round: number, option: number): string {
  const id = `quiz:${sessionId}:${round}:${option}`;
  if (!QUIZ_BUTTON_RE.test(id)) throw new RangeError(`quizButtonId: unsupported session id, round or option (${id})`);
  return id;
}

/** The parts of a quiz button id, or null for anything malformed, overlong or non-numeric. Never throws. */
export function parseQuizButtonId(customId: unknown): QuizButton | null {
  if (typeof customId !== 'string' || customId.length > MAX_CUSTOM_ID_LENGTH) return null;
  const m = QUIZ_BUTTON_RE.exec(customId);
  if (!m || m[1] === undefined || m[2] === undefined || m[3] === undefined) return null;
  return { sessionId: m[1], round: Number(m[2]), option: Number(m[3]) };
}

// ---------------------------------------------------------------------------
// View models handed to the Discord side

export interface OptionView {
  readonly index: number;
  /** "A"–"D", or "True"/"False" ("O"/"X" in Korean). */
  readonly label: string;
  readonly text: string;
  readonly customId: string;
}

export interface IntroView {
  readonly sessionId: string;
  /** The language of the quiz's public messages, fixed when it started. */
  readonly lang: Lang;
  readonly hostId: string;
  /** Rounds this game will actually have (fewer than asked when the question pool is small). */
  readonly rounds: number;
  readonly seconds: number;
  readonly scope: Scope;
  readonly difficulty: DifficultyChoice;
  readonly spoilers: SpoilerSetting;
  /** Clock time the first question is due. */
  readonly firstQuestionAt: number;
}

export interface QuestionView {
  readonly sessionId: string;
  /** The language of the quiz (its questions are written in it). */
  readonly lang: Lang;
  /** 0-based round index (as in the button ids). */
  readonly round: number;
  /** 1-based, for display: "Question 3 of 10". */
  readonly number: number;
  readonly total: number;
  readonly kind: QuestionKind;
  readonly difficulty: Difficulty;
  readonly prompt: string;
  readonly options: readonly OptionView[];
  readonly seconds: number;
  readonly askedAt: number;
  /** Clock time answers stop being accepted (for a relative timestamp). */
  readonly closesAt: number;
}

export interface RevealView extends Omit<QuestionView, 'askedAt' | 'closesAt'> {
  /** Index of the correct option. */
  readonly correct: number;
  readonly correctLabel: string;
  readonly correctText: string;
  readonly sources: readonly SourceRef[];
  readonly explanation: string | null;
  /** Correct answers, fastest first, with the points each gained and why (base, speed, streak). */
  readonly winners: readonly RoundWinner[];
  /** The game's running scoreboard after this question: its top {@link SCOREBOARD_SIZE}. */
  readonly scoreboard: readonly Standing[];
  /** How many players the game has so far (the scoreboard shows the first few). */
  readonly players: number;
  /** How many players answered. */
  readonly answered: number;
  readonly optionCounts: readonly number[];
  /** True when no question follows (the standings come next). */
  readonly isLast: boolean;
  /** The buttons stay but are disabled. */
  readonly disabled: true;
}

export interface StandingsView {
  readonly sessionId: string;
  readonly lang: Lang;
  readonly hostId: string;
  readonly reason: EndReason;
  readonly roundsPlayed: number;
  readonly total: number;
  /** Every player, best first. */
  readonly standings: readonly Standing[];
  /** Whether the store confirmed every round's scores and the game record. */
  readonly scoresSaved: boolean;
}

/** "Back after a restart": before the first question (`number` null), or during question `number`. */
export interface NoticeView {
  readonly kind: 'resumed';
  readonly sessionId: string;
  readonly lang: Lang;
  readonly number: number | null;
  readonly total: number;
}

/** How long a step keeps retrying Discord's transient failures (a question retries until its own deadline). */
export const PORT_RETRY_LIMITS = Object.freeze({ introMs: 10_000, revealMs: 30_000, standingsMs: 30_000, noticeMs: 10_000 });
/** First wait between retries; it doubles up to {@link RETRY_MAX_WAIT_MS}. */
const RETRY_FIRST_WAIT_MS = 250;
const RETRY_MAX_WAIT_MS = 4_000;
/** A question that took longer than this to reach the channel has its window restarted from then. */
const LATE_POST_MS = 1_000;

/** How many players a reveal's running scoreboard shows. */
export const SCOREBOARD_SIZE = 5;

/**
 * How a port call failed: `transient` for what may work on a second try (a 5xx, a dropped
 * connection, a rate limit), not for what will not (a missing permission, a deleted channel or
 * message). The Discord side wraps its errors in it; any other error counts as permanent.
 */
export class QuizPortError extends Error {
  override readonly name = 'QuizPortError';
  readonly transient: boolean;
  constructor(message: string, transient: boolean, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.transient = transient;
  }
}

/**
 * The Discord side. Every method may reject: the runner retries a transient failure
 * ({@link QuizPortError}) with backoff within the step's time (a question until its deadline,
 * a reveal or the standings for {@link PORT_RETRY_LIMITS}), and ends the quiz cleanly on any
 * other. Messages must be sent with mentions disabled.
 */
export interface QuizPorts {
  /** Posts the intro; resolves to its message id. */
  postIntro(channelId: string, view: IntroView): Promise<string>;
  /** Posts a question with one button per option (`view.options[i].customId`); resolves to its message id. */
  postQuestion(channelId: string, view: QuestionView): Promise<string>;
  /** Edits the question message as it was posted, with a new countdown (its window was restarted). */
  editQuestion(channelId: string, messageId: string, view: QuestionView): Promise<void>;
  /** Edits the question message: buttons disabled, correct answer, source, winners. */
  revealQuestion(channelId: string, messageId: string, view: RevealView): Promise<void>;
  postStandings(channelId: string, view: StandingsView): Promise<void>;
  postNotice(channelId: string, view: NoticeView): Promise<void>;
}

// ---------------------------------------------------------------------------
// Runner API

/** The subset of a pino logger the runner uses; pino's `Logger` satisfies it. */
export interface QuizLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

/** Chooses a game's questions for a server, in order (at most `options.rounds`). May return fewer, or none. */
export type QuestionSource = (
  options: QuizOptions,
  rng: Rng,
  guildId: string,
) => readonly Question[] | Promise<readonly Question[]>;

export interface QuizTimings {
  /** From the intro to the first question. */
  readonly introMs: number;
  /** From a reveal to the next question (or the standings). */
  readonly revealPauseMs: number;
  /** A quiz found at startup with no activity for longer than this is ended instead of resumed. */
  readonly staleAfterMs: number;
}

export const DEFAULT_TIMINGS: QuizTimings = Object.freeze({ introMs: 5_000, revealPauseMs: 5_000, staleAfterMs: 15 * 60_000 });

/** Bounds of `/quiz start` options (issue 3). */
export const QUIZ_LIMITS = Object.freeze({
  minRounds: QUIZ_ROUNDS.min,
  maxRounds: QUIZ_ROUNDS.max,
  minSeconds: QUIZ_SECONDS.min,
  maxSeconds: QUIZ_SECONDS.max,
});

export interface QuizRunnerDeps {
  readonly store: {
    readonly scores: Pick<ScoreRepository, 'commitRound' | 'recordGame'>;
    readonly sessions: Pick<
      SessionRepository,
      'put' | 'get' | 'delete' | 'list' | 'deleteGuild' | 'putGame' | 'getGame' | 'appendAnswers' | 'answers' | 'deleteAnswers'
    >;
    /** Where each server's asked facts are remembered, so its next game asks new ones. */
    readonly history?: Pick<QuizHistoryRepository, 'record'>;
  };
  readonly questions: QuestionSource;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly scheduler: Scheduler;
  readonly logger: QuizLogger;
  readonly ports: QuizPorts;
  readonly timings?: Partial<QuizTimings>;
  /** Session ids; default 16 random hex characters. Must match `[A-Za-z0-9]{4,32}` and be unique. */
  readonly newSessionId?: () => string;
}

export interface StartInput {
  readonly guildId: string;
  readonly channelId: string;
  readonly hostId: string;
  readonly options: QuizOptions;
}

export type StartResult =
  | { readonly ok: true; readonly sessionId: string; readonly messageId: string; readonly rounds: number }
  | {
      readonly ok: false;
      readonly reason: 'already-running';
      readonly sessionId?: string;
      /** The running quiz's latest message (question or intro), for a link. */
      readonly messageId?: string;
    }
  | { readonly ok: false; readonly reason: 'invalid-options'; readonly detail: string; readonly problem: OptionsProblem }
  | { readonly ok: false; readonly reason: 'no-questions' }
  /** The intro could not be posted (the channel is not writable): nothing was started. */
  | { readonly ok: false; readonly reason: 'cannot-post' }
  /** Discord kept failing (5xx, dropped connections) while posting the intro: nothing was started. */
  | { readonly ok: false; readonly reason: 'discord-unavailable' }
  /** The store failed or the question source threw (logged). */
  | { readonly ok: false; readonly reason: 'error' }
  | { readonly ok: false; readonly reason: 'shutting-down' };

export interface AnswerInput {
  readonly sessionId: string;
  readonly round: number;
  readonly option: number;
  readonly userId: string;
  /** null for a click outside a guild (DM). */
  readonly guildId: string | null;
  readonly channelId: string;
}

export type AnswerOutcome =
  | { readonly kind: 'locked'; readonly option: number; readonly label: string; readonly closesAt: number }
  /** The store could not save the answer (logged): nothing was recorded, the player may try again. */
  | { readonly kind: 'not-saved' }
  /** The player's earlier answer to this question. */
  | { readonly kind: 'already-answered'; readonly option: number; readonly label: string }
  /** Time is up, or the click is on an earlier question. */
  | { readonly kind: 'closed' }
  /** The quiz is over (or being stopped). */
  | { readonly kind: 'finished' }
  /** No such quiz here (forged or malformed id, or a quiz from before a restart that has ended). */
  | { readonly kind: 'unknown' }
  | { readonly kind: 'wrong-guild' }
  | { readonly kind: 'wrong-channel' };

export interface StopInput {
  /** The server the request comes from: a quiz of another server is not stopped from here. */
  readonly guildId: string;
  readonly channelId: string;
  readonly userId: string;
  /** Manage Server, or the server's quiz role: computed by the Discord side. */
  readonly canManage: boolean;
}

export type StopResult = 'stopped' | 'not-running' | 'forbidden';

export interface RunningQuiz {
  readonly sessionId: string;
  readonly guildId: string;
  readonly channelId: string;
  readonly hostId: string;
  readonly phase: SessionState['phase'];
  /** 1-based number of the current (or last) question; 0 before the first. */
  readonly number: number;
  readonly total: number;
  readonly messageId: string | null;
}

export interface ResumeReport {
  /** Quizzes that carry on. */
  readonly resumed: number;
  /** Quizzes ended with an announcement (already finished, or stale). */
  readonly ended: number;
  /** Unreadable states removed from the store. */
  readonly dropped: number;
}

export interface ResumeOptions {
  /** Called once every saved quiz this process resumes is in memory. */
  readonly onLoaded?: () => void;
  /** Whether this process serves the server; default: every server. */
  readonly owns?: (guildId: string) => boolean;
}

export interface QuizRunner {
  /** Starts a quiz in a channel: saves it, posts the intro, schedules the first question. Never throws. */
  start(input: StartInput): Promise<StartResult>;
  /**
   * Decides a click from memory; a `locked` outcome resolves once the answer is saved (with the
   * other answers of its group commit), every other outcome at once. Never rejects.
   */
  answer(input: AnswerInput): Promise<AnswerOutcome>;
  /** Parses a button custom id and calls {@link answer}; malformed ids are `unknown`. Never rejects. */
  answerButton(customId: string, who: { userId: string; guildId: string | null; channelId: string }): Promise<AnswerOutcome>;
  /**
   * Ends the channel's quiz (closing and scoring an open round first) and posts the standings.
   * Resolves when the quiz is over. Never throws.
   */
  stop(input: StopInput): Promise<StopResult>;
  running(channelId: string): RunningQuiz | undefined;
  /**
   * At startup (after `store.recover()`, before accepting clicks): picks up the quizzes saved in
   * the store. Resolves when each has taken its first step. `onLoaded` is called as soon as every
   * saved quiz is in memory (clicks can be decided from then on), before those first steps,
   * which may wait on Discord. A runner is not reusable after {@link shutdown}; build a new one.
   * With `owns`, sessions of servers it rejects are left untouched in the store: another process
   * (another shard on the same store) runs them.
   * @throws when the store cannot list the saved sessions.
   */
  resume(options?: ResumeOptions): Promise<ResumeReport>;
  /** Ends and forgets a guild's quizzes without posting anything (the bot was removed). */
  removeGuild(guildId: string): Promise<void>;
  /** Waits for pending steps and writes. */
  idle(): Promise<void>;
  /** Stops all timers and writes the latest states; quizzes stay in the store for `resume`. */
  shutdown(): Promise<void>;
}

interface Entry {
  state: SessionState;
  timer: TimerHandle | null;
  /** Tail of this session's serialised transitions. */
  chain: Promise<void>;
  saving: Promise<void> | null;
  dirty: boolean;
  /** Save requests so far; each write covers the requests made before it began. */
  requested: number;
  /** Callers waiting for the write that covers their request. */
  waiters: { readonly ticket: number; readonly resolve: () => void }[];
  /** Stop requested or the quiz is finishing: clicks get `finished`. */
  ending: boolean;
  /** The open round's answers, in click order (the state's `answers` stays empty meanwhile). */
  answers: Map<string, RoundAnswer>;
  /** Accepted answers not yet written, oldest first. */
  pending: PendingAnswer[];
  /** The group commit under way (it writes until nothing is pending). */
  flushing: Promise<void> | null;
  /** The next batch number of the answer log. */
  nextSeq: number;
  /** The first batch number of the open round's answers. */
  roundSeq: number;
  /** Deleted from the store (or let go): no more writes or steps. */
  deleted: boolean;
}

interface PendingAnswer {
  readonly userId: string;
  readonly answer: RoundAnswer;
  readonly done: (saved: boolean) => void;
}

/** Most answers one write of the log carries (about 40 bytes each). */
const MAX_ANSWER_BATCH = 2_000;

/** How many recently finished session ids are remembered, so late clicks get `finished` rather than `unknown`. */
const FINISHED_MEMORY = 1_000;

function defaultSessionId(): string {
  return randomBytes(8).toString('hex');
}

/** An option of `/quiz start` outside its bounds, for the reply (in the asker's language) and the log. */
export interface OptionsProblem {
  readonly option: 'rounds' | 'seconds';
  readonly min: number;
  readonly max: number;
}

/** The first option outside {@link QUIZ_LIMITS}, or null. */
export function quizOptionsCheck(options: QuizOptions): OptionsProblem | null {
  const { minRounds, maxRounds, minSeconds, maxSeconds } = QUIZ_LIMITS;
  if (!Number.isInteger(options.rounds) || options.rounds < minRounds || options.rounds > maxRounds) {
    return { option: 'rounds', min: minRounds, max: maxRounds };
  }
  if (!Number.isInteger(options.seconds) || options.seconds < minSeconds || options.seconds > maxSeconds) {
    return { option: 'seconds', min: minSeconds, max: maxSeconds };
  }
  return null;
}

/**
 * Checks `/quiz start` options against {@link QUIZ_LIMITS}; returns a description of the first
 * problem (English, for logs), or null.
 */
export function quizOptionsProblem(options: QuizOptions): string | null {
  const problem = quizOptionsCheck(options);
  return problem && `${problem.option} must be a whole number from ${problem.min} to ${problem.max}`;
}

function optionViews(state: SessionState, question: Question): OptionView[] {
  return question.options.map((text, index) => ({
    index,
    label: optionLabel(question, index),
    text,
    customId: quizButtonId(state.id, state.round, index),
  }));
}

function questionView(state: SessionState): QuestionView {
  const question = currentQuestion(state);
  if (!question || state.askedAt === null || state.closesAt === null) throw new Error('questionView: no open round');
  return {
    sessionId: state.id,
    lang: quizLang(state),
    round: state.round,
    number: state.round + 1,
    total: totalRounds(state),
    kind: question.kind,
    difficulty: question.difficulty,
    prompt: question.prompt,
    options: optionViews(state, question),
    seconds: state.options.seconds,
    askedAt: state.askedAt,
    closesAt: state.closesAt,
  };
}

function revealView(state: SessionState, reveal: RoundReveal): RevealView {
  const question = state.questions[reveal.round];
  if (!question) throw new Error(`revealView: no question for round ${reveal.round}`);
  const atRound: SessionState = { ...state, round: reveal.round };
  const board = standings(state);
  return {
    sessionId: state.id,
    lang: quizLang(state),
    round: reveal.round,
    number: reveal.round + 1,
    total: totalRounds(state),
    kind: question.kind,
    difficulty: question.difficulty,
    prompt: question.prompt,
    options: optionViews(atRound, question),
    seconds: state.options.seconds,
    correct: reveal.correct,
    correctLabel: optionLabel(question, reveal.correct),
    correctText: question.options[reveal.correct] ?? '',
    sources: question.sources,
    explanation: question.explanation ?? null,
    winners: reveal.winners,
    scoreboard: board.slice(0, SCOREBOARD_SIZE),
    players: board.length,
    answered: reveal.results.length,
    optionCounts: reveal.optionCounts,
    isLast: state.phase === 'finished' || nextStep(state).kind === 'end',
    disabled: true,
  };
}

function standingsView(state: SessionState, scoresSaved: boolean): StandingsView {
  return {
    scoresSaved,
    sessionId: state.id,
    lang: quizLang(state),
    hostId: state.hostId,
    reason: state.endedReason ?? 'stopped',
    roundsPlayed: roundsPlayed(state),
    total: totalRounds(state),
    standings: standings(state),
  };
}

const roundKey = (sessionId: string, round: number): string => `${sessionId}:${round}`;

/** A store failure while committing scores: the quiz ends saying that the scores could not be saved. */
class ScoreCommitError extends Error {
  override readonly name = 'ScoreCommitError';
}
const gameKey = (sessionId: string): string => `${sessionId}:game`;

/** Size of a state as the store would write it, for the log when a write fails; null when it is not JSON. */
function stateBytes(state: unknown): number | null {
  try {
    return Buffer.byteLength(JSON.stringify(state));
  } catch {
    return null;
  }
}

/**
 * Builds a runner. Nothing starts until {@link QuizRunner.start} or {@link QuizRunner.resume}.
 * @throws RangeError when a timing is negative or not finite.
 */
export function createQuizRunner(deps: QuizRunnerDeps): QuizRunner {
  const timings: QuizTimings = { ...DEFAULT_TIMINGS, ...deps.timings };
  for (const [name, value] of Object.entries(timings)) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`createQuizRunner: timings.${name} must be ≥ 0`);
  }
  const { store, clock, scheduler, logger, ports } = deps;
  const newSessionId = deps.newSessionId ?? defaultSessionId;

  const bySession = new Map<string, Entry>();
  const byChannel = new Map<string, Entry>();
  /** Starts under way, by channel: a start racing one of them waits for it (and then links to its quiz). */
  const starting = new Map<string, Promise<StartResult>>();
  const finished = new Map<string, { guildId: string; channelId: string }>();
  let closed = false;

  const ctx = (s: SessionState): Record<string, string> => ({ sessionId: s.id, guildId: s.guildId, channelId: s.channelId });

  function register(state: SessionState, answers = new Map<string, RoundAnswer>(), nextSeq = state.answerSeq): Entry {
    const entry: Entry = {
      state,
      timer: null,
      chain: Promise.resolve(),
      saving: null,
      dirty: false,
      requested: 0,
      waiters: [],
      ending: false,
      deleted: false,
      answers,
      pending: [],
      flushing: null,
      nextSeq,
      roundSeq: state.answerSeq,
    };
    bySession.set(state.id, entry);
    byChannel.set(state.channelId, entry);
    return entry;
  }

  function unregister(entry: Entry, rememberFinished: boolean): void {
    const s = entry.state;
    if (bySession.get(s.id) === entry) bySession.delete(s.id);
    if (byChannel.get(s.channelId) === entry) byChannel.delete(s.channelId);
    if (rememberFinished) remember(s);
  }

  function remember(s: SessionState): void {
    finished.set(s.id, { guildId: s.guildId, channelId: s.channelId });
    if (finished.size > FINISHED_MEMORY) {
      const oldest = finished.keys().next().value;
      if (oldest !== undefined) finished.delete(oldest);
    }
  }

  /**
   * Asks for the entry's latest state to be written; returns the request's ticket for
   * {@link save}. Requests made while a write is in flight coalesce into one more write of
   * whatever is latest then.
   */
  function requestSave(entry: Entry): number {
    if (entry.deleted) return 0;
    entry.dirty = true;
    entry.requested++;
    if (!entry.saving) {
      entry.saving = (async () => {
        try {
          while (entry.dirty && !entry.deleted) {
            entry.dirty = false;
            const covers = entry.requested;
            const s = entry.state;
            try {
              await store.sessions.put(s.channelId, s.guildId, persistedState(s));
            } catch (err) {
              logger.error({ ...ctx(s), err, bytes: stateBytes(persistedState(s)), maxBytes: MAX_SESSION_STATE_BYTES }, 'quiz: could not save the session state');
            }
            releaseWaiters(entry, covers);
          }
        } finally {
          entry.saving = null;
          // Nothing more will be written (done, or the session was let go): nobody may wait on.
          releaseWaiters(entry, Infinity);
        }
      })();
    }
    return entry.requested;
  }

  function releaseWaiters(entry: Entry, covered: number): void {
    if (entry.waiters.length === 0) return;
    const still: Entry['waiters'] = [];
    for (const waiter of entry.waiters) {
      if (waiter.ticket <= covered) waiter.resolve();
      else still.push(waiter);
    }
    entry.waiters = still;
  }

  /**
   * Writes the entry's latest state. Resolves when the state as it is now has been written (or
   * the write failed and was logged), without waiting for writes asked for later, so a stream
   * of clicks does not hold it up.
   */
  function save(entry: Entry): Promise<void> {
    const ticket = requestSave(entry);
    if (!entry.saving) return Promise.resolve();
    return new Promise<void>((resolve) => entry.waiters.push({ ticket, resolve }));
  }

  /**
   * Group commit: writes the pending answers to the log, one batch per write, until none is
   * left; answers accepted meanwhile go in the next batch. Starts on the next turn of the event
   * loop, so the clicks already waiting to be read join the first batch.
   */
  function flushAnswers(entry: Entry): void {
    if (entry.flushing) return;
    entry.flushing = (async () => {
      try {
        await new Promise<void>((resolve) => setImmediate(resolve));
        while (entry.pending.length > 0) await writeBatch(entry, entry.pending.splice(0, MAX_ANSWER_BATCH));
      } finally {
        entry.flushing = null;
      }
    })();
  }

  async function writeBatch(entry: Entry, batch: readonly PendingAnswer[]): Promise<void> {
    const s = entry.state;
    const seq = entry.nextSeq;
    try {
      await store.sessions.appendAnswers(s.channelId, seq, answerBatch(s, batch.map((p) => [p.userId, p.answer] as const)));
      // Only a written batch takes its number: the log has no gaps, and a failed one is rewritten.
      entry.nextSeq = seq + 1;
      for (const p of batch) p.done(true);
    } catch (err) {
      logger.error({ ...ctx(s), round: s.round, answers: batch.length, err }, 'quiz: could not save answers; those players may answer again');
      for (const p of batch) {
        if (entry.answers.get(p.userId) === p.answer) entry.answers.delete(p.userId);
        p.done(false);
      }
    }
  }

  /** Resolves once every answer accepted so far is written (or refused and taken back). */
  async function drainAnswers(entry: Entry): Promise<void> {
    while (entry.flushing) await entry.flushing;
  }

  /** The state with the open round's answers in it, for closing the round. */
  function withOpenAnswers(entry: Entry): SessionState {
    return { ...entry.state, answers: Object.fromEntries(entry.answers) };
  }

  /**
   * Runs a port call, retrying a transient failure with a doubling wait for as long as the next
   * try can start before `deadline`. Rethrows the last error (permanent, or out of time).
   */
  async function withRetries<T>(entry: Entry, step: string, deadline: number, call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (err) {
        const wait = Math.min(RETRY_MAX_WAIT_MS, RETRY_FIRST_WAIT_MS * 2 ** (attempt - 1));
        const transient = err instanceof QuizPortError && err.transient;
        if (!transient || closed || entry.deleted || clock.now() + wait >= deadline) throw err;
        (attempt === 1 ? logger.warn : logger.debug).call(logger, { ...ctx(entry.state), step, attempt, err }, 'quiz: Discord failed for a moment; trying again');
        await scheduler.sleep(wait);
      }
    }
  }

  function clearTimer(entry: Entry): void {
    if (entry.timer) {
      scheduler.clearTimeout(entry.timer);
      entry.timer = null;
    }
  }

  /** Runs a transition after the ones already queued for this session. Resolves when it is done; never rejects. */
  function enqueue(entry: Entry, op: () => Promise<void>): Promise<void> {
    const run = entry.chain.then(async () => {
      if (entry.deleted || closed) return;
      try {
        await op();
      } catch (err) {
        const reason: EndReason = err instanceof ScoreCommitError ? 'store' : 'error';
        logger.error({ ...ctx(entry.state), err }, reason === 'store' ? 'quiz: the scores could not be saved; ending the quiz' : 'quiz: a step failed; ending the quiz');
        await finishSafely(entry, reason, false);
      }
    });
    entry.chain = run;
    return run;
  }

  function arm(entry: Entry, ms: number, op: () => Promise<void>): void {
    clearTimer(entry);
    if (closed || entry.deleted) return;
    entry.timer = scheduler.setTimeout(() => {
      entry.timer = null;
      return enqueue(entry, op);
    }, Math.max(0, ms));
  }

  /**
   * Commits a closed round, then saves the state marked with it so that a restart does not
   * commit it again (the store's commit keys alone stop protecting a round once its players
   * have made enough newer commits elsewhere).
   * @throws when the store refuses the commit; the round then stays uncommitted in the state.
   */
  async function commit(entry: Entry, closed: ClosedRound): Promise<void> {
    const s = entry.state;
    // A round nobody answered changes no score: nothing to commit, nothing to save for it.
    if (closed.results.length > 0) {
      let outcome;
      try {
        outcome = await store.scores.commitRound(s.guildId, roundKey(s.id, closed.round), closed.results, closed.closedAt);
      } catch (err) {
        throw new ScoreCommitError(`round ${closed.round} could not be committed`, { cause: err });
      }
      logger.debug({ ...ctx(s), round: closed.round, players: closed.results.length, applied: outcome.applied }, 'quiz: round committed');
    }
    entry.state = withRoundCommitted(entry.state, closed.round);
    if (closed.results.length > 0) await save(entry);
  }

  /**
   * Closes the open round once its accepted answers are written: the state, with the answers and
   * the round's results, is saved before anything is shown or committed. The log's batches of the
   * round are dropped afterwards ({@link dropClosedLog}); a crash first leaves them behind, below
   * the numbers of the next round's, until the session is deleted.
   */
  async function closeWithAnswers(entry: Entry): Promise<RoundReveal> {
    await drainAnswers(entry);
    const closedRound = closeRound(withOpenAnswers(entry), clock.now());
    entry.state = { ...closedRound.state, answerSeq: entry.nextSeq };
    entry.answers = new Map();
    await save(entry);
    return closedRound.reveal;
  }

  /** Drops the answer log's batches of the round just closed (its answers are in the state now). */
  async function dropClosedLog(entry: Entry): Promise<void> {
    const { roundSeq, nextSeq } = entry;
    entry.roundSeq = nextSeq;
    if (nextSeq <= roundSeq) return;
    try {
      await store.sessions.deleteAnswers(entry.state.channelId, roundSeq, nextSeq);
    } catch (err) {
      logger.warn({ ...ctx(entry.state), err }, 'quiz: could not drop the answer log of a closed round');
    }
  }

  /**
   * Commits the state's uncommitted round and records its game, as far as the store allows.
   * Never throws: what fails is logged and left unmarked in the returned state.
   */
  async function settleScores(state: SessionState): Promise<{ state: SessionState; complete: boolean }> {
    let s = state;
    let complete = true;
    const pending = uncommittedRound(s);
    if (pending) {
      try {
        if (pending.results.length > 0) {
          await store.scores.commitRound(s.guildId, roundKey(s.id, pending.round), pending.results, pending.closedAt);
        }
        s = withRoundCommitted(s, pending.round);
      } catch (err) {
        complete = false;
        logger.error({ ...ctx(s), round: pending.round, err }, 'quiz: could not commit the last round; it stays saved for the next start');
      }
    }
    if (!s.gameRecorded) {
      const userIds = Object.keys(s.players);
      try {
        if (userIds.length > 0) await store.scores.recordGame(s.guildId, gameKey(s.id), userIds, s.endedAt ?? clock.now());
        s = withGameRecorded(s);
      } catch (err) {
        complete = false;
        logger.error({ ...ctx(s), err }, 'quiz: could not record the game; it stays saved for the next start');
      }
    }
    return { state: s, complete };
  }

  /** Edits the question message into its reveal; false when the port failed. */
  async function showReveal(entry: Entry, reveal: RoundReveal, isLast: boolean): Promise<boolean> {
    const s = entry.state;
    if (s.questionMessageId === null) return true;
    const messageId = s.questionMessageId;
    try {
      await withRetries(entry, 'reveal', clock.now() + PORT_RETRY_LIMITS.revealMs, () =>
        ports.revealQuestion(s.channelId, messageId, { ...revealView(s, reveal), isLast }),
      );
      return true;
    } catch (err) {
      logger.warn({ ...ctx(s), round: reveal.round, err }, 'quiz: could not reveal the answer');
      return false;
    }
  }

  /**
   * Closes the open round: state saved with its results, then committed, then revealed.
   * @throws when the store refuses the commit.
   * @returns false when the reveal could not be shown.
   */
  async function closeOpenRound(entry: Entry): Promise<boolean> {
    const reveal = await closeWithAnswers(entry);
    // The results are saved: the reveal goes out now, and a crash before the commit re-commits
    // the same results under the same key.
    const shown = await showReveal(entry, reveal, nextStep(entry.state).kind === 'end');
    await commit(entry, reveal);
    await dropClosedLog(entry);
    return shown;
  }

  async function postCurrentQuestion(entry: Entry): Promise<void> {
    const s = entry.state;
    let messageId: string;
    try {
      // Retried until the question's own deadline: past it, nobody could answer anyway.
      messageId = await withRetries(entry, 'question', s.closesAt ?? clock.now(), () => ports.postQuestion(s.channelId, questionView(s)));
    } catch (err) {
      logger.warn({ ...ctx(s), round: s.round, err }, 'quiz: could not post a question; ending the quiz');
      await finish(entry, 'channel', false);
      return;
    }
    entry.state = withQuestionMessage(entry.state, messageId);
    const postedAt = clock.now();
    if (s.askedAt !== null && postedAt - s.askedAt > LATE_POST_MS) {
      // The question reached the channel late (a rate limit, retries): the window starts now,
      // and the countdown on screen is corrected (if that fails, players just get more time).
      entry.state = retimeRound(entry.state, postedAt);
      const view = questionView(entry.state);
      logger.info({ ...ctx(s), round: s.round, lateMs: postedAt - s.askedAt }, 'quiz: question posted late; its window starts now');
      void withRetries(entry, 'countdown', view.closesAt, () => ports.editQuestion(s.channelId, messageId, view)).catch((err: unknown) => {
        logger.warn({ ...ctx(s), round: s.round, err }, 'quiz: could not correct the countdown of a late question');
      });
    }
    // Written before the round runs on, so a crash from here on finds the question posted and
    // does not post it a second time. Clicks meanwhile are decided from memory as always.
    await save(entry);
    armClose(entry);
    await rememberAsked(entry.state);
  }

  /** Remembers the posted question's fact for the server; a failure only means it may come back sooner. */
  async function rememberAsked(s: SessionState): Promise<void> {
    const fact = currentQuestion(s)?.fact;
    if (!fact || !store.history) return;
    try {
      await store.history.record({ guildId: s.guildId }, [fact], clock.now());
    } catch (err) {
      logger.warn({ ...ctx(s), err }, 'quiz: could not remember the fact asked');
    }
  }

  function armClose(entry: Entry): void {
    const closesAt = entry.state.closesAt ?? clock.now();
    arm(entry, closesAt - clock.now(), () => closeAndContinue(entry));
  }

  async function askNext(entry: Entry): Promise<void> {
    const s = entry.state;
    if (s.phase !== 'intro' && s.phase !== 'revealing') return;
    const step = s.phase === 'revealing' ? nextStep(s) : ({ kind: 'ask' } as const);
    if (step.kind === 'end') {
      await finish(entry, step.reason, false);
      return;
    }
    entry.state = beginRound(s, clock.now());
    // Saved before posting so that a restart knows which round was under way.
    await save(entry);
    await postCurrentQuestion(entry);
  }

  async function closeAndContinue(entry: Entry): Promise<void> {
    const s = entry.state;
    if (s.phase !== 'asking' || s.closesAt === null) return;
    if (clock.now() < s.closesAt) {
      // A timer that fired early must not cut the round short.
      armClose(entry);
      return;
    }
    const shown = await closeOpenRound(entry);
    if (!shown) {
      await finish(entry, 'channel', false);
      return;
    }
    arm(entry, timings.revealPauseMs, () => askNext(entry));
  }

  /**
   * Ends the quiz: closes and commits an open round, saves the finished state, records the
   * game, posts the standings (unless silent), deletes the session. A store failure keeps the
   * finished state saved, so the next start completes the commit and the game record.
   */
  async function finish(entry: Entry, reason: EndReason, silent: boolean): Promise<void> {
    entry.ending = true;
    clearTimer(entry);
    await drainAnswers(entry);
    if (entry.state.phase === 'asking' && entry.state.questionMessageId === null && entry.answers.size === 0) {
      // Its question never reached the channel: it was not played.
      entry.state = abandonRound(entry.state);
    }
    if (entry.state.phase === 'asking') {
      const reveal = await closeWithAnswers(entry);
      if (!silent) await showReveal(entry, reveal, true);
      try {
        await commit(entry, reveal);
      } catch (err) {
        logger.error({ ...ctx(entry.state), err }, 'quiz: could not commit the last round');
      }
      await dropClosedLog(entry);
    }
    entry.state = stopSession(entry.state, reason, clock.now());
    // Saved finished before recording the game, so a restart re-records it (idempotently) if we die here.
    await save(entry);
    await finalize(entry, silent);
  }

  /** {@link finish} that never throws: whatever fails is logged and the session is let go. */
  async function finishSafely(entry: Entry, reason: EndReason, silent: boolean): Promise<void> {
    try {
      await finish(entry, reason, silent);
    } catch (err) {
      logger.error({ ...ctx(entry.state), err }, 'quiz: could not end the quiz cleanly');
      entry.deleted = true;
      clearTimer(entry);
      unregister(entry, true);
    }
  }

  async function finalize(entry: Entry, silent: boolean): Promise<void> {
    const before = entry.state;
    const settled = await settleScores(before);
    entry.state = settled.state;
    const recorded = settled.complete;
    // What did get through is marked, so the next start (or a restart) completes only the rest.
    if (!recorded && entry.state !== before) await save(entry);
    const s = entry.state;
    const userIds = Object.keys(s.players);
    if (!silent) {
      try {
        const view = standingsView(s, recorded);
        await withRetries(entry, 'standings', clock.now() + PORT_RETRY_LIMITS.standingsMs, () => ports.postStandings(s.channelId, view));
      } catch (err) {
        logger.warn({ ...ctx(s), err }, 'quiz: could not post the standings');
      }
    }
    entry.deleted = true;
    clearTimer(entry);
    if (entry.saving) await entry.saving;
    if (recorded) {
      try {
        await store.sessions.delete(s.channelId);
      } catch (err) {
        logger.error({ ...ctx(s), err }, 'quiz: could not delete the finished session');
      }
    }
    unregister(entry, true);
    logger.info({ ...ctx(s), reason: s.endedReason, rounds: roundsPlayed(s), players: userIds.length }, 'quiz: finished');
  }

  async function continueResumed(entry: Entry): Promise<void> {
    const s = entry.state;
    const notice: NoticeView = { kind: 'resumed', sessionId: s.id, lang: quizLang(s), number: s.phase === 'intro' ? null : s.round + 1, total: totalRounds(s) };
    try {
      await withRetries(entry, 'notice', clock.now() + PORT_RETRY_LIMITS.noticeMs, () => ports.postNotice(s.channelId, notice));
    } catch (err) {
      logger.warn({ ...ctx(s), err }, 'quiz: could not post the resume notice; ending the quiz');
      await finish(entry, 'channel', true);
      return;
    }
    switch (s.phase) {
      case 'intro':
        arm(entry, timings.introMs, () => askNext(entry));
        return;
      case 'asking':
        if (s.questionMessageId === null && entry.answers.size === 0) {
          // The question was never shown: ask it again with a full window.
          entry.state = reopenRound(s, clock.now());
          await save(entry);
          await postCurrentQuestion(entry);
        } else if (s.closesAt !== null && clock.now() >= s.closesAt) {
          await closeAndContinue(entry);
        } else {
          armClose(entry);
        }
        return;
      case 'revealing': {
        const reveal = lastRevealOf(s);
        if (reveal) {
          if (uncommittedRound(s)) await commit(entry, reveal);
          await showReveal(entry, reveal, nextStep(s).kind === 'end');
        }
        arm(entry, timings.revealPauseMs, () => askNext(entry));
        return;
      }
      case 'finished':
        return;
    }
  }

  async function endResumed(entry: Entry, reason: EndReason): Promise<void> {
    // A closed round not yet committed is committed by finalize (through finish).
    if (entry.state.phase === 'finished') {
      await finalize(entry, false);
      return;
    }
    await finish(entry, reason, false);
  }

  async function safeAnswer(input: AnswerInput): Promise<AnswerOutcome> {
    try {
      return await answer(input);
    } catch (err) {
      logger.error({ sessionId: input.sessionId, err }, 'quiz: answer failed');
      return { kind: 'unknown' };
    }
  }

  /** Constant time up to the write: no copy, nothing proportional to the players. */
  function answer(input: AnswerInput): AnswerOutcome | Promise<AnswerOutcome> {
    const entry = bySession.get(input.sessionId);
    if (!entry) {
      const done = finished.get(input.sessionId);
      if (!done) return { kind: 'unknown' };
      if (done.guildId !== input.guildId) return { kind: 'wrong-guild' };
      if (done.channelId !== input.channelId) return { kind: 'wrong-channel' };
      return { kind: 'finished' };
    }
    const s = entry.state;
    if (s.guildId !== input.guildId) return { kind: 'wrong-guild' };
    if (s.channelId !== input.channelId) return { kind: 'wrong-channel' };
    if (entry.ending || s.phase === 'finished') return { kind: 'finished' };
    if (!Number.isInteger(input.round) || input.round > s.round) return { kind: 'unknown' };
    if (input.round < s.round) return { kind: 'closed' };
    const question = currentQuestion(s);
    if (!question) return { kind: 'unknown' };
    const now = clock.now();
    const check = checkAnswer(s, input.option, now);
    if (check === 'closed') return { kind: 'closed' };
    if (check === 'invalid-option') return { kind: 'unknown' };
    const previous = entry.answers.get(input.userId);
    if (previous) return { kind: 'already-answered', option: previous.option, label: optionLabel(question, previous.option) };
    const recorded: RoundAnswer = { option: input.option, at: now };
    entry.answers.set(input.userId, recorded);
    const saved = new Promise<boolean>((done) => entry.pending.push({ userId: input.userId, answer: recorded, done }));
    flushAnswers(entry);
    const locked: AnswerOutcome = { kind: 'locked', option: input.option, label: optionLabel(question, input.option), closesAt: s.closesAt ?? 0 };
    return saved.then((ok) => (ok ? locked : { kind: 'not-saved' }));
  }

  async function start(input: StartInput): Promise<StartResult> {
    const problem = quizOptionsCheck(input.options);
    if (problem) return { ok: false, reason: 'invalid-options', detail: quizOptionsProblem(input.options) ?? '', problem };
    // Two members pressing /quiz start at once: the second waits for the first start, so its
    // answer can link to the quiz that started (or it starts its own if that one could not).
    for (let pending = starting.get(input.channelId); pending; pending = starting.get(input.channelId)) await pending;
    if (closed) return { ok: false, reason: 'shutting-down' };
    const running = byChannel.get(input.channelId);
    if (running) return alreadyRunning(running.state);
    const attempt = startNow(input);
    starting.set(input.channelId, attempt);
    try {
      return await attempt;
    } finally {
      if (starting.get(input.channelId) === attempt) starting.delete(input.channelId);
    }
  }

  /**
   * Completes a finished quiz the store could not complete at its end (its last round, its
   * game record) and deletes it. False when the store still fails (logged; what did get
   * through is saved).
   */
  async function completeFinished(state: SessionState): Promise<boolean> {
    const settled = await settleScores(state);
    try {
      if (!settled.complete) {
        if (settled.state !== state) await store.sessions.put(state.channelId, state.guildId, persistedState(settled.state));
        return false;
      }
      await store.sessions.delete(state.channelId);
    } catch (err) {
      logger.error({ ...ctx(state), err }, 'quiz: could not update the finished quiz left in the channel');
      return false;
    }
    remember(state);
    logger.info({ ...ctx(state) }, 'quiz: completed the scores of a finished quiz left in the channel');
    return true;
  }

  /** {@link QuizRunner.start} once the channel is known to be free in this process. Never throws. */
  async function startNow(input: StartInput): Promise<StartResult> {
    try {
      let stored;
      try {
        stored = await store.sessions.get(input.channelId);
      } catch (err) {
        logger.error({ channelId: input.channelId, err }, 'quiz: could not read the channel session');
        return { ok: false, reason: 'error' };
      }
      const restored = stored ? await restoreStored(stored) : null;
      if (restored && 'state' in restored) {
        if (restored.state.phase !== 'finished') return alreadyRunning(restored.state);
        // A finished quiz left behind by a store failure: completed first, not overwritten.
        if (!(await completeFinished(restored.state))) return { ok: false, reason: 'error' };
      }
      const questions = (await deps.questions(input.options, deps.rng, input.guildId)).slice(0, input.options.rounds);
      if (questions.length === 0) return { ok: false, reason: 'no-questions' };
      const sessionId = newSessionId();
      if (!SESSION_ID_RE.test(sessionId) || bySession.has(sessionId) || finished.has(sessionId)) {
        throw new Error(`newSessionId produced an unusable or repeated id: ${sessionId}`);
      }
      const entry = register(
        createSession({ id: sessionId, ...input, questions, now: clock.now() }),
      );
      // The questions are written once; every later save is the state without them.
      await store.sessions.putGame(input.channelId, savedGame(entry.state));
      await save(entry);
      let messageId: string;
      try {
        const intro: IntroView = {
          sessionId,
          lang: quizLang(entry.state),
          hostId: input.hostId,
          rounds: questions.length,
          seconds: input.options.seconds,
          scope: input.options.scope,
          difficulty: input.options.difficulty,
          spoilers: input.options.spoilers,
          firstQuestionAt: clock.now() + timings.introMs,
        };
        messageId = await withRetries(entry, 'intro', clock.now() + PORT_RETRY_LIMITS.introMs, () => ports.postIntro(input.channelId, intro));
      } catch (err) {
        const transient = err instanceof QuizPortError && err.transient;
        logger.warn({ ...ctx(entry.state), err, transient }, 'quiz: could not post the intro; not starting');
        entry.deleted = true;
        if (entry.saving) await entry.saving;
        await store.sessions.delete(input.channelId).catch((e: unknown) => {
          logger.error({ ...ctx(entry.state), err: e }, 'quiz: could not delete the unstarted session');
        });
        unregister(entry, false);
        return { ok: false, reason: transient ? 'discord-unavailable' : 'cannot-post' };
      }
      entry.state = withIntroMessage(entry.state, messageId);
      void save(entry);
      arm(entry, timings.introMs, () => askNext(entry));
      logger.info({ ...ctx(entry.state), hostId: input.hostId, rounds: questions.length, options: input.options }, 'quiz: started');
      return { ok: true, sessionId, messageId, rounds: questions.length };
    } catch (err) {
      logger.error({ channelId: input.channelId, err }, 'quiz: could not start');
      return { ok: false, reason: 'error' };
    }
  }

  return {
    start,

    answer: safeAnswer,

    answerButton(customId, who) {
      const parsed = parseQuizButtonId(customId);
      if (!parsed) return Promise.resolve({ kind: 'unknown' });
      return safeAnswer({ ...parsed, ...who });
    },

    async stop(input) {
      const entry = byChannel.get(input.channelId);
      // A quiz of another server is none of this request's business: as if none ran here.
      if (!entry || entry.state.guildId !== input.guildId || entry.ending || entry.state.phase === 'finished') return 'not-running';
      if (entry.state.hostId !== input.userId && !input.canManage) return 'forbidden';
      entry.ending = true;
      clearTimer(entry);
      logger.info({ ...ctx(entry.state), userId: input.userId }, 'quiz: stop requested');
      await enqueue(entry, () => finish(entry, 'stopped', false));
      return 'stopped';
    },

    running(channelId) {
      const entry = byChannel.get(channelId);
      if (!entry) return undefined;
      const s = entry.state;
      return {
        sessionId: s.id,
        guildId: s.guildId,
        channelId: s.channelId,
        hostId: s.hostId,
        phase: s.phase,
        number: s.round + 1,
        total: totalRounds(s),
        messageId: s.questionMessageId ?? s.introMessageId,
      };
    },

    async resume(options = {}) {
      let resumed = 0;
      let ended = 0;
      let dropped = 0;
      let others = 0;
      const records = await store.sessions.list();
      const steps: Promise<void>[] = [];
      for (const record of records) {
        if (options.owns && !options.owns(record.guildId)) {
          others++;
          continue;
        }
        const restored = await restoreStored(record);
        if ('problem' in restored) {
          const problem = restored.problem;
          logger.warn({ channelId: record.channelId, guildId: record.guildId, problem }, 'quiz: dropping an unreadable saved session');
          await store.sessions.delete(record.channelId).catch((err: unknown) => {
            logger.error({ channelId: record.channelId, err }, 'quiz: could not delete an unreadable session');
          });
          dropped++;
          continue;
        }
        if (bySession.has(restored.state.id) || byChannel.has(restored.state.channelId)) continue;
        const { state, answers, nextSeq } = await withLoggedAnswers(restored.state);
        const entry = register(state, answers, nextSeq);
        const lastActivity = Math.max(state.createdAt, state.askedAt ?? 0, state.lastReveal?.closedAt ?? 0);
        const stale = clock.now() - lastActivity > timings.staleAfterMs;
        if (state.phase === 'finished' || stale) {
          ended++;
          entry.ending = true;
          steps.push(enqueue(entry, () => endResumed(entry, 'interrupted')));
        } else {
          resumed++;
          steps.push(enqueue(entry, () => continueResumed(entry)));
        }
        logger.info({ ...ctx(state), phase: state.phase, round: state.round, stale }, 'quiz: found a saved quiz');
      }
      // Every saved quiz is in memory now, so clicks can be decided; its first step (a reveal,
      // a notice) may still be talking to Discord.
      if (others > 0) logger.info({ sessions: others }, 'quiz: left the saved quizzes of servers another process serves');
      options.onLoaded?.();
      await Promise.all(steps);
      return { resumed, ended, dropped };
    },

    async removeGuild(guildId) {
      const entries = [...bySession.values()].filter((e) => e.state.guildId === guildId);
      await Promise.all(
        entries.map((entry) => {
          entry.ending = true;
          clearTimer(entry);
          return enqueue(entry, () => finish(entry, 'removed', true));
        }),
      );
      try {
        await store.sessions.deleteGuild(guildId);
      } catch (err) {
        logger.error({ guildId, err }, 'quiz: could not delete the guild sessions');
      }
    },

    async idle() {
      for (;;) {
        const entries = [...bySession.values()];
        const before = entries.map((e) => e.chain);
        await Promise.all(before);
        await Promise.all(entries.map((e) => drainAnswers(e)));
        await Promise.all(entries.map((e) => e.saving ?? undefined));
        if (entries.every((e, i) => e.chain === before[i] && e.saving === null && e.flushing === null)) return;
      }
    },

    async shutdown() {
      closed = true;
      const entries = [...bySession.values()];
      for (const entry of entries) clearTimer(entry);
      // Answers accepted before the shutdown are written (and acknowledged) first.
      await Promise.all(entries.map((e) => drainAnswers(e)));
      await Promise.all(entries.map((e) => e.chain));
      await Promise.all(entries.map((e) => e.saving ?? undefined));
      for (const entry of entries) unregister(entry, false);
      logger.info({ sessions: entries.length }, 'quiz: runner shut down; sessions stay saved');
    },
  };

  /**
   * A saved session as a state, with its game's questions when they were saved apart. A state
   * saved with its questions in it (by an earlier release) has them written apart now, as every
   * later save leaves them out.
   */
  async function restoreStored(record: { readonly channelId: string; readonly state: unknown }): Promise<ReturnType<typeof restoreSessionState>> {
    const raw = record.state;
    const inline = typeof raw === 'object' && raw !== null && 'questions' in raw;
    const restored = restoreSessionState(raw, inline ? undefined : await store.sessions.getGame(record.channelId));
    if (inline && 'state' in restored) await store.sessions.putGame(record.channelId, savedGame(restored.state));
    return restored;
  }

  /**
   * An open round's answers from the store's log (they are not in the saved state), and where
   * the log goes on. Any other phase has its answers in the state already.
   */
  async function withLoggedAnswers(state: SessionState): Promise<{ state: SessionState; answers: Map<string, RoundAnswer>; nextSeq: number }> {
    if (state.phase !== 'asking') return { state, answers: new Map(), nextSeq: state.answerSeq };
    const log = await store.sessions.answers(state.channelId, state.answerSeq);
    const found = answersFromLog(state, log);
    if (found.skipped > 0) logger.warn({ ...ctx(state), batches: found.skipped }, 'quiz: ignored answer batches of another round');
    return { state: { ...state, answers: {} }, answers: found.answers, nextSeq: state.answerSeq + found.batches };
  }

  function alreadyRunning(state: SessionState): StartResult {
    const messageId = state.questionMessageId ?? state.introMessageId;
    return messageId === null
      ? { ok: false, reason: 'already-running', sessionId: state.id }
      : { ok: false, reason: 'already-running', sessionId: state.id, messageId };
  }
}

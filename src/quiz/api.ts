/**
 * The quiz runner's public API: what it depends on (store, question source, clock, timers,
 * ports), what it is asked and what it answers. The runner itself is in runner.ts.
 */
import { QUIZ_ROUNDS, QUIZ_SECONDS } from '../store/settings.js';
import type { QuizHistoryRepository, QuizLeaseRepository, ScoreRepository, SessionRepository } from '../store/types.js';
import type { QuizPorts } from './ports.js';
import type { Scheduler } from './scheduler.js';
import type { SessionState } from './session.js';
import type { Clock, Question, QuizOptions, Rng } from './types.js';

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
  /**
   * How long the first answer of a group commit waits for the others arriving with it before
   * they are written together (0: only those already received). Real time, not game time.
   */
  readonly answerWindowMs: number;
  /**
   * How long a quiz's lease lasts without renewal (renewed every quarter of it while the quiz runs):
   * how long another process waits before taking over the quiz of a process that died. Wall time.
   */
  readonly leaseMs: number;
}

export const DEFAULT_TIMINGS: QuizTimings = Object.freeze({
  introMs: 5_000,
  revealPauseMs: 5_000,
  staleAfterMs: 15 * 60_000,
  answerWindowMs: 3,
  leaseMs: 20_000,
});

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
    /**
     * Who runs each channel's quiz, when several processes share the store (shards, a rolling
     * restart). Absent: this runner is the only one on its store.
     */
    readonly leases?: Pick<QuizLeaseRepository, 'acquire' | 'release'>;
  };
  /** This process's name on the leases; default a random one (unique per process). */
  readonly owner?: string;
  /**
   * Runs `renew` every `ms` while quizzes run, to keep their leases (real time: a lease lapses in
   * wall time whatever the game's clock does). Default an unref'd `setInterval`.
   */
  readonly leaseTimer?: (ms: number, renew: () => void) => { stop(): void };
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
  /** The server's quiz ping role (`/config quiz-ping`): the intro mentions it. */
  readonly pingRoleId?: string | null;
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
  | { readonly kind: 'wrong-channel' }
  /** The host has paused the quiz: no answers until it resumes. */
  | { readonly kind: 'paused' };

export interface StopInput {
  /** The server the request comes from: a quiz of another server is not stopped from here. */
  readonly guildId: string;
  readonly channelId: string;
  readonly userId: string;
  /** Manage Server, or the server's quiz role: computed by the Discord side. */
  readonly canManage: boolean;
}

export type StopResult = 'stopped' | 'not-running' | 'forbidden';

/** A host control (`/quiz skip`, `pause`, `resume`): who asks, from where. */
export type HostInput = StopInput;

export type HostRefusal = 'not-running' | 'forbidden';
/** `question`: the open question was revealed now; `pause`: the wait for the next question was cut short. */
export type SkipResult = 'skipped-question' | 'skipped-pause' | 'skipped-to-end' | 'is-paused' | HostRefusal;
export type PauseResult = 'paused' | 'already-paused' | HostRefusal;
export type ResumeResult = 'resumed' | 'not-paused' | HostRefusal;
/**
 * The Next question button: `next` when the quiz goes on, `paused` when the host paused it while
 * it waited, `not-waiting` when it was not waiting for it (any more).
 */
export type NextResult = 'next' | 'paused' | 'not-waiting' | 'finished' | 'unknown' | 'wrong-guild' | 'wrong-channel' | 'forbidden';

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
  /** Reveals the open question now (or cuts the wait for the next one short) and goes on. Never throws. */
  skip(input: HostInput): Promise<SkipResult>;
  /** Stops the countdown (or holds the next question) until {@link resumeQuiz}. Saved: a restart keeps it paused. Never throws. */
  pauseQuiz(input: HostInput): Promise<PauseResult>;
  /** Carries on with a paused quiz: an open question gets back the time it had left. Never throws. */
  resumeQuiz(input: HostInput): Promise<ResumeResult>;
  /** The host's Next question button at `pace: manual`. Never throws. */
  nextButton(customId: string, who: { userId: string; guildId: string | null; channelId: string; canManage: boolean }): Promise<NextResult>;
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


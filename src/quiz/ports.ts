/**
 * The Discord side as the runner sees it (ports: view models in, message ids out), how a port
 * call fails, and how a step retries a transient failure. No discord.js.
 */
import type { Clock } from './types.js';
import type { Scheduler } from './scheduler.js';
import type { IntroView, NoticeView, QuestionView, RevealView, StandingsView } from './views.js';

/** How long a step keeps retrying Discord's transient failures (a question retries until its own deadline). */
export const PORT_RETRY_LIMITS = Object.freeze({ introMs: 10_000, revealMs: 30_000, standingsMs: 30_000, noticeMs: 10_000 });
/** First wait between retries; it doubles up to {@link RETRY_MAX_WAIT_MS}. */
export const RETRY_FIRST_WAIT_MS = 250;
export const RETRY_MAX_WAIT_MS = 4_000;
/** A question that took longer than this to reach the channel has its window restarted from then. */
export const LATE_POST_MS = 1_000;


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


export interface RetryDeps {
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly logger: { warn(obj: object, msg?: string): void; debug(obj: object, msg?: string): void };
}

/**
 * Runs a port call, retrying a transient failure ({@link QuizPortError}) with a doubling wait
 * for as long as the next try can start before `deadline` and `abandoned()` is false. Rethrows
 * the last error (permanent, or out of time). The first retry is a warning, the rest debug.
 */
export async function withRetries<T>(
  deps: RetryDeps,
  context: { readonly step: string; readonly [key: string]: unknown },
  deadline: number,
  abandoned: () => boolean,
  call: () => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const wait = Math.min(RETRY_MAX_WAIT_MS, RETRY_FIRST_WAIT_MS * 2 ** (attempt - 1));
      const transient = err instanceof QuizPortError && err.transient;
      if (!transient || abandoned() || deps.clock.now() + wait >= deadline) throw err;
      const line = { ...context, attempt, err };
      if (attempt === 1) deps.logger.warn(line, 'quiz: Discord failed for a moment; trying again');
      else deps.logger.debug(line, 'quiz: Discord failed for a moment; trying again');
      await deps.scheduler.sleep(wait);
    }
  }
}

/**
 * The quiz runner: the game's lifecycle. It drives the pure session state machine
 * (session.ts) with timers, the score/session store and the Discord side ("ports", plain view
 * models in and message ids out). No discord.js: src/discord implements {@link QuizPorts} and
 * turns clicks into {@link QuizRunner.answer} calls. Its parts:
 * - api.ts: what the runner depends on, is asked and answers;
 * - buttons.ts: answer button ids;
 * - views.ts: the view models handed to the ports;
 * - ports.ts: the ports, their failures and retries;
 * - entry.ts: one running quiz and how it is saved (the state, the answer log);
 * - resume.ts: reading saved quizzes back after a restart and what each needs next.
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
 * - Discord failing for a moment is retried within the step's time (ports.ts); a port that
 *   refuses for good (channel gone, missing permission) ends that quiz cleanly with reason
 *   `channel`, a store that refuses a round's scores with `store`; nothing is thrown out of a timer.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  DEFAULT_TIMINGS,
  quizOptionsCheck,
  quizOptionsProblem,
  type AnswerInput,
  type AnswerOutcome,
  type HostInput,
  type HostRefusal,
  type NextResult,
  type PauseResult,
  type QuizRunner,
  type QuizRunnerDeps,
  type QuizTimings,
  type ResumeResult,
  type SkipResult,
  type StartInput,
  type StartResult,
} from './api.js';
import { parseQuizButtonId, parseQuizNextButtonId, SESSION_ID_RE } from './buttons.js';
import { QuizEntry } from './entry.js';
import { LATE_POST_MS, PORT_RETRY_LIMITS, QuizPortError, withRetries } from './ports.js';
import {
  abandonRound,
  beginRound,
  checkAnswer,
  closeRound,
  createSession,
  currentQuestion,
  lastRevealOf,
  HOST_WAIT_MS,
  nextStep,
  optionLabel,
  pauseQuiz,
  persistedState,
  quizLang,
  reopenRound,
  resumeQuiz,
  retimeRound,
  roundsPlayed,
  savedGame,
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
  type SessionState,
} from './session.js';
import { recapWindow } from './recap.js';
import { isStale, lastActivity, restoreStored, resumeStep, withLoggedAnswers } from './resume.js';
import { questionView, revealView, standingsView, type IntroView, type NoticeView } from './views.js';

// The runner's parts, for callers that import them from here.
export * from './api.js';
export * from './buttons.js';
export * from './ports.js';
export * from './views.js';

/** Answers in a closed round from which its close gives the event loop a turn before saving (see closeWithAnswers). */
const YIELD_BEFORE_SAVE_AT = 500;

/** How many recently finished session ids are remembered, so late clicks get `finished` rather than `unknown`. */
const FINISHED_MEMORY = 1_000;

function defaultSessionId(): string {
  return randomBytes(8).toString('hex');
}

type ButtonRefusal = 'unknown' | 'wrong-guild' | 'wrong-channel' | 'finished';

const roundKey = (sessionId: string, round: number): string => `${sessionId}:${round}`;
const gameKey = (sessionId: string): string => `${sessionId}:game`;

/** A store failure while committing scores: the quiz ends saying that the scores could not be saved. */
class ScoreCommitError extends Error {
  override readonly name = 'ScoreCommitError';
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
  const leases = store.leases;
  const owner = deps.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const leaseTimer = deps.leaseTimer ?? realLeaseTimer;
  let renewal: { stop(): void } | null = null;

  const bySession = new Map<string, QuizEntry>();
  const byChannel = new Map<string, QuizEntry>();
  /** Starts under way, by channel: a start racing one of them waits for it (and then links to its quiz). */
  const starting = new Map<string, Promise<StartResult>>();
  const finished = new Map<string, { guildId: string; channelId: string }>();
  /** The round whose Next question was pressed, while its question is on its way. */
  const nextAsked = new WeakMap<QuizEntry, number>();
  let closed = false;

  const ctx = (s: SessionState): Record<string, string> => ({ sessionId: s.id, guildId: s.guildId, channelId: s.channelId });

  function register(state: SessionState, answers = new Map<string, RoundAnswer>(), nextSeq = state.answerSeq): QuizEntry {
    const entry = new QuizEntry(state, { sessions: store.sessions, logger, answerWindowMs: timings.answerWindowMs }, answers, nextSeq);
    bySession.set(state.id, entry);
    byChannel.set(state.channelId, entry);
    if (leases && renewal === null) renewal = leaseTimer(Math.max(1, Math.floor(timings.leaseMs / 4)), () => void renewLeases());
    return entry;
  }

  /**
   * Lets a quiz go from this process. Its lease is given back unless `keepLease` (taken over by
   * another process, which holds it now); `released` resolves once it is.
   */
  function unregister(entry: QuizEntry, rememberFinished: boolean): Promise<void> {
    const s = entry.state;
    if (bySession.get(s.id) === entry) bySession.delete(s.id);
    if (byChannel.get(s.channelId) === entry) byChannel.delete(s.channelId);
    if (rememberFinished) remember(s);
    leaseSeenAt.delete(s.channelId);
    stopRenewalWhenIdle();
    return releaseLease(s.channelId, ctx(s));
  }

  /** The lease renewals run only while this process runs a quiz. */
  function stopRenewalWhenIdle(): void {
    if (bySession.size > 0 || renewal === null) return;
    renewal.stop();
    renewal = null;
  }

  /** When each quiz's lease was last known to be this process's (epoch ms). */
  const leaseSeenAt = new Map<string, number>();

  /** Takes the channel's lease for this process; true without leases (a runner alone on its store). */
  async function takeLease(channelId: string): Promise<boolean> {
    if (!leases) return true;
    const now = clock.now();
    const taken = await leases.acquire(channelId, owner, timings.leaseMs);
    if (taken) leaseSeenAt.set(channelId, now);
    return taken;
  }

  /**
   * Before a step: whether this process still runs the quiz. Known when the lease was renewed less
   * than half a lease ago; otherwise (this process was stalled, its renewals late) the lease is
   * taken again first, and a quiz another process has taken over meanwhile is let go.
   */
  async function stillOwned(entry: QuizEntry): Promise<boolean> {
    if (!leases) return true;
    const channelId = entry.state.channelId;
    if (clock.now() - (leaseSeenAt.get(channelId) ?? Number.NEGATIVE_INFINITY) < timings.leaseMs / 2) return true;
    let kept: boolean;
    try {
      kept = await takeLease(channelId);
    } catch (err) {
      // The store cannot say: carry on (the step's own writes will tell whether it works).
      logger.warn({ ...ctx(entry.state), err }, 'quiz: could not renew the lease of a quiz; trying again soon');
      return true;
    }
    if (!kept) letGo(entry);
    return kept;
  }

  /** A quiz another process has taken over: dropped here without a word in the channel. */
  function letGo(entry: QuizEntry): void {
    if (entry.deleted) return;
    logger.warn({ ...ctx(entry.state), owner }, 'quiz: another process took this quiz over; letting it go here');
    entry.deleted = true;
    clearTimer(entry);
    if (bySession.get(entry.state.id) === entry) bySession.delete(entry.state.id);
    if (byChannel.get(entry.state.channelId) === entry) byChannel.delete(entry.state.channelId);
    leaseSeenAt.delete(entry.state.channelId);
    stopRenewalWhenIdle();
  }

  async function releaseLease(channelId: string, fields: object): Promise<void> {
    if (!leases) return;
    try {
      await leases.release(channelId, owner);
    } catch (err) {
      // It lapses by itself; another process then waits one lease longer before taking over.
      logger.warn({ ...fields, channelId, err }, 'quiz: could not give back the lease of a quiz');
    }
  }

  /**
   * Renews the lease of every quiz this process runs. A quiz whose lease another process holds now
   * (this one was stalled for longer than a lease) is let go here without a word in the channel:
   * the other process runs it from its saved state.
   */
  let renewing = false;
  async function renewLeases(): Promise<void> {
    if (!leases || renewing || closed) return;
    renewing = true;
    try {
      for (const entry of [...bySession.values()]) {
        if (entry.deleted) continue;
        let kept: boolean;
        try {
          kept = await takeLease(entry.state.channelId);
        } catch (err) {
          logger.warn({ ...ctx(entry.state), err }, 'quiz: could not renew the lease of a quiz; trying again soon');
          continue;
        }
        if (!kept) letGo(entry);
      }
      stopRenewalWhenIdle();
    } finally {
      renewing = false;
    }
  }

  function remember(s: SessionState): void {
    finished.set(s.id, { guildId: s.guildId, channelId: s.channelId });
    if (finished.size > FINISHED_MEMORY) {
      const oldest = finished.keys().next().value;
      if (oldest !== undefined) finished.delete(oldest);
    }
  }

  /** {@link withRetries} for a step of this quiz: given up once the quiz is let go or the runner shut down. */
  function retrying<T>(entry: QuizEntry, step: string, deadline: number, call: () => Promise<T>): Promise<T> {
    return withRetries({ clock, scheduler, logger }, { ...ctx(entry.state), step }, deadline, () => closed || entry.deleted, call);
  }

  function clearTimer(entry: QuizEntry): void {
    if (entry.timer) {
      scheduler.clearTimeout(entry.timer);
      entry.timer = null;
    }
  }

  /** Runs a transition after the ones already queued for this session. Resolves when it is done; never rejects. */
  function enqueue(entry: QuizEntry, op: () => Promise<void>): Promise<void> {
    const run = entry.chain.then(async () => {
      if (entry.deleted || closed) return;
      if (!(await stillOwned(entry))) return;
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

  function arm(entry: QuizEntry, ms: number, op: () => Promise<void>): void {
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
  async function commit(entry: QuizEntry, closed: ClosedRound): Promise<void> {
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
    if (closed.results.length > 0) await entry.save();
  }

  /**
   * Closes the open round once its accepted answers are written: the state, with the answers and
   * the round's results, is saved before anything is shown or committed. The log's batches of the
   * round are dropped afterwards ({@link dropClosedLog}); a crash first leaves them behind, below
   * the numbers of the next round's, until the session is deleted.
   */
  async function closeWithAnswers(entry: QuizEntry): Promise<RoundReveal> {
    await entry.drainAnswers();
    const closedRound = closeRound(entry.withOpenAnswers(), clock.now());
    entry.state = { ...closedRound.state, answerSeq: entry.nextSeq };
    entry.roundClosed();
    // Scoring a big round and serialising its state for the save each take tens of milliseconds
    // at thousands of players: a turn of the event loop between them lets other work through.
    // Clicks meanwhile find the round closed, as they would during the save.
    if (closedRound.reveal.results.length >= YIELD_BEFORE_SAVE_AT) await new Promise<void>((resolve) => setImmediate(resolve));
    await entry.save();
    return closedRound.reveal;
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
  async function showReveal(entry: QuizEntry, reveal: RoundReveal, isLast: boolean): Promise<boolean> {
    const s = entry.state;
    if (s.questionMessageId === null) return true;
    const messageId = s.questionMessageId;
    try {
      await retrying(entry, 'reveal', clock.now() + PORT_RETRY_LIMITS.revealMs, () =>
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
  async function closeOpenRound(entry: QuizEntry): Promise<boolean> {
    const reveal = await closeWithAnswers(entry);
    // The results are saved: the reveal goes out now, and a crash before the commit re-commits
    // the same results under the same key.
    const shown = await showReveal(entry, reveal, nextStep(entry.state).kind === 'end');
    await commit(entry, reveal);
    await entry.dropClosedLog();
    return shown;
  }

  async function postCurrentQuestion(entry: QuizEntry): Promise<void> {
    const s = entry.state;
    let messageId: string;
    try {
      // Retried until the question's own deadline: past it, nobody could answer anyway.
      messageId = await retrying(entry, 'question', s.closesAt ?? clock.now(), () => ports.postQuestion(s.channelId, questionView(s)));
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
      void retrying(entry, 'countdown', view.closesAt, () => ports.editQuestion(s.channelId, messageId, view)).catch((err: unknown) => {
        logger.warn({ ...ctx(s), round: s.round, err }, 'quiz: could not correct the countdown of a late question');
      });
    }
    // Written before the round runs on, so a crash from here on finds the question posted and
    // does not post it a second time. Clicks meanwhile are decided from memory as always.
    await entry.save();
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

  function armClose(entry: QuizEntry): void {
    const closesAt = entry.state.closesAt ?? clock.now();
    arm(entry, closesAt - clock.now(), () => closeAndContinue(entry));
  }

  /**
   * Takes the host's Next question prompt off a reveal that no longer waits for it (the quiz goes
   * on, by the button, a skip, a stop or the 15-minute limit). A failure only leaves a stale
   * button, which then answers that the quiz has moved on.
   */
  function retireNextPrompt(entry: QuizEntry): void {
    const s = entry.state;
    const messageId = s.questionMessageId;
    const reveal = s.phase === 'revealing' ? lastRevealOf(s) : undefined;
    if (messageId === null || !reveal) return;
    const view = revealView(s, reveal);
    if (view.next === null) return;
    const retired = { ...view, next: null };
    void retrying(entry, 'reveal', clock.now() + PORT_RETRY_LIMITS.noticeMs, () => ports.revealQuestion(s.channelId, messageId, retired)).catch((err: unknown) => {
      logger.warn({ ...ctx(s), round: reveal.round, err }, 'quiz: could not take the Next question button off the reveal');
    });
  }

  async function askNext(entry: QuizEntry): Promise<void> {
    const s = entry.state;
    if ((s.phase !== 'intro' && s.phase !== 'revealing') || s.pause) return;
    retireNextPrompt(entry);
    const step = s.phase === 'revealing' ? nextStep(s) : ({ kind: 'ask' } as const);
    if (step.kind === 'end') {
      await finish(entry, step.reason, false);
      return;
    }
    entry.state = beginRound(s, clock.now());
    // Saved before posting so that a restart knows which round was under way.
    await entry.save();
    await postCurrentQuestion(entry);
  }

  async function closeAndContinue(entry: QuizEntry): Promise<void> {
    const s = entry.state;
    if (s.phase !== 'asking' || s.closesAt === null || s.pause) return;
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
    afterReveal(entry, clock.now());
  }

  /**
   * What follows a reveal: the next question after the pause, or at `pace: manual` (before the
   * last question) the host's Next question, for at most {@link HOST_WAIT_MS} from `waitingSince`.
   */
  function afterReveal(entry: QuizEntry, waitingSince: number): void {
    const s = entry.state;
    if (s.options.pace === 'manual' && nextStep(s).kind === 'ask') {
      arm(entry, waitingSince + HOST_WAIT_MS - clock.now(), () => finish(entry, 'abandoned', false));
      return;
    }
    arm(entry, timings.revealPauseMs, () => askNext(entry));
  }

  /** The channel's quiz when this request may steer it, or why not. */
  function hostEntry(input: HostInput): QuizEntry | HostRefusal {
    const entry = byChannel.get(input.channelId);
    // A quiz of another server is none of this request's business: as if none ran here.
    if (!entry || entry.state.guildId !== input.guildId || entry.ending || entry.state.phase === 'finished') return 'not-running';
    if (entry.state.hostId !== input.userId && !input.canManage) return 'forbidden';
    return entry;
  }

  /** Runs a host control after the steps queued before it; its result is decided when it runs. */
  async function steer<R>(entry: QuizEntry, fallback: R, op: () => Promise<R>): Promise<R> {
    let result = fallback;
    await enqueue(entry, async () => {
      if (entry.ending || entry.state.phase === 'finished') return;
      result = await op();
    });
    return result;
  }

  /** Shows the open question as it stands (paused, or counting down again); a failure only leaves the old text. */
  function refreshQuestion(entry: QuizEntry): void {
    const s = entry.state;
    const messageId = s.questionMessageId;
    if (s.phase !== 'asking' || messageId === null) return;
    const view = questionView(s);
    void retrying(entry, 'refresh', clock.now() + PORT_RETRY_LIMITS.noticeMs, () => ports.editQuestion(s.channelId, messageId, view)).catch((err: unknown) => {
      logger.warn({ ...ctx(s), err }, 'quiz: could not update the question message');
    });
  }

  /**
   * Ends the quiz: closes and commits an open round, saves the finished state, records the
   * game, posts the standings (unless silent), deletes the session. A store failure keeps the
   * finished state saved, so the next start completes the commit and the game record.
   */
  async function finish(entry: QuizEntry, reason: EndReason, silent: boolean): Promise<void> {
    entry.ending = true;
    clearTimer(entry);
    if (!silent) retireNextPrompt(entry);
    await entry.drainAnswers();
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
      await entry.dropClosedLog();
    }
    entry.state = stopSession(entry.state, reason, clock.now());
    // Saved finished before recording the game, so a restart re-records it (idempotently) if we die here.
    await entry.save();
    await finalize(entry, silent);
  }

  /** {@link finish} that never throws: whatever fails is logged and the session is let go. */
  async function finishSafely(entry: QuizEntry, reason: EndReason, silent: boolean): Promise<void> {
    try {
      await finish(entry, reason, silent);
    } catch (err) {
      logger.error({ ...ctx(entry.state), err }, 'quiz: could not end the quiz cleanly');
      entry.deleted = true;
      clearTimer(entry);
      await unregister(entry, true);
    }
  }

  async function finalize(entry: QuizEntry, silent: boolean): Promise<void> {
    const before = entry.state;
    const settled = await settleScores(before);
    entry.state = settled.state;
    const recorded = settled.complete;
    // What did get through is marked, so the next start (or a restart) completes only the rest.
    if (!recorded && entry.state !== before) await entry.save();
    const s = entry.state;
    const userIds = Object.keys(s.players);
    if (!silent) {
      try {
        const view = standingsView(s, recorded);
        await retrying(entry, 'standings', clock.now() + PORT_RETRY_LIMITS.standingsMs, () => ports.postStandings(s.channelId, view));
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
    await unregister(entry, true);
    logger.info({ ...ctx(s), reason: s.endedReason, rounds: roundsPlayed(s), players: userIds.length }, 'quiz: finished');
  }

  async function continueResumed(entry: QuizEntry): Promise<void> {
    const s = entry.state;
    const notice: NoticeView = {
      kind: 'resumed',
      sessionId: s.id,
      lang: quizLang(s),
      number: s.phase === 'intro' ? null : s.round + 1,
      total: totalRounds(s),
      paused: s.pause !== null,
    };
    try {
      await retrying(entry, 'notice', clock.now() + PORT_RETRY_LIMITS.noticeMs, () => ports.postNotice(s.channelId, notice));
    } catch (err) {
      logger.warn({ ...ctx(s), err }, 'quiz: could not post the resume notice; ending the quiz');
      await finish(entry, 'channel', true);
      return;
    }
    switch (resumeStep(s, entry.answers.size, clock.now())) {
      case 'intro':
        arm(entry, timings.introMs, () => askNext(entry));
        return;
      case 'ask-again':
        entry.state = reopenRound(s, clock.now());
        await entry.save();
        await postCurrentQuestion(entry);
        return;
      case 'close':
        await closeAndContinue(entry);
        return;
      case 'wait':
        armClose(entry);
        return;
      case 'reveal-again': {
        const reveal = lastRevealOf(s);
        if (reveal) {
          if (uncommittedRound(s)) await commit(entry, reveal);
          await showReveal(entry, reveal, nextStep(s).kind === 'end');
        }
        // At pace manual, the host's 15 minutes count from the reveal, or from a resume after it.
        afterReveal(entry, lastActivity(s));
        return;
      }
      case 'paused':
      case 'nothing':
        return;
    }
  }

  async function endResumed(entry: QuizEntry, reason: EndReason): Promise<void> {
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
  /**
   * The running quiz a button of `sessionId` belongs to, when the click comes from its server and
   * channel; else why not (a quiz that ended recently is still told apart from a forged id).
   */
  function buttonEntry(sessionId: string, who: { readonly guildId: string | null; readonly channelId: string }): QuizEntry | ButtonRefusal {
    const entry = bySession.get(sessionId);
    const where = entry?.state ?? finished.get(sessionId);
    if (!where) return 'unknown';
    if (where.guildId !== who.guildId) return 'wrong-guild';
    if (where.channelId !== who.channelId) return 'wrong-channel';
    if (!entry || entry.ending || entry.state.phase === 'finished') return 'finished';
    return entry;
  }

  function answer(input: AnswerInput): AnswerOutcome | Promise<AnswerOutcome> {
    const entry = buttonEntry(input.sessionId, input);
    if (typeof entry === 'string') return { kind: entry };
    const s = entry.state;
    if (!Number.isInteger(input.round) || input.round > s.round) return { kind: 'unknown' };
    if (input.round < s.round) return { kind: 'closed' };
    const question = currentQuestion(s);
    if (!question) return { kind: 'unknown' };
    const now = clock.now();
    const check = checkAnswer(s, input.option, now);
    if (check === 'closed') return { kind: 'closed' };
    if (check === 'paused') return { kind: 'paused' };
    if (check === 'invalid-option') return { kind: 'unknown' };
    const previous = entry.answers.get(input.userId);
    if (previous) return { kind: 'already-answered', option: previous.option, label: optionLabel(question, previous.option) };
    const saved = entry.accept(input.userId, { option: input.option, at: now });
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
      const restored = stored ? await restoreStored(store.sessions, stored) : null;
      if (restored && 'state' in restored) {
        if (restored.state.phase !== 'finished') return alreadyRunning(restored.state);
        // A finished quiz left behind by a store failure: completed first, not overwritten.
        if (!(await completeFinished(restored.state))) return { ok: false, reason: 'error' };
      }
      // Another process starting a quiz here this very moment (a rolling restart) holds the lease.
      if (!(await takeLease(input.channelId))) return { ok: false, reason: 'already-running', sessionId: '' };
      const questions = (await deps.questions(input.options, deps.rng, input.guildId)).slice(0, input.options.rounds);
      if (questions.length === 0) {
        await releaseLease(input.channelId, { guildId: input.guildId });
        return { ok: false, reason: 'no-questions' };
      }
      const sessionId = newSessionId();
      if (!SESSION_ID_RE.test(sessionId) || bySession.has(sessionId) || finished.has(sessionId)) {
        throw new Error(`newSessionId produced an unusable or repeated id: ${sessionId}`);
      }
      const entry = register(
        createSession({ id: sessionId, ...input, questions, now: clock.now() }),
      );
      // The questions are written once; every later save is the state without them.
      await store.sessions.putGame(input.channelId, savedGame(entry.state));
      await entry.save();
      let messageId: string;
      // The intro names when the first question comes, and the timer keeps to it even when
      // posting the intro took retries.
      const firstQuestionAt = clock.now() + timings.introMs;
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
          firstQuestionAt,
          pingRoleId: input.pingRoleId ?? null,
          recap: input.options.recap === true ? recapWindow(input.options.spoilers) : null,
        };
        messageId = await retrying(entry, 'intro', clock.now() + PORT_RETRY_LIMITS.introMs, () => ports.postIntro(input.channelId, intro));
      } catch (err) {
        const transient = err instanceof QuizPortError && err.transient;
        logger.warn({ ...ctx(entry.state), err, transient }, 'quiz: could not post the intro; not starting');
        entry.deleted = true;
        if (entry.saving) await entry.saving;
        await store.sessions.delete(input.channelId).catch((e: unknown) => {
          logger.error({ ...ctx(entry.state), err: e }, 'quiz: could not delete the unstarted session');
        });
        await unregister(entry, false);
        return { ok: false, reason: transient ? 'discord-unavailable' : 'cannot-post' };
      }
      entry.state = withIntroMessage(entry.state, messageId);
      void entry.save();
      arm(entry, firstQuestionAt - clock.now(), () => askNext(entry));
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
      const entry = hostEntry(input);
      if (typeof entry === 'string') return entry;
      entry.ending = true;
      clearTimer(entry);
      logger.info({ ...ctx(entry.state), userId: input.userId }, 'quiz: stop requested');
      await enqueue(entry, () => finish(entry, 'stopped', false));
      return 'stopped';
    },

    async skip(input) {
      const entry = hostEntry(input);
      if (typeof entry === 'string') return entry;
      logger.info({ ...ctx(entry.state), userId: input.userId }, 'quiz: skip requested');
      return steer<SkipResult>(entry, 'not-running', async () => {
        const s = entry.state;
        if (s.pause) return 'is-paused';
        clearTimer(entry);
        if (s.phase === 'asking') {
          const shown = await closeOpenRound(entry);
          if (!shown) await finish(entry, 'channel', false);
          else afterReveal(entry, clock.now());
          return 'skipped-question';
        }
        // The next question (or the standings) follows as the next step: the reply does not wait for Discord.
        void enqueue(entry, () => askNext(entry));
        return s.phase === 'revealing' && nextStep(s).kind === 'end' ? 'skipped-to-end' : 'skipped-pause';
      });
    },

    async pauseQuiz(input) {
      const entry = hostEntry(input);
      if (typeof entry === 'string') return entry;
      return steer<PauseResult>(entry, 'not-running', async () => {
        if (entry.state.pause) return 'already-paused';
        clearTimer(entry);
        entry.state = pauseQuiz(entry.state, clock.now());
        await entry.save();
        logger.info({ ...ctx(entry.state), userId: input.userId, phase: entry.state.phase }, 'quiz: paused');
        refreshQuestion(entry);
        return 'paused';
      });
    },

    async resumeQuiz(input) {
      const entry = hostEntry(input);
      if (typeof entry === 'string') return entry;
      return steer<ResumeResult>(entry, 'not-running', async () => {
        if (!entry.state.pause) return 'not-paused';
        entry.state = resumeQuiz(entry.state, clock.now());
        await entry.save();
        logger.info({ ...ctx(entry.state), userId: input.userId, phase: entry.state.phase }, 'quiz: resumed');
        const s = entry.state;
        if (s.phase === 'asking') {
          refreshQuestion(entry);
          armClose(entry);
        } else if (s.phase === 'intro') {
          arm(entry, timings.introMs, () => askNext(entry));
        } else {
          afterReveal(entry, clock.now());
        }
        return 'resumed';
      });
    },

    async nextButton(customId, who) {
      const parsed = parseQuizNextButtonId(customId);
      if (!parsed) return 'unknown';
      const entry = buttonEntry(parsed.sessionId, who);
      if (typeof entry === 'string') return entry;
      const s = entry.state;
      if (s.hostId !== who.userId && !who.canManage) return 'forbidden';
      if (s.pause && s.phase === 'revealing' && s.round === parsed.round) return 'paused';
      const waiting = (): boolean =>
        entry.state.options.pace === 'manual' &&
        entry.state.phase === 'revealing' &&
        entry.state.round === parsed.round &&
        !entry.state.pause &&
        nextAsked.get(entry) !== parsed.round;
      if (!waiting()) return 'not-waiting';
      return steer<NextResult>(entry, 'not-waiting', async () => {
        // A second press queued behind the first finds the quiz moved on.
        if (!waiting()) return 'not-waiting';
        clearTimer(entry);
        logger.info({ ...ctx(entry.state), userId: who.userId }, 'quiz: next question requested');
        // Asked as the next step, so the press is answered at once even if the post takes a while.
        nextAsked.set(entry, parsed.round);
        void enqueue(entry, () => askNext(entry));
        return 'next';
      });
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
      let held = 0;
      const records = await store.sessions.list();
      const steps: Promise<void>[] = [];
      for (const record of records) {
        if (options.owns && !options.owns(record.guildId)) {
          others++;
          continue;
        }
        // Running here already (the periodic look for orphaned quizzes finds them too): nothing to read.
        if (byChannel.has(record.channelId)) continue;
        // The lease first: a quiz another process runs is neither read nor touched here.
        let mine: boolean;
        try {
          mine = await takeLease(record.channelId);
        } catch (err) {
          logger.warn({ channelId: record.channelId, guildId: record.guildId, err }, 'quiz: could not take the lease of a saved quiz; leaving it for now');
          mine = false;
        }
        if (!mine) {
          // Another process runs it (a rolling restart's other half): it is taken over once that lease lapses.
          held++;
          continue;
        }
        const restored = await restoreStored(store.sessions, record);
        if ('problem' in restored) {
          const problem = restored.problem;
          logger.warn({ channelId: record.channelId, guildId: record.guildId, problem }, 'quiz: dropping an unreadable saved session');
          await store.sessions.delete(record.channelId).catch((err: unknown) => {
            logger.error({ channelId: record.channelId, err }, 'quiz: could not delete an unreadable session');
          });
          await releaseLease(record.channelId, { guildId: record.guildId });
          dropped++;
          continue;
        }
        if (bySession.has(restored.state.id)) continue;
        const { state, answers, nextSeq } = await withLoggedAnswers(store.sessions, logger, restored.state);
        const entry = register(state, answers, nextSeq);
        const stale = isStale(state, clock.now(), timings.staleAfterMs);
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
      if (others > 0) logger.debug({ sessions: others }, 'quiz: left the saved quizzes of servers another process serves');
      if (held > 0) logger.info({ sessions: held }, 'quiz: left the saved quizzes another process runs (their leases are held)');
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
        await Promise.all(entries.map((e) => e.drainAnswers()));
        await Promise.all(entries.map((e) => e.saving ?? undefined));
        if (entries.every((e, i) => e.chain === before[i] && e.saving === null && e.flushing === null)) return;
      }
    },

    async shutdown() {
      closed = true;
      const entries = [...bySession.values()];
      for (const entry of entries) clearTimer(entry);
      // Answers accepted before the shutdown are written (and acknowledged) first.
      await Promise.all(entries.map((e) => e.drainAnswers()));
      await Promise.all(entries.map((e) => e.chain));
      await Promise.all(entries.map((e) => e.saving ?? undefined));
      // The leases go back, so that the next process (a rolling restart) takes the quizzes over at once.
      await Promise.all(entries.map((entry) => unregister(entry, false)));
      logger.info({ sessions: entries.length }, 'quiz: runner shut down; sessions stay saved');
    },
  };

  function alreadyRunning(state: SessionState): StartResult {
    const messageId = state.questionMessageId ?? state.introMessageId;
    return messageId === null
      ? { ok: false, reason: 'already-running', sessionId: state.id }
      : { ok: false, reason: 'already-running', sessionId: state.id, messageId };
  }
}

/** Real time for the lease renewals, unref'd: it never keeps the process alive. */
function realLeaseTimer(ms: number, renew: () => void): { stop(): void } {
  const timer = setInterval(renew, ms);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/**
 * One running quiz as the runner holds it, and how it is saved: the state (written at each step,
 * coalesced, one write in flight) and the open round's answers (kept in a map and appended to
 * the store's answer log in group commits). No discord.js, no timers of its own.
 */
import { MAX_SESSION_STATE_BYTES } from '../store/sessions.js';
import type { SessionRepository } from '../store/types.js';
import type { QuizLogger } from './api.js';
import type { TimerHandle } from './scheduler.js';
import { answerBatch, persistedState, type RoundAnswer, type SessionState } from './session.js';

/** Most answers one write of the log carries (about 40 bytes each). */
export const MAX_ANSWER_BATCH = 2_000;
/**
 * Acknowledgements released per turn of the event loop once a batch is saved: each starts a
 * reply to Discord (about 0.1 ms of work, most of it after the release, in the reply's own
 * promise chain), and thousands at once would hold the loop (and every other click) for hundreds
 * of milliseconds. Released too few at a time, a saved batch's last players wait behind the
 * clicks still arriving (gateway events get 2 ms of each turn, src/discord/gateway.ts). In the
 * load bench's 5,000-click bursts, 64 per turn kept the bot's ack p99 within ×1.5 of a bare
 * client's in 29 of 30 bursts (×0.82–1.57), with the loop's own work holding it for at most
 * 24–42 ms at a time; at 16 it was over ×1.5 in 8 of 18 bursts.
 */
export const ACKS_PER_TURN = 64;

export type EntrySessions = Pick<SessionRepository, 'put' | 'appendAnswers' | 'deleteAnswers'>;

interface Waiter {
  readonly ticket: number;
  readonly resolve: () => void;
}

interface PendingAnswer {
  readonly userId: string;
  readonly answer: RoundAnswer;
  readonly done: (saved: boolean) => void;
}

/** Tells a batch's players how their answers fared, {@link ACKS_PER_TURN} per turn of the event loop. */
async function release(batch: readonly PendingAnswer[], saved: boolean): Promise<void> {
  for (let i = 0; i < batch.length; i += ACKS_PER_TURN) {
    if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    for (const p of batch.slice(i, i + ACKS_PER_TURN)) p.done(saved);
  }
}

/** Size of a state as the store would write it, for the log when a write fails; null when it is not JSON. */
function stateBytes(state: unknown): number | null {
  try {
    return Buffer.byteLength(JSON.stringify(state));
  } catch {
    return null;
  }
}

export class QuizEntry {
  state: SessionState;
  timer: TimerHandle | null = null;
  /** Tail of this session's serialised transitions. */
  chain: Promise<void> = Promise.resolve();
  /** Stop requested or the quiz is finishing: clicks get `finished`. */
  ending = false;
  /** Deleted from the store (or let go): no more writes or steps. */
  deleted = false;
  /** The open round's answers, in click order (the state's `answers` stays empty meanwhile). */
  answers: Map<string, RoundAnswer>;
  /** The next batch number of the answer log. */
  nextSeq: number;
  /** The first batch number of the open round's answers. */
  roundSeq: number;

  readonly #sessions: EntrySessions;
  readonly #logger: QuizLogger;
  #saving: Promise<void> | null = null;
  #dirty = false;
  /** Save requests so far; each write covers the requests made before it began. */
  #requested = 0;
  /** Callers waiting for the write that covers their request. */
  #waiters: Waiter[] = [];
  /** Accepted answers not yet written, oldest first. */
  #pending: PendingAnswer[] = [];
  /** The group commit under way (it writes until nothing is pending). */
  #flushing: Promise<void> | null = null;

  /** How long the first answer of a group commit waits for others (0: only those already read). */
  readonly #windowMs: number;

  constructor(
    state: SessionState,
    deps: { sessions: EntrySessions; logger: QuizLogger; answerWindowMs?: number },
    answers = new Map<string, RoundAnswer>(),
    nextSeq = state.answerSeq,
  ) {
    this.#windowMs = deps.answerWindowMs ?? 0;
    this.state = state;
    this.answers = answers;
    this.nextSeq = nextSeq;
    this.roundSeq = state.answerSeq;
    this.#sessions = deps.sessions;
    this.#logger = deps.logger;
  }

  /** Ids for every log line about this quiz. */
  get context(): Record<string, string> {
    return { sessionId: this.state.id, guildId: this.state.guildId, channelId: this.state.channelId };
  }

  /** The state write in flight, if any. */
  get saving(): Promise<void> | null {
    return this.#saving;
  }

  /** The group commit in flight, if any. */
  get flushing(): Promise<void> | null {
    return this.#flushing;
  }

  // -------------------------------------------------------------------------
  // The state

  /**
   * Asks for the latest state to be written; returns the request's ticket. Requests made while
   * a write is in flight coalesce into one more write of whatever is latest then.
   */
  requestSave(): number {
    if (this.deleted) return 0;
    this.#dirty = true;
    this.#requested++;
    if (!this.#saving) {
      this.#saving = (async () => {
        try {
          while (this.#dirty && !this.deleted) {
            this.#dirty = false;
            const covers = this.#requested;
            const s = this.state;
            const persisted = persistedState(s);
            try {
              await this.#sessions.put(s.channelId, s.guildId, persisted);
            } catch (err) {
              this.#logger.error(
                { ...this.context, err, bytes: stateBytes(persisted), maxBytes: MAX_SESSION_STATE_BYTES },
                'quiz: could not save the session state',
              );
            }
            this.#release(covers);
          }
        } finally {
          this.#saving = null;
          // Nothing more will be written (done, or the session was let go): nobody may wait on.
          this.#release(Infinity);
        }
      })();
    }
    return this.#requested;
  }

  /**
   * Writes the latest state. Resolves when the state as it is now has been written (or the write
   * failed and was logged), without waiting for writes asked for later.
   */
  save(): Promise<void> {
    const ticket = this.requestSave();
    if (!this.#saving) return Promise.resolve();
    return new Promise<void>((resolve) => this.#waiters.push({ ticket, resolve }));
  }

  #release(covered: number): void {
    if (this.#waiters.length === 0) return;
    const still: Waiter[] = [];
    for (const waiter of this.#waiters) {
      if (waiter.ticket <= covered) waiter.resolve();
      else still.push(waiter);
    }
    this.#waiters = still;
  }

  // -------------------------------------------------------------------------
  // The open round's answers

  /**
   * Takes an answer the round accepted: it counts from now (a second click is answered from the
   * map), and resolves true once the store holds it, false when the write failed (then it is
   * taken back, so the player may answer again).
   */
  accept(userId: string, answer: RoundAnswer): Promise<boolean> {
    this.answers.set(userId, answer);
    const saved = new Promise<boolean>((done) => this.#pending.push({ userId, answer, done }));
    this.#flush();
    return saved;
  }

  /**
   * Group commit: writes the pending answers to the log, one batch per write, until none is
   * left; answers accepted meanwhile go in the next batch. The first write waits the answer
   * window (a few milliseconds, or the next turn of the event loop) so that clicks arriving
   * together join it.
   */
  #flush(): void {
    if (this.#flushing) return;
    this.#flushing = (async () => {
      try {
        // A real-time wait, not game time: it only gathers the clicks arriving together.
        await new Promise<void>((resolve) => (this.#windowMs > 0 ? setTimeout(resolve, this.#windowMs) : setImmediate(resolve)));
        while (this.#pending.length > 0) await this.#writeBatch(this.#pending.splice(0, MAX_ANSWER_BATCH));
      } finally {
        this.#flushing = null;
      }
    })();
  }

  async #writeBatch(batch: readonly PendingAnswer[]): Promise<void> {
    const s = this.state;
    const seq = this.nextSeq;
    try {
      await this.#sessions.appendAnswers(s.channelId, seq, answerBatch(s, batch.map((p) => [p.userId, p.answer] as const)));
      // Only a written batch takes its number: the log has no gaps, and a failed one is rewritten.
      this.nextSeq = seq + 1;
      void release(batch, true);
    } catch (err) {
      this.#logger.error({ ...this.context, round: s.round, answers: batch.length, err }, 'quiz: could not save answers; those players may answer again');
      for (const p of batch) {
        if (this.answers.get(p.userId) === p.answer) this.answers.delete(p.userId);
      }
      void release(batch, false);
    }
  }

  /** Resolves once every answer accepted so far is written (or refused and taken back). */
  async drainAnswers(): Promise<void> {
    while (this.#flushing) await this.#flushing;
  }

  /** The state with the open round's answers in it, for closing the round. */
  withOpenAnswers(): SessionState {
    return { ...this.state, answers: Object.fromEntries(this.answers) };
  }

  /** After a round closed (its answers are in the state now): the log goes on from here. */
  roundClosed(): void {
    this.answers = new Map();
  }

  /** Drops the answer log's batches of the round just closed. A failure only leaves them behind until the quiz ends. */
  async dropClosedLog(): Promise<void> {
    const { roundSeq, nextSeq } = this;
    this.roundSeq = nextSeq;
    if (nextSeq <= roundSeq) return;
    try {
      await this.#sessions.deleteAnswers(this.state.channelId, roundSeq, nextSeq);
    } catch (err) {
      this.#logger.warn({ ...this.context, err }, 'quiz: could not drop the answer log of a closed round');
    }
  }
}

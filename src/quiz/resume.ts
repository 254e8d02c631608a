/**
 * Resuming after a restart: reading each saved quiz back (its state, its game's questions, the
 * open round's answers from the log) and deciding what it needs next. The runner carries it out.
 * No discord.js, no timers.
 */
import type { SessionRepository } from '../store/types.js';
import type { QuizLogger } from './api.js';
import { answersFromLog, restoreSessionState, savedGame, type RoundAnswer, type SessionState } from './session.js';


/**
 * A saved session as a state, with its game's questions when they were saved apart. A state
 * saved with its questions in it (by an earlier release) has them written apart now, as every
 * later save leaves them out.
 */
export async function restoreStored(
  sessions: Pick<SessionRepository, 'getGame' | 'putGame'>,
  record: { readonly channelId: string; readonly state: unknown },
): Promise<ReturnType<typeof restoreSessionState>> {
  const raw = record.state;
  const inline = typeof raw === 'object' && raw !== null && 'questions' in raw;
  const restored = restoreSessionState(raw, inline ? undefined : await sessions.getGame(record.channelId));
  if (inline && 'state' in restored) await sessions.putGame(record.channelId, savedGame(restored.state));
  return restored;
}

/**
 * An open round's answers from the store's log (they are not in the saved state), and where the
 * log goes on. Any other phase has its answers in the state already.
 */
export async function withLoggedAnswers(
  sessions: Pick<SessionRepository, 'answers'>,
  logger: QuizLogger,
  state: SessionState,
): Promise<{ state: SessionState; answers: Map<string, RoundAnswer>; nextSeq: number }> {
  if (state.phase !== 'asking') return { state, answers: new Map(), nextSeq: state.answerSeq };
  const log = await sessions.answers(state.channelId, state.answerSeq);
  const found = answersFromLog(state, log);
  if (found.skipped > 0) {
    logger.warn({ sessionId: state.id, guildId: state.guildId, channelId: state.channelId, batches: found.skipped }, 'quiz: ignored answer batches that were unreadable or of another round');
  }
  return { state: { ...state, answers: {} }, answers: found.answers, nextSeq: state.answerSeq + found.batches };
}

/** Whether a saved quiz was left alone too long to carry on (it is ended with an announcement instead). */
export function isStale(state: SessionState, now: number, staleAfterMs: number): boolean {
  // A quiz its host paused waits for the host, however long.
  if (state.pause) return false;
  return now - lastActivity(state) > staleAfterMs;
}

/** When the quiz last did something: started, asked, revealed, or was resumed by its host. */
export function lastActivity(state: SessionState): number {
  return Math.max(state.createdAt, state.askedAt ?? 0, state.lastReveal?.closedAt ?? 0, state.pauses.at(-1)?.to ?? 0);
}

/**
 * What a resumed quiz does once its "back after a restart" notice is out:
 * - `intro`: the first question after the intro pause;
 * - `ask-again`: its open question was never shown (nobody can have answered), so it is asked
 *   again with a full window;
 * - `close`: its open question's time ran out while the bot was down;
 * - `wait`: its open question goes on until its time is up;
 * - `reveal-again`: the reveal of the round it closed is shown again (committed first if the
 *   store had not confirmed it), then the next question after the pause (or, at `pace:
 *   manual`, the host's Next question, still within 15 minutes of the reveal);
 * - `paused`: its host had paused it: it stays paused until `/quiz resume`;
 * - `nothing`: it had finished.
 */
export type ResumeStep = 'intro' | 'ask-again' | 'close' | 'wait' | 'reveal-again' | 'paused' | 'nothing';

export function resumeStep(state: SessionState, openAnswers: number, now: number): ResumeStep {
  // A quiz its host paused stays paused (its question's time left is kept) until `/quiz resume`.
  if (state.pause && state.phase !== 'finished') return 'paused';
  switch (state.phase) {
    case 'intro':
      return 'intro';
    case 'asking':
      if (state.questionMessageId === null && openAnswers === 0) return 'ask-again';
      return state.closesAt !== null && now >= state.closesAt ? 'close' : 'wait';
    case 'revealing':
      return 'reveal-again';
    case 'finished':
      return 'nothing';
  }
}

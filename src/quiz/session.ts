/**
 * The quiz session state machine: pure functions over a plain, JSON-serialisable
 * {@link SessionState}. The state holds everything a restarted bot needs to carry on.
 * No discord.js, no timers, no I/O: the runner (runner.ts) drives it.
 *
 * The store keeps it in three parts so that each write is proportional to what changed
 * ({@link persistedState}): the questions once per game, the rest of the state at each
 * transition, and the open round's answers as an append-only log of batches.
 *
 *   intro ──beginRound──▶ asking ──closeRound──▶ revealing ──beginRound──▶ asking …
 *     │                                              │
 *     └──────────────stopSession─────────────────────┴──▶ finished
 *
 * A round still `asking` must be closed (and its scores committed) before the session is stopped.
 *
 * It holds nothing that can be derived from the rest: a closed round's winners and option counts
 * are rebuilt from its answers ({@link lastRevealOf}).
 */
import { NO_SPOILERS, readStoredSpoilers } from '../data/spoilers.js';
import type { AnswerResult } from '../store/types.js';
import { isLang, type Lang } from '../i18n/lang.js';
import { scoreAnswer, splitPoints, type ScoreBreakdown } from './scoring.js';
import type { Question, QuizOptions } from './types.js';

export type Phase = 'intro' | 'asking' | 'revealing' | 'finished';

/**
 * Why a session ended: all rounds played, 3 rounds in a row without an answer, `/quiz stop`,
 * Discord refused the quiz's messages for good (`channel`: a missing permission, a deleted
 * message or channel), the store could not save a round's scores (`store`), an unexpected
 * failure (`error`), the bot left the server, or the bot was down too long for the quiz to
 * carry on after a restart.
 */
export type EndReason = 'completed' | 'inactive' | 'stopped' | 'abandoned' | 'channel' | 'store' | 'error' | 'removed' | 'interrupted';

/** How long a quiz played at `pace: manual` waits for its host's Next question before it ends (`abandoned`). */
export const HOST_WAIT_MS = 15 * 60_000;

/** The quiz ends early after this many consecutive rounds with no answer at all. */
export const SILENT_ROUNDS_LIMIT = 3;

export interface PlayerTotals {
  readonly points: number;
  readonly correct: number;
  readonly answered: number;
  /** Consecutive correct answers up to the last closed round. */
  readonly streak: number;
  readonly bestStreak: number;
}

export interface RoundAnswer {
  readonly option: number;
  /** Clock time of the click. */
  readonly at: number;
}

/** One player's outcome for one round: the store's own type, so a round's results commit as they are. */
export type { AnswerResult };

export interface RoundWinner {
  readonly userId: string;
  readonly points: number;
  /** Milliseconds from the question being asked to the click. */
  readonly elapsedMs: number;
  /** Why the points: base, speed bonus and streak bonus (they add up to `points`). */
  readonly base: number;
  readonly speedBonus: number;
  readonly streakBonus: number;
  /** Correct answers in a row, this one included. */
  readonly streak: number;
}

function winnerOf(userId: string, elapsedMs: number, score: ScoreBreakdown): RoundWinner {
  return {
    userId,
    points: score.total,
    elapsedMs,
    base: score.base,
    speedBonus: score.speedBonus,
    streakBonus: score.streakBonus,
    streak: score.streak,
  };
}

/** A closed round as the state keeps it: what a restart needs to commit it and to show it again. */
export interface ClosedRound {
  readonly round: number;
  readonly questionId: string;
  /** Index of the correct option. */
  readonly correct: number;
  /** Every player who answered (right or wrong), in click order. */
  readonly results: readonly AnswerResult[];
  readonly closedAt: number;
}

/** What closing a round produced: the closed round and what its reveal shows. */
export interface RoundReveal extends ClosedRound {
  /** Players who answered correctly, fastest first. */
  readonly winners: readonly RoundWinner[];
  /** How many players picked each option. */
  readonly optionCounts: readonly number[];
}

export interface SessionState {
  readonly version: 1;
  readonly id: string;
  readonly guildId: string;
  readonly channelId: string;
  readonly hostId: string;
  readonly options: QuizOptions;
  /** The game's questions in order; `questions.length` is the number of rounds actually played. */
  readonly questions: readonly Question[];
  readonly createdAt: number;
  readonly phase: Phase;
  /** Index of the current (or last closed) round; -1 before the first question. */
  readonly round: number;
  readonly introMessageId: string | null;
  readonly questionMessageId: string | null;
  readonly askedAt: number | null;
  readonly closesAt: number | null;
  /**
   * Answers to the current round, by user id. While a round is open the runner keeps them in
   * memory and in the store's answer log, and puts them here when the round closes.
   */
  readonly answers: Readonly<Record<string, RoundAnswer>>;
  /**
   * Answer batches the store's log held when the current round began: that round's batches
   * are numbered from here (0 for a state saved before the log existed).
   */
  readonly answerSeq: number;
  readonly players: Readonly<Record<string, PlayerTotals>>;
  /** Consecutive closed rounds nobody answered. */
  readonly silentRounds: number;
  readonly lastReveal: ClosedRound | null;
  /**
   * The last round the store has confirmed committing (-1: none). Rounds are committed in order,
   * so a restart commits only a closed round after this one: the store's commit keys alone would
   * stop protecting a round once its players have made enough newer commits elsewhere.
   */
  readonly committedRound: number;
  /** The store has confirmed recording the game (each player's games played). */
  readonly gameRecorded: boolean;
  readonly endedReason: EndReason | null;
  readonly endedAt: number | null;
  /**
   * A host's pause under way: since when, and (while a question is open) how much of its time
   * was left. Clicks are refused meanwhile and no step is due.
   */
  readonly pause: Pause | null;
  /** The round's finished pauses (its question's, then its reveal's): they do not count as answering time. */
  readonly pauses: readonly PauseSpan[];
}

export interface Pause {
  readonly since: number;
  /** Milliseconds of the open question left when it was paused; null between questions. */
  readonly remainingMs: number | null;
}

export interface PauseSpan {
  readonly from: number;
  readonly to: number;
}

export type SubmitOutcome = 'locked' | 'already-answered' | 'closed' | 'paused' | 'invalid-option';

export interface Standing {
  /** 1-based; players with equal points share a rank (1, 2, 2, 4). */
  readonly rank: number;
  readonly userId: string;
  readonly points: number;
  readonly correct: number;
  readonly answered: number;
  readonly bestStreak: number;
}

export type NextStep = { readonly kind: 'ask' } | { readonly kind: 'end'; readonly reason: 'completed' | 'inactive' };

export interface CreateSessionInput {
  readonly id: string;
  readonly guildId: string;
  readonly channelId: string;
  readonly hostId: string;
  readonly options: QuizOptions;
  readonly questions: readonly Question[];
  readonly now: number;
}

function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * A new session in the `intro` phase.
 * @throws Error when `questions` is empty.
 */
export function createSession(input: CreateSessionInput): SessionState {
  if (input.questions.length === 0) throw new Error('createSession: a quiz needs at least one question');
  return {
    version: 1,
    id: input.id,
    guildId: input.guildId,
    channelId: input.channelId,
    hostId: input.hostId,
    options: input.options,
    questions: input.questions,
    createdAt: input.now,
    phase: 'intro',
    round: -1,
    introMessageId: null,
    questionMessageId: null,
    askedAt: null,
    closesAt: null,
    answers: {},
    answerSeq: 0,
    players: {},
    silentRounds: 0,
    lastReveal: null,
    committedRound: -1,
    gameRecorded: false,
    endedReason: null,
    endedAt: null,
    pause: null,
    pauses: [],
  };
}

export function totalRounds(state: SessionState): number {
  return state.questions.length;
}

/** The question of the current round, if a round has begun. */
export function currentQuestion(state: SessionState): Question | undefined {
  return state.round >= 0 ? state.questions[state.round] : undefined;
}

/**
 * Opens the next round: it accepts answers from `now` until `now + seconds`.
 * @throws Error when the session is not in `intro` or `revealing`, or every round has been played.
 */
export function beginRound(state: SessionState, now: number, messageId: string | null = null, answerSeq = state.answerSeq): SessionState {
  if (state.phase !== 'intro' && state.phase !== 'revealing') {
    throw new Error(`beginRound: cannot begin a round in phase ${state.phase}`);
  }
  const round = state.round + 1;
  if (round >= state.questions.length) throw new Error('beginRound: every round has been played');
  return {
    ...state,
    phase: 'asking',
    round,
    questionMessageId: messageId,
    askedAt: now,
    closesAt: now + state.options.seconds * 1000,
    answers: {},
    answerSeq,
    pauses: [],
  };
}

/**
 * The host pauses the quiz: an open question's countdown stops (what was left is kept), and
 * between questions the next one waits.
 * @throws Error when the quiz has finished or is paused already.
 */
export function pauseQuiz(state: SessionState, now: number): SessionState {
  if (state.phase === 'finished') throw new Error('pauseQuiz: the quiz has finished');
  if (state.pause) throw new Error('pauseQuiz: the quiz is paused already');
  const remainingMs = state.phase === 'asking' && state.closesAt !== null ? Math.max(0, state.closesAt - now) : null;
  return { ...state, pause: { since: now, remainingMs } };
}

/**
 * The host resumes a paused quiz: an open question gets back the time it had left, and the
 * pause does not count as answering time.
 * @throws Error when the quiz is not paused.
 */
export function resumeQuiz(state: SessionState, now: number): SessionState {
  const pause = state.pause;
  if (!pause) throw new Error('resumeQuiz: the quiz is not paused');
  // Kept between questions too: a wait for the host's Next question counts from the resume.
  const pauses = [...state.pauses, { from: pause.since, to: Math.max(pause.since, now) }];
  if (state.phase !== 'asking' || pause.remainingMs === null) return { ...state, pause: null, pauses };
  return { ...state, pause: null, closesAt: now + pause.remainingMs, pauses };
}

/** Milliseconds of the open round from `askedAt` to `t` spent answering (pauses left out). */
export function answeringMs(state: Pick<SessionState, 'askedAt' | 'pauses'>, t: number): number {
  const askedAt = state.askedAt ?? t;
  let paused = 0;
  for (const p of state.pauses) paused += Math.max(0, Math.min(p.to, t) - Math.max(p.from, askedAt));
  return Math.max(0, t - askedAt - paused);
}

/**
 * Gives the open round a fresh full window from `now`. For a restart that finds a round
 * whose question was never posted: nobody can have answered it, so it is asked again.
 * @throws Error when no round is open or it already has answers.
 */
export function reopenRound(state: SessionState, now: number): SessionState {
  if (state.phase !== 'asking') throw new Error(`reopenRound: no open round (phase ${state.phase})`);
  if (Object.keys(state.answers).length > 0) throw new Error('reopenRound: the round already has answers');
  return { ...state, questionMessageId: null, askedAt: now, closesAt: now + state.options.seconds * 1000 };
}

/**
 * Starts the open round's window again from `now`, keeping its answers and message: for a
 * question whose post took a while to reach the channel (rate limits, retries), so that
 * players get the whole window from when they can see it.
 * @throws Error when no round is open.
 */
export function retimeRound(state: SessionState, now: number): SessionState {
  if (state.phase !== 'asking') throw new Error(`retimeRound: no open round (phase ${state.phase})`);
  return { ...state, askedAt: now, closesAt: now + state.options.seconds * 1000 };
}

/**
 * Takes back an open round nobody could see (its question was never posted), so that ending
 * the session now does not count it as played.
 * @throws Error when no round is open or it already has answers.
 */
export function abandonRound(state: SessionState): SessionState {
  if (state.phase !== 'asking') throw new Error(`abandonRound: no open round (phase ${state.phase})`);
  if (Object.keys(state.answers).length > 0) throw new Error('abandonRound: the round already has answers');
  const round = state.round - 1;
  return {
    ...state,
    phase: round < 0 ? 'intro' : 'revealing',
    round,
    questionMessageId: null,
    askedAt: null,
    closesAt: null,
    answers: {},
  };
}

/** Records the id of the message that shows the current question. */
export function withQuestionMessage(state: SessionState, messageId: string): SessionState {
  return { ...state, questionMessageId: messageId };
}

/** Records the id of the intro message. */
export function withIntroMessage(state: SessionState, messageId: string): SessionState {
  return { ...state, introMessageId: messageId };
}

/**
 * Whether a click on `option` can be accepted now, leaving aside whether the player has
 * answered already: `closed` when no round is open or `now` is at or past `closesAt` (even if
 * the timer that closes the round has not fired yet). Constant time; never throws.
 */
export function checkAnswer(state: SessionState, option: number, now: number): 'ok' | 'closed' | 'paused' | 'invalid-option' {
  if (state.phase !== 'asking' || state.closesAt === null) return 'closed';
  if (state.pause) return 'paused';
  if (now >= state.closesAt) return 'closed';
  const question = currentQuestion(state);
  if (!question || !Number.isInteger(option) || option < 0 || option >= question.options.length) return 'invalid-option';
  return 'ok';
}

/**
 * One click on the current round, as a new state (see {@link checkAnswer}). The runner keeps
 * an open round's answers in its own map instead (a copy per click would cost as much as all
 * the earlier clicks); this is the same rule for one-off use. Never throws.
 */
export function submitAnswer(
  state: SessionState,
  userId: string,
  option: number,
  now: number,
): { state: SessionState; outcome: SubmitOutcome } {
  const check = checkAnswer(state, option, now);
  if (check !== 'ok') return { state, outcome: check };
  if (own(state.answers, userId)) return { state, outcome: 'already-answered' };
  const answers: Record<string, RoundAnswer> = { ...state.answers };
  Object.defineProperty(answers, userId, { value: { option, at: now }, enumerable: true, writable: true, configurable: true });
  return { state: { ...state, answers }, outcome: 'locked' };
}

const NO_TOTALS: PlayerTotals = { points: 0, correct: 0, answered: 0, streak: 0, bestStreak: 0 };

/**
 * Closes the open round: scores every answer (see scoring.ts), updates the players'
 * totals, resets the streak of players who did not answer, and moves to `revealing`.
 * The reveal is deterministic from the state, so closing the same persisted state twice
 * (after a crash) yields the same results.
 * @throws Error when no round is open.
 */
export function closeRound(state: SessionState, now: number): { state: SessionState; reveal: RoundReveal } {
  const question = currentQuestion(state);
  if (state.phase !== 'asking' || !question || state.askedAt === null || state.closesAt === null) {
    throw new Error(`closeRound: no open round (phase ${state.phase})`);
  }
  // Pauses are not answering time: neither the window nor a click's time counts them.
  const windowMs = answeringMs(state, state.closesAt);
  const clicks = Object.entries(state.answers).sort(([ua, a], [ub, b]) => a.at - b.at || (ua < ub ? -1 : ua > ub ? 1 : 0));

  // A Map, turned into a record once at the end: defining thousands of properties one by one on
  // a plain object costs several times more. Object.fromEntries defines (never sets), so an id
  // such as "__proto__" stays an ordinary key; a player keeps their place when overwritten.
  const players = new Map<string, PlayerTotals>();
  const setPlayer = (userId: string, totals: PlayerTotals): void => {
    players.set(userId, totals);
  };
  for (const [userId, totals] of Object.entries(state.players)) {
    // No answer this round resets the streak; answering players are overwritten below.
    setPlayer(userId, { ...totals, streak: 0 });
  }

  const results: AnswerResult[] = [];
  const winners: RoundWinner[] = [];
  const optionCounts = question.options.map(() => 0);
  for (const [userId, answer] of clicks) {
    const before = own(state.players, userId) ?? NO_TOTALS;
    const correct = answer.option === question.answer;
    const score = scoreAnswer({
      difficulty: question.difficulty,
      correct,
      elapsedMs: answeringMs(state, answer.at),
      windowMs,
      streakBefore: before.streak,
    });
    setPlayer(userId, {
      points: before.points + score.total,
      correct: before.correct + (correct ? 1 : 0),
      answered: before.answered + 1,
      streak: score.streak,
      bestStreak: Math.max(before.bestStreak, score.streak),
    });
    results.push({ userId, points: score.total, correct, streak: score.streak });
    if (correct) winners.push(winnerOf(userId, answeringMs(state, answer.at), score));
    optionCounts[answer.option] = (optionCounts[answer.option] ?? 0) + 1;
  }

  const closed: ClosedRound = { round: state.round, questionId: question.id, correct: question.answer, results, closedAt: now };
  return {
    state: {
      ...state,
      phase: 'revealing',
      players: Object.fromEntries(players),
      silentRounds: clicks.length === 0 ? state.silentRounds + 1 : 0,
      lastReveal: closed,
    },
    reveal: { ...closed, winners, optionCounts },
  };
}

/**
 * The reveal of the round a `revealing` session has just closed, rebuilt from the state (the
 * round's answers stay in it until the next round begins): equal to what {@link closeRound}
 * returned. Null in any other phase.
 */
export function lastRevealOf(state: SessionState): RoundReveal | null {
  const closed = state.lastReveal;
  const question = closed ? state.questions[closed.round] : undefined;
  if (state.phase !== 'revealing' || !closed || !question || state.round !== closed.round) return null;
  const askedAt = state.askedAt ?? closed.closedAt;
  const optionCounts = question.options.map(() => 0);
  for (const answer of Object.values(state.answers)) {
    if (answer.option >= 0 && answer.option < optionCounts.length) optionCounts[answer.option] = (optionCounts[answer.option] ?? 0) + 1;
  }
  // Results are in click order, so the correct ones are already fastest first. They keep each
  // answer's points and streak, from which the parts of the points follow (see splitPoints).
  const winners = closed.results
    .filter((r) => r.correct)
    .map((r) =>
      winnerOf(r.userId, answeringMs(state, own(state.answers, r.userId)?.at ?? askedAt), splitPoints(question.difficulty, r.points, r.streak)),
    );
  return { round: closed.round, questionId: closed.questionId, correct: closed.correct, results: closed.results, closedAt: closed.closedAt, winners, optionCounts };
}

/** The closed round the store has not confirmed committing, if any. */
export function uncommittedRound(state: SessionState): ClosedRound | null {
  const closed = state.lastReveal;
  return closed && closed.round > state.committedRound ? closed : null;
}

/** Marks rounds up to `round` as committed by the store. */
export function withRoundCommitted(state: SessionState, round: number): SessionState {
  return round > state.committedRound ? { ...state, committedRound: round } : state;
}

/** Marks the game as recorded by the store. */
export function withGameRecorded(state: SessionState): SessionState {
  return state.gameRecorded ? state : { ...state, gameRecorded: true };
}

/** What follows a reveal: another question, or the end (all rounds played, or too many silent rounds). */
export function nextStep(state: SessionState): NextStep {
  if (state.silentRounds >= SILENT_ROUNDS_LIMIT) return { kind: 'end', reason: 'inactive' };
  if (state.round + 1 >= state.questions.length) return { kind: 'end', reason: 'completed' };
  return { kind: 'ask' };
}

/**
 * Ends the session. A finished session is returned unchanged (the first reason wins).
 * @throws Error when a round is still open: close it first so its answers are scored.
 */
export function stopSession(state: SessionState, reason: EndReason, now: number): SessionState {
  if (state.phase === 'finished') return state;
  if (state.phase === 'asking') throw new Error('stopSession: close the open round before stopping');
  return { ...state, phase: 'finished', endedReason: reason, endedAt: now, answers: {} };
}

/**
 * The label players see for an option: A–D for multiple choice and numeric questions,
 * the option itself ("True"/"False", or "O"/"X" in Korean) for true/false questions.
 */
export function optionLabel(question: Pick<Question, 'kind' | 'options'>, index: number): string {
  if (question.kind === 'true-false') return question.options[index] ?? String(index);
  return String.fromCharCode(65 + index);
}

/** How many rounds have been closed (and so scored). */
export function roundsPlayed(state: SessionState): number {
  if (state.phase === 'asking') return state.round;
  return state.lastReveal ? state.lastReveal.round + 1 : 0;
}

/** The language of the quiz's public messages: English for a quiz saved before there were two. */
export function quizLang(state: Pick<SessionState, 'options'>): Lang {
  return state.options.lang ?? 'en';
}

/** The standings' first `count` rows, equal to `standings(state).slice(0, count)`, without sorting every player. */
export function leaders(state: SessionState, count: number): Standing[] {
  if (count <= 0) return [];
  const top: UnrankedStanding[] = [];
  for (const [userId, t] of Object.entries(state.players)) {
    const row = { userId, points: t.points, correct: t.correct, answered: t.answered, bestStreak: t.bestStreak };
    const last = top[top.length - 1];
    if (top.length === count && last !== undefined && compareStandings(row, last) >= 0) continue;
    // Insertion into a list of at most `count` rows: one pass over the players.
    let i = top.length;
    while (i > 0 && compareStandings(row, top[i - 1] as UnrankedStanding) < 0) i--;
    top.splice(i, 0, row);
    if (top.length > count) top.pop();
  }
  return ranked(top);
}

type UnrankedStanding = Omit<Standing, 'rank'>;

function compareStandings(a: UnrankedStanding, b: UnrankedStanding): number {
  return b.points - a.points || b.correct - a.correct || b.bestStreak - a.bestStreak || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);
}

/** Ranks rows already in standings order: equal points share the rank of the first of them. */
function ranked(rows: readonly UnrankedStanding[]): Standing[] {
  const out: Standing[] = [];
  rows.forEach((row, i) => {
    const prev = out[i - 1];
    out.push({ ...row, rank: prev && prev.points === row.points ? prev.rank : i + 1 });
  });
  return out;
}

/**
 * The players ordered by points, then correct answers, then best streak, then user id
 * (so the order is stable), with shared ranks for equal points.
 */
export function standings(state: SessionState): Standing[] {
  const rows = Object.entries(state.players).map(([userId, t]) => ({ userId, points: t.points, correct: t.correct, answered: t.answered, bestStreak: t.bestStreak }));
  return ranked(rows.sort(compareStandings));
}

// ---------------------------------------------------------------------------
// Reading a state back from the store: it may be from an older version or damaged.

const PHASES: readonly Phase[] = ['intro', 'asking', 'revealing', 'finished'];
const END_REASONS: readonly EndReason[] = ['completed', 'inactive', 'stopped', 'abandoned', 'channel', 'store', 'error', 'removed', 'interrupted'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isNullOr = <T>(v: unknown, guard: (x: unknown) => x is T): boolean => v === null || guard(v);

function isQuestion(v: unknown): v is Question {
  if (!isObject(v)) return false;
  return (
    isStr(v.id) &&
    isStr(v.prompt) &&
    Array.isArray(v.options) &&
    v.options.length >= 2 &&
    v.options.every(isStr) &&
    isInt(v.answer) &&
    v.answer >= 0 &&
    v.answer < v.options.length &&
    (v.difficulty === 'easy' || v.difficulty === 'medium' || v.difficulty === 'hard') &&
    Array.isArray(v.sources)
  );
}

function isTotals(v: unknown): v is PlayerTotals {
  return isObject(v) && isInt(v.points) && isInt(v.correct) && isInt(v.answered) && isInt(v.streak) && isInt(v.bestStreak);
}

/**
 * Checks that a value read from the store is a usable session state of this version.
 * Returns a reason when it is not (for the log), or null when it is.
 */
export function sessionStateProblem(v: unknown): string | null {
  if (!isObject(v)) return 'not an object';
  if (v.version !== 1) return `unknown version ${String(v.version)}`;
  for (const key of ['id', 'guildId', 'channelId', 'hostId'] as const) if (!isStr(v[key])) return `${key} is not a string`;
  if (!isObject(v.options) || !isInt(v.options.seconds) || !isInt(v.options.rounds)) return 'options are malformed';
  if (!Array.isArray(v.questions) || v.questions.length === 0 || !v.questions.every(isQuestion)) return 'questions are malformed';
  if (!PHASES.includes(v.phase as Phase)) return `unknown phase ${String(v.phase)}`;
  if (!isInt(v.round) || v.round < -1 || v.round >= v.questions.length) return 'round is out of range';
  if (!isNum(v.createdAt)) return 'createdAt is not a number';
  if (!isNullOr(v.introMessageId, isStr) || !isNullOr(v.questionMessageId, isStr)) return 'message ids are malformed';
  if (!isNullOr(v.askedAt, isNum) || !isNullOr(v.closesAt, isNum)) return 'round times are malformed';
  if (v.phase === 'asking' && (v.askedAt === null || v.closesAt === null || v.round < 0)) return 'open round without times';
  if (!isObject(v.answers)) return 'answers are malformed';
  for (const a of Object.values(v.answers)) if (!isObject(a) || !isInt(a.option) || !isNum(a.at)) return 'answers are malformed';
  if (!isObject(v.players) || !Object.values(v.players).every(isTotals)) return 'players are malformed';
  if (!isInt(v.silentRounds)) return 'silentRounds is not an integer';
  // Both absent from states saved before they existed: restoreSessionState fills them in.
  if (v.committedRound !== undefined && (!isInt(v.committedRound) || v.committedRound < -1)) return 'committedRound is malformed';
  if (v.gameRecorded !== undefined && typeof v.gameRecorded !== 'boolean') return 'gameRecorded is not a boolean';
  if (v.answerSeq !== undefined && (!isInt(v.answerSeq) || v.answerSeq < 0)) return 'answerSeq is malformed';
  if (v.pause !== undefined && v.pause !== null && (!isObject(v.pause) || !isNum(v.pause.since) || !isNullOr(v.pause.remainingMs, isNum))) return 'pause is malformed';
  if (v.pauses !== undefined && (!Array.isArray(v.pauses) || !v.pauses.every((p) => isObject(p) && isNum(p.from) && isNum(p.to)))) return 'pauses are malformed';
  if (
    v.lastReveal !== null &&
    (!isObject(v.lastReveal) || !isInt(v.lastReveal.round) || !Array.isArray(v.lastReveal.results) || !isNum(v.lastReveal.closedAt))
  ) {
    return 'lastReveal is malformed';
  }
  if (v.phase === 'revealing' && v.lastReveal === null) return 'revealing without a reveal';
  if (v.endedReason !== null && !END_REASONS.includes(v.endedReason as EndReason)) return 'unknown end reason';
  return null;
}

export function isSessionState(v: unknown): v is SessionState {
  return sessionStateProblem(v) === null;
}

// ---------------------------------------------------------------------------
// The three parts the store keeps

/** The game's fixed part, written once when it starts. */
export interface SavedGame {
  readonly version: 1;
  readonly sessionId: string;
  readonly questions: readonly Question[];
}

/** The state as it is written at each transition: everything but the questions. */
export type PersistedState = Omit<SessionState, 'questions'>;

export function savedGame(state: SessionState): SavedGame {
  return { version: 1, sessionId: state.id, questions: state.questions };
}

export function persistedState(state: SessionState): PersistedState {
  const { questions: _questions, ...rest } = state;
  return rest;
}

/** One write of the answer log: answers to one round, in click order, as `[userId, option, at]`. */
export interface AnswerBatch {
  readonly v: 1;
  readonly sessionId: string;
  readonly round: number;
  readonly answers: readonly (readonly [userId: string, option: number, at: number])[];
}

export function answerBatch(state: Pick<SessionState, 'id' | 'round'>, answers: Iterable<readonly [string, RoundAnswer]>): AnswerBatch {
  const rows: [string, number, number][] = [];
  for (const [userId, answer] of answers) rows.push([userId, answer.option, answer.at]);
  return { v: 1, sessionId: state.id, round: state.round, answers: rows };
}

/**
 * The open round's answers from the batches the log holds from `state.answerSeq` on (in order),
 * merged over those already in the state (a state saved before the log existed keeps them
 * there). The first answer of a player wins; a batch of another session or round ends the
 * round's log (the rest counted in `skipped`), an unreadable one (`null`) is skipped in place.
 * `batches` is how many places of the log the round takes.
 */
export function answersFromLog(
  state: SessionState,
  batches: readonly unknown[],
): { readonly answers: Map<string, RoundAnswer>; readonly batches: number; readonly skipped: number } {
  const answers = new Map<string, RoundAnswer>(Object.entries(state.answers));
  let used = 0;
  let skipped = 0;
  for (const batch of batches) {
    // Unreadable (the store said so and set it aside): its answers are lost, its place is not.
    if (batch === null) {
      used++;
      skipped++;
      continue;
    }
    if (!isObject(batch) || batch.v !== 1 || batch.sessionId !== state.id || batch.round !== state.round || !Array.isArray(batch.answers)) {
      skipped += batches.length - used;
      break;
    }
    used++;
    for (const row of batch.answers as unknown[]) {
      if (!Array.isArray(row) || !isStr(row[0]) || !isInt(row[1]) || !isNum(row[2])) continue;
      if (!answers.has(row[0])) answers.set(row[0], { option: row[1], at: row[2] });
    }
  }
  return { answers, batches: used, skipped };
}

/**
 * A value read from the store as a usable state, or the reason it is not (for the log). The
 * questions come from `game` when the state was saved without them (they are written once per
 * game). A state saved before `committedRound` and `gameRecorded` existed gets the values that
 * repeat what that version did after a restart: a closed round not yet followed by another is
 * committed again, and the game is recorded again (both under the store's commit keys).
 */
export function restoreSessionState(v: unknown, game?: unknown): { readonly state: SessionState } | { readonly problem: string } {
  if (isObject(v) && v.questions === undefined) {
    if (!isObject(game)) return { problem: 'the game (its questions) is missing' };
    if (game.version !== 1 || game.sessionId !== v.id) return { problem: 'the saved game belongs to another quiz' };
    v = { ...v, questions: game.questions };
  }
  const problem = sessionStateProblem(v);
  if (problem !== null) return { problem };
  const state = v as SessionState & { committedRound?: number; gameRecorded?: boolean; answerSeq?: number; pause?: Pause | null; pauses?: PauseSpan[] };
  // A quiz saved by the first release holds its spoiler ladder as text; keep its meaning.
  const spoilers = readStoredSpoilers(state.options.spoilers) ?? NO_SPOILERS;
  // A quiz saved before there were two languages has none: it carries on in English, as it began.
  const { lang, ...rest } = state.options;
  const options = isLang(lang) ? { ...rest, spoilers, lang } : { ...rest, spoilers };
  // A round only begins once the one before it is committed.
  const committedRound =
    state.committedRound ?? (state.phase === 'asking' ? state.round - 1 : state.lastReveal ? state.lastReveal.round - 1 : -1);
  const answerSeq = Number.isSafeInteger(state.answerSeq) && (state.answerSeq ?? 0) >= 0 ? (state.answerSeq ?? 0) : 0;
  return { state: { ...state, options, committedRound, gameRecorded: state.gameRecorded ?? false, answerSeq, pause: state.pause ?? null, pauses: state.pauses ?? [] } };
}

/**
 * The view models the runner hands to the Discord side: plain data in the quiz's language,
 * built from the session state. No discord.js (src/discord/quiz-view.ts renders them).
 */
import type { SourceRef } from '../data/schema.js';
import type { SpoilerSetting } from '../data/spoilers.js';
import type { Lang } from '../i18n/lang.js';
import { quizButtonId, quizNextButtonId } from './buttons.js';
import { reportButtonId } from './reports.js';
import {
  currentQuestion,
  leaders,
  nextStep,
  optionLabel,
  quizLang,
  roundsPlayed,
  standings,
  totalRounds,
  type EndReason,
  type RoundReveal,
  type RoundWinner,
  type SessionState,
  type Standing,
} from './session.js';
import type { Difficulty, DifficultyChoice, Question, QuestionKind, Scope } from './types.js';
import type { RecapWindow } from './recap.js';

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
  /** The role to mention (the server's quiz ping), or null. */
  readonly pingRoleId: string | null;
  /** For a recap (`/quiz start recap:`): what it asks about first; null otherwise. */
  readonly recap: RecapWindow | null;
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
  /** Set while the host has paused the quiz: the countdown stands still with this much left. */
  readonly paused: { readonly remainingMs: number } | null;
}

export interface RevealView extends Omit<QuestionView, 'askedAt' | 'closesAt' | 'paused'> {
  /** At `pace: manual` before the last question: the host's Next question button. */
  readonly next: { readonly customId: string } | null;
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
  /** The Report button (anyone may report the question); null when the question's id cannot be carried by one. */
  readonly report: { readonly customId: string } | null;
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
  /** The quiz was paused by its host when the bot went down, and stays paused. */
  readonly paused: boolean;
}

/** How many players a reveal's running scoreboard shows. */
export const SCOREBOARD_SIZE = 5;

function optionViews(state: SessionState, question: Question): OptionView[] {
  return question.options.map((text, index) => ({
    index,
    label: optionLabel(question, index),
    text,
    customId: quizButtonId(state.id, state.round, index),
  }));
}

export function questionView(state: SessionState): QuestionView {
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
    paused: state.pause?.remainingMs != null ? { remainingMs: state.pause.remainingMs } : null,
  };
}

export function revealView(state: SessionState, reveal: RoundReveal): RevealView {
  const question = state.questions[reveal.round];
  if (!question) throw new Error(`revealView: no question for round ${reveal.round}`);
  const atRound: SessionState = { ...state, round: reveal.round };
  // The top of the board only: sorting every player of a big server at each reveal would hold
  // the event loop for tens of milliseconds.
  const scoreboard = leaders(state, SCOREBOARD_SIZE);
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
    scoreboard,
    players: Object.keys(state.players).length,
    answered: reveal.results.length,
    optionCounts: reveal.optionCounts,
    isLast: state.phase === 'finished' || nextStep(state).kind === 'end',
    next:
      state.options.pace === 'manual' && state.phase === 'revealing' && state.round === reveal.round && nextStep(state).kind === 'ask'
        ? { customId: quizNextButtonId(state.id, reveal.round) }
        : null,
    disabled: true,
    report: reportRef(question.id),
  };
}

function reportRef(questionId: string): { readonly customId: string } | null {
  const customId = reportButtonId({ origin: 'quiz', questionId });
  return customId === null ? null : { customId };
}

export function standingsView(state: SessionState, scoresSaved: boolean): StandingsView {
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


/**
 * `/quiz practice`: one question for one user, answered with a button. It never touches the
 * leaderboards; the answer counts in the user's practice stats (`scores.recordPractice`).
 *
 * Pending questions live in this instance (an ephemeral message only lasts as long as its
 * interaction token anyway) and expire after `ttlMs`; after a restart an old button is `expired`.
 * Each question can be answered once: the decision is made synchronously, before any I/O.
 * No discord.js.
 */
import { randomBytes } from 'node:crypto';
import type { SourceRef } from '../data/schema.js';
import type { SpoilerSetting } from '../data/spoilers.js';
import type { Lang } from '../i18n/lang.js';
import type { PracticeStats, QuizHistoryRepository, ScoreRepository } from '../store/types.js';
import { reportButtonId } from './reports.js';
import { optionLabel } from './session.js';
import type { Clock, Difficulty, DifficultyChoice, Question, QuestionKind, Rng, Scope } from './types.js';

/** Discord's bound on a component custom id. */
const MAX_CUSTOM_ID_LENGTH = 100;
const PRACTICE_BUTTON_RE = /^practice:([A-Za-z0-9]{4,32}):([0-9])$/;

export interface PracticeButton {
  readonly token: string;
  readonly option: number;
}

/**
 * The custom id of a practice answer button: `practice:<token>:<option>`.
 * @throws RangeError when a part is outside what {@link parsePracticeButtonId} accepts.
 */
export function practiceButtonId(token: string, option: number): string {
  const id = `practice:${token}:${option}`;
  if (!PRACTICE_BUTTON_RE.test(id)) throw new RangeError(`practiceButtonId: unsupported token or option (${id})`);
  return id;
}

/** The parts of a practice button id, or null for anything malformed or overlong. Never throws. */
export function parsePracticeButtonId(customId: unknown): PracticeButton | null {
  if (typeof customId !== 'string' || customId.length > MAX_CUSTOM_ID_LENGTH) return null;
  const m = PRACTICE_BUTTON_RE.exec(customId);
  if (!m || m[1] === undefined || m[2] === undefined) return null;
  return { token: m[1], option: Number(m[2]) };
}

const PRACTICE_NEXT_RE = /^practicenext:([A-Za-z0-9]{4,32})$/;

/** The Next question button under a practice answer: `practicenext:<token>` (the question answered). */
export function practiceNextButtonId(token: string): string {
  const id = `practicenext:${token}`;
  if (!PRACTICE_NEXT_RE.test(id)) throw new RangeError(`practiceNextButtonId: unsupported token (${id})`);
  return id;
}

/** The token a Next question button names, or null for anything malformed or overlong. Never throws. */
export function parsePracticeNextButtonId(customId: unknown): string | null {
  if (typeof customId !== 'string' || customId.length > MAX_CUSTOM_ID_LENGTH) return null;
  return PRACTICE_NEXT_RE.exec(customId)?.[1] ?? null;
}

export interface PracticeRequest {
  readonly spoilers: SpoilerSetting;
  /** The asker's language (their Discord client's); default English. */
  readonly lang?: Lang;
  readonly scope: Scope;
  readonly difficulty: DifficultyChoice;
}

/** Picks one question within the request for this user; undefined when none fits. */
export type PracticeSource = (request: PracticeRequest, rng: Rng, userId: string) => Question | undefined | Promise<Question | undefined>;

export interface PracticeOptionView {
  readonly index: number;
  readonly label: string;
  readonly text: string;
  readonly customId: string;
}

export interface PracticeView {
  readonly token: string;
  /** The language the question is written in, and so the message around it. */
  readonly lang: Lang;
  readonly kind: QuestionKind;
  readonly difficulty: Difficulty;
  readonly prompt: string;
  readonly options: readonly PracticeOptionView[];
  /** Clock time after which the buttons answer `expired`. */
  readonly expiresAt: number;
}

export interface PracticeRevealView extends Omit<PracticeView, 'expiresAt'> {
  readonly chosen: number;
  readonly correct: number;
  readonly correctLabel: string;
  readonly correctText: string;
  readonly sources: readonly SourceRef[];
  readonly explanation: string | null;
  readonly disabled: true;
  /** The Next question button: another question with the same settings, in place of this one. */
  readonly next: { readonly customId: string };
  /** The Report button; null when the question's id cannot be carried by one. */
  readonly report: { readonly customId: string } | null;
}

export type PracticeCreateResult =
  | { readonly ok: true; readonly view: PracticeView }
  | { readonly ok: false; readonly reason: 'no-questions' };

export type PracticeOutcome =
  | {
      readonly kind: 'correct' | 'wrong';
      readonly reveal: PracticeRevealView;
      /**
       * The user's practice stats after this answer, to show under it; null when the store failed
       * (logged), or when the player has already asked for the next question, which the message now
       * shows instead. Never rejects.
       */
      readonly recorded: Promise<PracticeStats | null>;
    }
  /** Someone other than the user it was asked to. */
  | { readonly kind: 'not-yours' }
  | { readonly kind: 'already-answered' }
  /** Past its time, or unknown here (e.g. asked before a restart). */
  | { readonly kind: 'expired' }
  /** A malformed or forged button. */
  | { readonly kind: 'unknown' };

/** A press of Next question under a practice answer. */
export type PracticeNextOutcome =
  /** Ask this: the same player and settings as the question answered. */
  | { readonly kind: 'next'; readonly request: { readonly userId: string } & PracticeRequest }
  | { readonly kind: 'not-yours' }
  /** Next was pressed already for this answer. */
  | { readonly kind: 'already-next' }
  | { readonly kind: 'expired' }
  /** A malformed or forged button, or one for a question not answered yet (it has no Next button). */
  | { readonly kind: 'unknown' };

/** The subset of a pino logger used here; pino's `Logger` satisfies it. */
export interface PracticeLogger {
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface PracticeDeps {
  readonly store: {
    readonly scores: Pick<ScoreRepository, 'recordPractice'>;
    /** Where the facts each player has practised are remembered (so the next question is a new one). */
    readonly history?: Pick<QuizHistoryRepository, 'record'>;
  };
  readonly pick: PracticeSource;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly logger: PracticeLogger;
  /** How long a practice question can be answered; default 10 minutes (under Discord's 15-minute token life). */
  readonly ttlMs?: number;
  /** Oldest pending questions are forgotten beyond this many; default 10,000. */
  readonly maxPending?: number;
  /** Tokens; default 16 random hex characters. Must match `[A-Za-z0-9]{4,32}` and be unique. */
  readonly newToken?: () => string;
}

export interface PracticeService {
  /**
   * Picks a question for `userId` and remembers its fact for that player (a store failure there is
   * logged, not thrown: the question is still asked).
   * @throws Error when the token factory returns an unusable or repeated token, or the source throws.
   */
  create(input: { readonly userId: string } & PracticeRequest): Promise<PracticeCreateResult>;
  /** Decides a click synchronously; recording the stats happens afterwards. Never throws. */
  answer(input: { readonly token: string; readonly option: number; readonly userId: string }): PracticeOutcome;
  /** Parses a button custom id and calls {@link answer}; malformed ids are `unknown`. Never throws. */
  answerButton(customId: string, userId: string): PracticeOutcome;
  /**
   * Decides a press of Next question (parsed from its custom id): the request to hand to
   * {@link create} for the next question, or why not. Each answer gives one next question. Never throws.
   */
  nextButton(customId: string, userId: string): PracticeNextOutcome;
  /** Waits for pending stat writes. */
  idle(): Promise<void>;
  /** How many questions are waiting for an answer or for their expiry. */
  pending(): number;
}

interface Pending {
  readonly userId: string;
  readonly question: Question;
  /** What the player asked for, so that Next question asks alike. */
  readonly request: PracticeRequest;
  readonly expiresAt: number;
  answered: boolean;
  nextTaken: boolean;
}

export const DEFAULT_PRACTICE_TTL_MS = 10 * 60_000;

/** @throws RangeError when `ttlMs` or `maxPending` is not positive. */
export function createPracticeService(deps: PracticeDeps): PracticeService {
  const ttlMs = deps.ttlMs ?? DEFAULT_PRACTICE_TTL_MS;
  const maxPending = deps.maxPending ?? 10_000;
  if (!(ttlMs > 0) || !(maxPending > 0)) throw new RangeError('createPracticeService: ttlMs and maxPending must be > 0');
  const newToken = deps.newToken ?? (() => randomBytes(8).toString('hex'));
  const pendingByToken = new Map<string, Pending>();
  const writes = new Set<Promise<unknown>>();

  const optionViews = (token: string, question: Question): PracticeOptionView[] =>
    question.options.map((text, index) => ({
      index,
      label: optionLabel(question, index),
      text,
      customId: practiceButtonId(token, index),
    }));

  /** Entries are in creation order and share one ttl, so the expired ones are at the front. */
  function sweep(now: number): void {
    for (const [token, p] of pendingByToken) {
      if (p.expiresAt > now && pendingByToken.size <= maxPending) break;
      pendingByToken.delete(token);
    }
  }

  function answer(input: { token: string; option: number; userId: string }): PracticeOutcome {
    const now = deps.clock.now();
    const p = pendingByToken.get(input.token);
    if (!p) return { kind: 'expired' };
    if (p.userId !== input.userId) return { kind: 'not-yours' };
    if (now >= p.expiresAt) {
      pendingByToken.delete(input.token);
      return { kind: 'expired' };
    }
    if (p.answered) return { kind: 'already-answered' };
    const { question } = p;
    if (!Number.isInteger(input.option) || input.option < 0 || input.option >= question.options.length) {
      return { kind: 'unknown' };
    }
    p.answered = true;
    const correct = input.option === question.answer;
    const recorded = deps.store.scores.recordPractice(input.userId, correct).catch((err: unknown) => {
      deps.logger.error({ userId: input.userId, err }, 'practice: could not record the answer');
      return null;
    });
    writes.add(recorded);
    void recorded.finally(() => writes.delete(recorded));
    return {
      kind: correct ? 'correct' : 'wrong',
      recorded: recorded.then((stats) => (p.nextTaken ? null : stats)),
      reveal: {
        token: input.token,
        lang: question.lang ?? 'en',
        kind: question.kind,
        difficulty: question.difficulty,
        prompt: question.prompt,
        options: optionViews(input.token, question),
        chosen: input.option,
        correct: question.answer,
        correctLabel: optionLabel(question, question.answer),
        correctText: question.options[question.answer] ?? '',
        sources: question.sources,
        explanation: question.explanation ?? null,
        disabled: true,
        next: { customId: practiceNextButtonId(input.token) },
        report: (() => {
          const customId = reportButtonId({ origin: 'practice', questionId: question.id });
          return customId === null ? null : { customId };
        })(),
      },
    };
  }

  function next(customId: string, userId: string): PracticeNextOutcome {
    const token = parsePracticeNextButtonId(customId);
    if (token === null) return { kind: 'unknown' };
    const p = pendingByToken.get(token);
    if (!p) return { kind: 'expired' };
    if (p.userId !== userId) return { kind: 'not-yours' };
    if (deps.clock.now() >= p.expiresAt) {
      pendingByToken.delete(token);
      return { kind: 'expired' };
    }
    if (!p.answered) return { kind: 'unknown' };
    if (p.nextTaken) return { kind: 'already-next' };
    p.nextTaken = true;
    return { kind: 'next', request: { userId, ...p.request } };
  }

  function safeAnswer(input: { token: string; option: number; userId: string }): PracticeOutcome {
    try {
      return answer(input);
    } catch (err) {
      deps.logger.error({ userId: input.userId, err }, 'practice: answer failed');
      return { kind: 'unknown' };
    }
  }

  return {
    async create(input) {
      const question = await deps.pick(
        { spoilers: input.spoilers, scope: input.scope, difficulty: input.difficulty, ...(input.lang ? { lang: input.lang } : {}) },
        deps.rng,
        input.userId,
      );
      if (!question) return { ok: false, reason: 'no-questions' };
      const now = deps.clock.now();
      sweep(now);
      if (question.fact && deps.store.history) {
        await deps.store.history.record({ userId: input.userId }, [question.fact], now).catch((err: unknown) => {
          deps.logger.warn({ userId: input.userId, err }, 'practice: could not remember the fact asked');
        });
      }
      const token = newToken();
      if (!/^[A-Za-z0-9]{4,32}$/.test(token) || pendingByToken.has(token)) {
        throw new Error(`practice: the token factory produced an unusable or repeated token: ${token}`);
      }
      const expiresAt = now + ttlMs;
      const request: PracticeRequest = { spoilers: input.spoilers, scope: input.scope, difficulty: input.difficulty, ...(input.lang ? { lang: input.lang } : {}) };
      pendingByToken.set(token, { userId: input.userId, question, request, expiresAt, answered: false, nextTaken: false });
      sweep(now);
      return {
        ok: true,
        view: {
          token,
          lang: question.lang ?? input.lang ?? 'en',
          kind: question.kind,
          difficulty: question.difficulty,
          prompt: question.prompt,
          options: optionViews(token, question),
          expiresAt,
        },
      };
    },

    answer: safeAnswer,

    answerButton(customId, userId) {
      const parsed = parsePracticeButtonId(customId);
      if (!parsed) return { kind: 'unknown' };
      return safeAnswer({ ...parsed, userId });
    },

    nextButton: next,

    async idle() {
      while (writes.size > 0) await Promise.all([...writes]);
    },

    pending() {
      return pendingByToken.size;
    },
  };
}

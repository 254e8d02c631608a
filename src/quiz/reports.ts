/**
 * Question reports, the quiz side: the ids of the Report button and of the report form, which
 * questions can be reported (every question the bank can ask), and the checks a report goes
 * through before the store keeps it. No discord.js.
 *
 * The ids carry the question itself (`report:q:role:film-jae-hee#1`), not a game's round: a
 * reveal stays in the channel long after its quiz has ended and the bot has restarted, and its
 * Report button must still work. An id is trusted only once its question is found in the bank.
 */
import { ALL_SPOILERS } from '../data/spoilers.js';
import type { Lang } from '../i18n/lang.js';
import { MAX_REPORT_NOTE_LENGTH, REPORT_REASONS } from '../store/reports.js';
import type { QuestionReport, RecentReports, ReportOrigin, ReportReason, ReportRepository } from '../store/types.js';
import { questionReveals, type QuestionBank } from './bank.js';
import { bankQuestions } from './generate.js';
import type { Clock } from './types.js';

/** Discord's bound on a component custom id. */
const MAX_CUSTOM_ID_LENGTH = 100;
/** Question ids as the generator makes them; 80 keeps the longest id (the form's) within Discord's 100. */
const QUESTION_ID = '[A-Za-z0-9#._:-]{1,80}';
const BUTTON_RE = new RegExp(`^report:([qp]):(${QUESTION_ID})$`);
const FORM_RE = new RegExp(`^reportform:([qp]):(${QUESTION_ID})$`);
const ORIGIN_LETTER = { quiz: 'q', practice: 'p' } as const satisfies Record<ReportOrigin, string>;
const LETTER_ORIGIN: Readonly<Record<string, ReportOrigin>> = { q: 'quiz', p: 'practice' };

/** The custom ids of the report form's two fields. */
export const REPORT_FIELDS = Object.freeze({ reason: 'reason', note: 'note' });

export { MAX_REPORT_NOTE_LENGTH, REPORT_REASONS };

export interface ReportRef {
  readonly origin: ReportOrigin;
  readonly questionId: string;
}

function build(kind: 'report' | 'reportform', ref: ReportRef, re: RegExp): string | null {
  const id = `${kind}:${ORIGIN_LETTER[ref.origin]}:${ref.questionId}`;
  return re.test(id) ? id : null;
}

function parse(customId: unknown, re: RegExp): ReportRef | null {
  if (typeof customId !== 'string' || customId.length > MAX_CUSTOM_ID_LENGTH) return null;
  const m = re.exec(customId);
  const origin = m?.[1] === undefined ? undefined : LETTER_ORIGIN[m[1]];
  if (!m || origin === undefined || m[2] === undefined) return null;
  return { origin, questionId: m[2] };
}

/** The Report button's id, `report:<q|p>:<questionId>`; null when the question id cannot be carried (then no button is shown). */
export function reportButtonId(ref: ReportRef): string | null {
  return build('report', ref, BUTTON_RE);
}

/** The question a Report button names, or null for anything malformed or overlong. Never throws. */
export function parseReportButtonId(customId: unknown): ReportRef | null {
  return parse(customId, BUTTON_RE);
}

/** The report form's id, `reportform:<q|p>:<questionId>`. @throws RangeError for a question id no button could carry. */
export function reportFormId(ref: ReportRef): string {
  const id = build('reportform', ref, FORM_RE);
  if (id === null) throw new RangeError(`reportFormId: unsupported question id (${ref.questionId})`);
  return id;
}

/** The question a submitted report form names, or null for anything malformed. Never throws. */
export function parseReportFormId(customId: unknown): ReportRef | null {
  return parse(customId, FORM_RE);
}

/** What the curators and moderators see of a question that can be reported. */
export interface ReportableQuestion {
  readonly fact: string;
  /** The fact's short title (for curator tools). */
  readonly title: string;
  /** The question as asked, in each language. */
  readonly prompt: Readonly<Record<Lang, string>>;
  /**
   * Whether the question may give away a plot point (then moderators see it behind a spoiler tag).
   * Taken with every wrong answer the question could show, so it errs on the side of hiding.
   */
  readonly spoils: boolean;
}

/** Every question the bank can ask, by id: those of any game or practice, at any spoiler setting, in either language. */
export function reportableQuestions(bank: QuestionBank): ReadonlyMap<string, ReportableQuestion> {
  const ko = new Map(bankQuestions(bank, ALL_SPOILERS, 'ko').map((b) => [b.question.id, b.question.prompt]));
  const out = new Map<string, ReportableQuestion>();
  for (const { question, fact, form, wrongPool } of bankQuestions(bank, ALL_SPOILERS, 'en')) {
    out.set(question.id, {
      fact: fact.id,
      title: fact.title,
      prompt: { en: question.prompt, ko: ko.get(question.id) ?? question.prompt },
      spoils: (question.reveals ?? []).length > 0 || questionReveals(fact, [form.answer, ...wrongPool]).length > 0,
    });
  }
  return out;
}

export interface ReportTarget extends ReportRef {
  readonly question: ReportableQuestion;
}

/** A Report button press: the form may open, or why not. */
export type ReportOpening =
  | { readonly ok: true; readonly target: ReportTarget }
  /** A malformed id, or a question the bank does not ask (forged, or dropped from the dataset since). */
  | { readonly ok: false; readonly kind: 'unknown' }
  | { readonly ok: false; readonly kind: 'already-reported' };

export type ReportSubmission =
  | { readonly kind: 'added'; readonly report: QuestionReport }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'already-reported' }
  /** No reason, several, or one the form does not offer (only a forged form sends that). */
  | { readonly kind: 'bad-reason' }
  | { readonly kind: 'note-too-long'; readonly length: number; readonly max: number };

export interface ReportSubmissionInput {
  /** The submitted form's custom id. */
  readonly formId: string;
  readonly userId: string;
  /** null in DMs. */
  readonly guildId: string | null;
  readonly channelId: string;
  /** The message the form was opened from, when the form says so. */
  readonly messageId: string | null;
  /** The values chosen in the reason field (exactly one is valid); undefined when the field is missing. */
  readonly reason: readonly string[] | undefined;
  /** The note as typed; undefined when the field is missing or left empty. */
  readonly note: string | undefined;
}

export interface ReportService {
  /** Decides a Report button press. @throws what the store throws when it cannot be read. */
  open(customId: string, userId: string): Promise<ReportOpening>;
  /** Checks a submitted form and keeps the report. @throws what the store throws when it cannot be written. */
  submit(input: ReportSubmissionInput): Promise<ReportSubmission>;
  /** A server's latest reports, newest first. */
  recent(guildId: string, limit: number): Promise<RecentReports>;
  /** What the bank knows of a reported question now (undefined: no longer asked). */
  question(questionId: string): ReportableQuestion | undefined;
}

export interface ReportServiceDeps {
  /** The questions a report may name, or how to build them on the first report (see {@link reportableQuestions}). */
  readonly questions: ReadonlyMap<string, ReportableQuestion> | (() => ReadonlyMap<string, ReportableQuestion>);
  readonly store: Pick<ReportRepository, 'add' | 'hasReported' | 'recent'>;
  readonly clock: Clock;
}

function isReason(value: string): value is ReportReason {
  return (REPORT_REASONS as readonly string[]).includes(value);
}

export function createReportService(deps: ReportServiceDeps): ReportService {
  let listed: ReadonlyMap<string, ReportableQuestion> | undefined;
  const questions = (): ReadonlyMap<string, ReportableQuestion> => (listed ??= typeof deps.questions === 'function' ? deps.questions() : deps.questions);
  const target = (ref: ReportRef | null): ReportTarget | null => {
    const question = ref === null ? undefined : questions().get(ref.questionId);
    return ref === null || question === undefined ? null : { ...ref, question };
  };

  return {
    async open(customId, userId) {
      const found = target(parseReportButtonId(customId));
      if (found === null) return { ok: false, kind: 'unknown' };
      if (await deps.store.hasReported(userId, found.questionId)) return { ok: false, kind: 'already-reported' };
      return { ok: true, target: found };
    },

    async submit(input) {
      const found = target(parseReportFormId(input.formId));
      if (found === null) return { kind: 'unknown' };
      const [reason, ...more] = input.reason ?? [];
      if (reason === undefined || more.length > 0 || !isReason(reason)) return { kind: 'bad-reason' };
      // Discord's form stops at the cap; a longer note comes from a forged request and is refused, not cut.
      const note = (input.note ?? '').trim();
      if (note.length > MAX_REPORT_NOTE_LENGTH) return { kind: 'note-too-long', length: note.length, max: MAX_REPORT_NOTE_LENGTH };
      const report: QuestionReport = {
        questionId: found.questionId,
        factId: found.question.fact,
        origin: found.origin,
        guildId: input.guildId,
        channelId: input.channelId,
        // A practice answer is a private message: nobody else could open a link to it.
        messageId: found.origin === 'quiz' ? input.messageId : null,
        userId: input.userId,
        reason,
        note,
        at: deps.clock.now(),
      };
      return (await deps.store.add(report)) === 'added' ? { kind: 'added', report } : { kind: 'already-reported' };
    },

    recent: (guildId, limit) => deps.store.recent(guildId, limit),

    question: (questionId) => questions().get(questionId),
  };
}

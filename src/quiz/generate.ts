/**
 * Questions from the bank, and the choice of a game's questions.
 *
 * A game draws facts, not questions: each fact at most once, first the facts its server (or, for
 * practice, its player) has not been asked, then the least recently asked. For each fact one of its
 * forms is asked, as a choice question with three wrong answers drawn from those the session may
 * see, or now and then (at most a third of a game) as a true/false statement. Everything is decided
 * by the injected RNG. No discord.js here (see STYLE.md).
 */
import { ALL_SPOILERS, allows, formatSpoilers, NO_SPOILERS, type SpoilerSetting } from '../data/spoilers.js';
import type { Lang } from '../i18n/lang.js';
import { fillStatement, formIn, questionReveals, WRONG_PER_QUESTION, type BankFact, type BankForm, type BankOption, type QuestionBank } from './bank.js';
import { recapTier, recapWindow } from './recap.js';
import { shuffle } from './rng.js';
import { DIFFICULTIES, type Difficulty, type DifficultyChoice, type Question, type QuestionKind, type Rng, type Scope } from './types.js';

export const TRUE_FALSE = ['True', 'False'] as const;
/** The true/false options and the words before the statement, per language. */
const TRUE_FALSE_TEXT: Readonly<Record<Lang, { readonly options: readonly [string, string]; readonly lead: string }>> = {
  en: { options: TRUE_FALSE, lead: 'True or false: ' },
  ko: { options: ['O', 'X'], lead: 'O/X 퀴즈: ' },
};
/** The largest share of a game asked as true/false. */
export const TRUE_FALSE_SHARE = 1 / 3;

export interface QuestionFilter {
  readonly scope: Scope;
  readonly difficulty: DifficultyChoice;
  readonly spoilers: SpoilerSetting;
}

/** The fact a question asks; its id for questions saved before facts existed. */
export function factOf(question: Pick<Question, 'id' | 'fact'>): string {
  return question.fact ?? `id:${question.id}`;
}

/** The wrong answers of a form that a session at `setting` may see. */
export function visibleWrong(form: BankForm, setting: SpoilerSetting): BankOption[] {
  return form.wrong.filter((w) => allows(setting, w.reveals));
}

/** Whether a form can be asked at `setting`: the fact, its answer and three wrong answers within it. */
export function isUsable(fact: BankFact, form: BankForm, setting: SpoilerSetting): boolean {
  return allows(setting, questionReveals(fact, [form.answer])) && visibleWrong(form, setting).length >= WRONG_PER_QUESTION;
}

/** Whether a fact may be asked in a session with these settings (scope, difficulty, spoilers). */
export function isEligible(fact: BankFact, filter: QuestionFilter): boolean {
  return (
    (filter.scope === 'all' || fact.production === filter.scope) &&
    (filter.difficulty === 'mixed' || fact.difficulty === filter.difficulty) &&
    fact.forms.some((form) => isUsable(fact, form, filter.spoilers))
  );
}

function base(fact: BankFact, kind: QuestionKind, options: readonly BankOption[], lang: Lang) {
  return {
    fact: fact.id,
    lang,
    kind,
    template: fact.template,
    production: fact.production,
    difficulty: fact.difficulty,
    reveals: questionReveals(fact, options),
    sources: fact.sources,
    explanation: lang === 'ko' ? (fact.explanationKo ?? fact.explanation) : fact.explanation,
  };
}

/** The text of one of the form's options (its answer or a wrong answer) in `lang`. */
function optionText(form: BankForm, option: BankOption, lang: Lang): string {
  const local = formIn(form, lang);
  if (option === form.answer) return local.answer.text;
  return local.wrong[form.wrong.indexOf(option)]?.text ?? option.text;
}

/**
 * A choice question with these wrong answers (elements of `form.wrong`), in `lang`, options in
 * a random order with `rng` (answer first without).
 */
export function choiceQuestion(fact: BankFact, form: BankForm, wrong: readonly BankOption[], rng?: Rng, lang: Lang = 'en'): Question {
  const ordered = rng ? shuffle(rng, [form.answer, ...wrong]) : [form.answer, ...wrong];
  return {
    id: form.id,
    ...base(fact, form.kind, ordered, lang),
    prompt: formIn(form, lang).prompt,
    options: ordered.map((o) => optionText(form, o, lang)),
    answer: ordered.indexOf(form.answer),
  };
}

/**
 * The form as a true/false statement: true with the answer (`falseWith` undefined), false with one
 * of its wrong answers.
 */
export function trueFalseQuestion(fact: BankFact, form: BankForm, falseWith?: BankOption, lang: Lang = 'en'): Question {
  const statement = formIn(form, lang).statement;
  if (statement === undefined) throw new Error(`${form.id} has no statement`);
  const shown = falseWith ?? form.answer;
  const index = falseWith ? form.wrong.indexOf(falseWith) : -1;
  const text = TRUE_FALSE_TEXT[lang];
  return {
    id: falseWith ? `${form.id}:false:${index}` : `${form.id}:true`,
    ...base(fact, 'true-false', [form.answer, shown], lang),
    prompt: `${text.lead}${fillStatement(statement, optionText(form, shown, lang))}`,
    options: [...text.options],
    answer: falseWith ? 1 : 0,
  };
}

export interface PickOptions extends QuestionFilter {
  readonly rng: Rng;
  /** How many facts to ask. */
  readonly count: number;
  /** When each fact was last asked of this server or player (epoch ms); unseen facts come first. */
  readonly history?: ReadonlyMap<string, number>;
  /** At most this many true/false questions; default a third of `count`, rounded down. */
  readonly maxTrueFalse?: number;
  /** The language the questions are written in; default English. */
  readonly lang?: Lang;
  /**
   * A recap: the facts of the last act (or story) `spoilers` reaches first, then earlier plot,
   * then production facts; within each, as without a recap. No questions when none of the
   * eligible facts is in that last part (nothing to recap).
   */
  readonly recap?: boolean;
}

/**
 * A game's questions: up to `count` facts (fewer when fewer are eligible), each asked once,
 * unseen facts first (in a random order), then the least recently asked; for a recap, by
 * {@link PickOptions.recap} first.
 */
export function pickQuestions(bank: QuestionBank, options: PickOptions): Question[] {
  const { rng, spoilers } = options;
  const lang = options.lang ?? 'en';
  const history = options.history ?? new Map<string, number>();
  const eligible = shuffle(
    rng,
    bank.facts.filter((f) => isEligible(f, options)),
  );
  // A stable sort keeps the random order among facts asked at the same time (or never).
  eligible.sort((a, b) => (history.get(a.id) ?? -Infinity) - (history.get(b.id) ?? -Infinity));
  if (options.recap) {
    const window = recapWindow(spoilers);
    if (!window) return [];
    const tier = new Map(eligible.map((f) => [f.id, recapTier(f.reveals, window)]));
    if (![...tier.values()].includes(0)) return [];
    eligible.sort((a, b) => (tier.get(a.id) ?? 2) - (tier.get(b.id) ?? 2));
  }
  const maxTrueFalse = options.maxTrueFalse ?? Math.floor(options.count * TRUE_FALSE_SHARE);
  let trueFalse = 0;
  const out: Question[] = [];
  for (const fact of eligible.slice(0, Math.max(0, options.count))) {
    const forms = fact.forms.filter((form) => isUsable(fact, form, spoilers));
    const form = forms[Math.floor(rng.next() * forms.length)] as BankForm;
    const wrong = shuffle(rng, visibleWrong(form, spoilers));
    // A statement needs a real alternative to be false with; an invented name would give it away.
    const falseWith = wrong.find((w) => !w.invented);
    if (form.statement !== undefined && falseWith && trueFalse < maxTrueFalse && rng.next() < TRUE_FALSE_SHARE) {
      trueFalse++;
      out.push(trueFalseQuestion(fact, form, rng.next() < 0.5 ? undefined : falseWith, lang));
    } else {
      out.push(choiceQuestion(fact, form, wrong.slice(0, WRONG_PER_QUESTION), rng, lang));
    }
  }
  return out;
}

/** A question together with every wrong answer its form could show in its place (for checks). */
export interface BankQuestion {
  readonly question: Question;
  readonly fact: BankFact;
  readonly form: BankForm;
  /** For a choice question: every wrong answer a session at the setting could see. */
  readonly wrongPool: readonly BankOption[];
}

/**
 * Every question the bank can make at `setting`: each usable form as a choice question (its
 * options the answer and the first three visible wrong answers; a game draws any three of
 * `wrongPool`), and, where it has a statement, the true statement and one false statement per
 * visible wrong answer.
 */
export function bankQuestions(bank: QuestionBank, setting: SpoilerSetting = ALL_SPOILERS, lang: Lang = 'en'): BankQuestion[] {
  const out: BankQuestion[] = [];
  for (const fact of bank.facts) {
    for (const form of fact.forms) {
      if (!isUsable(fact, form, setting)) continue;
      const wrongPool = visibleWrong(form, setting);
      out.push({ question: choiceQuestion(fact, form, wrongPool.slice(0, WRONG_PER_QUESTION), undefined, lang), fact, form, wrongPool });
      if (form.statement === undefined) continue;
      const real = wrongPool.filter((w) => !w.invented);
      // Without a real alternative the statement could only ever be true: not asked as true/false.
      if (real.length === 0) continue;
      out.push({ question: trueFalseQuestion(fact, form, undefined, lang), fact, form, wrongPool: [] });
      for (const w of real) out.push({ question: trueFalseQuestion(fact, form, w, lang), fact, form, wrongPool: [] });
    }
  }
  return out;
}

/** The settings `npm run data:check` reports counts for. */
export const REPORTED_SETTINGS: readonly SpoilerSetting[] = [
  NO_SPOILERS,
  { film: true, series: 0, novel: 0 },
  { film: false, series: 2, novel: 0 },
  { film: false, series: 4, novel: 0 },
  { film: false, series: 6, novel: 0 },
  { film: false, series: 8, novel: 0 },
  { film: true, series: 4, novel: 0 },
  { film: false, series: 0, novel: 4 },
  ALL_SPOILERS,
];

export interface BankStats {
  readonly facts: number;
  readonly questions: number;
  readonly factsByDifficulty: Readonly<Record<Difficulty, number>>;
  readonly factsByProduction: Readonly<Record<Scope, number>>;
  readonly factsByTemplate: Readonly<Record<string, number>>;
  /** Forms by kind, and how many of them can also be asked as true/false. */
  readonly formsByKind: Readonly<Record<'choice' | 'numeric' | 'with true/false', number>>;
  readonly questionsByKind: Readonly<Record<QuestionKind, number>>;
  readonly questionsByDifficulty: Readonly<Record<Difficulty, number>>;
  /** Facts and questions a session at each reported setting may be asked. */
  readonly bySetting: readonly { readonly setting: string; readonly facts: number; readonly questions: number }[];
  readonly skipped: QuestionBank['skipped'];
}

export function bankStats(bank: QuestionBank): BankStats {
  const count = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  const factsByDifficulty = count(DIFFICULTIES);
  const factsByProduction = count<Scope>(['novel', 'film', 'series', 'all']);
  const factsByTemplate: Record<string, number> = {};
  const formsByKind = { choice: 0, numeric: 0, 'with true/false': 0 };
  for (const f of bank.facts) {
    for (const form of f.forms) {
      formsByKind[form.kind]++;
      if (form.statement !== undefined) formsByKind['with true/false']++;
    }
    factsByDifficulty[f.difficulty]++;
    factsByProduction[f.production]++;
    factsByTemplate[f.template] = (factsByTemplate[f.template] ?? 0) + 1;
  }
  const all = bankQuestions(bank);
  const questionsByKind = count<QuestionKind>(['choice', 'numeric', 'true-false']);
  const questionsByDifficulty = count(DIFFICULTIES);
  for (const { question } of all) {
    questionsByKind[question.kind]++;
    questionsByDifficulty[question.difficulty]++;
  }
  const bySetting = REPORTED_SETTINGS.map((setting) => ({
    setting: formatSpoilers(setting),
    facts: bank.facts.filter((f) => isEligible(f, { scope: 'all', difficulty: 'mixed', spoilers: setting })).length,
    questions: bankQuestions(bank, setting).length,
  }));
  return {
    facts: bank.facts.length,
    questions: all.length,
    factsByDifficulty,
    factsByProduction,
    factsByTemplate,
    formsByKind,
    questionsByKind,
    questionsByDifficulty,
    bySetting,
    skipped: bank.skipped,
  };
}

/** The report for a terminal. */
export function formatBankStats(stats: BankStats): string {
  const row = (counts: Readonly<Record<string, number>>) =>
    Object.entries(counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
  return [
    `quiz facts: ${stats.facts} (questions: ${stats.questions})`,
    `  facts by difficulty: ${row(stats.factsByDifficulty)}`,
    `  facts by production: ${row(stats.factsByProduction)}`,
    `  facts by source: ${row(stats.factsByTemplate)}`,
    `  forms: ${row(stats.formsByKind)}`,
    `  questions by kind: ${row(stats.questionsByKind)} (a true/false form makes one true and one false statement per wrong answer)`,
    `  questions by difficulty: ${row(stats.questionsByDifficulty)}`,
    '  available by spoiler setting (facts / questions):',
    ...stats.bySetting.map((s) => `    ${s.setting.padEnd(15)} ${String(s.facts).padStart(4)} / ${s.questions}`),
    `  facts with no question: ${stats.skipped.length}`,
    ...stats.skipped.map((s) => `    ${s.id}: ${s.reason}`),
  ].join('\n');
}

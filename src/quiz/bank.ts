/**
 * The question bank: every quizzable fact with the forms that ask it.
 *
 * A fact is one thing a fan could know ("Kim Go-eun plays Jae-hee in the film"); its forms are the
 * ways to ask it (who plays Jae-hee? whom does Kim Go-eun play? true or false?). A game asks each
 * fact at most once. Facts come from two places:
 * - templates over the dataset's relations (cast, crew, acts, stories), in `./forms.js`;
 * - curated forms carried by the dataset's facts (`Fact.quiz`).
 * Each option carries the spoiler points naming it reveals, so a session never sees a character
 * before it has reached them, not even as a wrong answer. No discord.js here (see STYLE.md).
 */
import type { CuratedForm, CuratedOption, Dataset, Fact, SourceRef } from '../data/schema.js';
import { withParticle, type Particle } from '../i18n/josa.js';
import type { Lang } from '../i18n/lang.js';
import { normaliseReveals, revealsOf, type Reveal } from '../data/spoilers.js';
import { relationFacts } from './forms.js';
import type { Difficulty, Scope } from './types.js';

export interface BankOption {
  readonly text: string;
  /** What naming this option reveals (empty for most). */
  readonly reveals: readonly Reveal[];
  /** A made-up name: shown among options, never the subject of a false statement. */
  readonly invented?: boolean;
}

export interface BankForm {
  /** Unique in the bank: `<fact id>#<n>`. */
  readonly id: string;
  readonly kind: 'choice' | 'numeric';
  readonly prompt: string;
  readonly answer: BankOption;
  /** Every wrong answer the form may show; a game shows three of those its session may see. */
  readonly wrong: readonly BankOption[];
  /** Other names of the answer (never offered as wrong answers). */
  readonly aliases: readonly string[];
  /** A sentence with `{answer}`, true with the answer and false with each wrong one: the true/false form. */
  readonly statement?: string;
  /** The form in Korean: the same options in the same order (absent while a curated form lacks it). */
  readonly ko?: FormText;
}

/** A form's words in one language; `wrong[i]` is the text of the form's `wrong[i]`. */
export interface FormText {
  readonly prompt: string;
  readonly answer: string;
  readonly wrong: readonly string[];
  readonly aliases: readonly string[];
  readonly statement?: string;
}

export interface BankFact {
  readonly id: string;
  /** `curated` for a dataset fact's own forms, else the template (`cast`, `crew`, `act`, `story`). */
  readonly template: string;
  readonly production: Scope;
  readonly difficulty: Difficulty;
  /** A short title for curators. */
  readonly title: string;
  /** What knowing the fact reveals (every question about it reveals at least this). */
  readonly reveals: readonly Reveal[];
  readonly sources: readonly SourceRef[];
  /** Shown at the reveal: the fact in a sentence. */
  readonly explanation: string;
  readonly explanationKo?: string;
  readonly forms: readonly BankForm[];
}

/** A fact of the dataset that yields no question, and why (for `npm run data:check`). */
export interface SkippedFact {
  readonly id: string;
  readonly reason: string;
}

export interface QuestionBank {
  readonly facts: readonly BankFact[];
  readonly skipped: readonly SkippedFact[];
}

/** Discord's limit on a button label; options longer than this cannot be shown whole. */
export const MAX_OPTION_LENGTH = 80;
/** Wrong answers shown per choice question. */
export const WRONG_PER_QUESTION = 3;

/** Case-, space- and punctuation-insensitive form used to compare option texts. */
export function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

/** The form as it reads in `lang` (English where a Korean text is missing), options keeping their spoiler markers. */
export function formIn(form: BankForm, lang: Lang): BankForm {
  if (lang === 'en' || !form.ko) return form;
  const ko = form.ko;
  return {
    ...form,
    prompt: ko.prompt,
    answer: { ...form.answer, text: ko.answer },
    wrong: form.wrong.map((w, i) => ({ ...w, text: ko.wrong[i] ?? w.text })),
    aliases: ko.aliases,
    ...(ko.statement === undefined ? {} : { statement: ko.statement }),
  };
}

/** `{answer}` or `{answer:이/가}` (the particle chosen for the word) filled with `word`. */
export function fillStatement(statement: string, word: string): string {
  return statement.replace(/\{answer(?::([^}]+))?\}/, (_m, particle: string | undefined) =>
    particle ? withParticle(word, particle as Particle) : word,
  );
}

const PARTICLES: readonly string[] = ['이/가', '은/는', '을/를', '와/과', '으로/로', '이나/나', '이에요/예요', '이라/라', '아/야', '이랑/랑', '으로서/로서'];
const PARTICLE_SLOT = /\{answer(?::([^}]+))?\}/g;

const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/u;
const LATIN = /[A-Za-z]/;

/**
 * What is wrong with a form, as sentences (empty when nothing is). These are the rules every
 * question obeys; `buildBank` refuses a bank that breaks one, and the tests run them over every
 * question the bank can make.
 */
export function formProblems(form: BankForm): string[] {
  const problems: string[] = [];
  const options = [form.answer, ...form.wrong];
  if (form.wrong.length < WRONG_PER_QUESTION) problems.push(`has ${form.wrong.length} wrong answers; at least ${WRONG_PER_QUESTION} are needed`);
  const seen = new Map<string, string>();
  for (const name of [form.answer.text, ...form.aliases]) seen.set(normalise(name), name);
  for (const w of form.wrong) {
    const n = normalise(w.text);
    const clash = seen.get(n);
    if (clash !== undefined) problems.push(`wrong answer "${w.text}" repeats "${clash}"`);
    seen.set(n, w.text);
  }
  for (const o of options) {
    if (o.text.trim() === '') problems.push('an option is empty');
    if (o.text.length > MAX_OPTION_LENGTH) problems.push(`option "${o.text}" is longer than ${MAX_OPTION_LENGTH} characters`);
  }
  const texts = [form.prompt, form.statement ?? '', ...options.map((o) => o.text)];
  if (texts.some((t) => /_{2,}/.test(t))) problems.push('has a blank ("___")');
  if (texts.some((t) => /true or false/i.test(t))) problems.push('says "true or false" itself');
  const prompt = normalise(form.prompt);
  const answer = normalise(form.answer.text);
  if (answer.length >= 3 && prompt.includes(answer)) problems.push(`the prompt contains the answer "${form.answer.text}"`);
  for (const alias of form.aliases) {
    const a = normalise(alias);
    if (a.length >= 3 && prompt.includes(a)) problems.push(`the prompt contains the answer's other name "${alias}"`);
  }
  // Style: options with Hangul, Latin letters, brackets or digits beside options without give themselves away.
  const markers: [string, (t: string) => boolean][] = [
    ['Hangul', (t) => HANGUL.test(t)],
    ['Latin letters', (t) => LATIN.test(t)],
    ['brackets', (t) => /[()]/.test(t)],
    ['digits', (t) => /\d/.test(t)],
  ];
  for (const [what, has] of markers) {
    const withIt = options.filter((o) => has(o.text)).length;
    // Every option may be shown beside any three others, so the whole pool must agree.
    if (withIt > 0 && withIt < options.length) {
      const odd = options.filter((o) => has(o.text) === withIt * 2 < options.length).map((o) => `"${o.text}"`);
      problems.push(`${odd.join(', ')} ${withIt * 2 < options.length ? 'alone have' : 'alone lack'} ${what}`);
    }
  }
  if (form.kind === 'numeric' && !options.every((o) => /\d/.test(o.text))) problems.push('a numeric form has an option without a number');
  if (form.statement !== undefined) {
    const slots = [...form.statement.matchAll(PARTICLE_SLOT)];
    if (slots.length !== 1) problems.push('the statement must contain {answer} exactly once');
    for (const slot of slots) if (slot[1] !== undefined && !PARTICLES.includes(slot[1])) problems.push(`unknown particle "${slot[1]}" after {answer}`);
    if (!/[.!?”"]$/.test(form.statement.trim())) problems.push('the statement must be a sentence (end with a full stop)');
  }
  return problems;
}

function curatedOption(option: string | CuratedOption): BankOption {
  if (typeof option === 'string') return { text: option, reveals: [] };
  return { text: option.text, reveals: revealsOf(option.spoiler), ...(option.invented ? { invented: true } : {}) };
}

function curatedForm(fact: Fact, form: CuratedForm, index: number): BankForm {
  return {
    id: `${fact.id}#${index + 1}`,
    kind: form.kind ?? 'choice',
    prompt: form.prompt,
    answer: { text: form.answer, reveals: [] },
    wrong: form.wrong.map(curatedOption),
    aliases: form.aliases ?? [],
    ...(form.statement === undefined ? {} : { statement: form.statement }),
    ...(form.ko === undefined
      ? {}
      : {
          ko: {
            prompt: form.ko.prompt,
            answer: form.ko.answer,
            wrong: form.ko.wrong,
            aliases: form.ko.aliases ?? [],
            ...(form.ko.statement === undefined ? {} : { statement: form.ko.statement }),
          },
        }),
  };
}

function curatedFacts(ds: Dataset): { facts: BankFact[]; skipped: SkippedFact[] } {
  const facts: BankFact[] = [];
  const skipped: SkippedFact[] = [];
  for (const f of ds.facts) {
    if (!f.quiz || f.quiz.length === 0) {
      skipped.push({ id: f.id, reason: f.noQuiz ?? 'no question form' });
      continue;
    }
    facts.push({
      id: f.id,
      template: 'curated',
      production: f.production,
      difficulty: f.difficulty ?? 'medium',
      title: f.title,
      reveals: revealsOf(f.spoiler),
      sources: f.sources,
      explanation: f.statement,
      ...(f.ko ? { explanationKo: f.ko.statement } : {}),
      forms: f.quiz.map((form, i) => curatedForm(f, form, i)),
    });
  }
  return { facts, skipped };
}

/**
 * The whole bank for a dataset: relation facts, then curated facts.
 * @throws {Error} naming the form and the rule when a form breaks a rule, or when two facts share an id.
 */
export function buildBank(ds: Dataset): QuestionBank {
  const curated = curatedFacts(ds);
  const relations = relationFacts(ds);
  const facts = [...relations.facts, ...curated.facts];
  const ids = new Set<string>();
  const problems: string[] = [];
  for (const fact of facts) {
    if (ids.has(fact.id)) problems.push(`${fact.id}: two facts have this id`);
    ids.add(fact.id);
    for (const form of fact.forms) {
      for (const p of formProblems(form)) problems.push(`${form.id}: ${p}`);
      if (!form.ko) continue;
      if (form.ko.wrong.length !== form.wrong.length) problems.push(`${form.id} (ko): ${form.ko.wrong.length} wrong answers for ${form.wrong.length} in English`);
      if ((form.ko.statement === undefined) !== (form.statement === undefined)) problems.push(`${form.id} (ko): a statement in one language only`);
      for (const p of formProblems(formIn(form, 'ko'))) problems.push(`${form.id} (ko): ${p}`);
    }
  }
  if (problems.length > 0) throw new Error(`The question bank has ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  return { facts, skipped: [...relations.skipped, ...curated.skipped] };
}

/** The reveals of a question built from these parts of a fact. */
export function questionReveals(fact: BankFact, options: readonly BankOption[]): Reveal[] {
  return normaliseReveals([...fact.reveals, ...options.flatMap((o) => o.reveals)]);
}

/** Forms with no Korean text yet, and facts with no Korean explanation (for `npm run data:check`). */
export function missingKorean(bank: QuestionBank): string[] {
  const out: string[] = [];
  for (const fact of bank.facts) {
    if (fact.explanationKo === undefined) out.push(`${fact.id}: no Korean statement`);
    for (const form of fact.forms) if (!form.ko) out.push(`${form.id}: no Korean form`);
  }
  return out;
}

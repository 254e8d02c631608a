/**
 * Dates and numbers: release dates, years, runtimes, counts, box office, age ratings, and which
 * of several events came first. Rendered as four options; distractors are nearby values or other
 * dates of the dataset (the ones people actually mix up), never the right value.
 */
import type { Horizon, IsoDate, ProductionId, SourceRef } from '../../data/schema.js';
import { seededRng, seedFrom, shuffle } from '../rng.js';
import type { Difficulty, Scope } from '../types.js';
import type { Claim } from './claims.js';
import { difficultyOf, h, type Context } from './context.js';
import { maxHorizon, trueFalsePair, type Draft, type OptionDraft } from './draft.js';
import { dayNumber, formatDate, formatInteger, formatUsd, isoFromDayNumber } from './render.js';

export function numberTemplates(ctx: Context): Draft[] {
  const events = datedEvents(ctx);
  return [
    ...events.flatMap((e) => dateQuestions(e, events)),
    ...quantities(ctx).flatMap(quantityQuestions),
    ...ratingQuestions(ctx),
    ...orderQuestions(events),
  ];
}

export interface DatedEvent {
  /** Dot path of the date in the dataset, or `fact:<id>` for a fact's date. */
  readonly path: string;
  readonly date: IsoDate;
  readonly question: string;
  /** Noun phrase for "which happened first" options. */
  readonly label: string;
  readonly statement: (date: string) => string;
  readonly production: Scope;
  readonly difficulty: Difficulty;
  readonly sources: readonly SourceRef[];
  readonly horizon: Horizon;
  /** Whether a "when" question is asked about it (fact dates may only feed other questions). */
  readonly ask: boolean;
  readonly claim: (date: string) => Claim;
}

function pathClaim(path: string): (date: string) => Claim {
  return (date) => ({ kind: 'value', path, value: date });
}

/** Every dated event: the productions' dates, then facts on a day of their own. */
export function datedEvents(ctx: Context): DatedEvent[] {
  const { film, series, novel } = ctx.ds;
  const festival = film.worldPremiere.festival;
  const structural = new Set<string>([
    film.worldPremiere.date,
    film.koreanRelease,
    series.premiere,
    series.englishRelease.date,
    series.ratedOn,
    novel.published,
  ]);
  return [
    {
      path: 'film.worldPremiere.date',
      claim: pathClaim('film.worldPremiere.date'),
      horizon: 'none',
      ask: true,
      date: film.worldPremiere.date,
      question: `When did the film have its world premiere at the ${festival}?`,
      label: `The film's world premiere at the ${festival}`,
      statement: (d) => `The film had its world premiere at the ${festival} on ${d}.`,
      production: 'film',
      difficulty: 'medium',
      sources: film.worldPremiere.sources,
    },
    {
      path: 'film.koreanRelease',
      claim: pathClaim('film.koreanRelease'),
      horizon: 'none',
      ask: true,
      date: film.koreanRelease,
      question: 'When was the film released in Korean cinemas?',
      label: "The film's release in Korean cinemas",
      statement: (d) => `The film was released in Korean cinemas on ${d}.`,
      production: 'film',
      difficulty: 'medium',
      sources: film.sources,
    },
    {
      path: 'series.premiere',
      claim: pathClaim('series.premiere'),
      horizon: 'none',
      ask: true,
      date: series.premiere,
      question: `When did the series premiere on ${series.platform}?`,
      label: `The series' premiere on ${series.platform}`,
      statement: (d) => `The series premiered on ${series.platform} on ${d}.`,
      production: 'series',
      difficulty: 'medium',
      sources: series.sources,
    },
    {
      path: 'series.englishRelease.date',
      claim: pathClaim('series.englishRelease.date'),
      horizon: 'none',
      ask: true,
      date: series.englishRelease.date,
      question: `When did the series become available in English on ${series.englishRelease.platform}?`,
      label: `The series' English release on ${series.englishRelease.platform}`,
      statement: (d) => `The series became available in English on ${series.englishRelease.platform} on ${d}.`,
      production: 'series',
      difficulty: 'hard',
      sources: series.sources,
    },
    {
      path: 'series.ratedOn',
      claim: pathClaim('series.ratedOn'),
      horizon: 'none',
      ask: true,
      date: series.ratedOn,
      question: `When was the series rated ${series.rating} in Korea?`,
      label: `The series receiving its ${series.rating} rating`,
      statement: (d) => `The series was rated ${series.rating} in Korea on ${d}.`,
      production: 'series',
      difficulty: 'hard',
      sources: series.sources,
    },
    {
      path: 'novel.published',
      claim: pathClaim('novel.published'),
      horizon: 'none',
      ask: true,
      date: novel.published,
      question: `When did ${novel.publisher.name} publish the novel?`,
      label: `The novel's publication by ${novel.publisher.name}`,
      statement: (d) => `${novel.publisher.name} published the novel on ${d}.`,
      production: 'novel',
      difficulty: 'hard',
      sources: novel.sources,
    },
    ...ctx.ds.facts.flatMap((fact): DatedEvent[] => {
      // A fact on the same day as a release ("all eight episodes at once") would only repeat it.
      if (!fact.date || structural.has(fact.date)) return [];
      const date = fact.date;
      const shown = formatDate(date);
      // Ask "on what date?" only when blanking the date leaves no trace of it in the sentence.
      const masked = fact.statement.split(shown).join('___');
      const [month, day] = shown.split(/[ ,]+/);
      const ask = masked !== fact.statement && !new RegExp(`${month} ${day}(?!\\d)`).test(masked);
      return [
        {
          path: `fact:${fact.id}`,
          date,
          question: `On what date did this happen? “${masked}”`,
          label: fact.title,
          statement: (d) => fact.statement.split(shown).join(d),
          production: fact.production,
          difficulty: difficultyOf(fact.prominence) === 'easy' ? 'medium' : 'hard',
          sources: fact.sources,
          horizon: h(fact.spoiler),
          ask,
          claim: (d) => ({ kind: 'fact-date', factId: fact.id, date: d }),
        },
      ];
    }),
  ];
}

const DATE_SHIFTS: readonly { days: number; tier: number }[] = [
  { days: -1, tier: 0 },
  { days: 1, tier: 0 },
  { days: 2, tier: 0 },
  { days: -2, tier: 1 },
  { days: 7, tier: 0 },
  { days: -7, tier: 1 },
  { days: 14, tier: 1 },
  { days: -14, tier: 1 },
  { days: 30, tier: 1 },
  { days: -30, tier: 1 },
  { days: 365, tier: 2 },
  { days: -365, tier: 2 },
];

/** Other dates of the dataset close to this one (tier 0) and near shifts of it. */
function dateCandidates(event: DatedEvent, events: readonly DatedEvent[]): OptionDraft[] {
  const day = dayNumber(event.date);
  const option = (iso: string, tier: number): OptionDraft => ({
    text: formatDate(iso),
    key: `date:${iso}`,
    claim: event.claim(iso),
    horizon: 'none',
    tier,
  });
  return [
    ...events.filter((e) => e.date !== event.date && Math.abs(dayNumber(e.date) - day) <= 120).map((e) => option(e.date, 0)),
    ...DATE_SHIFTS.map((s) => option(isoFromDayNumber(day + s.days), s.tier)),
  ].filter((o) => o.key !== `date:${event.date}`);
}

function dateQuestions(event: DatedEvent, events: readonly DatedEvent[]): Draft[] {
  if (!event.ask) return [];
  const id = event.path.replace(/[.:]/g, '-');
  const answer = formatDate(event.date);
  const candidates = dateCandidates(event, events);
  return [
    {
      kind: 'numeric',
      id: `date:${id}`,
      template: 'date',
      production: event.production,
      difficulty: event.difficulty,
      prompt: event.question,
      horizon: event.horizon,
      sources: event.sources,
      explanation: event.statement(answer),
      correct: { text: answer, key: `date:${event.date}`, claim: event.claim(event.date), horizon: 'none', tier: 0 },
      candidates,
    },
    ...trueFalsePair({
      id: `date-tf:${id}`,
      template: 'date-true-false',
      production: event.production,
      difficulty: event.difficulty,
      sources: event.sources,
      statement: event.statement(answer),
      claim: event.claim(event.date),
      horizon: event.horizon,
      alternatives: candidates.filter((c) => c.tier === 0),
      render: (alt) => event.statement(alt.text),
    }),
  ];
}

interface Quantity {
  readonly path: string;
  readonly value: number;
  readonly question: string;
  readonly statement: (text: string) => string;
  readonly format: (n: number) => string;
  /** Distance between options; `jitter` keeps large counts from sharing their last digits. */
  readonly step: number;
  readonly jitter: boolean;
  /** Smallest and largest values an option may take. */
  readonly min: number;
  readonly max?: number;
  readonly production: ProductionId;
  readonly difficulty: Difficulty;
  readonly sources: readonly SourceRef[];
}

function quantities(ctx: Context): Quantity[] {
  const { film, series, novel } = ctx.ds;
  const translator = ctx.person(novel.translation.translatorId);
  const boxOffice = film.boxOffice;
  const years = (n: number) => String(n);
  const list: Quantity[] = [
    {
      path: 'film.runtimeMinutes',
      value: film.runtimeMinutes,
      question: 'How long is the film?',
      statement: (t) => `The film runs ${t}.`,
      format: (n) => `${n} minutes`,
      step: 10,
      jitter: false,
      min: 60,
      production: 'film',
      difficulty: 'medium',
      sources: film.sources,
    },
    {
      path: 'series.episodeCount',
      value: series.episodeCount,
      question: 'How many episodes does the series have?',
      statement: (t) => `The series has ${t}.`,
      format: (n) => `${n} episodes`,
      step: 2,
      jitter: false,
      min: 2,
      production: 'series',
      difficulty: 'easy',
      sources: series.sources,
    },
    {
      path: 'series.episodeMinutes',
      value: series.episodeMinutes,
      question: 'About how long is an episode of the series?',
      statement: (t) => `An episode of the series runs about ${t}.`,
      format: (n) => `${n} minutes`,
      step: 10,
      jitter: false,
      min: 20,
      production: 'series',
      difficulty: 'hard',
      sources: series.sources,
    },
    {
      path: 'series.acts.length',
      value: series.acts.length,
      question: 'Into how many acts, each by a different director, is the series divided?',
      statement: (t) => `The series is divided into ${t}.`,
      format: (n) => `${n} acts`,
      step: 1,
      jitter: false,
      min: 2,
      production: 'series',
      difficulty: 'easy',
      sources: series.sources,
    },
    {
      path: 'novel.stories.length',
      value: novel.stories.length,
      question: 'How many linked stories make up the novel?',
      statement: (t) => `The novel is made of ${t}.`,
      format: (n) => `${n} stories`,
      step: 1,
      jitter: false,
      min: 2,
      production: 'novel',
      difficulty: 'easy',
      sources: novel.sources,
    },
    {
      path: 'novel.year',
      value: novel.year,
      question: 'In which year was the novel first published?',
      statement: (t) => `The novel was first published in ${t}.`,
      format: years,
      step: 1,
      jitter: false,
      min: 1900,
      max: latestYear(ctx),
      production: 'novel',
      difficulty: 'easy',
      sources: novel.sources,
    },
    {
      path: 'novel.translation.year',
      value: novel.translation.year,
      question: `In which year was the English translation of the novel${translator ? ` by ${ctx.personText(translator)}` : ''} published?`,
      statement: (t) => `The English translation of the novel was published in ${t}.`,
      format: years,
      step: 1,
      jitter: false,
      min: novel.year,
      max: latestYear(ctx),
      production: 'novel',
      difficulty: 'medium',
      sources: [...novel.sources, ...(translator?.sources ?? [])],
    },
    {
      path: 'film.boxOffice.openingDayAdmissions',
      value: boxOffice.openingDayAdmissions,
      question: 'How many admissions did the film record on its opening day in Korea?',
      statement: (t) => `The film recorded ${t} admissions on its opening day in Korea.`,
      format: formatInteger,
      step: Math.round(boxOffice.openingDayAdmissions * 0.2),
      jitter: true,
      min: 1,
      production: 'film',
      difficulty: 'hard',
      sources: film.sources,
    },
    {
      path: 'film.boxOffice.openingWeekendAdmissions',
      value: boxOffice.openingWeekendAdmissions,
      question: 'How many admissions did the film record over its first weekend in Korea?',
      statement: (t) => `The film recorded ${t} admissions over its first weekend in Korea.`,
      format: formatInteger,
      step: Math.round(boxOffice.openingWeekendAdmissions * 0.2),
      jitter: true,
      min: 1,
      production: 'film',
      difficulty: 'hard',
      sources: film.sources,
    },
    {
      path: 'film.boxOffice.grossUsd',
      value: boxOffice.grossUsd,
      question: `About how much had the film grossed at the box office by ${formatDate(boxOffice.grossAsOf)}?`,
      statement: (t) => `By ${formatDate(boxOffice.grossAsOf)} the film had grossed about ${t}.`,
      format: formatUsd,
      // Rounded to what the rendering shows, so two options never print the same.
      step: Math.round((boxOffice.grossUsd * 0.2) / 10_000) * 10_000,
      jitter: false,
      min: 10_000,
      production: 'film',
      difficulty: 'hard',
      sources: film.sources,
    },
  ];
  return list.filter((q) => Number.isFinite(q.value) && q.step > 0);
}

/** The last year the dataset knows of: a year option after it would be a guess about the future. */
export function latestYear(ctx: Context): number {
  const { film, series, novel, awards } = ctx.ds;
  const dates = [film.worldPremiere.date, film.koreanRelease, film.boxOffice.grossAsOf, series.premiere, series.ratedOn, novel.published];
  return Math.max(...dates.map((d) => Number(d.slice(0, 4))), ...awards.flatMap((a) => (a.year === undefined ? [] : [a.year])), novel.translation.year);
}

/**
 * Three wrong values around the right one. The right value's position among the four evenly
 * spaced values is drawn per question, so neither the smallest nor the middle option is a tell.
 */
export function numericNeighbours(
  id: string,
  value: number,
  step: number,
  min: number,
  jitter: boolean,
  max = Number.POSITIVE_INFINITY,
): number[] {
  const rng = seededRng(seedFrom(`${id}:values`));
  const start = Math.floor(rng.next() * 4);
  for (let k = 0; k < 4; k++) {
    const p = (start + k) % 4;
    const values = [0, 1, 2, 3]
      .filter((i) => i !== p)
      .map((i) => {
        const offset = (i - p) * step;
        const noise = jitter ? Math.round((rng.next() - 0.5) * step * 0.4) : 0;
        return value + offset + noise;
      });
    if (values.every((v) => v >= min && v <= max && v !== value) && new Set(values).size === values.length) return values;
  }
  return [];
}

function quantityQuestions(q: Quantity): Draft[] {
  const id = q.path.replace(/\./g, '-');
  const answer = q.format(q.value);
  const option = (n: number): OptionDraft => ({
    text: q.format(n),
    key: `value:${n}`,
    claim: { kind: 'value', path: q.path, value: n },
    horizon: 'none',
    tier: 0,
  });
  const candidates = numericNeighbours(id, q.value, q.step, q.min, q.jitter, q.max).map(option);
  return [
    {
      kind: 'numeric',
      id: `number:${id}`,
      template: 'number',
      production: q.production,
      difficulty: q.difficulty,
      prompt: q.question,
      horizon: 'none',
      sources: q.sources,
      explanation: q.statement(answer),
      correct: option(q.value),
      candidates,
    },
    ...trueFalsePair({
      id: `number-tf:${id}`,
      template: 'number-true-false',
      production: q.production,
      difficulty: q.difficulty,
      sources: q.sources,
      statement: q.statement(answer),
      claim: { kind: 'value', path: q.path, value: q.value },
      horizon: 'none',
      alternatives: candidates,
      render: (alt) => q.statement(alt.text),
    }),
  ];
}

/** Korean age ratings, in the "15+" form the dataset uses. */
const RATINGS = ['All ages', '12+', '15+', '19+'] as const;

function ratingQuestions(ctx: Context): Draft[] {
  const { film, series } = ctx.ds;
  const out: Draft[] = [];
  const items: { path: string; value: string; production: ProductionId; sources: readonly SourceRef[] }[] = [
    { path: 'film.rating', value: film.rating, production: 'film', sources: film.sources },
    { path: 'series.rating', value: series.rating, production: 'series', sources: series.sources },
  ];
  for (const item of items) {
    if (!(RATINGS as readonly string[]).includes(item.value)) continue;
    const option = (r: string): OptionDraft => ({
      text: r,
      key: `rating:${r}`,
      claim: { kind: 'value', path: item.path, value: r },
      horizon: 'none',
      tier: 0,
    });
    out.push({
      kind: 'choice',
      id: `rating:${item.production}`,
      template: 'rating',
      production: item.production,
      difficulty: 'medium',
      prompt: `What is the age rating of the ${item.production} in Korea?`,
      horizon: 'none',
      sources: item.sources,
      explanation: `The ${item.production} is rated ${item.value} in Korea.`,
      correct: option(item.value),
      candidates: RATINGS.filter((r) => r !== item.value).map(option),
    });
  }
  return out;
}

function combinations<T>(items: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  const out: T[][] = [];
  items.forEach((item, i) => {
    for (const rest of combinations(items.slice(i + 1), k - 1)) out.push([item, ...rest]);
  });
  return out;
}

/** How many "which came first/last" questions to ask per direction, at most (one per possible answer). */
const ORDER_QUESTIONS_PER_DIRECTION = 6;

/**
 * "Which of these happened first/last?" over sets of four events with four different dates: a fixed
 * (seeded) selection in which no two questions of a direction share their answer.
 */
function orderQuestions(events: readonly DatedEvent[]): Draft[] {
  const out: Draft[] = [];
  const eligible = combinations(events, 4).filter((combo) => new Set(combo.map((e) => e.date)).size === combo.length);
  for (const which of ['earliest', 'latest'] as const) {
    const usedAnswers = new Set<string>();
    for (const combo of shuffle(seededRng(seedFrom(`event-order:${which}`)), eligible)) {
      if (usedAnswers.size >= ORDER_QUESTIONS_PER_DIRECTION) break;
      const sorted = [...combo].sort((a, b) => a.date.localeCompare(b.date));
      const answer = which === 'earliest' ? sorted[0] : sorted[sorted.length - 1];
      if (!answer || usedAnswers.has(answer.path)) continue;
      usedAnswers.add(answer.path);
      out.push(orderQuestion(combo, sorted, answer, which));
    }
  }
  return out;
}

function orderQuestion(
  combo: readonly DatedEvent[],
  sorted: readonly DatedEvent[],
  answer: DatedEvent,
  which: 'earliest' | 'latest',
): Draft {
  const among = combo.map((e) => e.path);
  const sameYear = new Set(combo.map((e) => e.date.slice(0, 4))).size === 1;
  const productions = new Set(combo.map((e) => e.production));
  const production: Scope = productions.size === 1 ? (combo[0]?.production ?? 'all') : 'all';
  const option = (e: DatedEvent): OptionDraft => ({
    text: e.label,
    key: `event:${e.path}`,
    claim: { kind: 'extreme-date', which, path: e.path, among },
    horizon: e.horizon,
    tier: 0,
  });
  return {
    kind: 'choice',
    id: `order-${which}:${[...among].sort().join('+')}`,
    template: 'event-order',
    production,
    difficulty: sameYear ? 'hard' : 'medium',
    prompt: `Which of these happened ${which === 'earliest' ? 'first' : 'last'}?`,
    horizon: maxHorizon(...combo.map((e) => e.horizon)),
    sources: [...new Set(combo.flatMap((e) => e.sources))],
    explanation: sorted.map((e) => `${e.label}: ${formatDate(e.date)}`).join(' · '),
    correct: option(answer),
    candidates: combo.filter((e) => e !== answer).map(option),
  };
}

/** Award templates: who or what won, in which year, and true/false statements with a swapped recipient. */
import type { Award, ProductionId, SourceRef } from '../../data/schema.js';
import type { Difficulty, Scope } from '../types.js';
import { h, productionPhrase, type Context } from './context.js';
import { maxHorizon, trueFalsePair, unionSources, type Draft, type OptionDraft } from './draft.js';
import { latestYear, numericNeighbours } from './numbers.js';
import { normalise, quotedTitle } from './render.js';

const PRODUCTIONS: readonly ProductionId[] = ['novel', 'film', 'series'];

export function awardTemplates(ctx: Context): Draft[] {
  return ctx.ds.awards.flatMap((award) => awardQuestions(ctx, award));
}

type Recipient = Award['recipient'];

function recipientKey(r: Recipient): string {
  if ('production' in r) return `production:${r.production}`;
  if ('story' in r) return `story:${r.story}`;
  return `person:${r.personId}`;
}

function verb(result: Award['result']): string {
  switch (result) {
    case 'won':
      return 'won';
    case 'longlisted':
      return 'was longlisted for';
    case 'nominated':
      return 'was nominated for';
  }
}

/**
 * "Best New Actor at the 45th Blue Dragon Film Awards" for a "category, ceremony" name,
 * "the International Booker Prize" otherwise.
 */
function awardName(award: Award): string {
  const comma = award.name.indexOf(', ');
  if (comma > 0) {
    const ceremony = award.name.slice(comma + 2);
    return `${award.name.slice(0, comma)} at ${/^the\s/i.test(ceremony) ? ceremony : `the ${ceremony}`}`;
  }
  return /^the\s/i.test(award.name) ? award.name : `the ${award.name}`;
}

/** The award with its year, left out when the name already carries it. */
function awardText(award: Award): string {
  return award.year === undefined || award.name.includes(String(award.year)) ? awardName(award) : `${awardName(award)} in ${award.year}`;
}

interface RecipientView {
  readonly recipient: Recipient;
  readonly text: string;
  readonly horizon: OptionDraft['horizon'];
  readonly sources: readonly SourceRef[];
  readonly production: Scope;
}

function describe(ctx: Context, r: Recipient): RecipientView | undefined {
  if ('production' in r) {
    const record = ctx.ds[r.production];
    return { recipient: r, text: productionPhrase(r.production), horizon: h(record.spoiler), sources: record.sources, production: r.production };
  }
  if ('story' in r) {
    const story = ctx.ds.novel.stories.find((s) => s.number === r.story);
    if (!story) return undefined;
    return {
      recipient: r,
      text: `the story ${quotedTitle(story.titleEn, story.titleKo)}`,
      horizon: h(story.spoiler),
      sources: story.sources,
      production: 'novel',
    };
  }
  const person = ctx.person(r.personId);
  if (!person) return undefined;
  return { recipient: r, text: ctx.personText(person), horizon: ctx.personHorizon(person), sources: person.sources, production: ctx.scopeOf(person) };
}

/** Same-kind alternatives to the recipient, none of which also received this award. */
function alternatives(ctx: Context, award: Award, answer: Recipient): RecipientView[] {
  const sameAward = ctx.ds.awards.filter(
    (a) => normalise(a.name) === normalise(award.name) && a.year === award.year && a.result === award.result,
  );
  const taken = new Set(sameAward.map((a) => recipientKey(a.recipient)));
  let pool: Recipient[];
  if ('production' in answer) pool = PRODUCTIONS.map((production) => ({ production }));
  else if ('story' in answer) pool = ctx.ds.novel.stories.map((s) => ({ story: s.number }));
  else {
    const person = ctx.person(answer.personId);
    const acts = person ? ctx.rolesOfPerson(person.id).length > 0 : false;
    pool = (acts ? ctx.actors : ctx.crewPeople).map((p) => ({ personId: p.id }));
  }
  return pool
    .filter((r) => !taken.has(recipientKey(r)))
    .map((r) => describe(ctx, r))
    .filter((v): v is RecipientView => v !== undefined);
}

function awardQuestions(ctx: Context, award: Award): Draft[] {
  const answer = describe(ctx, award.recipient);
  if (!answer) return [];
  const out: Draft[] = [];
  const horizon = maxHorizon(h(award.spoiler), answer.horizon);
  const sources = unionSources(award.sources, answer.sources);
  const difficulty: Difficulty = award.result === 'won' && 'personId' in award.recipient ? 'medium' : 'hard';
  const statement = `${capitalise(answer.text)} ${verb(award.result)} ${awardText(award)}.`;
  const others = alternatives(ctx, award, award.recipient);
  const answerProduction = answer.production;
  const option = (v: RecipientView): OptionDraft => ({
    text: capitalise(v.text),
    key: recipientKey(v.recipient),
    claim: { kind: 'award-recipient', awardId: award.id, recipient: v.recipient },
    horizon: v.horizon,
    tier: v.production === answerProduction ? 0 : 1,
  });
  const who = 'personId' in award.recipient ? 'Who' : 'What';
  out.push({
    kind: 'choice',
    id: `award-recipient:${award.id}`,
    template: 'award-recipient',
    production: answer.production,
    difficulty,
    prompt: `${who} ${verb(award.result)} ${awardText(award)}?`,
    horizon,
    sources,
    explanation: statement,
    correct: option(answer),
    candidates: others.map(option),
  });
  // Years in which the same recipient got an award of the same name would be a second right answer.
  const takenYears = new Set(
    ctx.ds.awards
      .filter((a) => normalise(a.name) === normalise(award.name) && recipientKey(a.recipient) === recipientKey(award.recipient))
      .map((a) => a.year),
  );
  const year = award.year;
  if (year !== undefined && !award.name.includes(String(year))) {
    const yearOption = (year: number): OptionDraft => ({
      text: String(year),
      key: `year:${year}`,
      claim: { kind: 'award-year', awardId: award.id, year },
      horizon: 'none',
      tier: 0,
    });
    const name = awardName(award);
    out.push({
      kind: 'numeric',
      id: `award-year:${award.id}`,
      template: 'award-year',
      production: answer.production,
      difficulty: 'hard',
      prompt: `In which year ${verbPast(award.result, answer.text, name)}?`,
      horizon,
      sources,
      explanation: statement,
      correct: yearOption(year),
      // Not before the work existed, not after the last year the dataset knows.
      candidates: numericNeighbours(`award-year:${award.id}`, year, 1, workYear(ctx, award.recipient), false, latestYear(ctx))
        .filter((y) => !takenYears.has(y))
        .map(yearOption),
    });
  }
  out.push(
    ...trueFalsePair({
      id: `award-tf:${award.id}`,
      template: 'award-true-false',
      production: answer.production,
      difficulty,
      sources,
      statement,
      claim: { kind: 'award-recipient', awardId: award.id, recipient: award.recipient },
      horizon,
      alternatives: others.map(option),
      render: (alt) => `${alt.text} ${verb(award.result)} ${awardText(award)}.`,
    }),
  );
  return out;
}

/** "did Noh Sang-hyun (노상현) win the Best New Actor award", "was the novel longlisted for …". */
function verbPast(result: Award['result'], subject: string, name: string): string {
  switch (result) {
    case 'won':
      return `did ${subject} win ${name}`;
    case 'longlisted':
      return `was ${subject} longlisted for ${name}`;
    case 'nominated':
      return `was ${subject} nominated for ${name}`;
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function workYear(ctx: Context, r: Recipient): number {
  if ('production' in r) return ctx.ds[r.production].year;
  if ('story' in r) return ctx.ds.novel.year;
  const person = ctx.person(r.personId);
  const years = person ? ctx.productionsOf(person).map((p) => ctx.ds[p].year) : [];
  return years.length > 0 ? Math.min(...years) : 1900;
}

/** People templates: aliases, Hangul names, crew jobs, and the companies behind each production. */
import type { CrewCredit, CrewJob, Person, ProductionId, SourceRef } from '../../data/schema.js';
import type { Difficulty } from '../types.js';
import { productionPhrase, type Context } from './context.js';
import { trueFalsePair, unionSources, type Draft, type OptionDraft } from './draft.js';
import { normalise, withHangul } from './render.js';

export function peopleTemplates(ctx: Context): Draft[] {
  return [...aliasTemplates(ctx), ...personHangul(ctx), ...crewTemplates(ctx), ...companyTemplates(ctx)];
}

function namesOf(p: Person): Set<string> {
  return new Set([p.name, ...p.aliases].map(normalise));
}

function tokens(name: string): string {
  return name
    .toLowerCase()
    .split(/[\s-]+/)
    .filter(Boolean)
    .sort()
    .join(' ');
}

/** Actors are confused with actors and crew with crew; sharing a production makes it likelier. */
function kinship(ctx: Context, a: Person, b: Person): number {
  const aActs = ctx.rolesOfPerson(a.id).length > 0;
  const bActs = ctx.rolesOfPerson(b.id).length > 0;
  const shared = ctx.productionsOf(a).some((p) => ctx.productionsOf(b).includes(p));
  return (aActs === bActs ? 0 : 2) + (shared ? 0 : 1);
}

function aliasTemplates(ctx: Context): Draft[] {
  const out: Draft[] = [];
  for (const person of ctx.ds.people) {
    const own = namesOf(person);
    // A spelling variant ("Noh Sanghyun") is not a question worth asking.
    const aliases = [
      ...new Map(person.aliases.filter((a) => normalise(a) !== normalise(person.name)).map((a) => [normalise(a), a])).values(),
    ];
    for (const [aliasIndex, alias] of aliases.entries()) {
      // "Who is also known as X?" for every alias; the reverse and true/false once per person,
      // so a person with three aliases does not crowd the pool.
      const first = aliasIndex === 0;
      const reordered = tokens(alias) === tokens(person.name);
      const difficulty: Difficulty = reordered ? 'easy' : 'medium';
      const others = ctx.ds.people.filter((p) => p.id !== person.id && !namesOf(p).has(normalise(alias)));
      const production = ctx.scopeOf(person);
      const horizon = ctx.personHorizon(person);
      const nameOf = (p: Person): OptionDraft => ({
        text: ctx.personText(p),
        key: `person:${p.id}`,
        claim: { kind: 'name-of', name: alias, personId: p.id },
        horizon: ctx.personHorizon(p),
        tier: kinship(ctx, person, p),
      });
      out.push({
        kind: 'choice',
        id: `alias-person:${person.id}:${normalise(alias)}`,
        template: 'alias-person',
        production,
        difficulty,
        prompt: `Who is also known as “${alias}”?`,
        horizon,
        sources: person.sources,
        explanation: `“${alias}” is another name of ${ctx.personText(person)}.`,
        correct: nameOf(person),
        candidates: others.map(nameOf),
      });
      // Other people's names, aliases first since they look like the answer; never one of this person's names.
      const foreignNames: OptionDraft[] = ctx.ds.people
        .filter((p) => p.id !== person.id)
        .flatMap((p) =>
          [...p.aliases.map((n) => ({ n, tier: 0 })), { n: p.name, tier: 4 }].map(({ n, tier }) => ({
            text: n,
            key: `person:${p.id}`,
            claim: { kind: 'name-of' as const, name: n, personId: person.id },
            horizon: ctx.personHorizon(p),
            tier: tier + kinship(ctx, person, p),
          })),
        )
        .filter((o) => !own.has(normalise(o.text)));
      if (!first) continue;
      out.push({
        kind: 'choice',
        id: `person-alias:${person.id}`,
        template: 'person-alias',
        production,
        difficulty,
        prompt: `Which of these is another name of ${ctx.personText(person)}?`,
        horizon,
        sources: person.sources,
        explanation: `${ctx.personText(person)} is also known as “${alias}”.`,
        correct: {
          text: alias,
          key: `person:${person.id}`,
          claim: { kind: 'name-of', name: alias, personId: person.id },
          horizon,
          tier: 0,
        },
        candidates: foreignNames,
      });
      out.push(
        ...trueFalsePair({
          id: `alias-tf:${person.id}`,
          template: 'alias-true-false',
          production,
          difficulty,
          sources: person.sources,
          statement: `“${alias}” is another name of ${ctx.personText(person)}.`,
          claim: { kind: 'name-of', name: alias, personId: person.id },
          horizon,
          alternatives: others.map(nameOf).filter((o) => o.tier === 0),
          render: (alt) => `“${alias}” is another name of ${alt.text}.`,
        }),
      );
    }
  }
  return out;
}

function personHangul(ctx: Context): Draft[] {
  const out: Draft[] = [];
  for (const person of ctx.ds.people) {
    if (!person.hangul) continue;
    const horizon = ctx.personHorizon(person);
    out.push({
      kind: 'choice',
      id: `person-hangul:${person.id}`,
      template: 'person-hangul',
      production: ctx.scopeOf(person),
      difficulty: ctx.prominenceOf(person) === 'lead' ? 'medium' : 'hard',
      prompt: `How is the name of ${person.name} written in Hangul?`,
      horizon,
      sources: person.sources,
      explanation: `${person.name} is written ${person.hangul}.`,
      correct: {
        text: person.hangul,
        key: `person:${person.id}`,
        claim: { kind: 'hangul-of', entity: 'person', id: person.id, hangul: person.hangul },
        horizon,
        tier: 0,
      },
      candidates: ctx.ds.people
        .filter((p) => p.id !== person.id && p.hangul)
        .map((p) => ({
          text: p.hangul ?? '',
          key: `person:${p.id}`,
          claim: { kind: 'hangul-of' as const, entity: 'person' as const, id: person.id, hangul: p.hangul ?? '' },
          horizon: ctx.personHorizon(p),
          tier: kinship(ctx, person, p),
        })),
    });
  }
  return out;
}

const JOB_GROUP: Record<CrewJob, string> = {
  author: 'writing',
  writer: 'writing',
  screenwriter: 'writing',
  director: 'directing',
  'act-director': 'directing',
  translator: 'translating',
};

function jobPhrase(job: CrewJob, production: ProductionId, act?: number): string {
  const prod = productionPhrase(production);
  switch (job) {
    case 'director':
      return `directed ${prod}`;
    case 'act-director':
      return act === undefined ? `directed one of the acts of ${prod}` : `directed act ${act} of ${prod}`;
    case 'screenwriter':
      return `wrote the screenplay of ${prod}`;
    case 'author':
    case 'writer':
      return `wrote ${prod}`;
    case 'translator':
      return `translated ${prod} into English`;
  }
}

function jobDifficulty(job: CrewJob): Difficulty {
  return job === 'director' || job === 'author' ? 'easy' : 'medium';
}

/** "Who directed the film?" and true/false statements about each crew credit (act directors are in series.ts). */
function crewTemplates(ctx: Context): Draft[] {
  const out: Draft[] = [];
  const groups = new Map<string, CrewCredit[]>();
  for (const credit of ctx.ds.crew) {
    if (credit.job === 'act-director') continue;
    const key = `${credit.production}:${credit.job}`;
    groups.set(key, [...(groups.get(key) ?? []), credit]);
  }
  for (const [key, credits] of groups) {
    const first = credits[0];
    const person = first && ctx.person(first.personId);
    if (!first || !person) continue;
    // Anyone else credited on the same production is left out: a director who also worked on the
    // script (article 000 says Lee Eon-hee "wrote and directed") must not become a second answer.
    const holders = new Set(ctx.ds.crew.filter((c) => c.production === first.production).map((c) => c.personId));
    const sources = unionSources(first.sources, person.sources);
    const horizon = ctx.personHorizon(person);
    const option = (p: Person, tier: number): OptionDraft => ({
      text: ctx.personText(p),
      key: `person:${p.id}`,
      claim: { kind: 'crew', personId: p.id, production: first.production, job: first.job },
      horizon: ctx.personHorizon(p),
      tier,
    });
    const candidates = [...ctx.crewPeople, ...ctx.actors]
      .filter((p) => !holders.has(p.id))
      .map((p) => {
        const isCrew = ctx.crewPeople.includes(p);
        const sameGroup = ctx.crewOfPerson(p.id).some((c) => JOB_GROUP[c.job] === JOB_GROUP[first.job]);
        return option(p, (isCrew ? 0 : 2) + (sameGroup ? 0 : 1));
      });
    out.push({
      kind: 'choice',
      id: `crew-person:${key}`,
      template: 'crew-person',
      production: first.production,
      difficulty: jobDifficulty(first.job),
      prompt: `Who ${jobPhrase(first.job, first.production)}?`,
      horizon,
      sources,
      explanation: `${ctx.personText(person)} ${jobPhrase(first.job, first.production)}.`,
      correct: option(person, 0),
      candidates,
    });
  }
  for (const credit of ctx.ds.crew) {
    if (credit.job === 'act-director') continue;
    const person = ctx.person(credit.personId);
    if (!person) continue;
    // Falsified by giving the job to someone with no credit on this production (a job swap could
    // land on a disputed credit, see above).
    const onProduction = new Set(ctx.ds.crew.filter((c) => c.production === credit.production).map((c) => c.personId));
    const personSwaps: OptionDraft[] = ctx.crewPeople
      .filter((p) => !onProduction.has(p.id))
      .map((p) => ({
        text: `${ctx.personText(p)} ${jobPhrase(credit.job, credit.production)}.`,
        key: `person:${p.id}`,
        claim: { kind: 'crew', personId: p.id, production: credit.production, job: credit.job },
        horizon: ctx.personHorizon(p),
        tier: ctx.crewOfPerson(p.id).some((c) => JOB_GROUP[c.job] === JOB_GROUP[credit.job]) ? 0 : 1,
      }));
    out.push(
      ...trueFalsePair({
        id: `crew-tf:${credit.id}`,
        template: 'crew-true-false',
        production: credit.production,
        difficulty: jobDifficulty(credit.job),
        sources: unionSources(credit.sources, person.sources),
        statement: `${ctx.personText(person)} ${jobPhrase(credit.job, credit.production)}.`,
        claim: { kind: 'crew', personId: person.id, production: credit.production, job: credit.job },
        horizon: ctx.personHorizon(person),
        alternatives: personSwaps,
        render: (alt) => alt.text,
      }),
    );
  }
  return out;
}

interface Company {
  readonly name: string;
  readonly hangul?: string;
  /** Where the dataset records it; drives plausibility (same production first). */
  readonly production: ProductionId;
}

function companyText(c: Company): string {
  return withHangul(c.name, c.hangul);
}

/** Distributor, Korean publisher and English publishers, with other companies of the dataset as distractors. */
function companyTemplates(ctx: Context): Draft[] {
  const { film, novel } = ctx.ds;
  const producers: Company[] = film.production.map((name) => ({ name, production: 'film' }));
  const distributor: Company = { ...film.distributor, production: 'film' };
  const publisher: Company = { ...novel.publisher, production: 'novel' };
  const englishPublishers: Company[] = novel.translation.publishers.map((name) => ({ name, production: 'novel' }));
  const all = [distributor, ...producers, publisher, ...englishPublishers];
  const out: Draft[] = [];

  const question = (args: {
    id: string;
    production: ProductionId;
    difficulty: Difficulty;
    prompt: string;
    answer: Company;
    exclude: readonly Company[];
    claimOf: (c: Company) => OptionDraft['claim'];
    sources: readonly SourceRef[];
    explanation: string;
    preferred: readonly Company[];
  }): Draft => {
    const excluded = new Set([args.answer, ...args.exclude].map((c) => normalise(c.name)));
    const option = (c: Company, tier: number): OptionDraft => ({
      text: companyText(c),
      key: `company:${normalise(c.name)}`,
      claim: args.claimOf(c),
      horizon: 'none',
      tier,
    });
    return {
      kind: 'choice',
      id: args.id,
      template: 'company',
      production: args.production,
      difficulty: args.difficulty,
      prompt: args.prompt,
      horizon: 'none',
      sources: args.sources,
      explanation: args.explanation,
      correct: option(args.answer, 0),
      candidates: all
        .filter((c) => !excluded.has(normalise(c.name)))
        .map((c) => option(c, args.preferred.includes(c) ? 0 : 1)),
    };
  };

  out.push(
    question({
      id: 'company:film-distributor',
      production: 'film',
      difficulty: 'medium',
      prompt: 'Which company distributed the film?',
      answer: distributor,
      exclude: [],
      claimOf: (c) => ({ kind: 'value', path: 'film.distributor.name', value: c.name }),
      sources: film.sources,
      explanation: `The film was distributed by ${companyText(distributor)}.`,
      preferred: producers,
    }),
    question({
      id: 'company:novel-publisher',
      production: 'novel',
      difficulty: 'medium',
      prompt: `Which publisher first published the novel in Korean, in ${novel.year}?`,
      answer: publisher,
      exclude: [],
      claimOf: (c) => ({ kind: 'value', path: 'novel.publisher.name', value: c.name }),
      sources: novel.sources,
      explanation: `${companyText(publisher)} published the novel in ${novel.year}.`,
      preferred: englishPublishers,
    }),
  );
  const firstEnglish = englishPublishers[0];
  if (firstEnglish) {
    const translator = ctx.person(novel.translation.translatorId);
    out.push(
      question({
        id: 'company:english-publisher',
        production: 'novel',
        difficulty: 'hard',
        prompt: `Which of these published the English translation of the novel${translator ? ` by ${ctx.personText(translator)}` : ''}?`,
        answer: firstEnglish,
        exclude: englishPublishers,
        claimOf: (c) => ({ kind: 'includes', path: 'novel.translation.publishers', value: c.name }),
        sources: unionSources(novel.sources, translator?.sources ?? []),
        explanation: `The English translation (${novel.translation.year}) was published by ${englishPublishers.map(companyText).join(' and ')}.`,
        preferred: [publisher],
      }),
    );
  }
  return out;
}

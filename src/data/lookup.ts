/**
 * Small pure look-ups over a {@link Dataset} for the commands and the quiz. None of them throws:
 * a missing record is `undefined` or an empty list (validation guarantees the built-in dataset
 * resolves).
 */
import type {
  Act,
  Award,
  Character,
  CrewCredit,
  CrewJob,
  Dataset,
  Fact,
  Film,
  Novel,
  Person,
  ProductionId,
  Role,
  Series,
  Story,
} from './schema.js';
import { isRevealed, type SpoilerSetting } from './spoilers.js';

export type Production = Novel | Film | Series;
export type Prominence = 'lead' | 'main' | 'supporting';

/** lead → 0, main → 1, supporting → 2 (lower sorts first). */
export const PROMINENCE_RANK: Readonly<Record<Prominence, number>> = { lead: 0, main: 1, supporting: 2 };

export function getPerson(d: Dataset, id: string): Person | undefined {
  return d.people.find((p) => p.id === id);
}

export function getCharacter(d: Dataset, id: string): Character | undefined {
  return d.characters.find((c) => c.id === id);
}

export function getProduction(d: Dataset, id: ProductionId): Production {
  return d[id];
}

/** The series act with this number (1–4). */
export function getAct(d: Dataset, act: number): Act | undefined {
  return d.series.acts.find((a) => a.number === act);
}

/** The novel's story with this number (1–4). */
export function getStory(d: Dataset, story: number): Story | undefined {
  return d.novel.stories.find((s) => s.number === story);
}

/** The act an episode belongs to. */
export function actOfEpisode(d: Dataset, episode: number): Act | undefined {
  return d.series.acts.find((a) => a.episodes[0] <= episode && episode <= a.episodes[1]);
}

export function charactersOf(d: Dataset, production: ProductionId): Character[] {
  return d.characters.filter((c) => c.production === production);
}

export function rolesForProduction(d: Dataset, production: ProductionId): Role[] {
  return d.roles.filter((r) => r.production === production);
}

export interface CastEntry {
  readonly role: Role;
  readonly person: Person;
  readonly character: Character;
}

/** The cast of a production, leads first (then main, supporting), in dataset order within each group. */
export function castOf(d: Dataset, production: ProductionId): CastEntry[] {
  const entries: CastEntry[] = [];
  for (const role of rolesForProduction(d, production)) {
    const person = getPerson(d, role.personId);
    const character = getCharacter(d, role.characterId);
    if (person && character) entries.push({ role, person, character });
  }
  return stableSort(entries, (a, b) => PROMINENCE_RANK[a.character.prominence] - PROMINENCE_RANK[b.character.prominence]);
}

export interface CrewEntry {
  readonly credit: CrewCredit;
  readonly person: Person;
}

const JOB_ORDER: readonly CrewJob[] = ['author', 'director', 'screenwriter', 'writer', 'act-director', 'translator'];

/** The crew of a production, by job (author, director, screenwriter, writer, act directors by act, translator). */
export function crewOf(d: Dataset, production: ProductionId): CrewEntry[] {
  const entries: CrewEntry[] = [];
  for (const credit of d.crew) {
    if (credit.production !== production) continue;
    const person = getPerson(d, credit.personId);
    if (person) entries.push({ credit, person });
  }
  return stableSort(
    entries,
    (a, b) => JOB_ORDER.indexOf(a.credit.job) - JOB_ORDER.indexOf(b.credit.job) || (a.credit.act ?? 0) - (b.credit.act ?? 0),
  );
}

/** Who directed this act of the series. */
export function actDirector(d: Dataset, act: number): Person | undefined {
  const credit = d.crew.find((c) => c.job === 'act-director' && c.act === act);
  return credit ? getPerson(d, credit.personId) : undefined;
}

/** The acts a person directed, in act order. */
export function actsDirectedBy(d: Dataset, personId: string): Act[] {
  const numbers = d.crew.filter((c) => c.job === 'act-director' && c.personId === personId).map((c) => c.act);
  return d.series.acts.filter((a) => numbers.includes(a.number));
}

/** Who played a character (usually one actor). */
export function rolesOfCharacter(d: Dataset, characterId: string): { role: Role; person: Person }[] {
  const out: { role: Role; person: Person }[] = [];
  for (const role of d.roles) {
    if (role.characterId !== characterId) continue;
    const person = getPerson(d, role.personId);
    if (person) out.push({ role, person });
  }
  return out;
}

/** Which characters a person played. */
export function rolesOfPerson(d: Dataset, personId: string): { role: Role; character: Character }[] {
  const out: { role: Role; character: Character }[] = [];
  for (const role of d.roles) {
    if (role.personId !== personId) continue;
    const character = getCharacter(d, role.characterId);
    if (character) out.push({ role, character });
  }
  return out;
}

export function creditsOfPerson(d: Dataset, personId: string): CrewCredit[] {
  return d.crew.filter((c) => c.personId === personId);
}

/** The productions a person worked on (acted in or is credited on), in novel → film → series order. */
export function productionsOfPerson(d: Dataset, personId: string): ProductionId[] {
  const found = new Set<ProductionId>();
  for (const r of d.roles) if (r.personId === personId) found.add(r.production);
  for (const c of d.crew) if (c.personId === personId) found.add(c.production);
  return (['novel', 'film', 'series'] as const).filter((p) => found.has(p));
}

/**
 * How prominent a person is, for ranking: the most prominent character they play; author and
 * directors count as lead, other credits as main.
 */
export function personProminence(d: Dataset, personId: string): Prominence {
  let best: Prominence = 'supporting';
  const consider = (p: Prominence) => {
    if (PROMINENCE_RANK[p] < PROMINENCE_RANK[best]) best = p;
  };
  for (const { character } of rolesOfPerson(d, personId)) consider(character.prominence);
  for (const credit of creditsOfPerson(d, personId)) {
    consider(credit.job === 'author' || credit.job === 'director' ? 'lead' : 'main');
  }
  return best;
}

/** The productions an award belongs to: its production, the novel for a story, a person's productions. */
export function productionsOfAward(d: Dataset, award: Award): ProductionId[] {
  const r = award.recipient;
  if ('production' in r) return [r.production];
  if ('story' in r) return ['novel'];
  return productionsOfPerson(d, r.personId);
}

export function awardsFor(d: Dataset, production: ProductionId): Award[] {
  return d.awards.filter((a) => productionsOfAward(d, a).includes(production));
}

export function awardsOfPerson(d: Dataset, personId: string): Award[] {
  return d.awards.filter((a) => 'personId' in a.recipient && a.recipient.personId === personId);
}

/** Facts about a production (and those about all three), optionally only those within a spoiler horizon. */
export function factsFor(d: Dataset, production: ProductionId, horizon?: SpoilerSetting): Fact[] {
  return d.facts.filter(
    (f) => (f.production === production || f.production === 'all') && (horizon === undefined || isRevealed(f.spoiler, horizon)),
  );
}

function stableSort<T>(items: readonly T[], compare: (a: T, b: T) => number): T[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => compare(a.item, b.item) || a.index - b.index)
    .map((x) => x.item);
}

/**
 * Question forms over the dataset's relations: who plays whom, who made what, the acts' and the
 * stories' titles. Each relation is one fact with one or more forms; wrong answers are of the same
 * kind as the answer (actors of the same gender for a role, directors for a director, other titles
 * for a title) and never another true answer. No discord.js here (see STYLE.md).
 */
import { withHangul } from '../data/format.js';
import type { Character, CrewCredit, Dataset, Person, ProductionId, Role } from '../data/schema.js';
import { revealsOf } from '../data/spoilers.js';
import type { BankFact, BankForm, BankOption, SkippedFact } from './bank.js';
import type { Difficulty } from './types.js';

const ORDINAL = ['first', 'second', 'third', 'fourth'] as const;
const NOUN: Readonly<Record<ProductionId, string>> = { novel: 'the novel', film: 'the film', series: 'the series' };

/** “Title” (한글), the way story and act titles are shown. */
function title(en: string, ko: string): string {
  return `“${en}” (${ko})`;
}

function personText(p: Person): string {
  return p.hangul ? withHangul(p.name, p.hangul) : p.name;
}

/** A proper name ("Min-jun"), not a description ("Heung-soo's mother", "the tattooist"). */
function isNamed(c: Character): boolean {
  return !/^the\s/i.test(c.name) && !c.name.includes("'s ");
}

function difficultyOf(prominence: Character['prominence']): Difficulty {
  return prominence === 'lead' ? 'easy' : prominence === 'main' ? 'medium' : 'hard';
}

function sourcesOf(...records: readonly { readonly sources: readonly string[] }[]) {
  return [...new Set(records.flatMap((r) => r.sources))] as BankFact['sources'];
}

interface Lookups {
  readonly people: ReadonlyMap<string, Person>;
  readonly characters: ReadonlyMap<string, Character>;
  /** The gender of the characters an actor plays, when the sources give it and all agree. */
  genderOf(personId: string): Character['gender'];
}

function lookups(ds: Dataset): Lookups {
  const people = new Map(ds.people.map((p) => [p.id, p]));
  const characters = new Map(ds.characters.map((c) => [c.id, c]));
  const genders = new Map<string, Set<string | undefined>>();
  for (const r of ds.roles) {
    const set = genders.get(r.personId) ?? new Set();
    set.add(characters.get(r.characterId)?.gender);
    genders.set(r.personId, set);
  }
  return {
    people,
    characters,
    genderOf(personId) {
      const set = genders.get(personId);
      if (!set || set.size !== 1) return undefined;
      return [...set][0] as Character['gender'];
    },
  };
}

// ── Cast ────────────────────────────────────────────────────────────────────────────────

function castFact(ds: Dataset, l: Lookups, role: Role): BankFact | SkippedFact {
  const id = `role:${role.characterId}`;
  const person = l.people.get(role.personId);
  const character = l.characters.get(role.characterId);
  if (!person || !character) return { id, reason: 'the role names a missing person or character' };
  const where = NOUN[role.production];
  const playing = new Set(ds.roles.filter((r) => r.characterId === character.id).map((r) => r.personId));
  const gender = character.gender;
  // Actors who could be confused with this one: same gender when the sources give it, the same
  // production first. An actor shown as a wrong answer is a production fact: naming them spoils nothing.
  const actorIds = [...new Set(ds.roles.map((r) => r.personId))].filter(
    (pid) => !playing.has(pid) && (gender === undefined || l.genderOf(pid) === gender),
  );
  const sameProduction = (pid: string) => ds.roles.some((r) => r.personId === pid && r.production === role.production);
  actorIds.sort((a, b) => Number(sameProduction(b)) - Number(sameProduction(a)));
  const actors: BankOption[] = role.wrongActors
    ? role.wrongActors.map((text) => ({ text, reveals: [] }))
    : actorIds
        .map((pid) => l.people.get(pid))
        .filter((p): p is Person => p !== undefined && p.hangul !== undefined)
        .map((p) => ({ text: personText(p), reveals: [] }));
  const forms: BankForm[] = [];
  if (actors.length >= 3) {
    forms.push({
      id: `${id}#1`,
      kind: 'choice',
      prompt: `Who plays ${character.name} in ${where}?`,
      answer: { text: personText(person), reveals: [] },
      wrong: actors,
      aliases: person.aliases,
      statement: `{answer} plays ${character.name} in ${where}.`,
    });
  }
  // The reverse form, where enough named characters of the same production and gender exist.
  const others = ds.characters.filter(
    (c) =>
      c.production === role.production &&
      c.id !== character.id &&
      isNamed(c) &&
      (gender === undefined || c.gender === gender) &&
      !ds.roles.some((r) => r.characterId === c.id && r.personId === person.id),
  );
  if (isNamed(character) && others.length >= 3) {
    forms.push({
      id: `${id}#2`,
      kind: 'choice',
      prompt: `Which character does ${person.name} play in ${where}?`,
      answer: { text: character.name, reveals: [] },
      wrong: others.map((c) => ({ text: c.name, reveals: revealsOf(c.firstAppears) })),
      aliases: character.aliases,
    });
  }
  if (forms.length === 0) return { id, reason: 'too few actors or characters of the same kind for wrong answers' };
  return {
    id,
    template: 'cast',
    production: role.production,
    difficulty: difficultyOf(character.prominence),
    title: `${person.name} as ${character.name} (${role.production})`,
    // Knowing who plays a character names the character: not before they appear.
    reveals: revealsOf(role.spoiler, character.spoiler, character.firstAppears),
    sources: sourcesOf(role, person, character),
    explanation: `${personText(person)} plays ${character.name} in ${where}.`,
    forms,
  };
}

// ── Crew ────────────────────────────────────────────────────────────────────────────────

interface CrewQuestion {
  readonly prompt: string;
  readonly statement: string;
  readonly explanation: string;
  readonly difficulty: Difficulty;
  /** Who may be offered as a wrong answer. */
  readonly pool: (c: CrewCredit) => boolean;
}

function crewQuestion(ds: Dataset, credit: CrewCredit, name: string): CrewQuestion | undefined {
  const act = credit.act === undefined ? undefined : ds.series.acts.find((a) => a.number === credit.act);
  const directing = (c: CrewCredit) => c.job === 'director' || c.job === 'act-director';
  switch (credit.job) {
    case 'director':
      return {
        prompt: `Who directed ${NOUN[credit.production]}?`,
        statement: `{answer} directed ${NOUN[credit.production]}.`,
        explanation: `${name} directed ${NOUN[credit.production]}.`,
        difficulty: 'easy',
        pool: directing,
      };
    case 'act-director':
      if (!act) return undefined;
      return {
        prompt: `Who directed act ${act.number} of the series (episodes ${act.episodes[0]}–${act.episodes[1]})?`,
        statement: `{answer} directed act ${act.number} of the series.`,
        explanation: `${name} directed act ${act.number} of the series, episodes ${act.episodes[0]}–${act.episodes[1]}.`,
        difficulty: 'hard',
        pool: directing,
      };
    case 'screenwriter':
      return {
        prompt: "Who is credited with the film's screenplay?",
        statement: "{answer} is credited with the film's screenplay.",
        explanation: `${name} is credited with the film's screenplay; Lee Eon-hee directed.`,
        difficulty: 'hard',
        // Article 000 says Lee Eon-hee "wrote and directed": never offer her as a wrong answer here.
        pool: (c) => c.job === 'act-director' || c.job === 'author',
      };
    case 'author':
      return {
        prompt: 'Who wrote the novel Love in the Big City?',
        statement: '{answer} wrote the novel Love in the Big City.',
        explanation: `${name} wrote the novel (2019).`,
        difficulty: 'easy',
        pool: (c) => c.job === 'screenwriter' || c.job === 'director' || c.job === 'act-director',
      };
    case 'writer':
      return {
        prompt: 'Who wrote the TVING series?',
        statement: '{answer} wrote the TVING series.',
        explanation: `${name}, the novelist, wrote the series himself.`,
        difficulty: 'medium',
        pool: (c) => c.job === 'screenwriter' || c.job === 'director' || c.job === 'act-director',
      };
    case 'translator':
      // Asked by the curated fact `fact-novel-translator`: the dataset has no other translators to offer.
      return undefined;
  }
}

function crewFact(ds: Dataset, l: Lookups, credit: CrewCredit): BankFact | SkippedFact {
  const id = `crew:${credit.id}`;
  const person = l.people.get(credit.personId);
  if (!person) return { id, reason: 'the credit names a missing person' };
  const q = crewQuestion(ds, credit, person.name);
  if (!q) return { id, reason: 'asked by the curated fact fact-novel-translator (no other translators in the dataset to offer)' };
  // Whoever holds the same credit is never a wrong answer.
  const holders = new Set(
    ds.crew.filter((c) => c.production === credit.production && c.job === credit.job && c.act === credit.act).map((c) => c.personId),
  );
  const wrongIds = [...new Set(ds.crew.filter(q.pool).map((c) => c.personId))].filter((pid) => !holders.has(pid));
  const wrong: BankOption[] = wrongIds
    .map((pid) => l.people.get(pid))
    .filter((p): p is Person => p !== undefined && p.hangul !== undefined)
    .map((p) => ({ text: personText(p), reveals: [] }));
  const forms: BankForm[] = [
    {
      id: `${id}#1`,
      kind: 'choice',
      prompt: q.prompt,
      answer: { text: personText(person), reveals: [] },
      wrong,
      aliases: person.aliases,
      statement: q.statement,
    },
  ];
  if (credit.job === 'act-director' && credit.act !== undefined) {
    forms.push({
      id: `${id}#2`,
      kind: 'choice',
      prompt: `Which act of the series did ${person.name} direct?`,
      answer: { text: `Act ${credit.act}`, reveals: [] },
      wrong: ds.series.acts.filter((a) => a.number !== credit.act).map((a) => ({ text: `Act ${a.number}`, reveals: [] })),
      aliases: [],
    });
  }
  return {
    id,
    template: 'crew',
    production: credit.production,
    difficulty: q.difficulty,
    title: `${person.name}: ${credit.job}${credit.act ? ` of act ${credit.act}` : ''} (${credit.production})`,
    reveals: revealsOf(credit.spoiler),
    sources: sourcesOf(credit, person),
    explanation: q.explanation,
    forms,
  };
}

// ── Acts and stories ────────────────────────────────────────────────────────────────────

function actFacts(ds: Dataset): BankFact[] {
  const acts = ds.series.acts;
  return acts.map((act) => {
    const id = `act-title:${act.number}`;
    const others = acts.filter((a) => a.number !== act.number);
    return {
      id,
      template: 'act',
      production: 'series',
      difficulty: 'medium',
      title: `Act ${act.number}'s title`,
      reveals: revealsOf(act.spoiler),
      sources: act.sources,
      explanation: `Act ${act.number} (episodes ${act.episodes[0]}–${act.episodes[1]}) is titled ${title(act.titleEn, act.titleKo)}.`,
      forms: [
        {
          id: `${id}#1`,
          kind: 'choice',
          prompt: `What is act ${act.number} of the series (episodes ${act.episodes[0]}–${act.episodes[1]}) titled?`,
          answer: { text: title(act.titleEn, act.titleKo), reveals: [] },
          wrong: others.map((a) => ({ text: title(a.titleEn, a.titleKo), reveals: [] })),
          aliases: [],
          statement: `Act ${act.number} of the series is titled {answer}.`,
        },
        {
          id: `${id}#2`,
          kind: 'choice',
          prompt: `Which act of the series is titled ${title(act.titleEn, act.titleKo)}?`,
          answer: { text: `Act ${act.number}`, reveals: [] },
          wrong: others.map((a) => ({ text: `Act ${a.number}`, reveals: [] })),
          aliases: [],
        },
      ],
    };
  });
}

function storyFacts(ds: Dataset): BankFact[] {
  const stories = ds.novel.stories;
  return stories.map((story) => {
    const id = `story-title:${story.number}`;
    const others = stories.filter((s) => s.number !== story.number);
    const nth = ORDINAL[story.number - 1] ?? `number ${story.number}`;
    return {
      id,
      template: 'story',
      production: 'novel',
      difficulty: story.number === 1 ? 'medium' : 'hard',
      title: `Story ${story.number}'s title`,
      reveals: revealsOf(story.spoiler),
      sources: story.sources,
      explanation: `The novel's ${nth} story is ${title(story.titleEn, story.titleKo)}.`,
      forms: [
        {
          id: `${id}#1`,
          kind: 'choice',
          prompt: `What is the ${nth} of the novel's four stories called?`,
          answer: { text: title(story.titleEn, story.titleKo), reveals: [] },
          wrong: others.map((s) => ({ text: title(s.titleEn, s.titleKo), reveals: [] })),
          aliases: [],
          statement: `The ${nth} of the novel's four stories is {answer}.`,
        },
        {
          id: `${id}#2`,
          kind: 'choice',
          prompt: `Where in the novel does the story ${title(story.titleEn, story.titleKo)} stand?`,
          answer: { text: `The ${nth} story`, reveals: [] },
          wrong: others.map((s) => ({ text: `The ${ORDINAL[s.number - 1] ?? s.number} story`, reveals: [] })),
          aliases: [],
        },
      ],
    };
  });
}

/** Every relation fact of the dataset, and the relations that yield no question with the reason. */
export function relationFacts(ds: Dataset): { facts: BankFact[]; skipped: SkippedFact[] } {
  const l = lookups(ds);
  const facts: BankFact[] = [];
  const skipped: SkippedFact[] = [];
  const add = (f: BankFact | SkippedFact) => ('forms' in f ? facts.push(f) : skipped.push(f));
  // One fact per character: two actors sharing a role would still be one thing to know.
  const seen = new Set<string>();
  for (const role of ds.roles) {
    if (seen.has(role.characterId)) continue;
    seen.add(role.characterId);
    add(castFact(ds, l, role));
  }
  for (const credit of ds.crew) add(crewFact(ds, l, credit));
  facts.push(...actFacts(ds), ...storyFacts(ds));
  return { facts, skipped };
}

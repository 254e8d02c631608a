/**
 * Question forms over the dataset's relations: who plays whom, who made what, the acts' and the
 * stories' titles. Each relation is one fact with one or more forms; wrong answers are of the same
 * kind as the answer (actors of the same gender for a role, directors for a director, other titles
 * for a title) and never another true answer. No discord.js here (see STYLE.md).
 */
import { withHangul } from '../data/format.js';
import type { Character, CrewCredit, Dataset, Person, ProductionId, Role } from '../data/schema.js';
import { revealsOf } from '../data/spoilers.js';
import { withParticle } from '../i18n/josa.js';
import type { BankFact, BankForm, BankOption, SkippedFact } from './bank.js';
import type { Difficulty } from './types.js';

const ORDINAL = ['first', 'second', 'third', 'fourth'] as const;
const ORDINAL_KO = ['첫 번째', '두 번째', '세 번째', '네 번째'] as const;
const NOUN: Readonly<Record<ProductionId, string>> = { novel: 'the novel', film: 'the film', series: 'the series' };
/** The productions as Korean fans call them: 소설, 영화, and 드라마 for the TVING series. */
const NOUN_KO: Readonly<Record<ProductionId, string>> = { novel: '소설', film: '영화', series: '드라마' };

/** “Title” (한글), the way story and act titles are shown. */
function title(en: string, ko: string): string {
  return `“${en}” (${ko})`;
}

function personText(p: Person): string {
  return p.hangul ? withHangul(p.name, p.hangul) : p.name;
}

/** In Korean text a person is named in Hangul alone; "Name (한글)" from a curated list gives its Hangul. */
function personKo(p: Person): string {
  return p.hangul ?? p.name;
}

function hangulOf(text: string): string {
  return /\(([\uac00-\ud7a3 ]+)\)$/u.exec(text)?.[1] ?? text;
}

/** The character's name in Korean text: Hangul, the Korean of a descriptive credit, or the English name where no Hangul is known. */
function characterKo(c: Character): string {
  return c.hangul ?? c.labelKo ?? c.name;
}

/** The same words after Korean particles chosen for `word`. */
const ko = withParticle;

/** Episodes in Korean: "1~2회". */
function episodesKo(act: { readonly episodes: readonly [number, number] }): string {
  return `${act.episodes[0]}~${act.episodes[1]}회`;
}

/** A Korean title in single quotes, the way acts and stories are written in running text. */
function titleKo(ko: string): string {
  return `‘${ko}’`;
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
  const actorPeople = actorIds.map((pid) => l.people.get(pid)).filter((p): p is Person => p !== undefined && p.hangul !== undefined);
  const actors: BankOption[] = role.wrongActors
    ? role.wrongActors.map((text) => ({ text, reveals: [] }))
    : actorPeople.map((p) => ({ text: personText(p), reveals: [] }));
  const actorsKo = role.wrongActors ? role.wrongActors.map(hangulOf) : actorPeople.map(personKo);
  const whereKo = NOUN_KO[role.production];
  const nameKo = characterKo(character);
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
      ko: {
        prompt: `${whereKo}에서 ${nameKo} 역을 맡은 배우는 누구인가요?`,
        answer: personKo(person),
        wrong: actorsKo,
        aliases: [],
        statement: `{answer:은/는} ${whereKo}에서 ${nameKo} 역을 맡았다.`,
      },
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
  // Korean options are Hangul names, so only characters with one take part.
  const named = others.filter((c) => c.hangul !== undefined);
  if (isNamed(character) && character.hangul !== undefined && named.length >= 3) {
    forms.push({
      id: `${id}#2`,
      kind: 'choice',
      prompt: `Which character does ${person.name} play in ${where}?`,
      answer: { text: character.name, reveals: [] },
      wrong: named.map((c) => ({ text: c.name, reveals: revealsOf(c.firstAppears) })),
      aliases: character.aliases,
      ko: {
        prompt: `${ko(personKo(person), '은/는')} ${whereKo}에서 어떤 인물을 연기했나요?`,
        answer: character.hangul,
        wrong: named.map((c) => c.hangul ?? c.name),
        aliases: [],
      },
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
    explanationKo: `${ko(personKo(person), '이/가')} ${whereKo}에서 ${nameKo} 역을 맡았어요.`,
    forms,
  };
}

// ── Crew ────────────────────────────────────────────────────────────────────────────────

interface CrewQuestion {
  readonly prompt: string;
  readonly statement: string;
  readonly explanation: string;
  readonly promptKo: string;
  /** With `{answer:…}` for the particle after the name. */
  readonly statementKo: string;
  readonly explanationKo: string;
  readonly difficulty: Difficulty;
  /** Who may be offered as a wrong answer. */
  readonly pool: (c: CrewCredit) => boolean;
}

function crewQuestion(ds: Dataset, credit: CrewCredit, name: string, nameKo: string): CrewQuestion | undefined {
  const act = credit.act === undefined ? undefined : ds.series.acts.find((a) => a.number === credit.act);
  const directing = (c: CrewCredit) => c.job === 'director' || c.job === 'act-director';
  switch (credit.job) {
    case 'director':
      return {
        prompt: `Who directed ${NOUN[credit.production]}?`,
        statement: `{answer} directed ${NOUN[credit.production]}.`,
        explanation: `${name} directed ${NOUN[credit.production]}.`,
        promptKo: `${ko(NOUN_KO[credit.production], '을/를')} 연출한 감독은 누구인가요?`,
        statementKo: `{answer:이/가} ${ko(NOUN_KO[credit.production], '을/를')} 연출했다.`,
        explanationKo: `${ko(nameKo, '이/가')} ${ko(NOUN_KO[credit.production], '을/를')} 연출했어요.`,
        difficulty: 'easy',
        pool: directing,
      };
    case 'act-director':
      if (!act) return undefined;
      return {
        prompt: `Who directed act ${act.number} of the series (episodes ${act.episodes[0]}–${act.episodes[1]})?`,
        statement: `{answer} directed act ${act.number} of the series.`,
        explanation: `${name} directed act ${act.number} of the series, episodes ${act.episodes[0]}–${act.episodes[1]}.`,
        promptKo: `드라마 ${episodesKo(act)}를 연출한 감독은 누구인가요?`,
        statementKo: `{answer:이/가} 드라마 ${episodesKo(act)}를 연출했다.`,
        explanationKo: `드라마 ${episodesKo(act)}(${titleKo(act.titleKo)})는 ${nameKo} 감독이 연출했어요.`,
        difficulty: 'hard',
        pool: directing,
      };
    case 'screenwriter':
      return {
        prompt: "Who is credited with the film's screenplay?",
        statement: "{answer} is credited with the film's screenplay.",
        explanation: `${name} is credited with the film's screenplay; Lee Eon-hee directed.`,
        promptKo: '영화의 각본을 쓴 사람은 누구인가요?',
        statementKo: '{answer:이/가} 영화의 각본을 썼다.',
        explanationKo: `영화의 각본은 ${ko(nameKo, '이/가')} 썼고, 연출은 이언희 감독이 맡았어요.`,
        difficulty: 'hard',
        // Article 000 says Lee Eon-hee "wrote and directed": never offer her as a wrong answer here.
        pool: (c) => c.job === 'act-director' || c.job === 'author',
      };
    case 'author':
      return {
        prompt: 'Who wrote the novel Love in the Big City?',
        statement: '{answer} wrote the novel Love in the Big City.',
        explanation: `${name} wrote the novel (2019).`,
        promptKo: '소설 『대도시의 사랑법』을 쓴 작가는 누구인가요?',
        statementKo: '{answer:이/가} 소설 『대도시의 사랑법』을 썼다.',
        explanationKo: `${ko(nameKo, '이/가')} 2019년에 소설 『대도시의 사랑법』을 썼어요.`,
        difficulty: 'easy',
        pool: (c) => c.job === 'screenwriter' || c.job === 'director' || c.job === 'act-director',
      };
    case 'writer':
      return {
        prompt: 'Who wrote the TVING series?',
        statement: '{answer} wrote the TVING series.',
        explanation: `${name}, the novelist, wrote the series himself.`,
        promptKo: '드라마의 극본을 쓴 사람은 누구인가요?',
        statementKo: '{answer:이/가} 드라마의 극본을 썼다.',
        explanationKo: `원작 소설을 쓴 ${ko(nameKo, '이/가')} 드라마의 극본도 직접 썼어요.`,
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
  const q = crewQuestion(ds, credit, person.name, personKo(person));
  if (!q) return { id, reason: 'asked by the curated fact fact-novel-translator (no other translators in the dataset to offer)' };
  // Whoever holds the same credit is never a wrong answer.
  const holders = new Set(
    ds.crew.filter((c) => c.production === credit.production && c.job === credit.job && c.act === credit.act).map((c) => c.personId),
  );
  const wrongIds = [...new Set(ds.crew.filter(q.pool).map((c) => c.personId))].filter((pid) => !holders.has(pid));
  const wrongPeople = wrongIds.map((pid) => l.people.get(pid)).filter((p): p is Person => p !== undefined && p.hangul !== undefined);
  const wrong: BankOption[] = wrongPeople.map((p) => ({ text: personText(p), reveals: [] }));
  const forms: BankForm[] = [
    {
      id: `${id}#1`,
      kind: 'choice',
      prompt: q.prompt,
      answer: { text: personText(person), reveals: [] },
      wrong,
      aliases: person.aliases,
      statement: q.statement,
      ko: { prompt: q.promptKo, answer: personKo(person), wrong: wrongPeople.map(personKo), aliases: [], statement: q.statementKo },
    },
  ];
  const act = ds.series.acts.find((a) => a.number === credit.act);
  if (credit.job === 'act-director' && act) {
    const others = ds.series.acts.filter((a) => a.number !== act.number);
    forms.push({
      id: `${id}#2`,
      kind: 'choice',
      prompt: `Which act of the series did ${person.name} direct?`,
      answer: { text: `Act ${act.number}`, reveals: [] },
      wrong: others.map((a) => ({ text: `Act ${a.number}`, reveals: [] })),
      aliases: [],
      ko: {
        prompt: `${personKo(person)} 감독이 연출한 드라마 회차는 어디인가요?`,
        answer: episodesKo(act),
        wrong: others.map(episodesKo),
        aliases: [],
      },
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
    explanationKo: q.explanationKo,
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
      explanationKo: `드라마 ${episodesKo(act)} 에피소드의 제목은 ${titleKo(act.titleKo)}예요.`,
      forms: [
        {
          id: `${id}#1`,
          kind: 'choice',
          prompt: `What is act ${act.number} of the series (episodes ${act.episodes[0]}–${act.episodes[1]}) titled?`,
          answer: { text: title(act.titleEn, act.titleKo), reveals: [] },
          wrong: others.map((a) => ({ text: title(a.titleEn, a.titleKo), reveals: [] })),
          aliases: [],
          statement: `Act ${act.number} of the series is titled {answer}.`,
          ko: {
            prompt: `드라마 ${episodesKo(act)} 에피소드의 제목은 무엇인가요?`,
            answer: titleKo(act.titleKo),
            wrong: others.map((a) => titleKo(a.titleKo)),
            aliases: [],
            statement: `{answer:은/는} 드라마 ${episodesKo(act)} 에피소드의 제목이다.`,
          },
        },
        {
          id: `${id}#2`,
          kind: 'choice',
          prompt: `Which act of the series is titled ${title(act.titleEn, act.titleKo)}?`,
          answer: { text: `Act ${act.number}`, reveals: [] },
          wrong: others.map((a) => ({ text: `Act ${a.number}`, reveals: [] })),
          aliases: [],
          ko: {
            prompt: `드라마에서 ${titleKo(act.titleKo)} 에피소드는 몇 회인가요?`,
            answer: episodesKo(act),
            wrong: others.map(episodesKo),
            aliases: [],
          },
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
    const nthKo = ORDINAL_KO[story.number - 1] ?? `${story.number}번째`;
    return {
      id,
      template: 'story',
      production: 'novel',
      difficulty: story.number === 1 ? 'medium' : 'hard',
      title: `Story ${story.number}'s title`,
      reveals: revealsOf(story.spoiler),
      sources: story.sources,
      explanation: `The novel's ${nth} story is ${title(story.titleEn, story.titleKo)}.`,
      explanationKo: `소설에 실린 네 편 가운데 ${nthKo} 작품은 「${story.titleKo}」예요.`,
      forms: [
        {
          id: `${id}#1`,
          kind: 'choice',
          prompt: `What is the ${nth} of the novel's four stories called?`,
          answer: { text: title(story.titleEn, story.titleKo), reveals: [] },
          wrong: others.map((s) => ({ text: title(s.titleEn, s.titleKo), reveals: [] })),
          aliases: [],
          statement: `The ${nth} of the novel's four stories is {answer}.`,
          ko: {
            prompt: `소설에 실린 네 편 가운데 ${nthKo} 작품은 무엇인가요?`,
            answer: `「${story.titleKo}」`,
            wrong: others.map((s) => `「${s.titleKo}」`),
            aliases: [],
            statement: `{answer:은/는} 소설에 실린 네 편 가운데 ${nthKo} 작품이다.`,
          },
        },
        {
          id: `${id}#2`,
          kind: 'choice',
          prompt: `Where in the novel does the story ${title(story.titleEn, story.titleKo)} stand?`,
          answer: { text: `The ${nth} story`, reveals: [] },
          wrong: others.map((s) => ({ text: `The ${ORDINAL[s.number - 1] ?? s.number} story`, reveals: [] })),
          aliases: [],
          ko: {
            prompt: `${ko(`「${story.titleKo}」`, '은/는')} 소설에 실린 네 편 가운데 몇 번째 작품인가요?`,
            answer: `${nthKo} 작품`,
            wrong: others.map((s) => `${ORDINAL_KO[s.number - 1] ?? `${s.number}번째`} 작품`),
            aliases: [],
          },
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

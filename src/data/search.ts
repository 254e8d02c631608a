/**
 * The search index over every entity and fact of the dataset, for autocomplete and `/fact`.
 *
 * Each entry carries terms: primary ones (names, Hangul, aliases, titles), secondary ones (names of
 * related records, derived phrases such as "act 3 director", keywords) and plain text words
 * (descriptions, statements). A query is compared with each term in tiers: exact > prefix >
 * all-words > substring > typo-tolerant; a secondary term scores a notch below a primary one, so
 * "흥수" finds the character Heung-soo before the actor who plays him. Ties go to the more
 * prominent record, then a fixed kind and dataset order, so results are deterministic.
 *
 * On top of that:
 * - a question is read (question.ts): "when did the film come out", "who wrote the novel",
 *   "어디서 봐", "3막 감독". Records carry the concepts they answer (the film's release answers
 *   release and date, a director's credit answers director), and the record answering what is
 *   asked, about the production named, and matching the words left (the subject) comes first.
 *   Sentence words ("the", "did", "누구야", the 은 of "감독은") do not take part in matching;
 *   Korean synonyms match the English index ("흥수 어머니" → Heung-soo's mother).
 * - Korean search (korean.ts, on es-hangul): initial consonants ("ㄱㄱㅇ" → 김고은) and Korean
 *   typed on the English keyboard layout ("rlarhdms" → 김고은).
 * - a query that matches nothing still gets the nearest names (bigrams and edit distance), scored
 *   below every real match, so "did you mean" always has something to offer; only input with
 *   nothing to read (no vowel, no Hangul syllable: "xqzvwk") gets nothing.
 *
 * Everything is folded once at build time; a query costs one pass over a few hundred short terms.
 */
import { productionDetails } from './details.js';
import { PRODUCTION_NOUN, withHangul } from './format.js';
import { choseongWords, fromQwerty, hasHangul } from './korean.js';
import {
  PROMINENCE_RANK,
  type Prominence,
  actDirector,
  getPerson,
  personProminence,
  productionsOfAward,
  productionsOfPerson,
  rolesOfCharacter,
  rolesOfPerson,
} from './lookup.js';
import { analyse, conceptsIn, isLexiconWord, type Analysis, type Concept, type QueryWord, type WordForm } from './question.js';
import type {
  Act,
  Award,
  Character,
  CrewCredit,
  Dataset,
  Fact,
  Film,
  Novel,
  Person,
  ProductionId,
  Series,
  Spoiler,
  Story,
} from './schema.js';
import { isRevealed, type SpoilerSetting } from './spoilers.js';
import { MAX_QUERY_LENGTH, compact, fold, phonetic, tokens } from './text.js';

export type EntryKind = 'person' | 'character' | 'production' | 'act' | 'story' | 'award' | 'fact' | 'detail';

/** Every kind, in the order used to break ties. */
export const ENTRY_KINDS: readonly EntryKind[] = ['character', 'person', 'production', 'act', 'story', 'detail', 'fact', 'award'];

/** What a hit points at; `kind` narrows `record`. A `detail` is a production fact derived from the structure (see details.ts). */
export type SearchRecord =
  | { readonly kind: 'person'; readonly record: Person }
  | { readonly kind: 'character'; readonly record: Character }
  | { readonly kind: 'production'; readonly record: Novel | Film | Series }
  | { readonly kind: 'act'; readonly record: Act }
  | { readonly kind: 'story'; readonly record: Story }
  | { readonly kind: 'award'; readonly record: Award }
  | { readonly kind: 'fact'; readonly record: Fact }
  | { readonly kind: 'detail'; readonly record: Fact };

export type SearchHit = SearchRecord & {
  /** The record id; acts and stories are `act-N` / `story-N`, productions `novel` / `film` / `series`. */
  readonly id: string;
  /** English with Hangul alongside, e.g. "Noh Sang-hyun (노상현)"; at most 100 characters. */
  readonly label: string;
  /**
   * Higher is better. Tiers: 1000 exact name, 925–995 the record answering a question ("who
   * directed the film", "개봉"), 950 exact secondary term (keyword, actor's role, "act 3
   * director"), 900 initial consonants of a name ("ㄱㄱㅇ"), 800–850 prefix, 750–800 start of a
   * name's initial consonants, 600–700 all words of a name, 500–550 substring, 300–420
   * typo-tolerant or romanisation variant (410–420: one typo in a name, still naming it), 200–300
   * words found only in a description/statement, 50–150 only the nearest names of a query that
   * matches nothing. Korean typed on the English layout scores 30 below the same query in Hangul.
   */
  readonly score: number;
  /** The earliest point the record reveals (facts carry their own; everything else is `none`). */
  readonly spoiler: Spoiler;
};

export interface SearchOptions {
  /** How many hits at most (default 10, at most 100). */
  readonly limit?: number;
  /** Only these kinds. */
  readonly kinds?: readonly EntryKind[];
  /** Only records about this production (facts about all three always qualify). */
  readonly production?: ProductionId;
  /** Leave out records beyond this spoiler horizon. */
  readonly horizon?: SpoilerSetting;
}

export interface SearchIndex {
  /** Ranked hits for `query`; never throws, returns [] for empty or unmatchable input. */
  search(query: string, options?: SearchOptions): SearchHit[];
  /**
   * The entry for a kind and id (e.g. an autocomplete value the user picked), scored as an exact
   * match; undefined when there is none. Ignores spoiler horizons: check `hit.spoiler` if needed.
   */
  get(kind: EntryKind, id: string): SearchHit | undefined;
  /** How many entries the index holds. */
  readonly size: number;
}


interface Term {
  /** Its number among the index's distinct terms (for a query's memo). */
  readonly id: number;
  readonly key: string;
  readonly phonetic: string;
  /** Its word tokens, as ids in the index's vocabulary. */
  readonly tokens: Int32Array;
  /** Words in the term as written ("Jae-hee" is one word, though it yields three tokens). */
  readonly wordCount: number;
  readonly secondary: boolean;
  /** The digits of the key, so "act 3" is never a typo of "act 2". */
  readonly digits: string;
  /** Initial consonants of the term's Hangul ("ㄷㄷㅅㅇㅅㄹㅂ"), and per word; empty without Hangul. */
  readonly cho: string;
  readonly choTokens: readonly string[];
}

/** A concept the record answers ("release" for the film's Korean release), for which production, how directly (0–1). */
interface ConceptTag {
  readonly concept: Concept;
  readonly production: ProductionId | 'all';
  readonly weight: number;
}

/** A primary name for the nearest-match fallback. */
interface NearName {
  readonly key: string;
  readonly bigrams: ReadonlySet<string>;
}

interface Entry {
  readonly target: SearchRecord;
  readonly id: string;
  readonly label: string;
  readonly spoiler: Spoiler;
  readonly productions: ReadonlySet<ProductionId | 'all'>;
  readonly prominence: number;
  readonly kindRank: number;
  readonly order: number;
  readonly terms: readonly Term[];
  /** Tokens of every term and of the entry's plain text. */
  readonly allTokens: Int32Array;
  readonly termTokens: Int32Array;
  readonly termCho: readonly string[];
  readonly concepts: readonly ConceptTag[];
  readonly names: readonly NearName[];
}

const LABEL_MAX = 100;
const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 100;
/** Fuzzy matching is for names and short phrases; a long query is only matched exactly or by words. */
const MAX_FUZZY_LENGTH = 40;
/** Words of a query that take part in matching; a question is rarely longer, and garbage stays cheap. */
const MAX_WORDS = 16;

const SCORE = {
  exact: 1000,
  prefix: 800,
  words: 600,
  substring: 500,
  phonetic: 420,
  /** One typo in a name of five letters or more: still names the record (≥ 400, see commands/shared.ts). */
  typo: 410,
  fuzzy: 400,
  fuzzyPrefix: 350,
  contained: 300,
  entryWords: 450,
  textWords: 200,
  secondaryPenalty: 50,
  /** The whole query as the initial consonants of a name, or their start. */
  choExact: 900,
  choPrefix: 750,
  /**
   * A question answered: 925 + 45 × how directly without a subject; 900 + 5% of the subject's
   * match + 45 × how directly with one (up to 995: below an exact name, above an exact keyword).
   */
  intent: 900,
  intentNoSubject: 925,
  intentDirect: 45,
  /** A question whose subject words found nothing: the records answering it, below real name matches. */
  intentLoose: 550,
  /** Korean typed on the English layout: a notch below the same query typed in Hangul. */
  keyboardPenalty: 30,
  /** Nearest names for a query that matches nothing: 50–150, below every real match. */
  nearest: 50,
} as const;

/** Subject matches at least this good (a name, even with a typo) let a question's answer rank first. */
const SUBJECT_MIN = 300;

/**
 * {@link createSearchIndex}, built on its first use rather than at start-up: the index takes tens
 * of milliseconds to build, and a bot that has just started should answer its first command
 * (most are not lookups) without waiting for it.
 */
export function lazySearchIndex(d: Dataset): SearchIndex {
  let index: SearchIndex | undefined;
  const built = (): SearchIndex => (index ??= createSearchIndex(d));
  return {
    get size() {
      return built().size;
    },
    search: (query, options) => built().search(query, options),
    get: (kind, id) => built().get(kind, id),
  };
}

/**
 * Builds the index once; keep it (e.g. in the command context) and query it on every keystroke.
 * Does not validate the dataset (see loadDataset) and does not throw on a valid one.
 */
export function createSearchIndex(d: Dataset): SearchIndex {
  const vocabulary: Vocabulary = { ids: new Map(), words: [], terms: 0 };
  const entries = buildEntries(d, vocabulary);
  const byKey = new Map(entries.map((e) => [`${e.target.kind}:${e.id}`, e] as const));
  return {
    size: entries.length,
    search(query: string, options: SearchOptions = {}): SearchHit[] {
      return runSearch(entries, vocabulary, query, options);
    },
    get(kind: EntryKind, id: string): SearchHit | undefined {
      const entry = byKey.get(`${kind}:${id}`);
      return entry ? toHit(entry, SCORE.exact) : undefined;
    },
  };
}

// ── Building ────────────────────────────────────────────────────────────────

/** Every distinct token of the index, numbered: a query compares each with its words once; and how many distinct terms there are. */
interface Vocabulary {
  readonly ids: Map<string, number>;
  readonly words: string[];
  terms: number;
}

function tokenIds(vocabulary: Vocabulary, words: readonly string[]): Int32Array {
  const out = new Int32Array(words.length);
  words.forEach((w, i) => {
    let id = vocabulary.ids.get(w);
    if (id === undefined) {
      id = vocabulary.words.length;
      vocabulary.words.push(w);
      vocabulary.ids.set(w, id);
    }
    out[i] = id;
  });
  return out;
}

interface EntrySpec {
  readonly target: SearchRecord;
  readonly id: string;
  readonly label: string;
  readonly spoiler: Spoiler;
  readonly productions: readonly (ProductionId | 'all')[];
  readonly prominence: Prominence;
  readonly primary: readonly (string | undefined)[];
  readonly secondary: readonly (string | undefined)[];
  readonly text: readonly (string | undefined)[];
  readonly concepts: readonly ConceptTag[];
}

const NONE: Spoiler = { kind: 'none' };

function buildEntries(d: Dataset, vocabulary: Vocabulary): Entry[] {
  // Terms with the same text are one object, so a query scores each of them once (see Query.terms).
  const terms = new Map<string, Term>();
  const specs: EntrySpec[] = [
    ...d.characters.map((c) => characterSpec(d, c)),
    ...d.people.map((p) => personSpec(d, p)),
    productionSpec(d.novel),
    productionSpec(d.film),
    productionSpec(d.series),
    ...d.series.acts.map((a) => actSpec(d, a)),
    ...d.novel.stories.map((s) => storySpec(s)),
    ...productionDetails(d).map((f) => factSpec(f, 'detail')),
    ...d.facts.filter((f) => f.restates === undefined).map((f) => factSpec(f, 'fact')),
    ...d.awards.map((a) => awardSpec(d, a)),
  ];
  return specs.map((spec, order) => toEntry(spec, order, terms, vocabulary));
}

function toEntry(spec: EntrySpec, order: number, shared: Map<string, Term>, vocabulary: Vocabulary): Entry {
  const terms: Term[] = [];
  const seen = new Set<string>();
  const add = (text: string | undefined, secondary: boolean): void => {
    if (!text) return;
    const key = compact(text);
    if (key === '' || seen.has(key)) return;
    seen.add(key);
    const id = `${secondary ? 's' : 'p'}:${text}`;
    const existing = shared.get(id);
    if (existing) {
      terms.push(existing);
      return;
    }
    const wordCount = Math.max(1, text.split(/\s+/u).filter((w) => compact(w) !== '').length);
    const choTokens = hasHangul(text) ? choseongWords(text) : [];
    const term: Term = {
      id: vocabulary.terms++,
      key,
      phonetic: phonetic(key),
      tokens: tokenIds(vocabulary, tokens(text)),
      wordCount,
      secondary,
      digits: key.replace(/\D/g, ''),
      cho: choTokens.join(''),
      choTokens,
    };
    shared.set(id, term);
    terms.push(term);
  };
  for (const t of spec.primary) add(t, false);
  for (const t of spec.secondary) add(t, true);
  const termTokens = [...new Set(terms.flatMap((t) => [...t.tokens]))];
  const textTokens = [...tokenIds(vocabulary, spec.text.flatMap((t) => (t ? tokens(t) : [])))];
  return {
    target: spec.target,
    id: spec.id,
    label: truncate(spec.label, LABEL_MAX),
    spoiler: spec.spoiler,
    productions: new Set(spec.productions),
    prominence: PROMINENCE_RANK[spec.prominence],
    kindRank: ENTRY_KINDS.indexOf(spec.target.kind),
    order,
    terms,
    termTokens: Int32Array.from(termTokens),
    termCho: [...new Set(terms.flatMap((t) => t.choTokens))],
    allTokens: Int32Array.from(new Set([...termTokens, ...textTokens])),
    concepts: spec.concepts,
    names: terms.filter((t) => !t.secondary).map((t) => ({ key: t.key, bigrams: bigrams(t.key) })),
  };
}

const tag = (concept: Concept, production: ProductionId | 'all', weight = 1): ConceptTag => ({ concept, production, weight });

/** What a crew credit answers: "who wrote the novel" (author), "who directed act 3" (director)… */
function creditConcepts(credit: CrewCredit): ConceptTag[] {
  const p = credit.production;
  switch (credit.job) {
    case 'author':
      return [tag('author', p)];
    case 'translator':
      return [tag('translator', p)];
    case 'director':
    case 'act-director':
      return [tag('director', p)];
    case 'screenwriter':
      return [tag('screenwriter', p)];
    case 'writer':
      return [tag('screenwriter', p), tag('author', p, 0.9)];
  }
}

/**
 * What each derived production detail answers, and how directly: the film's Korean release is
 * *the* answer to "when did the film come out", its world premiere a less direct one.
 */
const DETAIL_CONCEPTS: Readonly<Record<string, Partial<Record<Concept, number>>>> = {
  'novel-publication': { release: 1, date: 1, publisher: 1 },
  'novel-translation': { translator: 0.9, release: 0.4 },
  'film-world-premiere': { premiere: 1, date: 0.9, release: 0.7 },
  'film-korean-release': { release: 1, date: 1, watch: 0.6, premiere: 0.5 },
  'film-runtime': { runtime: 1 },
  'film-rating': { rating: 1 },
  'film-distribution': { distributor: 1 },
  'film-box-office': { boxoffice: 1 },
  'film-source-story': { source: 1 },
  'series-premiere': { premiere: 1, release: 1, date: 1, watch: 1 },
  'series-format': { episodes: 1, runtime: 0.8 },
  'series-rating': { rating: 1 },
  'series-english-release': { watch: 0.95, release: 0.5 },
};

/** A fact answers what its keywords ask for, a notch less directly than a structured record. */
const FACT_CONCEPT_WEIGHT = 0.9;

function factConcepts(f: Fact, kind: 'fact' | 'detail'): ConceptTag[] {
  const known = kind === 'detail' ? DETAIL_CONCEPTS[f.id] : undefined;
  if (known) return Object.entries(known).map(([c, w]) => tag(c as Concept, f.production, w));
  const concepts = new Set(f.keywords.flatMap((k) => conceptsIn(k)));
  return [...concepts].map((c) => tag(c, f.production, kind === 'detail' ? 1 : FACT_CONCEPT_WEIGHT));
}

/** Korean for the relation words of short character descriptions ("Young's mother" → 고영 엄마). */
const RELATION_KO: Readonly<Record<string, string>> = {
  mother: '엄마',
  mom: '엄마',
  father: '아빠',
  'close friend': '친구',
  friend: '친구',
  'best friend': '절친',
  'first love': '첫사랑',
};

/**
 * Names a character goes by through a relation: the description when it is short ("Young's
 * mother", "Young's close friend"), and in Korean when it names another character with Hangul
 * ("고영 엄마"). Parenthesised notes are left out.
 */
function relationTerms(d: Dataset, c: Character): string[] {
  const out: string[] = [];
  for (const text of [c.name, c.description]) {
    const plain = text.replace(/\s*\([^)]*\)/g, '').trim();
    if (text === c.description && plain.split(/\s+/).length <= 5) out.push(plain);
    const match = /^(.+?)['’]s (.+)$/u.exec(plain);
    const relation = match?.[2] ? RELATION_KO[match[2].toLowerCase()] : undefined;
    if (!match?.[1] || !relation) continue;
    const who = compact(match[1]);
    for (const other of d.characters) {
      if (other.production !== c.production || !other.hangul) continue;
      if ([other.name, ...other.aliases].some((n) => compact(n) === who)) out.push(`${other.hangul} ${relation}`);
    }
  }
  return out;
}


/** Phrases that find a person by what they did: "act 3 director", "translator", "film director"… */
function creditPhrases(d: Dataset, credit: CrewCredit): string[] {
  const p = PRODUCTION_NOUN[credit.production];
  switch (credit.job) {
    case 'author':
      return ['author', 'novelist', `${p} author`, `author of the ${p}`, `wrote the ${p}`];
    case 'translator':
      return ['translator', 'english translator', 'translated by', `${p} translator`, `translator of the ${p}`];
    case 'director':
      return [`${p} director`, `director of the ${p}`, `directed the ${p}`, `${p} directed by`, 'director'];
    case 'screenwriter':
      return [`${p} screenwriter`, 'screenwriter', 'screenplay', `${p} screenplay`, `wrote the ${p}`, `${p} writer`];
    case 'writer':
      return [`${p} writer`, `writer of the ${p}`, `wrote the ${p}`, `${p} screenwriter`, `${p} screenplay`];
    case 'act-director': {
      const act = d.series.acts.find((a) => a.number === credit.act);
      const n = credit.act ?? 0;
      const phrases = [`act ${n} director`, `director of act ${n}`, `act ${n} directed by`, `${p} act ${n} director`, `${p} act ${n} directed by`, `directed act ${n}`];
      if (act) {
        const [first, last] = act.episodes;
        phrases.push(`episodes ${first}-${last} director`);
        for (let e = first; e <= last; e++) phrases.push(`episode ${e} director`);
        phrases.push(act.titleEn, act.titleKo, `${p} director`);
      }
      return phrases;
    }
  }
}

function personSpec(d: Dataset, p: Person): EntrySpec {
  const secondary: string[] = [];
  for (const credit of d.crew) if (credit.personId === p.id) secondary.push(...creditPhrases(d, credit));
  for (const { character } of rolesOfPerson(d, p.id)) {
    secondary.push(character.name, character.hangul ?? '', character.labelKo ?? '', ...character.aliases, `${character.name} actor`, `plays ${character.name}`);
  }
  const concepts: ConceptTag[] = [];
  for (const credit of d.crew) if (credit.personId === p.id) concepts.push(...creditConcepts(credit));
  for (const { role } of rolesOfPerson(d, p.id)) concepts.push(tag('cast', role.production));
  for (const work of p.knownFor ?? []) secondary.push(work, work.replace(/\s*\([^)]*\)\s*$/, ''));
  return {
    target: { kind: 'person', record: p },
    id: p.id,
    label: withHangul(p.name, p.hangul),
    spoiler: NONE,
    productions: productionsOfPerson(d, p.id),
    prominence: personProminence(d, p.id),
    primary: [p.name, p.hangul, ...p.aliases],
    secondary,
    text: [p.description],
    concepts,
  };
}

function characterSpec(d: Dataset, c: Character): EntrySpec {
  const secondary: string[] = [];
  for (const { person } of rolesOfCharacter(d, c.id)) secondary.push(person.name, person.hangul ?? '', ...person.aliases);
  secondary.push(`${PRODUCTION_NOUN[c.production]} ${c.name}`);
  // Names an article got wrong ("Kim Nam-gyu", "Jae-jee") still find the character.
  secondary.push(...(c.corrections ?? []).map((x) => x.claimed));
  secondary.push(...relationTerms(d, c));
  return {
    target: { kind: 'character', record: c },
    id: c.id,
    label: `${withHangul(c.name, c.hangul)} — ${PRODUCTION_NOUN[c.production]}`,
    // A character is not named to a group that has not reached them (Gyu-ho before episode 5).
    spoiler: c.firstAppears,
    productions: [c.production],
    prominence: c.prominence,
    primary: [c.name, c.hangul, c.labelKo, ...c.aliases],
    secondary,
    text: [c.description],
    concepts: [],
  };
}

const PRODUCTION_WORDS: Readonly<Record<ProductionId, readonly string[]>> = {
  novel: ['novel', 'the novel', 'book', 'the book', '소설', '원작 소설'],
  film: ['film', 'the film', 'movie', 'the movie', '영화'],
  series: ['series', 'the series', 'tv series', 'drama', 'k-drama', 'show', '드라마', '시리즈'],
};

const PRODUCTION_NOUN_KO: Readonly<Record<ProductionId, string>> = { novel: '소설', film: '영화', series: '드라마' };

function productionSpec(p: Novel | Film | Series): EntrySpec {
  const secondary: string[] = [String(p.year), `${p.titleEn} ${PRODUCTION_NOUN[p.id]}`, `${p.titleKo} ${PRODUCTION_NOUN_KO[p.id]}`];
  if (p.id === 'novel') secondary.push(p.publisher.name, p.publisher.hangul);
  if (p.id === 'film') secondary.push(p.distributor.name, p.distributor.hangul);
  if (p.id === 'series') secondary.push(p.platform, `${p.platform} series`);
  return {
    target: { kind: 'production', record: p },
    id: p.id,
    label: `${withHangul(p.titleEn, p.titleKo)} — ${PRODUCTION_NOUN[p.id]}, ${p.year}`,
    spoiler: NONE,
    productions: [p.id],
    prominence: 'lead',
    primary: [p.titleEn, p.titleKo, ...PRODUCTION_WORDS[p.id]],
    secondary,
    text: [],
    concepts: [],
  };
}

function actSpec(d: Dataset, a: Act): EntrySpec {
  const [first, last] = a.episodes;
  const director = actDirector(d, a.number);
  const secondary = [`episodes ${first}-${last}`, `part ${a.number}`, `series act ${a.number}`];
  for (let e = first; e <= last; e++) secondary.push(`episode ${e}`, `ep ${e}`);
  if (director) secondary.push(`act ${a.number} directed by ${director.name}`, director.name, director.hangul ?? '');
  return {
    target: { kind: 'act', record: a },
    id: `act-${a.number}`,
    label: `Act ${a.number}: ${withHangul(a.titleEn, a.titleKo)} — episodes ${first}–${last}`,
    spoiler: NONE,
    productions: ['series'],
    prominence: 'main',
    primary: [`act ${a.number}`, a.titleEn, a.titleKo],
    secondary,
    text: [a.focus],
    concepts: [],
  };
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth'] as const;

function storySpec(s: Story): EntrySpec {
  return {
    target: { kind: 'story', record: s },
    id: `story-${s.number}`,
    label: `Story ${s.number}: ${withHangul(s.titleEn, s.titleKo)}`,
    spoiler: NONE,
    productions: ['novel'],
    prominence: 'main',
    primary: [`story ${s.number}`, s.titleEn, s.titleKo],
    secondary: [`chapter ${s.number}`, `${ORDINALS[s.number - 1] ?? ''} story`],
    text: [],
    concepts: [],
  };
}

function factSpec(f: Fact, kind: 'fact' | 'detail'): EntrySpec {
  return {
    target: { kind, record: f },
    id: f.id,
    label: f.title,
    spoiler: f.spoiler,
    productions: [f.production],
    prominence: f.prominence,
    primary: [f.title, f.ko?.title],
    secondary: f.keywords,
    text: [f.statement, f.ko?.statement],
    concepts: factConcepts(f, kind),
  };
}

function awardSpec(d: Dataset, a: Award): EntrySpec {
  const secondary: string[] = a.year === undefined ? [a.result] : [String(a.year), `${a.name} ${a.year}`, a.result];
  const r = a.recipient;
  if ('personId' in r) {
    const person = getPerson(d, r.personId);
    if (person) secondary.push(person.name, person.hangul ?? '', ...person.aliases);
  } else if ('story' in r) {
    const s = d.novel.stories.find((x) => x.number === r.story);
    if (s) secondary.push(s.titleEn, s.titleKo);
  }
  return {
    target: { kind: 'award', record: a },
    id: a.id,
    label: `${a.name} (${a.year === undefined ? a.result : `${a.result}, ${a.year}`})`,
    spoiler: NONE,
    productions: productionsOfAward(d, a),
    prominence: 'main',
    primary: [a.name],
    secondary,
    text: [],
    concepts: productionsOfAward(d, a).map((p) => tag('award', p)),
  };
}

// ── Querying ────────────────────────────────────────────────────────────────

interface QWord {
  readonly forms: readonly WordForm[];
  readonly cho?: string;
  /** Vocabulary id → how well this word matches that token (-1: not compared yet); each token is compared once a search. */
  readonly memo: Float32Array;
}

interface Query {
  readonly key: string;
  readonly phonetic: string;
  readonly digits: string;
  /** Words that must match (sentence words dropped unless the query is nothing but those). */
  readonly words: readonly QWord[];
  /** The whole query typed as initial consonants ("ㄷㄷㅅㅇ ㅅㄹㅂ" → "ㄷㄷㅅㅇㅅㄹㅂ"). */
  readonly cho?: string;
  /** Term id → score (-1: not scored yet): a term shared by many records is scored once a search. */
  readonly terms: Float32Array;
  /** The same for the typo-tolerant tier. */
  readonly typos: Float32Array;
  /** The key's bigrams, hashed into a bitmap, to rule typos out before measuring them. */
  readonly grams: Uint8Array;
  readonly vocabulary: Vocabulary;
}

/** What a question asks (see question.ts), and the words left to name its subject. */
interface Question {
  readonly groups: readonly (readonly Concept[])[];
  readonly productions: ReadonlySet<ProductionId>;
  readonly hint?: ProductionId;
  readonly subject?: Query;
}

/** One reading of the query: as typed, or as Korean typed on the English layout (with a penalty). */
interface Reading {
  readonly query: Query;
  readonly question?: Question;
  readonly penalty: number;
}

function readQuery(raw: unknown, vocabulary: Vocabulary): { readings: Reading[]; wordLike: boolean } | undefined {
  const text = typeof raw === 'string' ? raw.slice(0, MAX_QUERY_LENGTH) : '';
  const known = (word: string): boolean => vocabulary.ids.has(word);
  const main = reading(text, vocabulary, 0);
  if (!main) return undefined;
  const readings = [main];
  const korean = keyboardKorean(text, known);
  const alternative = korean === undefined ? undefined : reading(korean, vocabulary, SCORE.keyboardPenalty);
  if (alternative) readings.push(alternative);
  // Something to read: a vowel or a Hangul syllable. "xqzvwk" or "ㄱㄱㄱ…" gets no nearest names.
  return { readings, wordLike: /[aeiouy]/.test(fold(text)) || hasHangul(text) };
}

function reading(text: string, vocabulary: Vocabulary, penalty: number): Reading | undefined {
  if (compact(text) === '') return undefined;
  const a = analyse(text, (word) => vocabulary.ids.has(word));
  const key = compact(a.text);
  if (key === '') return undefined;
  const content = a.words.filter((w) => w.role !== 'stop' && w.role !== 'question');
  const query = makeQuery(key, content.length > 0 ? content : a.words, vocabulary);
  return { query, penalty, ...(a.groups.length > 0 ? { question: question(a, vocabulary) } : {}) };
}

function question(a: Analysis, vocabulary: Vocabulary): Question {
  const subjectWords = a.words.filter((w) => w.role === 'subject');
  const subjectKey = compact(subjectWords.map((w) => w.surface).join(' '));
  return {
    groups: a.groups,
    productions: new Set(a.productions),
    ...(a.hint ? { hint: a.hint } : {}),
    ...(subjectKey !== '' ? { subject: makeQuery(subjectKey, subjectWords, vocabulary) } : {}),
  };
}

function makeQuery(key: string, analysed: readonly QueryWord[], vocabulary: Vocabulary): Query {
  const seen = new Set<string>();
  const words: QWord[] = [];
  for (const w of analysed) {
    const id = w.cho ?? w.forms[0]?.text ?? '';
    if (id === '' || seen.has(id)) continue;
    seen.add(id);
    const memo = new Float32Array(w.cho !== undefined ? 0 : vocabulary.words.length).fill(-1);
    words.push(w.cho !== undefined ? { forms: [], cho: w.cho, memo } : { forms: w.forms, memo });
    if (words.length >= MAX_WORDS) break;
  }
  const cho = words.length > 0 && words.every((w) => w.cho !== undefined) ? words.map((w) => w.cho).join('') : undefined;
  return {
    key,
    phonetic: phonetic(key),
    digits: key.replace(/\D/g, ''),
    words,
    terms: new Float32Array(vocabulary.terms).fill(-1),
    typos: new Float32Array(vocabulary.terms).fill(-1),
    grams: codeBigrams(key),
    vocabulary,
    // A lone consonant ("ㅎ") is already the start of every name beginning with it (see text.ts).
    ...(cho !== undefined && cho.length >= 2 ? { cho } : {}),
  };
}

/**
 * The query with the words that read as Korean typed on the English layout converted
 * ("rbgh actor" → "규호 actor"); undefined when none does. A word the index or the question
 * vocabulary knows ("the", "act") stays English.
 */
function keyboardKorean(text: string, known: (word: string) => boolean): string | undefined {
  let changed = false;
  const parts = text.split(/([^a-zA-Z]+)/).map((part) => {
    const lower = part.toLowerCase();
    if (!/^[a-zA-Z]{2,}$/.test(part) || known(lower) || isLexiconWord(lower)) return part;
    const hangul = fromQwerty(part);
    if (hangul === undefined) return part;
    changed = true;
    return hangul;
  });
  return changed ? parts.join('') : undefined;
}

function maxEdits(length: number): number {
  if (length < 4) return 0;
  if (length < 6) return 1;
  if (length < 10) return 2;
  return 3;
}

/** How well one query word matches one indexed token: 1 exact, 0.85 prefix, 0.6 one or two typos; 0 none. */
function wordQuality(word: string, token: string): number {
  if (word === token) return 1;
  if (isDigits(word)) return 0;
  if (token.startsWith(word)) return word.length >= 3 ? 0.85 : 0.7;
  const allowed = word.length >= 8 ? 2 : word.length >= 5 ? 1 : 0;
  if (allowed === 0 || Math.abs(word.length - token.length) > allowed) return 0;
  // A Latin word is never a typo of a Hangul one (folded Hangul starts at U+1100).
  if (word.charCodeAt(0) >= 0x1100 !== token.charCodeAt(0) >= 0x1100) return 0;
  if (editWithin(word, token, allowed) <= allowed) return 0.6;
  return 0;
}

/**
 * Average quality of the best match of every query word among `candidates` (initial-consonant
 * words among `cho`), or 0 if any word is unmatched. A word's stem and synonyms count slightly less.
 */
function wordsScore(q: Query, candidates: Int32Array, cho: readonly string[]): { quality: number; used: number } {
  const { words } = q;
  let total = 0;
  const used: (string | number)[] = [];
  for (const word of words) {
    let best = 0;
    let bestToken: string | number | undefined;
    if (word.cho !== undefined) {
      for (const token of cho) {
        const q = token === word.cho ? 1 : token.startsWith(word.cho) ? 0.85 : 0;
        if (q > best) {
          best = q;
          bestToken = `cho:${token}`;
          if (q === 1) break;
        }
      }
    } else {
      for (const token of candidates) {
        const quality = formsQuality(word, token, q.vocabulary);
        if (quality > best) {
          best = quality;
          bestToken = token;
          if (quality === 1) break;
        }
      }
    }
    if (best === 0) return { quality: 0, used: 0 };
    total += best;
    if (bestToken !== undefined && !used.includes(bestToken)) used.push(bestToken);
  }
  return { quality: total / words.length, used: used.length };
}

/** The best match of any form of the word with `token`, remembered for the rest of the search. */
function formsQuality(word: QWord, id: number, vocabulary: Vocabulary): number {
  const known = word.memo[id] ?? 0;
  if (known >= 0) return known;
  const token = vocabulary.words[id] ?? '';
  let best = 0;
  for (const form of word.forms) {
    const q = wordQuality(form.text, token) * form.weight;
    if (q > best) best = q;
    if (best === 1) break;
  }
  word.memo[id] = best;
  return best;
}

function typoScore(edits: number, length: number): number {
  return edits === 1 && length >= 5 ? SCORE.typo : SCORE.fuzzy - 50 * edits;
}

function scoreTerm(q: Query, term: Term): number {
  const known = q.terms[term.id] ?? 0;
  if (known >= 0) return known;
  const score = termScore(q, term);
  q.terms[term.id] = score;
  return score;
}

function termScore(q: Query, term: Term): number {
  if (q.cho !== undefined) return choScore(q, q.cho, term);
  const { key } = q;
  if (key === term.key) return SCORE.exact;
  // For one or two letters, how much of the name they cover says little: leave the order to prominence.
  if (term.key.startsWith(key)) return SCORE.prefix + (key.length >= 3 ? (50 * key.length) / term.key.length : 0);
  let best = 0;
  if (q.words.length > 0) {
    const { quality, used } = wordsScore(q, term.tokens, term.choTokens);
    if (quality > 0) {
      // Prefer the term the words cover most of: "act 3 director" over "series act 3 director".
      const coverage = Math.min(1, used / term.wordCount);
      best = SCORE.words + 60 * quality + 40 * coverage;
    }
  }
  if (best === 0 && key.length >= 3 && term.key.includes(key)) best = SCORE.substring + (50 * key.length) / term.key.length;
  // The whole name inside a longer query: "Kim Nam-gyu" (article 003's wrong surname) still finds Nam-gyu.
  if (best === 0 && term.key.length >= 4 && key.length > term.key.length && term.key.length * 2 >= key.length && key.includes(term.key)) {
    best = SCORE.contained + (100 * term.key.length) / key.length;
  }
  return best;
}

/**
 * The typo-tolerant tier, for a term that matched nothing better: a romanisation variant, a
 * typo of the whole term, or a typo in its start (autocomplete). At most 420; remembered.
 */
function typoTerm(q: Query, term: Term): number {
  const known = q.typos[term.id] ?? 0;
  if (known >= 0) return known;
  const score = typoTermScore(q, term);
  q.typos[term.id] = score;
  return score;
}

function typoTermScore(q: Query, term: Term): number {
  const { key } = q;
  // A typo never turns one number into another: "act 3" is not "act 2".
  if (q.cho !== undefined || key.length < 4 || key.length > MAX_FUZZY_LENGTH || (q.digits !== '' && !term.digits.startsWith(q.digits))) return 0;
  if (q.phonetic === term.phonetic) return SCORE.phonetic;
  const allowed = maxEdits(key.length);
  if (mayBeWithin(q.grams, key.length, term.key, term.key.length, allowed)) {
    const whole = editWithin(key, term.key, allowed);
    if (whole <= allowed) return typoScore(whole, key.length);
  }
  // Autocomplete with a typo: compare with the start of the term ("heungs" → "heung-soo's mother").
  if (term.key.length > key.length) {
    const head = mayBeWithin(q.grams, key.length, term.key, key.length, allowed) ? editWithin(key, term.key.slice(0, key.length), allowed) : allowed + 1;
    if (head <= allowed) return SCORE.fuzzyPrefix - 50 * head;
    const phoneticHead = term.phonetic.slice(0, q.phonetic.length);
    if (q.phonetic.length >= 4 && phoneticHead === q.phonetic) return SCORE.fuzzyPrefix;
  }
  return 0;
}

/** A query of initial consonants against a term's Hangul: all of it, its start, or word by word. */
function choScore(q: Query, cho: string, term: Term): number {
  if (term.cho === '') return 0;
  if (cho === term.cho) return SCORE.choExact;
  if (term.cho.startsWith(cho)) return SCORE.choPrefix + (50 * cho.length) / term.cho.length;
  const { quality, used } = wordsScore(q, NO_TOKENS, term.choTokens);
  return quality > 0 ? SCORE.words + 60 * quality + 40 * Math.min(1, used / term.choTokens.length) : 0;
}

/** The best single term of the entry for `q` (a secondary term a notch lower), typos counted or not. */
function bestTerm(q: Query, entry: Entry, typos: boolean): number {
  let best = 0;
  for (const term of entry.terms) {
    let s = scoreTerm(q, term);
    if (s === 0 && typos) s = typoTerm(q, term);
    if (s === 0) continue;
    const adjusted = term.secondary ? s - SCORE.secondaryPenalty : s;
    if (adjusted > best) best = adjusted;
  }
  return best;
}

/** The entry's names against `q`: its best term without typos, or the words spread over several of its names. */
function namesScore(q: Query, entry: Entry): number {
  const best = bestTerm(q, entry, false);
  if (best >= SCORE.entryWords + 100 || q.words.length < 2) return best;
  // Words spread over several names of one record ("hong director").
  const { quality } = wordsScore(q, entry.termTokens, entry.termCho);
  return quality > 0 ? Math.max(best, SCORE.entryWords + 100 * quality - 1) : best;
}

/** The entry's best term allowing typos, for a term that matched nothing otherwise (at most 420). */
function typosScore(q: Query, entry: Entry): number {
  let best = 0;
  for (const term of entry.terms) {
    if (scoreTerm(q, term) !== 0) continue;
    const s = typoTerm(q, term);
    const adjusted = term.secondary ? s - SCORE.secondaryPenalty : s;
    if (adjusted > best) best = adjusted;
  }
  return best;
}

/** Words found in a description or statement; needs one real word so "a" or "3" alone match nothing (200–300). */
function textScore(q: Query, entry: Entry): number {
  if (q.cho !== undefined || q.words.length === 0 || !q.words.some((w) => (w.forms[0]?.text.length ?? 0) >= 3)) return 0;
  const { quality } = wordsScore(q, entry.allTokens, []);
  return quality > 0 ? SCORE.textWords + 100 * quality : 0;
}

/**
 * How directly the entry answers what is asked, 0–1: for every group asked, the entry's best
 * concept of it (about a production the query names; a production only implied, as by 개봉,
 * lowers the others), averaged over the groups.
 */
function directness(question: Question, entry: Entry): number {
  if (entry.concepts.length === 0) return 0;
  let total = 0;
  for (const group of question.groups) {
    let best = 0;
    for (const t of entry.concepts) {
      if (!group.includes(t.concept)) continue;
      let w = t.weight;
      if (question.productions.size > 0) {
        if (t.production !== 'all' && !question.productions.has(t.production)) continue;
      } else if (question.hint && t.production !== 'all' && t.production !== question.hint) {
        w *= 0.7;
      }
      if (w > best) best = w;
    }
    total += best;
  }
  return total / question.groups.length;
}

/** The entry's score as the answer to the question; `loose` when no record matched its subject words. */
function answerScore(question: Question, entry: Entry, loose: boolean): number {
  const direct = directness(question, entry);
  if (direct <= 0) return 0;
  if (loose) return SCORE.intentLoose + 100 * direct;
  if (!question.subject) return SCORE.intentNoSubject + SCORE.intentDirect * direct;
  const subject = bestTerm(question.subject, entry, true);
  if (subject < SUBJECT_MIN) return 0;
  return SCORE.intent + 0.05 * subject + SCORE.intentDirect * direct;
}

function bigrams(key: string): Set<string> {
  const out = new Set<string>();
  if (key.length === 1) out.add(key);
  for (let i = 0; i + 2 <= key.length; i++) out.add(key.slice(i, i + 2));
  return out;
}

/** Names compared for the nearest-match fallback are cut to this length: beyond it, likeness says little. */
const NEAREST_LENGTH = 24;

/**
 * How close the query is to the entry's nearest primary name, 0–1: the bigrams they share (Dice),
 * or with `byEdits` how few edits apart they are.
 */
function nearness(key: string, grams: ReadonlySet<string>, entry: Entry, byEdits: boolean): number {
  let best = 0;
  for (const name of entry.names) {
    if (byEdits) {
      const other = name.key.slice(0, NEAREST_LENGTH);
      const longest = Math.max(key.length, other.length);
      // Less than 15% alike is not near: give up measuring there.
      const max = Math.floor(longest * 0.85);
      const edits = editWithin(key, other, max);
      if (edits <= max) best = Math.max(best, 1 - edits / longest);
      continue;
    }
    let shared = 0;
    for (const g of grams) if (name.bigrams.has(g)) shared++;
    best = Math.max(best, (2 * shared) / (grams.size + name.bigrams.size));
  }
  return best;
}

const NO_TOKENS = new Int32Array(0);

function runSearch(entries: readonly Entry[], vocabulary: Vocabulary, raw: string, options: SearchOptions): SearchHit[] {
  const read = readQuery(raw, vocabulary);
  if (!read) return [];
  const limit = clampLimit(options.limit);
  const kinds = options.kinds && options.kinds.length > 0 ? new Set(options.kinds) : undefined;
  const candidates = entries.filter(
    (entry) =>
      (!kinds || kinds.has(entry.target.kind)) &&
      (!options.production || entry.productions.has(options.production) || entry.productions.has('all')) &&
      (!options.horizon || isRevealed(entry.spoiler, options.horizon)),
  );
  const scores = new Float64Array(candidates.length);
  const keep = (i: number, score: number): void => {
    if (score > 0 && score > (scores[i] ?? 0)) scores[i] = score;
  };
  // Each reading's score from names alone (no question), before description words.
  const named = read.readings.map(() => new Float64Array(candidates.length));
  read.readings.forEach(({ query, question, penalty }, r) => {
    const names = named[r] ?? new Float64Array(0);
    let answered = false;
    candidates.forEach((entry, i) => {
      const score = namesScore(query, entry);
      names[i] = score;
      const answer = question ? answerScore(question, entry, false) : 0;
      if (answer > 0) answered = true;
      keep(i, Math.max(score, answer) - penalty);
    });
    // The subject words found nothing ("when did the film come out in theaters"): the records
    // answering the question still come, below records that match the words by name.
    if (question?.subject && !answered) candidates.forEach((entry, i) => keep(i, answerScore(question, entry, true) - penalty));
  });
  // The lower tiers only when they can still reach the top `limit`: typos score at most 420,
  // description words at most 300, so with enough hits above that they would change nothing.
  const above = (threshold: number): number => scores.reduce((n, s) => (s > threshold ? n + 1 : n), 0);
  // "rlarhdms" read as English matches nothing while read as Korean it names 김고은: the English
  // reading's typos and description words are not looked for.
  const strongest = named.map((names) => names.reduce((m, s) => Math.max(m, s), 0));
  const wantsLower = strongest.map((m) => m > 0 || !strongest.some((other) => other >= SCORE.choExact));
  if (above(SCORE.phonetic) < limit) {
    read.readings.forEach(({ query, penalty }, r) => {
      if (!wantsLower[r]) return;
      const names = named[r] ?? new Float64Array(0);
      candidates.forEach((entry, i) => {
        const score = typosScore(query, entry);
        if (score > (names[i] ?? 0)) names[i] = score;
        keep(i, score - penalty);
      });
    });
    if (above(SCORE.textWords + 100) < limit) {
      read.readings.forEach(({ query, penalty }, r) => {
        if (!wantsLower[r]) return;
        const names = named[r] ?? new Float64Array(0);
        candidates.forEach((entry, i) => {
          if ((names[i] ?? 0) === 0) keep(i, textScore(query, entry) - penalty);
        });
      });
    }
  }
  const main = read.readings[0]?.query;
  if (main && read.wordLike && scores.every((s) => s === 0)) {
    const key = main.key.slice(0, NEAREST_LENGTH);
    const grams = bigrams(key);
    let near = candidates.map((entry) => nearness(key, grams, entry, false));
    // Too few names share a bigram with it ("nobody" among the characters): how few edits apart counts too.
    if (near.filter((n) => n > 0).length < limit) near = near.map((n, i) => Math.max(n, nearness(key, grams, candidates[i] as Entry, true)));
    near.forEach((n, i) => keep(i, n > 0 ? SCORE.nearest + 100 * n : 0));
  }
  const scored: { entry: Entry; score: number }[] = [];
  candidates.forEach((entry, i) => {
    const score = scores[i] ?? 0;
    if (score > 0) scored.push({ entry, score });
  });
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      a.entry.prominence - b.entry.prominence ||
      a.entry.kindRank - b.entry.kindRank ||
      a.entry.order - b.entry.order,
  );
  return scored.slice(0, limit).map(({ entry, score }) => toHit(entry, score));
}

function toHit(entry: Entry, score: number): SearchHit {
  return { ...entry.target, id: entry.id, label: entry.label, score: Math.round(score * 100) / 100, spoiler: entry.spoiler };
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.max(1, Math.min(MAX_LIMIT, Math.floor(limit)));
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
let rowC = new Int32Array(64);

/**
 * Optimal-string-alignment distance of `a` and `b` (as text.ts's editDistance), giving up with
 * `max + 1` once it is known to exceed `max`; reuses its rows, since search calls it thousands
 * of times a query.
 */
function editWithin(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  if (max === 1) return withinOneEdit(a, b) ? 1 : 2;
  const cols = b.length + 1;
  if (rowA.length < cols) {
    rowA = new Int32Array(cols * 2);
    rowB = new Int32Array(cols * 2);
    rowC = new Int32Array(cols * 2);
  }
  let prevPrev = rowA;
  let prev = rowB;
  let curr = rowC;
  for (let j = 0; j < cols; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    curr[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    const aPrev = i > 1 ? a.charCodeAt(i - 2) : -1;
    for (let j = 1; j < cols; j++) {
      const bj = b.charCodeAt(j - 1);
      let value = Math.min((prev[j] ?? 0) + 1, (curr[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (ai === bj ? 0 : 1));
      if (j > 1 && ai === b.charCodeAt(j - 2) && aPrev === bj) value = Math.min(value, (prevPrev[j - 2] ?? 0) + 1);
      curr[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    const spare = prevPrev;
    prevPrev = prev;
    prev = curr;
    curr = spare;
  }
  const result = prev[b.length] ?? max + 1;
  return result > max ? max + 1 : result;
}

/** Whether `a` and `b` (not equal) are one substitution, insertion, deletion or adjacent swap apart: O(n). */
function withinOneEdit(a: string, b: string): boolean {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i) && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

function isDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return text.length > 0;
}

const GRAM_SLOTS = 4096;

/** Bigram hash: collisions only make `mayBeWithin` rule out less, never a real typo. */
function gramSlot(a: number, b: number): number {
  return (a * 31 + b) & (GRAM_SLOTS - 1);
}

function codeBigrams(key: string): Uint8Array {
  const out = new Uint8Array(GRAM_SLOTS);
  for (let i = 0; i + 1 < key.length; i++) out[gramSlot(key.charCodeAt(i), key.charCodeAt(i + 1))] = 1;
  return out;
}

/**
 * Whether the first `length` characters of `text` can be within `max` edits of a key of
 * `keyLength` with bigrams `grams` (q-gram lemma): each edit, a swap included, breaks at most three
 * of the bigrams they share, so too few shared bigrams rule the typo out without measuring it.
 */
function mayBeWithin(grams: Uint8Array, keyLength: number, text: string, length: number, max: number): boolean {
  const need = Math.max(keyLength, length) - 1 - 3 * max;
  if (need <= 0) return true;
  let shared = 0;
  let previous = text.charCodeAt(0);
  for (let i = 1; i < length; i++) {
    const c = text.charCodeAt(i);
    if (grams[gramSlot(previous, c)] === 1 && ++shared >= need) return true;
    previous = c;
  }
  return false;
}

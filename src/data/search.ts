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
 * Everything is folded once at build time; a query costs one pass over a few hundred short terms.
 */
import { productionDetails } from './details.js';
import { PRODUCTION_NOUN, withHangul } from './format.js';
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
import { MAX_QUERY_LENGTH, compact, editDistance, phonetic, tokens } from './text.js';

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
   * Higher is better. Tiers: 1000 exact name, 950 exact secondary term (keyword, actor's role,
   * "act 3 director"), 800–850 prefix, 600–700 all words of a name, 500–550 substring, 300–420
   * typo-tolerant or romanisation variant, 200–300 words found only in a description/statement.
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
  readonly key: string;
  readonly phonetic: string;
  readonly tokens: readonly string[];
  /** Words in the term as written ("Jae-hee" is one word, though it yields three tokens). */
  readonly wordCount: number;
  readonly secondary: boolean;
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
  readonly allTokens: readonly string[];
  readonly termTokens: readonly string[];
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
  fuzzy: 400,
  fuzzyPrefix: 350,
  contained: 300,
  entryWords: 450,
  textWords: 200,
  secondaryPenalty: 50,
} as const;

const STOPWORDS = new Set(['the', 'a', 'an', 'of', 'in', 'by', 'and', 'who', 'what', 'which', 'is', 'was', 'did', 'does', 'for', 'to', 'on', 'at', 'with']);

/**
 * Builds the index once; keep it (e.g. in the command context) and query it on every keystroke.
 * Does not validate the dataset (see loadDataset) and does not throw on a valid one.
 */
export function createSearchIndex(d: Dataset): SearchIndex {
  const entries = buildEntries(d);
  const byKey = new Map(entries.map((e) => [`${e.target.kind}:${e.id}`, e] as const));
  return {
    size: entries.length,
    search(query: string, options: SearchOptions = {}): SearchHit[] {
      return runSearch(entries, query, options);
    },
    get(kind: EntryKind, id: string): SearchHit | undefined {
      const entry = byKey.get(`${kind}:${id}`);
      return entry ? toHit(entry, SCORE.exact) : undefined;
    },
  };
}

// ── Building ────────────────────────────────────────────────────────────────

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
}

const NONE: Spoiler = { kind: 'none' };

function buildEntries(d: Dataset): Entry[] {
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
  return specs.map((spec, order) => toEntry(spec, order));
}

function toEntry(spec: EntrySpec, order: number): Entry {
  const terms: Term[] = [];
  const seen = new Set<string>();
  const add = (text: string | undefined, secondary: boolean): void => {
    if (!text) return;
    const key = compact(text);
    if (key === '' || seen.has(key)) return;
    seen.add(key);
    const wordCount = Math.max(1, text.split(/\s+/u).filter((w) => compact(w) !== '').length);
    terms.push({ key, phonetic: phonetic(key), tokens: tokens(text), wordCount, secondary });
  };
  for (const t of spec.primary) add(t, false);
  for (const t of spec.secondary) add(t, true);
  const termTokens = [...new Set(terms.flatMap((t) => t.tokens))];
  const textTokens = spec.text.flatMap((t) => (t ? tokens(t) : []));
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
    termTokens,
    allTokens: [...new Set([...termTokens, ...textTokens])],
  };
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
    secondary.push(character.name, character.hangul ?? '', ...character.aliases, `${character.name} actor`, `plays ${character.name}`);
  }
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
  };
}

function characterSpec(d: Dataset, c: Character): EntrySpec {
  const secondary: string[] = [];
  for (const { person } of rolesOfCharacter(d, c.id)) secondary.push(person.name, person.hangul ?? '', ...person.aliases);
  secondary.push(`${PRODUCTION_NOUN[c.production]} ${c.name}`);
  // Names an article got wrong ("Kim Nam-gyu", "Jae-jee") still find the character.
  secondary.push(...(c.corrections ?? []).map((x) => x.claimed));
  return {
    target: { kind: 'character', record: c },
    id: c.id,
    label: `${withHangul(c.name, c.hangul)} — ${PRODUCTION_NOUN[c.production]}`,
    // A character is not named to a group that has not reached them (Gyu-ho before episode 5).
    spoiler: c.firstAppears,
    productions: [c.production],
    prominence: c.prominence,
    primary: [c.name, c.hangul, ...c.aliases],
    secondary,
    text: [c.description],
  };
}

const PRODUCTION_WORDS: Readonly<Record<ProductionId, readonly string[]>> = {
  novel: ['novel', 'the novel', 'book', 'the book'],
  film: ['film', 'the film', 'movie', 'the movie'],
  series: ['series', 'the series', 'tv series', 'drama', 'k-drama', 'show'],
};

function productionSpec(p: Novel | Film | Series): EntrySpec {
  const secondary: string[] = [String(p.year), `${p.titleEn} ${PRODUCTION_NOUN[p.id]}`];
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
    primary: [f.title],
    secondary: f.keywords,
    text: [f.statement],
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
  };
}

// ── Querying ────────────────────────────────────────────────────────────────

interface Query {
  readonly key: string;
  readonly phonetic: string;
  /** Words that must match (stopwords dropped unless the query is nothing but stopwords). */
  readonly words: readonly string[];
}

function parseQuery(raw: string): Query | undefined {
  const text = typeof raw === 'string' ? raw.slice(0, MAX_QUERY_LENGTH) : '';
  const key = compact(text);
  if (key === '') return undefined;
  // Hyphen-joined forms are also emitted by tokens(); for the query the parts are what must match.
  const all = tokens(text.replace(/[-‐‑‒–—]/g, ' '));
  const content = all.filter((w) => !STOPWORDS.has(w));
  const words = [...new Set(content.length > 0 ? content : all)].slice(0, MAX_WORDS);
  return { key, phonetic: phonetic(key), words };
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
  const numeric = /^\d+$/.test(word);
  if (numeric) return 0;
  if (token.startsWith(word)) return word.length >= 3 ? 0.85 : 0.7;
  const allowed = word.length >= 8 ? 2 : word.length >= 5 ? 1 : 0;
  if (allowed > 0 && editDistance(word, token, allowed) <= allowed) return 0.6;
  return 0;
}

/** Average quality of the best match of every query word among `candidates`, or 0 if any word is unmatched. */
function wordsScore(words: readonly string[], candidates: readonly string[]): { quality: number; used: number } {
  let total = 0;
  const used = new Set<string>();
  for (const word of words) {
    let best = 0;
    let bestToken: string | undefined;
    for (const token of candidates) {
      const q = wordQuality(word, token);
      if (q > best) {
        best = q;
        bestToken = token;
        if (q === 1) break;
      }
    }
    if (best === 0) return { quality: 0, used: 0 };
    total += best;
    if (bestToken !== undefined) used.add(bestToken);
  }
  return { quality: total / words.length, used: used.size };
}

function scoreTerm(q: Query, term: Term): number {
  const { key } = q;
  if (key === term.key) return SCORE.exact;
  // For one or two letters, how much of the name they cover says little: leave the order to prominence.
  if (term.key.startsWith(key)) return SCORE.prefix + (key.length >= 3 ? (50 * key.length) / term.key.length : 0);
  let best = 0;
  if (q.words.length > 0) {
    const { quality, used } = wordsScore(q.words, term.tokens);
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
  if (best === 0 && key.length >= 4 && key.length <= MAX_FUZZY_LENGTH) {
    if (q.phonetic === term.phonetic) return SCORE.phonetic;
    const allowed = maxEdits(key.length);
    if (allowed > 0) {
      const whole = editDistance(key, term.key, allowed);
      if (whole <= allowed) return SCORE.fuzzy - 50 * whole;
      // Autocomplete with a typo: compare with the start of the term ("heungs" → "heung-soo's mother").
      if (term.key.length > key.length) {
        const head = editDistance(key, term.key.slice(0, key.length), allowed);
        if (head <= allowed) return SCORE.fuzzyPrefix - 50 * head;
        const phoneticHead = term.phonetic.slice(0, q.phonetic.length);
        if (q.phonetic.length >= 4 && phoneticHead === q.phonetic) return SCORE.fuzzyPrefix;
      }
    }
  }
  return best;
}

function scoreEntry(q: Query, entry: Entry): number {
  let best = 0;
  for (const term of entry.terms) {
    const s = scoreTerm(q, term);
    if (s === 0) continue;
    const adjusted = term.secondary ? s - SCORE.secondaryPenalty : s;
    if (adjusted > best) best = adjusted;
  }
  if (best >= SCORE.entryWords + 100 || q.words.length === 0) return best;
  // Words spread over several names of one record ("hong director").
  if (q.words.length >= 2) {
    const { quality } = wordsScore(q.words, entry.termTokens);
    if (quality > 0) best = Math.max(best, SCORE.entryWords + 100 * quality - 1);
  }
  // Words found in a description or statement; needs one real word so "a" or "3" alone match nothing.
  if (best === 0 && q.words.some((w) => w.length >= 3)) {
    const { quality } = wordsScore(q.words, entry.allTokens);
    if (quality > 0) best = SCORE.textWords + 100 * quality;
  }
  return best;
}

function runSearch(entries: readonly Entry[], raw: string, options: SearchOptions): SearchHit[] {
  const q = parseQuery(raw);
  if (!q) return [];
  const limit = clampLimit(options.limit);
  const kinds = options.kinds && options.kinds.length > 0 ? new Set(options.kinds) : undefined;
  const scored: { entry: Entry; score: number }[] = [];
  for (const entry of entries) {
    if (kinds && !kinds.has(entry.target.kind)) continue;
    if (options.production && !entry.productions.has(options.production) && !entry.productions.has('all')) continue;
    if (options.horizon && !isRevealed(entry.spoiler, options.horizon)) continue;
    const score = scoreEntry(q, entry);
    if (score > 0) scored.push({ entry, score });
  }
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

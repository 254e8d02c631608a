/**
 * Reading a search query as a question, in English or Korean: which words ask for something
 * ("when", "who directed", "where to watch", "감독", "어디서 봐", "러닝타임"), which production it
 * is about ("the film", "드라마"), which words only make it a sentence ("the", "did", "누구야", the
 * 은/는 of "감독은") and which are left to name the subject ("act 3", "흥수", "Heung-soo's mother").
 *
 * Search uses this to rank the record that answers the question directly first (the film's
 * release for "when did the film come out") and to keep sentence words from diluting a match.
 * The word lists are the bot's own vocabulary; the Hangul mechanics are in korean.ts.
 */
import { hasHangul, isChoseongWord, normaliseCounters, splitKorean } from './korean.js';
import type { ProductionId } from './schema.js';
import { editDistance, fold, tokens } from './text.js';

/** What a question asks for; records that answer it carry the same concepts (see search.ts). */
export type Concept =
  | 'date'
  | 'release'
  | 'premiere'
  | 'watch'
  | 'author'
  | 'screenwriter'
  | 'director'
  | 'cast'
  | 'runtime'
  | 'rating'
  | 'boxoffice'
  | 'award'
  | 'translator'
  | 'publisher'
  | 'distributor'
  | 'episodes'
  | 'source';

/**
 * What a word of the query does: `ask` says what is asked, `question` too but is only a question
 * word ("when", "언제") that no record name contains, `production` names a production, `title` is
 * part of the shared title, `stop` only makes a sentence, `subject` is left to name the subject.
 */
export type WordRole = 'subject' | 'ask' | 'question' | 'production' | 'title' | 'stop';

/** A form of a word to match, folded like the index (see text.ts), with how much a match counts. */
export interface WordForm {
  readonly text: string;
  readonly weight: number;
}

export interface QueryWord {
  /** As typed (NFC, lower case): for building the subject's key. */
  readonly surface: string;
  /** The word as typed, its stem without particles (0.95) and its synonyms (0.95). */
  readonly forms: readonly WordForm[];
  /** Set when the word is typed as initial consonants ("ㄱㄱㅇ"); then `forms` is empty. */
  readonly cho?: string;
  readonly role: WordRole;
}

export interface Analysis {
  /** The query with Korean counters rewritten ("3막" → "act 3"). */
  readonly text: string;
  readonly words: readonly QueryWord[];
  /** What is asked: every group must be answered, by any concept of the group. */
  readonly groups: readonly (readonly Concept[])[];
  /** Productions the query names ("the film", "드라마"). */
  readonly productions: readonly ProductionId[];
  /** A production an asking word implies without naming it ("개봉" is a film's, "공개" a series'). */
  readonly hint?: ProductionId;
}

type Sense =
  | {
      readonly kind: 'ask';
      readonly groups: readonly (readonly Concept[])[];
      readonly hint?: ProductionId;
      readonly question: boolean;
      readonly same: readonly string[];
    }
  | { readonly kind: 'production'; readonly production: ProductionId; readonly same: readonly string[] }
  | { readonly kind: 'title' }
  | { readonly kind: 'stop' }
  | { readonly kind: 'same'; readonly same: readonly string[] };

const LEXICON = new Map<string, Sense>();
const STEM_WEIGHT = 0.95;
const SYNONYM_WEIGHT = 0.95;
const HYPHENS = /[-‐‑‒–—]/g;

/** The lexicon key of a phrase: its words as the query analysis sees them. */
function phraseKey(phrase: string): string {
  return tokens(phrase.replace(HYPHENS, ' '))
    .map((t) => t.normalize('NFC'))
    .join(' ');
}

function define(phrases: string, sense: Sense): void {
  for (const phrase of phrases.split('|')) {
    const key = phraseKey(phrase);
    if (key !== '' && !LEXICON.has(key)) LEXICON.set(key, sense);
  }
}

/**
 * Words that ask for `concepts`: groups joined by "+" must all be answered ("release+date"),
 * alternatives by "/" ("author/screenwriter": either answers "who wrote").
 */
function ask(phrases: string, concepts: string, options: { hint?: ProductionId; question?: boolean; same?: string } = {}): void {
  const groups = concepts.split('+').map((g) => g.split('/') as Concept[]);
  const same = options.same ? options.same.split('|') : [];
  define(phrases, { kind: 'ask', groups, question: options.question ?? false, same, ...(options.hint ? { hint: options.hint } : {}) });
}

// ── Question words and what they ask ────────────────────────────────────────

ask('when|언제|언제야|언제예요|언제지|언제임', 'date', { question: true });
ask('date|dates|what date|which day|날짜|며칠|일자|몇일|몇월', 'date');
ask('release date|release day|opening date', 'release+date');
ask('release|released|releases|releasing|come out|came out|comes out|coming out|open|opened|opens|opening|hit theaters|hit cinemas|in theaters|in cinemas|theaters|theatres|cinemas|출시|발매|나왔어|나온|나와|나왔나|나왔지|나왔나요|나옴', 'release');
ask('개봉|상영', 'release', { hint: 'film', same: 'release' });
ask('개봉일|개봉날|개봉 날짜|개봉 일자', 'release+date', { hint: 'film', same: 'release' });
ask('published|publish|publication|출간|출판|발간|발행', 'release', { hint: 'novel', same: 'published' });
ask('publication date|출간일|출판일|발간일', 'release+date', { hint: 'novel', same: 'published' });
ask('공개|공개됐어|방송|방영|첫방|첫방송|방송일|공개일', 'release/watch/premiere', { hint: 'series', same: 'premiere' });
ask('aired|air|airs|airing|first aired|broadcast', 'premiere/release', { hint: 'series' });
ask('premiere|premiered|premieres|premiering|world premiere|시사회|초연|프리미어|월드프리미어|월드 프리미어', 'premiere', { same: 'premiere' });
ask('watch|watched|watching|stream|streams|streamed|streaming|platform|platforms|available|ott|where to watch|see it', 'watch');
ask('어디서|어디에서|어디서나|시청|스트리밍|플랫폼|오티티|봐|볼|보는|보기|봐요|보나요|볼까|보면|봐야|볼래', 'watch', { same: 'streaming|platform' });

ask('author|authors|novelist|저자|지은이|원작자|소설가', 'author', { same: 'author|novelist' });
ask('wrote|write|writes|written|writer|writers|penned|작가|쓴|썼어|썼나|썼지|쓴 사람|집필', 'author/screenwriter', { same: 'writer|author' });
ask('원작', 'author/source', { hint: 'novel', same: 'adaptation|source' });
ask('screenplay|screenwriter|screenwriters|script|scripts|scripted|screenwriting|각색|대본', 'screenwriter', { same: 'screenplay|screenwriter' });
ask('각본|시나리오', 'screenwriter', { hint: 'film', same: 'screenplay|screenwriter' });
ask('극본', 'screenwriter', { hint: 'series', same: 'writer|screenplay' });
ask('director|directors|directed|direct|directs|directing|helmed|filmmaker', 'director');
ask('감독|감독님|연출|연출가|메가폰', 'director', { same: 'director|directed' });
ask('cast|casting|actor|actors|actress|actresses|plays|played|play|playing|star|stars|starring|starred|portray|portrays|portrayed|role|roles', 'cast');
ask('출연|출연진|출연자|배우|배우들|역|역할|배역|캐스트|캐스팅|주연|조연|연기|맡은|맡았어|연기자', 'cast', { same: 'actor|cast' });
ask('runtime|run time|running time|how long|length|duration|minutes|mins|long', 'runtime');
ask('러닝타임|런타임|상영시간|상영 시간|시간|길이|분|몇분|몇 분', 'runtime', { same: 'runtime|length' });
ask('rating|ratings|rated|age rating|age|certificate|certification|classification|age limit', 'rating');
ask('등급|관람가|관람등급|관람 등급|연령|나이|청불|청소년관람불가|몇세|몇 세|관람 연령|연령 등급', 'rating', { same: 'rating|age' });
ask('box office|admissions|admission|audience|audiences|viewers|gross|grossed|tickets|ticket sales|earned|earnings|revenue|attendance|opening day|opening weekend', 'boxoffice');
ask('관객|관객수|관객 수|흥행|박스오피스|매출|스코어|관람객|누적 관객|누적관객', 'boxoffice', { same: 'admissions|audience' });
ask('award|awards|prize|prizes|won|win|wins|winner|winning|nominated|nomination|nominations|longlisted|longlist|honour|honor|accolades', 'award');
ask('상|수상|시상식|후보|수상작|수상 내역|상을', 'award', { same: 'award|prize' });
ask('translator|translators|translated|translation|translate|번역|번역가|번역자|영어판|영문판|영역본', 'translator', { same: 'translator|translation' });
ask('publisher|publishers|published by|출판사', 'publisher', { same: 'publisher' });
ask('distributor|distributed|distribution|production company|배급|배급사|제작사', 'distributor', { same: 'distributor' });
ask('how many episodes|episode count|number of episodes|몇부작|부작|회차|에피소드|몇화|몇 화|몇 부작', 'episodes', { same: 'episodes' });
ask('based on|adapted|adaptation|adapted from|source story|adapts', 'source');

// ── Productions and the shared title ────────────────────────────────────────

define('film|films|movie|movies|cinema', { kind: 'production', production: 'film', same: [] });
define('영화', { kind: 'production', production: 'film', same: ['film'] });
define('series|show|tv|drama|k drama|kdrama|tv series|tv show', { kind: 'production', production: 'series', same: [] });
define('드라마|시리즈', { kind: 'production', production: 'series', same: ['series', 'drama'] });
define('novel|novels|book|books', { kind: 'production', production: 'novel', same: [] });
define('소설|책|원작 소설', { kind: 'production', production: 'novel', same: ['novel', 'book'] });
define('love in the big city|대도시의 사랑법|대도시의사랑법', { kind: 'title' });

// ── Synonyms that are not questions: relations ──────────────────────────────

const RELATIONS = [
  'mother|mom|mum|mama|엄마|어머니|어머님|모친',
  'father|dad|아빠|아버지|부친',
  'friend|friends|친구|친구들',
  '절친|베프',
  'boyfriend|남자친구|남친',
  ];
for (const group of RELATIONS) {
  const words = group.split('|');
  for (const w of words) define(w, { kind: 'same', same: words.filter((x) => x !== w) });
}

// ── Words that only make a sentence ─────────────────────────────────────────

const ENGLISH_STOPWORDS =
  'the|a|an|of|in|by|and|who|what|which|is|was|did|does|for|to|on|at|with|are|were|be|been|being|do|has|have|had|can|could|' +
  'would|will|should|i|me|my|we|it|its|this|that|these|those|there|here|from|into|about|tell|please|whose|whom|how|why|where|' +
  'many|much|get|s|ve|whats|whos';
const KOREAN_STOPWORDS =
  '누구|누가|누군지|누구야|누구예요|누구임|누구지|누구냐|누군가요|뭐|뭐야|뭐예요|뭔지|뭐지|무엇|무엇인가요|무슨|어떤|어느|어떻게|얼마나|몇|' +
  '좀|알려줘|알려|줘|주세요|알려주세요|수|있어|있나요|있어요|있나|있는|있니|있음|거|것|건|게|그|이|가|은|는|을|를|의|에|야|요|해|' +
  '했어|했나요|인가요|이야|예요|이에요|입니다|했던|한|된|했니|어디|어디야|어디예요|제일|가장|정보';
define(`${ENGLISH_STOPWORDS}|${KOREAN_STOPWORDS}`, { kind: 'stop' });

/** Korean words that may be written onto a name without a space ("흥수엄마", "흥수역", "감독은누구야"). */
const ATTACHABLE: readonly string[] = [...LEXICON.keys()].filter((k) => !k.includes(' ') && hasHangul(k) && (k.length >= 2 || k === '역'));

/** Lexicon words in Latin letters, for catching a typo in a question word ("directd"). */
const LATIN_ASK_WORDS: readonly string[] = [...LEXICON.entries()]
  .filter(([k, s]) => !k.includes(' ') && /^[a-z]{5,}$/.test(k) && (s.kind === 'ask' || s.kind === 'production'))
  .map(([k]) => k);

const MAX_PHRASE = 4;

/** Whether `word` (NFC, lower case) is a word of the lexicon (a question word, production, stop-word…). */
export function isLexiconWord(word: string): boolean {
  return LEXICON.has(word);
}

/**
 * The concepts a record's keyword is about, for tagging facts: "release date" → release, date;
 * none for a keyword with other words in it ("age 21" is not about the age rating).
 */
export function conceptsIn(text: string): Concept[] {
  const a = analyse(text);
  if (a.words.some((w) => w.role === 'subject')) return [];
  return [...new Set(a.groups.flat())];
}

interface Piece {
  readonly surface: string;
  /** The form to look up in the lexicon: the stem when that is a lexicon word. */
  readonly lookup: string;
  readonly forms: readonly WordForm[];
  readonly cho?: string;
}

/**
 * Reads `text`. `known` says whether a folded word is a word of the index (a name, a title word),
 * so that a name is never mistaken for a typo of a question word.
 */
export function analyse(text: string, known: (folded: string) => boolean = () => false): Analysis {
  const normalised = normaliseCounters(text.normalize('NFC'));
  const pieces = splitWords(normalised);
  const words: QueryWord[] = [];
  const groups: (readonly Concept[])[] = [];
  const productions: ProductionId[] = [];
  let hint: ProductionId | undefined;
  let i = 0;
  while (i < pieces.length) {
    const piece = pieces[i];
    if (!piece) break;
    if (piece.cho !== undefined) {
      words.push({ surface: piece.surface, forms: [], cho: piece.cho, role: 'subject' });
      i++;
      continue;
    }
    const found = longestPhrase(pieces, i) ?? typoOfAskWord(piece, known);
    if (!found) {
      words.push({ surface: piece.surface, forms: piece.forms, role: 'subject' });
      i++;
      continue;
    }
    const { sense, length } = found;
    const role: WordRole =
      sense.kind === 'ask' ? (sense.question ? 'question' : 'ask') : sense.kind === 'production' ? 'production' : sense.kind === 'title' ? 'title' : sense.kind === 'stop' ? 'stop' : 'subject';
    const same = 'same' in sense ? sense.same : [];
    for (let j = i; j < i + length; j++) {
      const p = pieces[j];
      if (!p) continue;
      const extra = length === 1 ? same.map((s) => ({ text: fold(s), weight: SYNONYM_WEIGHT })) : [];
      words.push({ surface: p.surface, forms: [...p.forms, ...extra], role });
    }
    if (sense.kind === 'ask') {
      for (const g of sense.groups) if (!groups.some((x) => x.join() === g.join())) groups.push(g);
      hint ??= sense.hint;
    }
    if (sense.kind === 'production' && !productions.includes(sense.production)) productions.push(sense.production);
    i += length;
  }
  return { text: normalised, words, groups, productions, ...(hint ? { hint } : {}) };
}

/** The words of `text`: initial-consonant words kept whole, others split and folded, Korean endings split off. */
function splitWords(text: string): Piece[] {
  const out: Piece[] = [];
  for (const raw of text.split(/\s+/u)) {
    if (raw === '') continue;
    if (isChoseongWord(raw)) {
      out.push({ surface: raw, lookup: raw, forms: [], cho: raw });
      continue;
    }
    for (const token of tokens(raw.replace(HYPHENS, ' '))) {
      const surface = token.normalize('NFC');
      if (!hasHangul(surface) || LEXICON.has(surface)) {
        out.push({ surface, lookup: surface, forms: [{ text: token, weight: 1 }] });
        continue;
      }
      const { stem, pieces } = splitKorean(surface, ATTACHABLE, (s) => LEXICON.has(s));
      const forms: WordForm[] = [{ text: token, weight: 1 }];
      if (stem !== surface) forms.push({ text: fold(stem), weight: STEM_WEIGHT });
      out.push({ surface, lookup: LEXICON.has(stem) ? stem : surface, forms });
      // Pieces the lexicon knows (엄마, 감독, 누구야) become words; particles and endings are dropped.
      for (const p of pieces) if (LEXICON.has(p)) out.push({ surface: p, lookup: p, forms: [{ text: fold(p), weight: 1 }] });
    }
  }
  return out;
}

function longestPhrase(pieces: readonly Piece[], start: number): { sense: Sense; length: number } | undefined {
  for (let n = Math.min(MAX_PHRASE, pieces.length - start); n >= 1; n--) {
    const slice = pieces.slice(start, start + n);
    if (slice.some((p) => p.cho !== undefined)) continue;
    const sense = LEXICON.get(slice.map((p) => p.lookup).join(' '));
    if (sense) return { sense, length: n };
  }
  return undefined;
}

/** "directd" → directed: one typo in a long question word, unless the word is a name the index knows. */
function typoOfAskWord(piece: Piece, known: (folded: string) => boolean): { sense: Sense; length: number } | undefined {
  const word = piece.surface;
  if (word.length < 6 || !/^[a-z]+$/.test(word) || known(word)) return undefined;
  for (const candidate of LATIN_ASK_WORDS) {
    if (editDistance(word, candidate, 1) <= 1) {
      const sense = LEXICON.get(candidate);
      if (sense) return { sense, length: 1 };
    }
  }
  return undefined;
}

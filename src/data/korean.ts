/**
 * Hangul helpers for search, on top of es-hangul (Toss): initial-consonant (초성) keys, Korean typed
 * on an English keyboard layout ("rlarhdms" → 김고은), the particles and endings a question adds
 * to a word ("감독은", "개봉했어", "흥수엄마는"), and counters written in Korean ("3막" → act 3).
 *
 * Everything here works on NFC text (composed syllables); search folds it afterwards.
 */
import { convertQwertyToHangul, getChoseong } from 'es-hangul';

const SYLLABLE = /[\uac00-\ud7a3]/u;
const NOT_SYLLABLE = /[^\uac00-\ud7a3]/gu;
/** A word of compatibility consonants only: ㄱㄱㅇ, ㄷㄷㅅㅇ. */
const CONSONANTS_ONLY = /^[\u3131-\u314e]+$/u;
/** Converted text that reads as Korean: whole syllables, maybe one unfinished letter at the end (still typing). */
const SYLLABLES_THEN_JAMO = /^[\uac00-\ud7a3]+[\u3131-\u3163]?$/u;
const WORD_SEPARATOR = /[^\p{L}\p{N}]+/u;

/** Whether `text` holds at least one Hangul syllable. */
export function hasHangul(text: string): boolean {
  return SYLLABLE.test(text.normalize('NFC'));
}

/** Whether `word` is typed as initial consonants only ("ㄱㄱㅇ"); a lone consonant counts too. */
export function isChoseongWord(word: string): boolean {
  return CONSONANTS_ONLY.test(word.normalize('NFC'));
}

/**
 * The initial consonants of each Hangul word of `text`, other characters left out:
 * "대도시의 사랑법" → ["ㄷㄷㅅㅇ", "ㅅㄹㅂ"], "Showbox (쇼박스)" → ["ㅅㅂㅅ"]; [] without Hangul.
 */
export function choseongWords(text: string): string[] {
  const out: string[] = [];
  for (const word of text.normalize('NFC').split(WORD_SEPARATOR)) {
    const hangul = word.replace(NOT_SYLLABLE, '');
    if (hangul !== '') out.push(getChoseong(hangul));
  }
  return out;
}

/**
 * `word` read as Korean typed with the keyboard left on the English layout ("shtkdgus" → 노상현,
 * "rrd" → ㄱㄱㅇ), or undefined when it does not read as Korean (most English words do not:
 * "heungsu" gives a vowel with no consonant). Case matters as on the keyboard: R is ㄲ.
 */
export function fromQwerty(word: string): string | undefined {
  if (!/^[a-z]{2,24}$/i.test(word)) return undefined;
  const hangul = convertQwertyToHangul(word);
  if (SYLLABLES_THEN_JAMO.test(hangul) || CONSONANTS_ONLY.test(hangul)) return hangul;
  return undefined;
}

/**
 * Korean counters written as the English index terms: "3막" → "act 3", "제3막" → "act 3",
 * "7화" / "7회" → "episode 7".
 */
export function normaliseCounters(text: string): string {
  return text
    .replace(/(?:제\s*)?(\d{1,2})\s*막/gu, ' act $1 ')
    .replace(/(?:제\s*)?(\d{1,2})\s*(?:회차|화|회)/gu, ' episode $1 ');
}

/** Particles after a noun: 흥수는, 감독이, 영화의, 드라마에서… */
const PARTICLES = [
  '에서는', '에서도', '에서', '에게', '한테', '까지', '부터', '으로', '이랑', '하고', '처럼', '보다', '이나', '이란', '이라는', '라는',
  '은', '는', '이', '가', '을', '를', '의', '도', '에', '로', '와', '과', '랑', '만',
];

/** Endings of a question or statement: 개봉했어, 누구예요, 감독이야, 나왔나요… */
const ENDINGS = [
  '이었어요', '했었어요', '했습니까', '였어요', '했어요', '했나요', '했는지', '입니까', '인가요', '인가', '이에요', '이었어', '이었나',
  '했었어', '했어', '했니', '했지', '했냐', '했나', '했음', '했던', '해요', '하나요', '하니', '한', '해', '이야', '이지', '인지', '이냐',
  '예요', '에요', '였어', '였나', '였지', '인데', '나요', '니', '냐', '야', '요', '임', '죠', '지',
];

/**
 * Splits the endings off a Korean word: "감독은" → 감독 + [은], "개봉했어" → 개봉 + [했어],
 * "흥수엄마는" → 흥수 + [엄마, 는] (with 엄마 among `nouns`). Stops as soon as the stem is a
 * word `known` recognises, so "작가" keeps its 가. Returns the stem and the pieces split off, in
 * order; a name that merely ends like a particle ("이상이") is for the caller to keep as typed.
 */
export function splitKorean(word: string, nouns: readonly string[], known: (stem: string) => boolean): { stem: string; pieces: string[] } {
  const suffixes = suffixesFor(nouns);
  const pieces: string[] = [];
  let stem = word;
  for (let i = 0; i < 4 && !known(stem); i++) {
    const suffix = suffixes.find((s) => stem.length > s.length && stem.endsWith(s));
    if (suffix === undefined) break;
    pieces.unshift(suffix);
    stem = stem.slice(0, -suffix.length);
  }
  return { stem, pieces };
}

let cachedNouns: readonly string[] | undefined;
let cachedSuffixes: readonly string[] = [];

function suffixesFor(nouns: readonly string[]): readonly string[] {
  if (nouns !== cachedNouns) {
    cachedNouns = nouns;
    cachedSuffixes = [...new Set([...nouns, ...ENDINGS, ...PARTICLES])].sort((a, b) => b.length - a.length);
  }
  return cachedSuffixes;
}

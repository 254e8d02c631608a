/**
 * Korean particles after names: 김고은이 / 노상현은 / 규호를… The particle depends on how the word
 * ends: with a final consonant (받침) or not, and for 으로/로 whether that consonant is ㄹ.
 * es-hangul (a well-kept library by Toss) decides this for Hangul; around it we only find the
 * syllable that is read last: behind closing quotes and brackets ("「재희」는"), in a number read
 * in Korean ("52,696은", "2021년은"), or in a name left in Latin letters ("Min-jun은"). Particles
 * are then chosen by es-hangul from a syllable that ends the same way.
 */
import { hasBatchim, josa as esJosa } from 'es-hangul';

export type Particle = '이/가' | '은/는' | '을/를' | '와/과' | '으로/로' | '이나/나' | '이에요/예요' | '이라/라' | '아/야' | '이랑/랑' | '으로서/로서';

/** How the word ends when read aloud: no final consonant, ㄹ, or another final consonant. */
type Ending = 'open' | 'rieul' | 'closed';

const HANGUL_SYLLABLE = /[\uac00-\ud7a3]/u;
// The last digit read in Korean: 영 일 이 삼 사 오 육 칠 팔 구.
const DIGIT_ENDING: Readonly<Record<string, Ending>> = { '0': 'closed', '1': 'rieul', '2': 'open', '3': 'closed', '4': 'open', '5': 'open', '6': 'closed', '7': 'rieul', '8': 'rieul', '9': 'open' };

function endingOf(word: string): Ending {
  // Closing quotes, brackets and punctuation are not read.
  const trimmed = word.replace(/[\s"'’”」』〉》)\].,!?~…·-]+$/u, '');
  const last = trimmed.at(-1) ?? '';
  if (HANGUL_SYLLABLE.test(last)) {
    if (!hasBatchim(last)) return 'open';
    // The final consonant's index in the syllable block: 8 is ㄹ.
    return (last.charCodeAt(0) - 0xac00) % 28 === 8 ? 'rieul' : 'closed';
  }
  if (/\d/.test(last)) {
    // 10, 100, 1000 and 10000 end in 십, 백, 천, 만: all closed. Otherwise the last digit decides.
    const zeros = /0+$/.exec(trimmed.replace(/,/g, ''))?.[0].length ?? 0;
    if (zeros > 0) return 'closed';
    return DIGIT_ENDING[last] ?? 'open';
  }
  const latin = /([a-z]+)$/i.exec(trimmed)?.[1]?.toLowerCase() ?? '';
  if (latin === '') return 'open';
  if (latin.endsWith('l')) return 'rieul';
  // Names romanised from Korean end in a vowel (Su-jin's "jin" excepted) or in n, m, ng, k, p, t, l.
  return /(ng|[nmkpt])$/.test(latin) ? 'closed' : 'open';
}

/** A syllable that ends the same way, for es-hangul to choose the particle from. */
const PROXY: Readonly<Record<Ending, string>> = { open: '가', rieul: '갈', closed: '각' };

/** Only the right form of the particle for `word`. */
export function particleFor(word: string, particle: Particle): string {
  return esJosa.pick(PROXY[endingOf(word)], particle);
}

/** The word followed by the right form of the particle: `withParticle('김고은', '이/가')` → "김고은이". */
export function withParticle(word: string, particle: Particle): string {
  return `${word}${particleFor(word, particle)}`;
}

import { describe, expect, it } from 'vitest';
import { particleFor, withParticle } from '../../src/i18n/josa.js';
import { langOfLocale } from '../../src/i18n/lang.js';

describe('Korean particles after names', () => {
  it.each([
    // Hangul: with a final consonant, without, and ㄹ (which takes 로, not 으로).
    ['김고은', '이/가', '김고은이'],
    ['노상현', '은/는', '노상현은'],
    ['규호', '이/가', '규호가'],
    ['규호', '을/를', '규호를'],
    ['미애', '와/과', '미애와'],
    ['흥수', '은/는', '흥수는'],
    ['재희', '을/를', '재희를'],
    ['서울', '으로/로', '서울로'],
    ['부산', '으로/로', '부산으로'],
    ['토론토', '으로/로', '토론토로'],
    // Behind closing quotes and brackets the last syllable inside decides.
    ['「재희」', '은/는', '「재희」는'],
    ['「우럭 한점 우주의 맛」', '은/는', '「우럭 한점 우주의 맛」은'],
    ['‘늦은 우기의 바캉스’', '이/가', '‘늦은 우기의 바캉스’가'],
    // Numbers as read in Korean: 6 육, 1 일 (ㄹ), 2 이, 10 십.
    ['52,696', '은/는', '52,696은'],
    ['2021', '으로/로', '2021로'],
    ['2', '이/가', '2가'],
    ['10', '을/를', '10을'],
    ['2021년', '은/는', '2021년은'],
    // Names left in Latin letters where no Hangul exists.
    ['Min-jun', '이/가', 'Min-jun이'],
    ['Ji-tae', '이/가', 'Ji-tae가'],
    ['Anton Hur', '은/는', 'Anton Hur는'],
  ] as const)('%s + %s → %s', (word, particle, expected) => {
    expect(withParticle(word, particle)).toBe(expected);
    expect(particleFor(word, particle)).toBe(expected.slice(word.length));
  });
});

describe('languages', () => {
  it.each([
    ['ko', 'ko'],
    ['KO', 'ko'],
    ['en-US', 'en'],
    ['en-GB', 'en'],
    ['ja', 'en'],
    [undefined, 'en'],
    [null, 'en'],
  ] as const)('locale %s → %s', (locale, lang) => {
    expect(langOfLocale(locale)).toBe(lang);
  });
});

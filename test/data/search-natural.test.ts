import { convertHangulToQwerty, getChoseong } from 'es-hangul';
import { describe, expect, it } from 'vitest';
import { dataset } from '../../src/data/dataset.js';
import { createSearchIndex, type EntryKind, type SearchHit, type SearchOptions } from '../../src/data/search.js';
import { isRevealed } from '../../src/data/spoilers.js';
import { sp } from '../spoiler-helpers.js';

const index = createSearchIndex(dataset);
/** The score from which a typed query names a record (MATCH_SCORE in src/commands/shared.ts). */
const MATCH_SCORE = 400;

function first(query: string, options?: SearchOptions): SearchHit | undefined {
  return index.search(query, options)[0];
}

type Row = readonly [query: string, kind: EntryKind, id: string];

function expectFirst(query: string, kind: EntryKind, id: string, options?: SearchOptions): void {
  const hits = index.search(query, { limit: 3, ...options });
  expect(hits[0] && `${hits[0].kind}:${hits[0].id}`, `${query} → ${hits.map((h) => `${h.kind}:${h.id}@${h.score}`).join(', ')}`).toBe(`${kind}:${id}`);
}

describe('search: natural questions in English, the direct answer first', () => {
  it.each<Row>([
    // When: the film's Korean release, the series' premiere, the novel's publication.
    ['when did the film come out', 'detail', 'film-korean-release'],
    ['When was the film released?', 'detail', 'film-korean-release'],
    ['film release date', 'detail', 'film-korean-release'],
    ['when did the film open', 'detail', 'film-korean-release'],
    ['when does the film come out in theaters', 'detail', 'film-korean-release'],
    ['when did the film premiere', 'detail', 'film-world-premiere'],
    ['when did the series premiere', 'detail', 'series-premiere'],
    ['when did the series come out', 'detail', 'series-premiere'],
    ['when was the novel published', 'detail', 'novel-publication'],
    // Where to watch: the series' premiere on TVING.
    ['where can I watch the series', 'detail', 'series-premiere'],
    ['where to stream the series', 'detail', 'series-premiere'],
    ['what platform is the series on', 'detail', 'series-premiere'],
    // Who wrote: the author, not the fact titled "The novelist wrote the series".
    ['who wrote the novel', 'person', 'park-sang-young'],
    ['who is the author of the book', 'person', 'park-sang-young'],
    ['novel writer', 'person', 'park-sang-young'],
    ['who wrote the series', 'person', 'park-sang-young'],
    ['who wrote the film', 'person', 'kim-na-deul'],
    // Who directed.
    ['who directed the film', 'person', 'lee-eon-hee'],
    ['who is the director of the movie', 'person', 'lee-eon-hee'],
    ['film director', 'person', 'lee-eon-hee'],
    ['act 3 director', 'person', 'hong-ji-young'],
    ['who directed act 2', 'person', 'hur-jin-ho'],
    ['who directd the film', 'person', 'lee-eon-hee'],
    // Cast.
    ['who plays heung-soo', 'person', 'noh-sang-hyun'],
    ['heung-soo actor', 'person', 'noh-sang-hyun'],
    ['actress who plays jae-hee', 'person', 'kim-go-eun'],
    ["who plays heung-soo's mother", 'person', 'jang-hye-jin'],
    ['cast of the film', 'person', 'kim-go-eun'],
    // Relations.
    ["Heung-soo's mother", 'character', 'film-heung-soo-mother'],
    ['heung-soo mom', 'character', 'film-heung-soo-mother'],
    ['heungsu mom', 'character', 'film-heung-soo-mother'],
    // Runtime, rating, box office, awards, translation, episodes.
    ['how long is the film', 'detail', 'film-runtime'],
    ['what is the runtime of the movie', 'detail', 'film-runtime'],
    ['age rating of the film', 'detail', 'film-rating'],
    ['what is the series rated', 'detail', 'series-rating'],
    ['film box office', 'detail', 'film-box-office'],
    ['how many admissions did the film have', 'detail', 'film-box-office'],
    ['what awards did the novel win', 'award', 'award-young-writers-2019'],
    ['noh sang-hyun award', 'award', 'award-blue-dragon-2024'],
    ['who translated the novel', 'person', 'anton-hur'],
    ['how many episodes', 'detail', 'series-format'],
  ])('given %j, the first hit is %s %s', (query, kind, id) => expectFirst(query, kind, id));
});

describe('search: natural questions in Korean, the direct answer first', () => {
  it.each<Row>([
    ['감독', 'person', 'lee-eon-hee'],
    ['연출', 'person', 'lee-eon-hee'],
    ['영화 감독은 누구야', 'person', 'lee-eon-hee'],
    ['감독은누구야', 'person', 'lee-eon-hee'],
    ['드라마 감독', 'person', 'son-tae-gyeom'],
    ['3막 감독', 'person', 'hong-ji-young'],
    ['7화 감독', 'person', 'kim-se-in'],
    ['개봉', 'detail', 'film-korean-release'],
    ['개봉일은 언제야', 'detail', 'film-korean-release'],
    ['영화 언제 나왔어', 'detail', 'film-korean-release'],
    ['어디서 봐', 'detail', 'series-premiere'],
    ['드라마 어디서 봐', 'detail', 'series-premiere'],
    ['어디서 볼 수 있어', 'detail', 'series-premiere'],
    ['공개', 'detail', 'series-premiere'],
    ['방송', 'detail', 'series-premiere'],
    ['작가', 'person', 'park-sang-young'],
    ['원작', 'person', 'park-sang-young'],
    ['원작 작가', 'person', 'park-sang-young'],
    ['소설 작가는 누구야', 'person', 'park-sang-young'],
    ['각본', 'person', 'kim-na-deul'],
    ['영화 원작', 'detail', 'film-source-story'],
    ['흥수 엄마', 'character', 'film-heung-soo-mother'],
    ['흥수 어머니', 'character', 'film-heung-soo-mother'],
    ['흥수의 엄마', 'character', 'film-heung-soo-mother'],
    ['흥수엄마', 'character', 'film-heung-soo-mother'],
    ['흥수 엄마 누구야', 'character', 'film-heung-soo-mother'],
    ['고영 엄마', 'character', 'series-eun-sook'],
    ['흥수 역', 'person', 'noh-sang-hyun'],
    ['흥수 역 배우', 'person', 'noh-sang-hyun'],
    ['규호 배우', 'person', 'jin-ho-eun'],
    ['러닝타임', 'detail', 'film-runtime'],
    ['영화 상영시간은?', 'detail', 'film-runtime'],
    ['등급', 'detail', 'film-rating'],
    ['드라마 관람가', 'detail', 'series-rating'],
    ['관객 수', 'detail', 'film-box-office'],
    ['소설 수상', 'award', 'award-young-writers-2019'],
    ['노상현 수상', 'award', 'award-blue-dragon-2024'],
    ['번역가', 'person', 'anton-hur'],
    ['몇부작', 'detail', 'series-format'],
    ['노상현이 누구야', 'person', 'noh-sang-hyun'],
    ['재희는 누구야', 'character', 'film-jae-hee'],
  ])('given %j, the first hit is %s %s', (query, kind, id) => expectFirst(query, kind, id));
});

describe('search: stop-words do not dilute a match', () => {
  it.each<Row>([
    ['who is jae-hee', 'character', 'film-jae-hee'],
    ['what is act 4', 'act', 'act-4'],
    ['tell me about the booker', 'award', 'award-booker-2022'],
    ['what was the closing line', 'fact', 'fact-series-closing-line'],
    ['who directed it', 'person', 'lee-eon-hee'],
  ])('given %j, the first hit is %s %s', (query, kind, id) => expectFirst(query, kind, id));

  it('given a question whose words are in a record title, the exact title still comes first', () => {
    expectFirst('The novelist wrote the series', 'fact', 'fact-series-novelist-writes');
    expect(index.search('who wrote the novel', { limit: 5 }).findIndex((h) => h.id === 'fact-series-novelist-writes')).not.toBe(0);
  });

  it('given a name containing a question word ("Kim Won-joong": won), the name still comes first', () => {
    expectFirst('Kim Won-joong', 'person', 'kim-won-joong');
    expectFirst('best new actor', 'award', 'award-blue-dragon-2024');
  });

  it('given a direct answer, it counts as naming a record (at least MATCH_SCORE)', () => {
    for (const q of ['when did the film come out', '감독', '흥수 엄마', '어디서 봐']) expect(first(q)?.score ?? 0, q).toBeGreaterThanOrEqual(MATCH_SCORE);
  });
});

describe('search: Hangul initial consonants (초성)', () => {
  it.each<Row>([
    ['ㄱㄱㅇ', 'person', 'kim-go-eun'],
    ['ㄴㅅㅎ', 'person', 'noh-sang-hyun'],
    ['ㅎㅈㅇ', 'person', 'hong-ji-young'],
    ['ㅇㅇㅎ', 'person', 'lee-eon-hee'],
    ['ㄷㄷㅅㅇ ㅅㄹㅂ', 'production', 'novel'],
    ['ㄷㄷㅅㅇㅅㄹㅂ', 'production', 'novel'],
    ['ㅎㅅ ㅇㅁ', 'character', 'film-heung-soo-mother'],
    ['ㄴㅇ ㅇㄱㅇ ㅂㅋㅅ', 'act', 'act-4'],
  ])('given %j, the first hit is %s %s', (query, kind, id) => expectFirst(query, kind, id));

  it('given 초성 of a name, the hit names it (score at least MATCH_SCORE) and the shared title finds all three productions', () => {
    expect(first('ㄱㄱㅇ')?.score ?? 0).toBeGreaterThanOrEqual(MATCH_SCORE);
    expect(index.search('ㄷㄷㅅㅇ ㅅㄹㅂ', { limit: 3 }).map((h) => h.id)).toEqual(['novel', 'film', 'series']);
  });

  it('given the start of a 초성 name, it is offered (autocomplete)', () => {
    expect(index.search('ㄱㄱ', { limit: 5 }).map((h) => h.id)).toContain('kim-go-eun');
    expect(index.search('ㄷㄷㅅㅇ', { limit: 5 }).map((h) => h.id)).toContain('novel');
  });
});

describe('search: Korean typed on the English keyboard layout', () => {
  it.each<Row>([
    ['rlarhdms', 'person', 'kim-go-eun'],
    ['shtkdgus', 'person', 'noh-sang-hyun'],
    ['rbgh', 'character', 'series-gyu-ho'],
    ['wogml', 'character', 'film-jae-hee'],
    ['gmdtn', 'character', 'film-heung-soo'],
    ['eoehtldml tkfkdqjq', 'production', 'novel'],
    ['rbgh qodn', 'person', 'jin-ho-eun'],
    ['rrd', 'person', 'kim-go-eun'],
  ])('given %j, the first hit is %s %s', (query, kind, id) => expectFirst(query, kind, id));

  it('given an English word that happens to spell Hangul ("the" → 솓), the English reading is kept', () => {
    expectFirst('the film', 'production', 'film');
    expectFirst('tiff', 'detail', 'film-world-premiere');
  });
});

describe('search: every record with Hangul is found by its 초성 and on the English layout', () => {
  const records: [EntryKind, string, string][] = [
    ...dataset.people.flatMap((p): [EntryKind, string, string][] => (p.hangul ? [['person', p.id, p.hangul]] : [])),
    ...dataset.characters.flatMap((c): [EntryKind, string, string][] => [
      ...(c.hangul ? [['character', c.id, c.hangul] as [EntryKind, string, string]] : []),
      ...(c.labelKo ? [['character', c.id, c.labelKo] as [EntryKind, string, string]] : []),
    ]),
    ...[dataset.novel, dataset.film, dataset.series].map((p): [EntryKind, string, string] => ['production', p.id, p.titleKo]),
    ...dataset.series.acts.map((a): [EntryKind, string, string] => ['act', `act-${a.number}`, a.titleKo]),
    ...dataset.novel.stories.map((s): [EntryKind, string, string] => ['story', `story-${s.number}`, s.titleKo]),
  ];

  it('given the dataset, there are Hangul records of every kind to check', () => {
    expect(new Set(records.map((r) => r[0]))).toEqual(new Set(['person', 'character', 'production', 'act', 'story']));
  });

  it.each(records)('given %s %s (%s), its 초성 and its keyboard spelling rank it at the top score', (kind, id, hangul) => {
    for (const query of [getChoseong(hangul), convertHangulToQwerty(hangul)]) {
      const hits = index.search(query, { limit: 25 });
      const mine = hits.find((h) => h.kind === kind && h.id === id);
      expect(mine, `${query}: ${hits.slice(0, 3).map((h) => h.id).join(', ')}`).toBeDefined();
      expect(mine?.score, query).toBe(hits[0]?.score);
      expect(mine?.score ?? 0, query).toBeGreaterThanOrEqual(MATCH_SCORE);
    }
  });
});

describe('search: typos', () => {
  it.each<Row>([
    ['Kim Go-un', 'person', 'kim-go-eun'],
    ['heungsu', 'character', 'film-heung-soo'],
    ['Heungsu', 'character', 'film-heung-soo'],
    ['Noh Sanghyn', 'person', 'noh-sang-hyun'],
    ['Hong Jiyong', 'person', 'hong-ji-young'],
    ['Lee Eon-he', 'person', 'lee-eon-hee'],
    ['heungsu actor', 'person', 'noh-sang-hyun'],
  ])('given %j, the first hit is %s %s', (query, kind, id) => expectFirst(query, kind, id));

  it('given one typo in a full name, the record still counts as named (at least MATCH_SCORE)', () => {
    expect(first('Kim Go-un')?.score ?? 0).toBeGreaterThanOrEqual(MATCH_SCORE);
    expect(first('heungsu')?.score ?? 0).toBeGreaterThanOrEqual(MATCH_SCORE);
  });

  it('given a typo that turns one number into another, the other number is not matched ("act 3" is not "act 2")', () => {
    const ids = index.search('act 3 director', { limit: 3 }).map((h) => h.id);
    expect(ids.slice(0, 2)).toEqual(['hong-ji-young', 'act-3']);
  });
});

describe('search: nearest names for an unknown value', () => {
  it('given /character name:nobody, some characters come back as closest matches, below any real match', () => {
    const hits = index.search('nobody', { kinds: ['character'], limit: 5 });
    expect(hits.length).toBe(5);
    for (const h of hits) {
      expect(h.kind).toBe('character');
      expect(h.score).toBeLessThan(200);
    }
  });

  it('given an unknown value without kinds, closest matches come back, none naming a record', () => {
    const hits = index.search('nobody at all', { limit: 5 });
    expect(hits.length).toBe(5);
    expect(hits.every((h) => h.score < MATCH_SCORE)).toBe(true);
  });

  it('given a near miss among the names, it is among the nearest ("zzzo" is still closer to some than others)', () => {
    expect(index.search('zzzo', { kinds: ['character'] }).length).toBeGreaterThan(0);
  });

  it('given the closest matches, none is beyond the spoiler horizon', () => {
    const hits = index.search('nobody', { kinds: ['character'], horizon: sp('none'), limit: 25 });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.spoiler.kind === 'none')).toBe(true);
  });

  it('given input with nothing to read (no vowel, no Hangul syllable), nothing comes back', () => {
    expect(index.search('xqzvwk')).toEqual([]);
    expect(index.search('ㄱ'.repeat(300))).toEqual([]);
  });
});

describe('search: 초성 and keyboard queries respect the spoiler horizon', () => {
  it.each([
    // Gyu-ho enters in episode 5, Eun-sook in episode 8, Heung-soo's mother is named in the film.
    ['ㄱㅎ', 'series-gyu-ho', 'none', 'series-5'],
    ['rbgh', 'series-gyu-ho', 'film+series-4', 'series-5'],
    ['ㅇㅅ', 'series-eun-sook', 'series-7', 'series-8'],
    ['dmstnr', 'series-eun-sook', 'film+series-7', 'all'],
    ['고영 엄마', 'series-eun-sook', 'series-7', 'series-8'],
    ['ㅎㅅ ㅇㅁ', 'film-heung-soo-mother', 'none', 'film'],
    ['gmdtn djaak', 'film-heung-soo-mother', 'series-8', 'film'],
  ])('given %j, %s is left out before its point and found from it', (query, id, before, from) => {
    const hidden = index.search(query, { horizon: sp(before), limit: 100 });
    expect(hidden.some((h) => h.id === id)).toBe(false);
    expect(hidden.every((h) => isRevealed(h.spoiler, sp(before)))).toBe(true);
    const shown = index.search(query, { horizon: sp(from), kinds: ['character'], limit: 3 });
    expect(shown[0]?.id).toBe(id);
  });

  it('given a 초성 query at no spoilers, every hit is spoiler-free', () => {
    for (const q of ['ㄱㅎ', 'ㅇㅅ', 'ㅎㅅ', 'rbgh', 'dmstnr', 'ㄴㄱ']) {
      expect(index.search(q, { horizon: sp('none'), limit: 100 }).every((h) => h.spoiler.kind === 'none'), q).toBe(true);
    }
  });
});

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dataset } from '../../src/data/dataset.js';
import {
  actDirector,
  actOfEpisode,
  actsDirectedBy,
  awardsFor,
  castOf,
  crewOf,
  getCharacter,
  getPerson,
  rolesOfCharacter,
  rolesOfPerson,
} from '../../src/data/lookup.js';
import type { Character, Fact, Person } from '../../src/data/schema.js';
import { VERIFIED_SOURCES } from '../../src/data/sources.js';

function person(id: string): Person {
  const p = getPerson(dataset, id);
  if (!p) throw new Error(`no person ${id}`);
  return p;
}

function character(id: string): Character {
  const c = getCharacter(dataset, id);
  if (!c) throw new Error(`no character ${id}`);
  return c;
}

function fact(id: string): Fact {
  const f = dataset.facts.find((x) => x.id === id);
  if (!f) throw new Error(`no fact ${id}`);
  return f;
}

describe('the dataset agrees with VERIFIED.md', () => {
  it.each([
    [1, 'son-tae-gyeom', 'Son Tae-gyeom', '손태겸', [1, 2], '미애', 'Mi-ae'],
    [2, 'hur-jin-ho', 'Hur Jin-ho', '허진호', [3, 4], '우럭 한 점 우주의 맛', 'A Spot of Rockfish, Taste the Universe'],
    [3, 'hong-ji-young', 'Hong Ji-young', '홍지영', [5, 6], '대도시의 사랑법', 'Love in the Big City'],
    [4, 'kim-se-in', 'Kim Se-in', '김세인', [7, 8], '늦은 우기의 바캉스', 'Late Rainy Season Vacation'],
  ] as const)('given act %i, it is directed by %s and covers the right episodes and title', (act, id, name, hangul, episodes, titleKo, titleEn) => {
    const director = actDirector(dataset, act);
    expect(director?.id).toBe(id);
    expect(director?.name).toBe(name);
    expect(director?.hangul).toBe(hangul);
    const record = dataset.series.acts.find((a) => a.number === act);
    expect(record?.episodes).toEqual(episodes);
    expect(record?.titleKo).toBe(titleKo);
    expect(record?.titleEn).toBe(titleEn);
    expect(actsDirectedBy(dataset, id).map((a) => a.number)).toEqual([act]);
    for (const e of episodes) expect(actOfEpisode(dataset, e)?.number).toBe(act);
  });

  it('given the film, its dates, runtime, premiere and companies match', () => {
    const { film } = dataset;
    expect(film.titleKo).toBe('대도시의 사랑법');
    expect(film.koreanRelease).toBe('2024-10-01');
    expect(film.runtimeMinutes).toBe(118);
    expect(film.worldPremiere).toMatchObject({
      date: '2024-09-13',
      festival: '49th Toronto International Film Festival',
      section: 'Special Presentations',
      venue: 'Royal Alexandra Theatre',
    });
    expect(film.rating).toBe('15+');
    expect(film.distributor).toEqual({ name: 'Plus M Entertainment', hangul: '플러스엠 엔터테인먼트' });
    expect(film.production).toEqual(['Showbox (쇼박스)', '고래와유기농']);
    expect(film.boxOffice).toEqual({
      openingDayAdmissions: 52_696,
      openingWeekendAdmissions: 120_639,
      grossUsd: 5_820_000,
      grossAsOf: '2024-11-10',
    });
    expect(film.basedOnStory).toBe(1);
    expect(dataset.novel.stories[0]).toMatchObject({ titleKo: '재희', titleEn: 'Jaehee' });
  });

  it('given the series, its premiere, format, rating and English release match', () => {
    const { series } = dataset;
    expect(series.platform).toBe('TVING');
    expect(series.premiere).toBe('2024-10-21');
    expect(series.episodeCount).toBe(8);
    expect(series.episodeMinutes).toBe(50);
    expect(series.acts).toHaveLength(4);
    expect(series.rating).toBe('19+');
    expect(series.ratedOn).toBe('2024-10-11');
    expect(series.englishRelease).toMatchObject({ platform: 'Rakuten Viki', date: '2024-10-21' });
  });

  it('given the novel, its publisher, date, stories and translation match', () => {
    const { novel } = dataset;
    expect(novel.titleKo).toBe('대도시의 사랑법');
    expect(novel.publisher).toEqual({ name: 'Changbi', hangul: '창비' });
    expect(novel.published).toBe('2019-06-28');
    expect(novel.stories.map((s) => s.titleKo)).toEqual(['재희', '우럭 한점 우주의 맛', '대도시의 사랑법', '늦은 우기의 바캉스']);
    expect(novel.stories.map((s) => s.titleEn)).toEqual([
      'Jaehee',
      'A Spot of Rockfish, Taste the Universe',
      'Love in the Big City',
      'Late Rainy Season Vacation',
    ]);
    expect(novel.translation).toEqual({
      translatorId: 'anton-hur',
      year: 2021,
      publishers: ['Grove Atlantic (US)', 'Tilted Axis Press (UK)'],
      publishersKo: ['그로브 애틀랜틱(미국)', '틸티드 액시스 프레스(영국)'],
    });
    expect(crewOf(dataset, 'novel').map((c) => [c.credit.job, c.person.id])).toEqual([
      ['author', 'park-sang-young'],
      ['translator', 'anton-hur'],
    ]);
  });

  it('given the film crew, Lee Eon-hee directs and Kim Na-deul writes', () => {
    expect(crewOf(dataset, 'film').map((c) => [c.credit.job, c.person.id])).toEqual([
      ['director', 'lee-eon-hee'],
      ['screenwriter', 'kim-na-deul'],
    ]);
    expect(crewOf(dataset, 'series')[0]).toMatchObject({ credit: { job: 'writer' }, person: { id: 'park-sang-young' } });
  });

  it.each([
    ['film', 'kim-go-eun', '김고은', 'film-jae-hee', 'Jae-hee', '재희'],
    ['film', 'noh-sang-hyun', '노상현', 'film-heung-soo', 'Heung-soo', '흥수'],
    ['film', 'jang-hye-jin', '장혜진', 'film-heung-soo-mother', "Heung-soo's mother", undefined],
    ['film', 'lee-sang-yi', '이상이', 'film-min-jun', 'Min-jun', undefined],
    ['film', 'kwak-dong-yeon', '곽동연', 'film-jun-su', 'Jun-su', undefined],
    ['film', 'joo-jong-hyuk', '주종혁', 'film-tattooist', 'the tattooist', undefined],
    ['film', 'lee-you-jin', '이유진', 'film-sun-woo', 'Sun-woo', undefined],
    ['series', 'nam-yoon-su', '남윤수', 'series-go-young', 'Go Young', '고영'],
    ['series', 'lee-soo-kyung', '이수경', 'series-mi-ae', 'Mi-ae', '미애'],
    ['series', 'oh-hyun-kyung', '오현경', 'series-eun-sook', 'Eun-sook', '은숙'],
    ['series', 'kwon-hyuk', '권혁', 'series-nam-gyu', 'Nam-gyu', '남규'],
    ['series', 'na-hyun-woo', '나현우', 'series-young-su', 'Young-su', '영수'],
    ['series', 'jin-ho-eun', '진호은', 'series-gyu-ho', 'Gyu-ho', '규호'],
    ['series', 'kim-won-joong', '김원중', 'series-habibi', 'Habibi', '하비비'],
  ] as const)('given the %s cast, %s plays %s', (production, personId, personHangul, characterId, characterName, characterHangul) => {
    expect(person(personId).hangul).toBe(personHangul);
    const c = character(characterId);
    expect(c.name).toBe(characterName);
    expect(c.hangul).toBe(characterHangul);
    expect(c.production).toBe(production);
    expect(rolesOfCharacter(dataset, characterId).map((r) => r.person.id)).toEqual([personId]);
    expect(rolesOfPerson(dataset, personId).map((r) => r.character.id)).toEqual([characterId]);
  });

  it('given the leads, castOf lists them first', () => {
    expect(castOf(dataset, 'film').slice(0, 2).map((e) => e.character.id)).toEqual(['film-jae-hee', 'film-heung-soo']);
    expect(castOf(dataset, 'series').slice(0, 2).map((e) => e.character.id)).toEqual(['series-go-young', 'series-gyu-ho']);
    expect(castOf(dataset, 'novel')).toEqual([]);
  });

  it('given the name variants VERIFIED.md lists, each is an alias of the right person', () => {
    expect(person('lee-eon-hee').aliases).toContain('E.oni');
    expect(person('noh-sang-hyun').aliases).toEqual(expect.arrayContaining(['Steve Sanghyun Noh', 'Steve Noh']));
    // Article 002's one-off "Steven" is a typo, recorded as a correction rather than offered as a name.
    expect(person('noh-sang-hyun').aliases).not.toContain('Steven Sanghyun Noh');
    expect(person('noh-sang-hyun').corrections).toEqual([expect.objectContaining({ article: 'article:002', claimed: expect.stringContaining('Steven Sanghyun Noh') })]);
    expect(person('park-sang-young').aliases).toContain('Sang Young Park');
  });

  it('given the awards, each has the right recipient, year and result', () => {
    const awards = Object.fromEntries(dataset.awards.map((a) => [a.id, a]));
    expect(awards['award-young-writers-2019']).toMatchObject({ recipient: { story: 2 }, year: 2019, result: 'won' });
    expect(awards['award-shin-dong-yup']).toMatchObject({ recipient: { production: 'novel' }, result: 'won' });
    expect(awards['award-shin-dong-yup']?.name).toContain('39th');
    expect(awards['award-booker-2022']).toMatchObject({ recipient: { production: 'novel' }, year: 2022, result: 'longlisted' });
    expect(awards['award-dublin-2023']).toMatchObject({ recipient: { production: 'novel' }, year: 2023, result: 'longlisted' });
    expect(awards['award-blue-dragon-2024']).toMatchObject({ recipient: { personId: 'noh-sang-hyun' }, year: 2024, result: 'won' });
    expect(awards['award-blue-dragon-2024']?.name).toBe('Best New Actor, 45th Blue Dragon Film Awards');
    expect(awardsFor(dataset, 'film').map((a) => a.id)).toEqual(['award-blue-dragon-2024']);
  });

  it("given the director's and leads' other work, it is recorded", () => {
    expect(person('lee-eon-hee').knownFor).toEqual([
      '…ing (2003)',
      'Love Exposure (2007)',
      'Missing (2016)',
      'The Accidental Detective 2 (2018)',
      "The Killer's Shopping List (TV)",
    ]);
    expect(person('kim-go-eun').knownFor).toEqual(['Exhuma', "Yumi's Cells"]);
    expect(person('noh-sang-hyun').knownFor).toEqual(['Pachinko', 'Love My Scent']);
  });

  it('given the trailer controversy, both accounts and both dates are stated', () => {
    const f = fact('fact-series-trailer-controversy');
    expect(f.date).toBe('2024-10-12');
    expect(f.statement).toMatch(/anti-LGBTQ complaints/);
    expect(f.statement).toMatch(/producers' account/);
    expect(f.statement).toMatch(/19\+/);
    expect(fact('fact-series-main-trailer').date).toBe('2024-10-18');
  });

  it('given the non-structural facts the issue names, each is present and sourced', () => {
    expect(fact('fact-film-train-scene-cg').statement).toMatch(/computer graphics/);
    expect(fact('fact-film-young-renamed').statement).toMatch(/Young was renamed Heung-soo/);
    expect(fact('fact-film-release-moved-up')).toMatchObject({ date: '2024-10-01' });
    expect(fact('fact-film-release-moved-up').statement).toMatch(/October 2 to October 1, 2024.*public holiday/);
    expect(fact('fact-film-london-closing-gala').statement).toMatch(/closing gala of the London Korean Film Festival 2024/);
    expect(fact('fact-film-plot-meet-at-21').statement).toMatch(/university, at age 21/);
    expect(fact('fact-series-closing-line').statement).toContain('Gyu-ho. My only wish.');
  });
});

describe('corrections of the articles', () => {
  it('given article 003 dates the film October 3, the film record carries the correction to October 1', () => {
    const correction = dataset.film.corrections?.find((c) => c.article === 'article:003');
    expect(correction?.claimed).toContain('October 3, 2024');
    expect(correction?.corrected).toContain('October 1, 2024');
  });

  it("given article 003 lists the directors out of order, the series record carries the act order", () => {
    const correction = dataset.series.corrections?.find((c) => c.article === 'article:003');
    expect(correction?.claimed).toContain('Hur Jin-ho, Hong Ji-young, Son Tae-gyeom, and Kim Se-in');
    expect(correction?.corrected).toMatch(/Act 1: Son Tae-gyeom; act 2: Hur Jin-ho; act 3: Hong Ji-young; act 4: Kim Se-in/);
  });

  it("given article 003's unconfirmed surname, Nam-gyu is never called Kim Nam-gyu and the correction is recorded", () => {
    const namGyu = character('series-nam-gyu');
    expect(namGyu.name).toBe('Nam-gyu');
    expect([namGyu.name, ...namGyu.aliases].some((n) => /kim/i.test(n))).toBe(false);
    expect(namGyu.corrections?.[0]).toMatchObject({ article: 'article:003', claimed: 'Kim Nam-gyu' });
    // Only a correction may quote the wrong name (a fact about Nam-gyu may carry the same correction).
    const everything = JSON.stringify(dataset, (key, value: unknown) => (key === 'corrections' ? undefined : value));
    expect(everything).not.toContain('Kim Nam-gyu');
    expect(everything).toContain('Nam-gyu');
  });

  it("given article 000's typo, Jae-hee carries the Jae-jee correction", () => {
    expect(character('film-jae-hee').corrections?.[0]).toMatchObject({ article: 'article:000', claimed: 'Jae-jee' });
  });
});

describe('spoiler markers', () => {
  const seriesPlot = dataset.facts.filter((f) => f.spoiler.kind === 'series');

  it('given production records, none carries a spoiler', () => {
    for (const r of [...dataset.people, ...dataset.characters, ...dataset.roles, ...dataset.crew, ...dataset.awards]) {
      expect(r.spoiler, r.id).toEqual({ kind: 'none' });
    }
  });

  it("given series plot facts, each is marked no earlier than its relationship's episodes", () => {
    const earliest: Record<string, number> = { 'nam-gyu': 2, 'young-su': 4, 'gyu-ho': 5, shanghai: 5, 'live-in': 5, regret: 7, 'final-scene': 8, 'closing-line': 8 };
    expect(seriesPlot.length).toBeGreaterThanOrEqual(10);
    for (const f of seriesPlot) {
      const episode = f.spoiler.kind === 'series' ? f.spoiler.episode : 0;
      const key = Object.keys(earliest).find((k) => f.id.includes(k));
      if (key !== undefined) expect(episode, f.id).toBeGreaterThanOrEqual(earliest[key] ?? 0);
    }
    expect(fact('fact-series-closing-line').spoiler).toEqual({ kind: 'series', episode: 8 });
  });

  it("given series characters' plot entries, Gyu-ho's never show before episode 5", () => {
    for (const entry of character('series-gyu-ho').plot ?? []) {
      expect(entry.spoiler.kind === 'series' && entry.spoiler.episode >= 5).toBe(true);
    }
    expect(character('series-gyu-ho').episodes).toEqual([5, 8]);
    expect(character('series-nam-gyu').episodes).toEqual([1, 2]);
    expect(character('series-young-su').episodes).toEqual([3, 4]);
  });

  it('given film plot facts, they are marked film and about the film', () => {
    const filmPlot = dataset.facts.filter((f) => f.spoiler.kind === 'film');
    expect(filmPlot.length).toBeGreaterThanOrEqual(5);
    for (const f of filmPlot) expect(f.production, f.id).toBe('film');
  });

  it('given facts about novel plot, they are marked with a story', () => {
    expect(fact('fact-novel-story-1-friendship').spoiler).toEqual({ kind: 'novel', story: 1 });
  });
});

const verifiedPath = fileURLToPath(new URL('../../docs/VERIFIED.md', import.meta.url));

describe('sources catalogue against docs/VERIFIED.md', () => {
  it('given the numbered source list, the catalogue has exactly those numbers (33–34 both, no 35)', () => {
    const text = readFileSync(verifiedPath, 'utf8');
    const list = text.slice(text.indexOf('## Sources'));
    const numbers = new Set<number>();
    for (const m of list.matchAll(/(?:^|·)\s*(\d+)(?:[–-](\d+))?\s/gmu)) {
      const from = Number(m[1]);
      const to = m[2] ? Number(m[2]) : from;
      for (let n = from; n <= to; n++) numbers.add(n);
    }
    const catalogue = VERIFIED_SOURCES.map((s) => Number(s.ref.slice('verified:'.length)));
    expect(catalogue).toEqual([...numbers].sort((a, b) => a - b));
    expect(catalogue).not.toContain(35);
  });

  it('given every numbered source, the dataset cites it somewhere', () => {
    const text = JSON.stringify(dataset);
    for (const { ref } of VERIFIED_SOURCES) expect(text, ref).toContain(`"${ref}"`);
  });
});

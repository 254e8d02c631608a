import { describe, expect, it } from 'vitest';
import { dataset } from '../../src/data/dataset.js';
import { createSearchIndex, lazySearchIndex, type SearchHit } from '../../src/data/search.js';
import { sp } from '../spoiler-helpers.js';

const index = createSearchIndex(dataset);

function first(query: string, options?: Parameters<typeof index.search>[1]): SearchHit | undefined {
  return index.search(query, options)[0];
}

describe('search: finding the right record first', () => {
  it.each([
    ['Noh Sang-hyun', 'person', 'noh-sang-hyun'],
    ['노상현', 'person', 'noh-sang-hyun'],
    ['Steve Noh', 'person', 'noh-sang-hyun'],
    ['Steve Sanghyun Noh', 'person', 'noh-sang-hyun'],
    ['steven sanghyun noh', 'person', 'noh-sang-hyun'],
    ['E.oni', 'person', 'lee-eon-hee'],
    ['eoni', 'person', 'lee-eon-hee'],
    ['이언희', 'person', 'lee-eon-hee'],
    ['Sang Young Park', 'person', 'park-sang-young'],
    ['kim goeun', 'person', 'kim-go-eun'],
    ['Kim Go-Eun', 'person', 'kim-go-eun'],
    ['Noh Sanghyun', 'person', 'noh-sang-hyun'],
    ['Hong Jiyoung', 'person', 'hong-ji-young'],
    ['Anton Hur', 'person', 'anton-hur'],
    ['흥수', 'character', 'film-heung-soo'],
    ['Heung-soo', 'character', 'film-heung-soo'],
    ['heungsoo', 'character', 'film-heung-soo'],
    ['heungsu', 'character', 'film-heung-soo'],
    ['Heungsu', 'character', 'film-heung-soo'],
    ['jaehee', 'character', 'film-jae-hee'],
    ['Jae-hee', 'character', 'film-jae-hee'],
    ['jae hee', 'character', 'film-jae-hee'],
    ['재희', 'character', 'film-jae-hee'],
    ['Jae-jee', 'character', 'film-jae-hee'],
    ['고영', 'character', 'series-go-young'],
    ['Go Young', 'character', 'series-go-young'],
    ['Shim Gyu-ho', 'character', 'series-gyu-ho'],
    ['gyuho', 'character', 'series-gyu-ho'],
    ['규호', 'character', 'series-gyu-ho'],
    ['Kim Nam-gyu', 'character', 'series-nam-gyu'],
    ['No Young-su', 'character', 'series-young-su'],
    ['youngsu', 'character', 'series-young-su'],
    ['미애', 'character', 'series-mi-ae'],
    ['tiff', 'detail', 'film-world-premiere'],
    ['TIFF premiere', 'detail', 'film-world-premiere'],
    ['act 3 director', 'person', 'hong-ji-young'],
    ['Act 3 Director?', 'person', 'hong-ji-young'],
    ['director of act 1', 'person', 'son-tae-gyeom'],
    ['who directed act 2', 'person', 'hur-jin-ho'],
    ['episode 7 director', 'person', 'kim-se-in'],
    ['translator', 'person', 'anton-hur'],
    ['act 4', 'act', 'act-4'],
    ['늦은 우기의 바캉스', 'act', 'act-4'],
    ['A Spot of Rockfish', 'act', 'act-2'],
    ['story 2', 'story', 'story-2'],
    ['booker', 'award', 'award-booker-2022'],
    ['blue dragon', 'award', 'award-blue-dragon-2024'],
    ['computer graphics', 'fact', 'fact-film-train-scene-cg'],
    ['closing line', 'fact', 'fact-series-closing-line'],
    ['two syllables on the lantern', 'fact', 'fact-series-closing-line'],
    ['trailer controversy', 'fact', 'fact-series-trailer-controversy'],
    ['viki', 'detail', 'series-english-release'],
    ['runtime', 'detail', 'film-runtime'],
    ['the film', 'production', 'film'],
  ] as const)('given the query %j, the first hit is %s %s', (query, kind, id) => {
    const hit = first(query);
    expect(hit?.kind).toBe(kind);
    expect(hit?.id).toBe(id);
  });

  it('given the prefix "jae", Jae-hee of the film comes first (autocomplete)', () => {
    expect(first('jae')?.id).toBe('film-jae-hee');
    expect(first('ja')?.id).toBe('film-jae-hee');
    expect(first('Jae-h')?.id).toBe('film-jae-hee');
  });

  it('given a Hangul syllable still being typed ("흐" on the way to "흥수"), Heung-soo is offered', () => {
    expect(first('흐')?.id).toBe('film-heung-soo');
    expect(first('노상')?.id).toBe('noh-sang-hyun');
  });

  it('given an actor name, the person comes first and the character they play follows', () => {
    const hits = index.search('Kim Go-eun', { limit: 3 }).map((h) => h.id);
    expect(hits.slice(0, 2)).toEqual(['kim-go-eun', 'film-jae-hee']);
  });

  it('given "act 3 director", the act itself ranks above the other directors', () => {
    const ids = index.search('act 3 director', { limit: 3 }).map((h) => h.id);
    expect(ids).toEqual(['hong-ji-young', 'act-3', expect.any(String)]);
  });

  it('given the exact title, the three productions outrank the act and story that share it, novel first', () => {
    const ids = index.search('Love in the Big City', { limit: 5 }).map((h) => h.id);
    expect(ids).toEqual(['novel', 'film', 'series', 'act-3', 'story-3']);
  });
});

describe('search: hits and options', () => {
  it('given a hit, its label shows English with Hangul alongside and the record is attached', () => {
    const hit = first('흥수', { kinds: ['person'] });
    expect(hit?.label).toBe('Noh Sang-hyun (노상현)');
    expect(hit?.kind === 'person' && hit.record.id).toBe('noh-sang-hyun');
    const character = first('흥수');
    expect(character?.label).toBe('Heung-soo (흥수) — film');
    expect(character?.kind === 'character' && character.record.hangul).toBe('흥수');
  });

  it('given kinds, only those kinds are returned', () => {
    const hits = index.search('jae', { kinds: ['person'], limit: 25 });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.kind === 'person')).toBe(true);
    expect(hits[0]?.id).toBe('kim-go-eun');
  });

  it('given a production, only records about it (or all three) are returned', () => {
    const hits = index.search('young', { production: 'series', limit: 25 });
    expect(hits[0]?.id).toBe('series-go-young');
    expect(hits.some((h) => h.id === 'novel-young' || h.id === 'film-heung-soo')).toBe(false);
    expect(index.search('Kim Go-eun', { production: 'series' }).some((h) => h.id === 'kim-go-eun')).toBe(false);
  });

  it('given a spoiler setting, records beyond it are left out', () => {
    expect(index.search('car accident', { horizon: sp('none') }).some((h) => h.spoiler.kind !== 'none')).toBe(false);
    expect(index.search('car accident', { horizon: sp('film+series-1') }).some((h) => h.id === 'fact-series-plot-nam-gyu-fate')).toBe(false);
    expect(index.search('car accident', { horizon: sp('film+series-2') })[0]?.id).toBe('fact-series-plot-nam-gyu-fate');
    expect(index.search('closing line', { horizon: sp('film+series-7') }).some((h) => h.id === 'fact-series-closing-line')).toBe(false);
    expect(index.search('closing line', { horizon: sp('all') })[0]?.id).toBe('fact-series-closing-line');
  });

  it('given a setting on one track only, records on the other tracks are left out', () => {
    // The series without the film: the series plot within it shows, the film's plot does not.
    expect(index.search('car accident', { horizon: sp('series-2') })[0]?.id).toBe('fact-series-plot-nam-gyu-fate');
    const seriesOnly = index.search('jae-hee heung-soo', { horizon: sp('series-8'), limit: 100 });
    expect(seriesOnly.some((h) => h.spoiler.kind === 'film' || h.spoiler.kind === 'novel')).toBe(false);
    const filmOnly = index.search('car accident', { horizon: sp('film'), limit: 100 });
    expect(filmOnly.some((h) => h.spoiler.kind === 'series' || h.spoiler.kind === 'novel')).toBe(false);
  });

  it('given a limit, at most that many hits come back (default 10, capped at 100)', () => {
    expect(index.search('a', { limit: 3 })).toHaveLength(3);
    expect(index.search('e').length).toBeLessThanOrEqual(10);
    expect(index.search('e', { limit: 10_000 }).length).toBeLessThanOrEqual(100);
    expect(index.search('e', { limit: 0 }).length).toBe(1);
    expect(index.search('e', { limit: Number.NaN }).length).toBeLessThanOrEqual(10);
  });

  it('given the same query twice, the order is identical (ties broken deterministically)', () => {
    for (const q of ['j', 'young', 'film', 'love', '2024', 'director']) {
      expect(index.search(q, { limit: 50 })).toEqual(index.search(q, { limit: 50 }));
    }
    expect(createSearchIndex(dataset).search('j', { limit: 50 })).toEqual(index.search('j', { limit: 50 }));
  });

  it('given every entry, labels are non-empty and fit a Discord choice name (≤100 characters)', () => {
    const hits = [...'abcdefghijklmnopqrstuvwxyz'].flatMap((c) => index.search(c, { limit: 100 }));
    expect(hits.length).toBeGreaterThan(50);
    for (const h of hits) {
      expect(h.label.length).toBeGreaterThan(0);
      expect(h.label.length).toBeLessThanOrEqual(100);
    }
  });

  it('given the index, every entity and fact is in it exactly once, a fact that restates an award as that award', () => {
    const own = dataset.facts.filter((f) => f.restates === undefined);
    const expected =
      dataset.people.length + dataset.characters.length + 3 + dataset.series.acts.length + dataset.novel.stories.length + dataset.awards.length + own.length + 13;
    expect(index.size).toBe(expected);
    for (const f of own) expect(index.search(f.title, { kinds: ['fact'] })[0]?.id, f.id).toBe(f.id);
    for (const f of dataset.facts.filter((x) => x.restates !== undefined)) {
      expect(index.search(f.title, { kinds: ['fact'] }).map((h) => h.id)).not.toContain(f.id);
      expect(index.get('award', f.restates ?? ''), f.id).toBeDefined();
    }
    for (const p of dataset.people) expect(index.search(p.name, { kinds: ['person'] })[0]?.id, p.id).toBe(p.id);
  });
});

describe('search: bad input', () => {
  it.each([
    ['empty', ''],
    ['whitespace', '   \t\n '],
    ['punctuation only', '!!!???...'],
    ['emoji', '🙂🙂🙂'],
    ['control and zero-width characters', '\u0000\u200b\u0007'],
    ['lone surrogate', '\ud800'],
  ])('given %s input, search returns [] without throwing', (_name, query) => {
    expect(index.search(query)).toEqual([]);
  });

  it('given gibberish, nothing matches', () => {
    expect(index.search('xqzvwk')).toEqual([]);
  });

  it('given a 10,000-character query, search returns without throwing', () => {
    expect(() => index.search('x'.repeat(10_000))).not.toThrow();
    expect(() => index.search('노상현 '.repeat(2_500))).not.toThrow();
    expect(() => index.search('Jae-hee '.repeat(1_250), { limit: 25 })).not.toThrow();
  });

  it('given a value that is not a string at runtime (a bad option payload), search returns []', () => {
    expect(index.search(undefined as unknown as string)).toEqual([]);
    expect(index.search(42 as unknown as string)).toEqual([]);
  });
});

describe('search: get by kind and id', () => {
  it('given a kind and id from an autocomplete value, get returns that entry as an exact hit', () => {
    const hit = index.get('character', 'film-heung-soo');
    expect(hit?.kind).toBe('character');
    expect(hit?.label).toBe('Heung-soo (흥수) — film');
    expect(hit?.score).toBe(1000);
    const act = index.get('act', 'act-3');
    expect(act?.kind === 'act' ? act.record.number : undefined).toBe(3);
    const detail = index.get('detail', 'film-world-premiere');
    expect(detail?.kind === 'detail' ? detail.record.statement : '').toContain('September 13, 2024');
  });

  it('given an unknown id or the wrong kind, get returns undefined', () => {
    expect(index.get('character', 'nobody')).toBeUndefined();
    expect(index.get('person', 'film-heung-soo')).toBeUndefined();
  });
});

describe('search: the index built on first use', () => {
  it('given a lazy index, it answers every query, lookup and size as the index built at once', () => {
    const lazy = lazySearchIndex(dataset);
    for (const query of ['Noh Sang-hyun', '노상현', 'who directed the film', 'ㄱㄱㅇ', 'zzzz']) expect(lazy.search(query, { limit: 5 })).toEqual(index.search(query, { limit: 5 }));
    expect(lazy.get('person', 'noh-sang-hyun')).toEqual(index.get('person', 'noh-sang-hyun'));
    expect(lazy.size).toBe(index.size);
  });
});

import { describe, expect, it } from 'vitest';
import { dataset } from '../../src/data/dataset.js';
import { DatasetError, HANGUL_EXEMPTIONS, loadDataset, validateDataset } from '../../src/data/validate.js';
import { asDataset, brokenCopy, byId, type MutableDataset } from './helpers.js';

function errorOf(d: MutableDataset): DatasetError {
  try {
    validateDataset(asDataset(d));
  } catch (error) {
    if (error instanceof DatasetError) return error;
    throw error;
  }
  throw new Error('expected validateDataset to throw a DatasetError');
}

describe('validateDataset', () => {
  it('given the built-in dataset, validation passes and loadDataset returns it', () => {
    expect(() => validateDataset(dataset)).not.toThrow();
    expect(loadDataset()).toBe(dataset);
  });

  it('given a role pointing at a person who does not exist, the error names the role and personId', () => {
    const d = brokenCopy();
    byId(d.roles, 'role-film-jae-hee').personId = 'nobody';
    expect(errorOf(d).message).toBe('role "role-film-jae-hee": personId "nobody" does not resolve to a person');
  });

  it('given a role pointing at a missing character, the error names the characterId', () => {
    const d = brokenCopy();
    byId(d.roles, 'role-series-gyu-ho').characterId = 'series-nobody';
    expect(errorOf(d).message).toContain('role "role-series-gyu-ho": characterId "series-nobody" does not resolve to a character');
  });

  it('given a role whose production differs from its character, the error names the production field', () => {
    const d = brokenCopy();
    byId(d.roles, 'role-series-gyu-ho').production = 'film';
    expect(errorOf(d).message).toContain('role "role-series-gyu-ho": production is "film" but character "series-gyu-ho" belongs to "series"');
  });

  it('given a crew credit for a missing person, the error names the credit and personId', () => {
    const d = brokenCopy();
    byId(d.crew, 'crew-series-act-3-director').personId = 'hong-ji-yong';
    expect(errorOf(d).message).toContain('crew "crew-series-act-3-director": personId "hong-ji-yong" does not resolve to a person');
  });

  it('given an act director for an act that does not exist, the error names the act field', () => {
    const d = brokenCopy();
    byId(d.crew, 'crew-series-act-4-director').act = 5;
    const message = errorOf(d).message;
    expect(message).toContain('crew "crew-series-act-4-director": act 5 does not resolve to an act of the series');
    expect(message).toContain('act "act-4": director is missing');
  });

  it('given an award for a missing story or person, the error names the recipient', () => {
    const d = brokenCopy();
    byId(d.awards, 'award-young-writers-2019').recipient = { story: 9 };
    byId(d.awards, 'award-blue-dragon-2024').recipient = { personId: 'noh-sang-hyeon' };
    const message = errorOf(d).message;
    expect(message).toContain('award "award-young-writers-2019": recipient.story 9 does not resolve to a story of the novel');
    expect(message).toContain('award "award-blue-dragon-2024": recipient.personId "noh-sang-hyeon" does not resolve to a person');
  });

  it('given a translator id that is not a person, the error names translation.translatorId', () => {
    const d = brokenCopy();
    d.novel.translation.translatorId = 'anton';
    expect(errorOf(d).message).toContain('novel "novel": translation.translatorId "anton" does not resolve to a person');
  });

  it('given an act or the film adapting a story that does not exist, the error names the field', () => {
    const d = brokenCopy();
    const act = d.series.acts[1];
    if (!act) throw new Error('fixture has no act 2');
    act.story = 7;
    d.film.basedOnStory = 0;
    const message = errorOf(d).message;
    expect(message).toContain('act "act-2": story 7 does not resolve to a story of the novel');
    expect(message).toContain('film "film": basedOnStory 0 does not resolve to a story of the novel');
  });

  it('given a fact with no sources, the error says the fact is unsourced', () => {
    const d = brokenCopy();
    byId(d.facts, 'fact-film-train-scene-cg').sources = [];
    expect(errorOf(d).message).toBe('fact "fact-film-train-scene-cg": sources is empty: every record needs at least one source');
  });

  it('given a plot entry with no sources, the error names the plot entry', () => {
    const d = brokenCopy();
    const plot = byId(d.characters, 'series-nam-gyu').plot?.[1];
    if (!plot) throw new Error('fixture has no plot entry');
    plot.sources = [];
    expect(errorOf(d).message).toContain('character "series-nam-gyu": plot[1].sources is empty');
  });

  it('given two records with the same id, even of different kinds, the error names the duplicate', () => {
    const d = brokenCopy();
    byId(d.facts, 'fact-film-train-scene-cg').id = 'kim-go-eun';
    expect(errorOf(d).message).toBe('fact "kim-go-eun": id "kim-go-eun" is already used by person "kim-go-eun"');
  });

  it('given a fact whose id takes a derived search id (act-2, film-world-premiere), the error names the clash', () => {
    const d = brokenCopy();
    byId(d.facts, 'fact-series-bangkok').id = 'act-2';
    byId(d.facts, 'fact-film-train-scene-cg').id = 'film-world-premiere';
    const message = errorOf(d).message;
    expect(message).toContain('fact "act-2": id "act-2" is already used by act "act-2"');
    expect(message).toContain('detail "film-world-premiere": id "film-world-premiere" is already used by fact "film-world-premiere"');
  });

  it('given an id that is not lowercase kebab-case, the error names the id', () => {
    const d = brokenCopy();
    byId(d.people, 'kim-se-in').id = 'Kim_Se_in';
    expect(errorOf(d).message).toContain('person "Kim_Se_in": id is not lowercase kebab-case');
  });

  it('given a source reference that VERIFIED.md does not list (35) or an unknown article, the error names it', () => {
    const d = brokenCopy();
    byId(d.people, 'kwon-hyuk').sources = ['verified:35'];
    byId(d.facts, 'fact-series-bangkok').sources = ['verified:24', 'article:004'];
    byId(d.awards, 'award-booker-2022').sources = ['verified:47'];
    const message = errorOf(d).message;
    expect(message).toContain('person "kwon-hyuk": sources[0] "verified:35" is not a known source');
    expect(message).toContain('fact "fact-series-bangkok": sources[1] "article:004" is not a known source');
    expect(message).toContain('award "award-booker-2022": sources[0] "verified:47" is not a known source');
  });

  it('given a person or character without Hangul and no exemption, the error names the hangul field', () => {
    const d = brokenCopy();
    delete byId(d.people, 'kim-go-eun').hangul;
    delete byId(d.characters, 'series-gyu-ho').hangul;
    const message = errorOf(d).message;
    expect(message).toContain('person "kim-go-eun": hangul is missing');
    expect(message).toContain('character "series-gyu-ho": hangul is missing');
  });

  it('given an exempt record that gains Hangul, the stale exemption is reported', () => {
    const d = brokenCopy();
    byId(d.people, 'anton-hur').hangul = '허정범';
    expect(errorOf(d).message).toContain('person "anton-hur": hangul is present but the id is listed in HANGUL_EXEMPTIONS');
  });

  it('given Hangul written in Latin letters, the error says it is not Hangul', () => {
    const d = brokenCopy();
    byId(d.people, 'jin-ho-eun').hangul = 'Jin Ho-eun';
    expect(errorOf(d).message).toContain('person "jin-ho-eun": hangul "Jin Ho-eun" is not written in Hangul');
  });

  it('given the exemption list, every exempt id is a real record without Hangul (and Anton Hur is exempt)', () => {
    const records = [...dataset.people, ...dataset.characters];
    for (const id of HANGUL_EXEMPTIONS.keys()) {
      const record = records.find((r) => r.id === id);
      expect(record, id).toBeDefined();
      expect(record?.hangul, id).toBeUndefined();
    }
    expect(HANGUL_EXEMPTIONS.has('anton-hur')).toBe(true);
  });

  it('given acts that overlap or leave a gap, the error names the act episodes', () => {
    const d = brokenCopy();
    const act3 = d.series.acts[2];
    if (!act3) throw new Error('fixture has no act 3');
    act3.episodes = [4, 6];
    const message = errorOf(d).message;
    expect(message).toContain('act "act-3": episodes start at episode 4, expected 5');
    expect(message).toContain('act "act-3": episodes [4, 6] span 3 episodes; every act must span 2');
  });

  it('given acts that stop short of the last episode, the series acts field is reported', () => {
    const d = brokenCopy();
    d.series.episodeCount = 10;
    expect(errorOf(d).message).toContain('series "series": acts cover episodes 1–8 but the series has 10');
  });

  it('given a spoiler episode outside 1–8 or a story outside 1–4, the error names the spoiler', () => {
    const d = brokenCopy();
    byId(d.facts, 'fact-series-closing-line').spoiler = { kind: 'series', episode: 9 };
    byId(d.facts, 'fact-novel-story-1-friendship').spoiler = { kind: 'novel', story: 5 };
    const message = errorOf(d).message;
    expect(message).toContain('fact "fact-series-closing-line": spoiler.episode 9 is outside the series\' episodes 1–8');
    expect(message).toContain('fact "fact-novel-story-1-friendship": spoiler.story 5 is not a story of the novel');
  });

  it('given a production record (a role) with a plot spoiler marker, the error says it must be none', () => {
    const d = brokenCopy();
    byId(d.roles, 'role-series-nam-gyu').spoiler = { kind: 'series', episode: 2 };
    expect(errorOf(d).message).toContain('role "role-series-nam-gyu": spoiler must be "none"');
  });

  it('given an impossible date, the error names the date field', () => {
    const d = brokenCopy();
    d.film.koreanRelease = '2024-02-30';
    byId(d.facts, 'fact-series-main-trailer').date = '2024-13-18';
    const message = errorOf(d).message;
    expect(message).toContain('film "film": koreanRelease "2024-02-30" is not a valid ISO date');
    expect(message).toContain('fact "fact-series-main-trailer": date "2024-13-18" is not a valid ISO date');
  });

  it('given two people sharing a name, the alias clash is reported', () => {
    const d = brokenCopy();
    byId(d.people, 'kim-se-in').aliases = ['Steve Noh'];
    expect(errorOf(d).message).toContain('person "kim-se-in": aliases "Steve Noh" is also a name of person "noh-sang-hyun"');
  });

  it('given a correction that blames a non-article source, the error names the correction', () => {
    const d = brokenCopy();
    const correction = d.film.corrections?.[0];
    if (!correction) throw new Error('fixture has no film correction');
    correction.article = 'verified:1';
    expect(errorOf(d).message).toContain('film "film": corrections[0].article "verified:1" is not one of the articles');
  });

  it('given several problems, the error lists each on its own line and keeps them in .problems', () => {
    const d = brokenCopy();
    byId(d.roles, 'role-film-jae-hee').personId = 'nobody';
    byId(d.facts, 'fact-film-train-scene-cg').sources = [];
    const error = errorOf(d);
    expect(error.problems).toHaveLength(2);
    expect(error.problems[0]).toMatchObject({ kind: 'role', id: 'role-film-jae-hee', field: 'personId' });
    expect(error.problems[1]).toMatchObject({ kind: 'fact', id: 'fact-film-train-scene-cg', field: 'sources' });
    expect(error.message.split('\n')[0]).toBe('role "role-film-jae-hee": personId "nobody" does not resolve to a person');
    expect(error.message).toContain('(2 problems in the dataset)');
  });
});

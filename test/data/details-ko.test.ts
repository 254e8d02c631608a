/**
 * The dataset's side of the Korean look-ups and the named sources: every derived production fact
 * has its Korean, every correction has a note a reader understands in both languages, every source
 * has a publication name a fan recognises, and footers name at most three, the best first.
 */
import { describe, expect, it } from 'vitest';
import { dataset } from '../../src/data/dataset.js';
import { productionDetails } from '../../src/data/details.js';
import type { Correction } from '../../src/data/schema.js';
import { citedPublications, SOURCE_CATALOGUE, VERIFIED_SOURCES } from '../../src/data/sources.js';
import { DatasetError, validateDataset } from '../../src/data/validate.js';
import { MAX_FOOTER_SOURCES, sourcesFooter } from '../../src/discord/format.js';
import { correctionKey, correctionNote } from '../../src/discord/lookup-view.js';
import { lookups } from '../../src/i18n/messages/lookups.js';
import { asDataset, brokenCopy, byId } from './helpers.js';

const HANGUL = /[가-힣]/u;

/** Every correction anywhere in the dataset, with where it is. */
function allCorrections(): { where: string; correction: Correction }[] {
  const records: { id: string; corrections?: readonly Correction[] }[] = [
    dataset.novel,
    dataset.film,
    dataset.series,
    ...dataset.people,
    ...dataset.characters,
    ...dataset.roles,
    ...dataset.crew,
    ...dataset.awards,
    ...dataset.facts,
    ...productionDetails(dataset),
  ];
  return records.flatMap((r) => (r.corrections ?? []).map((correction) => ({ where: r.id, correction })));
}

describe('derived production facts in Korean', () => {
  it.each(productionDetails(dataset).map((f) => [f.id, f] as const))('given %s, its Korean title and statement are Korean sentences with no placeholder', (_id, detail) => {
    expect(detail.ko?.title).toMatch(HANGUL);
    expect(detail.ko?.statement).toMatch(HANGUL);
    expect(detail.ko?.statement).toMatch(/(요|다)\.$/u);
    expect(`${detail.ko?.title} ${detail.ko?.statement}`).not.toMatch(/undefined|NaN|\{|\}/);
    // English titles of works and places are written in Korean (Anton Hur has no Hangul name).
    expect(detail.ko?.statement.replace('Anton Hur', '')).not.toMatch(/[A-Za-z]{3,}\s+[A-Za-z]{3,}/);
  });

  it('given the release date, the detail that states it carries the correction of the wrong date', () => {
    const release = productionDetails(dataset).find((f) => f.id === 'film-korean-release');
    expect(release?.corrections?.map(correctionKey)).toEqual(['releaseDate']);
  });

  it('given a Korean statement, the particles after names are chosen by their last syllable', () => {
    const byId = new Map(productionDetails(dataset).map((f) => [f.id, f.ko?.statement ?? '']));
    expect(byId.get('film-distribution')).toBe('영화는 플러스엠 엔터테인먼트가 배급하고 쇼박스와 고래와유기농이 제작했어요.');
    expect(byId.get('novel-publication')).toMatch(/^소설 『대도시의 사랑법』은 2019년 6월 28일 창비에서/);
    expect(byId.get('film-source-story')).toBe('영화의 원작은 소설에 실린 4편 가운데 첫 번째 이야기 「재희」예요.');
  });
});

describe('corrections a reader understands', () => {
  it.each(allCorrections().map(({ where, correction }) => [where, correction.claimed, correction] as const))(
    'given the correction on %s ("%s"), it has a note in both languages that names no internal reference',
    (_where, _claimed, correction) => {
      expect(correctionKey(correction)).toBeDefined();
      const en = correctionNote(correction, 'en');
      const ko = correctionNote(correction, 'ko');
      expect(ko).toMatch(HANGUL);
      expect(ko).toMatch(/요\.$/u);
      for (const note of [en, ko]) expect(note).not.toMatch(/article|VERIFIED|#\d|\{|\}/i);
    },
  );

  it('given the typo corrections, the note says what the typo was', () => {
    expect(lookups.en.corrections.jaeJee).toContain('"Jae-jee"');
    expect(lookups.ko.corrections.jaeJee).toContain('‘Jae-jee’');
    expect(lookups.en.corrections.steven).toContain('"Steven Sanghyun Noh"');
  });
});

describe('sources named for people', () => {
  it('given every article and numbered source, it has a publication name in both languages and an authority', () => {
    for (const info of SOURCE_CATALOGUE.values()) {
      expect(info.publication.en.trim(), info.ref).not.toBe('');
      expect(info.publication.ko.trim(), info.ref).not.toBe('');
      for (const name of [info.publication.en, info.publication.ko]) expect(name, info.ref).not.toMatch(/\.(com|kr|net|ie)\b|\/|newsId|\d{6,}/);
      expect([1, 2, 3, 4, 5]).toContain(info.authority);
    }
    // Curators keep the numbered list: every VERIFIED.md number still has its description.
    for (const s of VERIFIED_SOURCES) expect(s.title.trim(), s.ref).not.toBe('');
  });

  it('given reposts of one publication, they count once, the most authoritative first, at most three', () => {
    const cited = citedPublications(['verified:4', 'verified:6', 'verified:10', 'article:002', 'verified:1', 'verified:21', 'verified:36']);
    expect(cited.map((c) => c.en)).toEqual(['Sogang University Library', 'Korea JoongAng Daily', 'Wikipedia']);
    expect(citedPublications(['verified:4', 'verified:6', 'article:002']).map((c) => c.en)).toEqual(['Daum News', 'The Asian Cut review']);
  });

  it('given the most-cited record, the footer names three publications in the reader\'s language and no numbers', () => {
    const refs = [...dataset.film.sources, ...dataset.film.worldPremiere.sources];
    const en = sourcesFooter(refs, 'en');
    const ko = sourcesFooter(refs, 'ko');
    expect(en).toMatch(/^Sources: [^·]+ · [^·]+ · [^·]+$/);
    expect(ko).toMatch(/^출처: [^·]+ · [^·]+ · [^·]+$/);
    expect(`${en} ${ko}`).not.toMatch(/VERIFIED|#\d|article/);
    expect(MAX_FOOTER_SOURCES).toBe(3);
  });
});

describe('validation of the Korean fields', () => {
  it('given a character without its Korean one-liner, validation names the record and the field', () => {
    const d = brokenCopy();
    delete byId(d.characters, 'series-gyu-ho').descriptionKo;
    expect(() => validateDataset(asDataset(d))).toThrow(DatasetError);
    try {
      validateDataset(asDataset(d));
    } catch (err) {
      expect((err as DatasetError).message).toBe('character "series-gyu-ho": descriptionKo is missing (Korean replies need it)');
    }
  });

  it('given Korean titles of other work that do not match the English list, validation says how many are needed', () => {
    const d = brokenCopy();
    byId(d.people, 'kim-go-eun').knownForKo = ['〈파묘〉'];
    expect(() => validateDataset(asDataset(d))).toThrow('person "kim-go-eun": knownForKo must give one Korean entry for each of the 2 English ones');
  });

  it('given an award name in Korean with no Hangul, validation refuses it', () => {
    const d = brokenCopy();
    byId(d.awards, 'award-booker-2022').nameKo = 'International Booker Prize';
    expect(() => validateDataset(asDataset(d))).toThrow('award "award-booker-2022": nameKo "International Booker Prize" has no Hangul');
  });
});

/**
 * Key production facts derived from the structured records (premiere, release, runtime…), in the
 * shape of a {@link Fact}, so search and `/fact` can find and show them ("tiff" → the world
 * premiere) without the dataset stating them twice. Each has its Korean title and statement
 * (`ko`), written as a Korean fan would say it, and Korean keywords for search.
 */
import { formatDateKo, ordinalKo } from '../i18n/messages/lookups.js';
import { particleFor, withParticle } from '../i18n/josa.js';
import { formatDate, formatNumber, withHangul } from './format.js';
import type { Dataset, Fact } from './schema.js';

const NONE = { kind: 'none' } as const;

/** "로열 알렉산드라 극장이었어요" / "…였어요": the past of 이에요/예요, chosen by the last syllable. */
function pastCopulaKo(word: string): string {
  return `${word}${particleFor(word, '이에요/예요') === '이에요' ? '이었어요' : '였어요'}`;
}

/** "쇼박스와 고래와유기농": Korean lists joined with 와/과, the particle chosen by each word. */
function andKo(items: readonly string[]): string {
  return items.map((item, i) => (i < items.length - 1 ? `${item}${particleFor(item, '와/과')}` : item)).join(' ');
}

/** The derived production facts of `d`, in a fixed order. Their ids never collide with record ids (validation checks). */
export function productionDetails(d: Dataset): Fact[] {
  const { novel, film, series } = d;
  const translator = d.people.find((p) => p.id === novel.translation.translatorId);
  const basedOn = novel.stories.find((s) => s.number === film.basedOnStory);
  const p = film.worldPremiere;
  const platformKo = series.platformKo ?? series.platform;
  const englishPlatformKo = series.englishRelease.platformKo ?? series.englishRelease.platform;
  const details: Fact[] = [
    {
      id: 'novel-publication',
      production: 'novel',
      title: 'Publication of the novel',
      statement: `${withHangul(novel.titleEn, novel.titleKo)} was published by ${withHangul(novel.publisher.name, novel.publisher.hangul)} on ${formatDate(novel.published)}, as ${novel.stories.length} linked stories.`,
      keywords: ['published', 'publisher', novel.publisher.name, novel.publisher.hangul, 'publication date', String(novel.year), 'book', '출간', '출판사', '출간일', '책'],
      ko: {
        title: '소설 출간',
        statement: `소설 ${withParticle(`『${novel.titleKo}』`, '은/는')} ${formatDateKo(novel.published)} ${novel.publisher.hangul}에서 연작소설 ${novel.stories.length}편을 묶어 나왔어요.`,
      },
      prominence: 'main',
      sources: novel.sources,
      spoiler: NONE,
    },
    {
      id: 'novel-translation',
      production: 'novel',
      title: 'The English translation',
      statement: `The English translation by ${translator?.name ?? novel.translation.translatorId} came out in ${novel.translation.year} (${novel.translation.publishers.join(', ')}).`,
      keywords: ['translation', 'translator', 'english edition', 'translated', ...novel.translation.publishers, '번역', '번역가', '영어판', '영문판'],
      ko: {
        title: '영어 번역본',
        statement: `영어 번역본은 ${translator?.hangul ?? translator?.name ?? novel.translation.translatorId}의 번역으로 ${novel.translation.year}년 ${(novel.translation.publishersKo ?? novel.translation.publishers).join('·')}에서 나왔어요.`,
      },
      prominence: 'main',
      sources: translator?.sources ?? novel.sources,
      spoiler: NONE,
    },
    {
      id: 'film-world-premiere',
      production: 'film',
      title: `Film world premiere: ${film.worldPremiere.festival}`,
      statement: `The film had its world premiere on ${formatDate(film.worldPremiere.date)} at the ${film.worldPremiere.festival} (${film.worldPremiere.section}, ${film.worldPremiere.venue}).`,
      keywords: ['tiff', 'toronto', 'premiere', 'world premiere', 'festival', film.worldPremiere.section, film.worldPremiere.venue, '토론토', '영화제', '월드 프리미어', '첫 상영', '초청'],
      ko: {
        title: `영화 월드 프리미어: ${p.festivalKo ?? p.festival}`,
        statement: `영화는 ${formatDateKo(p.date)} ${p.festivalKo ?? p.festival} ${p.sectionKo ?? p.section} 부문에서 월드 프리미어로 처음 상영됐어요. 상영관은 ${pastCopulaKo(p.venueKo ?? p.venue)}.`,
      },
      prominence: 'lead',
      sources: film.worldPremiere.sources,
      spoiler: NONE,
    },
    {
      id: 'film-korean-release',
      production: 'film',
      title: 'Korean release of the film',
      statement: `The film opened in Korean cinemas on ${formatDate(film.koreanRelease)}.`,
      keywords: ['release', 'release date', 'korea', 'cinemas', 'theatrical release', 'opening', '개봉', '개봉일', '극장 개봉', '언제 개봉'],
      ko: { title: '영화 국내 개봉일', statement: `영화는 ${formatDateKo(film.koreanRelease)} 국내 극장에서 개봉했어요.` },
      prominence: 'lead',
      sources: film.sources,
      spoiler: NONE,
      // The date an article got wrong is stated here, so its correction is shown here too.
      ...(film.corrections ? { corrections: film.corrections } : {}),
    },
    {
      id: 'film-runtime',
      production: 'film',
      title: 'Runtime of the film',
      statement: `The film runs ${film.runtimeMinutes} minutes.`,
      keywords: ['runtime', 'running time', 'length', 'minutes', 'duration', 'how long', '러닝타임', '상영 시간', '몇 분'],
      ko: { title: '영화 러닝타임', statement: `영화의 러닝타임은 ${film.runtimeMinutes}분이에요.` },
      prominence: 'main',
      sources: film.sources,
      spoiler: NONE,
    },
    {
      id: 'film-rating',
      production: 'film',
      title: 'Age rating of the film',
      statement: `The film is rated ${film.rating} in Korea.`,
      keywords: ['rating', 'age rating', 'certificate', film.rating, '관람 등급', '등급', '관람가'],
      ko: { title: '영화 관람 등급', statement: `영화는 국내에서 ${film.ratingKo ?? film.rating} 등급을 받았어요.` },
      prominence: 'supporting',
      sources: film.sources,
      spoiler: NONE,
    },
    {
      id: 'film-distribution',
      production: 'film',
      title: 'Distributor and production companies',
      statement: `The film is distributed by ${withHangul(film.distributor.name, film.distributor.hangul)} and produced by ${film.production.join(' and ')}.`,
      keywords: ['distributor', 'distribution', 'production company', 'studio', film.distributor.name, film.distributor.hangul, ...film.production, '배급', '배급사', '제작사', '제작'],
      ko: {
        title: '배급사와 제작사',
        statement: `영화는 ${withParticle(film.distributor.hangul, '이/가')} 배급하고 ${withParticle(andKo(film.productionKo ?? film.production), '이/가')} 제작했어요.`,
      },
      prominence: 'supporting',
      sources: film.sources,
      spoiler: NONE,
    },
    {
      id: 'film-box-office',
      production: 'film',
      title: 'Box office of the film',
      statement: `The film drew ${formatNumber(film.boxOffice.openingDayAdmissions)} admissions on opening day, ${formatNumber(film.boxOffice.openingWeekendAdmissions)} over the first weekend, and about US$${(film.boxOffice.grossUsd / 1_000_000).toFixed(2)} million by ${formatDate(film.boxOffice.grossAsOf)}.`,
      keywords: ['box office', 'admissions', 'gross', 'tickets', 'opening day', 'opening weekend', '흥행', '관객 수', '관객', '박스오피스', '매출'],
      ko: {
        title: '영화 흥행 성적',
        statement: `영화는 개봉 첫날 ${formatNumber(film.boxOffice.openingDayAdmissions)}명, 첫 주말까지 ${formatNumber(film.boxOffice.openingWeekendAdmissions)}명의 관객을 모았고, ${formatDateKo(film.boxOffice.grossAsOf)}까지 약 ${formatNumber(film.boxOffice.grossUsd / 10_000)}만 달러의 수익을 올렸어요.`,
      },
      prominence: 'supporting',
      sources: film.sources,
      spoiler: NONE,
    },
    {
      id: 'film-source-story',
      production: 'film',
      title: 'What the film is based on',
      statement: basedOn
        ? `The film is based on "${basedOn.titleEn}" (${basedOn.titleKo}), story ${basedOn.number} of the novel's ${novel.stories.length}.`
        : `The film is based on story ${film.basedOnStory} of the novel.`,
      keywords: ['based on', 'source story', 'adaptation', 'adapted from', ...(basedOn ? [basedOn.titleEn, basedOn.titleKo] : []), '원작', '원작 소설'],
      ko: {
        title: '영화의 원작',
        statement: basedOn
          ? `영화의 원작은 소설에 실린 ${novel.stories.length}편 가운데 ${ordinalKo(basedOn.number)} 이야기 ${withParticle(`「${basedOn.titleKo}」`, '이에요/예요')}.`
          : `영화의 원작은 소설의 ${ordinalKo(film.basedOnStory)} 이야기예요.`,
      },
      prominence: 'main',
      sources: basedOn?.sources ?? film.sources,
      spoiler: NONE,
    },
    {
      id: 'series-premiere',
      production: 'series',
      title: 'Premiere of the series',
      statement: `The series premiered on ${series.platform} on ${formatDate(series.premiere)}.`,
      keywords: ['premiere', 'release', 'release date', series.platform, 'streaming', platformKo, '공개', '공개일', '방영', '첫 방송'],
      ko: { title: '시리즈 공개일', statement: `시리즈는 ${formatDateKo(series.premiere)} ${platformKo}에서 ${series.episodeCount}회 전편이 한꺼번에 공개됐어요.` },
      prominence: 'lead',
      sources: series.sources,
      spoiler: NONE,
    },
    {
      id: 'series-format',
      production: 'series',
      title: 'Format of the series',
      statement: `${series.episodeCount} episodes of about ${series.episodeMinutes} minutes, in ${series.acts.length} acts of ${series.episodeCount / Math.max(1, series.acts.length)} episodes, each by a different director.`,
      keywords: ['episodes', 'how many episodes', 'episode count', 'format', 'acts', 'parts', 'episode length', '회차', '몇 부작', '부작', '구성', '막'],
      ko: {
        title: '시리즈 구성',
        statement: `약 ${series.episodeMinutes}분 분량의 ${series.episodeCount}부작으로, ${series.episodeCount / Math.max(1, series.acts.length)}회씩 ${series.acts.length}막으로 나뉘고 막마다 감독이 달라요.`,
      },
      prominence: 'main',
      sources: series.sources,
      spoiler: NONE,
    },
    {
      id: 'series-rating',
      production: 'series',
      title: 'Age rating of the series',
      statement: `The series is rated ${series.rating} (rated on ${formatDate(series.ratedOn)}).`,
      keywords: ['rating', 'age rating', 'adults only', series.rating, '관람 등급', '등급', '청소년 관람불가'],
      ko: { title: '시리즈 관람 등급', statement: `시리즈는 ${formatDateKo(series.ratedOn)} ${series.ratingKo ?? series.rating} 등급을 받았어요.` },
      prominence: 'supporting',
      sources: series.sources,
      spoiler: NONE,
    },
    {
      id: 'series-english-release',
      production: 'series',
      title: 'Watching the series in English',
      statement: `The series streams in English on ${series.englishRelease.platform} from ${formatDate(series.englishRelease.date)}, ${series.englishRelease.note}.`,
      keywords: ['english', 'subtitles', 'viki', 'rakuten', 'where to watch', 'streaming', series.englishRelease.platform, englishPlatformKo, '영어 자막', '해외', '어디서 봐'],
      ko: {
        title: '영어로 시리즈 보기',
        statement: `${series.englishRelease.noteKo ?? series.englishRelease.note}에서는 ${formatDateKo(series.englishRelease.date)}부터 ${englishPlatformKo}에서 영어 자막으로 볼 수 있어요.`,
      },
      prominence: 'supporting',
      sources: series.sources,
      spoiler: NONE,
    },
  ];
  return details;
}

/**
 * Key production facts derived from the structured records (premiere, release, runtime…), in the
 * shape of a {@link Fact}, so search and `/fact` can find and show them ("tiff" → the world
 * premiere) without the dataset stating them twice.
 */
import { formatDate, formatNumber, withHangul } from './format.js';
import type { Dataset, Fact } from './schema.js';

const NONE = { kind: 'none' } as const;

/** The derived production facts of `d`, in a fixed order. Their ids never collide with record ids (validation checks). */
export function productionDetails(d: Dataset): Fact[] {
  const { novel, film, series } = d;
  const translator = d.people.find((p) => p.id === novel.translation.translatorId);
  const basedOn = novel.stories.find((s) => s.number === film.basedOnStory);
  const details: Fact[] = [
    {
      id: 'novel-publication',
      production: 'novel',
      title: 'Publication of the novel',
      statement: `${withHangul(novel.titleEn, novel.titleKo)} was published by ${withHangul(novel.publisher.name, novel.publisher.hangul)} on ${formatDate(novel.published)}, as ${novel.stories.length} linked stories.`,
      keywords: ['published', 'publisher', novel.publisher.name, novel.publisher.hangul, 'publication date', String(novel.year), 'book'],
      prominence: 'main',
      sources: novel.sources,
      spoiler: NONE,
    },
    {
      id: 'novel-translation',
      production: 'novel',
      title: 'The English translation',
      statement: `The English translation by ${translator?.name ?? novel.translation.translatorId} came out in ${novel.translation.year} (${novel.translation.publishers.join(', ')}).`,
      keywords: ['translation', 'translator', 'english edition', 'translated', ...novel.translation.publishers],
      prominence: 'main',
      sources: translator?.sources ?? novel.sources,
      spoiler: NONE,
    },
    {
      id: 'film-world-premiere',
      production: 'film',
      title: `Film world premiere: ${film.worldPremiere.festival}`,
      statement: `The film had its world premiere on ${formatDate(film.worldPremiere.date)} at the ${film.worldPremiere.festival} (${film.worldPremiere.section}, ${film.worldPremiere.venue}).`,
      keywords: ['tiff', 'toronto', 'premiere', 'world premiere', 'festival', film.worldPremiere.section, film.worldPremiere.venue],
      prominence: 'lead',
      sources: film.worldPremiere.sources,
      spoiler: NONE,
    },
    {
      id: 'film-korean-release',
      production: 'film',
      title: 'Korean release of the film',
      statement: `The film opened in Korean cinemas on ${formatDate(film.koreanRelease)}.`,
      keywords: ['release', 'release date', 'korea', 'cinemas', 'theatrical release', 'opening'],
      prominence: 'lead',
      sources: film.sources,
      spoiler: NONE,
    },
    {
      id: 'film-runtime',
      production: 'film',
      title: 'Runtime of the film',
      statement: `The film runs ${film.runtimeMinutes} minutes.`,
      keywords: ['runtime', 'running time', 'length', 'minutes', 'duration', 'how long'],
      prominence: 'main',
      sources: film.sources,
      spoiler: NONE,
    },
    {
      id: 'film-rating',
      production: 'film',
      title: 'Age rating of the film',
      statement: `The film is rated ${film.rating} in Korea.`,
      keywords: ['rating', 'age rating', 'certificate', film.rating],
      prominence: 'supporting',
      sources: film.sources,
      spoiler: NONE,
    },
    {
      id: 'film-distribution',
      production: 'film',
      title: 'Distributor and production companies',
      statement: `The film is distributed by ${withHangul(film.distributor.name, film.distributor.hangul)} and produced by ${film.production.join(' and ')}.`,
      keywords: ['distributor', 'distribution', 'production company', 'studio', film.distributor.name, film.distributor.hangul, ...film.production],
      prominence: 'supporting',
      sources: film.sources,
      spoiler: NONE,
    },
    {
      id: 'film-box-office',
      production: 'film',
      title: 'Box office of the film',
      statement: `The film drew ${formatNumber(film.boxOffice.openingDayAdmissions)} admissions on opening day, ${formatNumber(film.boxOffice.openingWeekendAdmissions)} over the first weekend, and about US$${(film.boxOffice.grossUsd / 1_000_000).toFixed(2)} million by ${formatDate(film.boxOffice.grossAsOf)}.`,
      keywords: ['box office', 'admissions', 'gross', 'tickets', 'opening day', 'opening weekend'],
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
      keywords: ['based on', 'source story', 'adaptation', 'adapted from', ...(basedOn ? [basedOn.titleEn, basedOn.titleKo] : [])],
      prominence: 'main',
      sources: basedOn?.sources ?? film.sources,
      spoiler: NONE,
    },
    {
      id: 'series-premiere',
      production: 'series',
      title: 'Premiere of the series',
      statement: `The series premiered on ${series.platform} on ${formatDate(series.premiere)}.`,
      keywords: ['premiere', 'release', 'release date', series.platform, 'streaming'],
      prominence: 'lead',
      sources: series.sources,
      spoiler: NONE,
    },
    {
      id: 'series-format',
      production: 'series',
      title: 'Format of the series',
      statement: `${series.episodeCount} episodes of about ${series.episodeMinutes} minutes, in ${series.acts.length} acts of ${series.episodeCount / Math.max(1, series.acts.length)} episodes, each by a different director.`,
      keywords: ['episodes', 'how many episodes', 'episode count', 'format', 'acts', 'parts', 'episode length'],
      prominence: 'main',
      sources: series.sources,
      spoiler: NONE,
    },
    {
      id: 'series-rating',
      production: 'series',
      title: 'Age rating of the series',
      statement: `The series is rated ${series.rating} (rated on ${formatDate(series.ratedOn)}).`,
      keywords: ['rating', 'age rating', 'adults only', series.rating],
      prominence: 'supporting',
      sources: series.sources,
      spoiler: NONE,
    },
    {
      id: 'series-english-release',
      production: 'series',
      title: 'Watching the series in English',
      statement: `The series streams in English on ${series.englishRelease.platform} from ${formatDate(series.englishRelease.date)}, ${series.englishRelease.note}.`,
      keywords: ['english', 'subtitles', 'viki', 'rakuten', 'where to watch', 'streaming', series.englishRelease.platform],
      prominence: 'supporting',
      sources: series.sources,
      spoiler: NONE,
    },
  ];
  return details;
}

/**
 * Validation of the curated dataset, run at startup ({@link loadDataset}) and by
 * `scripts/data-check.ts`: curated data is checked like code, so a bad record stops the bot with a
 * message naming the record and the field instead of producing a wrong answer later.
 */
import { dataset as builtInDataset } from './dataset.js';
import { productionDetails } from './details.js';
import { isIsoDate } from './format.js';
import type { Correction, Dataset, ProductionId, SourceRef, Spoiler } from './schema.js';
import { isKnownSource } from './sources.js';
import { compact } from './text.js';

/**
 * People and characters with no confirmed Hangul name (VERIFIED.md gives none), by id, with the
 * reason. Everyone else must have one. An exemption for a record that does have Hangul is itself
 * an error, so the list cannot silently go stale.
 */
export const HANGUL_EXEMPTIONS: ReadonlyMap<string, string> = new Map([
  ['anton-hur', 'translator known by his English name; VERIFIED.md gives no Hangul'],
  ['film-heung-soo-mother', 'credited by description ("Heung-soo\'s mother"), not by a name'],
  ['film-min-jun', 'VERIFIED.md gives the English name only'],
  ['film-jun-su', 'VERIFIED.md gives the English name only'],
  ['film-tattooist', 'credited by description ("a tattooist ex-boyfriend"), not by a name'],
  ['film-sun-woo', 'VERIFIED.md gives the English name only'],
  ['series-eun-soo', 'named only in article 003, in English'],
  ['series-ho-min', 'named only in article 003, in English'],
  ['series-ji-tae', 'named only in article 003, in English'],
  ['novel-young', "VERIFIED.md gives 고영 for the series' Go Young only, not the novel's spelling"],
]);

export interface DatasetProblem {
  /** The kind of record: person, character, role, crew, award, fact, novel, film, series, act, story, detail. */
  readonly kind: string;
  readonly id: string;
  readonly field: string;
  /** The full message: `role "role-film-x": personId "nobody" does not resolve to a person`. */
  readonly message: string;
}

/** Thrown by {@link validateDataset}: the message lists every problem, one per line, each naming record and field. */
export class DatasetError extends Error {
  readonly problems: readonly DatasetProblem[];

  constructor(problems: readonly DatasetProblem[]) {
    const first = problems[0]?.message ?? 'invalid dataset';
    super(
      problems.length <= 1
        ? first
        : `${first}\n(${problems.length} problems in the dataset)\n${problems.map((p) => `- ${p.message}`).join('\n')}`,
    );
    this.name = 'DatasetError';
    this.problems = problems;
  }
}

export interface ValidateOptions {
  /** Replaces {@link HANGUL_EXEMPTIONS}, e.g. for a test dataset. */
  readonly hangulExemptions?: ReadonlyMap<string, string>;
}

const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const HANGUL_PATTERN = /^[\p{Script=Hangul}][\p{Script=Hangul}\s]*$/u;
const HAS_HANGUL = /\p{Script=Hangul}/u;
const PRODUCTIONS: readonly ProductionId[] = ['novel', 'film', 'series'];
const DIFFICULTIES: readonly string[] = ['easy', 'medium', 'hard'];
const PROMINENCES: readonly string[] = ['lead', 'main', 'supporting'];
const JOBS: readonly string[] = ['author', 'director', 'screenwriter', 'act-director', 'writer', 'translator'];
const RESULTS: readonly string[] = ['won', 'longlisted', 'nominated'];

/**
 * Checks the whole dataset: ids unique across all kinds and kebab-case; every reference resolves
 * (roles, crew, award recipients, translator, acts and the film to stories); every record and plot
 * entry has at least one source, each a known article or an existing VERIFIED.md source; Hangul
 * for every person and character (bar {@link HANGUL_EXEMPTIONS}); acts covering the episodes
 * exactly; spoiler markers within range and `none` on production records; valid ISO dates.
 *
 * @throws {DatasetError} listing every problem found; the message's first line is the first problem.
 */
export function validateDataset(d: Dataset, options: ValidateOptions = {}): void {
  const problems: DatasetProblem[] = [];
  const exemptions = options.hangulExemptions ?? HANGUL_EXEMPTIONS;
  const report = (kind: string, id: string, field: string, problem: string): void => {
    problems.push({ kind, id, field, message: `${kind} "${id}": ${field} ${problem}` });
  };

  const storyNumbers = new Set(d.novel.stories.map((s) => s.number));
  const episodeCount = d.series.episodeCount;

  const checkSources = (kind: string, id: string, field: string, sources: readonly SourceRef[] | undefined): void => {
    if (!Array.isArray(sources) || sources.length === 0) {
      report(kind, id, field, 'is empty: every record needs at least one source');
      return;
    }
    sources.forEach((ref, i) => {
      if (!isKnownSource(ref)) {
        report(kind, id, `${field}[${i}]`, `"${ref}" is not a known source (article:000–article:003, or a verified:N that VERIFIED.md lists)`);
      }
    });
    const seen = new Set<string>();
    for (const ref of sources) {
      if (seen.has(ref)) report(kind, id, field, `lists "${ref}" twice`);
      seen.add(ref);
    }
  };

  const checkSpoiler = (kind: string, id: string, field: string, spoiler: Spoiler | undefined): void => {
    if (!spoiler || typeof spoiler !== 'object') {
      report(kind, id, field, 'is missing');
      return;
    }
    switch (spoiler.kind) {
      case 'none':
      case 'film':
        return;
      case 'series':
        if (!Number.isInteger(spoiler.episode) || spoiler.episode < 1 || spoiler.episode > episodeCount) {
          report(kind, id, `${field}.episode`, `${String(spoiler.episode)} is outside the series' episodes 1–${episodeCount}`);
        }
        return;
      case 'novel':
        if (!storyNumbers.has(spoiler.story)) {
          report(kind, id, `${field}.story`, `${String(spoiler.story)} is not a story of the novel`);
        }
        return;
      default:
        report(kind, id, field, `has an unknown kind "${String((spoiler as { kind?: unknown }).kind)}"`);
    }
  };

  const checkCorrections = (kind: string, id: string, corrections: readonly Correction[] | undefined): void => {
    corrections?.forEach((c, i) => {
      if (!c.article.startsWith('article:') || !isKnownSource(c.article)) {
        report(kind, id, `corrections[${i}].article`, `"${c.article}" is not one of the articles (article:000–article:003)`);
      }
      if (!c.claimed.trim()) report(kind, id, `corrections[${i}].claimed`, 'is empty');
      if (!c.corrected.trim()) report(kind, id, `corrections[${i}].corrected`, 'is empty');
    });
  };

  /** Production records (cast, crew, dates, numbers, awards) spoil nothing by definition. */
  const checkSourcedRecord = (
    kind: string,
    id: string,
    record: { sources: readonly SourceRef[]; spoiler: Spoiler; corrections?: readonly Correction[] },
    mustBeSpoilerFree: boolean,
  ): void => {
    checkSources(kind, id, 'sources', record.sources);
    checkSpoiler(kind, id, 'spoiler', record.spoiler);
    if (mustBeSpoilerFree && record.spoiler?.kind !== 'none') {
      report(kind, id, 'spoiler', `must be "none" for a ${kind} record (production facts spoil nothing), not "${record.spoiler?.kind}"`);
    }
    checkCorrections(kind, id, record.corrections);
  };

  const checkDate = (kind: string, id: string, field: string, value: string): void => {
    if (!isIsoDate(value)) report(kind, id, field, `"${value}" is not a valid ISO date (YYYY-MM-DD)`);
  };

  const checkText = (kind: string, id: string, field: string, value: string | undefined): void => {
    if (typeof value !== 'string' || value.trim() === '') report(kind, id, field, 'is empty');
  };

  // ── Korean text: Korean fans read every look-up in Korean, so each English text has its Korean ──
  const checkKorean = (kind: string, id: string, field: string, value: string | undefined): void => {
    if (typeof value !== 'string' || value.trim() === '') report(kind, id, field, 'is missing (Korean replies need it)');
    else if (!HAS_HANGUL.test(value)) report(kind, id, field, `"${value}" has no Hangul`);
  };
  const checkKoreanList = (kind: string, id: string, field: string, english: readonly string[] | undefined, korean: readonly string[] | undefined): void => {
    if (english === undefined || english.length === 0) return;
    if (korean === undefined || korean.length !== english.length) {
      report(kind, id, field, `must give one Korean entry for each of the ${english.length} English ones`);
      return;
    }
    korean.forEach((k, i) => {
      if (k.trim() === '') report(kind, id, `${field}[${i}]`, 'is empty');
    });
  };

  // ── Ids: kebab-case and unique across every kind (including the derived search ids) ──
  const owners = new Map<string, string>();
  const claimId = (kind: string, id: string): void => {
    if (!ID_PATTERN.test(id)) report(kind, id, 'id', 'is not lowercase kebab-case');
    const owner = owners.get(id);
    if (owner !== undefined) report(kind, id, 'id', `"${id}" is already used by ${owner} "${id}"`);
    else owners.set(id, kind);
  };
  for (const p of PRODUCTIONS) claimId(p, p);
  for (const s of d.novel.stories) claimId('story', `story-${s.number}`);
  for (const a of d.series.acts) claimId('act', `act-${a.number}`);
  for (const p of d.people) claimId('person', p.id);
  for (const c of d.characters) claimId('character', c.id);
  for (const r of d.roles) claimId('role', r.id);
  for (const c of d.crew) claimId('crew', c.id);
  for (const a of d.awards) claimId('award', a.id);
  for (const f of d.facts) claimId('fact', f.id);
  for (const detail of productionDetails(d)) claimId('detail', detail.id);

  const people = new Map(d.people.map((p) => [p.id, p] as const));
  const characters = new Map(d.characters.map((c) => [c.id, c] as const));

  // ── Hangul ──
  const checkHangul = (kind: string, id: string, hangul: string | undefined): void => {
    const exempt = exemptions.has(id);
    if (hangul === undefined || hangul.trim() === '') {
      if (!exempt) {
        report(kind, id, 'hangul', 'is missing (add the confirmed Hangul name, or list the id in HANGUL_EXEMPTIONS with the reason none exists)');
      }
      return;
    }
    if (!HANGUL_PATTERN.test(hangul)) report(kind, id, 'hangul', `"${hangul}" is not written in Hangul`);
    if (exempt) report(kind, id, 'hangul', 'is present but the id is listed in HANGUL_EXEMPTIONS: remove the exemption');
  };

  // ── Productions ──
  const { novel, film, series } = d;
  checkSourcedRecord('novel', 'novel', novel, true);
  checkText('novel', 'novel', 'titleEn', novel.titleEn);
  checkText('novel', 'novel', 'titleKo', novel.titleKo);
  checkDate('novel', 'novel', 'published', novel.published);
  checkKoreanList('novel', 'novel', 'translation.publishersKo', novel.translation.publishers, novel.translation.publishersKo);
  if (!people.has(novel.translation.translatorId)) {
    report('novel', 'novel', 'translation.translatorId', `"${novel.translation.translatorId}" does not resolve to a person`);
  }
  novel.stories.forEach((s, i) => {
    const id = `story-${s.number}`;
    if (s.number !== i + 1) report('story', id, 'number', `is ${s.number} but stories must be numbered 1, 2, 3… in order (position ${i + 1})`);
    checkText('story', id, 'titleEn', s.titleEn);
    checkText('story', id, 'titleKo', s.titleKo);
    checkSourcedRecord('story', id, s, true);
  });

  checkSourcedRecord('film', 'film', film, true);
  checkText('film', 'film', 'titleKo', film.titleKo);
  if (!storyNumbers.has(film.basedOnStory)) {
    report('film', 'film', 'basedOnStory', `${film.basedOnStory} does not resolve to a story of the novel`);
  }
  checkDate('film', 'film', 'worldPremiere.date', film.worldPremiere.date);
  checkSources('film', 'film', 'worldPremiere.sources', film.worldPremiere.sources);
  checkDate('film', 'film', 'koreanRelease', film.koreanRelease);
  checkKorean('film', 'film', 'worldPremiere.festivalKo', film.worldPremiere.festivalKo);
  checkKorean('film', 'film', 'worldPremiere.sectionKo', film.worldPremiere.sectionKo);
  checkKorean('film', 'film', 'worldPremiere.venueKo', film.worldPremiere.venueKo);
  checkKorean('film', 'film', 'ratingKo', film.ratingKo);
  checkKoreanList('film', 'film', 'productionKo', film.production, film.productionKo);
  checkDate('film', 'film', 'boxOffice.grossAsOf', film.boxOffice.grossAsOf);
  if (!(film.runtimeMinutes > 0)) report('film', 'film', 'runtimeMinutes', 'must be a positive number');

  checkSourcedRecord('series', 'series', series, true);
  checkDate('series', 'series', 'premiere', series.premiere);
  checkKorean('series', 'series', 'platformKo', series.platformKo);
  checkKorean('series', 'series', 'ratingKo', series.ratingKo);
  checkKorean('series', 'series', 'englishRelease.platformKo', series.englishRelease.platformKo);
  checkKorean('series', 'series', 'englishRelease.noteKo', series.englishRelease.noteKo);
  checkDate('series', 'series', 'ratedOn', series.ratedOn);
  checkDate('series', 'series', 'englishRelease.date', series.englishRelease.date);
  if (!Number.isInteger(episodeCount) || episodeCount < 1) report('series', 'series', 'episodeCount', 'must be a positive integer');

  // Acts must tile the episodes 1..episodeCount in order, all the same length (four 2-episode acts).
  const actLength = series.acts.length > 0 ? episodeCount / series.acts.length : 0;
  let nextEpisode = 1;
  series.acts.forEach((a, i) => {
    const id = `act-${a.number}`;
    if (a.number !== i + 1) report('act', id, 'number', `is ${a.number} but acts must be numbered 1, 2, 3… in order (position ${i + 1})`);
    const [first, last] = a.episodes;
    if (first !== nextEpisode) report('act', id, 'episodes', `start at episode ${first}, expected ${nextEpisode} (acts must cover the episodes in order without gaps or overlaps)`);
    if (last < first) report('act', id, 'episodes', `[${first}, ${last}] end before they start`);
    if (last - first + 1 !== actLength) report('act', id, 'episodes', `[${first}, ${last}] span ${last - first + 1} episodes; every act must span ${actLength}`);
    nextEpisode = last + 1;
    if (a.story !== undefined && !storyNumbers.has(a.story)) report('act', id, 'story', `${a.story} does not resolve to a story of the novel`);
    checkText('act', id, 'titleEn', a.titleEn);
    checkText('act', id, 'titleKo', a.titleKo);
    checkText('act', id, 'focus', a.focus);
    checkKorean('act', id, 'focusKo', a.focusKo);
    checkSourcedRecord('act', id, a, true);
    if (!d.crew.some((c) => c.job === 'act-director' && c.act === a.number)) {
      report('act', id, 'director', 'is missing: no act-director crew credit names this act');
    }
  });
  if (series.acts.length > 0 && nextEpisode - 1 !== episodeCount) {
    report('series', 'series', 'acts', `cover episodes 1–${nextEpisode - 1} but the series has ${episodeCount}`);
  }

  // ── People ──
  const nameOwners = new Map<string, string>();
  for (const p of d.people) {
    checkText('person', p.id, 'name', p.name);
    checkText('person', p.id, 'description', p.description);
    checkKoreanList('person', p.id, 'knownForKo', p.knownFor, p.knownForKo);
    checkHangul('person', p.id, p.hangul);
    checkSourcedRecord('person', p.id, p, true);
    // Two people sharing a name would make an answer ambiguous (and a distractor "another name of the answer").
    for (const name of [p.name, ...p.aliases]) {
      const key = compact(name);
      if (key === '') {
        report('person', p.id, 'aliases', 'contains an empty name');
        continue;
      }
      const owner = nameOwners.get(key);
      if (owner !== undefined && owner !== p.id) report('person', p.id, 'aliases', `"${name}" is also a name of person "${owner}"`);
      nameOwners.set(key, p.id);
    }
  }

  // ── Characters ──
  for (const c of d.characters) {
    if (!PRODUCTIONS.includes(c.production)) report('character', c.id, 'production', `"${String(c.production)}" is not novel, film or series`);
    checkText('character', c.id, 'name', c.name);
    checkText('character', c.id, 'description', c.description);
    checkKorean('character', c.id, 'descriptionKo', c.descriptionKo);
    if (!PROMINENCES.includes(c.prominence)) report('character', c.id, 'prominence', `"${String(c.prominence)}" is not lead, main or supporting`);
    checkHangul('character', c.id, c.hangul);
    checkSourcedRecord('character', c.id, c, true);
    c.plot?.forEach((entry, i) => {
      checkText('character', c.id, `plot[${i}].text`, entry.text);
      checkKorean('character', c.id, `plot[${i}].textKo`, entry.textKo);
      checkSources('character', c.id, `plot[${i}].sources`, entry.sources);
      checkSpoiler('character', c.id, `plot[${i}].spoiler`, entry.spoiler);
    });
    checkSpoiler('character', c.id, 'firstAppears', c.firstAppears);
    if (c.firstAppears && c.firstAppears.kind !== 'none' && c.firstAppears.kind !== c.production) {
      report('character', c.id, 'firstAppears', `must be a point of the ${c.production} (or none), not "${c.firstAppears.kind}"`);
    }
    if (c.gender !== undefined && c.gender !== 'female' && c.gender !== 'male') {
      report('character', c.id, 'gender', `"${String(c.gender)}" is not female or male`);
    }
    if (c.episodes !== undefined) {
      const [first, last] = c.episodes;
      if (c.production !== 'series') report('character', c.id, 'episodes', 'are only meaningful for a series character');
      if (!(Number.isInteger(first) && Number.isInteger(last) && first >= 1 && first <= last && last <= episodeCount)) {
        report('character', c.id, 'episodes', `[${first}, ${last}] are not a range within episodes 1–${episodeCount}`);
      }
    }
  }

  // ── Roles ──
  for (const r of d.roles) {
    if (!people.has(r.personId)) report('role', r.id, 'personId', `"${r.personId}" does not resolve to a person`);
    const character = characters.get(r.characterId);
    if (!character) report('role', r.id, 'characterId', `"${r.characterId}" does not resolve to a character`);
    else if (character.production !== r.production) {
      report('role', r.id, 'production', `is "${r.production}" but character "${r.characterId}" belongs to "${character.production}"`);
    }
    checkSourcedRecord('role', r.id, r, true);
    // A curated wrong actor must not be in this production's cast (then they could be the answer).
    for (const text of r.wrongActors ?? []) {
      const inCast = d.roles.some((o) => o.production === r.production && o.characterId === r.characterId && text.startsWith(people.get(o.personId)?.name ?? '\u0000'));
      const elsewhere = d.roles.some((o) => o.production === r.production && o.characterId !== r.characterId && text.startsWith(`${people.get(o.personId)?.name ?? '\u0000'} (`));
      if (inCast || elsewhere) report('role', r.id, 'wrongActors', `"${text}" is in the cast of the ${r.production}`);
      if (!/^[A-Z][\w' -]+ \([\uac00-\ud7af ]+\)$/.test(text)) report('role', r.id, 'wrongActors', `"${text}" must be written "Name (한글)"`);
    }
  }

  // ── Crew ──
  for (const c of d.crew) {
    if (!people.has(c.personId)) report('crew', c.id, 'personId', `"${c.personId}" does not resolve to a person`);
    if (!PRODUCTIONS.includes(c.production)) report('crew', c.id, 'production', `"${String(c.production)}" is not novel, film or series`);
    if (!JOBS.includes(c.job)) report('crew', c.id, 'job', `"${String(c.job)}" is not a known job`);
    if (c.job === 'act-director') {
      if (c.production !== 'series') report('crew', c.id, 'production', 'must be "series" for an act director');
      if (c.act === undefined || !series.acts.some((a) => a.number === c.act)) {
        report('crew', c.id, 'act', `${String(c.act)} does not resolve to an act of the series`);
      }
    } else if (c.act !== undefined) {
      report('crew', c.id, 'act', `is set but job "${c.job}" is not act-director`);
    }
    checkSourcedRecord('crew', c.id, c, true);
  }

  // ── Awards ──
  for (const a of d.awards) {
    checkText('award', a.id, 'name', a.name);
    checkKorean('award', a.id, 'nameKo', a.nameKo);
    const r = a.recipient;
    if ('personId' in r) {
      if (!people.has(r.personId)) report('award', a.id, 'recipient.personId', `"${r.personId}" does not resolve to a person`);
    } else if ('story' in r) {
      if (!storyNumbers.has(r.story)) report('award', a.id, 'recipient.story', `${r.story} does not resolve to a story of the novel`);
    } else if (!PRODUCTIONS.includes(r.production)) {
      report('award', a.id, 'recipient.production', `"${String(r.production)}" is not novel, film or series`);
    }
    if (a.year !== undefined && (!Number.isInteger(a.year) || a.year < 1900 || a.year > 2100)) report('award', a.id, 'year', `${a.year} is not a plausible year`);
    if (!RESULTS.includes(a.result)) report('award', a.id, 'result', `"${String(a.result)}" is not won, longlisted or nominated`);
    checkSourcedRecord('award', a.id, a, true);
  }

  // ── Facts ──
  for (const f of d.facts) {
    if (f.production !== 'all' && !PRODUCTIONS.includes(f.production)) {
      report('fact', f.id, 'production', `"${String(f.production)}" is not novel, film, series or all`);
    }
    checkText('fact', f.id, 'title', f.title);
    checkText('fact', f.id, 'statement', f.statement);
    if (!PROMINENCES.includes(f.prominence)) report('fact', f.id, 'prominence', `"${String(f.prominence)}" is not lead, main or supporting`);
    if (f.date !== undefined) checkDate('fact', f.id, 'date', f.date);
    checkSourcedRecord('fact', f.id, f, false);
    if (f.spoiler?.kind === 'series' && f.production !== 'series' && f.production !== 'all') {
      report('fact', f.id, 'spoiler', `is a series episode but the fact is about the ${f.production}`);
    }
    if (f.restates !== undefined && !d.awards.some((a) => a.id === f.restates)) {
      report('fact', f.id, 'restates', `"${f.restates}" does not resolve to an award`);
    }
    // Every fact is either asked or says why not (npm run data:check lists the reasons).
    if (f.quiz !== undefined && f.quiz.length > 0) {
      if (!f.difficulty || !DIFFICULTIES.includes(f.difficulty)) report('fact', f.id, 'difficulty', 'must be easy, medium or hard when the fact has quiz forms');
      if (f.noQuiz !== undefined) report('fact', f.id, 'noQuiz', 'is given although the fact has quiz forms');
      f.quiz.forEach((form, i) => {
        checkText('fact', f.id, `quiz[${i}].prompt`, form.prompt);
        checkText('fact', f.id, `quiz[${i}].answer`, form.answer);
        if (!Array.isArray(form.wrong)) report('fact', f.id, `quiz[${i}].wrong`, 'is missing');
        form.wrong.forEach((w, j) => {
          if (typeof w !== 'string') checkSpoiler('fact', f.id, `quiz[${i}].wrong[${j}].spoiler`, w.spoiler ?? { kind: 'none' });
        });
      });
    } else if (!f.noQuiz?.trim()) {
      report('fact', f.id, 'noQuiz', 'is required (a reason for curators) when the fact has no quiz forms');
    }
  }

  if (problems.length > 0) throw new DatasetError(problems);
}

/**
 * The built-in dataset, validated. Called once at startup and passed on in the context.
 *
 * @throws {DatasetError} when a record is invalid; the message names the record and the field.
 */
export function loadDataset(): Dataset {
  validateDataset(builtInDataset);
  return builtInDataset;
}

/**
 * `npm run data:check` (npx tsx scripts/data-check.ts): validates the dataset the way startup does
 * and prints what it holds. Exits 1 with the validation message when a record is bad.
 *
 * The dataset lines come from {@link dataCheckLines}; the question bank's counts (facts and
 * questions per kind, difficulty and spoiler setting, and the facts that yield no question) follow.
 */
import { pathToFileURL } from 'node:url';
import { dataset as builtInDataset } from '../src/data/dataset.js';
import { productionDetails } from '../src/data/details.js';
import { PRODUCTION_ORDER } from '../src/data/format.js';
import { awardsFor, castOf, charactersOf, crewOf, factsFor } from '../src/data/lookup.js';
import type { Dataset } from '../src/data/schema.js';
import { createSearchIndex } from '../src/data/search.js';
import { validateDataset } from '../src/data/validate.js';
import { buildBank, missingKorean } from '../src/quiz/bank.js';
import { bankStats, formatBankStats } from '../src/quiz/generate.js';

/**
 * The report for a dataset that has already been validated: counts per record kind, one line per
 * production, corrections and sources cited.
 */
export function dataCheckLines(d: Dataset): string[] {
  const corrections =
    [d.novel, d.film, d.series, ...d.people, ...d.characters, ...d.roles, ...d.crew, ...d.awards, ...d.facts].reduce(
      (n, r) => n + (r.corrections?.length ?? 0),
      0,
    );
  const cited = new Set<string>();
  const cite = (refs: readonly string[]) => refs.forEach((r) => cited.add(r));
  for (const r of [d.novel, d.film, d.series, ...d.novel.stories, ...d.series.acts, ...d.people, ...d.characters, ...d.roles, ...d.crew, ...d.awards, ...d.facts]) {
    cite(r.sources);
  }
  cite(d.film.worldPremiere.sources);
  for (const c of d.characters) for (const p of c.plot ?? []) cite(p.sources);

  const plotEntries = d.characters.reduce((n, c) => n + (c.plot?.length ?? 0), 0);
  const lines = [
    'Dataset OK',
    `  people      ${d.people.length}`,
    `  characters  ${d.characters.length} (${plotEntries} plot entries)`,
    `  roles       ${d.roles.length}`,
    `  crew        ${d.crew.length}`,
    `  awards      ${d.awards.length}`,
    `  facts       ${d.facts.length} (+${productionDetails(d).length} derived production details)`,
    `  stories     ${d.novel.stories.length}`,
    `  acts        ${d.series.acts.length} (${d.series.episodeCount} episodes)`,
    `  corrections ${corrections}`,
    `  sources     ${cited.size} cited (${[...cited].filter((s) => s.startsWith('article:')).length} articles)`,
    `  search      ${createSearchIndex(d).size} entries`,
  ];
  for (const p of PRODUCTION_ORDER) {
    lines.push(
      `  ${p.padEnd(7)} characters ${charactersOf(d, p).length}, cast ${castOf(d, p).length}, crew ${crewOf(d, p).length}, awards ${awardsFor(d, p).length}, facts ${factsFor(d, p).length}`,
    );
  }
  return lines;
}

/** Validates and reports; returns the process exit code (0 ok, 1 invalid). */
export function runDataCheck(d: Dataset, out: (line: string) => void, err: (line: string) => void): number {
  let bank;
  try {
    validateDataset(d);
    bank = buildBank(d);
  } catch (error) {
    err(error instanceof Error ? error.message : String(error));
    return 1;
  }
  for (const line of [...dataCheckLines(d), ...formatBankStats(bankStats(bank)).split('\n')]) out(line);
  // A Korean game must be as rich as an English one: every form in both languages.
  const missing = missingKorean(bank);
  if (missing.length > 0) {
    err(`${missing.length} quiz text(s) have no Korean version:\n  ${missing.join('\n  ')}`);
    return 1;
  }
  out('  languages: every fact and form in English and Korean');
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = runDataCheck(builtInDataset, (l) => console.log(l), (l) => console.error(l));
}

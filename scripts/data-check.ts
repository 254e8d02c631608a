/**
 * `npm run data:check` (npx tsx scripts/data-check.ts): validates the dataset the way startup does
 * and prints what it holds. Exits 1 with the validation message when a record is bad.
 *
 * The dataset lines come from {@link dataCheckLines}; the question bank's counts (facts and
 * questions per kind, difficulty and spoiler setting, and the facts that yield no question) follow.
 * When the store DATABASE_URL names exists, the facts players of several servers have reported are
 * marked (a hint of where to look, not a failure: the exit code is the dataset's). No database is
 * created for it.
 */
import { pathToFileURL } from 'node:url';
import { ConfigError, databaseUrlToRead, readEnvironment } from '../src/config.js';
import { dataset as builtInDataset } from '../src/data/dataset.js';
import { productionDetails } from '../src/data/details.js';
import { PRODUCTION_ORDER } from '../src/data/format.js';
import { awardsFor, castOf, charactersOf, crewOf, factsFor } from '../src/data/lookup.js';
import type { Dataset } from '../src/data/schema.js';
import { createSearchIndex } from '../src/data/search.js';
import { validateDataset } from '../src/data/validate.js';
import { buildBank, missingKorean } from '../src/quiz/bank.js';
import { bankStats, formatBankStats } from '../src/quiz/generate.js';
import type { QuestionReport } from '../src/store/types.js';
import { groupByFact, readStoredReports, reasonCounts } from './lib/stored-reports.js';

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

/**
 * The lines about players' reports: how many, and each fact reported from two servers or more,
 * marked ⚑ (they deserve a look first). `titles` names each fact.
 */
export function reportLines(reports: readonly QuestionReport[], titles: ReadonlyMap<string, string>): string[] {
  if (reports.length === 0) return ['  reports: none from players yet'];
  const several = groupByFact(reports).filter((g) => g.servers >= 2);
  const head = `  reports: ${reports.length} from players (npm run reports lists them)`;
  if (several.length === 0) return [`${head}; no fact reported from more than one server`];
  return [
    `${head}; reported from several servers:`,
    ...several.map((g) => {
      const title = titles.get(g.factId);
      return `    ⚑ ${g.factId}${title === undefined ? ' (no longer in the question bank)' : ` — ${title}`}: ${g.reports.length} reports from ${g.servers} servers (${reasonCounts(g.reports)})`;
    }),
  ];
}

/**
 * Validates and reports; returns the process exit code (0 ok, 1 invalid). With `reports` (null: no
 * store to read), the facts reported from several servers are marked; they never change the code.
 */
export function runDataCheck(d: Dataset, out: (line: string) => void, err: (line: string) => void, reports: readonly QuestionReport[] | null = null): number {
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
  if (reports !== null) for (const line of reportLines(reports, new Map(bank.facts.map((f) => [f.id, f.title])))) out(line);
  return 0;
}

/**
 * The reports in the store DATABASE_URL names, or null when there is none to read (or it cannot be
 * read: then one line on `err` says why, and the check carries on without them).
 */
export async function storedReportsFor(env: Record<string, string | undefined>, err: (line: string) => void): Promise<QuestionReport[] | null> {
  try {
    return await readStoredReports(databaseUrlToRead(env));
  } catch (error) {
    const why = error instanceof ConfigError ? `Configuration error: ${error.message}` : error instanceof Error ? error.message : String(error);
    err(`data:check: players' reports not read (${why})`);
    return null;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const reports = await storedReportsFor(readEnvironment(), (l) => console.error(l));
  process.exitCode = runDataCheck(builtInDataset, (l) => console.log(l), (l) => console.error(l), reports);
}

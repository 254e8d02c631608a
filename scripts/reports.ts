/**
 * `npm run reports` (npx tsx scripts/reports.ts): every question report players have sent, from
 * the store DATABASE_URL names (from the environment or `.env`, as the bot reads it), grouped by
 * the fact it is about, the most reported first. Safe while the bot runs; never creates a database.
 *
 *   --json   one JSON object per line, one line per fact: `{ fact, title, count, servers, reports: […] }`
 *
 * Exit codes: 0 listed (also when there is none), 1 the store could not be opened or DATABASE_URL is
 * malformed, 2 a bad argument.
 */
import { pathToFileURL } from 'node:url';
import { ConfigError, databaseUrlToRead, readEnvironment } from '../src/config.js';
import { dataset } from '../src/data/dataset.js';
import { buildBank } from '../src/quiz/bank.js';
import type { QuestionReport } from '../src/store/types.js';
import { groupByFact, readStoredReports, reasonCounts } from './lib/stored-reports.js';

export interface ReportsIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

const USAGE = 'usage: npm run reports [-- --json]';

/** "2026-11-21 12:00 UTC". */
function when(at: number): string {
  return `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function where(r: QuestionReport): string {
  return r.guildId === null ? `DM ${r.channelId}` : `server ${r.guildId} channel ${r.channelId}${r.messageId === null ? '' : ` message ${r.messageId}`}`;
}

/** Lists the reports; returns the exit code. */
export async function runReports(argv: readonly string[], env: Record<string, string | undefined>, io: ReportsIo): Promise<number> {
  for (const arg of argv) {
    if (arg !== '--json') {
      io.err(`reports: unknown option ${arg}; ${USAGE}`);
      return 2;
    }
  }
  const json = argv.includes('--json');
  let url: string;
  try {
    url = databaseUrlToRead(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`Configuration error: ${error.message}`);
      return 1;
    }
    throw error;
  }
  let reports: QuestionReport[] | null;
  try {
    reports = await readStoredReports(url);
  } catch (error) {
    io.err(`reports: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const groups = groupByFact(reports ?? []);
  const titles = new Map(buildBank(dataset).facts.map((f) => [f.id, f.title]));
  if (json) {
    for (const g of groups) {
      io.out(
        JSON.stringify({
          fact: g.factId,
          title: titles.get(g.factId) ?? null,
          count: g.reports.length,
          servers: g.servers,
          reports: g.reports.map((r) => ({ ...r, at: new Date(r.at).toISOString() })),
        }),
      );
    }
    return 0;
  }
  if (reports === null) {
    io.out('No reports: there is no database at DATABASE_URL yet.');
    return 0;
  }
  if (groups.length === 0) {
    io.out('No question reports yet.');
    return 0;
  }
  const servers = new Set(reports.flatMap((r) => (r.guildId === null ? [] : [r.guildId]))).size;
  io.out(`${reports.length} report${reports.length === 1 ? '' : 's'} on ${groups.length} fact${groups.length === 1 ? '' : 's'}, from ${servers} server${servers === 1 ? '' : 's'}${reports.some((r) => r.guildId === null) ? ' and DM practice' : ''}.`);
  for (const g of groups) {
    const title = titles.get(g.factId);
    io.out('');
    io.out(
      `${g.factId}${title === undefined ? ' (no longer in the question bank)' : ` — ${title}`}: ${g.reports.length} report${g.reports.length === 1 ? '' : 's'}` +
        ` from ${g.servers} server${g.servers === 1 ? '' : 's'} (${reasonCounts(g.reports)})`,
    );
    for (const r of g.reports) {
      io.out(`  ${when(r.at)}  ${r.reason.padEnd(15)}  ${r.origin.padEnd(8)}  ${r.questionId}  by user ${r.userId} in ${where(r)}`);
      if (r.note.length > 0) io.out(`      "${r.note.replace(/\s+/g, ' ')}"`);
    }
  }
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runReports(process.argv.slice(2), readEnvironment(), {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  });
}

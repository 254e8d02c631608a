/**
 * `npm run store:check` (npx tsx scripts/store-check.ts): reads every row of the store named by
 * DATABASE_URL (from the environment or `.env`, as the bot does) the way the bot reads it, and
 * lists the rows it cannot use, with their key and why. Exits 1 when there is any.
 *
 *   --repair  sets each unreadable row aside (a copy under `bigcity:quarantine:<key>~<hash>`, then
 *             the row removed; indexes rebuilt) and exits 0 once none is left
 *   --json    one JSON object per line: each unreadable row, then `{"summary": …}`
 *
 * Safe while the bot runs. Exit codes: 0 all readable (or all repaired), 1 unreadable rows left or
 * the store could not be opened, 2 a bad argument.
 */
import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig, readEnvironment } from '../src/config.js';
import { checkStore, type StoreCheckReport } from '../src/store/check.js';
import type { StoreLogger } from '../src/store/types.js';

export interface StoreCheckIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

const USAGE = 'usage: npm run store:check [-- --repair] [--json]';

/** Runs the check; returns the exit code. */
export async function runStoreCheck(argv: readonly string[], env: Record<string, string | undefined>, io: StoreCheckIo): Promise<number> {
  const flags = new Set(argv);
  for (const flag of flags) {
    if (flag !== '--repair' && flag !== '--json') {
      io.err(`store:check: unknown option ${flag}; ${USAGE}`);
      return 2;
    }
  }
  const repair = flags.has('--repair');
  const json = flags.has('--json');
  let url: string;
  try {
    url = loadConfig(env, 'tool').databaseUrl;
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`Configuration error: ${error.message}`);
      return 1;
    }
    throw error;
  }
  // The report says everything; only failures the report cannot show are logged.
  const logger: StoreLogger = {
    info() {},
    debug() {},
    warn() {},
    error: (obj, msg) => io.err(JSON.stringify({ level: 'error', msg, ...serializable(obj) })),
  };
  let report: StoreCheckReport;
  try {
    report = await checkStore(url, { logger, clock: { now: () => Date.now() }, repair });
  } catch (error) {
    io.err(`store:check: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const left = report.unreadable.filter((row) => row.repaired !== true);
  if (json) {
    for (const row of report.unreadable) io.out(JSON.stringify(row));
    io.out(
      JSON.stringify({
        summary: { rows: report.rows, unreadable: report.unreadable.length, repaired: report.unreadable.length - left.length, quarantined: report.quarantined },
      }),
    );
  } else {
    for (const row of report.unreadable) {
      const outcome = !repair ? '' : row.repaired === true ? `  → set aside as ${row.quarantine ?? '?'}` : `  → NOT repaired: ${row.repairError ?? 'it changed meanwhile; run again'}`;
      io.out(`${row.key}  ${row.kind}: ${row.reason}${outcome}`);
    }
    io.out(summaryLine(report, repair, left.length));
  }
  return left.length === 0 ? 0 : 1;
}

function summaryLine(report: StoreCheckReport, repair: boolean, left: number): string {
  const found = report.unreadable.length;
  const kept =
    report.quarantined === 0
      ? ''
      : ` ${report.quarantined} copies of unreadable rows are kept under bigcity:quarantine: (delete them once no longer needed).`;
  if (found === 0) return `${report.rows === 1 ? 'The one row is' : `All ${report.rows} rows are`} readable.${kept}`;
  if (!repair) return `${found} of ${report.rows} rows cannot be read. Run npm run store:check -- --repair to set them aside.${kept}`;
  return left === 0
    ? `${found} unreadable rows set aside; the indexes they belonged to were rebuilt.${kept}`
    : `${found - left} of ${found} unreadable rows set aside; ${left} could not be (see above).${kept}`;
}

function serializable(obj: object): object {
  const { err, ...rest } = obj as { err?: unknown };
  return err instanceof Error ? { ...rest, err: err.message } : rest;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runStoreCheck(process.argv.slice(2), readEnvironment(), {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  });
}

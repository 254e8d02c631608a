/**
 * Prints quiz questions for curators:
 *   npx tsx scripts/questions.ts --spoilers none --limit 20 --seed 7 [--scope film] [--difficulty easy] [--stats]
 *   npx tsx scripts/questions.ts --json [--spoilers all]   (every question the bank can make, one JSON line each)
 * The text form is a sample game (options A–D with the answer marked, difficulty, reveals and
 * sources); `--json` prints the whole bank at that setting. Bad flags print one clear line and exit 1.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Dataset } from '../src/data/schema.js';
import { formatSpoilers, parseSpoilers, type SpoilerSetting } from '../src/data/spoilers.js';
import { SPOILER_SYNTAX } from '../src/commands/spoiler-option.js';
import { buildBank } from '../src/quiz/bank.js';
import { bankQuestions, bankStats, formatBankStats, isEligible, pickQuestions } from '../src/quiz/generate.js';
import { seededRng } from '../src/quiz/rng.js';
import type { DifficultyChoice, Question, Scope } from '../src/quiz/types.js';

export interface QuestionsArgs {
  readonly spoilers: SpoilerSetting;
  readonly limit: number;
  readonly seed: number;
  readonly scope: Scope;
  readonly difficulty: DifficultyChoice;
  readonly stats: boolean;
  readonly json: boolean;
}

const SCOPES: readonly Scope[] = ['film', 'series', 'novel', 'all'];
const DIFFICULTY_CHOICES: readonly DifficultyChoice[] = ['easy', 'medium', 'hard', 'mixed'];
export const USAGE =
  'usage: npx tsx scripts/questions.ts [--spoilers none|film|series-N|film+series-N|novel-N|all] [--limit N] [--seed N] ' +
  '[--scope film|series|novel|all] [--difficulty easy|medium|hard|mixed] [--stats] [--json]';

/** Parses the command line; never throws (a problem comes back as `error`, one line). */
export function parseQuestionsArgs(argv: readonly string[]): { ok: true; args: QuestionsArgs } | { ok: false; error: string } {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        spoilers: { type: 'string' },
        limit: { type: 'string' },
        seed: { type: 'string' },
        scope: { type: 'string' },
        difficulty: { type: 'string' },
        stats: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  if (values['help']) return { ok: false, error: USAGE };
  const json = values['json'] === true;
  // The JSON bank defaults to everything; a sample game to a spoiler-free one.
  const spoilersText = (values['spoilers'] as string | undefined) ?? (json ? 'all' : 'none');
  const spoilers = parseSpoilers(spoilersText);
  if (!spoilers) return { ok: false, error: `--spoilers must be ${SPOILER_SYNTAX.replace(/`/g, '')} (got "${spoilersText}")` };
  const scope = (values['scope'] as string | undefined) ?? 'all';
  if (!(SCOPES as readonly string[]).includes(scope)) {
    return { ok: false, error: `--scope must be one of ${SCOPES.join(', ')} (got "${scope}")` };
  }
  const difficulty = (values['difficulty'] as string | undefined) ?? 'mixed';
  if (!(DIFFICULTY_CHOICES as readonly string[]).includes(difficulty)) {
    return { ok: false, error: `--difficulty must be one of ${DIFFICULTY_CHOICES.join(', ')} (got "${difficulty}")` };
  }
  const limit = parseInteger(values['limit'] as string | undefined, json ? 100_000 : 20);
  if (limit === undefined || limit < 1 || limit > 100_000) {
    return { ok: false, error: `--limit must be a whole number from 1 to 100000 (got "${String(values['limit'])}")` };
  }
  const seed = parseInteger(values['seed'] as string | undefined, 1);
  if (seed === undefined || seed < 0 || seed > 0xffffffff) {
    return { ok: false, error: `--seed must be a whole number from 0 to 4294967295 (got "${String(values['seed'])}")` };
  }
  return {
    ok: true,
    args: {
      spoilers,
      limit,
      seed,
      scope: scope as Scope,
      difficulty: difficulty as DifficultyChoice,
      stats: values['stats'] === true,
      json,
    },
  };
}

function parseInteger(text: string | undefined, fallback: number): number | undefined {
  if (text === undefined) return fallback;
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/** One question as curators read it: prompt, lettered options with the answer marked, then metadata. */
export function renderQuestion(q: Question, index: number): string {
  const lines = [`${index}. ${q.prompt}`];
  q.options.forEach((option, i) => {
    const letter = q.kind === 'true-false' ? '' : `${String.fromCharCode(65 + i)}. `;
    lines.push(`   ${i === q.answer ? '✔' : ' '} ${letter}${option}`);
  });
  const reveals = q.reveals && q.reveals.length > 0 ? q.reveals.join(', ') : 'nothing';
  lines.push(`   ${q.kind} · ${q.difficulty} · reveals ${reveals} · ${q.production} · fact ${q.fact ?? q.id} · id ${q.id}`);
  if (q.explanation) lines.push(`   explanation: ${q.explanation}`);
  lines.push(`   sources: ${q.sources.join(', ')}`);
  return lines.join('\n');
}

/** One question as a JSON line: what `--json` prints. */
export function questionJson(q: Question): string {
  return JSON.stringify({
    id: q.id,
    fact: q.fact ?? q.id,
    kind: q.kind,
    prompt: q.prompt,
    options: q.options,
    answer: q.answer,
    difficulty: q.difficulty,
    reveals: q.reveals ?? [],
    lang: 'en',
    production: q.production,
    template: q.template,
    sources: q.sources,
  });
}

/** The whole printout for these arguments. */
export function renderSample(dataset: Dataset, args: QuestionsArgs): string {
  const bank = buildBank(dataset);
  const filter = { scope: args.scope, difficulty: args.difficulty, spoilers: args.spoilers };
  if (args.json) {
    const lines = bankQuestions(bank, args.spoilers)
      .filter(({ fact }) => isEligible(fact, filter))
      .slice(0, args.limit)
      .map(({ question }) => questionJson(question));
    return lines.length > 0 ? `${lines.join('\n')}\n` : '';
  }
  const eligible = bank.facts.filter((f) => isEligible(f, filter)).length;
  const questions = pickQuestions(bank, { ...filter, rng: seededRng(args.seed), count: args.limit });
  const out: string[] = [];
  if (args.stats) out.push(formatBankStats(bankStats(bank)), '');
  out.push(
    `${eligible} eligible fact(s) for spoilers ${formatSpoilers(args.spoilers)}, scope ${args.scope}, difficulty ${args.difficulty}; ` +
      `showing a game of ${questions.length} with seed ${args.seed}`,
    '',
  );
  questions.forEach((q, i) => out.push(renderQuestion(q, i + 1), ''));
  return out.join('\n');
}

async function main(): Promise<void> {
  const parsed = parseQuestionsArgs(process.argv.slice(2));
  if (!parsed.ok) {
    process.stderr.write(`${parsed.error}\n`);
    process.exitCode = 1;
    return;
  }
  // Loaded lazily so a bad flag is reported without paying for (or failing on) the dataset.
  const { loadDataset } = await import('../src/data/validate.js');
  process.stdout.write(renderSample(loadDataset(), parsed.args));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}

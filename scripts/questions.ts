/**
 * Prints sample quiz questions for curators:
 *   npx tsx scripts/questions.ts --horizon none --limit 20 --seed 7 [--scope film] [--difficulty easy] [--stats]
 * Each question shows its options A–D with the answer marked, difficulty, horizon and sources.
 * Bad flags print one clear line and exit 1.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { HORIZONS, isHorizon, type Dataset, type Horizon } from '../src/data/schema.js';
import { createPickerFromQuestions, formatQuestionStats, generateAll, statsOf } from '../src/quiz/generate.js';
import { seededRng } from '../src/quiz/rng.js';
import type { DifficultyChoice, Question, Scope } from '../src/quiz/types.js';

export interface QuestionsArgs {
  readonly horizon: Horizon;
  readonly limit: number;
  readonly seed: number;
  readonly scope: Scope;
  readonly difficulty: DifficultyChoice;
  readonly stats: boolean;
}

const SCOPES: readonly Scope[] = ['film', 'series', 'novel', 'all'];
const DIFFICULTY_CHOICES: readonly DifficultyChoice[] = ['easy', 'medium', 'hard', 'mixed'];
export const USAGE =
  'usage: npx tsx scripts/questions.ts [--horizon none|film|series-1…series-8|all] [--limit N] [--seed N] ' +
  '[--scope film|series|novel|all] [--difficulty easy|medium|hard|mixed] [--stats]';

/** Parses the command line; never throws (a problem comes back as `error`, one line). */
export function parseQuestionsArgs(argv: readonly string[]): { ok: true; args: QuestionsArgs } | { ok: false; error: string } {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        horizon: { type: 'string' },
        limit: { type: 'string' },
        seed: { type: 'string' },
        scope: { type: 'string' },
        difficulty: { type: 'string' },
        stats: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  if (values['help']) return { ok: false, error: USAGE };
  const horizon = (values['horizon'] as string | undefined) ?? 'none';
  if (!isHorizon(horizon)) return { ok: false, error: `--horizon must be one of ${HORIZONS.join(', ')} (got "${horizon}")` };
  const scope = (values['scope'] as string | undefined) ?? 'all';
  if (!(SCOPES as readonly string[]).includes(scope)) {
    return { ok: false, error: `--scope must be one of ${SCOPES.join(', ')} (got "${scope}")` };
  }
  const difficulty = (values['difficulty'] as string | undefined) ?? 'mixed';
  if (!(DIFFICULTY_CHOICES as readonly string[]).includes(difficulty)) {
    return { ok: false, error: `--difficulty must be one of ${DIFFICULTY_CHOICES.join(', ')} (got "${difficulty}")` };
  }
  const limit = parseInteger(values['limit'] as string | undefined, 20);
  if (limit === undefined || limit < 1 || limit > 10_000) {
    return { ok: false, error: `--limit must be a whole number from 1 to 10000 (got "${String(values['limit'])}")` };
  }
  const seed = parseInteger(values['seed'] as string | undefined, 1);
  if (seed === undefined || seed < 0 || seed > 0xffffffff) {
    return { ok: false, error: `--seed must be a whole number from 0 to 4294967295 (got "${String(values['seed'])}")` };
  }
  return {
    ok: true,
    args: {
      horizon,
      limit,
      seed,
      scope: scope as Scope,
      difficulty: difficulty as DifficultyChoice,
      stats: values['stats'] === true,
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
  lines.push(`   ${q.kind} · ${q.difficulty} · horizon ${q.horizon} · ${q.production} · ${q.template} · id ${q.id}`);
  if (q.explanation) lines.push(`   explanation: ${q.explanation}`);
  lines.push(`   sources: ${q.sources.join(', ')}`);
  return lines.join('\n');
}

/** The whole printout for these arguments. */
export function renderSample(dataset: Dataset, args: QuestionsArgs): string {
  const all = generateAll(dataset);
  const picker = createPickerFromQuestions(all, { ...args, rng: seededRng(args.seed) });
  const out: string[] = [];
  if (args.stats) out.push(formatQuestionStats(statsOf(all)), '');
  out.push(
    `${picker.size} eligible question(s) for horizon ${args.horizon}, scope ${args.scope}, difficulty ${args.difficulty}; ` +
      `showing ${Math.min(args.limit, picker.size)} with seed ${args.seed}`,
    '',
  );
  const count = Math.min(args.limit, picker.size);
  for (let i = 1; i <= count; i++) {
    const q = picker.next();
    if (q) out.push(renderQuestion(q, i), '');
  }
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

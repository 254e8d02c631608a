import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dataset } from '../../src/data/dataset.js';
import { parseQuestionsArgs, renderSample } from '../../scripts/questions.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

function run(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/questions.ts', ...args], { cwd: root, encoding: 'utf8' });
}

describe('scripts/questions.ts', () => {
  it('given the documented flags, they parse into the picker settings', () => {
    expect(parseQuestionsArgs(['--horizon', 'none', '--limit', '20', '--seed', '7', '--scope', 'film', '--difficulty', 'easy'])).toEqual({
      ok: true,
      args: { horizon: 'none', limit: 20, seed: 7, scope: 'film', difficulty: 'easy', stats: false },
    });
  });

  it.each([
    [['--horizon', 'series-9'], /--horizon must be one of none, film, series-1/],
    [['--limit', '0'], /--limit must be a whole number/],
    [['--limit', 'ten'], /--limit must be a whole number/],
    [['--seed', '-3'], /--seed must be a whole number|argument missing|ambiguous/i],
    [['--scope', 'anime'], /--scope must be one of film, series, novel, all/],
    [['--difficulty', 'brutal'], /--difficulty must be one of easy, medium, hard, mixed/],
    [['--colour'], /unknown option/i],
  ])('given %j, it answers with a clear error', (argv, message) => {
    const parsed = parseQuestionsArgs(argv);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });

  it('given a seed, the sample shows lettered options with the answer marked, difficulty, horizon and sources', () => {
    const text = renderSample(dataset, { horizon: 'none', limit: 5, seed: 7, scope: 'all', difficulty: 'mixed', stats: false });
    expect(text).toMatch(/^\d+ eligible question\(s\) for horizon none/);
    expect(text.match(/✔/g)).toHaveLength(5);
    expect(text).toMatch(/ · horizon none · /);
    expect(text).toMatch(/sources: (verified|article):/);
    expect(renderSample(dataset, { horizon: 'none', limit: 5, seed: 7, scope: 'all', difficulty: 'mixed', stats: false })).toBe(text);
  });

  it('given --stats, the sample starts with the counts per kind and per horizon', () => {
    const text = renderSample(dataset, { horizon: 'all', limit: 1, seed: 1, scope: 'all', difficulty: 'mixed', stats: true });
    expect(text).toMatch(/^questions: \d+\n {2}by kind: choice \d+, true-false \d+, numeric \d+/);
    expect(text).toMatch(/available at horizon: none \d+, film \d+/);
  });

  it('given a bad flag on the command line, it prints one line to stderr and exits 1', () => {
    const result = run(['--horizon', 'later']);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/--horizon must be one of/);
    expect(result.stdout).toBe('');
  });

  it('given good flags on the command line, it prints the sample and exits 0', () => {
    const result = run(['--horizon', 'none', '--limit', '3', '--seed', '7']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/showing 3 with seed 7/);
    expect(result.stdout).toMatch(/ {3}✔ [A-D]\. /);
  });
});

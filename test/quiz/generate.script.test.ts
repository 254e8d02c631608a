import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dataset } from '../../src/data/dataset.js';
import { ALL_SPOILERS, allows, NO_SPOILERS, type Reveal } from '../../src/data/spoilers.js';
import { parseQuestionsArgs, renderSample, type QuestionsArgs } from '../../scripts/questions.js';
import { sp } from '../spoiler-helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

function run(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/questions.ts', ...args], { cwd: root, encoding: 'utf8' });
}

const SAMPLE: QuestionsArgs = { spoilers: NO_SPOILERS, limit: 5, seed: 7, scope: 'all', difficulty: 'mixed', stats: false, json: false };

describe('scripts/questions.ts', () => {
  it('given the documented flags, they parse into the picker settings', () => {
    expect(parseQuestionsArgs(['--spoilers', 'none', '--limit', '20', '--seed', '7', '--scope', 'film', '--difficulty', 'easy'])).toEqual({
      ok: true,
      args: { spoilers: NO_SPOILERS, limit: 20, seed: 7, scope: 'film', difficulty: 'easy', stats: false, json: false },
    });
  });

  it('given a combined spoiler setting, it parses track by track', () => {
    expect(parseQuestionsArgs(['--spoilers', 'film+series-4'])).toMatchObject({ ok: true, args: { spoilers: { film: true, series: 4, novel: 0 } } });
    expect(parseQuestionsArgs(['--spoilers', 'series-4'])).toMatchObject({ ok: true, args: { spoilers: { film: false, series: 4, novel: 0 } } });
    expect(parseQuestionsArgs(['--spoilers', 'novel-2'])).toMatchObject({ ok: true, args: { spoilers: { film: false, series: 0, novel: 2 } } });
  });

  it('given --json without --spoilers or --limit, the whole bank at every spoiler is asked for', () => {
    expect(parseQuestionsArgs(['--json'])).toEqual({
      ok: true,
      args: { spoilers: ALL_SPOILERS, limit: 100_000, seed: 1, scope: 'all', difficulty: 'mixed', stats: false, json: true },
    });
    expect(parseQuestionsArgs([])).toMatchObject({ ok: true, args: { spoilers: NO_SPOILERS, limit: 20, json: false } });
  });

  it.each([
    [['--spoilers', 'series-9'], /--spoilers must be none, film, series-N/],
    [['--spoilers', 'none+film'], /--spoilers must be none, film, series-N/],
    [['--horizon', 'none'], /unknown option/i],
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

  it('given a seed, the sample shows lettered options with the answer marked, difficulty, reveals and sources', () => {
    const text = renderSample(dataset, SAMPLE);
    expect(text).toMatch(/^\d+ eligible fact\(s\) for spoilers none, scope all, difficulty mixed; showing a game of 5 with seed 7/);
    expect(text.match(/✔/g)).toHaveLength(5);
    expect(text).toMatch(/ · reveals nothing · /);
    expect(text).not.toMatch(/ · reveals (film|series|novel)/);
    expect(text).toMatch(/sources: (verified|article):/);
    expect(renderSample(dataset, SAMPLE)).toBe(text);
  });

  it('given a setting with plot, the sample names what each question reveals, all within it', () => {
    const text = renderSample(dataset, { ...SAMPLE, spoilers: sp('film+series-4'), limit: 30 });
    expect(text).toMatch(/^\d+ eligible fact\(s\) for spoilers film\+series-4/);
    const reveals = [...text.matchAll(/ · reveals ([^·]+) · /g)].map((m) => (m[1] ?? '').trim());
    expect(reveals.length).toBeGreaterThan(0);
    for (const r of reveals) {
      if (r === 'nothing') continue;
      for (const point of r.split(', ')) expect(['film', 'series:1', 'series:2', 'series:3', 'series:4'], r).toContain(point);
    }
  });

  it('given --stats, the sample starts with the counts per kind and per spoiler setting', () => {
    const text = renderSample(dataset, { ...SAMPLE, spoilers: ALL_SPOILERS, limit: 1, seed: 1, stats: true });
    expect(text).toMatch(/^quiz facts: \d+ \(questions: \d+\)\n {2}facts by difficulty: easy \d+, medium \d+, hard \d+/);
    expect(text).toMatch(/\n {2}questions by kind: choice \d+, numeric \d+, true-false \d+/);
    expect(text).toMatch(/\n {2}available by spoiler setting \(facts \/ questions\):\n {4}none +\d+ \/ \d+\n {4}film +\d+ \/ \d+\n/);
    expect(text).toMatch(/\n {4}all +\d+ \/ \d+\n/);
  });

  it('given --json, every line is one question within the setting, with its answer among its options', () => {
    const setting = sp('series-2');
    const text = renderSample(dataset, { ...SAMPLE, spoilers: setting, limit: 100_000, json: true });
    const lines = text.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(text.endsWith('\n')).toBe(true);
    for (const line of lines) {
      const q = JSON.parse(line) as { id: string; fact: string; kind: string; options: string[]; answer: number; reveals: Reveal[]; sources: string[] };
      expect(Object.keys(q)).toEqual(['id', 'fact', 'kind', 'prompt', 'options', 'answer', 'difficulty', 'reveals', 'lang', 'production', 'template', 'sources']);
      expect(q.options[q.answer], line).toBeDefined();
      expect(allows(setting, q.reveals), line).toBe(true);
      expect(q.sources.length, line).toBeGreaterThan(0);
    }
    expect(renderSample(dataset, { ...SAMPLE, spoilers: setting, limit: 3, json: true }).trimEnd().split('\n')).toEqual(lines.slice(0, 3));
  });

  it('given a bad flag on the command line, it prints one line to stderr and exits 1', () => {
    const result = run(['--spoilers', 'later']);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/--spoilers must be/);
    expect(result.stdout).toBe('');
  });

  it('given good flags on the command line, it prints the sample and exits 0', () => {
    const result = run(['--spoilers', 'none', '--limit', '3', '--seed', '7']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/showing a game of 3 with seed 7/);
    expect(result.stdout).toMatch(/ {3}✔ [A-D]\. /);
  });
});

import { describe, expect, it } from 'vitest';
import { dataCheckLines, runDataCheck } from '../../scripts/data-check.js';
import { dataset } from '../../src/data/dataset.js';
import type { Dataset } from '../../src/data/schema.js';
import { asDataset, brokenCopy, byId } from './helpers.js';

function run(d: Dataset): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runDataCheck(d, (l) => out.push(l), (l) => err.push(l));
  return { code, out, err };
}

describe('data-check', () => {
  it('given the built-in dataset, it exits 0 and prints counts per kind and a line per production', () => {
    const { code, out, err } = run(dataset);
    expect(code).toBe(0);
    expect(err).toEqual([]);
    expect(out[0]).toBe('Dataset OK');
    expect(out).toContain(`  people      ${dataset.people.length}`);
    expect(out).toContain(`  roles       ${dataset.roles.length}`);
    expect(out.some((l) => l.startsWith(`  facts       ${dataset.facts.length} `))).toBe(true);
    // Facts about the film, and those about all three (the curated facts grow; the rest is fixed).
    const filmFacts = dataset.facts.filter((f) => f.production === 'film' || f.production === 'all').length;
    expect(out.find((l) => l.trimStart().startsWith('film '))).toBe(`  film    characters 7, cast 7, crew 2, awards 1, facts ${filmFacts}`);
    expect(out.filter((l) => /^\s+(novel|film|series)\s+characters/.test(l))).toHaveLength(3);
  });

  it('given a broken dataset, it exits 1 and prints the validation message on stderr only', () => {
    const d = brokenCopy();
    byId(d.roles, 'role-film-jae-hee').personId = 'nobody';
    const { code, out, err } = run(asDataset(d));
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err).toEqual(['role "role-film-jae-hee": personId "nobody" does not resolve to a person']);
  });

  it('given the lines function, it can be composed with more sections', () => {
    const lines = [...dataCheckLines(dataset), 'questions: …'];
    expect(lines.at(-1)).toBe('questions: …');
    expect(lines.some((l) => l.startsWith('  sources     45 + 4 articles') || l.startsWith('  sources     49 cited'))).toBe(true);
  });
});

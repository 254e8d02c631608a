import { describe, expect, it } from 'vitest';
import { parseBenchArgs, SECTIONS } from '../../scripts/bench.js';

describe('parseBenchArgs', () => {
  it('given no flag, every section runs', () => {
    expect(parseBenchArgs([])).toEqual({ ok: true, sections: [...SECTIONS] });
  });

  it('given --only with known sections, only those run', () => {
    expect(parseBenchArgs(['--only', 'load, store'])).toEqual({ ok: true, sections: ['load', 'store'] });
  });

  it('given an unknown section or flag, one error with the usage comes back', () => {
    const unknown = parseBenchArgs(['--only', 'load,disk']);
    expect(unknown).toMatchObject({ ok: false });
    expect(unknown.ok ? '' : unknown.error).toMatch(/unknown section\(s\) disk\nusage: npm run bench/);
    expect(parseBenchArgs(['--fast'])).toMatchObject({ ok: false });
    expect(parseBenchArgs(['--only', ''])).toMatchObject({ ok: false });
  });
});

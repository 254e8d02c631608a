/**
 * The repo carries copies of two files from ../shared (Discord's OpenAPI description and
 * VERIFIED.md) so a fresh clone can run everything. Where ../shared is present (every
 * developer machine and CI), the copies must be identical to it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const COPIES = [
  { copy: here('./sim/discord-openapi.json'), original: here('../../shared/discord/openapi.json') },
  { copy: here('../docs/VERIFIED.md'), original: here('../../shared/sources/VERIFIED.md') },
];

describe('copies of ../shared', () => {
  for (const { copy, original } of COPIES) {
    it.runIf(existsSync(original))(`given ${original}, ${copy} is identical to it`, () => {
      expect(readFileSync(copy).equals(readFileSync(original))).toBe(true);
    });
  }
});

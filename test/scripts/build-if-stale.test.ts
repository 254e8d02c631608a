/**
 * `npm start` compiles only when dist/ is missing or older than src/ (scripts/build-if-stale.mjs),
 * so an up-to-date start does not pay for a `tsc` run. Tried on a copy of the script in a
 * temporary project whose compiler is a stand-in that records that it ran.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const SCRIPT = join(import.meta.dirname, '..', '..', 'scripts', 'build-if-stale.mjs');
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bigcity-build-'));
  mkdirSync(join(dir, 'scripts'));
  mkdirSync(join(dir, 'src', 'quiz'), { recursive: true });
  mkdirSync(join(dir, 'node_modules', 'typescript', 'bin'), { recursive: true });
  copyFileSync(SCRIPT, join(dir, 'scripts', 'build-if-stale.mjs'));
  writeFileSync(join(dir, 'src', 'index.ts'), 'export {};\n');
  writeFileSync(join(dir, 'src', 'quiz', 'runner.ts'), 'export {};\n');
  writeFileSync(join(dir, 'tsconfig.build.json'), '{}\n');
  // The stand-in compiler: writes dist/index.js and a marker, as a successful build would.
  writeFileSync(
    join(dir, 'node_modules', 'typescript', 'bin', 'tsc'),
    "const fs = require('node:fs'); const path = require('node:path');\n" +
      "const root = path.join(__dirname, '..', '..', '..');\n" +
      "fs.mkdirSync(path.join(root, 'dist'), { recursive: true });\n" +
      "fs.writeFileSync(path.join(root, 'dist', 'index.js'), '');\n" +
      "fs.appendFileSync(path.join(root, 'built.log'), 'x');\n",
  );
  writeFileSync(join(dir, 'node_modules', 'typescript', 'package.json'), '{"type":"commonjs"}\n');
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

const run = () => spawnSync(process.execPath, [join(dir, 'scripts', 'build-if-stale.mjs')], { encoding: 'utf8' });
const builds = (): number => (existsSync(join(dir, 'built.log')) ? spawnSync('cat', [join(dir, 'built.log')], { encoding: 'utf8' }).stdout.length : 0);
const age = (path: string, secondsAgo: number): void => {
  const t = Date.now() / 1000 - secondsAgo;
  utimesSync(join(dir, path), t, t);
};

describe('npm start builds only when dist/ is stale', () => {
  it('given no dist/, it builds; given dist/ newer than every source, it does nothing; given a changed source, it builds again', () => {
    const first = run();
    expect(first.status).toBe(0);
    expect(first.stderr).toContain('dist/ is missing: building');
    expect(builds()).toBe(1);

    for (const file of ['src/index.ts', 'src/quiz/runner.ts', 'tsconfig.build.json']) age(file, 60);
    const second = run();
    expect(second.status).toBe(0);
    expect(second.stderr).toBe('');
    expect(builds()).toBe(1);

    writeFileSync(join(dir, 'src', 'quiz', 'runner.ts'), 'export const changed = 1;\n');
    age('dist/index.js', 30);
    const third = run();
    expect(third.status).toBe(0);
    expect(third.stderr).toContain('src/ changed since the last build: building');
    expect(builds()).toBe(2);
  });

  it('given no compiler installed, it says to run npm install and exits non-zero', () => {
    rmSync(join(dir, 'node_modules'), { recursive: true });
    const result = run();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('run `npm install`');
  });
});

describe('npm start (scripts/start.mjs)', () => {
  it('given no token, the bot itself answers in the same process: one configuration line and exit 1', () => {
    const root = join(import.meta.dirname, '..', '..');
    const cwd = mkdtempSync(join(tmpdir(), 'bigcity-start-'));
    try {
      const env = { PATH: process.env['PATH'] ?? '', HOME: cwd };
      const result = spawnSync(process.execPath, [join(root, 'scripts', 'start.mjs')], { cwd, env, encoding: 'utf8', timeout: 120_000 });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('Configuration error: DISCORD_TOKEN is required');
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 120_000);
});

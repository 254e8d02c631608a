/**
 * The curator tools over players' question reports, as child processes on a real SQLite file:
 * `npm run reports` (scripts/reports.ts) lists them by fact as text or JSON lines, and
 * `npm run data:check` (scripts/data-check.ts) marks the facts reported from several servers,
 * reading the store only when one exists (it never creates a database). Each runs in an empty
 * temporary directory, so no developer `.env` or database leaks in.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedReportsFor } from '../../scripts/data-check.js';
import { dataset } from '../../src/data/dataset.js';
import { buildBank } from '../../src/quiz/bank.js';
import { reportableQuestions } from '../../src/quiz/reports.js';
import { openStore, type QuestionReport } from '../../src/store/index.js';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(script: string, args: readonly string[], env: Record<string, string>, cwd: string): Promise<Run> {
  const child = spawn(TSX, [join(ROOT, script), ...args], { cwd, env: { PATH: process.env['PATH'] ?? '', HOME: cwd, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}

const bank = buildBank(dataset);
// Two questions of two different facts.
const all = [...reportableQuestions(bank)];
const [twiceId, twice] = all[0] ?? ['', { fact: '' }];
const [onceId, once] = all.find(([, q]) => q.fact !== twice.fact) ?? ['', { fact: '' }];
const titleOf = (fact: string): string => bank.facts.find((f) => f.id === fact)?.title ?? '';
const AT = Date.UTC(2026, 10, 21, 12, 30);

function report(over: Partial<QuestionReport>): QuestionReport {
  return { questionId: twiceId, factId: twice.fact, origin: 'quiz', guildId: 'g1', channelId: 'c1', messageId: 'm1', userId: 'u1', reason: 'wrong-answer', note: '', at: AT, ...over };
}

let dir: string;
let url: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bigcity-reports-'));
  url = `sqlite://${join(dir, 'bot.sqlite')}`;
  const store = await openStore(url, { logger: { info() {}, warn() {}, error() {}, debug() {} }, clock: { now: () => AT } });
  // One fact from two servers (and a DM), one from a single server twice.
  await store.reports.add(report({ note: 'The film opened on 1 October.' }));
  await store.reports.add(report({ guildId: 'g2', channelId: 'c2', messageId: 'm2', userId: 'u2', reason: 'unclear', at: AT + 60_000 }));
  await store.reports.add(report({ guildId: null, channelId: 'dm3', messageId: null, origin: 'practice', userId: 'u3', reason: 'spoiler', at: AT + 120_000 }));
  await store.reports.add(report({ questionId: onceId, factId: once.fact, userId: 'u4' }));
  await store.reports.add(report({ questionId: onceId, factId: once.fact, userId: 'u5', reason: 'other' }));
  await store.close();
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run reports', () => {
  it('given reports in the database, it lists them by fact, the most reported first, as text', async () => {
    const r = await run('scripts/reports.ts', [], { DATABASE_URL: url }, dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('5 reports on 2 facts, from 2 servers and DM practice.');
    expect(lines).toContain(`${twice.fact} — ${titleOf(twice.fact)}: 3 reports from 2 servers (spoiler 1, unclear 1, wrong-answer 1)`);
    expect(lines).toContain(`${once.fact} — ${titleOf(once.fact)}: 2 reports from 1 server (other 1, wrong-answer 1)`);
    expect(lines.indexOf(`${twice.fact} — ${titleOf(twice.fact)}: 3 reports from 2 servers (spoiler 1, unclear 1, wrong-answer 1)`)).toBeLessThan(
      lines.indexOf(`${once.fact} — ${titleOf(once.fact)}: 2 reports from 1 server (other 1, wrong-answer 1)`),
    );
    expect(lines).toContain(`  2026-11-21 12:30 UTC  wrong-answer     quiz      ${twiceId}  by user u1 in server g1 channel c1 message m1`);
    expect(lines).toContain('      "The film opened on 1 October."');
    expect(lines).toContain(`  2026-11-21 12:32 UTC  spoiler          practice  ${twiceId}  by user u3 in DM dm3`);
  }, 30_000);

  it('given --json, one JSON object per fact, with its reports oldest first', async () => {
    const r = await run('scripts/reports.ts', ['--json'], { DATABASE_URL: url }, dir);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { fact: string; title: string; count: number; servers: number; reports: { userId: string; at: string }[] });
    expect(lines.map((l) => [l.fact, l.count, l.servers])).toEqual([
      [twice.fact, 3, 2],
      [once.fact, 2, 1],
    ]);
    expect(lines[0]?.title).toBe(titleOf(twice.fact));
    expect(lines[0]?.reports.map((x) => [x.userId, x.at])).toEqual([
      ['u1', '2026-11-21T12:30:00.000Z'],
      ['u2', '2026-11-21T12:31:00.000Z'],
      ['u3', '2026-11-21T12:32:00.000Z'],
    ]);
  }, 30_000);

  it('given no database at DATABASE_URL, it says so and creates none', async () => {
    const missing = join(dir, 'nothing-here', 'bot.sqlite');
    const r = await run('scripts/reports.ts', [], { DATABASE_URL: `sqlite://${missing}` }, dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('No reports: there is no database at DATABASE_URL yet.\n');
    expect(existsSync(join(dir, 'nothing-here'))).toBe(false);
  }, 30_000);
});

describe('npm run data:check and players\' reports', () => {
  it('given reports of one fact from two servers, it marks that fact (and not the one from a single server) and still exits 0', async () => {
    const r = await run('scripts/data-check.ts', [], { DATABASE_URL: url }, dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.at(-2)).toBe('  reports: 5 from players (npm run reports lists them); reported from several servers:');
    expect(lines.at(-1)).toBe(`    ⚑ ${twice.fact} — ${titleOf(twice.fact)}: 3 reports from 2 servers (spoiler 1, unclear 1, wrong-answer 1)`);
    expect(lines.filter((l) => l.includes('⚑'))).toHaveLength(1);
  }, 30_000);

  it('given no database (the default path, in a fresh directory), it says nothing about reports and creates no file', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'bigcity-datacheck-'));
    try {
      const r = await run('scripts/data-check.ts', [], {}, fresh);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Dataset OK');
      expect(r.stdout).not.toContain('reports');
      expect(readdirSync(fresh)).toEqual([]);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  }, 30_000);

  it('given memory:// or a malformed DATABASE_URL, there are no reports to read; the latter is said on stderr', async () => {
    const err: string[] = [];
    expect(await storedReportsFor({ DATABASE_URL: 'memory://' }, (l) => err.push(l))).toBeNull();
    expect(err).toEqual([]);
    expect(await storedReportsFor({ DATABASE_URL: 'sqlite:data.sqlite' }, (l) => err.push(l))).toBeNull();
    expect(err).toEqual([`data:check: players' reports not read (Configuration error: DATABASE_URL "sqlite:" needs "//" after it: did you mean sqlite://data.sqlite?)`]);
  });
});

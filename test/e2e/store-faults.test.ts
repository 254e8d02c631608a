/**
 * Issue 13, end to end: the real bot (`src/index.ts`, what `npm start` runs) as a child process
 * against the simulator, with its database damaged the ways the issue found: read-only at start,
 * bad rows, and the file deleted while it runs. Each checks what a member sees, what the operator
 * reads (stderr, the JSON log), the exit code, and that nothing acknowledged is lost.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../src/commands/index.js';
import { openStore } from '../../src/store/index.js';
import { startSimulator, type Simulator } from '../sim/index.js';
import { makeReadOnly, readRawRow, writeRawRow } from '../store/fault-helpers.js';
import { FANS, TEST_TOKEN, validator } from './harness.js';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const NOT_JSON = '%%% not json';
const quiet = { info() {}, warn() {}, error() {}, debug() {} };

interface Exit {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

interface Bot {
  readonly exited: Promise<Exit>;
  stdout(): string;
  kill(signal: NodeJS.Signals): void;
}

function startBot(env: Record<string, string>, cwd: string): Bot {
  const child = spawn(TSX, [join(ROOT, 'src/index.ts')], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', HOME: cwd, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<Exit>((done) => child.on('close', (code) => done({ code, stdout, stderr })));
  return { exited, stdout: () => stdout, kill: (signal) => void child.kill(signal) };
}

/** The JSON log lines with a given message. */
function logLines(stdout: string, test: (msg: string) => boolean): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => typeof line['msg'] === 'string' && test(line['msg']));
}

let sim: Simulator;
let cwd: string;
let file: string;
const undo: (() => void)[] = [];

beforeAll(async () => {
  sim = await startSimulator({ token: TEST_TOKEN, validator: validator(), guilds: [FANS] });
  sim.registerCommands(commands.map((c) => c.data.toJSON()));
});
afterAll(async () => {
  await sim?.close();
});
afterEach(() => {
  for (const restore of undo.splice(0)) restore();
  sim.assertNoViolations();
  if (cwd) rmSync(cwd, { recursive: true, force: true });
});

function freshDir(): void {
  cwd = mkdtempSync(join(tmpdir(), 'bigcity-store-faults-'));
  file = join(cwd, 'data', 'bigcity.sqlite');
}

const env = () => ({ DISCORD_TOKEN: sim.token, DISCORD_API_URL: sim.apiUrl, DATABASE_URL: `sqlite://${file}` });

async function seed(fill: (store: Awaited<ReturnType<typeof openStore>>) => Promise<void>): Promise<void> {
  const store = await openStore(`sqlite://${file}`, { logger: quiet, clock: { now: () => Date.now() } });
  await fill(store);
  await store.close();
}

async function ask(name: string, options?: Record<string, string | number>): Promise<string> {
  const ix = sim.command({ channelId: sim.channelId(FANS.name, 'general'), userId: 'olivia', name, ...(options ? { options } : {}) });
  return sim.renderMessage(await ix.waitForReply({ timeoutMs: 15_000 }));
}

describe('npm start with a damaged database', () => {
  it('given a read-only database file, the bot stops before logging in with one line naming the file and the fix, exit code 1', async (ctx) => {
    freshDir();
    await seed((store) => store.scores.commitRound('g1', 'q1', [{ userId: 'u1', points: 10, correct: true, streak: 1 }]).then(() => undefined));
    const made = makeReadOnly([file, `${file}-wal`, `${file}-shm`]);
    if ('skip' in made) return ctx.skip(made.skip);
    undo.push(() => made.undo());

    const result = await startBot(env(), cwd).exited;
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Could not start: the database ${file.replace(/[.]/g, '\\.')} is read-only \\(E(PERM|ACCES)`));
    expect(lines[0]).toContain('writable by the user running the bot');
    expect(result.stdout).not.toContain('"msg":"bot ready"');
    for (const restore of undo.splice(0)) restore();
    await seed(async (store) => expect((await store.scores.stats('u1', 'global', 'all-time'))?.points).toBe(10));
  }, 60_000);

  it("given unreadable settings, session index and journal rows, the bot starts, warns naming each key, and the server's /config works and repairs its row", async () => {
    freshDir();
    const fansId = sim.guild(FANS.name).id;
    await seed(async (store) => {
      await store.settings.update('g2', { quizRole: 'r2' });
    });
    for (const key of [`settings:${fansId}`, 'sessions:index', 'journal:round:g1:q9']) await writeRawRow(file, key, NOT_JSON);

    const bot = startBot(env(), cwd);
    await sim.waitForBot({ timeoutMs: 45_000 });
    expect(await ask('config show')).toContain('Quiz defaults: 10 questions · 20 s each · mixed · spoilers `none`');
    expect(await ask('config quiz-defaults', { rounds: 5 })).not.toMatch(/went wrong/i);
    expect(await ask('config show')).toContain('Quiz defaults: 5 questions');
    bot.kill('SIGTERM');
    const result = await bot.exited;
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/Could not start/);
    const warned = logLines(result.stdout, (msg) => msg.startsWith('store: unreadable ')).map((line) => line['key']);
    expect(new Set(warned)).toEqual(new Set([`bigcity:settings:${fansId}`, 'bigcity:sessions:index', 'bigcity:journal:round:g1:q9']));
    expect(JSON.parse((await readRawRow(file, `settings:${fansId}`)) ?? 'null')).toMatchObject({ value: { settings: { defaults: { rounds: 5 } } } });
  }, 90_000);

  it('given the database file deleted while the bot runs, it logs where the copy is and exits with code 3; the copy holds what was acknowledged', async () => {
    freshDir();
    const fansId = sim.guild(FANS.name).id;
    const bot = startBot(env(), cwd);
    await sim.waitForBot({ timeoutMs: 45_000 });
    expect(await ask('config quiz-defaults', { rounds: 7 })).not.toMatch(/went wrong/i);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) await rm(f, { force: true });

    const result = await bot.exited;
    expect(result.code).toBe(3);
    const [unusable] = logLines(result.stdout, (msg) => msg.startsWith('store unusable: '));
    expect(unusable?.['level']).toBe(50);
    const message = String(unusable?.['msg']);
    expect(message).toContain(`the database file ${file} was deleted while the bot was running; everything it had saved is copied to `);
    const copy = /copied to (\S+\.sqlite):/.exec(message)?.[1];
    expect(copy).toBeDefined();
    const rescued = await openStore(`sqlite://${copy}`, { logger: quiet, clock: { now: () => Date.now() } });
    expect((await rescued.settings.get(fansId)).defaults.rounds).toBe(7);
    await rescued.close();

    // Restarted (as a supervisor would), it refuses to start afresh beside the copy, and says what to do.
    const restarted = await startBot(env(), cwd).exited;
    expect(restarted.code).toBe(1);
    expect(restarted.stderr.trim().split('\n')).toEqual([
      `Could not start: the database ${file} is missing, and ${copy} holds what the bot had saved when it was deleted: move that copy to ${file} (or, to start with an empty database, move it elsewhere)`,
    ]);
    await rename(copy as string, file);
    const again = startBot(env(), cwd);
    await sim.waitForBot({ timeoutMs: 45_000 });
    expect(await ask('config show')).toContain('Quiz defaults: 7 questions');
    again.kill('SIGTERM');
    expect((await again.exited).code).toBe(0);
  }, 120_000);
});

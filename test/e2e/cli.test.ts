/**
 * The two programs a user runs, as child processes: `npm run deploy` (src/deploy.ts) and
 * `npm start` (src/index.ts), against the simulator. Each runs in an empty temporary
 * directory so no developer `.env` leaks in.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../src/commands/index.js';
import { startSimulator, type Simulator } from '../sim/index.js';
import { FANS, TEST_TOKEN, validator } from './harness.js';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(script: string, env: Record<string, string>, cwd: string): Promise<Run> & { kill(signal: NodeJS.Signals): void } {
  const child = spawn(TSX, [join(ROOT, script)], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', HOME: cwd, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const done = new Promise<Run>((resolvePromise) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
  return Object.assign(done, { kill: (signal: NodeJS.Signals) => child.kill(signal) });
}

let sim: Simulator;
let cwd: string;

beforeAll(async () => {
  sim = await startSimulator({ token: TEST_TOKEN, validator: validator(), guilds: [FANS] });
});
afterAll(async () => {
  await sim?.close();
});
afterEach(() => {
  sim.assertNoViolations();
  if (cwd) rmSync(cwd, { recursive: true, force: true });
});

function freshDir(): string {
  cwd = mkdtempSync(join(tmpdir(), 'bigcity-cli-'));
  return cwd;
}

describe('npm run deploy (src/deploy.ts)', () => {
  it('given the simulator as DISCORD_API_URL, every command is registered globally with valid bodies', async () => {
    const result = await run('src/deploy.ts', { DISCORD_TOKEN: sim.token, DISCORD_CLIENT_ID: sim.applicationId, DISCORD_API_URL: sim.apiUrl }, freshDir());
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Registered ${commands.length} commands globally`);
    const registered = sim.commands().map((c) => c['name']);
    expect(registered.sort()).toEqual(commands.map((c) => c.data.name).sort());
  }, 60_000);

  it('given DISCORD_GUILD_ID, the commands are registered in that guild only', async () => {
    const guildId = sim.guild('Big City Fans').id;
    const result = await run('src/deploy.ts', { DISCORD_TOKEN: sim.token, DISCORD_CLIENT_ID: sim.applicationId, DISCORD_API_URL: sim.apiUrl, DISCORD_GUILD_ID: guildId }, freshDir());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`in guild ${guildId}`);
    expect(sim.commands(guildId)).toHaveLength(commands.length);
  }, 60_000);

  it('given a token Discord rejects, deploy exits non-zero and prints no token', async () => {
    const wrong = 'MTk5OTk5OTk5OTk5OTk5OTk5OQ.Gwrong.wrong-token-value-000000000000000000';
    const result = await run('src/deploy.ts', { DISCORD_TOKEN: wrong, DISCORD_CLIENT_ID: sim.applicationId, DISCORD_API_URL: sim.apiUrl }, freshDir());
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/^Deploy failed: /);
    expect(result.stdout + result.stderr).not.toContain(wrong);
  }, 60_000);

  it('given no DISCORD_CLIENT_ID, deploy stops with one line naming it', async () => {
    const result = await run('src/deploy.ts', { DISCORD_TOKEN: sim.token, DISCORD_API_URL: sim.apiUrl }, freshDir());
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('DISCORD_CLIENT_ID is required');
  }, 60_000);
});

describe('npm start (src/index.ts)', () => {
  it('given no DISCORD_TOKEN, the bot stops with one line naming it and exit code 1', async () => {
    const result = await run('src/index.ts', {}, freshDir());
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^Configuration error: DISCORD_TOKEN is required/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);

  it('given a malformed DATABASE_URL, the bot stops naming DATABASE_URL without echoing the token', async () => {
    const result = await run('src/index.ts', { DISCORD_TOKEN: TEST_TOKEN, DATABASE_URL: 'mysql://user:secret@db/x' }, freshDir());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Configuration error: DATABASE_URL /);
    expect(result.stderr).not.toContain('secret');
    expect(result.stdout + result.stderr).not.toContain(TEST_TOKEN);
  }, 60_000);

  it('given a PostgreSQL server that does not answer, the bot stops with one line naming host and database, never the password', async () => {
    const result = await run('src/index.ts', { DISCORD_TOKEN: TEST_TOKEN, DATABASE_URL: 'postgres://user:secret@127.0.0.1:1/bigcity' }, freshDir());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/could not open the PostgreSQL database 127\.0\.0\.1:1\/bigcity/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stdout + result.stderr).not.toContain('secret');
  }, 60_000);

  it('given a .env file in the working directory, it is read (real variables still win)', async () => {
    const dir = freshDir();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, '.env'), 'DISCORD_TOKEN=\nLOG_LEVEL=loud\n');
    const result = await run('src/index.ts', { DISCORD_TOKEN: TEST_TOKEN }, dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('LOG_LEVEL must be one of');
  }, 60_000);

  it('given a token Discord refuses at login, the bot stops with one line naming DISCORD_TOKEN and exit code 2, without echoing the token', async () => {
    const wrong = 'MTk5OTk5OTk5OTk5OTk5OTk5OQ.Gwrong.wrong-token-value-000000000000000000';
    const result = await run('src/index.ts', { DISCORD_TOKEN: wrong, DISCORD_API_URL: sim.apiUrl, DATABASE_URL: 'memory://' }, freshDir());
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      'Could not start: An invalid token was provided. The bot token was reset or is wrong: put the new token in DISCORD_TOKEN. Exiting with code 2.',
    ]);
    expect(result.stdout + result.stderr).not.toContain(wrong);
  }, 60_000);

  it('given the simulator, the bot logs in, answers a command, and exits 0 on SIGTERM without logging the token', async () => {
    const child = run('src/index.ts', { DISCORD_TOKEN: sim.token, DISCORD_API_URL: sim.apiUrl, LOG_LEVEL: 'info' }, freshDir());
    sim.registerCommands(commands.map((c) => c.data.toJSON()));
    await sim.waitForBot({ timeoutMs: 45_000 });
    const ix = sim.command({ channelId: sim.channelId('Big City Fans', 'general'), userId: 'alice', name: 'novel' });
    const reply = await ix.waitForReply({ timeoutMs: 15_000 });
    expect(sim.renderMessage(reply)).toContain('Changbi (창비)');
    child.kill('SIGTERM');
    const result = await child;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"msg":"bot ready"');
    expect(result.stdout).toContain('"msg":"bot stopped"');
    expect(result.stdout + result.stderr).not.toContain(TEST_TOKEN);
  }, 90_000);
});

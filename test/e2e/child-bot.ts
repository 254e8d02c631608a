/**
 * The real bot (`src/index.ts`, what `npm start` runs) as a child process, for tests that must
 * kill it the way an operating system would. The child is the bot's own Node process, started
 * with tsx's loader: the `tsx` command would put a second process in between, and SIGKILL
 * cannot be relayed, so `kill('SIGKILL')` on it would leave the bot running as an orphan.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface ChildBot {
  readonly pid: number;
  /** Resolves once the process has exited (never rejects). */
  readonly exited: Promise<ChildExit>;
  /** Undefined while it runs. */
  readonly exit: ChildExit | undefined;
  /** What it wrote to stdout and stderr so far, for failure messages. */
  output(): string;
  /** Sends a signal; false when the process had already exited. */
  kill(signal: NodeJS.Signals): boolean;
  /** SIGTERM (a graceful stop), then SIGKILL after `graceMs`; resolves with how it exited. */
  stop(graceMs?: number): Promise<ChildExit>;
}

/**
 * Starts `src/index.ts` in `cwd` with only `env` (and PATH, HOME): no developer `.env` or
 * variable leaks in, since `cwd` should be an empty directory.
 * @throws Error when the process cannot be spawned.
 */
export function spawnBot(env: Readonly<Record<string, string>>, cwd: string): ChildBot {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, join(ROOT, 'src', 'index.ts')], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', HOME: cwd, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error('could not spawn the bot');
  const pid = child.pid;
  let output = '';
  const keep = (d: Buffer): void => {
    // Bounded: a chatty failure must not fill the test process's memory.
    output = (output + d.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  // Should the test process end first (a crashed worker, Ctrl-C), the bot must not live on.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  let exit: ChildExit | undefined;
  const exited = new Promise<ChildExit>((resolveExit) => {
    child.on('exit', (code, signal) => {
      process.off('exit', killOnExit);
      exit = { code, signal };
      resolveExit(exit);
    });
  });
  return {
    pid,
    exited,
    get exit() {
      return exit;
    },
    output: () => output,
    kill: (signal) => exit === undefined && child.kill(signal),
    async stop(graceMs = 10_000) {
      if (exit !== undefined) return exit;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

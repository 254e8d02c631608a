/**
 * Child processes for the load benchmark: the bot as users run it, and the bare client, each in
 * its own process group (so that `npm start`'s build and node children go with it), with their
 * output drained and tallied, an optional measuring probe, and a stop that always ends them.
 * Dev-only: nothing under src/ imports it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseProbeWindow, type ProbeWindow } from './probe-window.js';

/** `node --import` this to measure a child (see loop-probe.mjs). */
export const PROBE_URL = new URL('./loop-probe.mjs', import.meta.url).href;
export const PROBE_PATH = fileURLToPath(PROBE_URL);

export interface SpawnSpec {
  /** How the report names it: `bot`, `bare client`, `npm start`. */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Record<string, string | undefined>;
  /** Open an IPC channel (needed for the probe and the bare client's commands). */
  readonly ipc?: boolean;
}

export interface LogTally {
  /** pino levels seen on stdout: 40 warn, 50 error, 60 fatal. */
  readonly warnings: number;
  readonly errors: number;
  /** The first few warning or error messages, for the report. */
  readonly samples: readonly string[];
}

export interface Child {
  readonly name: string;
  readonly pid: number;
  readonly spawnedAt: number;
  /** Resolves with how it ended; never rejects. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly hasExited: () => boolean;
  /** The last lines it printed (stdout and stderr), for error messages. */
  tail(): string;
  logs(): LogTally;
  /** Sends a message over IPC and resolves with the first reply `match` accepts. @throws Error after `timeoutMs` or when the child exits. */
  request<T>(message: object, match: (reply: Record<string, unknown>) => T | undefined, timeoutMs?: number): Promise<T>;
  /** The probe's window since the previous mark (or since it loaded). @throws Error when there is no probe answering. */
  mark(): Promise<ProbeWindow>;
  /** Resolves when the probe has loaded. */
  probeReady(timeoutMs?: number): Promise<void>;
  /** SIGTERM to its process group, SIGKILL after `graceMs`; resolves once it has exited. Safe to call twice. */
  stop(graceMs?: number): Promise<void>;
}

const TAIL_LINES = 40;
const live = new Set<Child>();

/** Kills (SIGKILL) every child still running, synchronously: for `exit` handlers and signals. */
export function killAllChildren(): void {
  for (const child of live) killGroup(child.pid, 'SIGKILL');
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * Spawns a child in a new process group with stdout/stderr piped (and drained) and, when asked, an IPC channel.
 * @throws Error when the command cannot be spawned.
 */
export function spawnChild(spec: SpawnSpec): Child {
  const spawnedAt = performance.now();
  const proc: ChildProcess = spawn(spec.command, [...spec.args], {
    cwd: spec.cwd,
    env: spec.env,
    stdio: spec.ipc === true ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const pid = proc.pid;
  if (pid === undefined) {
    // The reason (ENOENT…) comes as an 'error' event, which must not go unheard.
    proc.once('error', () => undefined);
    throw new Error(`could not spawn ${spec.name} (${spec.command}: not found or not executable)`);
  }
  const lines: string[] = [];
  let warnings = 0;
  let errors = 0;
  const samples: string[] = [];
  const take = (stream: NodeJS.ReadableStream | null): void => {
    let partial = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        if (line.trim() === '') continue;
        lines.push(line);
        if (lines.length > TAIL_LINES) lines.shift();
        const level = /"level":(\d+)/.exec(line)?.[1];
        if (level !== undefined && Number(level) >= 40) {
          if (Number(level) >= 50) errors++;
          else warnings++;
          if (samples.length < 3) samples.push(line.length > 300 ? `${line.slice(0, 300)}…` : line);
        }
      }
    });
  };
  take(proc.stdout);
  take(proc.stderr);
  let exitedFlag = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.once('exit', (code, signal) => {
      exitedFlag = true;
      resolve({ code, signal });
    });
    proc.once('error', () => {
      exitedFlag = true;
      resolve({ code: null, signal: null });
    });
  });
  const probeLoaded = new Promise<void>((resolve) => {
    const onReady = (message: unknown): void => {
      if (!isRecord(message) || message['probe'] !== 'ready') return;
      proc.off('message', onReady);
      resolve();
    };
    proc.on('message', onReady);
  });
  let seq = 0;
  let stopping: Promise<void> | undefined;
  const child: Child = {
    name: spec.name,
    pid,
    spawnedAt,
    exited,
    hasExited: () => exitedFlag,
    tail: () => lines.join('\n'),
    logs: () => ({ warnings, errors, samples: [...samples] }),
    request<T>(message: object, match: (reply: Record<string, unknown>) => T | undefined, timeoutMs = 10_000): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        if (exitedFlag || !proc.connected) {
          reject(new Error(`${spec.name} has exited (or has no IPC channel)\n${child.tail()}`));
          return;
        }
        const finish = (): void => {
          clearTimeout(timer);
          proc.off('message', onMessage);
          proc.off('exit', onExit);
        };
        const onMessage = (reply: unknown): void => {
          if (!isRecord(reply)) return;
          const value = match(reply);
          if (value === undefined) return;
          finish();
          resolve(value);
        };
        const onExit = (): void => {
          finish();
          reject(new Error(`${spec.name} exited while answering ${JSON.stringify(message)}\n${child.tail()}`));
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`${spec.name} did not answer ${JSON.stringify(message)} within ${timeoutMs} ms`));
        }, timeoutMs);
        proc.on('message', onMessage);
        proc.once('exit', onExit);
        proc.send(message);
      });
    },
    mark() {
      const id = ++seq;
      return child.request({ probe: 'mark', id }, (reply) => (reply['probe'] === 'window' && reply['id'] === id ? parseProbeWindow(reply['window']) : undefined));
    },
    probeReady(timeoutMs = 30_000) {
      return within(
        Promise.race([probeLoaded, exited.then(() => Promise.reject(new Error(`${spec.name} exited before its probe loaded\n${child.tail()}`)))]),
        timeoutMs,
        `${spec.name}'s probe to load`,
      );
    },
    stop(graceMs = 5_000) {
      stopping ??= (async () => {
        if (!exitedFlag) {
          killGroup(pid, 'SIGTERM');
          const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
          await exited;
          clearTimeout(timer);
        }
        // Whatever it left behind in its group (a build step, a shell) goes too.
        killGroup(pid, 'SIGKILL');
        live.delete(child);
      })();
      return stopping;
    },
  };
  live.add(child);
  void exited.then(() => {
    // stdio may still hold the event loop; the streams end with the process.
    if (stopping === undefined) live.delete(child);
  });
  return child;
}

/** `promise`, or a rejection naming `what` after `ms`. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

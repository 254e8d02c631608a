/** Test doubles and fixtures for the store tests: a settable clock, a recording logger, temp dirs, a seeded RNG. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { StoreClock, StoreLogger } from '../../src/store/index.js';

export class FakeClock implements StoreClock {
  constructor(private time: number) {}
  now(): number {
    return this.time;
  }
  set(time: number): void {
    this.time = time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

export interface LogLine {
  readonly level: 'info' | 'warn' | 'error' | 'debug';
  readonly obj: object;
  readonly msg: string | undefined;
}

export class RecordingLogger implements StoreLogger {
  readonly lines: LogLine[] = [];
  info(obj: object, msg?: string): void {
    this.lines.push({ level: 'info', obj, msg });
  }
  warn(obj: object, msg?: string): void {
    this.lines.push({ level: 'warn', obj, msg });
  }
  error(obj: object, msg?: string): void {
    this.lines.push({ level: 'error', obj, msg });
  }
  debug(obj: object, msg?: string): void {
    this.lines.push({ level: 'debug', obj, msg });
  }
  at(level: LogLine['level']): LogLine[] {
    return this.lines.filter((line) => line.level === level);
  }
}

/** A fresh directory under the OS temp dir; `remove()` deletes it with everything inside. */
export async function tempDir(label: string): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `bigcity-store-${label}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}


/** Deterministic PRNG (mulberry32) so large fixtures are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 15 October 2024, 12:00 UTC. */
export const OCT_15_2024 = Date.UTC(2024, 9, 15, 12);
/** 1 November 2024, 00:00 UTC: the next month begins. */
export const NOV_1_2024 = Date.UTC(2024, 10, 1);

/** A promise the test resolves by hand: holds a critical section open without any timer. */
export function gate(): { readonly wait: Promise<void>; open(): void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait, open };
}

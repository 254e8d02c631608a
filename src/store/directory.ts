/**
 * Creating the database's directory in bounded time. Node's `mkdir(…, { recursive: true })` loops
 * for ever when the kernel answers ENOENT for a directory whose parent exists (as under /proc):
 * it keeps re-creating the parent. Here each missing level is created once, top down.
 */
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';

export class DirectoryError extends Error {
  override readonly name = 'DirectoryError';
  constructor(readonly directory: string, readonly code: string, message: string) {
    super(message);
  }
}

/**
 * Makes sure `directory` exists, creating the missing levels.
 * @throws {DirectoryError} naming the level that could not be created (or the file in the way) and the error code.
 */
export function ensureDirectorySync(directory: string): void {
  const missing: string[] = [];
  let current = path.resolve(directory);
  for (;;) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(current).isDirectory();
    } catch (error) {
      const code = codeOf(error);
      if (code !== 'ENOENT') throw new DirectoryError(current, code, `cannot use the directory ${current} (${code})`);
      missing.push(current);
      const parent = path.dirname(current);
      if (parent === current) break;
      current = parent;
      continue;
    }
    if (!isDirectory) throw new DirectoryError(current, 'ENOTDIR', `${current} is a file, not a directory`);
    break;
  }
  for (const level of missing.reverse()) {
    try {
      mkdirSync(level);
    } catch (error) {
      const code = codeOf(error);
      // Created meanwhile by someone else: fine if it is a directory.
      if (code === 'EEXIST' && statSync(level, { throwIfNoEntry: false })?.isDirectory() === true) continue;
      throw new DirectoryError(level, code, `cannot create the directory ${level} (${code})`);
    }
  }
}

function codeOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : 'error';
}

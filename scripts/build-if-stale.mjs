// `npm start` (through scripts/start.mjs) and `npm run deploy` run this first: it compiles src/
// into dist/ only when dist/ is missing or older than a source file, so an up-to-date start
// costs a few milliseconds instead of a full `tsc` build. Plain JavaScript, so it needs nothing
// compiled to run.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Newest modification time (ms) of the files under `dir`, recursively. */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Builds dist/ if it is missing or stale; returns 0 when dist/ is ready, else the exit code to stop with. */
export function ensureBuilt() {
  const built = mtime(join(root, 'dist', 'index.js'));
  const sources = Math.max(
    newest(join(root, 'src')),
    ...['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((f) => mtime(join(root, f)) ?? 0),
  );
  if (built !== undefined && built >= sources) return 0;

  console.error(built === undefined ? 'dist/ is missing: building…' : 'src/ changed since the last build: building…');
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  if (!existsSync(tsc)) {
    console.error('The TypeScript compiler is not installed: run `npm install` (or `npm ci`) first.');
    return 1;
  }
  // --noEmitOnError: a build with type errors writes nothing, so it is never taken for an up-to-date one.
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--noEmitOnError'], { stdio: 'inherit' });
  if (result.error) {
    console.error(`Could not run the TypeScript compiler (${result.error.message}); run \`npm install\` first.`);
    return 1;
  }
  return result.status ?? 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) process.exit(ensureBuilt());

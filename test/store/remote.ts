/**
 * Suites that need a real PostgreSQL or Redis server. The server is named by an environment
 * variable (`.ci/services` sets both on CI; README "Tests" says how to run them locally). Without
 * it the suite is skipped, and its title says which variable to set; with REQUIRE_REMOTE_STORES
 * set (CI), a missing server fails the run instead of skipping quietly.
 */
import { describe, it } from 'vitest';

export type RemoteVariable = 'TEST_POSTGRES_URL' | 'TEST_REDIS_URL';

const EXAMPLES: Readonly<Record<RemoteVariable, string>> = {
  TEST_POSTGRES_URL: 'postgres://postgres:postgres@127.0.0.1:5432/test',
  TEST_REDIS_URL: 'redis://127.0.0.1:6379',
};

/** The server's URL, or undefined when the variable is not set. */
export function remoteUrl(variable: RemoteVariable): string | undefined {
  const value = process.env[variable];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * `describe(title, …)` with the server's URL, or a skipped suite naming the variable to set (a
 * failing one under REQUIRE_REMOTE_STORES).
 */
export function describeRemote(variable: RemoteVariable, title: string, body: (url: string) => void): void {
  const url = remoteUrl(variable);
  if (url !== undefined) {
    describe(title, () => body(url));
    return;
  }
  const why = `${variable} is not set (e.g. ${variable}=${EXAMPLES[variable]})`;
  if (process.env['REQUIRE_REMOTE_STORES']) {
    describe(title, () => {
      it(`needs a server: ${why}`, () => {
        throw new Error(`${title}: ${why}, and REQUIRE_REMOTE_STORES asks for every remote-store suite to run`);
      });
    });
    return;
  }
  // Skipped, not left out: the suite's own tests are listed as skipped under a title naming the
  // variable (nothing in them runs, so the example URL is never connected to).
  describe.skip(`${title} (skipped: ${why})`, () => body(EXAMPLES[variable]));
}

/** A name no other test run uses, for a schema, key prefix or database of this run's own. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

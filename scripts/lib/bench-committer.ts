/**
 * The second process of the "backends" section of `npm run bench` (scripts/lib/bench-backends.ts):
 * opens the store at a URL, says `ready` on stdout, waits for `go` on stdin, commits its rounds
 * one after another, then prints one JSON line `{"rounds":…,"applied":…,"ms":…}` and exits.
 *
 *   node --import tsx scripts/lib/bench-committer.ts <url> <guildId> <side> <rounds> <players>
 *
 * What each round gives each player is {@link pairRound}'s, shared with the parent so that it can
 * check afterwards that every player's totals are exactly what both processes committed.
 * Dev-only: nothing under src/ imports it.
 */
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { createLogger } from '../../src/logger.js';
import { openStore, type AnswerResult } from '../../src/store/index.js';

/** Which process commits: 0 is the benchmark itself, 1 the child. */
export type Side = 0 | 1;

/** The user id of player `p` in the two-process phase (ids of their own, so the global boards hold nobody else's). */
export function pairPlayer(p: number): string {
  return `pair${p}`;
}

/** Round `round` of `side`: every one of `players` answers, with points that differ by side, round and player. */
export function pairRound(side: Side, round: number, players: number): AnswerResult[] {
  return Array.from({ length: players }, (_, p) => {
    const points = (round * 31 + p * 7 + side * 13) % 97;
    return { userId: pairPlayer(p), points, correct: points > 0, streak: points > 0 ? 1 : 0 };
  });
}

/** The idempotency key of one side's round (the two sides never share one). */
export function pairKey(side: Side, round: number): string {
  return `pair:${side}:${round}`;
}

/** What a process prints when it is done. */
export interface CommitterReport {
  readonly rounds: number;
  /** Commits that reported `applied` (all of them, unless a key was already there). */
  readonly applied: number;
  /** From `go` to the last commit. */
  readonly ms: number;
}

/**
 * Commits `rounds` rounds of `side` one after another; resolves with how many applied and how long it took.
 * @throws whatever the store throws.
 */
export async function commitPairRounds(
  commit: (guildId: string, key: string, results: readonly AnswerResult[]) => Promise<{ applied: boolean }>,
  guildId: string,
  side: Side,
  rounds: number,
  players: number,
): Promise<CommitterReport> {
  const start = performance.now();
  let applied = 0;
  for (let r = 0; r < rounds; r++) {
    if ((await commit(guildId, pairKey(side, r), pairRound(side, r, players))).applied) applied++;
  }
  return { rounds, applied, ms: performance.now() - start };
}

async function main(argv: readonly string[]): Promise<void> {
  const [url, guildId, sideText, roundsText, playersText] = argv;
  const rounds = Number(roundsText);
  const players = Number(playersText);
  if (url === undefined || guildId === undefined || (sideText !== '0' && sideText !== '1') || !Number.isInteger(rounds) || !Number.isInteger(players)) {
    throw new Error('usage: bench-committer.ts <url> <guildId> <0|1> <rounds> <players>');
  }
  const side: Side = sideText === '1' ? 1 : 0;
  const store = await openStore(url, { logger: createLogger('warn', process.stderr), clock: { now: () => Date.now() } });
  try {
    const lines = createInterface({ input: process.stdin });
    const go = new Promise<void>((resolve, reject) => {
      lines.on('line', (line) => {
        if (line.trim() === 'go') resolve();
      });
      lines.on('close', () => reject(new Error('stdin closed before "go"')));
    });
    process.stdout.write('ready\n');
    await go;
    const report = await commitPairRounds((g, k, r) => store.scores.commitRound(g, k, r), guildId, side, rounds, players);
    lines.close();
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await store.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`bench-committer failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  });
}

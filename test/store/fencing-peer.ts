/**
 * The "other process" of sqlite-fencing.test.ts: opens the same SQLite file with its own clock, commits
 * one round, closes, and prints the outcome as JSON. Run as `node --import tsx fencing-peer.ts <file>
 * <now> <guildId> <key> <userId> <points> <at>`; the test runs it synchronously while its own event loop
 * is blocked, which is what a stalled lock holder looks like to everybody else.
 */
import { openStore } from '../../src/store/index.js';

const [file, now, guildId, key, userId, points, at] = process.argv.slice(2);
if (file === undefined || now === undefined || guildId === undefined || key === undefined) throw new Error('usage');
if (userId === undefined || points === undefined || at === undefined) throw new Error('usage');
const quiet = { info() {}, warn() {}, debug() {}, error() {} };
const store = await openStore(`sqlite://${file}`, {
  logger: quiet,
  clock: { now: () => Number(now) },
  lockLeaseMs: 200,
  lockTimeoutMs: 5_000,
});
try {
  const outcome = await store.scores.commitRound(
    guildId,
    key,
    [{ userId, points: Number(points), correct: true, streak: 1 }],
    Number(at),
  );
  process.stdout.write(JSON.stringify(outcome));
} finally {
  await store.close();
}

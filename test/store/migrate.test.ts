/**
 * Issue 11: a SQLite file made by the release before the score tables opens in this one with every
 * score, setting and running quiz intact. The file is rebuilt from test/fixtures/store/release-1.json:
 * its key-value rows exactly as that release wrote them (made by make-release-1.ts on a checkout of
 * that release), with what that release read from them after its own recovery. It holds a round
 * commit a crash interrupted (journal written, no board updated) and a quiz stopped
 * mid-question with answers saved.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type ScorePeriod, type ScoreScope, type Store } from '../../src/store/index.js';
import { createFakeScheduler } from '../../src/quiz/scheduler.js';
import { manualClock } from '../../src/quiz/rng.js';
import { CHANNEL, GUILD, createRunner, recordingLogger, type World } from '../quiz/fixtures/harness.js';
import { rawKeys, sql } from './fault-helpers.js';
import { tempDir } from './helpers.js';

interface Fixture {
  readonly savedAt: number;
  readonly sessionId: string;
  readonly rows: readonly { readonly key: string; readonly value: string }[];
  readonly expected: {
    readonly boards: Readonly<Record<string, unknown>>;
    readonly stats: Readonly<Record<string, unknown>>;
    readonly practice: Readonly<Record<string, unknown>>;
    readonly settings: Readonly<Record<string, unknown>>;
  };
}

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = JSON.parse(readFileSync(path.join(here, '../fixtures/store/release-1.json'), 'utf8')) as Fixture;
const G2 = '100000000000000009';
const PLAYERS = ['300000000000000002', '300000000000000003', '300000000000000009'];
const OCT_20_2024 = Date.UTC(2024, 9, 20, 19, 0);
const NOV_3_2024 = Date.UTC(2024, 10, 3, 19, 0);

let tmp: Awaited<ReturnType<typeof tempDir>>;
let file: string;
const stores: Store[] = [];

beforeEach(async () => {
  tmp = await tempDir('migrate');
  file = path.join(tmp.dir, 'bigcity.sqlite');
  // The file as that release left it: its key-value table and nothing else.
  await sql(file, 'CREATE TABLE keyv(key VARCHAR(255) PRIMARY KEY, value TEXT )');
  for (const row of fixture.rows) await sql(file, 'INSERT INTO keyv (key, value) VALUES (?, ?)', row.key, row.value);
});

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  await tmp.remove();
});

async function open(clock: { now(): number }): Promise<Store> {
  const store = await openStore(`sqlite://${file}`, { clock, logger: recordingLogger() });
  stores.push(store);
  return store;
}

describe('a SQLite file of the release before the score tables', () => {
  it('given its scores (with a commit a crash interrupted), recover() moves them into the tables and every board, rank and stat reads as that release read them', async () => {
    let now = OCT_20_2024;
    const store = await open({ now: () => now });
    const report = await store.recover();
    // 36 player records were stored; the interrupted commit adds the 5 its boards lacked (Alice and Bob new on this month's and week's boards).
    expect(report).toMatchObject({ practice: 2, journals: 1 });
    const [{ rows } = { rows: 0 }] = await sql<{ rows: number }>(file, 'SELECT COUNT(*) AS rows FROM bigcity_scores');
    expect(report.records).toBe(rows);
    expect(fixture.rows.filter((r) => r.key.startsWith('bigcity:rec:'))).toHaveLength(36);
    expect(rows).toBe(41);
    const scopes: [string, ScoreScope][] = [['guild', { guildId: GUILD }], ['g2', { guildId: G2 }], ['global', 'global']];
    const periods: ScorePeriod[] = ['all-time', 'month', 'week'];
    let compared = 0;
    for (const at of [OCT_20_2024, NOV_3_2024]) {
      now = at;
      for (const [name, scope] of scopes) {
        for (const period of periods) {
          const key = `${new Date(at).toISOString().slice(0, 10)} ${name} ${period}`;
          expect(await store.scores.leaderboard(scope, period, { limit: 50 }), key).toEqual(fixture.expected.boards[key]);
          for (const userId of PLAYERS) {
            expect((await store.scores.stats(userId, scope, period)) ?? null, `${key} ${userId}`).toEqual(fixture.expected.stats[`${key} ${userId}`]);
            compared++;
          }
        }
      }
    }
    expect(compared).toBe(54);
    for (const userId of PLAYERS) expect(await store.scores.practiceStats(userId)).toEqual(fixture.expected.practice[userId]);
    // Settings as that release read them, with what this release added at its defaults (no channel progress).
    for (const guildId of [GUILD, G2]) expect(await store.settings.get(guildId)).toEqual({ ...(fixture.expected.settings[guildId] as object), channelProgress: {} });
    // The earlier rows are gone; a second start moves nothing again, and the interrupted round is not counted twice.
    for (const prefix of ['rec:', 'top:', 'sum:', 'bkt:', 'journal:', 'practice:']) expect(await rawKeys(file, `bigcity:${prefix}`)).toEqual([]);
    await store.close();
    const again = await open({ now: () => now });
    expect(await again.recover()).toEqual({ records: 0, practice: 0, journals: 0 });
    now = NOV_3_2024;
    expect(await again.scores.leaderboard('global', 'all-time', { limit: 50 })).toEqual(fixture.expected.boards[`2024-11-03 global all-time`]);
  });

  it('given its quiz stopped mid-question, the new release resumes it with the saved answers, and the round and the game count once on top of the moved scores', async () => {
    const clock = manualClock(fixture.savedAt + 30_000);
    const store = await open(clock);
    await store.recover();
    const world: World = { clock, scheduler: createFakeScheduler(clock), store, logger: recordingLogger() };
    const { runner, ports } = createRunner(world, { idPrefix: 'n' });
    expect(await runner.resume()).toEqual({ resumed: 1, ended: 0, dropped: 0 });
    expect(runner.running(CHANNEL)).toMatchObject({ sessionId: fixture.sessionId, number: 2, total: 3 });
    await world.scheduler.runAll();
    const reveals = ports.reveals();
    // Question 2 is revealed with the two answers saved before the stop; question 3 follows.
    expect(reveals[0]).toMatchObject({ number: 2, answered: 2 });
    expect(ports.standings()[0]).toMatchObject({ reason: 'completed', roundsPlayed: 3, scoresSaved: true });
    // Every player's game is counted once on this server's all-time board, on top of the moved October game.
    for (const userId of ['300000000000000002', '300000000000000009']) {
      const before = fixture.expected.stats[`2024-11-03 guild all-time ${userId}`] as { gamesPlayed: number; answered: number };
      const after = await store.scores.stats(userId, { guildId: GUILD }, 'all-time');
      expect(after?.gamesPlayed, userId).toBe(before.gamesPlayed + 1);
    }
    expect(await store.sessions.list()).toEqual([]);
  });
});

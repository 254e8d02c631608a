/**
 * Brings an earlier release's scores into the score tables, once: it kept them as key-value rows
 * (`rec:<board>:<user>`, `practice:<user>`, an index in `top:`, `sum:`, `bkt:`, and `journal:` rows
 * of commits under way, finished first as that release's recovery did: applied to every record
 * whose recent tags lack it). One transaction; the old rows are deleted once it is committed.
 */
import { createHash } from 'node:crypto';
import { boardsOf } from './boards.js';
import type { KeyValueStore } from './kv.js';
import { isJournalShape } from './rows.js';
import { num, type SqlDatabase, type SqlValue } from './sql.js';
import type { AnswerResult, RecoveryReport, StoreLogger, UserStats } from './types.js';

const MIGRATED = 'scores_from_keyv';
const LEGACY_PREFIXES = ['rec:', 'top:', 'sum:', 'bkt:', 'journal:', 'practice:'] as const;
const BATCH = 500;

/** A player's record on one board, as the earlier release stored it: the stats and the tags of its last commits. */
interface LegacyRecord extends UserStats {
  readonly recent?: readonly string[];
}

type LegacyJournal =
  | { readonly kind: 'round'; readonly guildId: string; readonly key: string; readonly at: number; readonly results: readonly AnswerResult[] }
  | { readonly kind: 'game'; readonly guildId: string; readonly key: string; readonly at: number; readonly userIds: readonly string[] };

/** Imports the earlier release's score rows, unless done already. @throws what the databases throw; nothing is then marked done. */
export async function migrateKeyvScores(kv: KeyValueStore, db: SqlDatabase, logger: StoreLogger): Promise<RecoveryReport> {
  const done = await db.all<{ value: string }>(`SELECT value FROM bigcity_meta WHERE name = ?`, [MIGRATED]);
  if (done.length > 0) return { records: 0, practice: 0, journals: 0 };

  const records = new Map<string, LegacyRecord>();
  for await (const batch of batches(kv, 'rec:')) {
    const values = await kv.getMany<LegacyRecord>(batch);
    batch.forEach((key, i) => {
      const value = values[i];
      if (value !== undefined) records.set(key.slice('rec:'.length), value);
    });
  }
  let journals = 0;
  for await (const batch of batches(kv, 'journal:')) {
    const values = await kv.getMany<unknown>(batch);
    for (const value of values) {
      if (!isJournalShape(value)) continue;
      finishJournal(records, value as LegacyJournal);
      journals++;
    }
  }
  const practice: { userId: string; answered: number; correct: number }[] = [];
  for await (const batch of batches(kv, 'practice:')) {
    const values = await kv.getMany<{ answered: number; correct: number }>(batch);
    batch.forEach((key, i) => {
      const value = values[i];
      if (value !== undefined) practice.push({ userId: key.slice('practice:'.length), answered: num(value.answered), correct: num(value.correct) });
    });
  }

  await db.transaction(async (tx) => {
    const rows = [...records].map(([boardAndUser, r]) => {
      const cut = boardAndUser.lastIndexOf(':');
      return [boardAndUser.slice(0, cut), boardAndUser.slice(cut + 1), r.points, r.correct, r.answered, r.gamesPlayed, r.bestStreak, r.lastPlayed] as SqlValue[];
    });
    for (let i = 0; i < rows.length; i += BATCH) {
      const chunk = rows.slice(i, i + BATCH);
      await tx.run(
        `INSERT INTO bigcity_scores (board, user_id, points, correct, answered, games, best_streak, last_played)
         VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
         ON CONFLICT (board, user_id) DO NOTHING`,
        chunk.flat(),
      );
    }
    for (let i = 0; i < practice.length; i += BATCH) {
      const chunk = practice.slice(i, i + BATCH);
      await tx.run(
        `INSERT INTO bigcity_practice (user_id, answered, correct) VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')} ON CONFLICT (user_id) DO NOTHING`,
        chunk.flatMap((p) => [p.userId, p.answered, p.correct]),
      );
    }
    await tx.run(`INSERT INTO bigcity_meta (name, value) VALUES (?, ?)`, [MIGRATED, JSON.stringify({ records: records.size, practice: practice.length, journals })]);
  });

  for (const prefix of LEGACY_PREFIXES) {
    for await (const batch of batches(kv, prefix)) await kv.deleteMany(batch);
  }
  const report = { records: records.size, practice: practice.length, journals };
  if (records.size + practice.length + journals > 0) logger.info({ ...report }, 'scores of the earlier release moved into the score tables');
  return report;
}

/** The keys under a prefix, a few hundred at a time (collected first: the caller may delete them). */
async function* batches(kv: KeyValueStore, prefix: string): AsyncGenerator<string[]> {
  const keys: string[] = [];
  for await (const key of kv.keys(prefix)) keys.push(key);
  for (let i = 0; i < keys.length; i += BATCH) yield keys.slice(i, i + BATCH);
}

/** Applies an interrupted commit to every record of its boards that has not absorbed it. */
function finishJournal(records: Map<string, LegacyRecord>, journal: LegacyJournal): void {
  const tag = createHash('sha256').update(`${journal.kind}\n${journal.guildId}\n${journal.key}`).digest('base64url').slice(0, 16);
  const userIds = journal.kind === 'round' ? journal.results.map((r) => r.userId) : journal.userIds;
  for (const board of boardsOf(journal.guildId, journal.at)) {
    userIds.forEach((userId, i) => {
      const key = `${board}:${userId}`;
      const before = records.get(key);
      if (before?.recent?.includes(tag)) return;
      const base = before ?? { points: 0, correct: 0, answered: 0, gamesPlayed: 0, bestStreak: 0, lastPlayed: journal.at };
      const lastPlayed = Math.max(base.lastPlayed, journal.at);
      if (journal.kind === 'game') {
        records.set(key, { ...base, gamesPlayed: base.gamesPlayed + 1, lastPlayed, recent: [tag] });
        return;
      }
      const result = journal.results[i];
      if (result === undefined) return;
      records.set(key, {
        points: base.points + result.points,
        correct: base.correct + (result.correct ? 1 : 0),
        answered: base.answered + 1,
        gamesPlayed: base.gamesPlayed,
        bestStreak: Math.max(base.bestStreak, result.streak),
        lastPlayed,
        recent: [tag],
      });
    });
  }
}

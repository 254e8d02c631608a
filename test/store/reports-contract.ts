/**
 * The question reports part of the store contract (called from contract.ts, so it runs against
 * every backend): one report per player per question, a server's reports newest first, every
 * report for the curator tools, input checks, and damaged rows skipped.
 */
import { describe, expect, it } from 'vitest';
import { MAX_REPORT_NOTE_LENGTH, REPORT_REASONS, StoreInputError, type QuestionReport, type Store } from '../../src/store/index.js';
import type { ContractBackend, ContractHandle, ContractStoreOptions } from './contract.js';
import type { FakeClock, RecordingLogger } from './helpers.js';

export interface ReportContractEnv {
  readonly store: Store;
  readonly handle: ContractHandle;
  readonly clock: FakeClock;
  readonly logger: RecordingLogger;
}

function report(over: Partial<QuestionReport> = {}): QuestionReport {
  return {
    questionId: 'role:film-jae-hee#1',
    factId: 'role:film-jae-hee',
    origin: 'quiz',
    guildId: 'g1',
    channelId: 'c1',
    messageId: 'm1',
    userId: 'u1',
    reason: 'wrong-answer',
    note: 'Jae-hee is played by Kim Go-eun, not the option marked right.',
    at: 1_000,
    ...over,
  };
}

export function describeReportContract(backend: ContractBackend, env: () => ReportContractEnv, reopenOptions: () => ContractStoreOptions): void {
  describe('question reports', () => {
    it('given no reports, nothing is reported anywhere', async () => {
      const { store } = env();
      expect(await store.reports.hasReported('u1', 'role:film-jae-hee#1')).toBe(false);
      expect(await store.reports.recent('g1')).toEqual({ reports: [], total: 0 });
      expect(await store.reports.all()).toEqual([]);
    });

    it('given a report, it is kept as given; a second report by the same player on the same question is refused, from any server', async () => {
      const { store } = env();
      const first = report();
      expect(await store.reports.add(first)).toBe('added');
      expect(await store.reports.hasReported('u1', first.questionId)).toBe(true);
      expect(await store.reports.recent('g1')).toEqual({ reports: [first], total: 1 });
      // The same player and question, from another server, with another reason: still one report.
      expect(await store.reports.add(report({ guildId: 'g2', reason: 'unclear', at: 2_000 }))).toBe('duplicate');
      expect(await store.reports.add(report({ guildId: null, origin: 'practice', messageId: null, at: 3_000 }))).toBe('duplicate');
      expect(await store.reports.recent('g2')).toEqual({ reports: [], total: 0 });
      expect(await store.reports.all()).toEqual([first]);
      // Another player on that question, and the same player on another question, are new reports.
      expect(await store.reports.add(report({ userId: 'u2', at: 4_000 }))).toBe('added');
      expect(await store.reports.add(report({ questionId: 'role:film-jae-hee#1:true', at: 5_000 }))).toBe('added');
      expect(await store.reports.hasReported('u2', first.questionId)).toBe(true);
      expect(await store.reports.hasReported('u2', 'role:film-jae-hee#1:true')).toBe(false);
      expect((await store.reports.all()).length).toBe(3);
    });

    it("given reports from several servers and DMs, a server's recent reports are its own, newest first, bounded, with the total", async () => {
      const { store } = env();
      for (let i = 0; i < 12; i++) {
        expect(await store.reports.add(report({ userId: `u${i}`, at: 10_000 + i, reason: REPORT_REASONS[i % REPORT_REASONS.length] ?? 'other' }))).toBe('added');
      }
      // A server whose id starts like g1's, another server, and a DM practice report.
      await store.reports.add(report({ guildId: 'g10', userId: 'x1', at: 50_000 }));
      await store.reports.add(report({ guildId: 'g2', userId: 'x2', at: 60_000 }));
      const dm = report({ guildId: null, origin: 'practice', messageId: null, channelId: 'dm1', userId: 'x3', at: 70_000 });
      await store.reports.add(dm);

      const recent = await store.reports.recent('g1');
      expect(recent.total).toBe(12);
      expect(recent.reports.map((r) => r.userId)).toEqual(['u11', 'u10', 'u9', 'u8', 'u7', 'u6', 'u5', 'u4', 'u3', 'u2']);
      expect((await store.reports.recent('g1', 3)).reports.map((r) => r.at)).toEqual([10_011, 10_010, 10_009]);
      expect((await store.reports.recent('g10')).reports.map((r) => r.userId)).toEqual(['x1']);
      expect((await store.reports.recent('g2')).total).toBe(1);
      // Every report, oldest first, the DM one included.
      const all = await store.reports.all();
      expect(all).toHaveLength(15);
      expect(all.at(-1)).toEqual(dm);
      expect(all.map((r) => r.at)).toEqual([...all.map((r) => r.at)].sort((a, b) => a - b));
    });

    it('given malformed input (reason, note, ids, time, limit), it is refused and nothing is written', async () => {
      const { store } = env();
      const bad: Partial<QuestionReport>[] = [
        { reason: 'boring' as QuestionReport['reason'] },
        { note: 'x'.repeat(MAX_REPORT_NOTE_LENGTH + 1) },
        { questionId: 'has space' },
        { questionId: '' },
        { factId: '' },
        { guildId: 'not a guild' },
        { userId: '../u1' },
        { channelId: '' },
        { origin: 'game' as QuestionReport['origin'] },
        { at: Number.NaN },
      ];
      for (const over of bad) await expect(store.reports.add(report(over)), JSON.stringify(over)).rejects.toBeInstanceOf(StoreInputError);
      expect(await store.reports.all()).toEqual([]);
      await expect(store.reports.recent('g1', 0)).rejects.toBeInstanceOf(StoreInputError);
      await expect(store.reports.recent('g1', 1_000)).rejects.toBeInstanceOf(StoreInputError);
      await expect(store.reports.hasReported('u1', 'has space')).rejects.toBeInstanceOf(StoreInputError);
      // A note of exactly the cap is kept whole.
      const longest = report({ note: 'n'.repeat(MAX_REPORT_NOTE_LENGTH) });
      expect(await store.reports.add(longest)).toBe('added');
      expect((await store.reports.all())[0]?.note).toBe(longest.note);
    });

    it('given the same player sending the same report twice at once, exactly one is kept', async () => {
      const { store } = env();
      const outcomes = await Promise.all(Array.from({ length: 5 }, (_, i) => store.reports.add(report({ at: 1_000 + i, guildId: i % 2 === 0 ? 'g1' : 'g2' }))));
      expect(outcomes.filter((o) => o === 'added')).toHaveLength(1);
      expect(await store.reports.all()).toHaveLength(1);
    });

    it('given a damaged report row, listings skip it with one warning; a damaged marker lets the player report again', async () => {
      const { store, handle, logger } = env();
      await store.reports.add(report());
      await store.reports.add(report({ userId: 'u2', at: 2_000 }));
      await handle.kv.set('report:guild:g1:u2:role:film-jae-hee#1', { v: 1, questionId: 'role:film-jae-hee#1', reason: 42 });
      expect((await store.reports.recent('g1')).reports.map((r) => r.userId)).toEqual(['u1']);
      expect((await store.reports.all()).map((r) => r.userId)).toEqual(['u1']);
      expect(logger.at('warn').some((line) => line.msg === 'store: unreadable question report skipped')).toBe(true);

      await handle.kv.set('reported:u1:role:film-jae-hee#1', 'junk');
      expect(await store.reports.hasReported('u1', 'role:film-jae-hee#1')).toBe(false);
      expect(await store.reports.add(report({ reason: 'unclear', at: 3_000 }))).toBe('added');
      expect((await store.reports.recent('g1')).reports[0]).toMatchObject({ userId: 'u1', reason: 'unclear' });
    });

    it.runIf(backend.persistent)('given a reopened store, the reports and the one-per-player rule are still there', async () => {
      const { store, handle } = env();
      const reopen = handle.reopen;
      if (reopen === undefined) throw new Error('a persistent backend must offer reopen');
      await store.reports.add(report());
      await store.close();
      const again = await reopen(reopenOptions());
      expect(await again.reports.all()).toEqual([report()]);
      expect(await again.reports.add(report({ at: 9_000 }))).toBe('duplicate');
    });
  });
}

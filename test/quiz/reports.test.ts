/**
 * Question reports, the quiz side (src/quiz/reports.ts): the ids of the Report button and of the
 * form, which questions can be reported, and the checks a report goes through.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataset } from '../../src/data/dataset.js';
import { ALL_SPOILERS, NO_SPOILERS, type SpoilerSetting } from '../../src/data/spoilers.js';
import { buildBank } from '../../src/quiz/bank.js';
import { pickQuestions } from '../../src/quiz/generate.js';
import {
  createReportService,
  parseReportButtonId,
  parseReportFormId,
  reportableQuestions,
  reportButtonId,
  reportFormId,
  type ReportService,
} from '../../src/quiz/reports.js';
import { manualClock, seededRng } from '../../src/quiz/rng.js';
import { openStore, type Store } from '../../src/store/index.js';

const bank = buildBank(dataset);
const questions = reportableQuestions(bank);

describe('report ids', () => {
  it('given a question id, the button and form ids carry it and read back; anything else reads as null', () => {
    for (const origin of ['quiz', 'practice'] as const) {
      const ref = { origin, questionId: 'fact-film-director-accidental-detective-2#1:false:0' };
      const button = reportButtonId(ref);
      expect(button).toBe(`report:${origin === 'quiz' ? 'q' : 'p'}:${ref.questionId}`);
      expect(button?.length ?? 0).toBeLessThanOrEqual(100);
      expect(parseReportButtonId(button)).toEqual(ref);
      expect(parseReportFormId(reportFormId(ref))).toEqual(ref);
      // A button id is not a form id, nor the other way round.
      expect(parseReportFormId(button)).toBeNull();
      expect(parseReportButtonId(reportFormId(ref))).toBeNull();
    }
    for (const forged of [undefined, 42, '', 'report:', 'report:q:', 'report:x:role:a#1', 'report:q:has space', 'report:q:a/b', `report:q:${'a'.repeat(81)}`, 'REPORT:q:a']) {
      expect(parseReportButtonId(forged), String(forged)).toBeNull();
    }
    // A question id too long for a button gets none (the reveal then shows no Report button).
    expect(reportButtonId({ origin: 'quiz', questionId: 'a'.repeat(81) })).toBeNull();
    expect(() => reportFormId({ origin: 'quiz', questionId: 'a b' })).toThrow(RangeError);
  });

  it('given every question the bank can ask, each fits a Report button', () => {
    for (const id of questions.keys()) expect(reportButtonId({ origin: 'quiz', questionId: id }), id).not.toBeNull();
  });
});

describe('reportable questions', () => {
  it('given games and practice at any spoiler setting, in either language, every question asked can be reported, with its fact', () => {
    const settings: SpoilerSetting[] = [NO_SPOILERS, { film: true, series: 0, novel: 0 }, { film: false, series: 4, novel: 2 }, ALL_SPOILERS];
    let checked = 0;
    for (const spoilers of settings) {
      for (const lang of ['en', 'ko'] as const) {
        for (let seed = 1; seed <= 12; seed++) {
          for (const q of pickQuestions(bank, { scope: 'all', difficulty: 'mixed', spoilers, count: 30, rng: seededRng(seed), lang })) {
            const found = questions.get(q.id);
            expect(found, q.id).toBeDefined();
            expect(found?.fact).toBe(q.fact);
            expect(found?.prompt[lang]).toBe(q.prompt);
            // Moderators never see a plot point unhidden (a question may be hidden that, asked here, gave none away).
            if ((q.reveals ?? []).length > 0) expect(found?.spoils, q.id).toBe(true);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(1_000);
  });
});

describe('the report service', () => {
  let store: Store;
  let svc: ReportService;
  const clock = manualClock(Date.UTC(2026, 10, 21, 12));
  const questionId = [...questions.keys()][0] ?? '';
  const fact = questions.get(questionId)?.fact;
  const input = (over: Partial<Parameters<ReportService['submit']>[0]> = {}) => ({
    formId: `reportform:q:${questionId}`,
    userId: 'u1',
    guildId: 'g1',
    channelId: 'c1',
    messageId: 'm1',
    reason: ['wrong-answer'],
    note: undefined,
    ...over,
  });

  beforeEach(async () => {
    store = await openStore('memory://', { logger: { info() {}, warn() {}, error() {}, debug() {} }, clock });
    svc = createReportService({ questions, store: store.reports, clock });
  });
  afterEach(async () => {
    await store.close();
  });

  it('given a press on a known question, the form opens; once reported, or for an unknown question, it does not', async () => {
    expect(await svc.open(`report:q:${questionId}`, 'u1')).toMatchObject({ ok: true, target: { origin: 'quiz', questionId, question: { fact } } });
    expect(await svc.open('report:q:fact-nothing-like-this#1', 'u1')).toEqual({ ok: false, kind: 'unknown' });
    expect(await svc.open('report:q:../../x', 'u1')).toEqual({ ok: false, kind: 'unknown' });
    expect(await svc.submit(input())).toMatchObject({ kind: 'added' });
    expect(await svc.open(`report:q:${questionId}`, 'u1')).toEqual({ ok: false, kind: 'already-reported' });
    expect(await svc.open(`report:p:${questionId}`, 'u1')).toEqual({ ok: false, kind: 'already-reported' });
    expect((await svc.open(`report:q:${questionId}`, 'u2')).ok).toBe(true);
  });

  it('given a form, the report is kept with the fact, the clock time and the trimmed note; a second is refused', async () => {
    const sent = await svc.submit(input({ note: '  the film opened on 1 October  ' }));
    expect(sent).toEqual({
      kind: 'added',
      report: { questionId, factId: fact, origin: 'quiz', guildId: 'g1', channelId: 'c1', messageId: 'm1', userId: 'u1', reason: 'wrong-answer', note: 'the film opened on 1 October', at: clock.now() },
    });
    expect(await store.reports.all()).toEqual([sent.kind === 'added' ? sent.report : undefined]);
    expect(await svc.submit(input({ reason: ['unclear'], guildId: 'g2' }))).toEqual({ kind: 'already-reported' });
    expect((await svc.recent('g1', 10)).total).toBe(1);
  });

  it('given a practice form, the report keeps no message link (a private message) and may come from a DM', async () => {
    const sent = await svc.submit(input({ formId: `reportform:p:${questionId}`, guildId: null, channelId: 'dm1' }));
    expect(sent).toMatchObject({ kind: 'added', report: { origin: 'practice', guildId: null, channelId: 'dm1', messageId: null } });
  });

  it('given a forged form (unknown question, no reason, two reasons, another reason, an overlong note), nothing is kept', async () => {
    expect(await svc.submit(input({ formId: 'reportform:q:fact-nothing-like-this#1' }))).toEqual({ kind: 'unknown' });
    expect(await svc.submit(input({ formId: `report:q:${questionId}` }))).toEqual({ kind: 'unknown' });
    for (const reason of [undefined, [], ['wrong-answer', 'unclear'], ['boring'], ['']]) {
      expect(await svc.submit(input({ reason })), JSON.stringify(reason)).toEqual({ kind: 'bad-reason' });
    }
    expect(await svc.submit(input({ note: 'x'.repeat(301) }))).toEqual({ kind: 'note-too-long', length: 301, max: 300 });
    expect(await store.reports.all()).toEqual([]);
    // Spaces around a note do not count towards the cap.
    expect(await svc.submit(input({ note: ` ${'x'.repeat(300)} ` }))).toMatchObject({ kind: 'added', report: { note: 'x'.repeat(300) } });
  });
});

/**
 * The report form and the moderators' list as Discord bodies (src/discord/report-view.ts): the
 * form is a valid modal callback for Discord's OpenAPI in both languages, and the list stays within
 * an embed's limits however long the notes, hides plot questions behind spoiler tags, and escapes
 * what reporters typed.
 */
import { describe, expect, it } from 'vitest';
import { dataset } from '../../src/data/dataset.js';
import { renderReportForm, renderReportList } from '../../src/discord/report-view.js';
import { buildBank } from '../../src/quiz/bank.js';
import { reportableQuestions, type ReportableQuestion } from '../../src/quiz/reports.js';
import type { QuestionReport } from '../../src/store/types.js';
import { createOpenApiValidator } from '../sim/index.js';

const questions = reportableQuestions(buildBank(dataset));
const entries = [...questions];
const plain = entries.find(([, q]) => !q.spoils);
const spoiling = entries.find(([, q]) => q.spoils);
if (!plain || !spoiling) throw new Error('the bank has no plain or no plot question');

function report(i: number, over: Partial<QuestionReport> = {}): QuestionReport {
  return {
    questionId: plain?.[0] ?? '',
    factId: plain?.[1].fact ?? '',
    origin: 'quiz',
    guildId: '1300000000000000100',
    channelId: '1300000000000000200',
    messageId: '1300000000000000300',
    userId: String(1_300_000_000_000_000_400n + BigInt(i)),
    reason: 'wrong-answer',
    note: '',
    at: Date.UTC(2026, 10, 21, 12) - i * 60_000,
    ...over,
  };
}

const embedLength = (e: { title?: string; description?: string; footer?: { text: string }; fields?: { name: string; value: string }[] }): number =>
  (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);

describe('the report form', () => {
  it('given any question, in English and Korean, the modal is a body Discord accepts', () => {
    const validator = createOpenApiValidator();
    const op = validator.match('post', '/interactions/1300000000000000001/token/callback');
    if (!op) throw new Error('no callback route in the OpenAPI document');
    const longest = entries.reduce((a, b) => (b[1].prompt.ko.length + b[1].prompt.en.length > a[1].prompt.ko.length + a[1].prompt.en.length ? b : a));
    for (const [questionId, question] of [plain, spoiling, longest] as [string, ReportableQuestion][]) {
      for (const lang of ['en', 'ko'] as const) {
        const body = { type: 9, data: JSON.parse(JSON.stringify(renderReportForm({ origin: 'quiz', questionId, question }, lang))) as unknown };
        expect(validator.validateRequest(op, body), `${questionId} ${lang}`).toEqual([]);
      }
    }
  });
});

describe('the moderators\' list', () => {
  it('given ten reports with notes at the cap and a plot question, it fits one embed and hides the plot', () => {
    const long = 'ä'.repeat(300);
    const reports = Array.from({ length: 10 }, (_, i) =>
      report(i, { note: long, ...(i % 2 === 0 ? { questionId: spoiling[0], factId: spoiling[1].fact } : {}) }),
    );
    for (const lang of ['en', 'ko'] as const) {
      const embed = renderReportList({ reports, total: 37 }, lang, (id) => questions.get(id));
      expect(embedLength(embed)).toBeLessThanOrEqual(6000);
      for (const f of embed.fields ?? []) expect(f.value.length).toBeLessThanOrEqual(1024);
      const shown = embed.fields?.length ?? 0;
      expect(shown).toBeGreaterThanOrEqual(8);
      expect(embed.footer?.text).toBe(lang === 'en' ? `The ${shown} most recent of 37 reports` : `전체 37건 중 최근 ${shown}건`);
      // A plot question and its note stay behind spoiler tags; a plain one does not.
      expect(embed.fields?.[0]?.value.startsWith('> ||')).toBe(true);
      expect(embed.fields?.[0]?.value).toContain(lang === 'en' ? `Note: ||${long}||` : `덧붙인 말: ||${long}||`);
      expect(embed.fields?.[1]?.value.startsWith('> ||')).toBe(false);
    }
  });

  it('given a note trying to close the spoiler tag or format itself, and a question no longer asked, both read safely', () => {
    const embed = renderReportList(
      { reports: [report(0, { questionId: spoiling[0], factId: spoiling[1].fact, note: 'ends || here _now_' }), report(1, { questionId: 'gone#1', factId: 'gone' })], total: 2 },
      'en',
      (id) => questions.get(id),
    );
    expect(embed.fields?.[0]?.value).toContain('Note: ||ends \\|\\| here \\_now\\_||');
    expect(embed.fields?.[1]?.value.split('\n')[0]).toBe('(a question no longer asked)');
    expect(embed.footer?.text).toBe('2 reports');
  });
});

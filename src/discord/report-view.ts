/**
 * Question reports on Discord: the Report button under a reveal or a practice answer, the report
 * form (a modal: the question, a reason picked from a list, an optional note), and the
 * moderators' list for `/config reports`. Every text is in the reader's language.
 */
import { ActionRowBuilder, ButtonBuilder, EmbedBuilder, LabelBuilder, ModalBuilder, StringSelectMenuBuilder, TextDisplayBuilder, TextInputBuilder } from '@discordjs/builders';
import { ButtonStyle, escapeMarkdown, TextInputStyle, type APIEmbed, type APIModalInteractionResponseCallbackData } from 'discord.js';
import type { Lang } from '../i18n/lang.js';
import { reportMessages } from '../i18n/messages/reports.js';
import { MAX_REPORT_NOTE_LENGTH, REPORT_FIELDS, REPORT_REASONS, reportFormId, type ReportableQuestion, type ReportTarget } from '../quiz/reports.js';
import type { QuestionReport, RecentReports } from '../store/types.js';
import { spoilerTag, truncate } from './format.js';
import { messageLink } from './interaction.js';

/** Discord's limits on an embed. */
const EMBED = Object.freeze({ fieldName: 256, fieldValue: 1024, total: 6000 });
/** How much of a question's text a list entry shows. */
const PROMPT_SHOWN = 300;

/** The Report button (secondary: it sits beside the answer, not in its way). */
export function reportButton(customId: string, lang: Lang): ButtonBuilder {
  return new ButtonBuilder().setCustomId(customId).setLabel(reportMessages[lang].button).setEmoji({ name: '🚩' }).setStyle(ButtonStyle.Secondary);
}

/** The report form for a question, in the reporter's language. */
export function renderReportForm(target: ReportTarget, lang: Lang): APIModalInteractionResponseCallbackData {
  const t = reportMessages[lang];
  const prompt = target.question.prompt[lang];
  const select = new StringSelectMenuBuilder()
    .setCustomId(REPORT_FIELDS.reason)
    .setPlaceholder(t.form.reasonPlaceholder)
    .setMinValues(1)
    .setMaxValues(1)
    .setRequired(true)
    .addOptions(REPORT_REASONS.map((value) => ({ label: t.reasons[value].label, value })));
  const note = new TextInputBuilder()
    .setCustomId(REPORT_FIELDS.note)
    .setStyle(TextInputStyle.Paragraph)
    .setRequired(false)
    .setMaxLength(MAX_REPORT_NOTE_LENGTH)
    .setPlaceholder(truncate(t.form.notePlaceholder, 100));
  return new ModalBuilder()
    .setCustomId(reportFormId(target))
    .setTitle(t.form.title)
    // The question the reporter has just seen, in their language: nothing they were not shown.
    .addTextDisplayComponents(new TextDisplayBuilder().setContent(truncate(`> ${prompt}`, 4000)))
    .addLabelComponents(
      new LabelBuilder().setLabel(t.form.reasonLabel).setDescription(t.form.reasonDescription).setStringSelectMenuComponent(select),
      new LabelBuilder()
        .setLabel(t.form.noteLabel)
        .setDescription(truncate(t.form.noteDescription({ max: MAX_REPORT_NOTE_LENGTH }), 100))
        .setTextInputComponent(note),
    )
    .toJSON();
}

/** A reporter's note as moderators read it: no markdown of its own, nothing that pings. */
function noteText(note: string): string {
  return escapeMarkdown(note.replace(/\s+/g, ' '));
}

function entryValue(report: QuestionReport, question: ReportableQuestion | undefined, lang: Lang): string {
  const t = reportMessages[lang].list;
  // A plot question (and what its reporter wrote about it) stays behind a spoiler tag.
  const hide = (text: string): string => (question?.spoils === false ? text : spoilerTag(text));
  const prompt = question === undefined ? t.gone : `> ${hide(truncate(escapeMarkdown(question.prompt[lang]), PROMPT_SHOWN))}`;
  const when = `<t:${Math.floor(report.at / 1000)}:R>`;
  const by = { user: `<@${report.userId}>`, channel: `<#${report.channelId}>`, when };
  const origin =
    report.origin === 'quiz'
      ? t.fromQuiz({ ...by, link: report.messageId === null || report.guildId === null ? null : messageLink(report.guildId, report.channelId, report.messageId) })
      : t.fromPractice(by);
  const note = report.note.length === 0 ? [] : [t.note({ note: hide(noteText(report.note)) })];
  return truncate([prompt, ...note, origin].join('\n'), EMBED.fieldValue);
}

/**
 * `/config reports`: a server's latest reports, newest first, as one embed within Discord's
 * limits (entries that would not fit are left out, and the footer counts what is shown).
 */
export function renderReportList(recent: RecentReports, lang: Lang, questionOf: (questionId: string) => ReportableQuestion | undefined): APIEmbed {
  const t = reportMessages[lang].list;
  const embed = new EmbedBuilder().setTitle(t.title).setColor(0xed4245);
  if (recent.reports.length === 0) return embed.setDescription(t.empty).toJSON();
  let used = t.title.length + t.footer({ shown: recent.total, total: recent.total }).length + 20;
  const fields: { name: string; value: string }[] = [];
  for (const [i, report] of recent.reports.entries()) {
    const name = truncate(t.entry({ number: i + 1, reason: reportMessages[lang].reasons[report.reason].name }), EMBED.fieldName);
    const value = entryValue(report, questionOf(report.questionId), lang);
    if (used + name.length + value.length > EMBED.total) break;
    used += name.length + value.length;
    fields.push({ name, value });
  }
  return embed.addFields(fields).setFooter({ text: t.footer({ shown: fields.length, total: recent.total }) }).toJSON();
}

/** The row under a practice answer: Next question, and Report. */
export function practiceActionRow(view: { readonly next: { readonly customId: string }; readonly report: { readonly customId: string } | null }, nextLabel: string, lang: Lang) {
  const row = new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId(view.next.customId).setLabel(nextLabel).setStyle(ButtonStyle.Primary));
  if (view.report) row.addComponents(reportButton(view.report.customId, lang));
  return row.toJSON();
}

/** The row under a reveal with its Report button. */
export function reportRow(customId: string, lang: Lang) {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(reportButton(customId, lang)).toJSON();
}

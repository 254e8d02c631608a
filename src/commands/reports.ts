/**
 * Question reports: the Report button under a reveal or a practice answer opens the report form;
 * the submitted form is checked and kept (one report per player per question); `/config reports`
 * lists a server's latest. The checks are in src/quiz/reports.ts, the rendering in
 * src/discord/report-view.ts; every answer here is private, in the member's language.
 */
import { ComponentType, MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction, type ModalSubmitInteraction } from 'discord.js';
import type { ButtonHandler, ModalHandler } from '../discord/command.js';
import type { BotContext } from '../discord/context.js';
import { noMentions } from '../discord/format.js';
import { userLang } from '../discord/lang.js';
import { renderReportForm, renderReportList } from '../discord/report-view.js';
import type { Lang } from '../i18n/lang.js';
import { reportMessages } from '../i18n/messages/reports.js';
import { REPORT_FIELDS, type ReportSubmission } from '../quiz/reports.js';

/** How many reports `/config reports` shows. */
export const REPORTS_SHOWN = 10;

async function privately(interaction: ButtonInteraction | ModalSubmitInteraction, content: string): Promise<void> {
  await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: noMentions() });
}

/** The Report button: the form opens, unless the question is unknown or the player has reported it already. */
export const reportButtons = {
  prefix: 'report',
  async handle(interaction, ctx) {
    const lang = userLang(interaction);
    const t = reportMessages[lang];
    const opening = await ctx.reports.open(interaction.customId, interaction.user.id);
    if (!opening.ok) return privately(interaction, opening.kind === 'already-reported' ? t.alreadyReported : t.unknown);
    await interaction.showModal(renderReportForm(opening.target, lang));
  },
} satisfies ButtonHandler;

/** A form field's chosen values, or undefined when the form has no such select (only a forged form). */
function selectValues(interaction: ModalSubmitInteraction, customId: string): readonly string[] | undefined {
  const field = interaction.fields.fields.get(customId);
  if (field === undefined || field.type !== ComponentType.StringSelect || !('values' in field) || !Array.isArray(field.values)) return undefined;
  return field.values.filter((v): v is string => typeof v === 'string');
}

/** A form field's text, or undefined when left out. */
function textValue(interaction: ModalSubmitInteraction, customId: string): string | undefined {
  const field = interaction.fields.fields.get(customId);
  return field !== undefined && field.type === ComponentType.TextInput && 'value' in field && typeof field.value === 'string' ? field.value : undefined;
}

function refusalText(submission: Exclude<ReportSubmission, { kind: 'added' }>, lang: Lang): string {
  const t = reportMessages[lang];
  switch (submission.kind) {
    case 'unknown':
      return t.unknown;
    case 'already-reported':
      return t.alreadyReported;
    case 'bad-reason':
      return t.badReason;
    case 'note-too-long':
      return t.noteTooLong({ length: submission.length, max: submission.max });
  }
}

/** The submitted report form: kept and thanked for, or refused with the reason. */
export const reportForms = {
  prefix: 'reportform',
  async handle(interaction, ctx) {
    const lang = userLang(interaction);
    if (interaction.channelId === null) return privately(interaction, reportMessages[lang].unknown);
    const submission = await ctx.reports.submit({
      formId: interaction.customId,
      userId: interaction.user.id,
      guildId: interaction.guildId,
      channelId: interaction.channelId,
      messageId: interaction.message?.id ?? null,
      reason: selectValues(interaction, REPORT_FIELDS.reason),
      note: textValue(interaction, REPORT_FIELDS.note),
    });
    if (submission.kind !== 'added') return privately(interaction, refusalText(submission, lang));
    const { report } = submission;
    // What curators look for in the log; the note itself stays in the store.
    ctx.logger.info(
      { guildId: report.guildId, channelId: report.channelId, userId: report.userId, questionId: report.questionId, factId: report.factId, reason: report.reason },
      'question reported',
    );
    await privately(interaction, reportMessages[lang].thanks({ reason: reportMessages[lang].reasons[report.reason].name }));
  },
} satisfies ModalHandler;

/** `/config reports`: the server's latest reports, for its moderators (checked by /config before this). */
export async function showReports(interaction: ChatInputCommandInteraction & { guildId: string }, ctx: BotContext, lang: Lang): Promise<void> {
  const recent = await ctx.reports.recent(interaction.guildId, REPORTS_SHOWN);
  await interaction.reply({
    embeds: [renderReportList(recent, lang, (id) => ctx.reports.question(id))],
    flags: MessageFlags.Ephemeral,
    // The list names players and channels: none of them is pinged.
    allowedMentions: noMentions(),
  });
}

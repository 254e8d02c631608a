/**
 * What `/config` shows: the settings card and the leaderboard-reset confirmation in its states
 * (asking, done, cancelled, expired). Pure rendering: settings and ids in, message bodies out.
 */
import { ActionRowBuilder, ButtonBuilder, EmbedBuilder } from '@discordjs/builders';
import { ButtonStyle, type APIActionRowComponent, type APIComponentInMessageActionRow, type APIEmbed } from 'discord.js';
import { formatSpoilers, minSpoilers, sameSpoilers, type SpoilerSetting } from '../data/spoilers.js';
import type { Lang } from '../i18n/lang.js';
import { common } from '../i18n/messages/common.js';
import { configMessages } from '../i18n/messages/config.js';
import type { GuildSettings, ScorePeriod } from '../store/types.js';
import { serverLangOf } from './lang.js';

const COLOUR = 0x5865f2;

const code = (s: SpoilerSetting): string => `\`${formatSpoilers(s)}\``;

/** A setting as the card shows it: "`film+series-4`: the film, series episodes 1–4" in its language's order. */
function spoilerValue(s: SpoilerSetting, lang: Lang): string {
  return configMessages[lang].card.capValue({ code: code(s), description: common[lang].spoilers({ setting: s }) });
}

/** One field per setting, for `/config show` and after each change. */
export function describeSettings(s: GuildSettings, lang: Lang, guildLocale: string | null): { name: string; value: string }[] {
  const t = configMessages[lang];
  const card = t.card;
  const d = s.defaults;
  const used = minSpoilers(d.spoilers, s.maxSpoilers);
  const defaults = card.defaultsValue({
    rounds: d.rounds,
    seconds: d.seconds,
    difficulty: t.difficulty[d.difficulty],
    spoilers: code(d.spoilers),
  });
  const resolved = serverLangOf(s, guildLocale);
  return [
    { name: card.channels, value: s.quizChannels.length > 0 ? s.quizChannels.map((c) => `<#${c}>`).join(', ') : card.channelsAnywhere },
    { name: card.cap, value: spoilerValue(s.maxSpoilers, lang) },
    {
      name: card.role,
      value: s.quizRole ? card.roleValue({ roleId: s.quizRole, permission: common[lang].permissions.manageGuild }) : card.roleAnyone,
    },
    { name: card.ping, value: s.quizPing ? `<@&${s.quizPing}>` : card.pingNone },
    // A default above the server's cap is lowered to the cap when a quiz starts: say so.
    { name: card.defaults, value: sameSpoilers(used, d.spoilers) ? defaults : card.defaultsCapped({ defaults, used: code(used) }) },
    {
      name: card.language,
      value:
        s.language !== null
          ? t.languageName[s.language]
          : card.languageDefault({ language: t.languageName[resolved], korean: resolved === 'ko' }),
    },
  ];
}

/** The settings card: `show` for `/config show`, `changed` under the message of a change. */
export function renderSettings(settings: GuildSettings, lang: Lang, guildLocale: string | null, kind: 'show' | 'changed'): APIEmbed {
  const card = configMessages[lang].card;
  return new EmbedBuilder()
    .setColor(COLOUR)
    .setTitle(kind === 'show' ? card.titleShow : card.titleChanged)
    .addFields(describeSettings(settings, lang, guildLocale))
    .toJSON();
}

/** A change's reply: what changed, then the card as it is now. */
export function renderChange(message: string, settings: GuildSettings, lang: Lang, guildLocale: string | null): { content: string; embeds: APIEmbed[] } {
  return { content: message, embeds: [renderSettings(settings, lang, guildLocale, 'changed')] };
}

// ---------------------------------------------------------------------------------------------
// The leaderboard-reset confirmation

export interface ResetConfirmation {
  readonly period: ScorePeriod;
  readonly expiresAt: number;
  readonly confirmId: string;
  readonly cancelId: string;
}

type Row = APIActionRowComponent<APIComponentInMessageActionRow>;

function resetButtons(c: Pick<ResetConfirmation, 'period' | 'confirmId' | 'cancelId'>, lang: Lang, disabled: boolean): Row {
  const t = configMessages[lang].reset;
  return new ActionRowBuilder<ButtonBuilder>()
    .addComponents(
      new ButtonBuilder()
        .setCustomId(c.confirmId)
        .setLabel(confirmLabel(c.period, lang))
        .setStyle(ButtonStyle.Danger)
        .setDisabled(disabled),
      new ButtonBuilder().setCustomId(c.cancelId).setLabel(t.cancel).setStyle(ButtonStyle.Secondary).setDisabled(disabled),
    )
    .toJSON() as Row;
}

/** The question: what a reset wipes and what it keeps, one countdown, Reset and Cancel. */
export function renderResetQuestion(c: ResetConfirmation, lang: Lang): { content: string; components: Row[] } {
  const t = configMessages[lang].reset;
  const args = {
    confirm: confirmLabel(c.period, lang),
    cancel: t.cancel,
    // Discord shows it as a live "in a minute" / "1분 후" in each viewer's locale.
    expires: `<t:${Math.ceil(c.expiresAt / 1000)}:R>`,
  };
  const ask = { 'all-time': t.askAllTime, month: t.askMonth, week: t.askWeek } satisfies Record<ScorePeriod, unknown>;
  return { content: ask[c.period](args), components: [resetButtons(c, lang, false)] };
}

/** After the reset: the outcome, and no buttons left to press. */
export function renderResetDone(period: ScorePeriod, lang: Lang): { content: string; components: Row[] } {
  const t = configMessages[lang].reset;
  const done = { 'all-time': t.doneAllTime, month: t.doneMonth, week: t.doneWeek } satisfies Record<ScorePeriod, string>;
  return { content: done[period], components: [] };
}

/** The Reset button's label, which says which board goes. */
function confirmLabel(period: ScorePeriod, lang: Lang): string {
  const t = configMessages[lang].reset;
  const labels = { 'all-time': t.confirmAllTime, month: t.confirmMonth, week: t.confirmWeek } satisfies Record<ScorePeriod, string>;
  return labels[period];
}

/** Cancelled or expired: the outcome, with both buttons still shown but disabled. */
export function renderResetClosed(
  c: Pick<ResetConfirmation, 'period' | 'confirmId' | 'cancelId'>,
  outcome: 'cancelled' | 'expired',
  lang: Lang,
  command: string,
): { content: string; components: Row[] } {
  const t = configMessages[lang].reset;
  return { content: outcome === 'cancelled' ? t.cancelled : t.expired({ command }), components: [resetButtons(c, lang, true)] };
}

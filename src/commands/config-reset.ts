/**
 * `/config reset-leaderboard` and its confirmation. The buttons' ids carry what to do (confirm
 * or cancel), who may press them, which board and until when, signed with a key derived from
 * the bot token: no server-side state, so they work across restarts and processes, and a forged
 * or altered id is refused.
 *
 * Expiry is answered on the click, not by a timer: a late press of either button turns the
 * message into "this confirmation has expired" with both buttons disabled. A timer editing the
 * reply when the time is up would be lost on a restart; the click always arrives.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import type { ButtonHandler } from '../discord/command.js';
import type { BotContext } from '../discord/context.js';
import { userLang } from '../discord/lang.js';
import { renderResetClosed, renderResetDone, renderResetQuestion } from '../discord/settings-view.js';
import { UserFacingError } from '../errors.js';
import type { Lang } from '../i18n/lang.js';
import { configMessages } from '../i18n/messages/config.js';
import type { ScorePeriod } from '../store/types.js';
import { assertModerator, commandPath, readPeriod } from './config-options.js';

/** How long the confirmation's buttons work. */
export const RESET_CONFIRM_MS = 60_000;

export type ResetAction = 'confirm' | 'cancel';

export interface ResetButton {
  readonly action: ResetAction;
  readonly guildId: string;
  readonly userId: string;
  readonly period: ScorePeriod;
  readonly expiresAt: number;
}

const RESET_ID = /^reset:([yn]):(\d{17,20}):(\d{17,20}):([amw]):(\d{1,15}):([\w-]{16})$/;
/** One letter per board in a button id (ids made before `week` existed keep their meaning). */
const PERIOD_LETTER = { 'all-time': 'a', month: 'm', week: 'w' } as const satisfies Record<ScorePeriod, string>;
const LETTER_PERIOD: Readonly<Record<string, ScorePeriod>> = { a: 'all-time', m: 'month', w: 'week' };

function signature(secret: string, payload: string): string {
  return createHmac('sha256', `bigcity-bot/confirm/${secret}`).update(payload).digest('base64url').slice(0, 16);
}

/** The signed custom id of one of the two buttons (at most 82 characters; Discord allows 100). */
export function resetButtonId(secret: string, button: ResetButton): string {
  const payload = `reset:${button.action === 'confirm' ? 'y' : 'n'}:${button.guildId}:${button.userId}:${PERIOD_LETTER[button.period]}:${button.expiresAt}`;
  return `${payload}:${signature(secret, payload)}`;
}

/** The button an id stands for, or null when it is malformed or its signature does not match. */
export function parseResetButtonId(secret: string, customId: string): ResetButton | null {
  const m = RESET_ID.exec(customId);
  if (!m) return null;
  const [, action, guildId, userId, p, expires, sig] = m as unknown as [string, string, string, string, string, string, string];
  const expected = Buffer.from(signature(secret, customId.slice(0, customId.lastIndexOf(':'))));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const period = LETTER_PERIOD[p];
  if (period === undefined) return null;
  return { action: action === 'y' ? 'confirm' : 'cancel', guildId, userId, period, expiresAt: Number(expires) };
}

/** Both buttons' ids for one confirmation. */
function buttonIds(secret: string, b: Omit<ResetButton, 'action'>): { confirmId: string; cancelId: string } {
  return { confirmId: resetButtonId(secret, { ...b, action: 'confirm' }), cancelId: resetButtonId(secret, { ...b, action: 'cancel' }) };
}

/** Asks the moderator to confirm: nothing is wiped until they press Reset. */
export async function askReset(interaction: ChatInputCommandInteraction & { guildId: string }, ctx: BotContext, lang: Lang): Promise<void> {
  const period = readPeriod(interaction, lang);
  const expiresAt = ctx.clock.now() + RESET_CONFIRM_MS;
  const ids = buttonIds(ctx.config.discordToken, { guildId: interaction.guildId, userId: interaction.user.id, period, expiresAt });
  await interaction.reply({ ...renderResetQuestion({ period, expiresAt, ...ids }, lang), flags: MessageFlags.Ephemeral });
}

async function press(interaction: ButtonInteraction, ctx: BotContext): Promise<void> {
  const lang = userLang(interaction);
  const t = configMessages[lang].reset;
  const button = parseResetButtonId(ctx.config.discordToken, interaction.customId);
  if (!button || button.guildId !== interaction.guildId) throw new UserFacingError(t.notValid);
  if (button.userId !== interaction.user.id) throw new UserFacingError(t.otherModerator);
  const ids = buttonIds(ctx.config.discordToken, button);
  if (ctx.clock.now() > button.expiresAt) {
    await interaction.update(renderResetClosed({ period: button.period, ...ids }, 'expired', lang, commandPath(lang, 'reset')));
    return;
  }
  if (button.action === 'cancel') {
    ctx.logger.info({ guildId: button.guildId, moderatorId: interaction.user.id, period: button.period }, 'leaderboard reset cancelled');
    await interaction.update(renderResetClosed({ period: button.period, ...ids }, 'cancelled', lang, commandPath(lang, 'reset')));
    return;
  }
  // The moderator may have lost Manage Server since asking.
  assertModerator(interaction, lang);
  await ctx.store.scores.resetGuild(button.guildId, button.period);
  ctx.logger.info(
    { guildId: button.guildId, moderatorId: interaction.user.id, setting: 'leaderboard', before: 'kept', after: `reset ${button.period}` },
    'leaderboard reset',
  );
  await interaction.update(renderResetDone(button.period, lang));
}

/** The Reset and Cancel buttons of `/config reset-leaderboard`. */
export const resetButtons = {
  prefix: 'reset',
  handle: press,
} satisfies ButtonHandler;

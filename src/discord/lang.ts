/**
 * Which language a reply is written in. Private (ephemeral) replies follow the user's Discord
 * client (`interaction.locale`); public quiz messages follow the server: its `/config language`,
 * or Korean when the server's preferred locale is Korean.
 */
import type { BaseInteraction } from 'discord.js';
import { langOfLocale, type Lang } from '../i18n/lang.js';
import type { GuildSettings } from '../store/types.js';
import type { BotContext } from './context.js';

/** The language of a reply only this user sees. */
export function userLang(interaction: Pick<BaseInteraction, 'locale'>): Lang {
  return langOfLocale(interaction.locale);
}

/** The server's language for public messages, from its settings when already read. */
export function serverLangOf(settings: Pick<GuildSettings, 'language'>, guildLocale: string | null | undefined): Lang {
  return settings.language ?? langOfLocale(guildLocale);
}

/** The language of public messages where the interaction came from (a DM: the user's own). */
export async function serverLang(interaction: BaseInteraction, ctx: Pick<BotContext, 'store'>): Promise<Lang> {
  if (!interaction.inGuild()) return userLang(interaction);
  return serverLangOf(await ctx.store.settings.get(interaction.guildId), interaction.guildLocale);
}

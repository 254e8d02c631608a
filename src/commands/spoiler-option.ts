/**
 * The `spoilers` option shared by `/quiz start`, `/quiz practice`, `/config spoilers` and
 * `/config quiz-defaults`: free text with autocomplete, so the common picks stay one click
 * (`none`, `film`, `series-4`, `all`) while combinations stay possible (`film+series-4`, `novel-2`).
 */
import type { SlashCommandStringOption } from '@discordjs/builders';
import type { AutocompleteInteraction, ChatInputCommandInteraction } from 'discord.js';
import { ALL_SPOILERS, formatSpoilers, MAX_SPOILER_TEXT, parseSpoilers, suggestSpoilers, type SpoilerSetting } from '../data/spoilers.js';
import type { BotContext } from '../discord/context.js';
import { UserFacingError } from '../errors.js';

export const SPOILER_SYNTAX =
  '`none`, `film`, `series-N` (episodes 1–N, N up to 8), `novel-N` (stories 1–N, up to 4), `all`, or several joined by `+`, e.g. `film+series-4`';

export function spoilerOption(o: SlashCommandStringOption, name: string, description: string, descriptionKo: string): SlashCommandStringOption {
  return o
    .setName(name)
    .setDescription(description)
    .setDescriptionLocalization('ko', descriptionKo)
    .setMaxLength(MAX_SPOILER_TEXT)
    .setAutocomplete(true);
}

/**
 * The setting typed or picked in `option`, or null when it was left out.
 * @throws {UserFacingError} naming the syntax when the text is not a setting.
 */
export function readSpoilerOption(interaction: ChatInputCommandInteraction, option: string, required = false): SpoilerSetting | null {
  const value = required ? interaction.options.getString(option, true) : interaction.options.getString(option);
  if (value === null) return null;
  const parsed = parseSpoilers(value);
  if (!parsed) throw new UserFacingError(`\`${option}\` must be ${SPOILER_SYNTAX}.`);
  return parsed;
}

/** Suggests settings for what is typed, leaving out those beyond the server's cap unless `uncapped`. */
export async function autocompleteSpoilers(interaction: AutocompleteInteraction, ctx: BotContext, uncapped = false): Promise<void> {
  const typed = String(interaction.options.getFocused() ?? '');
  const cap = uncapped || !interaction.inGuild() ? ALL_SPOILERS : (await ctx.store.settings.get(interaction.guildId)).maxSpoilers;
  await interaction.respond(suggestSpoilers(typed, cap));
}

/** `film+series-4`, in backticks, for replies. */
export function spoilerText(s: SpoilerSetting): string {
  return `\`${formatSpoilers(s)}\``;
}

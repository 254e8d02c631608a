/**
 * `/watchparty`: where a channel's group is on the spoiler tracks. `progress` records it (the quiz
 * role or Manage Server), `show` tells anyone, `clear` goes back to the server's settings. Quizzes
 * started there without `spoilers`, practice questions and look-ups follow it, always within the
 * server's cap (/config spoilers). It is kept with the server's settings, so it survives restarts
 * and goes when the bot leaves the server. Replies are private, in the member's language.
 */
import { SlashCommandBuilder } from '@discordjs/builders';
import { InteractionContextType, MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { exceeds, formatSpoilers, minSpoilers, sameSpoilers, storedSpoilers } from '../data/spoilers.js';
import type { Command } from '../discord/command.js';
import type { BotContext } from '../discord/context.js';
import { memberOf } from '../discord/interaction.js';
import { userLang } from '../discord/lang.js';
import { UserFacingError } from '../errors.js';
import type { Lang } from '../i18n/lang.js';
import { common } from '../i18n/messages/common.js';
import { describeProgress, watchPartyMessages } from '../i18n/messages/watchparty.js';
import { channelProgress, mayHostWatchParty } from '../quiz/policy.js';
import { MAX_PROGRESS_CHANNELS } from '../store/settings.js';
import type { GuildSettings } from '../store/types.js';
import { nameFrom, type Nameable } from './named.js';
import { autocompleteSpoilers, readSpoilerOption, spoilerDescription, spoilerOption } from './spoiler-option.js';

const EN = watchPartyMessages.en;
const KO = watchPartyMessages.ko;
type DefKey = keyof typeof EN.definition;

function named<T extends Nameable>(b: T, key: DefKey): T {
  return nameFrom(b, EN.definition[key], KO.definition[key]);
}

const WATCHED = EN.definition.watched.name;
const EVERYWHERE = EN.definition.everywhere.name;

const data = named(new SlashCommandBuilder(), 'watchparty')
  // Progress belongs to a server channel; Discord does not offer the command in DMs.
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((s) =>
    named(s, 'progress').addStringOption((o) =>
      spoilerOption(o, WATCHED, EN.definition.watched.description, KO.definition.watched.description)
        .setNameLocalization('ko', KO.definition.watched.name)
        .setRequired(true),
    ),
  )
  .addSubcommand((s) => named(s, 'show'))
  .addSubcommand((s) => named(s, 'clear').addBooleanOption((o) => named(o, 'everywhere')));

type GuildCommand = ChatInputCommandInteraction & { guildId: string };

/** "`all`: everything…" and the quiz default, for the replies that name the server's settings. */
function serverSettingsText(settings: GuildSettings, lang: Lang) {
  const cap = settings.maxSpoilers;
  return { cap: formatSpoilers(cap), capDescription: spoilerDescription(cap, lang), defaults: formatSpoilers(minSpoilers(settings.defaults.spoilers, cap)) };
}

/** @throws {UserFacingError} unless the member has Manage Server or the server's quiz role. */
function assertHost(interaction: GuildCommand, settings: GuildSettings, lang: Lang): void {
  if (mayHostWatchParty(settings, memberOf(interaction))) return;
  const t = watchPartyMessages[lang];
  const permission = common[lang].permissions.manageGuild;
  throw new UserFacingError(settings.quizRole === null ? t.forbidden({ permission }) : t.forbiddenRole({ roleId: settings.quizRole, permission }));
}

function logChange(ctx: BotContext, interaction: GuildCommand, before: unknown, after: unknown, channelId: string | null): void {
  ctx.logger.info(
    { guildId: interaction.guildId, channelId, userId: interaction.user.id, setting: 'watch-party progress', before, after },
    'watch-party progress changed',
  );
}

async function progress(interaction: GuildCommand, ctx: BotContext, lang: Lang): Promise<void> {
  const t = watchPartyMessages[lang];
  const settings = await ctx.store.settings.get(interaction.guildId);
  assertHost(interaction, settings, lang);
  const watched = readSpoilerOption(interaction, WATCHED, true);
  // Discord never sends the command without its required option (discord.js throws first).
  if (!watched) throw new Error(`/watchparty progress without ${WATCHED}`);
  if (exceeds(watched, settings.maxSpoilers)) {
    throw new UserFacingError(t.beyondCap({ ...serverSettingsText(settings, lang), requested: formatSpoilers(watched) }));
  }
  const channelId = interaction.channelId;
  const { before, after } = await ctx.store.settings.update(interaction.guildId, (b) => {
    const listed = Object.hasOwn(b.channelProgress, channelId);
    // Full: nothing changes, and the reply says how to make room.
    if (!listed && Object.keys(b.channelProgress).length >= MAX_PROGRESS_CHANNELS) return {};
    return { channelProgress: { ...b.channelProgress, [channelId]: storedSpoilers(watched) } };
  });
  if (!Object.hasOwn(after.channelProgress, channelId)) throw new UserFacingError(t.tooMany({ max: MAX_PROGRESS_CHANNELS }));
  logChange(ctx, interaction, before.channelProgress[channelId] ?? null, after.channelProgress[channelId] ?? null, channelId);
  await interaction.reply({ content: t.set({ tracks: describeProgress(watched, t), code: formatSpoilers(watched) }), flags: MessageFlags.Ephemeral });
}

async function show(interaction: GuildCommand, ctx: BotContext, lang: Lang): Promise<void> {
  const t = watchPartyMessages[lang];
  const settings = await ctx.store.settings.get(interaction.guildId);
  const recorded = Object.hasOwn(settings.channelProgress, interaction.channelId) ? settings.channelProgress[interaction.channelId] : undefined;
  const applied = channelProgress(settings, interaction.channelId);
  const lines = [`**${t.title}**`];
  if (!recorded || !applied) lines.push(t.notSet(serverSettingsText(settings, lang)));
  else {
    lines.push(t.shown({ tracks: describeProgress(recorded, t), code: formatSpoilers(recorded) }));
    // The cap was lowered after the progress was recorded: say what applies now.
    if (!sameSpoilers(recorded, applied)) lines.push(t.heldByCap({ ...serverSettingsText(settings, lang), tracks: describeProgress(applied, t) }));
  }
  await interaction.reply({ content: lines.join('\n'), flags: MessageFlags.Ephemeral });
}

async function clear(interaction: GuildCommand, ctx: BotContext, lang: Lang): Promise<void> {
  const t = watchPartyMessages[lang];
  const settings = await ctx.store.settings.get(interaction.guildId);
  assertHost(interaction, settings, lang);
  if (interaction.options.getBoolean(EVERYWHERE) === true) {
    if (!memberOf(interaction).canManageGuild) throw new UserFacingError(t.forbiddenEverywhere({ permission: common[lang].permissions.manageGuild }));
    const { before } = await ctx.store.settings.update(interaction.guildId, { channelProgress: {} });
    const count = Object.keys(before.channelProgress).length;
    if (count > 0) logChange(ctx, interaction, before.channelProgress, {}, null);
    await interaction.reply({ content: t.clearedEverywhere({ count }), flags: MessageFlags.Ephemeral });
    return;
  }
  const channelId = interaction.channelId;
  if (!Object.hasOwn(settings.channelProgress, channelId)) throw new UserFacingError(t.nothingToClear);
  const { before, after } = await ctx.store.settings.update(interaction.guildId, (b) => ({
    channelProgress: Object.fromEntries(Object.entries(b.channelProgress).filter(([id]) => id !== channelId)),
  }));
  logChange(ctx, interaction, before.channelProgress[channelId] ?? null, null, channelId);
  await interaction.reply({ content: t.cleared(serverSettingsText(after, lang)), flags: MessageFlags.Ephemeral });
}

export const watchparty = {
  data,
  async execute(interaction, ctx) {
    const lang = userLang(interaction);
    if (!interaction.inGuild()) throw new UserFacingError(watchPartyMessages[lang].dm);
    const sub = interaction.options.getSubcommand(true);
    switch (sub) {
      case 'progress':
        return progress(interaction, ctx, lang);
      case 'show':
        return show(interaction, ctx, lang);
      case 'clear':
        return clear(interaction, ctx, lang);
      default:
        throw new UserFacingError(common[lang].unknownCommand({ command: `watchparty ${sub.slice(0, 32)}` }));
    }
  },
  async autocomplete(interaction, ctx) {
    if (interaction.options.getFocused(true).name !== WATCHED) return interaction.respond([]);
    // Progress beyond the server's cap is refused, so it is not offered either.
    await autocompleteSpoilers(interaction, ctx);
  },
} satisfies Command;

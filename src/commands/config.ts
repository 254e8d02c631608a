/**
 * `/config`: server settings for moderators (Manage Server). Each subcommand reads its options
 * (config-options.ts), makes one change through the settings store and renders the reply
 * (settings-view.ts) in the moderator's language. The leaderboard reset is in config-reset.ts.
 */
import { SlashCommandBuilder } from '@discordjs/builders';
import {
  ChannelType,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  type ChatInputCommandInteraction,
  type Guild,
} from 'discord.js';
import { exceeds } from '../data/spoilers.js';
import type { Command } from '../discord/command.js';
import type { BotContext } from '../discord/context.js';
import { missingPermissions, QUIZ_CHANNEL_PERMISSIONS, listNames } from '../discord/interaction.js';
import { serverLangOf, userLang } from '../discord/lang.js';
import { renderChange, renderSettings } from '../discord/settings-view.js';
import { UserFacingError } from '../errors.js';
import type { Lang } from '../i18n/lang.js';
import { common } from '../i18n/messages/common.js';
import { configMessages } from '../i18n/messages/config.js';
import { QUIZ_LIMITS } from '../quiz/runner.js';
import type { GuildSettings, GuildSettingsPatch } from '../store/types.js';
import { assertModerator, commandPath, DIFFICULTIES, LANGUAGE_DEFAULT, readChannel, readLanguage, readQuizDefaults, readRoleId } from './config-options.js';
import { askReset } from './config-reset.js';
import { showReports } from './reports.js';
import { nameFrom, type Nameable } from './named.js';
import { autocompleteSpoilers, readSpoilerOption, spoilerDescription, spoilerOption, spoilerText } from './spoiler-option.js';

export { RESET_CONFIRM_MS, resetButtonId, parseResetButtonId, resetButtons } from './config-reset.js';

/** At most this many quiz channels per server (Discord shows them in one message). */
export const MAX_QUIZ_CHANNELS = 25;

const QUIZ_CHANNEL_TYPES = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

// ---------------------------------------------------------------------------------------------
// The definition: every name, description and choice from the catalog, in both languages.

const EN = configMessages.en;
const KO = configMessages.ko;
/** Entries with a plain description (the two ranged ones take their bounds). */
type DefKey = Exclude<keyof typeof EN.definition, 'rounds' | 'seconds'>;

/** Names and describes a builder from one catalog entry, in English and Korean. */
function named<T extends Nameable>(b: T, key: DefKey): T {
  return nameFrom(b, EN.definition[key], KO.definition[key]);
}

/** Like {@link named}, for an integer option whose description states its range. */
function ranged<T extends Nameable>(b: T, key: 'rounds' | 'seconds', min: number, max: number): T {
  return b
    .setName(EN.definition[key].name)
    .setNameLocalization('ko', KO.definition[key].name)
    .setDescription(EN.definition[key].description({ min, max }))
    .setDescriptionLocalization('ko', KO.definition[key].description({ min, max }));
}

const choice = <V extends string>(value: V, en: string, ko: string) => ({ name: en, name_localizations: { ko }, value });

const data = named(new SlashCommandBuilder(), 'config')
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addSubcommand((s) => named(s, 'show'))
  .addSubcommandGroup((g) =>
    named(g, 'quizChannels')
      .addSubcommand((s) =>
        named(s, 'channelsAdd').addChannelOption((o) => named(o, 'channelsAddChannel').setRequired(true).addChannelTypes(...QUIZ_CHANNEL_TYPES)),
      )
      .addSubcommand((s) => named(s, 'channelsRemove').addChannelOption((o) => named(o, 'channelsRemoveChannel').setRequired(true)))
      .addSubcommand((s) => named(s, 'channelsClear')),
  )
  .addSubcommand((s) =>
    named(s, 'spoilers').addStringOption((o) =>
      spoilerOption(o, EN.definition.spoilersMax.name, EN.definition.spoilersMax.description, KO.definition.spoilersMax.description)
        .setNameLocalization('ko', KO.definition.spoilersMax.name)
        .setRequired(true),
    ),
  )
  .addSubcommand((s) =>
    named(s, 'quizDefaults')
      .addIntegerOption((o) => ranged(o, 'rounds', QUIZ_LIMITS.minRounds, QUIZ_LIMITS.maxRounds).setMinValue(QUIZ_LIMITS.minRounds).setMaxValue(QUIZ_LIMITS.maxRounds))
      .addIntegerOption((o) =>
        ranged(o, 'seconds', QUIZ_LIMITS.minSeconds, QUIZ_LIMITS.maxSeconds).setMinValue(QUIZ_LIMITS.minSeconds).setMaxValue(QUIZ_LIMITS.maxSeconds),
      )
      .addStringOption((o) =>
        named(o, 'difficulty').addChoices(...DIFFICULTIES.map((d) => choice(d, EN.choices.difficulty[d], KO.choices.difficulty[d]))),
      )
      .addStringOption((o) =>
        spoilerOption(o, EN.definition.defaultSpoilers.name, EN.definition.defaultSpoilers.description, KO.definition.defaultSpoilers.description).setNameLocalization(
          'ko',
          KO.definition.defaultSpoilers.name,
        ),
      ),
  )
  .addSubcommandGroup((g) =>
    named(g, 'quizRole')
      .addSubcommand((s) => named(s, 'roleSet').addRoleOption((o) => named(o, 'roleSetRole').setRequired(true)))
      .addSubcommand((s) => named(s, 'roleClear')),
  )
  .addSubcommandGroup((g) =>
    named(g, 'quizPing')
      .addSubcommand((s) => named(s, 'pingSet').addRoleOption((o) => named(o, 'pingSetRole').setRequired(true)))
      .addSubcommand((s) => named(s, 'pingClear')),
  )
  .addSubcommand((s) =>
    named(s, 'reset').addStringOption((o) =>
      named(o, 'resetPeriod').addChoices(
        choice('all-time', EN.choices.period.allTime, KO.choices.period.allTime),
        choice('month', EN.choices.period.month, KO.choices.period.month),
        choice('week', EN.choices.period.week, KO.choices.period.week),
      ),
    ),
  )
  .addSubcommand((s) =>
    named(s, 'language').addStringOption((o) =>
      named(o, 'languageValue')
        .setRequired(true)
        .addChoices(
          choice('en', EN.choices.languageEn, KO.choices.languageEn),
          choice('ko', EN.choices.languageKo, KO.choices.languageKo),
          choice(LANGUAGE_DEFAULT, EN.choices.languageDefault, KO.choices.languageDefault),
        ),
    ),
  )
  .addSubcommand((s) => named(s, 'reports'));

// ---------------------------------------------------------------------------------------------
// The handlers

type GuildCommand = ChatInputCommandInteraction & { guildId: string };

/** The setting names used in the audit log, and how to read each one's value. */
const AUDITED = {
  'quiz-channels': (s: GuildSettings) => s.quizChannels,
  spoilers: (s: GuildSettings) => s.maxSpoilers,
  'quiz-role': (s: GuildSettings) => s.quizRole,
  'quiz-ping': (s: GuildSettings) => s.quizPing,
  'quiz-defaults': (s: GuildSettings) => s.defaults,
  language: (s: GuildSettings) => s.language,
} as const;

/** Saves one change, logs it for the audit trail, and answers with `message` and the card as it is now. */
async function change(
  interaction: GuildCommand,
  ctx: BotContext,
  lang: Lang,
  setting: keyof typeof AUDITED,
  patch: GuildSettingsPatch | ((before: GuildSettings) => GuildSettingsPatch),
  message: (after: GuildSettings) => string,
): Promise<void> {
  const { before, after } = await ctx.store.settings.update(interaction.guildId, patch);
  const pick = AUDITED[setting];
  ctx.logger.info(
    { guildId: interaction.guildId, moderatorId: interaction.user.id, setting, before: pick(before), after: pick(after) },
    'server setting changed',
  );
  await interaction.reply({ ...renderChange(message(after), after, lang, interaction.guildLocale), flags: MessageFlags.Ephemeral });
}

/** Why the bot could not run quizzes in a channel (a permission it lacks there), or null. */
function botChannelProblem(guild: Guild | null, channelId: string, lang: Lang): string | null {
  const channel = guild?.channels.cache.get(channelId);
  const me = guild?.members.me;
  if (!channel || !me) return null; // not cached: the quiz start check covers it later
  const missing = missingPermissions(channel.permissionsFor(me), QUIZ_CHANNEL_PERMISSIONS, lang);
  if (missing.length === 0) return null;
  return configMessages[lang].channelBotMissing({ channelId, permissions: listNames(missing, lang), count: missing.length });
}

async function quizChannels(interaction: GuildCommand, ctx: BotContext, lang: Lang, sub: string): Promise<void> {
  const t = configMessages[lang];
  if (sub === 'clear') return change(interaction, ctx, lang, 'quiz-channels', { quizChannels: [] }, () => t.channelsCleared);
  const channel = readChannel(interaction);
  const current = (await ctx.store.settings.get(interaction.guildId)).quizChannels;
  if (sub === 'remove') {
    if (!current.includes(channel.id)) throw new UserFacingError(t.channelNotListed({ channelId: channel.id }));
    return change(
      interaction,
      ctx,
      lang,
      'quiz-channels',
      (b) => ({ quizChannels: b.quizChannels.filter((c) => c !== channel.id) }),
      (after) => (after.quizChannels.length === 0 ? t.channelRemovedLast({ channelId: channel.id }) : t.channelRemoved({ channelId: channel.id })),
    );
  }
  if (!(QUIZ_CHANNEL_TYPES as readonly ChannelType[]).includes(channel.type)) throw new UserFacingError(t.channelWrongType({ channelId: channel.id }));
  if (current.includes(channel.id)) throw new UserFacingError(t.channelAlreadyListed({ channelId: channel.id }));
  if (current.length >= MAX_QUIZ_CHANNELS) throw new UserFacingError(t.channelsTooMany({ max: MAX_QUIZ_CHANNELS }));
  const problem = botChannelProblem(interaction.guild, channel.id, lang);
  if (problem) throw new UserFacingError(problem);
  // Appended to the list as it is under the store's lock, so concurrent adds all land.
  const add = (b: GuildSettings): GuildSettingsPatch =>
    b.quizChannels.includes(channel.id) || b.quizChannels.length >= MAX_QUIZ_CHANNELS ? {} : { quizChannels: [...b.quizChannels, channel.id] };
  return change(interaction, ctx, lang, 'quiz-channels', add, (after) =>
    after.quizChannels.length === 1 ? t.channelAddedOnly({ channelId: channel.id }) : t.channelAdded({ channelId: channel.id }),
  );
}

async function quizRole(interaction: GuildCommand, ctx: BotContext, lang: Lang, sub: string): Promise<void> {
  const t = configMessages[lang];
  if (sub === 'clear') return change(interaction, ctx, lang, 'quiz-role', { quizRole: null }, () => t.roleCleared);
  const roleId = readRoleId(interaction);
  if (roleId === interaction.guildId) throw new UserFacingError(t.roleEveryone({ command: commandPath(lang, 'quizRole', 'roleClear') }));
  return change(interaction, ctx, lang, 'quiz-role', { quizRole: roleId }, () =>
    t.roleChanged({ roleId, permission: common[lang].permissions.manageGuild }),
  );
}

async function quizPing(interaction: GuildCommand, ctx: BotContext, lang: Lang, sub: string): Promise<void> {
  const t = configMessages[lang];
  if (sub === 'clear') return change(interaction, ctx, lang, 'quiz-ping', { quizPing: null }, () => t.pingCleared);
  const role = interaction.options.getRole('role', true);
  // @everyone's id is the server's: a quiz intro never pings everyone.
  if (role.id === interaction.guildId) throw new UserFacingError(t.pingEveryone);
  return change(interaction, ctx, lang, 'quiz-ping', { quizPing: role.id }, () =>
    role.mentionable === false ? t.pingNotMentionable({ roleId: role.id }) : t.pingChanged({ roleId: role.id }),
  );
}

async function spoilerCap(interaction: GuildCommand, ctx: BotContext, lang: Lang): Promise<void> {
  const t = configMessages[lang];
  const max = readSpoilerOption(interaction, 'max', true);
  if (!max) throw new UserFacingError(t.capMissing({ option: configMessages[lang].definition.spoilersMax.name }));
  return change(interaction, ctx, lang, 'spoilers', { maxSpoilers: max }, () =>
    t.capChanged({ code: spoilerText(max), description: spoilerDescription(max, lang) }),
  );
}

async function quizDefaults(interaction: GuildCommand, ctx: BotContext, lang: Lang): Promise<void> {
  const t = configMessages[lang];
  const defaults = readQuizDefaults(interaction, lang);
  if (defaults.spoilers) {
    const cap = (await ctx.store.settings.get(interaction.guildId)).maxSpoilers;
    if (exceeds(defaults.spoilers, cap)) {
      throw new UserFacingError(
        t.defaultAboveCap({
          cap: spoilerText(cap),
          capDescription: spoilerDescription(cap, lang),
          wanted: spoilerText(defaults.spoilers),
          wantedDescription: spoilerDescription(defaults.spoilers, lang),
        }),
      );
    }
  }
  return change(interaction, ctx, lang, 'quiz-defaults', { defaults }, () => t.defaultsChanged);
}

async function language(interaction: GuildCommand, ctx: BotContext, lang: Lang): Promise<void> {
  const t = configMessages[lang];
  const value = readLanguage(interaction, lang);
  return change(interaction, ctx, lang, 'language', { language: value }, (after) =>
    value === null ? t.languageDefaulted({ resolved: serverLangOf(after, interaction.guildLocale) }) : t.languageChanged({ language: value }),
  );
}

async function show(interaction: GuildCommand, ctx: BotContext, lang: Lang): Promise<void> {
  const settings = await ctx.store.settings.get(interaction.guildId);
  await interaction.reply({ embeds: [renderSettings(settings, lang, interaction.guildLocale, 'show')], flags: MessageFlags.Ephemeral });
}

export const config = {
  data,
  async execute(interaction, ctx) {
    const lang = userLang(interaction);
    assertModerator(interaction, lang);
    const group = interaction.options.getSubcommandGroup(false);
    const sub = interaction.options.getSubcommand(true);
    if (group === 'quiz-channels') return quizChannels(interaction, ctx, lang, sub);
    if (group === 'quiz-role') return quizRole(interaction, ctx, lang, sub);
    if (group === 'quiz-ping') return quizPing(interaction, ctx, lang, sub);
    switch (sub) {
      case 'show':
        return show(interaction, ctx, lang);
      case 'spoilers':
        return spoilerCap(interaction, ctx, lang);
      case 'quiz-defaults':
        return quizDefaults(interaction, ctx, lang);
      case 'language':
        return language(interaction, ctx, lang);
      case 'reset-leaderboard':
        return askReset(interaction, ctx, lang);
      case 'reports':
        return showReports(interaction, ctx, lang);
      default:
        throw new UserFacingError(configMessages[lang].unknownSetting({ name: sub.slice(0, 32) }));
    }
  },
  async autocomplete(interaction, ctx) {
    // The cap itself is chosen from every setting; defaults are offered within the cap.
    const focused = interaction.options.getFocused(true);
    if (focused.name !== 'max' && focused.name !== 'spoilers') return interaction.respond([]);
    await autocompleteSpoilers(interaction, ctx, focused.name === 'max');
  },
} satisfies Command;

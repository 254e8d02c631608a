import { createHmac, timingSafeEqual } from 'node:crypto';
import { ActionRowBuilder, ButtonBuilder, EmbedBuilder, SlashCommandBuilder } from '@discordjs/builders';
import {
  ButtonStyle,
  ChannelType,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  type ChatInputCommandInteraction,
  type Guild,
} from 'discord.js';
import { exceeds, minSpoilers, sameSpoilers, type SpoilerSetting } from '../data/spoilers.js';
import { autocompleteSpoilers, readSpoilerOption, spoilerOption, spoilerText } from './spoiler-option.js';
import type { ButtonHandler, Command } from '../discord/command.js';
import type { BotContext } from '../discord/context.js';
import { listNames, missingPermissions, QUIZ_CHANNEL_PERMISSIONS } from '../discord/interaction.js';
import { UserFacingError } from '../errors.js';
import { QUIZ_LIMITS } from '../quiz/runner.js';
import type { GuildSettings, GuildSettingsPatch, QuizDifficulty, ScorePeriod } from '../store/types.js';

/** How long a leaderboard-reset confirmation button works. */
export const RESET_CONFIRM_MS = 60_000;
/** At most this many quiz channels per server (Discord shows them in one message). */
export const MAX_QUIZ_CHANNELS = 25;

const QUIZ_CHANNEL_TYPES = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

const data = new SlashCommandBuilder()
  .setName('config')
  .setNameLocalization('ko', '설정')
  .setDescription('Server settings for quizzes (Manage Server)')
  .setDescriptionLocalization('ko', '퀴즈 서버 설정 (서버 관리 권한)')
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addSubcommand((s) =>
    s.setName('show').setNameLocalization('ko', '보기').setDescription('Show every setting for this server').setDescriptionLocalization('ko', '이 서버의 모든 설정 보기'),
  )
  .addSubcommandGroup((g) =>
    g
      .setName('quiz-channels')
      .setNameLocalization('ko', '퀴즈채널')
      .setDescription('Where /quiz start is allowed (empty list = anywhere)')
      .setDescriptionLocalization('ko', '퀴즈를 시작할 수 있는 채널')
      .addSubcommand((s) =>
        s
          .setName('add')
          .setNameLocalization('ko', '추가')
          .setDescription('Allow quizzes in a channel')
          .setDescriptionLocalization('ko', '채널 추가')
          .addChannelOption((o) =>
            o.setName('channel').setNameLocalization('ko', '채널').setDescription('A text or announcement channel').setDescriptionLocalization('ko', '텍스트 채널').setRequired(true).addChannelTypes(...QUIZ_CHANNEL_TYPES),
          ),
      )
      .addSubcommand((s) =>
        s
          .setName('remove')
          .setNameLocalization('ko', '제거')
          .setDescription('Stop allowing quizzes in a channel')
          .setDescriptionLocalization('ko', '채널 제거')
          .addChannelOption((o) =>
            o.setName('channel').setNameLocalization('ko', '채널').setDescription('A channel on the list').setDescriptionLocalization('ko', '목록의 채널').setRequired(true),
          ),
      )
      .addSubcommand((s) =>
        s.setName('clear').setNameLocalization('ko', '비우기').setDescription('Allow quizzes anywhere again').setDescriptionLocalization('ko', '모든 채널 허용'),
      ),
  )
  .addSubcommand((s) =>
    s
      .setName('spoilers')
      .setNameLocalization('ko', '스포일러')
      .setDescription('The highest spoiler level quizzes and look-ups may reach here')
      .setDescriptionLocalization('ko', '이 서버의 최대 스포일러 범위')
      .addStringOption((o) =>
        spoilerOption(o, 'max', 'The most anyone may see here: none, film, series-4, film+series-8, all…', '이 서버에서 볼 수 있는 최대 범위').setNameLocalization('ko', '최대').setRequired(true),
      ),
  )
  .addSubcommand((s) =>
    s
      .setName('quiz-defaults')
      .setNameLocalization('ko', '퀴즈기본값')
      .setDescription('Defaults for /quiz start on this server (give any of them)')
      .setDescriptionLocalization('ko', '/quiz start 기본값')
      .addIntegerOption((o) =>
        o.setName('rounds').setNameLocalization('ko', '문제수').setDescription(`Questions per quiz (${QUIZ_LIMITS.minRounds}–${QUIZ_LIMITS.maxRounds})`).setDescriptionLocalization('ko', '문제 수').setMinValue(QUIZ_LIMITS.minRounds).setMaxValue(QUIZ_LIMITS.maxRounds),
      )
      .addIntegerOption((o) =>
        o.setName('seconds').setNameLocalization('ko', '제한시간').setDescription(`Seconds per question (${QUIZ_LIMITS.minSeconds}–${QUIZ_LIMITS.maxSeconds})`).setDescriptionLocalization('ko', '문제당 제한 시간(초)').setMinValue(QUIZ_LIMITS.minSeconds).setMaxValue(QUIZ_LIMITS.maxSeconds),
      )
      .addStringOption((o) =>
        o.setName('difficulty').setNameLocalization('ko', '난이도').setDescription('easy, medium, hard or mixed').setDescriptionLocalization('ko', '난이도').addChoices(...(['mixed', 'easy', 'medium', 'hard'] as const).map((d) => ({ name: d, value: d }))),
      )
      .addStringOption((o) =>
        spoilerOption(o, 'spoilers', 'Default spoilers: none, film, series-4, film+series-4… (within /config spoilers)', '기본 스포일러 범위').setNameLocalization('ko', '스포일러'),
      ),
  )
  .addSubcommandGroup((g) =>
    g
      .setName('quiz-role')
      .setNameLocalization('ko', '퀴즈역할')
      .setDescription('Who may start and stop quizzes')
      .setDescriptionLocalization('ko', '퀴즈를 시작·중지할 수 있는 역할')
      .addSubcommand((s) =>
        s
          .setName('set')
          .setNameLocalization('ko', '지정')
          .setDescription('Only members with this role (or Manage Server) may start and stop quizzes')
          .setDescriptionLocalization('ko', '이 역할만 퀴즈 진행 가능')
          .addRoleOption((o) => o.setName('role').setNameLocalization('ko', '역할').setDescription('The quiz role').setDescriptionLocalization('ko', '퀴즈 역할').setRequired(true)),
      )
      .addSubcommand((s) =>
        s.setName('clear').setNameLocalization('ko', '해제').setDescription('Let anyone start quizzes again').setDescriptionLocalization('ko', '누구나 퀴즈 진행 가능'),
      ),
  )
  .addSubcommand((s) =>
    s
      .setName('reset-leaderboard')
      .setNameLocalization('ko', '순위초기화')
      .setDescription("Wipe this server's leaderboard (asks for confirmation)")
      .setDescriptionLocalization('ko', '이 서버의 순위표 초기화')
      .addStringOption((o) =>
        o
          .setName('period')
          .setNameLocalization('ko', '기간')
          .setDescription('all-time (every board of this server) or month (this month only)')
          .setDescriptionLocalization('ko', '전체 또는 이번 달')
          .addChoices({ name: 'all-time', value: 'all-time' }, { name: 'month', value: 'month' }),
      ),
  );

function assertModerator(interaction: ChatInputCommandInteraction | import('discord.js').ButtonInteraction): asserts interaction is typeof interaction & { guildId: string } {
  if (!interaction.inGuild()) throw new UserFacingError('`/config` works in servers only.');
  // Default member permissions hide the command, but a server can override them: check again.
  if (!interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) {
    throw new UserFacingError('You need the Manage Server permission to change these settings.');
  }
}

/** One line per setting, for `/config show` and after each change. */
export function describeSettings(s: GuildSettings): { name: string; value: string }[] {
  const d = s.defaults;
  return [
    { name: 'Quiz channels', value: s.quizChannels.length > 0 ? s.quizChannels.map((c) => `<#${c}>`).join(', ') : 'Anywhere' },
    { name: 'Spoiler cap', value: `${spoilerText(s.maxSpoilers)} (quizzes and look-ups never go beyond it)` },
    { name: 'Quiz role', value: s.quizRole ? `<@&${s.quizRole}> (plus Manage Server)` : 'Anyone may start quizzes' },
    { name: 'Quiz defaults', value: `${d.rounds} rounds · ${d.seconds} s · ${d.difficulty} · spoilers ${spoilerText(d.spoilers)}${cappedNote(d.spoilers, s.maxSpoilers)}` },
  ];
}

/** A default spoiler level above the server's cap is lowered to the cap when a quiz starts: say so. */
function cappedNote(spoilers: SpoilerSetting, cap: SpoilerSetting): string {
  const used = minSpoilers(spoilers, cap);
  return sameSpoilers(used, spoilers) ? '' : ` (quizzes use ${spoilerText(used)}, within the server's cap)`;
}

function settingsEmbed(title: string, settings: GuildSettings): EmbedBuilder {
  return new EmbedBuilder().setColor(0x5865f2).setTitle(title).addFields(describeSettings(settings));
}

async function change(
  interaction: ChatInputCommandInteraction & { guildId: string },
  ctx: BotContext,
  setting: string,
  patch: GuildSettingsPatch | ((before: GuildSettings) => GuildSettingsPatch),
  message: string,
): Promise<void> {
  const { before, after } = await ctx.store.settings.update(interaction.guildId, patch);
  ctx.logger.info(
    { guildId: interaction.guildId, moderatorId: interaction.user.id, setting, before: pick(before, setting), after: pick(after, setting) },
    'server setting changed',
  );
  await interaction.reply({ content: message, embeds: [settingsEmbed('Settings now', after).toJSON()], flags: MessageFlags.Ephemeral });
}

function pick(settings: GuildSettings, setting: string): unknown {
  switch (setting) {
    case 'quiz-channels':
      return settings.quizChannels;
    case 'spoilers':
      return settings.maxSpoilers;
    case 'quiz-role':
      return settings.quizRole;
    default:
      return settings.defaults;
  }
}

function botChannelProblem(guild: Guild | null, channelId: string): string | null {
  const channel = guild?.channels.cache.get(channelId);
  const me = guild?.members.me;
  if (!channel || !me) return null; // not cached: the quiz start check covers it later
  const missing = missingPermissions(channel.permissionsFor(me), QUIZ_CHANNEL_PERMISSIONS);
  return missing.length > 0 ? `I'm missing the ${listNames(missing)} permission${missing.length > 1 ? 's' : ''} in <#${channelId}>, so I couldn't run quizzes there. Fix that first.` : null;
}

async function quizChannels(interaction: ChatInputCommandInteraction & { guildId: string }, ctx: BotContext, sub: string): Promise<void> {
  const current = (await ctx.store.settings.get(interaction.guildId)).quizChannels;
  if (sub === 'clear') {
    return change(interaction, ctx, 'quiz-channels', { quizChannels: [] }, 'Quizzes may run in any channel again.');
  }
  const channel = interaction.options.getChannel('channel', true);
  if (sub === 'remove') {
    if (!current.includes(channel.id)) throw new UserFacingError(`<#${channel.id}> is not on the quiz channel list.`);
    return change(interaction, ctx, 'quiz-channels', (b) => ({ quizChannels: b.quizChannels.filter((c) => c !== channel.id) }), `Removed <#${channel.id}> from the quiz channels.`);
  }
  if (!(QUIZ_CHANNEL_TYPES as readonly ChannelType[]).includes(channel.type)) {
    throw new UserFacingError(`<#${channel.id}> is not a text or announcement channel; quizzes need one.`);
  }
  if (current.includes(channel.id)) throw new UserFacingError(`<#${channel.id}> is already a quiz channel.`);
  if (current.length >= MAX_QUIZ_CHANNELS) throw new UserFacingError(`A server can have at most ${MAX_QUIZ_CHANNELS} quiz channels.`);
  const problem = botChannelProblem(interaction.guild, channel.id);
  if (problem) throw new UserFacingError(problem);
  // Appended to the list as it is under the store's lock, so concurrent adds all land.
  const add = (b: GuildSettings): GuildSettingsPatch =>
    b.quizChannels.includes(channel.id) || b.quizChannels.length >= MAX_QUIZ_CHANNELS ? {} : { quizChannels: [...b.quizChannels, channel.id] };
  return change(interaction, ctx, 'quiz-channels', add, `Quizzes may now run in <#${channel.id}>${current.length === 0 ? ' (and only there)' : ''}.`);
}

function inRange(value: number | null, option: string, min: number, max: number): number | null {
  if (value !== null && (!Number.isInteger(value) || value < min || value > max)) {
    throw new UserFacingError(`\`${option}\` must be a whole number from ${min} to ${max}.`);
  }
  return value;
}

async function quizDefaults(interaction: ChatInputCommandInteraction & { guildId: string }, ctx: BotContext): Promise<void> {
  const rounds = inRange(interaction.options.getInteger('rounds'), 'rounds', QUIZ_LIMITS.minRounds, QUIZ_LIMITS.maxRounds);
  const seconds = inRange(interaction.options.getInteger('seconds'), 'seconds', QUIZ_LIMITS.minSeconds, QUIZ_LIMITS.maxSeconds);
  const difficultyValue = interaction.options.getString('difficulty');
  if (difficultyValue !== null && !['mixed', 'easy', 'medium', 'hard'].includes(difficultyValue)) {
    throw new UserFacingError('`difficulty` must be one of: mixed, easy, medium, hard.');
  }
  const spoilers = readSpoilerOption(interaction, 'spoilers');
  const defaults = {
    ...(rounds !== null ? { rounds } : {}),
    ...(seconds !== null ? { seconds } : {}),
    ...(difficultyValue !== null ? { difficulty: difficultyValue as QuizDifficulty } : {}),
    ...(spoilers !== null ? { spoilers } : {}),
  };
  if (Object.keys(defaults).length === 0) {
    throw new UserFacingError('Give at least one of `rounds`, `seconds`, `difficulty` or `spoilers`. `/config show` lists the current defaults.');
  }
  if (spoilers) {
    const cap = (await ctx.store.settings.get(interaction.guildId)).maxSpoilers;
    if (exceeds(spoilers, cap)) {
      throw new UserFacingError(`The server's spoiler cap is ${spoilerText(cap)}; a default of ${spoilerText(spoilers)} would go beyond it.`);
    }
  }
  return change(interaction, ctx, 'quiz-defaults', { defaults }, 'Quiz defaults updated.');
}

// Leaderboard reset confirmation. The button id carries who may confirm, what, and until when,
// signed with a key derived from the bot token: it needs no server-side state, so it works
// across restarts and processes, and a forged or altered id is refused.
const RESET_ID = /^reset:(\d{17,20}):(\d{17,20}):([am]):(\d{1,15}):([\w-]{16})$/;

function signature(secret: string, payload: string): string {
  return createHmac('sha256', `bigcity-bot/confirm/${secret}`).update(payload).digest('base64url').slice(0, 16);
}

export function resetButtonId(secret: string, guildId: string, userId: string, period: ScorePeriod, expiresAt: number): string {
  const payload = `reset:${guildId}:${userId}:${period === 'month' ? 'm' : 'a'}:${expiresAt}`;
  return `${payload}:${signature(secret, payload)}`;
}

export function parseResetButtonId(
  secret: string,
  customId: string,
): { guildId: string; userId: string; period: ScorePeriod; expiresAt: number } | null {
  const m = RESET_ID.exec(customId);
  if (!m) return null;
  const [, guildId, userId, p, expires, sig] = m as unknown as [string, string, string, string, string, string];
  const expected = Buffer.from(signature(secret, customId.slice(0, customId.lastIndexOf(':'))));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { guildId, userId, period: p === 'm' ? 'month' : 'all-time', expiresAt: Number(expires) };
}

async function resetLeaderboard(interaction: ChatInputCommandInteraction & { guildId: string }, ctx: BotContext): Promise<void> {
  const periodValue = interaction.options.getString('period') ?? 'all-time';
  if (periodValue !== 'all-time' && periodValue !== 'month') throw new UserFacingError('`period` must be all-time or month.');
  const period: ScorePeriod = periodValue;
  const expiresAt = ctx.clock.now() + RESET_CONFIRM_MS;
  const id = resetButtonId(ctx.config.discordToken, interaction.guildId, interaction.user.id, period, expiresAt);
  const what = period === 'month' ? "this month's scores" : 'all scores (every month too)';
  await interaction.reply({
    content:
      `This wipes ${what} on this server's leaderboard. Scores on other servers and the global board are not touched.\n` +
      `Confirm within ${RESET_CONFIRM_MS / 1000} seconds (<t:${Math.ceil(expiresAt / 1000)}:R>).`,
    components: [
      new ActionRowBuilder<ButtonBuilder>()
        .addComponents(new ButtonBuilder().setCustomId(id).setLabel(`Reset ${period} leaderboard`).setStyle(ButtonStyle.Danger))
        .toJSON(),
    ],
    flags: MessageFlags.Ephemeral,
  });
}

export const config = {
  data,
  async execute(interaction, ctx) {
    assertModerator(interaction);
    const group = interaction.options.getSubcommandGroup(false);
    const sub = interaction.options.getSubcommand(true);
    if (group === 'quiz-channels') return quizChannels(interaction, ctx, sub);
    if (group === 'quiz-role') {
      if (sub === 'clear') return change(interaction, ctx, 'quiz-role', { quizRole: null }, 'Anyone may start quizzes again.');
      const role = interaction.options.getRole('role', true);
      if (role.id === interaction.guildId) throw new UserFacingError('@everyone is already everyone: use `/config quiz-role clear` instead.');
      return change(interaction, ctx, 'quiz-role', { quizRole: role.id }, `Only members with <@&${role.id}> (or Manage Server) may now start and stop quizzes.`);
    }
    switch (sub) {
      case 'show': {
        const settings = await ctx.store.settings.get(interaction.guildId);
        await interaction.reply({ embeds: [settingsEmbed('Quiz settings for this server', settings).toJSON()], flags: MessageFlags.Ephemeral });
        return;
      }
      case 'spoilers': {
        const max = readSpoilerOption(interaction, 'max', true);
        if (!max) throw new UserFacingError('Give `max`.');
        return change(interaction, ctx, 'spoilers', { maxSpoilers: max }, `Spoilers are now capped at ${spoilerText(max)} for quizzes and look-ups on this server.`);
      }
      case 'quiz-defaults':
        return quizDefaults(interaction, ctx);
      case 'reset-leaderboard':
        return resetLeaderboard(interaction, ctx);
      default:
        throw new UserFacingError(`Unknown setting \`${sub.slice(0, 32)}\`.`);
    }
  },
  async autocomplete(interaction, ctx) {
    // The cap itself is chosen from every setting; defaults are offered within the cap.
    const focused = interaction.options.getFocused(true);
    if (focused.name !== 'max' && focused.name !== 'spoilers') return interaction.respond([]);
    await autocompleteSpoilers(interaction, ctx, focused.name === 'max');
  },
} satisfies Command;

/** The confirmation button of `/config reset-leaderboard`. */
export const resetButtons = {
  prefix: 'reset',
  async handle(interaction, ctx) {
    const parsed = parseResetButtonId(ctx.config.discordToken, interaction.customId);
    if (!parsed || parsed.guildId !== interaction.guildId) throw new UserFacingError('That confirmation button is not valid here.');
    if (parsed.userId !== interaction.user.id) throw new UserFacingError('Only the moderator who asked for the reset can confirm it.');
    if (ctx.clock.now() > parsed.expiresAt) throw new UserFacingError('That confirmation has expired. Run `/config reset-leaderboard` again.');
    assertModerator(interaction);
    await ctx.store.scores.resetGuild(parsed.guildId, parsed.period);
    ctx.logger.info({ guildId: parsed.guildId, moderatorId: interaction.user.id, setting: 'leaderboard', before: 'kept', after: `reset ${parsed.period}` }, 'leaderboard reset');
    await interaction.update({
      content: `Done: this server's ${parsed.period === 'month' ? 'monthly' : 'all-time'} leaderboard has been reset.`,
      components: [],
    });
  },
} satisfies ButtonHandler;

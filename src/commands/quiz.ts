import { EmbedBuilder, SlashCommandBuilder, SlashCommandSubcommandBuilder } from '@discordjs/builders';
import { InteractionContextType, MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { ALL_SPOILERS, NO_SPOILERS } from '../data/spoilers.js';
import { autocompleteSpoilers, readSpoilerOption, spoilerOption, spoilerText } from './spoiler-option.js';
import type { ButtonHandler, Command } from '../discord/command.js';
import type { BotContext } from '../discord/context.js';
import { listNames, memberOf, messageLink, missingPermissions, QUIZ_CHANNEL_PERMISSIONS } from '../discord/interaction.js';
import { renderPractice, renderPracticeReveal } from '../discord/quiz-view.js';
import { UserFacingError } from '../errors.js';
import { mayStopQuiz, resolveStart, spoilerRefusal, type Refusal } from '../quiz/policy.js';
import { QUIZ_LIMITS } from '../quiz/runner.js';
import type { DifficultyChoice, Scope } from '../quiz/types.js';
import type { ScorePeriod, ScoreScope } from '../store/types.js';

/** discord.js option form of "mention nobody" (the client default too; explicit where user ids are shown). */
const NO_MENTIONS_OPTION = { parse: [] };

const SCOPES = ['all', 'film', 'series', 'novel'] as const;
const DIFFICULTY_CHOICES = ['mixed', 'easy', 'medium', 'hard'] as const;

function addQuizOptions(sub: SlashCommandSubcommandBuilder, withRounds: boolean): SlashCommandSubcommandBuilder {
  if (withRounds) {
    sub
      .addIntegerOption((o) =>
        o
          .setName('rounds')
          .setNameLocalization('ko', '문제수')
          .setDescription(`How many questions (${QUIZ_LIMITS.minRounds}–${QUIZ_LIMITS.maxRounds}; server default otherwise, usually 10)`)
          .setDescriptionLocalization('ko', '문제 수')
          .setMinValue(QUIZ_LIMITS.minRounds)
          .setMaxValue(QUIZ_LIMITS.maxRounds),
      )
      .addIntegerOption((o) =>
        o
          .setName('seconds')
          .setNameLocalization('ko', '제한시간')
          .setDescription(`Seconds to answer each question (${QUIZ_LIMITS.minSeconds}–${QUIZ_LIMITS.maxSeconds}; usually 20)`)
          .setDescriptionLocalization('ko', '문제당 제한 시간(초)')
          .setMinValue(QUIZ_LIMITS.minSeconds)
          .setMaxValue(QUIZ_LIMITS.maxSeconds),
      );
  }
  return sub
    .addStringOption((o) =>
      o
        .setName('scope')
        .setNameLocalization('ko', '범위')
        .setDescription('Which production to ask about (default: all)')
        .setDescriptionLocalization('ko', '어느 작품에 대해 물을지')
        .addChoices(...SCOPES.map((s) => ({ name: s, value: s }))),
    )
    .addStringOption((o) =>
      o
        .setName('difficulty')
        .setNameLocalization('ko', '난이도')
        .setDescription('easy, medium, hard or mixed (server default otherwise)')
        .setDescriptionLocalization('ko', '난이도')
        .addChoices(...DIFFICULTY_CHOICES.map((d) => ({ name: d, value: d }))),
    )
    .addStringOption((o) =>
      spoilerOption(o, 'spoilers', 'How far the group is: none, film, series-4, film+series-4, novel-2, all (default: none)', '어디까지 봤는지 (기본: none)').setNameLocalization('ko', '스포일러'),
    );
}

const data = new SlashCommandBuilder()
  .setName('quiz')
  .setNameLocalization('ko', '퀴즈')
  .setDescription('Watch-party quizzes, practice questions, scores and leaderboards')
  .setDescriptionLocalization('ko', '퀴즈, 연습 문제, 점수와 순위표')
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
  .addSubcommand((s) =>
    addQuizOptions(
      s
        .setName('start')
        .setNameLocalization('ko', '시작')
        .setDescription('Start a quiz in this channel for everyone to play')
        .setDescriptionLocalization('ko', '이 채널에서 모두가 함께하는 퀴즈 시작'),
      true,
    ),
  )
  .addSubcommand((s) =>
    s
      .setName('stop')
      .setNameLocalization('ko', '중지')
      .setDescription("Stop this channel's quiz (host, quiz role or Manage Server)")
      .setDescriptionLocalization('ko', '이 채널의 퀴즈 중지'),
  )
  .addSubcommand((s) =>
    s
      .setName('practice')
      .setNameLocalization('ko', '연습')
      .setDescription('One question just for you; does not touch the leaderboard')
      .setDescriptionLocalization('ko', '나만 보는 연습 문제 하나')
      .addStringOption((o) =>
        spoilerOption(o, 'spoilers', 'How far you are: none, film, series-4, film+series-4, novel-2, all (default: none)', '어디까지 봤는지').setNameLocalization('ko', '스포일러'),
      ),
  )
  .addSubcommand((s) =>
    s
      .setName('leaderboard')
      .setNameLocalization('ko', '순위표')
      .setDescription('Top 10 players, with your own rank')
      .setDescriptionLocalization('ko', '상위 10명과 내 순위')
      .addStringOption((o) =>
        o
          .setName('scope')
          .setNameLocalization('ko', '범위')
          .setDescription('This server or everyone (default: server; global in DMs)')
          .setDescriptionLocalization('ko', '이 서버 또는 전체')
          .addChoices({ name: 'server', value: 'server' }, { name: 'global', value: 'global' }),
      )
      .addStringOption((o) =>
        o
          .setName('period')
          .setNameLocalization('ko', '기간')
          .setDescription('All time or this calendar month (UTC)')
          .setDescriptionLocalization('ko', '전체 기간 또는 이번 달')
          .addChoices({ name: 'all-time', value: 'all-time' }, { name: 'month', value: 'month' }),
      ),
  )
  .addSubcommand((s) =>
    s
      .setName('stats')
      .setNameLocalization('ko', '기록')
      .setDescription("A player's record: points, accuracy, games, best streak")
      .setDescriptionLocalization('ko', '플레이어 기록')
      .addUserOption((o) =>
        o
          .setName('user')
          .setNameLocalization('ko', '사용자')
          .setDescription('Whose record (default: yours)')
          .setDescriptionLocalization('ko', '누구의 기록인지 (기본: 나)'),
      ),
  );

function refusalText(refusal: Refusal): string {
  switch (refusal.kind) {
    case 'role':
      return `On this server only members with the <@&${refusal.roleId}> role (or Manage Server) can start and stop quizzes.`;
    case 'channel':
      return `Quizzes can't run in this channel. Allowed here: ${refusal.allowed.map((c) => `<#${c}>`).join(', ')}.`;
    case 'spoilers':
      return `This server allows spoilers up to ${spoilerText(refusal.cap)}; ${spoilerText(refusal.requested)} goes beyond that. Pick something within ${spoilerText(refusal.cap)}.`;
  }
}

function choice<T extends string>(value: string | null, allowed: readonly T[], option: string): T | null {
  if (value === null) return null;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UserFacingError(`\`${option}\` must be one of: ${allowed.join(', ')}.`);
}

async function start(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  if (!interaction.inGuild()) {
    throw new UserFacingError('Quizzes run in server channels. Here in DMs, try `/quiz practice` for a question of your own.');
  }
  const settings = await ctx.store.settings.get(interaction.guildId);
  const member = memberOf(interaction);
  const resolved = resolveStart(settings, member, interaction.channelId, {
    rounds: interaction.options.getInteger('rounds'),
    seconds: interaction.options.getInteger('seconds'),
    scope: choice<Scope>(interaction.options.getString('scope'), SCOPES, 'scope'),
    difficulty: choice<DifficultyChoice>(interaction.options.getString('difficulty'), DIFFICULTY_CHOICES, 'difficulty'),
    spoilers: readSpoilerOption(interaction, 'spoilers'),
  });
  if (!resolved.ok) throw new UserFacingError(refusalText(resolved.refusal));

  const missing = missingPermissions(interaction.appPermissions, QUIZ_CHANNEL_PERMISSIONS);
  if (missing.length > 0) {
    throw new UserFacingError(`I can't run a quiz here: I'm missing the ${listNames(missing)} permission${missing.length > 1 ? 's' : ''} in this channel.`);
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const result = await ctx.quiz.start({
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    hostId: interaction.user.id,
    options: resolved.options,
  });
  if (result.ok) {
    await interaction.editReply(`Quiz started: ${result.rounds} question${result.rounds === 1 ? '' : 's'}. Good luck!`);
    return;
  }
  switch (result.reason) {
    case 'already-running':
      throw new UserFacingError(
        'A quiz is already running in this channel' +
          (result.messageId ? `: ${messageLink(interaction.guildId, interaction.channelId, result.messageId)}` : '.') +
          ' One quiz per channel; wait for it to end or ask the host to `/quiz stop`.',
      );
    case 'invalid-options':
      throw new UserFacingError(`Those options don't work: ${result.detail}`);
    case 'no-questions':
      throw new UserFacingError('No questions fit those options. Try a wider `scope`, `difficulty:mixed`, or more `spoilers`.');
    case 'cannot-post':
      throw new UserFacingError("I couldn't post the quiz in this channel. Check that I can View Channel, Send Messages and Embed Links here.");
    case 'shutting-down':
      throw new UserFacingError('The bot is restarting. Please try again in a few seconds.');
    default:
      throw new UserFacingError("The quiz couldn't start because of a problem on our side. It has been logged; please try again.");
  }
}

async function stop(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  if (!interaction.inGuild()) throw new UserFacingError('There are no quizzes in DMs.');
  const running = ctx.quiz.running(interaction.channelId);
  if (!running) throw new UserFacingError('No quiz is running in this channel.');
  const settings = await ctx.store.settings.get(interaction.guildId);
  const canManage = mayStopQuiz(settings, memberOf(interaction), running.hostId);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const result = await ctx.quiz.stop({ channelId: interaction.channelId, userId: interaction.user.id, canManage });
  if (result === 'forbidden') {
    throw new UserFacingError(`Only the host (<@${running.hostId}>), the quiz role or members with Manage Server can stop this quiz.`);
  }
  if (result === 'not-running') throw new UserFacingError('No quiz is running in this channel.');
  await interaction.editReply('Quiz stopped. The final standings are posted in the channel.');
}

async function practice(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const requested = readSpoilerOption(interaction, 'spoilers');
  let cap = ALL_SPOILERS;
  if (interaction.inGuild()) cap = (await ctx.store.settings.get(interaction.guildId)).maxSpoilers;
  const tooFar = spoilerRefusal(requested, cap);
  if (tooFar) throw new UserFacingError(refusalText(tooFar));
  const created = await ctx.practice.create({ userId: interaction.user.id, spoilers: requested ?? NO_SPOILERS, scope: 'all', difficulty: 'mixed' });
  if (!created.ok) throw new UserFacingError('No practice question fits those spoilers. Try a wider `spoilers` option.');
  await interaction.reply({ ...renderPractice(created.view), flags: MessageFlags.Ephemeral });
}

function mention(userId: string): string {
  return `<@${userId}>`;
}

async function leaderboard(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const wanted = interaction.options.getString('scope') ?? (interaction.inGuild() ? 'server' : 'global');
  if (wanted !== 'server' && wanted !== 'global') throw new UserFacingError('`scope` must be server or global.');
  if (wanted === 'server' && !interaction.inGuild()) throw new UserFacingError('There is no server board in DMs; use `scope:global`.');
  const period = (choice<ScorePeriod>(interaction.options.getString('period'), ['all-time', 'month'], 'period') ?? 'all-time');
  const scope: ScoreScope = wanted === 'server' && interaction.guildId ? { guildId: interaction.guildId } : 'global';
  const board = await ctx.store.scores.leaderboard(scope, period, { limit: 10, userId: interaction.user.id });
  const title = `${wanted === 'server' ? 'Server' : 'Global'} leaderboard · ${period === 'month' ? 'this month (UTC)' : 'all time'}`;
  const lines = board.entries.map(
    (e) => `${e.rank}. ${mention(e.userId)}: **${e.points}** pts · ${e.correct}/${e.answered} correct`,
  );
  const inTop = board.entries.some((e) => e.userId === interaction.user.id);
  if (board.me && !inTop) lines.push('…', `${board.me.rank}. ${mention(board.me.userId)} (you): **${board.me.points}** pts · ${board.me.correct}/${board.me.answered} correct`);
  const embed = new EmbedBuilder()
    .setColor(0xeb459e)
    .setTitle(title)
    .setDescription(lines.length > 0 ? lines.join('\n') : 'No scores yet. Start one with `/quiz start`!')
    .setFooter({ text: `${board.total} player${board.total === 1 ? '' : 's'} on this board` });
  await interaction.reply({ embeds: [embed.toJSON()], allowedMentions: NO_MENTIONS_OPTION });
}

async function stats(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const user = interaction.options.getUser('user') ?? interaction.user;
  const self = user.id === interaction.user.id;
  const fields: { name: string; value: string; inline: boolean }[] = [];
  const line = (s: Awaited<ReturnType<typeof ctx.store.scores.stats>>): string =>
    s
      ? `**${s.points}** pts · rank ${s.rank} of ${s.players}\n${s.correct}/${s.answered} correct · ${s.gamesPlayed} game${s.gamesPlayed === 1 ? '' : 's'} · best streak ${s.bestStreak}\nlast played <t:${Math.floor(s.lastPlayed / 1000)}:R>`
      : 'No games yet.';
  if (interaction.inGuild()) {
    fields.push({ name: 'This server', value: line(await ctx.store.scores.stats(user.id, { guildId: interaction.guildId }, 'all-time')), inline: false });
    fields.push({ name: 'This server, this month', value: line(await ctx.store.scores.stats(user.id, { guildId: interaction.guildId }, 'month')), inline: false });
  }
  fields.push({ name: 'Everywhere', value: line(await ctx.store.scores.stats(user.id, 'global', 'all-time')), inline: false });
  const practiceStats = await ctx.store.scores.practiceStats(user.id);
  fields.push({ name: 'Practice', value: practiceStats.answered > 0 ? `${practiceStats.correct}/${practiceStats.answered} correct` : 'No practice questions yet.', inline: false });
  const embed = new EmbedBuilder()
    .setColor(0x5865f2)
    .setTitle(`Quiz record of ${user.username.slice(0, 200)}`)
    .setDescription(self ? 'Your record.' : `${mention(user.id)}'s record.`)
    .addFields(fields);
  await interaction.reply({ embeds: [embed.toJSON()], allowedMentions: NO_MENTIONS_OPTION });
}

export const quiz = {
  data,
  async execute(interaction, ctx) {
    const sub = interaction.options.getSubcommand(true);
    switch (sub) {
      case 'start':
        return start(interaction, ctx);
      case 'stop':
        return stop(interaction, ctx);
      case 'practice':
        return practice(interaction, ctx);
      case 'leaderboard':
        return leaderboard(interaction, ctx);
      case 'stats':
        return stats(interaction, ctx);
      default:
        throw new UserFacingError(`Unknown subcommand \`${sub.slice(0, 32)}\`.`);
    }
  },
  async autocomplete(interaction, ctx) {
    if (interaction.options.getFocused(true).name !== 'spoilers') return interaction.respond([]);
    await autocompleteSpoilers(interaction, ctx);
  },
} satisfies Command;

const ANSWER_TEXT = {
  'already-answered': (label: string) => `You already answered **${label}** to this question. One answer per question.`,
  closed: 'Time is up for that question.',
  finished: 'That quiz has finished.',
  // Forged ids, and buttons of a quiz that ended before a restart: neither is part of a running quiz.
  unknown: "That button isn't part of a running quiz.",
  'wrong-guild': "That quiz belongs to another server.",
  'wrong-channel': "That button doesn't belong to this channel's quiz.",
} as const;

/** Answer buttons of a running quiz: acknowledged at once with an ephemeral note. */
export const quizButtons = {
  prefix: 'quiz',
  async handle(interaction, ctx) {
    if (!interaction.inGuild()) {
      await interaction.reply({ content: 'Quiz buttons only work in the server channel where the quiz runs.', flags: MessageFlags.Ephemeral });
      return;
    }
    const outcome = ctx.quiz.answerButton(interaction.customId, {
      userId: interaction.user.id,
      guildId: interaction.guildId,
      channelId: interaction.channelId,
    });
    let content: string;
    switch (outcome.kind) {
      case 'locked':
        content = `Your answer **${outcome.label}** is locked in. Results <t:${Math.ceil(outcome.closesAt / 1000)}:R>.`;
        break;
      case 'already-answered':
        content = ANSWER_TEXT['already-answered'](outcome.label);
        break;
      default:
        content = ANSWER_TEXT[outcome.kind];
    }
    await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS_OPTION });
  },
} satisfies ButtonHandler;

const PRACTICE_TEXT = {
  'not-yours': 'That practice question belongs to someone else. Ask for your own with `/quiz practice`.',
  'already-answered': 'You already answered that practice question.',
  expired: 'That practice question has expired. Ask for a new one with `/quiz practice`.',
  unknown: "That button doesn't belong to a practice question.",
} as const;

/** Answer buttons of `/quiz practice`: the ephemeral message is updated with the answer. */
export const practiceButtons = {
  prefix: 'practice',
  async handle(interaction, ctx) {
    const outcome = ctx.practice.answerButton(interaction.customId, interaction.user.id);
    if (outcome.kind === 'correct' || outcome.kind === 'wrong') {
      // Answer at once; the practice record line follows once the store has counted it.
      await interaction.update(renderPracticeReveal(outcome.reveal, null));
      const stats = await outcome.recorded;
      if (stats) await interaction.editReply(renderPracticeReveal(outcome.reveal, stats));
      return;
    }
    await interaction.reply({ content: PRACTICE_TEXT[outcome.kind], flags: MessageFlags.Ephemeral });
  },
} satisfies ButtonHandler;


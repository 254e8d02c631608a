/**
 * `/quiz`: start and stop watch-party quizzes, practise, leaderboards and stats, and the answer
 * buttons of games and practice. Each handler reads its options through a small typed reader,
 * calls one function and renders the result (src/discord/quiz-view.ts, scores-view.ts).
 *
 * Private replies follow the member's Discord language; what the whole channel sees (a quiz,
 * a leaderboard, a stats card) follows the server's.
 */
import { SlashCommandBuilder, type SlashCommandStringOption, type SlashCommandSubcommandBuilder } from '@discordjs/builders';
import { InteractionContextType, MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { ALL_SPOILERS } from '../data/spoilers.js';
import type { ButtonHandler, Command } from '../discord/command.js';
import type { BotContext } from '../discord/context.js';
import {
  deferPrivately,
  editAnswer,
  isExpiredInteraction,
  listNames,
  memberOf,
  messageLink,
  missingPermissions,
  QUIZ_CHANNEL_PERMISSIONS,
  replyPrivately,
  replyToken,
  type ReplyToken,
} from '../discord/interaction.js';
import { logExpired } from '../discord/router.js';
import { serverLang, serverLangOf, userLang } from '../discord/lang.js';
import { noMentions } from '../discord/format.js';
import { answerText, practiceRefusalText, refusalText, renderPractice, renderPracticeReveal, startReplyText } from '../discord/quiz-view.js';
import { renderLeaderboard, renderStats } from '../discord/scores-view.js';
import { UserFacingError } from '../errors.js';
import type { Lang } from '../i18n/lang.js';
import type { Logger } from '../logger.js';
import { common } from '../i18n/messages/common.js';
import { quizMessages } from '../i18n/messages/quiz.js';
import { watchPartyMessages } from '../i18n/messages/watchparty.js';
import { mayStopQuiz, practiceSpoilers, resolveStart, spoilerRefusal, type StartRequest } from '../quiz/policy.js';
import { recapWindow } from '../quiz/recap.js';
import { readBoard, readPlayerRecord, type BoardScope } from '../quiz/records.js';
import type { AnswerOutcome } from '../quiz/api.js';
import { QUIZ_LIMITS, type PauseResult, type ResumeResult, type SkipResult } from '../quiz/runner.js';
import type { DifficultyChoice, Pace, Scope } from '../quiz/types.js';
import type { ScorePeriod } from '../store/types.js';
import { autocompleteSpoilers, readSpoilerOption, spoilerOption } from './spoiler-option.js';

const SCOPES = ['all', 'film', 'series', 'novel'] as const satisfies readonly Scope[];
const DIFFICULTY_CHOICES = ['mixed', 'easy', 'medium', 'hard'] as const satisfies readonly DifficultyChoice[];
const BOARD_SCOPES = ['server', 'global'] as const satisfies readonly BoardScope[];
const PERIODS = ['all-time', 'month', 'week'] as const satisfies readonly ScorePeriod[];
const PACES = ['auto', 'manual'] as const satisfies readonly Pace[];

const en = quizMessages.en;
const ko = quizMessages.ko;
/** The definitions with a plain description (rounds and seconds describe their bounds). */
type PlainDefinition = Exclude<keyof typeof en.definition, 'rounds' | 'seconds'>;

// ---------------------------------------------------------------------------
// Definition

/** Names and descriptions in both languages, from the catalog. */
function named<T extends { setName(n: string): T; setNameLocalization(l: 'ko', n: string): T; setDescription(d: string): T; setDescriptionLocalization(l: 'ko', d: string): T }>(
  builder: T,
  key: PlainDefinition,
): T {
  return builder
    .setName(en.definition[key].name)
    .setNameLocalization('ko', ko.definition[key].name)
    .setDescription(en.definition[key].description)
    .setDescriptionLocalization('ko', ko.definition[key].description);
}

/** Choices named in both languages: the Korean names are the words the replies use. */
function choices<K extends keyof typeof en.choices>(group: K, values: readonly (keyof (typeof en.choices)[K] & string)[]) {
  const names = (lang: Lang, value: string): string => (quizMessages[lang].choices[group] as Readonly<Record<string, string>>)[value] ?? value;
  return values.map((value) => ({ name: names('en', value), value, name_localizations: { ko: names('ko', value) } }));
}

function addQuizOptions(sub: SlashCommandSubcommandBuilder, withRounds: boolean): SlashCommandSubcommandBuilder {
  const limits = { rounds: { min: QUIZ_LIMITS.minRounds, max: QUIZ_LIMITS.maxRounds }, seconds: { min: QUIZ_LIMITS.minSeconds, max: QUIZ_LIMITS.maxSeconds } };
  if (withRounds) {
    for (const key of ['rounds', 'seconds'] as const) {
      sub.addIntegerOption((o) =>
        o
          .setName(en.definition[key].name)
          .setNameLocalization('ko', ko.definition[key].name)
          .setDescription(en.definition[key].description(limits[key]))
          .setDescriptionLocalization('ko', ko.definition[key].description(limits[key]))
          .setMinValue(limits[key].min)
          .setMaxValue(limits[key].max),
      );
    }
  }
  return sub
    .addStringOption((o) => named(o, 'scope').addChoices(...choices('scope', SCOPES)))
    .addStringOption((o) => named(o, 'difficulty').addChoices(...choices('difficulty', DIFFICULTY_CHOICES)))
    .addStringOption((o) => spoilers(o, 'spoilers'));
}

function spoilers(o: SlashCommandStringOption, key: 'spoilers' | 'practiceSpoilers'): SlashCommandStringOption {
  return spoilerOption(o, en.definition[key].name, en.definition[key].description, ko.definition[key].description).setNameLocalization(
    'ko',
    ko.definition[key].name,
  );
}

const data = named(new SlashCommandBuilder(), 'quiz')
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
  .addSubcommand((s) =>
    addQuizOptions(named(s, 'start'), true)
      .addStringOption((o) => named(o, 'pace').addChoices(...choices('pace', PACES)))
      .addBooleanOption((o) => named(o, 'recap')),
  )
  .addSubcommand((s) => named(s, 'stop'))
  .addSubcommand((s) => named(s, 'skip'))
  .addSubcommand((s) => named(s, 'pause'))
  .addSubcommand((s) => named(s, 'resume'))
  .addSubcommand((s) => named(s, 'practice').addStringOption((o) => spoilers(o, 'practiceSpoilers')))
  .addSubcommand((s) =>
    named(s, 'leaderboard')
      .addStringOption((o) => named(o, 'boardScope').addChoices(...choices('boardScope', BOARD_SCOPES)))
      .addStringOption((o) => named(o, 'period').addChoices(...choices('period', PERIODS))),
  )
  .addSubcommand((s) => named(s, 'stats').addUserOption((o) => named(o, 'user')));

// ---------------------------------------------------------------------------
// Option readers

/**
 * A choice option's value, or null when left out.
 * @throws {UserFacingError} for a value outside the choices (only a forged request sends one).
 */
function readChoice<T extends string>(interaction: ChatInputCommandInteraction, key: PlainDefinition, allowed: readonly T[]): T | null {
  const value = interaction.options.getString(en.definition[key].name);
  if (value === null) return null;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  const lang = userLang(interaction);
  throw new UserFacingError(quizMessages[lang].start.notAChoice({ option: quizMessages[lang].definition[key].name, allowed }));
}

/** `/quiz start`'s options as given (null = the server's default). @throws {UserFacingError} for a malformed value. */
function readStartOptions(interaction: ChatInputCommandInteraction): StartRequest {
  return {
    rounds: interaction.options.getInteger(en.definition.rounds.name),
    seconds: interaction.options.getInteger(en.definition.seconds.name),
    scope: readChoice(interaction, 'scope', SCOPES),
    difficulty: readChoice(interaction, 'difficulty', DIFFICULTY_CHOICES),
    spoilers: readSpoilerOption(interaction, 'spoilers'),
    recap: interaction.options.getBoolean(en.definition.recap.name),
  };
}

/** `/quiz leaderboard`'s board: this server by default, every server's from a DM. */
function readBoardOptions(interaction: ChatInputCommandInteraction): { readonly scope: BoardScope; readonly period: ScorePeriod } {
  return {
    scope: readChoice(interaction, 'boardScope', BOARD_SCOPES) ?? (interaction.inGuild() ? 'server' : 'global'),
    period: readChoice(interaction, 'period', PERIODS) ?? 'all-time',
  };
}

// ---------------------------------------------------------------------------
// Handlers

async function start(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const lang = userLang(interaction);
  const t = quizMessages[lang].start;
  if (!interaction.inGuild()) throw new UserFacingError(t.dm);
  const request = readStartOptions(interaction);
  const settings = await ctx.store.settings.get(interaction.guildId);
  // The quiz speaks the server's language for its whole life, whatever is set later.
  const resolved = resolveStart(settings, memberOf(interaction), interaction.channelId, {
    ...request,
    lang: serverLangOf(settings, interaction.guildLocale),
  });
  if (!resolved.ok) throw new UserFacingError(refusalText(resolved.refusal, lang));
  // A recap of a quiz that reveals no plot would ask nothing recent: refused, saying how to set the progress.
  const recap = resolved.options.recap ? recapWindow(resolved.options.spoilers) : null;
  if (resolved.options.recap && !recap) throw new UserFacingError(t.recapNoPlot);
  const missing = missingPermissions(interaction.appPermissions, QUIZ_CHANNEL_PERMISSIONS, lang);
  if (missing.length > 0) throw new UserFacingError(t.missingPermissions({ names: listNames(missing, lang), count: missing.length }));

  const pace = readChoice(interaction, 'pace', PACES);
  const options = pace === 'manual' ? { ...resolved.options, pace } : resolved.options;
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const result = await ctx.quiz.start({
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    hostId: interaction.user.id,
    options,
    pingRoleId: settings.quizPing,
  });
  const link = !result.ok && result.reason === 'already-running' && result.messageId ? messageLink(interaction.guildId, interaction.channelId, result.messageId) : null;
  const part = recap ? watchPartyMessages[lang].recapPart({ window: recap }) : null;
  // The recap found nothing of the last part within the other options: say so, not "no questions".
  if (part !== null && !result.ok && result.reason === 'no-questions') throw new UserFacingError(t.recapEmpty({ part }));
  const reply = startReplyText(result, lang, link);
  if (!reply.ok) throw new UserFacingError(reply.text);
  await interaction.editReply(part === null ? reply.text : `${reply.text}\n${t.recapStarted({ part })}`);
}

/**
 * The channel's running quiz for `/quiz stop` and the host's controls, and whether the member
 * may steer it (host, quiz role or Manage Server).
 * @throws {UserFacingError} in a DM, or when no quiz of this server runs in the channel.
 */
async function channelQuiz(interaction: ChatInputCommandInteraction, ctx: BotContext, lang: Lang) {
  const t = quizMessages[lang].stop;
  if (!interaction.inGuild()) throw new UserFacingError(t.dm);
  const running = ctx.quiz.running(interaction.channelId);
  // A forged interaction naming another server's channel finds no quiz of its own there.
  if (!running || running.guildId !== interaction.guildId) throw new UserFacingError(t.notRunning);
  const settings = await ctx.store.settings.get(interaction.guildId);
  const canManage = mayStopQuiz(settings, memberOf(interaction), running.hostId);
  return { guildId: interaction.guildId, running, canManage };
}

async function stop(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const lang = userLang(interaction);
  const t = quizMessages[lang].stop;
  const { guildId, running, canManage } = await channelQuiz(interaction, ctx, lang);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const result = await ctx.quiz.stop({ guildId, channelId: interaction.channelId, userId: interaction.user.id, canManage });
  if (result === 'forbidden') throw new UserFacingError(t.forbidden({ hostId: running.hostId, permission: common[lang].permissions.manageGuild }));
  if (result === 'not-running') throw new UserFacingError(t.notRunning);
  await interaction.editReply(t.stopped);
}

/** `/quiz skip`, `/quiz pause`, `/quiz resume`: the host's controls, refused like `/quiz stop` for anyone else. */
async function hostControl(interaction: ChatInputCommandInteraction, ctx: BotContext, control: 'skip' | 'pause' | 'resume'): Promise<void> {
  const lang = userLang(interaction);
  const t = quizMessages[lang];
  const { guildId, running, canManage } = await channelQuiz(interaction, ctx, lang);
  if (!canManage) throw new UserFacingError(t.host.forbidden({ hostId: running.hostId, permission: common[lang].permissions.manageGuild }));
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const input = { guildId, channelId: interaction.channelId, userId: interaction.user.id, canManage };
  const result =
    control === 'skip' ? await ctx.quiz.skip(input) : control === 'pause' ? await ctx.quiz.pauseQuiz(input) : await ctx.quiz.resumeQuiz(input);
  await interaction.editReply(hostControlText(result, lang, running.hostId));
}

function hostControlText(result: SkipResult | PauseResult | ResumeResult, lang: Lang, hostId: string): string {
  const t = quizMessages[lang];
  switch (result) {
    case 'skipped-question':
      return t.host.skipped;
    case 'skipped-pause':
      return t.host.skippedPause;
    case 'skipped-to-end':
      return t.host.skippedToEnd;
    case 'paused':
      return t.host.paused;
    case 'already-paused':
      return t.host.alreadyPaused;
    case 'is-paused':
      return t.host.pausedSkip;
    case 'resumed':
      return t.host.resumed;
    case 'not-paused':
      return t.host.notPaused;
    case 'not-running':
      return t.stop.notRunning;
    case 'forbidden':
      return t.host.forbidden({ hostId, permission: common[lang].permissions.manageGuild });
  }
}

async function practice(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const lang = userLang(interaction);
  const requested = readSpoilerOption(interaction, 'spoilers');
  const settings = interaction.inGuild() ? await ctx.store.settings.get(interaction.guildId) : null;
  const cap = settings?.maxSpoilers ?? ALL_SPOILERS;
  const tooFar = spoilerRefusal(requested, cap);
  if (tooFar) throw new UserFacingError(refusalText(tooFar, lang));
  // Practice is private: the question is in the asker's own language.
  const created = await ctx.practice.create({ userId: interaction.user.id, spoilers: requested ?? practiceSpoilers(settings, interaction.channelId), scope: 'all', difficulty: 'mixed', lang });
  if (!created.ok) throw new UserFacingError(quizMessages[lang].practice.noQuestions);
  await interaction.reply({ ...renderPractice(created.view), flags: MessageFlags.Ephemeral });
}

async function leaderboard(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const { scope, period } = readBoardOptions(interaction);
  if (scope === 'server' && !interaction.inGuild()) throw new UserFacingError(quizMessages[userLang(interaction)].leaderboard.noServerInDm);
  const view = await readBoard(ctx.store.scores, { scope, period, guildId: interaction.guildId, viewerId: interaction.user.id });
  // The board is posted for the channel to see: in the server's language.
  await interaction.reply({ embeds: [renderLeaderboard(view, await serverLang(interaction, ctx))], allowedMentions: noMentions() });
}

async function stats(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const user = interaction.options.getUser(en.definition.user.name) ?? interaction.user;
  const record = await readPlayerRecord(ctx.store.scores, user.id, interaction.guildId);
  await interaction.reply({ embeds: [renderStats(record, user.displayName, await serverLang(interaction, ctx))], allowedMentions: noMentions() });
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
      case 'skip':
      case 'pause':
      case 'resume':
        return hostControl(interaction, ctx, sub);
      case 'practice':
        return practice(interaction, ctx);
      case 'leaderboard':
        return leaderboard(interaction, ctx);
      case 'stats':
        return stats(interaction, ctx);
      default:
        throw new UserFacingError(common[userLang(interaction)].unknownCommand({ command: `quiz ${sub.slice(0, 32)}` }));
    }
  },
  async autocomplete(interaction, ctx) {
    if (interaction.options.getFocused(true).name !== 'spoilers') return interaction.respond([]);
    await autocompleteSpoilers(interaction, ctx);
  },
  // Leaderboards and stats cards are for the channel; everything else answers the member alone.
  publicReply: (interaction) => {
    const sub = interaction.options.getSubcommand(false);
    return sub === 'leaderboard' || sub === 'stats';
  },
} satisfies Command;

/** How long an answer may take to be saved before its click is deferred (Discord allows 3 s for a reply). */
const ANSWER_DEFER_AFTER_MS = 2_000;

/** The promise's value if it settles within `ms`, else undefined (the promise carries on). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Tells the clicker how their click fared once it is decided (a locked answer: once it is saved),
 * through the reply token alone. Never rejects.
 */
async function answerWhenDecided(decided: Promise<AnswerOutcome>, to: ReplyToken, lang: Lang, logger: Logger): Promise<void> {
  // "Locked in" waits for the answer to be saved, which takes milliseconds; a store slow
  // enough to near Discord's deadline gets a deferred reply, edited once the answer is saved.
  try {
    const outcome = await within(decided, ANSWER_DEFER_AFTER_MS);
    if (outcome === undefined) {
      await deferPrivately(to);
      await editAnswer(to, answerText(await decided, lang));
      return;
    }
    await replyPrivately(to, answerText(outcome, lang));
  } catch (err) {
    // The click was decided (a locked answer is saved): a reply that did not get through must
    // not be followed by "something went wrong, try again".
    if (isExpiredInteraction(err)) logExpired(to, err, logger);
    else logger.warn({ interactionId: to.id, err }, 'could not send the answer reply; the click was decided all the same');
  }
}

/**
 * Answer buttons of a running quiz: a private note in the clicker's language once the answer is
 * saved. The wait is detached from the interaction (see `Detached`), so that thousands of clicks
 * waiting for their group commit do not keep thousands of interactions alive.
 */
export const quizButtons = {
  prefix: 'quiz',
  async handle(interaction, ctx) {
    const lang = userLang(interaction);
    if (!interaction.inGuild()) {
      await interaction.reply({ content: quizMessages[lang].answer.dm, flags: MessageFlags.Ephemeral });
      return;
    }
    const decided = ctx.quiz.answerButton(interaction.customId, {
      userId: interaction.user.id,
      guildId: interaction.guildId,
      channelId: interaction.channelId,
    });
    return { settled: answerWhenDecided(decided, replyToken(interaction), lang, ctx.logger) };
  },
} satisfies ButtonHandler;

/**
 * The host's Next question button under a reveal at `pace: manual`. Pressed by the host (or the
 * quiz role, or Manage Server), it takes itself off the reveal and the next question follows;
 * anyone else is told privately who may press it.
 */
export const quizNextButtons = {
  prefix: 'quiznext',
  async handle(interaction, ctx) {
    const lang = userLang(interaction);
    const t = quizMessages[lang];
    if (!interaction.inGuild()) {
      await interaction.reply({ content: t.answer.dm, flags: MessageFlags.Ephemeral });
      return;
    }
    const running = ctx.quiz.running(interaction.channelId);
    const hostId = running?.hostId ?? interaction.user.id;
    const canManage = running ? mayStopQuiz(await ctx.store.settings.get(interaction.guildId), memberOf(interaction), running.hostId) : false;
    const result = await ctx.quiz.nextButton(interaction.customId, { userId: interaction.user.id, guildId: interaction.guildId, channelId: interaction.channelId, canManage });
    if (result === 'next') {
      // The quiz takes the Next prompt off the reveal itself, as it does when a skip or a stop moves on.
      await interaction.deferUpdate();
      return;
    }
    const text =
      result === 'forbidden'
        ? t.host.forbidden({ hostId, permission: common[lang].permissions.manageGuild })
        : result === 'not-waiting'
          ? t.host.notWaiting
          : result === 'paused'
            ? t.host.pausedSkip
            : answerText({ kind: result }, lang);
    await interaction.reply({ content: text, flags: MessageFlags.Ephemeral, allowedMentions: noMentions() });
  },
} satisfies ButtonHandler;

/** Answer buttons of `/quiz practice`: the private message is updated with the answer. */
export const practiceButtons = {
  prefix: 'practice',
  async handle(interaction, ctx) {
    const outcome = ctx.practice.answerButton(interaction.customId, interaction.user.id);
    if (outcome.kind === 'correct' || outcome.kind === 'wrong') {
      // Answer at once; the practice record line follows once the store has counted it.
      await interaction.update(renderPracticeReveal(outcome.reveal, null));
      const recorded = await outcome.recorded;
      if (recorded) await interaction.editReply(renderPracticeReveal(outcome.reveal, recorded));
      return;
    }
    await interaction.reply({ content: practiceRefusalText(outcome.kind, userLang(interaction)), flags: MessageFlags.Ephemeral });
  },
} satisfies ButtonHandler;

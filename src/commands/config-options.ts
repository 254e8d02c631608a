/**
 * Typed readers of `/config` options. Discord's client only sends values the definition allows,
 * but a request can be forged: each reader checks its value and throws a refusal in the
 * moderator's language, so handlers get typed values and nothing else.
 */
import { PermissionFlagsBits, type ButtonInteraction, type ChannelType, type ChatInputCommandInteraction } from 'discord.js';
import { UserFacingError } from '../errors.js';
import type { Lang } from '../i18n/lang.js';
import { common } from '../i18n/messages/common.js';
import { configMessages } from '../i18n/messages/config.js';
import { QUIZ_LIMITS } from '../quiz/runner.js';
import type { QuizDefaults, QuizDifficulty, ScorePeriod } from '../store/types.js';
import { readSpoilerOption } from './spoiler-option.js';

export const DIFFICULTIES: readonly QuizDifficulty[] = ['mixed', 'easy', 'medium', 'hard'];
/** The value of the `/config language` choice that goes back to the server's default. */
export const LANGUAGE_DEFAULT = 'default';

/** The definitions of `/config` and its options in `lang` (their names as that member's client shows them). */
export function definitions(lang: Lang) {
  return configMessages[lang].definition;
}

/** `/config reset-leaderboard` as a member of `lang` types it: `/설정 순위초기화`. */
export function commandPath(lang: Lang, ...parts: readonly ('show' | 'reset' | 'quizRole' | 'roleClear')[]): string {
  const d = definitions(lang);
  return `/${[d.config.name, ...parts.map((p) => d[p].name)].join(' ')}`;
}

/**
 * Only members with Manage Server may use `/config` and its buttons.
 * @throws {UserFacingError} outside a server, or for a member without Manage Server.
 */
export function assertModerator<T extends ChatInputCommandInteraction | ButtonInteraction>(interaction: T, lang: Lang): asserts interaction is T & { guildId: string } {
  const t = configMessages[lang];
  if (!interaction.inGuild()) throw new UserFacingError(t.serverOnly);
  // Default member permissions hide the command, but a server can override them: check again.
  if (!interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) {
    throw new UserFacingError(t.needManageServer({ permission: common[lang].permissions.manageGuild }));
  }
}

function whole(interaction: ChatInputCommandInteraction, option: 'rounds' | 'seconds', lang: Lang, min: number, max: number): number | null {
  const value = interaction.options.getInteger(option);
  if (value !== null && (!Number.isInteger(value) || value < min || value > max)) {
    throw new UserFacingError(configMessages[lang].outOfRange({ option: definitions(lang)[option].name, min, max }));
  }
  return value;
}

/**
 * The defaults given to `/config quiz-defaults` (at least one).
 * @throws {UserFacingError} for a value out of range, an unknown difficulty, a bad spoiler setting, or nothing given.
 */
export function readQuizDefaults(interaction: ChatInputCommandInteraction, lang: Lang): Partial<QuizDefaults> {
  const t = configMessages[lang];
  const d = definitions(lang);
  const rounds = whole(interaction, 'rounds', lang, QUIZ_LIMITS.minRounds, QUIZ_LIMITS.maxRounds);
  const seconds = whole(interaction, 'seconds', lang, QUIZ_LIMITS.minSeconds, QUIZ_LIMITS.maxSeconds);
  const difficulty = interaction.options.getString('difficulty');
  if (difficulty !== null && !(DIFFICULTIES as readonly string[]).includes(difficulty)) {
    throw new UserFacingError(t.badDifficulty({ option: d.difficulty.name, allowed: DIFFICULTIES.map((k) => t.choices.difficulty[k]) }));
  }
  const spoilers = readSpoilerOption(interaction, 'spoilers');
  const defaults: Partial<QuizDefaults> = {
    ...(rounds !== null ? { rounds } : {}),
    ...(seconds !== null ? { seconds } : {}),
    ...(difficulty !== null ? { difficulty: difficulty as QuizDifficulty } : {}),
    ...(spoilers !== null ? { spoilers } : {}),
  };
  if (Object.keys(defaults).length === 0) {
    throw new UserFacingError(
      t.defaultsEmpty({ options: [d.rounds.name, d.seconds.name, d.difficulty.name, d.defaultSpoilers.name], show: commandPath(lang, 'show') }),
    );
  }
  return defaults;
}

/** `period` of `/config reset-leaderboard`, all-time when left out. @throws {UserFacingError} for any other value. */
export function readPeriod(interaction: ChatInputCommandInteraction, lang: Lang): ScorePeriod {
  const value = interaction.options.getString('period') ?? 'all-time';
  if (value !== 'all-time' && value !== 'month' && value !== 'week') throw new UserFacingError(configMessages[lang].badPeriod({ option: definitions(lang).resetPeriod.name }));
  return value;
}

/** `value` of `/config language`: a language, or null for the server's default. @throws {UserFacingError} for any other value. */
export function readLanguage(interaction: ChatInputCommandInteraction, lang: Lang): Lang | null {
  const value = interaction.options.getString('value', true);
  if (value === 'en' || value === 'ko') return value;
  if (value === LANGUAGE_DEFAULT) return null;
  throw new UserFacingError(configMessages[lang].badLanguage({ option: definitions(lang).languageValue.name }));
}

/** `channel` of `/config quiz-channels add|remove` (required): its id and type. */
export function readChannel(interaction: ChatInputCommandInteraction): { readonly id: string; readonly type: ChannelType } {
  const channel = interaction.options.getChannel('channel', true);
  return { id: channel.id, type: channel.type };
}

/** `role` of `/config quiz-role set` (required): its id (the guild's id for @everyone). */
export function readRoleId(interaction: ChatInputCommandInteraction): string {
  return interaction.options.getRole('role', true).id;
}

/**
 * A server's rules for quizzes (set with /config) and its channels' watch-party progress
 * (/watchparty), applied to a `/quiz start`, a practice question or a progress change.
 * Pure: the Discord side supplies the member's roles and permissions.
 */
import { exceeds, minSpoilers, NO_SPOILERS, type SpoilerSetting } from '../data/spoilers.js';
import type { Lang } from '../i18n/lang.js';
import type { GuildSettings } from '../store/types.js';
import type { DifficultyChoice, QuizOptions, Scope } from './types.js';

export interface Member {
  readonly roleIds: readonly string[];
  /** Manage Server (or Administrator). */
  readonly canManageGuild: boolean;
}

/**
 * Who may start and stop quizzes: anyone, unless the server set a quiz role; then only
 * members with that role. Members with Manage Server always may.
 */
export function mayRunQuizzes(settings: GuildSettings, member: Member): boolean {
  return member.canManageGuild || settings.quizRole === null || member.roleIds.includes(settings.quizRole);
}

/** Who may stop a running quiz: its host, a member with Manage Server, or a holder of the quiz role. */
export function mayStopQuiz(settings: GuildSettings, member: Member & { readonly userId: string }, hostId: string): boolean {
  if (member.userId === hostId || member.canManageGuild) return true;
  return settings.quizRole !== null && member.roleIds.includes(settings.quizRole);
}

/**
 * Who may set or clear a channel's watch-party progress, which every look-up and quiz there then
 * follows: members with Manage Server, and holders of the quiz role when the server has one.
 */
export function mayHostWatchParty(settings: GuildSettings, member: Member): boolean {
  return member.canManageGuild || (settings.quizRole !== null && member.roleIds.includes(settings.quizRole));
}

/**
 * The channel's watch-party progress as it applies today, or null when none is recorded. Progress
 * is refused above the cap when it is set; a cap lowered since then still wins, track by track.
 */
export function channelProgress(settings: GuildSettings, channelId: string): SpoilerSetting | null {
  const progress = Object.hasOwn(settings.channelProgress, channelId) ? settings.channelProgress[channelId] : undefined;
  return progress ? minSpoilers(progress, settings.maxSpoilers) : null;
}

/**
 * The spoilers of a `/quiz practice` asked without the option: the channel's progress, else none
 * (practice never took the server's quiz defaults). `settings` is null in DMs.
 */
export function practiceSpoilers(settings: GuildSettings | null, channelId: string): SpoilerSetting {
  return (settings && channelProgress(settings, channelId)) ?? NO_SPOILERS;
}

export interface StartRequest {
  readonly rounds?: number | null;
  readonly seconds?: number | null;
  readonly scope?: Scope | null;
  readonly difficulty?: DifficultyChoice | null;
  readonly spoilers?: SpoilerSetting | null;
  /** Ask first about the last act (or story) the spoilers reach. */
  readonly recap?: boolean | null;
  /** The language of the quiz's public messages (the server's, read by the Discord side); default English. */
  readonly lang?: Lang | null;
}

export type Refusal =
  | { readonly kind: 'role'; readonly roleId: string }
  | { readonly kind: 'channel'; readonly allowed: readonly string[] }
  | { readonly kind: 'spoilers'; readonly requested: SpoilerSetting; readonly cap: SpoilerSetting };

/**
 * The options a `/quiz start` runs with (request, else server defaults, else built-in defaults),
 * or why it is refused. A server default above the spoiler cap is lowered to the cap; an explicit
 * request above it is refused so the host knows. Without a `spoilers` option the channel's
 * watch-party progress comes before the server's default; an explicit `spoilers` beyond that
 * progress (but within the cap) is the host's informed choice and is kept.
 */
export function resolveStart(
  settings: GuildSettings,
  member: Member,
  channelId: string,
  request: StartRequest,
): { readonly ok: true; readonly options: QuizOptions } | { readonly ok: false; readonly refusal: Refusal } {
  if (!mayRunQuizzes(settings, member) && settings.quizRole !== null) {
    return { ok: false, refusal: { kind: 'role', roleId: settings.quizRole } };
  }
  if (settings.quizChannels.length > 0 && !settings.quizChannels.includes(channelId)) {
    return { ok: false, refusal: { kind: 'channel', allowed: settings.quizChannels } };
  }
  const cap = settings.maxSpoilers;
  const tooFar = spoilerRefusal(request.spoilers, cap);
  if (tooFar) return { ok: false, refusal: tooFar };
  const d = settings.defaults;
  return {
    ok: true,
    options: {
      rounds: request.rounds ?? d.rounds,
      seconds: request.seconds ?? d.seconds,
      scope: request.scope ?? 'all',
      difficulty: request.difficulty ?? d.difficulty,
      spoilers: request.spoilers ?? channelProgress(settings, channelId) ?? minSpoilers(d.spoilers, cap),
      ...(request.lang ? { lang: request.lang } : {}),
      ...(request.recap ? { recap: true } : {}),
    },
  };
}

/**
 * A spoiler level asked for explicitly above the server's cap is refused, so the asker learns
 * the cap, rather than silently lowered. Used by `/quiz start` and `/quiz practice`.
 */
export function spoilerRefusal(requested: SpoilerSetting | null | undefined, cap: SpoilerSetting): Refusal | null {
  return requested && exceeds(requested, cap) ? { kind: 'spoilers', requested, cap } : null;
}

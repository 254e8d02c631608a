/**
 * Small readers of interaction data shared by the commands (who the member is, what the bot
 * may do in the channel), and answering an interaction later from its reply token alone.
 */
import { DiscordAPIError, InteractionResponseType, MessageFlags, PermissionFlagsBits, PermissionsBitField, Routes, type BaseInteraction, type PermissionResolvable, type REST } from 'discord.js';
import type { Lang } from '../i18n/lang.js';
import { common, type PermissionKey } from '../i18n/messages/common.js';
import type { Member } from '../quiz/policy.js';
import { noMentions } from './format.js';

/** The member's role ids and whether they have Manage Server (Administrator implies it). */
export function memberOf(interaction: BaseInteraction): Member & { readonly userId: string } {
  const m = interaction.member;
  const roleIds = !m ? [] : Array.isArray(m.roles) ? [...m.roles] : [...m.roles.cache.keys()];
  return {
    userId: interaction.user.id,
    roleIds,
    canManageGuild: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
  };
}

/** Which catalog entry names each permission a check may report (Discord's own UI names). */
const PERMISSION_KEYS = new Map<bigint, PermissionKey>([
  [PermissionFlagsBits.ViewChannel, 'viewChannel'],
  [PermissionFlagsBits.SendMessages, 'sendMessages'],
  [PermissionFlagsBits.EmbedLinks, 'embedLinks'],
  [PermissionFlagsBits.SendMessagesInThreads, 'sendMessagesInThreads'],
  [PermissionFlagsBits.ManageGuild, 'manageGuild'],
]);

/** What the bot needs in a channel to run a quiz there. */
export const QUIZ_CHANNEL_PERMISSIONS = [
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.EmbedLinks,
] as const;

/** A permission by the name Discord's client shows in `lang` ("Embed Links", "링크 첨부"). */
export function permissionName(permission: bigint, lang: Lang = 'en'): string {
  const key = PERMISSION_KEYS.get(permission);
  return key ? common[lang].permissions[key] : String(permission);
}

/**
 * The permissions from `needed` the bot lacks in a channel, by their display names in `lang`.
 * `permissions` is the bot's computed permissions there (e.g. `interaction.appPermissions`).
 */
export function missingPermissions(
  permissions: PermissionsBitField | Readonly<PermissionsBitField> | null,
  needed: readonly bigint[],
  lang: Lang = 'en',
): string[] {
  const have = permissions ?? new PermissionsBitField();
  return needed.filter((p) => !have.has(p as PermissionResolvable)).map((p) => permissionName(p, lang));
}

/** "Send Messages and Embed Links" / "메시지 보내기, 링크 첨부". */
export function listNames(names: readonly string[], lang: Lang = 'en'): string {
  return common[lang].list({ items: names });
}

/** A link to a message, for "a quiz is already running here". */
export function messageLink(guildId: string | null, channelId: string, messageId: string): string {
  return `https://discord.com/channels/${guildId ?? '@me'}/${channelId}/${messageId}`;
}

/** Discord's codes for an interaction that can no longer be answered: expired (10062), already answered (40060). */
const EXPIRED_INTERACTION_CODES: ReadonlySet<number> = new Set([10062, 40060]);

/**
 * Whether a failed reply failed because Discord no longer takes an answer to the interaction
 * (too late, or answered already). Such an interaction is let go: a second reply would fail too.
 */
export function isExpiredInteraction(err: unknown): boolean {
  return err instanceof DiscordAPIError && typeof err.code === 'number' && EXPIRED_INTERACTION_CODES.has(err.code);
}

/** Milliseconds since Discord created the interaction (from its snowflake). */
export function interactionAgeMs(interaction: Pick<BaseInteraction, 'createdTimestamp'>, now = Date.now()): number {
  return Math.max(0, now - interaction.createdTimestamp);
}

/**
 * What answering an interaction later takes, without the interaction itself: an answer waiting
 * for its group commit keeps only this, so that the interaction (and the whole message discord.js
 * built for it) can be collected meanwhile: about 16 KB each, with thousands waiting in a burst.
 */
export interface ReplyToken {
  readonly id: string;
  readonly token: string;
  readonly applicationId: string;
  readonly createdTimestamp: number;
  readonly rest: REST;
}

export function replyToken(interaction: BaseInteraction): ReplyToken {
  return {
    id: interaction.id,
    token: interaction.token,
    applicationId: interaction.applicationId,
    createdTimestamp: interaction.createdTimestamp,
    rest: interaction.client.rest,
  };
}

/** The first answer, private: what `interaction.reply({ content, flags: Ephemeral })` sends. */
export async function replyPrivately(to: ReplyToken, content: string): Promise<void> {
  await to.rest.post(Routes.interactionCallback(to.id, to.token), {
    body: { type: InteractionResponseType.ChannelMessageWithSource, data: { content, flags: MessageFlags.Ephemeral, allowed_mentions: noMentions() } },
    auth: false,
  });
}

/** "… is thinking", private: what `interaction.deferReply({ flags: Ephemeral })` sends. */
export async function deferPrivately(to: ReplyToken): Promise<void> {
  await to.rest.post(Routes.interactionCallback(to.id, to.token), {
    body: { type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } },
    auth: false,
  });
}

/** Fills in a deferred answer: what `interaction.editReply({ content })` sends. */
export async function editAnswer(to: ReplyToken, content: string): Promise<void> {
  await to.rest.patch(Routes.webhookMessage(to.applicationId, to.token, '@original'), { body: { content, allowed_mentions: noMentions() }, auth: false });
}

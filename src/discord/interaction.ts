/**
 * Small readers of interaction data shared by the commands: who the member is, what the
 * bot may do in the channel.
 */
import { PermissionFlagsBits, PermissionsBitField, type BaseInteraction, type PermissionResolvable } from 'discord.js';
import type { Member } from '../quiz/policy.js';

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

/** Names Discord shows in its UI, for the permissions a channel check needs. */
const PERMISSION_NAMES = new Map<bigint, string>([
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
  [PermissionFlagsBits.SendMessagesInThreads, 'Send Messages in Threads'],
]);

/** What the bot needs in a channel to run a quiz there. */
export const QUIZ_CHANNEL_PERMISSIONS = [
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.EmbedLinks,
] as const;

/**
 * The permissions from `needed` the bot lacks in a channel, by their display names.
 * `permissions` is the bot's computed permissions there (e.g. `interaction.appPermissions`).
 */
export function missingPermissions(permissions: PermissionsBitField | Readonly<PermissionsBitField> | null, needed: readonly bigint[]): string[] {
  const have = permissions ?? new PermissionsBitField();
  return needed.filter((p) => !have.has(p as PermissionResolvable)).map((p) => PERMISSION_NAMES.get(p) ?? String(p));
}

/** "Send Messages and Embed Links". */
export function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** A link to a message, for "a quiz is already running here". */
export function messageLink(guildId: string | null, channelId: string, messageId: string): string {
  return `https://discord.com/channels/${guildId ?? '@me'}/${channelId}/${messageId}`;
}

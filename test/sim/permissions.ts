import { ChannelType, PermissionFlagsBits } from 'discord.js';

/** A permission flag name as discord.js spells it, e.g. `SendMessages`. */
export type PermissionName = keyof typeof PermissionFlagsBits;
/** Permissions given as a bitfield or as a list of flag names. */
export type PermissionInput = bigint | readonly PermissionName[];

export const ALL_PERMISSIONS: bigint = Object.values(PermissionFlagsBits).reduce((a, b) => a | b, 0n);

/** What a new server's @everyone role can do (Discord's defaults, minus Mention Everyone). */
export const DEFAULT_EVERYONE_PERMISSIONS: readonly PermissionName[] = [
  'CreateInstantInvite', 'ChangeNickname', 'ViewChannel', 'SendMessages', 'SendMessagesInThreads',
  'CreatePublicThreads', 'CreatePrivateThreads', 'EmbedLinks', 'AttachFiles', 'AddReactions',
  'UseExternalEmojis', 'UseExternalStickers', 'ReadMessageHistory', 'UseApplicationCommands',
  'Connect', 'Speak', 'UseVAD', 'Stream', 'UseEmbeddedActivities', 'SendVoiceMessages', 'SendPolls', 'UseExternalApps',
];

/** What the bot's own managed role can do unless a guild spec says otherwise. */
export const DEFAULT_BOT_PERMISSIONS: readonly PermissionName[] = [
  'ViewChannel', 'SendMessages', 'SendMessagesInThreads', 'EmbedLinks', 'ReadMessageHistory', 'UseExternalEmojis',
];

/** What an app may do in its DM with a user (Discord sends a fixed set there). */
export const DM_APP_PERMISSIONS: bigint = toBits([
  'ViewChannel', 'SendMessages', 'EmbedLinks', 'AttachFiles', 'ReadMessageHistory', 'AddReactions',
  'UseExternalEmojis', 'UseExternalStickers', 'MentionEveryone', 'SendTTSMessages', 'UseApplicationCommands',
]);

/**
 * Converts a permission input to a bitfield.
 * @throws {Error} when a name is not a Discord permission.
 */
export function toBits(input: PermissionInput): bigint {
  if (typeof input === 'bigint') return input;
  let bits = 0n;
  for (const name of input) {
    const bit = PermissionFlagsBits[name] as bigint | undefined;
    if (bit === undefined) throw new Error(`unknown permission name ${String(name)}`);
    bits |= bit;
  }
  return bits;
}

/** Flag names set in a bitfield, in Discord's bit order. */
export function permissionNames(bits: bigint): PermissionName[] {
  return (Object.entries(PermissionFlagsBits) as [PermissionName, bigint][])
    .filter(([, bit]) => (bits & bit) === bit)
    .map(([name]) => name);
}

/** An overwrite as Discord stores it: type 0 targets a role, type 1 a member. */
export interface Overwrite {
  readonly id: string;
  readonly type: 0 | 1;
  readonly allow: bigint;
  readonly deny: bigint;
}

/** Everything the permission calculation needs to know about a member and a guild. */
export interface PermissionSubject {
  readonly guildId: string;
  readonly ownerId: string;
  readonly userId: string;
  /** The member's role ids (without @everyone). */
  readonly memberRoleIds: readonly string[];
  /** Permissions of each role of the guild, by role id; the @everyone role's id is the guild id. */
  readonly rolePermissions: ReadonlyMap<string, bigint>;
}

/** Guild-level permissions, as Discord's "compute_base_permissions". */
export function basePermissions(subject: PermissionSubject): bigint {
  if (subject.userId === subject.ownerId) return ALL_PERMISSIONS;
  let bits = subject.rolePermissions.get(subject.guildId) ?? 0n;
  for (const roleId of subject.memberRoleIds) bits |= subject.rolePermissions.get(roleId) ?? 0n;
  if ((bits & PermissionFlagsBits.Administrator) !== 0n) return ALL_PERMISSIONS;
  return bits;
}

/**
 * Permissions in one channel, as Discord's "compute_overwrites": @everyone overwrite, then the member's
 * role overwrites together, then the member's own overwrite; then the implicit rules (no View Channel
 * means nothing; no Send Messages in a text channel drops the permissions that only make sense when sending).
 */
export function channelPermissions(subject: PermissionSubject, channelType: ChannelType, overwrites: readonly Overwrite[]): bigint {
  const base = basePermissions(subject);
  if ((base & PermissionFlagsBits.Administrator) !== 0n) return ALL_PERMISSIONS;
  let bits = base;
  const everyone = overwrites.find((o) => o.type === 0 && o.id === subject.guildId);
  if (everyone !== undefined) bits = (bits & ~everyone.deny) | everyone.allow;
  let allow = 0n;
  let deny = 0n;
  for (const o of overwrites) {
    if (o.type === 0 && o.id !== subject.guildId && subject.memberRoleIds.includes(o.id)) {
      allow |= o.allow;
      deny |= o.deny;
    }
  }
  bits = (bits & ~deny) | allow;
  const own = overwrites.find((o) => o.type === 1 && o.id === subject.userId);
  if (own !== undefined) bits = (bits & ~own.deny) | own.allow;
  if ((bits & PermissionFlagsBits.ViewChannel) === 0n) return 0n;
  if (isTextLike(channelType) && (bits & PermissionFlagsBits.SendMessages) === 0n) {
    bits &= ~(PermissionFlagsBits.MentionEveryone | PermissionFlagsBits.SendTTSMessages | PermissionFlagsBits.AttachFiles | PermissionFlagsBits.EmbedLinks);
  }
  return bits;
}

function isTextLike(type: ChannelType): boolean {
  return type === ChannelType.GuildText || type === ChannelType.GuildAnnouncement || type === ChannelType.GuildVoice || type === ChannelType.GuildStageVoice;
}

import { ChannelType } from 'discord.js';
import {
  DEFAULT_BOT_PERMISSIONS,
  DEFAULT_EVERYONE_PERMISSIONS,
  basePermissions,
  channelPermissions,
  toBits,
  type Overwrite,
  type PermissionInput,
  type PermissionSubject,
} from './permissions.js';
import type { SnowflakeFactory } from './snowflake.js';

/** A role of a simulated guild. `name` is how tests refer to it. */
export interface RoleSpec {
  readonly id?: string;
  readonly name: string;
  readonly permissions?: PermissionInput;
  readonly color?: number;
}

/**
 * A permission overwrite on a channel. `role` is a role name or id (`@everyone` for the everyone role);
 * `member` is a user id or username (`@bot` for the bot).
 */
export interface OverwriteSpec {
  readonly role?: string;
  readonly member?: string;
  readonly allow?: PermissionInput;
  readonly deny?: PermissionInput;
}

export type ChannelKind = 'text' | 'announcement' | 'voice' | 'category' | 'forum';

export interface ChannelSpec {
  readonly id?: string;
  readonly name: string;
  readonly type?: ChannelKind;
  /** Name or id of the parent category. */
  readonly parent?: string;
  readonly topic?: string;
  readonly overwrites?: readonly OverwriteSpec[];
}

export interface MemberSpec {
  readonly id?: string;
  readonly username: string;
  readonly globalName?: string;
  readonly nick?: string;
  /** Role names or ids. */
  readonly roles?: readonly string[];
  readonly bot?: boolean;
  /** Discord locale the member's client uses, e.g. `ko`. Default `en-US`. */
  readonly locale?: string;
}

export interface GuildSpec {
  readonly id?: string;
  readonly name: string;
  /** User id or username of the owner; default the first member (a member named `owner` is created when there is none). */
  readonly owner?: string;
  /** Default `en-US`. */
  readonly locale?: string;
  /** Permissions of @everyone; default Discord's defaults for a new server. */
  readonly everyone?: PermissionInput;
  readonly roles?: readonly RoleSpec[];
  /** Default: one text channel named `general`. */
  readonly channels?: readonly ChannelSpec[];
  readonly members?: readonly MemberSpec[];
  /** The bot's membership: permissions of its managed role (default {@link DEFAULT_BOT_PERMISSIONS}) and extra roles. */
  readonly bot?: { readonly permissions?: PermissionInput; readonly roles?: readonly string[]; readonly nick?: string };
  readonly features?: readonly string[];
}

export interface UserRecord {
  readonly id: string;
  username: string;
  globalName: string | null;
  readonly bot: boolean;
  locale: string;
}

export interface RoleRecord {
  readonly id: string;
  name: string;
  permissions: bigint;
  position: number;
  color: number;
  readonly managed: boolean;
  readonly botId: string | null;
}

export interface ChannelRecord {
  readonly id: string;
  readonly guildId: string | null;
  readonly type: ChannelType;
  name: string;
  position: number;
  parentId: string | null;
  topic: string | null;
  overwrites: Overwrite[];
  /** For DM channels, the user on the other side. */
  readonly recipientId: string | null;
  lastMessageId: string | null;
}

export interface MemberRecord {
  readonly userId: string;
  roles: string[];
  nick: string | null;
  readonly joinedAt: string;
}

export interface GuildRecord {
  readonly id: string;
  name: string;
  ownerId: string;
  locale: string;
  features: string[];
  readonly roles: Map<string, RoleRecord>;
  readonly channelIds: string[];
  readonly members: Map<string, MemberRecord>;
  /** False once the bot has been removed; its channels then answer Missing Access. */
  botPresent: boolean;
  readonly joinedAt: string;
}

type JsonObject = Record<string, unknown>;

const CHANNEL_TYPES: Record<ChannelKind, ChannelType> = {
  text: ChannelType.GuildText,
  announcement: ChannelType.GuildAnnouncement,
  voice: ChannelType.GuildVoice,
  category: ChannelType.GuildCategory,
  forum: ChannelType.GuildForum,
};

/** The simulated Discord: users, guilds, channels, roles, members, and the permission maths over them. */
export class World {
  readonly users = new Map<string, UserRecord>();
  readonly guilds = new Map<string, GuildRecord>();
  readonly channels = new Map<string, ChannelRecord>();
  readonly #ids: SnowflakeFactory;
  readonly botUser: UserRecord;

  constructor(ids: SnowflakeFactory, bot: { id: string; username: string }) {
    this.#ids = ids;
    this.botUser = { id: bot.id, username: bot.username, globalName: null, bot: true, locale: 'en-US' };
    this.users.set(bot.id, this.botUser);
  }

  /**
   * Creates a guild from a spec, with the bot as a member.
   * @throws {Error} when an id is taken or a role, member or category named by the spec does not exist.
   */
  addGuild(spec: GuildSpec): GuildRecord {
    const id = spec.id ?? this.#ids.next();
    if (this.guilds.has(id)) throw new Error(`guild ${id} already exists`);
    const now = new Date().toISOString();
    const guild: GuildRecord = {
      id,
      name: spec.name,
      ownerId: '',
      locale: spec.locale ?? 'en-US',
      features: [...(spec.features ?? [])],
      roles: new Map(),
      channelIds: [],
      members: new Map(),
      botPresent: true,
      joinedAt: now,
    };
    guild.roles.set(id, { id, name: '@everyone', permissions: toBits(spec.everyone ?? DEFAULT_EVERYONE_PERMISSIONS), position: 0, color: 0, managed: false, botId: null });
    (spec.roles ?? []).forEach((r, i) => {
      const roleId = r.id ?? this.#ids.next();
      this.#assertFreeRoleId(guild, roleId);
      guild.roles.set(roleId, { id: roleId, name: r.name, permissions: toBits(r.permissions ?? []), position: i + 1, color: r.color ?? 0, managed: false, botId: null });
    });
    const botRoleId = this.#ids.next();
    guild.roles.set(botRoleId, {
      id: botRoleId,
      name: this.botUser.username,
      permissions: toBits(spec.bot?.permissions ?? DEFAULT_BOT_PERMISSIONS),
      position: guild.roles.size,
      color: 0,
      managed: true,
      botId: this.botUser.id,
    });
    this.guilds.set(id, guild);
    for (const m of spec.members ?? []) this.addMember(id, m);
    if (spec.members === undefined || spec.members.length === 0) {
      if (spec.owner === undefined) this.addMember(id, { username: 'owner' });
    }
    guild.members.set(this.botUser.id, {
      userId: this.botUser.id,
      roles: [botRoleId, ...(spec.bot?.roles ?? []).map((r) => this.roleId(guild, r))],
      nick: spec.bot?.nick ?? null,
      joinedAt: now,
    });
    if (spec.owner !== undefined && ![...guild.members.keys()].some((uid) => uid === spec.owner || this.users.get(uid)?.username === spec.owner)) {
      this.addMember(id, this.users.has(spec.owner) ? { id: spec.owner, username: this.requireUser(spec.owner).username } : { username: spec.owner });
    }
    const ownerRef = spec.owner ?? [...guild.members.keys()][0];
    if (ownerRef === undefined) throw new Error('guild needs an owner');
    guild.ownerId = this.userId(ownerRef, guild);
    const channels = spec.channels ?? [{ name: 'general' }];
    // Categories first so that children can name them.
    const ordered = [...channels.filter((c) => c.type === 'category'), ...channels.filter((c) => c.type !== 'category')];
    for (const c of ordered) this.addChannel(id, c);
    return guild;
  }

  /**
   * Adds a member (creating the user when the id or username is new).
   * @throws {Error} when the guild or a role does not exist.
   */
  addMember(guildId: string, spec: MemberSpec): MemberRecord {
    const guild = this.requireGuild(guildId);
    let user = spec.id !== undefined ? this.users.get(spec.id) : [...this.users.values()].find((u) => u.username === spec.username);
    if (user === undefined) {
      user = { id: spec.id ?? this.#ids.next(), username: spec.username, globalName: spec.globalName ?? null, bot: spec.bot ?? false, locale: spec.locale ?? 'en-US' };
      this.users.set(user.id, user);
    }
    if (user.id === this.botUser.id) throw new Error('the bot is added to every guild by the simulator');
    const member: MemberRecord = {
      userId: user.id,
      roles: (spec.roles ?? []).map((r) => this.roleId(guild, r)),
      nick: spec.nick ?? null,
      joinedAt: new Date().toISOString(),
    };
    guild.members.set(user.id, member);
    return member;
  }

  /**
   * Adds a channel to a guild.
   * @throws {Error} when the id is taken or the parent category does not exist.
   */
  addChannel(guildId: string, spec: ChannelSpec): ChannelRecord {
    const guild = this.requireGuild(guildId);
    const id = spec.id ?? this.#ids.next();
    if (this.channels.has(id)) throw new Error(`channel ${id} already exists`);
    let parentId: string | null = null;
    if (spec.parent !== undefined) {
      const parent = this.findChannel(guild, spec.parent);
      if (parent === undefined || parent.type !== ChannelType.GuildCategory) throw new Error(`no category ${spec.parent} in guild ${guild.name}`);
      parentId = parent.id;
    }
    const channel: ChannelRecord = {
      id,
      guildId,
      type: CHANNEL_TYPES[spec.type ?? 'text'],
      name: spec.name,
      position: guild.channelIds.length,
      parentId,
      topic: spec.topic ?? null,
      overwrites: [],
      recipientId: null,
      lastMessageId: null,
    };
    this.channels.set(id, channel);
    guild.channelIds.push(id);
    const parent = parentId === null ? undefined : this.channels.get(parentId);
    // Like Discord, a channel created in a category without overwrites of its own starts synced (a copy of the category's).
    channel.overwrites = spec.overwrites !== undefined ? spec.overwrites.map((o) => this.toOverwrite(guild, o)) : [...(parent?.overwrites ?? [])];
    return channel;
  }

  /** Adds a user who need not be in any guild (for DMs). Returns the existing user when the id or username is known. */
  addUser(spec: { readonly id?: string; readonly username: string; readonly globalName?: string; readonly locale?: string }): UserRecord {
    const existing = spec.id !== undefined ? this.users.get(spec.id) : [...this.users.values()].find((u) => u.username === spec.username);
    if (existing !== undefined) return existing;
    const user: UserRecord = { id: spec.id ?? this.#ids.next(), username: spec.username, globalName: spec.globalName ?? null, bot: false, locale: spec.locale ?? 'en-US' };
    this.users.set(user.id, user);
    return user;
  }

  /** The DM channel between the bot and a user, created on first use. */
  dmChannel(userId: string): ChannelRecord {
    const user = this.requireUser(userId);
    for (const c of this.channels.values()) if (c.recipientId === user.id) return c;
    const channel: ChannelRecord = {
      id: this.#ids.next(),
      guildId: null,
      type: ChannelType.DM,
      name: `@${user.username}`,
      position: 0,
      parentId: null,
      topic: null,
      overwrites: [],
      recipientId: user.id,
      lastMessageId: null,
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  /**
   * Converts an overwrite spec into Discord's form.
   * @throws {Error} when the spec names neither exactly one role nor one member, or the target does not exist.
   */
  toOverwrite(guild: GuildRecord, spec: OverwriteSpec): Overwrite {
    if ((spec.role === undefined) === (spec.member === undefined)) throw new Error('an overwrite names exactly one of role or member');
    const allow = toBits(spec.allow ?? []);
    const deny = toBits(spec.deny ?? []);
    if (spec.role !== undefined) return { id: this.roleId(guild, spec.role), type: 0, allow, deny };
    const userId = this.userId(spec.member ?? '', guild);
    if (!guild.members.has(userId)) throw new Error(`${spec.member ?? ''} is not a member of ${guild.name}`);
    return { id: userId, type: 1, allow, deny };
  }

  /** @throws {Error} when the guild does not exist. */
  requireGuild(idOrName: string): GuildRecord {
    const guild = this.guilds.get(idOrName) ?? [...this.guilds.values()].find((g) => g.name === idOrName);
    if (guild === undefined) throw new Error(`no guild ${idOrName}`);
    return guild;
  }

  /** @throws {Error} when the user does not exist. */
  requireUser(idOrName: string): UserRecord {
    const ref = idOrName === '@bot' ? this.botUser.id : idOrName;
    const user = this.users.get(ref) ?? [...this.users.values()].find((u) => u.username === ref);
    if (user === undefined) throw new Error(`no user ${idOrName}`);
    return user;
  }

  /** @throws {Error} when the channel does not exist. */
  requireChannel(id: string): ChannelRecord {
    const channel = this.channels.get(id);
    if (channel === undefined) throw new Error(`no channel ${id}`);
    return channel;
  }

  /** A channel of the guild by id, name or `#name`. */
  findChannel(guild: GuildRecord, ref: string): ChannelRecord | undefined {
    const name = ref.startsWith('#') ? ref.slice(1) : ref;
    return guild.channelIds.map((id) => this.channels.get(id)).find((c) => c !== undefined && (c.id === ref || c.name === name));
  }

  /** A role of the guild by id, name or `@name`. */
  findRole(guild: GuildRecord, ref: string): RoleRecord | undefined {
    if (ref === '@everyone' || ref === 'everyone') return guild.roles.get(guild.id);
    const name = ref.startsWith('@') ? ref.slice(1) : ref;
    return guild.roles.get(ref) ?? [...guild.roles.values()].find((r) => r.name === name);
  }

  /** @throws {Error} when the guild has no such role. */
  roleId(guild: GuildRecord, ref: string): string {
    const role = this.findRole(guild, ref);
    if (role === undefined) throw new Error(`no role ${ref} in guild ${guild.name}`);
    return role.id;
  }

  /** A user id from an id or username, preferring members of `guild`. @throws {Error} when unknown. */
  userId(ref: string, guild?: GuildRecord): string {
    if (ref === '@bot') return this.botUser.id;
    if (this.users.has(ref)) return ref;
    const inGuild = guild === undefined ? undefined : [...guild.members.keys()].map((id) => this.users.get(id)).find((u) => u?.username === ref);
    return (inGuild ?? this.requireUser(ref)).id;
  }

  /** Guild-level permissions of a member. */
  memberBasePermissions(guild: GuildRecord, userId: string): bigint {
    return basePermissions(this.#subject(guild, userId));
  }

  /** Permissions of a member in a guild channel, overwrites applied. */
  memberChannelPermissions(channel: ChannelRecord, userId: string): bigint {
    if (channel.guildId === null) throw new Error('DM channels have no member permissions');
    const guild = this.requireGuild(channel.guildId);
    return channelPermissions(this.#subject(guild, userId), channel.type, channel.overwrites);
  }

  #subject(guild: GuildRecord, userId: string): PermissionSubject {
    const member = guild.members.get(userId);
    if (member === undefined) throw new Error(`user ${userId} is not a member of ${guild.name}`);
    return {
      guildId: guild.id,
      ownerId: guild.ownerId,
      userId,
      memberRoleIds: member.roles,
      rolePermissions: new Map([...guild.roles.values()].map((r) => [r.id, r.permissions])),
    };
  }

  #assertFreeRoleId(guild: GuildRecord, id: string): void {
    if (guild.roles.has(id)) throw new Error(`role ${id} already exists in guild ${guild.name}`);
  }

  // ---- wire shapes ----

  apiUser(user: UserRecord): JsonObject {
    return {
      id: user.id,
      username: user.username,
      global_name: user.globalName,
      discriminator: '0',
      avatar: null,
      avatar_decoration_data: null,
      collectibles: null,
      primary_guild: null,
      public_flags: 0,
      flags: 0,
      banner: null,
      accent_color: null,
      ...(user.bot ? { bot: true } : {}),
    };
  }

  apiRole(role: RoleRecord): JsonObject {
    return {
      id: role.id,
      name: role.name,
      description: null,
      color: role.color,
      colors: { primary_color: role.color, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position: role.position,
      permissions: role.permissions.toString(),
      managed: role.managed,
      mentionable: false,
      flags: 0,
      ...(role.botId !== null ? { tags: { bot_id: role.botId } } : {}),
    };
  }

  apiChannel(channel: ChannelRecord): JsonObject {
    if (channel.guildId === null) {
      const recipient = this.requireUser(channel.recipientId ?? '');
      return { id: channel.id, type: channel.type, last_message_id: channel.lastMessageId, flags: 0, recipients: [this.apiUser(recipient)] };
    }
    return {
      id: channel.id,
      type: channel.type,
      guild_id: channel.guildId,
      name: channel.name,
      position: channel.position,
      parent_id: channel.parentId,
      permission_overwrites: channel.overwrites.map((o) => ({ id: o.id, type: o.type, allow: o.allow.toString(), deny: o.deny.toString() })),
      flags: 0,
      ...(channel.type === ChannelType.GuildCategory
        ? {}
        : { topic: channel.topic, nsfw: false, last_message_id: channel.lastMessageId, rate_limit_per_user: 0 }),
    };
  }

  apiMember(_guild: GuildRecord, member: MemberRecord, withUser = true): JsonObject {
    const user = this.requireUser(member.userId);
    return {
      ...(withUser ? { user: this.apiUser(user) } : {}),
      nick: member.nick,
      avatar: null,
      banner: null,
      roles: [...member.roles],
      joined_at: member.joinedAt,
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      communication_disabled_until: null,
    };
  }

  /** The GUILD_CREATE payload the gateway sends for a guild. */
  apiGuildCreate(guild: GuildRecord): JsonObject {
    const channels = guild.channelIds.map((id) => this.requireChannel(id));
    const systemChannel = channels.find((c) => c.type === ChannelType.GuildText);
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      icon_hash: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: guild.ownerId,
      region: 'deprecated',
      afk_channel_id: null,
      afk_timeout: 300,
      widget_enabled: false,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
      premium_tier: 0,
      premium_subscription_count: 0,
      premium_progress_bar_enabled: false,
      system_channel_id: systemChannel?.id ?? null,
      system_channel_flags: 0,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      vanity_url_code: null,
      preferred_locale: guild.locale,
      features: [...guild.features],
      max_members: 500000,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      application_id: null,
      hub_type: null,
      incidents_data: null,
      roles: [...guild.roles.values()].map((r) => this.apiRole(r)),
      emojis: [],
      stickers: [],
      joined_at: guild.joinedAt,
      large: false,
      unavailable: false,
      lazy: true,
      member_count: guild.members.size,
      members: [...guild.members.values()].map((m) => this.apiMember(guild, m)),
      channels: channels.map((c) => {
        // GUILD_CREATE channels carry no guild_id.
        const { guild_id: _omit, ...rest } = this.apiChannel(c);
        return rest;
      }),
      threads: [],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      embedded_activities: [],
      activity_instances: [],
    };
  }
}

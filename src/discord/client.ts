import { Client, GatewayIntentBits, Options, Partials } from 'discord.js';
import type { Config } from '../config.js';

/**
 * A client for a bot that only answers interactions: the Guilds intent (no privileged
 * intents) and caches trimmed to what interactions need. Messages, members, users,
 * presences and the like are never read from cache, so they are not kept.
 * Mentions are disabled for every message the client sends unless a call opts in.
 */
export function createClient(config: Config): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    partials: [Partials.Channel],
    allowedMentions: { parse: [], repliedUser: false },
    rest: config.discordApiUrl ? { api: config.discordApiUrl } : {},
    makeCache: Options.cacheWithLimits({
      MessageManager: 0,
      UserManager: { maxSize: 0, keepOverLimit: (user) => user.id === user.client.user.id },
      GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user.id },
      PresenceManager: 0,
      ReactionManager: 0,
      ReactionUserManager: 0,
      ThreadManager: 0,
      ThreadMemberManager: 0,
      VoiceStateManager: 0,
      StageInstanceManager: 0,
      GuildScheduledEventManager: 0,
      GuildStickerManager: 0,
      GuildEmojiManager: 0,
      GuildInviteManager: 0,
      GuildBanManager: 0,
      AutoModerationRuleManager: 0,
      ApplicationCommandManager: 0,
      BaseGuildEmojiManager: 0,
      GuildForumThreadManager: 0,
      GuildTextThreadManager: 0,
      GuildMessageManager: 0,
      DMMessageManager: 0,
    }),
  });
}

import { Client, GatewayIntentBits, Options, Partials } from 'discord.js';
import { Agent } from 'undici';
import type { Config } from '../config.js';
import { PacedShardingStrategy } from './gateway.js';

/**
 * Most connections the REST client keeps open to Discord (to DISCORD_API_URL) at once; further
 * requests wait in its queue for the first connection free. Without a bound, the answers to a
 * burst of clicks, released a batch at a time once their group commit is saved, open a connection
 * each while earlier ones are busy: in the load bench's 5,000-click bursts the bot opened about
 * 685 connections and a bare client 305, each a TCP handshake on both sides (against Discord, a
 * TLS one too), and the simulator spent up to 40 % more CPU per click serving the bot than the
 * bare client. Bounded at 256, both use 256, and the simulator's CPU per click for the two came
 * within ×0.85–1.1 of each other. At a 30 ms round trip, 256 connections carry about 8,500
 * requests a second.
 */
export const REST_CONNECTIONS = 256;

/**
 * One pool for every client in the process, like undici's global dispatcher it replaces: idle
 * connections close on their own after a few seconds and never keep the process alive.
 */
const restAgent = new Agent({ connections: REST_CONNECTIONS });

/**
 * A client for a bot that only answers interactions: the Guilds intent (no privileged
 * intents) and caches trimmed to what interactions need. Messages, members, users,
 * presences and the like are never read from cache, so they are not kept.
 * Mentions are disabled for every message the client sends unless a call opts in. Gateway
 * events reach discord.js a slice of the event loop at a time (see gateway.ts), and REST calls
 * share at most {@link REST_CONNECTIONS} connections.
 */
export function createClient(config: Config): Client {
  return new Client({
    ...shardOptions(config),
    intents: [GatewayIntentBits.Guilds],
    partials: [Partials.Channel],
    allowedMentions: { parse: [], repliedUser: false },
    rest: { agent: restAgent, ...(config.discordApiUrl ? { api: config.discordApiUrl } : {}) },
    ws: { buildStrategy: (manager) => new PacedShardingStrategy(manager) },
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

/**
 * discord.js's own sharding: the shards this process runs (`shards`) out of `shardCount`, or
 * `auto` for Discord's recommendation (GET /gateway/bot), every shard in this process. Given
 * explicitly, so that variables a sharding manager sets (SHARDS) cannot mean something else.
 */
function shardOptions(config: Config): { shards: number[] | 'auto'; shardCount?: number } {
  const { count, ids } = config.shards;
  if (count === 'auto') return { shards: 'auto' };
  return { shards: ids === 'all' ? Array.from({ length: count }, (_, i) => i) : [...ids], shardCount: count };
}

/** What a fatal close means, in the words an operator needs. */
interface FatalCloseText {
  /** Discord's name for the close code. */
  readonly cause: string;
  /** What most likely happened, and what to change before starting the bot again. */
  readonly explain: (intents: readonly string[]) => { readonly why: string; readonly fix: string };
}

const listed = (intents: readonly string[]): string => intents.join(', ') || 'none';

/** The privileged intents by discord.js's name, with the switch's name in the Developer Portal. */
const PRIVILEGED_INTENTS: ReadonlyMap<string, string> = new Map([
  ['GuildMembers', 'Server Members Intent'],
  ['GuildPresences', 'Presence Intent'],
  ['MessageContent', 'Message Content Intent'],
]);

function disallowedIntents(intents: readonly string[]): { why: string; fix: string } {
  const privileged = intents.filter((i) => PRIVILEGED_INTENTS.has(i));
  if (privileged.length === 0) {
    // This bot asks for none; Discord may still refuse them for an application under review.
    return {
      why: `Discord refused the bot's intents although none is privileged (it asks for ${listed(intents)})`,
      fix: 'check Bot → Privileged Gateway Intents in the Developer Portal and any notice there about the application',
    };
  }
  const names = privileged.map((i) => PRIVILEGED_INTENTS.get(i) ?? i);
  const switches = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}` : (names[0] ?? '');
  return {
    why: `the bot asks for privileged intents that are not enabled for this application (${privileged.join(', ')})`,
    fix: `enable ${switches} under Bot → Privileged Gateway Intents in the Developer Portal, or remove them from src/discord/client.ts`,
  };
}

/**
 * Gateway close codes after which Discord will not take the bot back until someone changes a
 * setting; discord.js does not reconnect after them (it reports them as `shardDisconnect`).
 */
const FATAL_CLOSES: ReadonlyMap<number, FatalCloseText> = new Map<number, FatalCloseText>([
  [4004, { cause: 'authentication failed', explain: () => ({ why: 'the bot token was reset or is wrong', fix: 'put the new token in DISCORD_TOKEN' }) }],
  [
    4010,
    {
      cause: 'invalid shard',
      explain: () => ({
        why: 'the shard id is not below the shard count',
        fix: 'check SHARDS and SHARD_COUNT in the environment (a sharding manager sets them)',
      }),
    },
  ],
  [
    4011,
    {
      cause: 'sharding required',
      explain: () => ({
        why: 'the bot is in too many servers for one gateway connection',
        fix: 'run one process per shard (for example with discord.js ShardingManager) on a shared DATABASE_URL',
      }),
    },
  ],
  [
    4012,
    {
      cause: 'invalid API version',
      explain: () => ({ why: 'the gateway does not accept API v10', fix: 'update discord.js, or point DISCORD_API_URL at an API v10 server' }),
    },
  ],
  [
    4013,
    {
      cause: 'invalid intents',
      explain: (intents) => ({ why: `Discord does not know an intent the bot asks for (${listed(intents)})`, fix: 'correct the intents in src/discord/client.ts' }),
    },
  ],
  [4014, { cause: 'disallowed intents', explain: disallowedIntents }],
]);

export interface FatalClose {
  readonly code: number;
  /** Discord's name for the close: "authentication failed". */
  readonly cause: string;
  /** What most likely happened: "the bot token was reset or is wrong". */
  readonly why: string;
  /** What the operator must change before starting the bot again: "put the new token in DISCORD_TOKEN". */
  readonly fix: string;
}

/**
 * What a gateway close code means, if it is one the bot cannot recover from by itself
 * (4004, 4010–4014); undefined for the codes discord.js reconnects after. `intents` are the
 * names of the intents the client asks for, named in the intent errors.
 */
export function fatalGatewayClose(code: number, intents: readonly string[] = []): FatalClose | undefined {
  const text = FATAL_CLOSES.get(code);
  return text ? { code, cause: text.cause, ...text.explain(intents) } : undefined;
}

/**
 * The line logged (or printed at start) for a fatal close: the code, the cause, the fix, and
 * what becomes of running quizzes.
 */
export function fatalCloseMessage(close: FatalClose, exitCode: number): string {
  return (
    `Discord closed the gateway with code ${close.code} (${close.cause}): ${close.why}. ` +
    `To fix it, ${close.fix}, then start the bot again; running quizzes are saved and resume then. Exiting with code ${exitCode}.`
  );
}

/** The names of the intents a client asks for ("Guilds"), for messages about refused intents. */
export function intentNames(client: Client): string[] {
  return client.options.intents.toArray();
}

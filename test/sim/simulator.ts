import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GatewayIntentBits, InteractionType, PermissionFlagsBits } from 'discord.js';
import { ApiError, SimCore, type CallbackRecord, type InteractionRecord, type RequestRecord, type SimEvents, type Violation } from './core.js';
import { buildModalSubmission, type ModalValues } from './modals.js';
import { Gateway, gatewayUrl } from './gateway.js';
import { allowsEveryone, buttonsOf, snapshot, type MessageRecord, type SimButton, type SimMessage } from './messages.js';
import { createOpenApiValidator, formatIssues, type OpenApiValidator } from './openapi.js';
import { buildCommandData, parseCommandPath, SimulatorUsageError, type OptionsInput } from './options.js';
import { toBits, type PermissionInput } from './permissions.js';
import { renderMessage, renderTranscript, type RenderContext } from './render.js';
import { createRestHandler, type FaultRule, type RateLimitRule, type ResponseIssue } from './rest.js';
import type { ChannelRecord, GuildRecord, GuildSpec, MemberSpec, OverwriteSpec, ChannelSpec } from './world.js';

type JsonObject = Record<string, unknown>;

export interface SimulatorOptions {
  /** The bot token the simulator accepts. Default: a fixed fake token. */
  readonly token?: string;
  /** Application id, which is also the bot user's id. */
  readonly applicationId?: string;
  readonly botUsername?: string;
  /** Share one validator between simulators of a test file: compiling schemas is slow. */
  readonly validator?: OpenApiValidator;
  /** How long after dispatch an interaction callback is still accepted. Default 3000 (Discord's). */
  readonly interactionDeadlineMs?: number;
  /** How long the interaction token works for follow-ups and edits. Default 15 minutes (Discord's). */
  readonly followupWindowMs?: number;
  /** Default 41250 (Discord's). */
  readonly heartbeatIntervalMs?: number;
  /** Accept privileged intents (Guild Members, Presences, Message Content). Default false: IDENTIFY with them closes with 4014. */
  readonly allowPrivilegedIntents?: boolean;
  readonly guilds?: readonly GuildSpec[];
  /** Default timeout of the waiting helpers. Default 5000. */
  readonly waitTimeoutMs?: number;
  /**
   * Check every REST request body against Discord's OpenAPI request schemas (refused with 50035 and
   * recorded in `violations`). Default true. Turn it off only to measure load, where schema checks
   * would be most of the simulator's work: Discord's rules beyond the schema (empty messages,
   * callback types, deadlines, permissions) still apply, and `registerCommands` still validates.
   */
  readonly validateRequests?: boolean;
  /** Check every response body against Discord's response schemas; issues go to `responseIssues`. */
  readonly checkResponses?: boolean;
  /** Clock for the interaction deadline and the follow-up window. Default `Date.now`. */
  readonly now?: () => number;
  /**
   * The shard count GET /gateway/bot recommends. Default 1. Clients may identify with any
   * `[shard_id, shard_count]`; each session then gets the events of its guilds only
   * (`(guild_id >> 22) % shard_count`), and events of no guild (DMs) go to shard 0.
   */
  readonly recommendedShards?: number;
}

/** A guild as tests see it: ids by name. */
export interface SimGuild {
  readonly id: string;
  readonly name: string;
  readonly ownerId: string;
  /** Channel ids by channel name. */
  readonly channels: Readonly<Record<string, string>>;
  /** Role ids by role name (`@everyone` included). */
  readonly roles: Readonly<Record<string, string>>;
  /** User ids by username (the bot included). */
  readonly members: Readonly<Record<string, string>>;
}

interface InvocationBase {
  /** A guild channel id, or a DM channel id from {@link Simulator.dmChannelId}. */
  readonly channelId?: string;
  /** Send from the user's DM with the bot instead of a guild channel. */
  readonly dm?: boolean;
  /** User id or username. */
  readonly userId: string;
  /** `quiz`, `quiz start` or `config quiz-channels add` (or use `subcommand`/`subcommandGroup`). */
  readonly name: string;
  readonly subcommandGroup?: string;
  readonly subcommand?: string;
  /** Send even what Discord's client would not let the member send (unregistered command, bad options, no permission). */
  readonly force?: boolean;
}

export interface CommandInvocation extends InvocationBase {
  readonly options?: OptionsInput;
  /**
   * With `force`: edits the INTERACTION_CREATE payload just before it is sent, to make one Discord
   * never sends (e.g. `(p) => { delete (p['member'] as Record<string, unknown>)['permissions']; }`).
   */
  readonly tamper?: (payload: Record<string, unknown>) => void;
}

export interface AutocompleteInvocation extends InvocationBase {
  /** The other options already filled in. */
  readonly options?: Readonly<Record<string, string | number | boolean>>;
  /** Name of the option being typed. */
  readonly focused: string;
  /** What the member has typed so far. */
  readonly value: string;
  readonly timeoutMs?: number;
}

export interface ClickInvocation {
  readonly messageId: string;
  /** User id or username. */
  readonly userId: string;
  /** The button's custom_id; with `force`, any string (a forged id). */
  readonly customId?: string;
  /** Or the button's label. */
  readonly label?: string;
  /** Click a disabled or missing button, or an ephemeral message meant for someone else. */
  readonly force?: boolean;
}

export interface ModalSubmitInvocation {
  /**
   * The interaction the bot answered with the form (callback type 9). The form is sent by that
   * member, in that channel, and (for a form opened from a button) from that message, as Discord's
   * client sends it; each form can be sent once.
   */
  readonly from?: InteractionHandle;
  /** What the member entered, by field custom_id: the text of a text input, the chosen values of a select. */
  readonly values?: ModalValues;
  /**
   * Send what Discord's client would not: values outside a select's options or counts, text beyond a
   * field's lengths, a required field left empty, a form sent twice or by someone else; and, with
   * `customId`/`components`, a forged form.
   */
  readonly force?: boolean;
  /** With `force`: the form's custom_id as sent (default: the opened form's). */
  readonly customId?: string;
  /** With `force`: Discord's raw `data.components`, sent as they are instead of being built from `values`. */
  readonly components?: readonly JsonObject[];
  /** Without `from` (needs `force`, a form the bot never opened): the member (id or username), and where. */
  readonly userId?: string;
  readonly channelId?: string;
  readonly dm?: boolean;
  /** Without `from`: the message the form claims to come from. */
  readonly messageId?: string;
}

export interface WaitOptions {
  readonly timeoutMs?: number;
}

/** What a test holds after dispatching an interaction. */
export interface InteractionHandle {
  readonly id: string;
  readonly token: string;
  /** The INTERACTION_CREATE payload as dispatched. */
  readonly payload: JsonObject;
  /**
   * The first callback. Rejects if none arrived before the deadline (Discord would show "This interaction failed").
   */
  readonly response: Promise<CallbackRecord>;
  readonly callbacks: readonly CallbackRecord[];
  /** Whether the response message is ephemeral; undefined until there is one. */
  readonly ephemeral: boolean | undefined;
  /** No callback arrived in time. */
  readonly failed: boolean;
  /** The @original message now: the response (reply/deferred reply) or, for a click, the clicked message. */
  original(): SimMessage | undefined;
  /** Messages this interaction created (response and follow-ups), in order, deleted ones left out. */
  replies(): SimMessage[];
  /** Resolves once the bot has shown something (reply, update, edit of a deferred reply) with the @original message. */
  waitForReply(options?: WaitOptions): Promise<SimMessage>;
  /** Resolves with the n-th (0-based) follow-up message. */
  waitForFollowUp(index?: number, options?: WaitOptions): Promise<SimMessage>;
  /** The form (modal) the bot answered with (callback type 9), as it was sent; undefined when it answered otherwise. */
  modal(): JsonObject | undefined;
  /** Resolves with the form once the bot answers with one; rejects when it answers otherwise or misses the deadline. */
  waitForModal(options?: WaitOptions): Promise<JsonObject>;
}

const DEFAULT_TOKEN = 'SIMULATED.bot-token.not-a-real-discord-token';
const DEFAULT_APPLICATION_ID = '1300000000000000001';

/**
 * Starts the simulator on 127.0.0.1 with a free port.
 * @throws {Error} when a guild spec is inconsistent or the server cannot listen.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  try {
    return new Simulator(server, options);
  } catch (err) {
    server.close();
    throw err;
  }
}

/** A local Discord: REST API under {@link Simulator.apiUrl}, gateway at {@link Simulator.gatewayUrl}. */
export class Simulator {
  readonly apiUrl: string;
  readonly gatewayUrl: string;
  readonly token: string;
  readonly applicationId: string;
  /** Discord user object of the bot (its id is the application id). */
  readonly botUser: JsonObject;
  /** Response bodies that did not match Discord's schemas (only with `checkResponses`). */
  readonly responseIssues: ResponseIssue[] = [];
  readonly #core: SimCore;
  readonly #server: Server;
  readonly #gateway: Gateway;
  readonly #rateLimits: RateLimitRule[] = [];
  readonly #faults: FaultRule[] = [];
  readonly #waitTimeoutMs: number;
  readonly #cancelWaits = new Set<(reason: Error) => void>();
  /** Interactions whose form has been sent (Discord's client closes a form once it is sent). */
  readonly #submittedForms = new Set<string>();
  #closed = false;

  /** Use {@link startSimulator}. */
  constructor(server: Server, options: SimulatorOptions) {
    const port = (server.address() as AddressInfo).port;
    this.#server = server;
    this.apiUrl = `http://127.0.0.1:${port}/api`;
    this.gatewayUrl = gatewayUrl(port);
    this.token = options.token ?? DEFAULT_TOKEN;
    this.applicationId = options.applicationId ?? DEFAULT_APPLICATION_ID;
    this.#waitTimeoutMs = options.waitTimeoutMs ?? 5000;
    this.#core = new SimCore({
      token: this.token,
      applicationId: this.applicationId,
      botUsername: options.botUsername ?? 'BigCity Bot',
      validator: options.validator ?? createOpenApiValidator(),
      validateRequests: options.validateRequests ?? true,
      interactionDeadlineMs: options.interactionDeadlineMs ?? 3000,
      followupWindowMs: options.followupWindowMs ?? 15 * 60 * 1000,
      now: options.now ?? Date.now,
    });
    this.botUser = this.#core.botUserObjectForMessages();
    for (const g of options.guilds ?? []) this.#core.world.addGuild(g);
    server.on(
      'request',
      createRestHandler({ core: this.#core, rateLimits: this.#rateLimits, faults: this.#faults, gatewayUrl: () => this.gatewayUrl, ...(options.recommendedShards === undefined ? {} : { recommendedShards: options.recommendedShards }), responseIssues: options.checkResponses === true ? this.responseIssues : null }),
    );
    this.#gateway = new Gateway(server, {
      token: this.token,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      allowPrivilegedIntents: options.allowPrivilegedIntents ?? false,
      url: () => this.gatewayUrl,
      onIdentify: (session) => ({
        ready: {
          v: 10,
          user_settings: {},
          user: this.#core.botUserObject(),
          guilds: this.#presentGuilds().map((g) => ({ id: g.id, unavailable: true })),
          session_id: session.sessionId,
          session_type: 'normal',
          resume_gateway_url: this.gatewayUrl,
          shard: [0, 1],
          application: { id: this.applicationId, flags: 0 },
          private_channels: [],
          relationships: [],
          presences: [],
          guild_join_requests: [],
          geo_ordered_rtc_regions: [],
          auth: {},
          _trace: ['["simulator",{"micros":0}]'],
        },
        guilds: this.#presentGuilds().map((g) => this.#core.world.apiGuildCreate(g)),
      }),
      onChange: () => this.#core.changed(),
    });
    this.#core.gateway = this.#gateway;
  }

  // ------------------------------------------------------------------ inspection

  /** Requests Discord would have refused, unsimulated endpoints used, and simulator errors. */
  get violations(): readonly Violation[] {
    return this.#core.violations;
  }

  /** Every REST request received, in order. */
  get requests(): readonly RequestRecord[] {
    return this.#core.requests;
  }

  /** IDENTIFY payloads of the connected bot sessions (token masked), e.g. to check intents. */
  get sessions(): readonly { readonly intents: number; readonly identify: JsonObject | null }[] {
    return this.#gateway.readySessions.map((s) => ({ intents: s.intents, identify: s.identify }));
  }

  /**
   * @throws {Error} listing every violation with its schema errors, when there is any.
   */
  assertNoViolations(): void {
    const list = this.#core.violations;
    if (list.length === 0) return;
    const text = list
      .map((v, i) => `${i + 1}. [${v.kind}] ${v.method.toUpperCase()} ${v.route} (${v.path})\n${indent(formatIssues(v.errors), '   ')}\n   body: ${truncate(JSON.stringify(v.body) ?? 'none', 600)}`)
      .join('\n');
    throw new Error(`the bot sent ${list.length} request(s) Discord would refuse:\n${text}`);
  }

  /** Messages (not deleted) whose allowed_mentions would let @everyone/@here ping, if their content had it. */
  messagesAllowingEveryone(): SimMessage[] {
    return [...this.#core.messages.values()].filter((m) => !m.deleted && allowsEveryone(m.allowedMentions)).map(snapshot);
  }

  /** Messages of a channel in order; `viewer` hides ephemeral messages meant for others. */
  messages(channelId: string, options: { readonly viewer?: string; readonly includeDeleted?: boolean } = {}): SimMessage[] {
    const viewer = options.viewer === undefined ? undefined : this.#core.world.userId(options.viewer);
    return this.#core
      .messagesIn(channelId)
      .filter((m) => (options.includeDeleted === true || !m.deleted) && (viewer === undefined || !m.ephemeral || m.visibleTo === viewer))
      .map(snapshot);
  }

  message(id: string): SimMessage | undefined {
    const m = this.#core.messages.get(id);
    return m === undefined ? undefined : snapshot(m);
  }

  /** Buttons of a message in reading order. @throws {Error} when the message does not exist. */
  buttons(messageId: string): SimButton[] {
    const m = this.#core.messages.get(messageId);
    if (m === undefined) throw new Error(`no message ${messageId}`);
    return buttonsOf(m.data);
  }

  /** Bulk-registered commands: global ones, or those of a guild. */
  commands(guildId?: string): JsonObject[] {
    return structuredClone(guildId === undefined ? this.#core.globalCommands : (this.#core.guildCommands.get(guildId) ?? []));
  }

  /** Readable transcript of a channel (see README for the format). */
  render(channelId: string, options: { readonly viewer?: string } = {}): string {
    const channel = this.#core.world.requireChannel(channelId);
    const guild = channel.guildId === null ? undefined : this.#core.world.guilds.get(channel.guildId);
    const title = guild === undefined ? `DM with ${channel.name.slice(1)}` : `#${channel.name} (${guild.name})`;
    return renderTranscript(title, this.messages(channelId, options), this.#renderContext());
  }

  /** One message as text, as {@link render} shows it (for a playground printing messages as they arrive). */
  renderMessage(message: SimMessage): string {
    return renderMessage(message, this.#renderContext());
  }

  on<E extends keyof SimEvents>(event: E, listener: (...args: SimEvents[E]) => void): this {
    this.#core.events.on(event, listener as never);
    return this;
  }

  off<E extends keyof SimEvents>(event: E, listener: (...args: SimEvents[E]) => void): this {
    this.#core.events.off(event, listener as never);
    return this;
  }

  // ------------------------------------------------------------------ the world

  /** Adds a guild (and tells connected bots with GUILD_CREATE). @throws {Error} on an inconsistent spec. */
  addGuild(spec: GuildSpec): SimGuild {
    const guild = this.#core.world.addGuild(spec);
    this.#core.announceGuild(guild);
    return this.guild(guild.id);
  }

  /** A guild by id or name. @throws {Error} when there is none. */
  guild(ref: string): SimGuild {
    const world = this.#core.world;
    const g = world.requireGuild(ref);
    return {
      id: g.id,
      name: g.name,
      ownerId: g.ownerId,
      channels: Object.fromEntries(g.channelIds.map((id) => [world.requireChannel(id).name, id])),
      roles: Object.fromEntries([...g.roles.values()].map((r) => [r.name, r.id])),
      members: Object.fromEntries([...g.members.keys()].map((id) => [world.requireUser(id).username, id])),
    };
  }

  /** A channel id by guild and channel name. @throws {Error} when there is none. */
  channelId(guildRef: string, channelName: string): string {
    const world = this.#core.world;
    const c = world.findChannel(world.requireGuild(guildRef), channelName);
    if (c === undefined) throw new Error(`no channel ${channelName} in ${guildRef}`);
    return c.id;
  }

  /** A user id by username (or id). @throws {Error} when unknown. */
  userId(ref: string): string {
    return this.#core.world.userId(ref);
  }

  /** The DM channel between the bot and a user. */
  dmChannelId(userRef: string): string {
    return this.#core.world.dmChannel(this.userId(userRef)).id;
  }

  /** Adds a user who is in no guild (for DMs); returns its id. */
  addUser(spec: { readonly id?: string; readonly username: string; readonly globalName?: string; readonly locale?: string }): string {
    return this.#core.world.addUser(spec).id;
  }

  /** Adds a member to a guild; returns the user id. Bots with the Guild Members intent get GUILD_MEMBER_ADD. */
  addMember(guildRef: string, spec: MemberSpec): string {
    const world = this.#core.world;
    const guild = world.requireGuild(guildRef);
    const member = world.addMember(guild.id, spec);
    this.#gateway.dispatch('GUILD_MEMBER_ADD', { ...world.apiMember(guild, member), guild_id: guild.id }, GatewayIntentBits.GuildMembers);
    this.#core.changed();
    return member.userId;
  }

  /** Adds a channel to a guild (CHANNEL_CREATE); returns its id. */
  addChannel(guildRef: string, spec: ChannelSpec): string {
    const world = this.#core.world;
    const channel = world.addChannel(world.requireGuild(guildRef).id, spec);
    this.#gateway.dispatch('CHANNEL_CREATE', world.apiChannel(channel), GatewayIntentBits.Guilds);
    return channel.id;
  }

  /** Removes the bot from a guild: GUILD_DELETE is dispatched and the guild's channels answer Missing Access. */
  removeGuild(guildRef: string): void {
    const guild = this.#core.world.requireGuild(guildRef);
    if (!guild.botPresent) throw new Error(`the bot is not in ${guild.name}`);
    guild.botPresent = false;
    this.#gateway.dispatch('GUILD_DELETE', { id: guild.id }, GatewayIntentBits.Guilds);
    this.#core.changed();
  }

  /**
   * Sets (replaces) the overwrite for one role or member on a channel, e.g.
   * `sim.setOverwrite(channelId, { member: '@bot', deny: ['SendMessages'] })`. Dispatches CHANNEL_UPDATE.
   */
  setOverwrite(channelId: string, spec: OverwriteSpec): void {
    const world = this.#core.world;
    const channel = world.requireChannel(channelId);
    if (channel.guildId === null) throw new Error('DM channels have no overwrites');
    const overwrite = world.toOverwrite(world.requireGuild(channel.guildId), spec);
    channel.overwrites = [...channel.overwrites.filter((o) => o.id !== overwrite.id), overwrite];
    this.#gateway.dispatch('CHANNEL_UPDATE', world.apiChannel(channel), GatewayIntentBits.Guilds);
    this.#core.changed();
  }

  /** Replaces a role's permissions (GUILD_ROLE_UPDATE). Use `@everyone` for the everyone role, or the bot's name for its managed role. */
  setRolePermissions(guildRef: string, roleRef: string, permissions: PermissionInput): void {
    const world = this.#core.world;
    const guild = world.requireGuild(guildRef);
    const role = world.findRole(guild, roleRef);
    if (role === undefined) throw new Error(`no role ${roleRef} in ${guild.name}`);
    role.permissions = toBits(permissions);
    this.#gateway.dispatch('GUILD_ROLE_UPDATE', { guild_id: guild.id, role: world.apiRole(role) }, GatewayIntentBits.Guilds);
    this.#core.changed();
  }

  /** Replaces a member's roles (GUILD_MEMBER_UPDATE, which Discord always sends for the bot itself). */
  setMemberRoles(guildRef: string, userRef: string, roles: readonly string[]): void {
    const world = this.#core.world;
    const guild = world.requireGuild(guildRef);
    const userId = world.userId(userRef, guild);
    const member = guild.members.get(userId);
    if (member === undefined) throw new Error(`${userRef} is not a member of ${guild.name}`);
    const managed = member.roles.filter((id) => guild.roles.get(id)?.managed === true);
    member.roles = [...new Set([...managed, ...roles.map((r) => world.roleId(guild, r))])];
    const payload = { ...world.apiMember(guild, member), guild_id: guild.id };
    if (userId === world.botUser.id) this.#gateway.dispatch('GUILD_MEMBER_UPDATE', payload);
    else this.#gateway.dispatch('GUILD_MEMBER_UPDATE', payload, GatewayIntentBits.GuildMembers);
    this.#core.changed();
  }

  /**
   * Registers commands as the bot's PUT would (same checks; violations recorded). Accepts builders (`toJSON`).
   * @throws {Error} listing the issues when Discord would refuse the commands.
   */
  registerCommands(commands: readonly unknown[], guildId?: string): JsonObject[] {
    // Through JSON, as on the wire: builders leave `undefined` fields that JSON drops.
    const body = JSON.parse(JSON.stringify(commands)) as unknown[];
    const route = guildId === undefined ? '/applications/{application_id}/commands' : '/applications/{application_id}/guilds/{guild_id}/commands';
    const path = guildId === undefined ? `/applications/${this.applicationId}/commands` : `/applications/${this.applicationId}/guilds/${guildId}/commands`;
    const ctx = { method: 'put', path, route };
    const validator = this.#core.options.validator;
    const op = validator.match('put', path);
    if (op === undefined) throw new Error('OpenAPI document has no command registration route');
    const issues = validator.validateRequest(op, body);
    if (issues.length > 0) {
      this.#core.recordViolation(ctx, 'schema', issues, body);
      throw new Error(`invalid commands:\n${formatIssues(issues)}`);
    }
    try {
      return this.#core.putCommands(ctx, this.applicationId, guildId ?? null, body).body as JsonObject[];
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const last = this.#core.violations.at(-1);
      throw new Error(`invalid commands (${err.code} ${err.message}):\n${formatIssues(last?.errors ?? [])}`);
    }
  }

  // ------------------------------------------------------------------ interactions

  /** Resolves when a bot has identified on the gateway and received its guilds. */
  async waitForBot(options: WaitOptions = {}): Promise<void> {
    await this.waitFor(() => (this.#gateway.readySessions.length > 0 ? true : undefined), 'a bot to identify on the gateway', options);
  }

  /**
   * Dispatches a slash command as a member.
   * @throws {SimulatorUsageError} when Discord's client would not send it (unknown command, bad options, no permission), unless `force`.
   * @throws {Error} when no bot is connected.
   */
  command(invocation: CommandInvocation): InteractionHandle {
    const { channel, definition, path, commandId, guild, userId } = this.#prepareCommand(invocation);
    const data = buildCommandData(definition, commandId, path, invocation.options, {
      world: this.#core.world,
      guild,
      invokerId: userId,
      force: invocation.force === true,
    });
    const label = `/${[path.name, path.group, path.subcommand].filter((x) => x !== undefined).join(' ')}${describeOptions(invocation.options)}`;
    if (invocation.tamper !== undefined && invocation.force !== true) throw new SimulatorUsageError(`${label}: tamper needs force: true`);
    const tamper = invocation.tamper;
    const record = this.#core.dispatchInteraction({ type: InteractionType.ApplicationCommand, data, channel, userId, label, ...(tamper ? { tamper } : {}) });
    return this.#handle(record);
  }

  /**
   * Dispatches an autocomplete interaction and resolves with the choices the bot answered.
   * @throws {SimulatorUsageError} as {@link command}; rejects when the bot does not answer with choices in time.
   */
  async autocomplete(invocation: AutocompleteInvocation): Promise<{ name: string; value: string | number; name_localizations?: Record<string, string> }[]> {
    const { channel, definition, path, commandId, guild, userId } = this.#prepareCommand(invocation);
    const data = buildCommandData(
      definition,
      commandId,
      path,
      invocation.options,
      { world: this.#core.world, guild, invokerId: userId, force: invocation.force === true },
      { name: invocation.focused, value: invocation.value },
    );
    const record = this.#core.dispatchInteraction({ type: InteractionType.ApplicationCommandAutocomplete, data, channel, userId, label: `/${path.name} ${invocation.focused}:${invocation.value}…` });
    const timeoutMs = invocation.timeoutMs ?? Math.max(this.#waitTimeoutMs, this.#core.options.interactionDeadlineMs + 100);
    return this.waitFor(
      () => (record.choices !== null ? (structuredClone(record.choices) as { name: string; value: string | number }[]) : undefined),
      `autocomplete choices for /${path.name} ${invocation.focused}:${JSON.stringify(invocation.value)}`,
      {
        timeoutMs,
        fail: () => {
          const first = record.callbacks[0];
          if (first !== undefined && first.type !== 8) return `the bot answered autocomplete with callback type ${first.type}, not 8`;
          if (record.failed) return `the bot did not answer autocomplete within ${this.#core.options.interactionDeadlineMs} ms`;
          return undefined;
        },
      },
    );
  }

  /**
   * Clicks a button on a message as a member.
   * @throws {SimulatorUsageError} when the message does not exist, or (unless `force`) the button does not exist,
   * is disabled, is a link, or the message is ephemeral for someone else.
   */
  click(invocation: ClickInvocation): InteractionHandle {
    const world = this.#core.world;
    const message = this.#core.messages.get(invocation.messageId);
    if (message === undefined || message.deleted) throw new SimulatorUsageError(`no message ${invocation.messageId} to click on`);
    const userId = world.userId(invocation.userId);
    const force = invocation.force === true;
    if (message.ephemeral && message.visibleTo !== userId && !force) {
      throw new SimulatorUsageError(`message ${message.id} is ephemeral for ${world.requireUser(message.visibleTo ?? '').username}; ${world.requireUser(userId).username} cannot see it`);
    }
    if (invocation.customId === undefined && invocation.label === undefined) throw new SimulatorUsageError('click needs a customId or a label');
    const buttons = buttonsOf(message.data);
    const button = buttons.find((b) => (invocation.customId !== undefined ? b.customId === invocation.customId : b.label === invocation.label));
    const describe = (): string => buttons.map((b) => `${b.label ?? '?'}=${b.customId ?? b.url ?? '?'}${b.disabled ? ' (disabled)' : ''}`).join(', ') || 'none';
    if (!force) {
      if (button === undefined) throw new SimulatorUsageError(`message ${message.id} has no button ${invocation.customId ?? invocation.label ?? ''} (buttons: ${describe()})`);
      if (button.disabled) throw new SimulatorUsageError(`button ${button.label ?? button.customId ?? ''} on message ${message.id} is disabled`);
      if (button.customId === null) throw new SimulatorUsageError(`button ${button.label ?? ''} is a link; clicking it opens ${button.url ?? '?'}, not an interaction`);
    }
    const customId = invocation.customId ?? button?.customId;
    if (customId === undefined || customId === null) throw new SimulatorUsageError(`no custom_id to send (buttons: ${describe()})`);
    const channel = world.requireChannel(message.channelId);
    const guild = channel.guildId === null ? undefined : world.requireGuild(channel.guildId);
    if (guild !== undefined && !guild.members.has(userId)) {
      throw new SimulatorUsageError(`${world.requireUser(userId).username} is not a member of ${guild.name} and cannot see message ${message.id}`);
    }
    if (guild === undefined && channel.recipientId !== userId) throw new SimulatorUsageError(`message ${message.id} is in someone else's DM`);
    const componentId = findComponentId(message.data, customId);
    const data: JsonObject = { custom_id: customId, component_type: 2, ...(componentId !== undefined ? { id: componentId } : {}) };
    const record = this.#core.dispatchInteraction({
      type: InteractionType.MessageComponent,
      data,
      channel,
      userId,
      label: `[${button?.label ?? customId}]`,
      message,
    });
    return this.#handle(record);
  }

  /**
   * Sends a form (modal) as a member: normally the one the bot opened in answer to `from`, filled
   * in with `values` and checked as Discord's client checks it (every value a field of the form,
   * select values among its options and within its counts, required fields filled, text within
   * its lengths). Returns the submission's handle, answered like any interaction.
   * @throws {SimulatorUsageError} when Discord's client would not send it (no form opened, a bad value,
   * sent twice), unless `force`.
   */
  submitModal(invocation: ModalSubmitInvocation): InteractionHandle {
    const world = this.#core.world;
    const force = invocation.force === true;
    if (!force && (invocation.customId !== undefined || invocation.components !== undefined)) {
      throw new SimulatorUsageError('customId and components forge a form: they need force: true');
    }
    let modal: JsonObject | undefined;
    let opener: InteractionRecord | undefined;
    let channel;
    let userId: string;
    let message: MessageRecord | undefined;
    if (invocation.from !== undefined) {
      opener = this.#core.interactions.get(invocation.from.id);
      if (opener === undefined) throw new SimulatorUsageError(`no interaction ${invocation.from.id}`);
      if (opener.modal === null) {
        const types = opener.callbacks.map((c) => c.type).join(', ') || 'none';
        throw new SimulatorUsageError(`the bot did not answer ${opener.label} with a form (callback types: ${types})`);
      }
      if (this.#submittedForms.has(opener.id) && !force) throw new SimulatorUsageError(`the form opened by ${opener.label} was sent already; Discord closes a form once it is sent`);
      modal = opener.modal;
      channel = world.requireChannel(opener.channelId);
      userId = opener.userId;
      if (invocation.userId !== undefined && world.userId(invocation.userId) !== userId) {
        if (!force) throw new SimulatorUsageError(`only ${world.requireUser(userId).username} sees the form opened by ${opener.label}`);
        userId = world.userId(invocation.userId);
      }
      if (opener.type === InteractionType.MessageComponent && opener.sourceMessageId !== null) message = this.#core.messages.get(opener.sourceMessageId);
    } else {
      if (!force) throw new SimulatorUsageError("Discord's client only sends a form the bot opened: give `from` (the interaction the bot answered with the form), or force: true");
      if (invocation.userId === undefined) throw new SimulatorUsageError('a forged form needs a userId');
      userId = world.userId(invocation.userId);
      if (invocation.dm === true) channel = world.dmChannel(userId);
      else if (invocation.channelId !== undefined) channel = world.requireChannel(invocation.channelId);
      else throw new SimulatorUsageError('a forged form needs a channelId, or dm: true');
      if (invocation.messageId !== undefined) {
        message = this.#core.messages.get(invocation.messageId);
        if (message === undefined || message.deleted) throw new SimulatorUsageError(`no message ${invocation.messageId}`);
      }
    }
    const guild = channel.guildId === null ? undefined : world.requireGuild(channel.guildId);
    if (guild !== undefined && !guild.members.has(userId)) throw new SimulatorUsageError(`${world.requireUser(userId).username} is not a member of ${guild.name}`);
    const customId = invocation.customId ?? (typeof modal?.['custom_id'] === 'string' ? modal['custom_id'] : undefined);
    if (customId === undefined) throw new SimulatorUsageError('a forged form needs a customId');
    const components = invocation.components ?? buildModalSubmission(modal ?? { components: [] }, invocation.values ?? {}, force);
    const title = typeof modal?.['title'] === 'string' ? modal['title'] : customId;
    if (opener !== undefined) this.#submittedForms.add(opener.id);
    const record = this.#core.dispatchInteraction({
      type: InteractionType.ModalSubmit,
      data: { custom_id: customId, components: structuredClone(components) },
      channel,
      userId,
      label: `form "${title}"`,
      ...(message !== undefined ? { message } : {}),
      ...(opener !== undefined ? { opener } : {}),
    });
    return this.#handle(record);
  }

  /** Makes the next `count` REST requests (optionally only matching ones) answer 429 with Discord's headers and body. */
  rateLimitNext(count = 1, retryAfterSeconds = 0.1, match: { readonly method?: string; readonly path?: string | RegExp } = {}): void {
    this.#rateLimits.push({ remaining: count, retryAfterSeconds, method: match.method, path: match.path });
  }

  /**
   * Makes the next `count` REST requests (optionally only matching ones) fail before doing
   * anything: answered with a 5xx (`fault`, default 500) or with the connection dropped
   * (`'drop'`). discord.js retries some of these itself, and each attempt counts.
   */
  failNext(count = 1, options: { readonly fault?: number | 'drop'; readonly method?: string; readonly path?: string | RegExp } = {}): void {
    this.#faults.push({ remaining: count, until: undefined, fault: options.fault ?? 500, method: options.method, path: options.path });
  }

  /** Like {@link failNext}, for every matching request during the next `ms` milliseconds (real time). */
  failFor(ms: number, options: { readonly fault?: number | 'drop'; readonly method?: string; readonly path?: string | RegExp } = {}): void {
    this.#faults.push({ remaining: Infinity, until: Date.now() + ms, fault: options.fault ?? 500, method: options.method, path: options.path });
  }

  /** Drops every gateway connection with `code` (default 4000, unknown error); discord.js reconnects and identifies again. */
  disconnectBots(code = 4000): void {
    this.#gateway.disconnectAll(code);
  }

  /**
   * Resolves with `check()`'s first non-undefined value, re-checking on every simulator change.
   * Rejects with a clear error after the timeout, or when `fail()` returns a reason.
   */
  waitFor<T>(check: () => T | undefined, description: string, options: WaitOptions & { readonly fail?: () => string | undefined } = {}): Promise<T> {
    const timeoutMs = options.timeoutMs ?? this.#waitTimeoutMs;
    return new Promise<T>((resolve, reject) => {
      if (this.#closed) {
        reject(new Error(`simulator is closed (waiting for ${description})`));
        return;
      }
      const finish = (): void => {
        clearTimeout(timer);
        this.#core.events.off('change', attempt);
        this.#cancelWaits.delete(cancel);
      };
      const cancel = (reason: Error): void => {
        finish();
        reject(reason);
      };
      const attempt = (): void => {
        try {
          const value = check();
          if (value !== undefined) {
            finish();
            resolve(value);
            return;
          }
          const reason = options.fail?.();
          if (reason !== undefined) cancel(new Error(`${reason} (waiting for ${description})`));
        } catch (err) {
          cancel(err instanceof Error ? err : new Error(String(err)));
        }
      };
      const timer = setTimeout(() => cancel(new Error(`timed out after ${timeoutMs} ms waiting for ${description}`)), timeoutMs);
      this.#cancelWaits.add(cancel);
      this.#core.events.on('change', attempt);
      attempt();
    });
  }

  /** Resolves with the first message (already there or still to come, edits included) matching the predicate. */
  waitForMessage(predicate: (message: SimMessage) => boolean, options: WaitOptions & { readonly channelId?: string; readonly description?: string } = {}): Promise<SimMessage> {
    const core = this.#core;
    // Existing messages are looked at once; after that only what the events report, so long transcripts stay cheap.
    const pending: SimMessage[] = (options.channelId === undefined ? [...core.messages.values()] : core.messagesIn(options.channelId)).filter((m) => !m.deleted).map(snapshot);
    const collect = (m: SimMessage): void => {
      if (options.channelId === undefined || m.channelId === options.channelId) pending.push(m);
    };
    core.events.on('message', collect);
    core.events.on('messageUpdate', collect);
    return this.waitFor(
      () => {
        for (let m = pending.shift(); m !== undefined; m = pending.shift()) {
          if (core.messages.get(m.id)?.deleted !== true && predicate(m)) return m;
        }
        return undefined;
      },
      options.description ?? 'a matching message',
      options,
    ).finally(() => {
      core.events.off('message', collect);
      core.events.off('messageUpdate', collect);
    });
  }

  /** Stops everything: pending waits reject, gateway sessions are dropped, the port is released. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const cancel of [...this.#cancelWaits]) cancel(new Error('simulator closed'));
    this.#core.clearTimers();
    await this.#gateway.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  // ------------------------------------------------------------------ internals

  /** The first callback, or a rejection once the deadline has passed without one (or the simulator closes). */
  #settledResponse(record: InteractionRecord): Promise<CallbackRecord> {
    const description = `the bot's response to ${record.label}`;
    return new Promise<CallbackRecord>((resolve, reject) => {
      if (this.#closed) {
        reject(new Error(`simulator is closed (waiting for ${description})`));
        return;
      }
      let done = false;
      const cancel = (reason: Error): void => {
        if (done) return;
        done = true;
        this.#cancelWaits.delete(cancel);
        reject(reason);
      };
      this.#cancelWaits.add(cancel);
      this.#core.whenSettled(record, () => {
        const first = record.callbacks[0];
        if (first !== undefined) {
          if (done) return;
          done = true;
          this.#cancelWaits.delete(cancel);
          resolve(first);
          return;
        }
        cancel(new Error(`the bot did not respond to ${record.label} within ${this.#core.options.interactionDeadlineMs} ms; Discord would show "This interaction failed" (waiting for ${description})`));
      });
    });
  }

  #presentGuilds(): GuildRecord[] {
    return [...this.#core.world.guilds.values()].filter((g) => g.botPresent);
  }

  #renderContext(): RenderContext {
    const world = this.#core.world;
    return {
      userName: (id) => world.users.get(id)?.username ?? id,
      interactionLabel: (id) => {
        const r = this.#core.interactions.get(id);
        return r === undefined ? undefined : { user: world.users.get(r.userId)?.username ?? r.userId, label: r.label };
      },
    };
  }

  #prepareCommand(invocation: InvocationBase): {
    channel: ChannelRecord;
    guild: GuildRecord | null;
    userId: string;
    definition: JsonObject | undefined;
    path: ReturnType<typeof parseCommandPath>;
    commandId: string;
  } {
    const world = this.#core.world;
    const userId = world.userId(invocation.userId);
    let channel: ChannelRecord;
    if (invocation.dm === true) channel = world.dmChannel(userId);
    else if (invocation.channelId !== undefined) channel = world.requireChannel(invocation.channelId);
    else throw new SimulatorUsageError('give a channelId, or dm: true');
    const guild = channel.guildId === null ? null : world.requireGuild(channel.guildId);
    const force = invocation.force === true;
    const rootName = invocation.name.trim().replace(/^\//, '').split(/\s+/)[0] ?? '';
    if (guild !== null) {
      if (!guild.botPresent) throw new SimulatorUsageError(`the bot is not in ${guild.name} any more`);
      if (!guild.members.has(userId)) throw new SimulatorUsageError(`${world.requireUser(userId).username} is not a member of ${guild.name}`);
    }
    const definition = this.#findCommand(rootName, guild);
    if (definition === undefined && !force) {
      throw new SimulatorUsageError(`/${rootName} is not registered ${guild === null ? 'globally for DMs' : `for ${guild.name}`} (register it with PUT or sim.registerCommands; force: true sends it anyway)`);
    }
    if (guild !== null && !force) {
      const inChannel = world.memberChannelPermissions(channel, userId);
      if ((inChannel & PermissionFlagsBits.UseApplicationCommands) === 0n || (inChannel & PermissionFlagsBits.ViewChannel) === 0n) {
        throw new SimulatorUsageError(`${world.requireUser(userId).username} cannot use application commands in #${channel.name}`);
      }
      const required = definition?.['default_member_permissions'];
      if (typeof required === 'string') {
        const base = world.memberBasePermissions(guild, userId);
        const bits = BigInt(required);
        const ok = (base & PermissionFlagsBits.Administrator) !== 0n || (bits !== 0n && (base & bits) === bits);
        if (!ok) throw new SimulatorUsageError(`${world.requireUser(userId).username} cannot see /${rootName}: it needs permissions ${required} (default_member_permissions)`);
      }
    }
    const path = parseCommandPath(invocation.name, invocation.subcommandGroup, invocation.subcommand, definition);
    return { channel, guild, userId, definition, path, commandId: typeof definition?.['id'] === 'string' ? definition['id'] : this.#core.ids.next() };
  }

  #findCommand(name: string, guild: GuildRecord | null): JsonObject | undefined {
    const isChatInput = (c: JsonObject): boolean => c['name'] === name && (c['type'] ?? 1) === 1;
    if (guild !== null) {
      const local = (this.#core.guildCommands.get(guild.id) ?? []).find(isChatInput);
      if (local !== undefined) return local;
      return this.#core.globalCommands.find((c) => isChatInput(c) && (!Array.isArray(c['contexts']) || c['contexts'].includes(0)));
    }
    return this.#core.globalCommands.find(
      (c) => isChatInput(c) && (Array.isArray(c['contexts']) ? c['contexts'].includes(1) : c['dm_permission'] !== false),
    );
  }

  #handle(record: InteractionRecord): InteractionHandle {
    const core = this.#core;
    const sim = this;
    let response: Promise<CallbackRecord> | undefined;
    const original = (): SimMessage | undefined => {
      const m = record.originalMessageId === null ? undefined : core.messages.get(record.originalMessageId);
      return m === undefined || m.deleted ? undefined : snapshot(m);
    };
    const state = (): string => {
      const types = record.callbacks.map((c) => c.type).join(', ') || 'none';
      const channel = core.world.channels.get(record.channelId);
      const transcript = channel === undefined ? '' : `\n${sim.render(channel.id)}`;
      return `${record.label}: callbacks so far: ${types}${record.failed ? ' (deadline passed)' : ''}${transcript}`;
    };
    return {
      id: record.id,
      token: record.token,
      payload: record.payload,
      get response(): Promise<CallbackRecord> {
        // Created on first use so that a test that never looks at it gets no unhandled rejection.
        response ??= sim.#settledResponse(record);
        return response;
      },
      get callbacks() {
        return [...record.callbacks];
      },
      get ephemeral() {
        return original()?.ephemeral;
      },
      get failed() {
        return record.failed;
      },
      original,
      replies: () =>
        [...core.messages.values()].filter((m) => m.interactionId === record.id && !m.deleted).map(snapshot),
      waitForReply: (options = {}) =>
        sim.waitFor(() => (record.replied ? original() : undefined), `a reply to ${record.label}`, {
          timeoutMs: options.timeoutMs ?? sim.#waitTimeoutMs,
          fail: () => (record.failed ? `no response to ${record.label} before the deadline\n${state()}` : undefined),
        }).catch((err: unknown) => {
          throw err instanceof Error && err.message.startsWith('timed out') ? new Error(`${err.message}\n${state()}`) : err;
        }),
      modal: () => (record.modal === null ? undefined : structuredClone(record.modal)),
      waitForModal: (options = {}) =>
        sim.waitFor(() => (record.modal === null ? undefined : structuredClone(record.modal)), `a form in answer to ${record.label}`, {
          timeoutMs: options.timeoutMs ?? sim.#waitTimeoutMs,
          fail: () => {
            const first = record.callbacks[0];
            if (first !== undefined && first.type !== 9) return `the bot answered ${record.label} with callback type ${first.type}, not a form (9)\n${state()}`;
            return record.failed ? `no response to ${record.label} before the deadline\n${state()}` : undefined;
          },
        }),
      waitForFollowUp: (index = 0, options = {}) =>
        sim.waitFor(
          () => {
            const id = record.followupIds[index];
            const m = id === undefined ? undefined : core.messages.get(id);
            return m === undefined ? undefined : snapshot(m);
          },
          `follow-up #${index} to ${record.label}`,
          options,
        ),
    };
  }
}

function describeOptions(options: OptionsInput | undefined): string {
  if (options === undefined || Array.isArray(options)) return '';
  const entries = Object.entries(options as Record<string, unknown>);
  return entries.map(([k, v]) => ` ${k}:${String(v)}`).join('');
}

function findComponentId(data: JsonObject, customId: string): number | undefined {
  let found: number | undefined;
  const walk = (list: unknown): void => {
    if (!Array.isArray(list) || found !== undefined) return;
    for (const c of list) {
      if (!isObject(c)) continue;
      if (c['custom_id'] === customId && typeof c['id'] === 'number') {
        found = c['id'];
        return;
      }
      walk(c['components']);
      if (isObject(c['accessory'])) walk([c['accessory']]);
    }
  };
  walk(data['components']);
  return found;
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((l) => `${prefix}${l}`)
    .join('\n');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

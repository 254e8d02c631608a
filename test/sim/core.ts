import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { ApplicationCommandOptionType, GatewayIntentBits, InteractionType, MessageFlags, MessageType, PermissionFlagsBits } from 'discord.js';
import type { Gateway } from './gateway.js';
import {
  createMessageData,
  editMessageData,
  hasVisibleContent,
  snapshot,
  type MessageRecord,
  type SimMessage,
  type UploadedFile,
} from './messages.js';
import { toDiscordErrors, type OpenApiValidator, type SchemaIssue } from './openapi.js';
import { DM_APP_PERMISSIONS } from './permissions.js';
import { SnowflakeFactory } from './snowflake.js';
import { World, type ChannelRecord, type GuildRecord } from './world.js';

type JsonObject = Record<string, unknown>;

/** A request the bot sent that Discord would have refused (schema or Discord rule). */
export interface Violation {
  readonly method: string;
  /** Concrete path, e.g. `/channels/123/messages`. */
  readonly path: string;
  /** OpenAPI path template, e.g. `/channels/{channel_id}/messages`. */
  readonly route: string;
  /**
   * `schema`: the body does not match Discord's OpenAPI schema; `rule`: a rule Discord enforces beyond the schema;
   * `unsimulated`: a real Discord endpoint the simulator does not implement (answered 404); `internal`: a simulator bug (answered 500).
   */
  readonly kind: 'schema' | 'rule' | 'unsimulated' | 'internal';
  readonly errors: readonly SchemaIssue[];
  readonly body: unknown;
}

/** One REST request as the simulator received it. */
export interface RequestRecord {
  readonly method: string;
  readonly path: string;
  readonly route: string | null;
  readonly query: string;
  readonly body: unknown;
  readonly files: readonly UploadedFile[];
  status: number;
  readonly at: number;
}

/** One accepted interaction callback. */
export interface CallbackRecord {
  readonly type: number;
  readonly data: JsonObject | undefined;
  /** Milliseconds from dispatch to the callback's arrival. */
  readonly latencyMs: number;
}

export interface InteractionRecord {
  readonly id: string;
  readonly token: string;
  readonly type: InteractionType;
  readonly payload: JsonObject;
  readonly channelId: string;
  readonly guildId: string | null;
  readonly userId: string;
  /** How a transcript shows it: `/quiz start rounds:3`, `[B]`. */
  readonly label: string;
  readonly dispatchedAt: number;
  readonly callbacks: CallbackRecord[];
  /** @original: the response message (callback 4/5) or, for components, the message clicked. */
  originalMessageId: string | null;
  readonly sourceMessageId: string | null;
  readonly followupIds: string[];
  /** The bot has shown something: a reply, an update, or an edit of a deferred reply. */
  replied: boolean;
  /** No callback arrived before the deadline: Discord shows "This interaction failed". */
  failed: boolean;
  choices: JsonObject[] | null;
  /** The form the bot answered with (callback 9), as sent. */
  modal: JsonObject | null;
  /** For a submitted form: the interaction the bot answered with that form (null for a forged one). */
  readonly opener: InteractionRecord | null;
}

/** An error answered the way Discord answers it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: JsonObject,
  ) {
    super(message);
  }
}

export interface RequestContext {
  readonly method: string;
  readonly path: string;
  readonly route: string;
}

export interface RestResult {
  readonly status: number;
  readonly body?: unknown;
}

export interface CoreOptions {
  readonly token: string;
  readonly applicationId: string;
  readonly botUsername: string;
  readonly validator: OpenApiValidator;
  /** Check REST request bodies against the OpenAPI schemas (see SimulatorOptions.validateRequests). */
  readonly validateRequests: boolean;
  readonly interactionDeadlineMs: number;
  readonly followupWindowMs: number;
  readonly now: () => number;
}

export interface SimEvents {
  /** A message was created (interaction response, follow-up, channel message). */
  message: [SimMessage];
  /** A message was edited (including a deferred reply getting its content). */
  messageUpdate: [SimMessage];
  messageDelete: [SimMessage];
  /** An interaction was dispatched to the bot. */
  interaction: [InteractionRecord];
  /** The bot answered an interaction. */
  callback: [InteractionRecord, CallbackRecord];
  violation: [Violation];
  request: [RequestRecord];
  /** Something changed; waiters re-check their condition. */
  change: [];
}

const EMPTY_MESSAGE: readonly SchemaIssue[] = [{ path: '', code: 'MESSAGE_EMPTY', message: 'Cannot send an empty message (no content, embeds, components, files or poll).' }];
const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
/** Random bytes in the secret part of an interaction token. */
const SECRET_BYTES = 48;

/** The simulator's state and behaviour behind both the REST API and the test-facing API. */
export class SimCore {
  readonly ids = new SnowflakeFactory();
  readonly world: World;
  readonly events = new EventEmitter<SimEvents>();
  readonly messages = new Map<string, MessageRecord>();
  readonly channelMessages = new Map<string, string[]>();
  readonly interactions = new Map<string, InteractionRecord>();
  readonly #byToken = new Map<string, InteractionRecord>();
  readonly violations: Violation[] = [];
  readonly requests: RequestRecord[] = [];
  readonly globalCommands: JsonObject[] = [];
  readonly guildCommands = new Map<string, JsonObject[]>();
  readonly options: CoreOptions;
  readonly #timers = new Set<NodeJS.Timeout>();
  /** Who waits for an interaction's first callback or its deadline, by interaction id. */
  readonly #settleWaiters = new Map<string, (() => void)[]>();
  gateway: Gateway | null = null;

  constructor(options: CoreOptions) {
    this.options = options;
    this.world = new World(this.ids, { id: options.applicationId, username: options.botUsername });
    // Playground listeners and many waiters may subscribe at once.
    this.events.setMaxListeners(0);
  }

  changed(): void {
    this.events.emit('change');
  }

  recordViolation(ctx: RequestContext, kind: Violation['kind'], errors: readonly SchemaIssue[], body: unknown): void {
    const v: Violation = { method: ctx.method, path: ctx.path, route: ctx.route, kind, errors, body };
    this.violations.push(v);
    this.events.emit('violation', v);
    this.changed();
  }

  /** Records a Discord-rule violation and throws the 400 Discord would answer. */
  refuse(ctx: RequestContext, issues: readonly SchemaIssue[], body: unknown, code = 50035, message = 'Invalid Form Body'): never {
    this.recordViolation(ctx, 'rule', issues, body);
    throw new ApiError(400, code, message, code === 50035 ? toDiscordErrors(issues) : undefined);
  }

  setTimer(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      fn();
    }, ms);
    t.unref();
    this.#timers.add(t);
  }

  clearTimers(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }

  /**
   * Calls `fn` once, when the interaction gets its first callback or misses the deadline (on the
   * next microtask if either has happened). One waiter per interaction costs nothing per other
   * interaction, where a `waitFor` would re-check on every change: thousands of clicks waited for
   * that way cost the square of their number.
   */
  whenSettled(record: InteractionRecord, fn: () => void): void {
    if (record.callbacks.length > 0 || record.failed) {
      queueMicrotask(fn);
      return;
    }
    const list = this.#settleWaiters.get(record.id);
    if (list === undefined) this.#settleWaiters.set(record.id, [fn]);
    else list.push(fn);
  }

  #settled(record: InteractionRecord): void {
    const list = this.#settleWaiters.get(record.id);
    if (list === undefined) return;
    this.#settleWaiters.delete(record.id);
    for (const fn of list) fn();
  }

  // ---------------------------------------------------------------- interactions

  /** Random bytes for interaction tokens, drawn 48 at a time: one call to the system's source per 1,024 tokens. */
  #secrets = Buffer.alloc(0);
  #secretAt = 0;

  #secret(): string {
    if (this.#secretAt + SECRET_BYTES > this.#secrets.length) {
      this.#secrets = randomBytes(SECRET_BYTES * 1_024);
      this.#secretAt = 0;
    }
    const secret = this.#secrets.toString('base64url', this.#secretAt, this.#secretAt + SECRET_BYTES);
    this.#secretAt += SECRET_BYTES;
    return secret;
  }

  /** Builds and dispatches an INTERACTION_CREATE as `userId` in `channel`. */
  dispatchInteraction(args: {
    type: InteractionType;
    data: JsonObject;
    channel: ChannelRecord;
    userId: string;
    label: string;
    message?: MessageRecord;
    /** For a submitted form: the interaction that opened it. */
    opener?: InteractionRecord;
    /** Edits the payload before it is sent (a forged payload; see CommandInvocation.tamper). */
    tamper?: (payload: JsonObject) => void;
  }): InteractionRecord {
    const { world } = this;
    const id = this.ids.next();
    // Shaped like Discord's: base64 of "interaction:<id>:<secret>".
    const token = Buffer.from(`interaction:${id}:${this.#secret()}`).toString('base64url');
    const user = world.requireUser(args.userId);
    const payload: JsonObject = {
      id,
      application_id: this.options.applicationId,
      type: args.type,
      data: args.data,
      channel_id: args.channel.id,
      token,
      version: 1,
      locale: user.locale,
      entitlements: [],
      attachment_size_limit: 10 * 1024 * 1024,
    };
    let guild: GuildRecord | null = null;
    if (args.channel.guildId !== null) {
      guild = world.requireGuild(args.channel.guildId);
      const member = guild.members.get(user.id);
      if (member === undefined) throw new Error(`${user.username} is not a member of ${guild.name}`);
      const memberPermissions = world.memberChannelPermissions(args.channel, user.id).toString();
      Object.assign(payload, {
        guild_id: guild.id,
        guild: { id: guild.id, locale: guild.locale, features: [...guild.features] },
        guild_locale: guild.locale,
        channel: { ...world.apiChannel(args.channel), permissions: memberPermissions },
        member: { ...world.apiMember(guild, member), permissions: memberPermissions },
        app_permissions: world.memberChannelPermissions(args.channel, world.botUser.id).toString(),
        authorizing_integration_owners: { '0': guild.id },
        context: 0,
      });
    } else {
      Object.assign(payload, {
        channel: world.apiChannel(args.channel),
        user: world.apiUser(user),
        app_permissions: DM_APP_PERMISSIONS.toString(),
        authorizing_integration_owners: { '0': '0' },
        context: 1,
      });
    }
    // A message's data is replaced on each edit, never changed in place: only a payload that is
    // about to be forged needs a copy of its own.
    if (args.message !== undefined) payload['message'] = args.tamper === undefined ? args.message.data : structuredClone(args.message.data);
    args.tamper?.(payload);
    const record: InteractionRecord = {
      id,
      token,
      type: args.type,
      payload,
      channelId: args.channel.id,
      guildId: guild?.id ?? null,
      userId: user.id,
      label: args.label,
      dispatchedAt: this.options.now(),
      callbacks: [],
      // A form sent from a button's message may update that message (callback 6/7), as a click may.
      originalMessageId: args.type === InteractionType.MessageComponent || args.type === InteractionType.ModalSubmit ? (args.message?.id ?? null) : null,
      sourceMessageId: args.message?.id ?? null,
      followupIds: [],
      replied: false,
      failed: false,
      choices: null,
      modal: null,
      opener: args.opener ?? null,
    };
    this.interactions.set(id, record);
    this.#byToken.set(token, record);
    const reached = this.gateway?.dispatch('INTERACTION_CREATE', payload) ?? 0;
    if (reached === 0) {
      this.interactions.delete(id);
      this.#byToken.delete(token);
      throw new Error('no bot is connected to the simulated gateway (await sim.waitForBot() after client.login)');
    }
    this.setTimer(() => {
      if (record.callbacks.length === 0) {
        record.failed = true;
        this.#settled(record);
        this.changed();
      }
    }, this.options.interactionDeadlineMs + 1);
    this.events.emit('interaction', record);
    this.changed();
    return record;
  }

  /** POST /interactions/{id}/{token}/callback */
  interactionCallback(ctx: RequestContext, interactionId: string, token: string, body: JsonObject, files: readonly UploadedFile[], withResponse: boolean): RestResult {
    const record = this.interactions.get(interactionId);
    const now = this.options.now();
    if (record === undefined || record.token !== token || now - record.dispatchedAt > this.options.interactionDeadlineMs) {
      throw new ApiError(404, 10062, 'Unknown interaction');
    }
    if (record.callbacks.length > 0) throw new ApiError(400, 40060, 'Interaction has already been acknowledged.');
    const type = body['type'];
    const allowed = allowedCallbackTypes(record.type);
    if (typeof type !== 'number' || !allowed.includes(type)) {
      this.refuse(ctx, [{ path: 'type', code: 'BASE_TYPE_CHOICES', message: `Value must be one of {${allowed.join(', ')}} for this interaction.` }], body);
    }
    const data = isObject(body['data']) ? body['data'] : undefined;
    let resourceMessage: MessageRecord | undefined;
    switch (type) {
      case 4:
      case 5: {
        if (type === 4 && !hasVisibleContent(data ?? {}, files)) this.refuse(ctx, EMPTY_MESSAGE, body, 50006, 'Cannot send an empty message');
        const flags = typeof data?.['flags'] === 'number' ? data['flags'] : 0;
        resourceMessage = this.#createInteractionMessage(record, data ?? {}, files, {
          ephemeral: (flags & MessageFlags.Ephemeral) !== 0,
          loading: type === 5,
          original: true,
        });
        record.originalMessageId = resourceMessage.id;
        record.replied = type === 4;
        break;
      }
      case 6:
        break;
      case 7: {
        const source = this.#requireMessage(record.sourceMessageId);
        if (data !== undefined) this.#editMessage(source, data, files, { markEdited: true, clearLoading: false, byWebhook: true });
        resourceMessage = source;
        record.replied = true;
        break;
      }
      case 8:
        record.choices = Array.isArray(data?.['choices']) ? (data['choices'] as JsonObject[]) : [];
        break;
      case 9:
        record.modal = data ?? {};
        break;
      default:
        break;
    }
    const callback: CallbackRecord = { type, data, latencyMs: now - record.dispatchedAt };
    record.callbacks.push(callback);
    if (record.callbacks.length === 1) this.#settled(record);
    this.events.emit('callback', record, callback);
    this.changed();
    if (!withResponse) return { status: 204 };
    const message = resourceMessage === undefined ? undefined : this.messages.get(resourceMessage.id);
    return {
      status: 200,
      body: {
        interaction: {
          id: record.id,
          type: record.type,
          ...(record.originalMessageId !== null && (type === 4 || type === 5)
            ? {
                response_message_id: record.originalMessageId,
                response_message_loading: type === 5,
                response_message_ephemeral: message?.ephemeral ?? false,
              }
            : {}),
        },
        ...(message !== undefined && (type === 4 || type === 7) ? { resource: { type, message: structuredClone(message.data) } } : {}),
      },
    };
  }

  /** POST /webhooks/{application_id}/{token} — a follow-up message. */
  webhookExecute(ctx: RequestContext, webhookId: string, token: string, body: JsonObject, files: readonly UploadedFile[], wait: boolean): RestResult {
    const record = this.#interactionForWebhook(webhookId, token);
    if (!hasVisibleContent(body, files)) this.refuse(ctx, EMPTY_MESSAGE, body, 50006, 'Cannot send an empty message');
    const original = record.originalMessageId === null ? undefined : this.messages.get(record.originalMessageId);
    let message: MessageRecord;
    if (original !== undefined && !original.deleted && original.loading && record.followupIds.length === 0) {
      // Discord turns the first follow-up after a deferred reply into that reply, keeping its
      // ephemerality; once that reply is deleted, a follow-up is a message of its own.
      message = this.#editMessage(original, body, files, { markEdited: false, clearLoading: true, byWebhook: true });
    } else {
      const flags = typeof body['flags'] === 'number' ? body['flags'] : 0;
      message = this.#createInteractionMessage(record, body, files, { ephemeral: (flags & MessageFlags.Ephemeral) !== 0, loading: false, original: false });
      record.followupIds.push(message.id);
    }
    record.replied = true;
    this.changed();
    return wait ? { status: 200, body: structuredClone(message.data) } : { status: 204 };
  }

  /** GET/PATCH/DELETE /webhooks/{application_id}/{token}/messages/{@original|id} */
  webhookMessage(ctx: RequestContext, webhookId: string, token: string, messageRef: string, body: JsonObject | undefined, files: readonly UploadedFile[]): RestResult {
    const record = this.#interactionForWebhook(webhookId, token);
    const id = messageRef === '@original' ? record.originalMessageId : messageRef;
    const owned = id !== null && (id === record.originalMessageId || record.followupIds.includes(id));
    const message = owned ? this.messages.get(id) : undefined;
    if (message === undefined || message.deleted) throw new ApiError(404, 10008, 'Unknown Message');
    if (ctx.method === 'get') return { status: 200, body: structuredClone(message.data) };
    if (ctx.method === 'delete') {
      this.#deleteMessage(message);
      return { status: 204 };
    }
    const wasLoading = message.loading;
    if (wasLoading && !hasVisibleContent(body ?? {}, files)) this.refuse(ctx, EMPTY_MESSAGE, body, 50006, 'Cannot send an empty message');
    this.#editMessage(message, body ?? {}, files, { markEdited: !wasLoading, clearLoading: wasLoading, byWebhook: true });
    if (id === record.originalMessageId) record.replied = true;
    this.changed();
    return { status: 200, body: structuredClone(message.data) };
  }

  // ---------------------------------------------------------------- channel messages

  /** POST /channels/{id}/messages */
  channelMessageCreate(ctx: RequestContext, channelId: string, body: JsonObject, files: readonly UploadedFile[]): RestResult {
    const channel = this.#channelForBot(channelId);
    this.#requireBotPermissions(channel, ['ViewChannel', 'SendMessages', ...(Array.isArray(body['embeds']) && body['embeds'].length > 0 ? (['EmbedLinks'] as const) : []), ...(files.length > 0 ? (['AttachFiles'] as const) : [])]);
    if (!hasVisibleContent(body, files)) this.refuse(ctx, EMPTY_MESSAGE, body, 50006, 'Cannot send an empty message');
    const reference = isObject(body['message_reference']) ? body['message_reference'] : undefined;
    const message = this.#storeMessage(channel, body, files, {
      type: reference !== undefined ? MessageType.Reply : MessageType.Default,
      ephemeral: false,
      loading: false,
      webhook: false,
      interaction: null,
      original: false,
      canMentionEveryone: channel.guildId === null || (this.world.memberChannelPermissions(channel, this.world.botUser.id) & PermissionFlagsBits.MentionEveryone) !== 0n,
    });
    return { status: 200, body: structuredClone(message.data) };
  }

  /** GET/PATCH/DELETE /channels/{id}/messages/{message_id} */
  channelMessage(ctx: RequestContext, channelId: string, messageId: string, body: JsonObject | undefined, files: readonly UploadedFile[]): RestResult {
    const channel = this.#channelForBot(channelId);
    this.#requireBotPermissions(channel, ctx.method === 'get' ? ['ViewChannel', 'ReadMessageHistory'] : ['ViewChannel']);
    const message = this.messages.get(messageId);
    if (message === undefined || message.channelId !== channel.id || message.deleted || message.ephemeral) throw new ApiError(404, 10008, 'Unknown Message');
    if (ctx.method === 'get') return { status: 200, body: structuredClone(message.data) };
    const author = isObject(message.data['author']) ? message.data['author']['id'] : undefined;
    if (ctx.method === 'delete') {
      if (author !== this.world.botUser.id) this.#requireBotPermissions(channel, ['ManageMessages']);
      this.#deleteMessage(message);
      return { status: 204 };
    }
    if (author !== this.world.botUser.id) throw new ApiError(403, 50005, 'Cannot edit a message authored by another user');
    if (Array.isArray(body?.['embeds']) && body['embeds'].length > 0) this.#requireBotPermissions(channel, ['EmbedLinks']);
    this.#editMessage(message, body ?? {}, files, { markEdited: true, clearLoading: false, byWebhook: false });
    return { status: 200, body: structuredClone(message.data) };
  }

  /** GET /channels/{id} */
  getChannel(channelId: string): RestResult {
    const channel = this.#channelForBot(channelId);
    this.#requireBotPermissions(channel, ['ViewChannel']);
    return { status: 200, body: this.world.apiChannel(channel) };
  }

  /** POST /users/@me/channels */
  createDm(ctx: RequestContext, body: JsonObject): RestResult {
    const recipient = body['recipient_id'];
    if (typeof recipient !== 'string' || !this.world.users.has(recipient)) {
      this.refuse(ctx, [{ path: 'recipient_id', code: 'BASE_TYPE_REQUIRED', message: 'Unknown user.' }], body);
    }
    return { status: 200, body: this.world.apiChannel(this.world.dmChannel(recipient)) };
  }

  /** GET /users/{id} */
  getUser(userId: string): RestResult {
    const user = this.world.users.get(userId === '@me' ? this.world.botUser.id : userId);
    if (user === undefined) throw new ApiError(404, 10013, 'Unknown User');
    return { status: 200, body: user.id === this.world.botUser.id ? this.botUserObject() : this.world.apiUser(user) };
  }

  /** GET /guilds/{id}/members/{user_id} */
  getMember(guildId: string, userId: string): RestResult {
    const guild = this.world.guilds.get(guildId);
    if (guild === undefined) throw new ApiError(404, 10004, 'Unknown Guild');
    if (!guild.botPresent) throw new ApiError(403, 50001, 'Missing Access');
    const member = guild.members.get(userId);
    if (member === undefined) throw new ApiError(404, 10007, 'Unknown Member');
    return { status: 200, body: this.world.apiMember(guild, member) };
  }

  botUserObject(): JsonObject {
    return { ...this.world.apiUser(this.world.botUser), bot: true, verified: true, mfa_enabled: false, email: null, locale: 'en-US' };
  }

  applicationObject(): JsonObject {
    return {
      id: this.options.applicationId,
      name: this.world.botUser.username,
      icon: null,
      description: '',
      type: null,
      bot: this.world.apiUser(this.world.botUser),
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: '0'.repeat(64),
      flags: 0,
      flags_new: '0',
      redirect_uris: [],
      interactions_endpoint_url: null,
      role_connections_verification_url: null,
      owner: this.world.apiUser(this.world.botUser),
      approximate_guild_count: [...this.world.guilds.values()].filter((g) => g.botPresent).length,
      approximate_user_install_count: 0,
      approximate_user_authorization_count: 0,
      explicit_content_filter: 0,
      team: null,
      eligible_oauth2_scopes: ['applications.commands', 'bot'],
      integration_types_config: { '0': {} },
    };
  }

  // ---------------------------------------------------------------- commands

  /** PUT /applications/{id}/commands and /applications/{id}/guilds/{guild_id}/commands */
  putCommands(ctx: RequestContext, applicationId: string, guildId: string | null, body: unknown): RestResult {
    if (applicationId !== this.options.applicationId) throw new ApiError(403, 50001, 'Missing Access');
    if (guildId !== null) this.#guildForBot(guildId);
    const list = Array.isArray(body) ? body.filter(isObject) : [];
    const issues = commandRuleIssues(list, guildId === null);
    if (issues.length > 0) this.refuse(ctx, issues, body);
    const previous = guildId === null ? this.globalCommands : (this.guildCommands.get(guildId) ?? []);
    const stored = list.map((c) => {
      const type = typeof c['type'] === 'number' ? c['type'] : 1;
      const kept = previous.find((p) => p['name'] === c['name'] && p['type'] === type);
      return this.#commandObject(c, type, kept?.['id'] as string | undefined, guildId);
    });
    if (guildId === null) this.globalCommands.splice(0, this.globalCommands.length, ...stored);
    else this.guildCommands.set(guildId, stored);
    this.changed();
    return { status: 200, body: structuredClone(stored) };
  }

  /** GET of the same routes. */
  getCommands(applicationId: string, guildId: string | null): RestResult {
    if (applicationId !== this.options.applicationId) throw new ApiError(403, 50001, 'Missing Access');
    if (guildId !== null) this.#guildForBot(guildId);
    return { status: 200, body: structuredClone(guildId === null ? this.globalCommands : (this.guildCommands.get(guildId) ?? [])) };
  }

  #commandObject(c: JsonObject, type: number, id: string | undefined, guildId: string | null): JsonObject {
    const dmPermission = c['dm_permission'];
    return {
      id: id ?? this.ids.next(),
      application_id: this.options.applicationId,
      version: this.ids.next(),
      default_member_permissions: typeof c['default_member_permissions'] === 'string' ? c['default_member_permissions'] : null,
      type,
      name: c['name'],
      ...(isObject(c['name_localizations']) ? { name_localizations: c['name_localizations'] } : {}),
      description: typeof c['description'] === 'string' ? c['description'] : '',
      ...(isObject(c['description_localizations']) ? { description_localizations: c['description_localizations'] } : {}),
      ...(guildId !== null ? { guild_id: guildId } : { dm_permission: dmPermission !== false }),
      contexts: Array.isArray(c['contexts']) ? c['contexts'] : null,
      integration_types: Array.isArray(c['integration_types']) ? c['integration_types'] : [0],
      ...(Array.isArray(c['options']) && c['options'].length > 0 ? { options: normaliseOptions(c['options']) } : {}),
      nsfw: c['nsfw'] === true,
    };
  }

  // ---------------------------------------------------------------- message storage

  messagesIn(channelId: string): MessageRecord[] {
    return (this.channelMessages.get(channelId) ?? []).map((id) => this.messages.get(id)).filter((m): m is MessageRecord => m !== undefined);
  }

  #createInteractionMessage(record: InteractionRecord, body: JsonObject, files: readonly UploadedFile[], opts: { ephemeral: boolean; loading: boolean; original: boolean }): MessageRecord {
    const channel = this.world.requireChannel(record.channelId);
    const isCommand = record.type === InteractionType.ApplicationCommand;
    return this.#storeMessage(channel, body, files, {
      type: opts.original && isCommand ? MessageType.ChatInputCommand : MessageType.Default,
      ephemeral: opts.ephemeral,
      visibleTo: opts.ephemeral ? record.userId : null,
      loading: opts.loading,
      webhook: true,
      interaction: record,
      original: opts.original,
      canMentionEveryone: true,
    });
  }

  #storeMessage(
    channel: ChannelRecord,
    body: JsonObject,
    files: readonly UploadedFile[],
    opts: { type: number; ephemeral: boolean; visibleTo?: string | null; loading: boolean; webhook: boolean; interaction: InteractionRecord | null; original: boolean; canMentionEveryone: boolean },
  ): MessageRecord {
    const id = this.ids.next();
    const rec = opts.interaction;
    const invoker = rec === null ? undefined : this.world.apiUser(this.world.requireUser(rec.userId));
    const metadata: JsonObject | null =
      rec === null || invoker === undefined
        ? null
        : {
            id: rec.id,
            type: rec.type,
            user: invoker,
            authorizing_integration_owners: rec.payload['authorizing_integration_owners'],
            ...(opts.original ? {} : rec.originalMessageId !== null && rec.type !== InteractionType.MessageComponent ? { original_response_message_id: rec.originalMessageId } : {}),
            ...(rec.type === InteractionType.MessageComponent && rec.sourceMessageId !== null ? { interacted_message_id: rec.sourceMessageId } : {}),
            ...(rec.type === InteractionType.ModalSubmit && rec.opener !== null ? { triggering_interaction_metadata: this.#triggeringMetadata(rec.opener) } : {}),
          };
    const data = createMessageData({
      id,
      channelId: channel.id,
      author: this.botUserObjectForMessages(),
      body,
      files,
      type: opts.type,
      ephemeral: opts.ephemeral,
      loading: opts.loading,
      webhookId: opts.webhook ? this.options.applicationId : null,
      applicationId: opts.webhook ? this.options.applicationId : null,
      interactionMetadata: metadata,
      interaction:
        rec !== null && invoker !== undefined && rec.type === InteractionType.ApplicationCommand
          ? { id: rec.id, type: rec.type, name: commandName(rec.payload), user: invoker }
          : null,
      mentionContext: { canMentionEveryone: opts.canMentionEveryone },
      knownUsers: (uid) => {
        const u = this.world.users.get(uid);
        return u === undefined ? undefined : this.world.apiUser(u);
      },
    });
    const message: MessageRecord = {
      id,
      channelId: channel.id,
      guildId: channel.guildId,
      data,
      ephemeral: opts.ephemeral,
      visibleTo: opts.visibleTo ?? null,
      loading: opts.loading,
      interactionId: rec?.id ?? null,
      allowedMentions: body['allowed_mentions'],
      deleted: false,
      history: [],
    };
    this.messages.set(id, message);
    const list = this.channelMessages.get(channel.id) ?? [];
    list.push(id);
    this.channelMessages.set(channel.id, list);
    if (!opts.ephemeral) channel.lastMessageId = id;
    this.#emitCopy('message', message);
    this.changed();
    return message;
  }

  botUserObjectForMessages(): JsonObject {
    return { ...this.world.apiUser(this.world.botUser), bot: true };
  }

  #editMessage(message: MessageRecord, body: JsonObject, files: readonly UploadedFile[], opts: { markEdited: boolean; clearLoading: boolean; byWebhook: boolean }): MessageRecord {
    const channel = this.world.requireChannel(message.channelId);
    message.history.push(message.data);
    message.data = editMessageData(message.data, body, files, {
      markEdited: opts.markEdited,
      clearLoading: opts.clearLoading,
      mentionContext: {
        canMentionEveryone: opts.byWebhook || channel.guildId === null || (this.world.memberChannelPermissions(channel, this.world.botUser.id) & PermissionFlagsBits.MentionEveryone) !== 0n,
      },
      knownUsers: (uid) => {
        const u = this.world.users.get(uid);
        return u === undefined ? undefined : this.world.apiUser(u);
      },
    });
    if (opts.clearLoading) message.loading = false;
    if ('allowed_mentions' in body) message.allowedMentions = body['allowed_mentions'];
    else if (opts.clearLoading) message.allowedMentions = undefined;
    this.#emitCopy('messageUpdate', message);
    this.changed();
    return message;
  }

  /** Emits a detached copy of `message`, made only when someone listens (a burst of replies makes thousands). */
  #emitCopy(event: 'message' | 'messageUpdate' | 'messageDelete', message: MessageRecord): void {
    if (this.events.listenerCount(event) > 0) this.events.emit(event, snapshot(message));
  }

  #deleteMessage(message: MessageRecord): void {
    message.deleted = true;
    this.#emitCopy('messageDelete', message);
    this.changed();
  }

  #requireMessage(id: string | null): MessageRecord {
    const message = id === null ? undefined : this.messages.get(id);
    if (message === undefined || message.deleted) throw new ApiError(404, 10008, 'Unknown Message');
    return message;
  }

  #interactionForWebhook(webhookId: string, token: string): InteractionRecord {
    if (webhookId !== this.options.applicationId) throw new ApiError(404, 10015, 'Unknown Webhook');
    const record = this.#byToken.get(token);
    if (record === undefined || this.options.now() - record.dispatchedAt > this.options.followupWindowMs) {
      throw new ApiError(401, 50027, 'Invalid Webhook Token');
    }
    if (record.callbacks.length === 0) throw new ApiError(404, 10015, 'Unknown Webhook');
    return record;
  }

  #guildForBot(guildId: string): GuildRecord {
    const guild = this.world.guilds.get(guildId);
    if (guild === undefined) throw new ApiError(404, 10004, 'Unknown Guild');
    if (!guild.botPresent) throw new ApiError(403, 50001, 'Missing Access');
    return guild;
  }

  #channelForBot(channelId: string): ChannelRecord {
    const channel = this.world.channels.get(channelId);
    if (channel === undefined) throw new ApiError(404, 10003, 'Unknown Channel');
    if (channel.guildId !== null) this.#guildForBot(channel.guildId);
    return channel;
  }

  #requireBotPermissions(channel: ChannelRecord, needed: readonly (keyof typeof PermissionFlagsBits)[]): void {
    if (channel.guildId === null) return;
    const have = this.world.memberChannelPermissions(channel, this.world.botUser.id);
    if ((have & PermissionFlagsBits.ViewChannel) === 0n) throw new ApiError(403, 50001, 'Missing Access');
    const missing = needed.filter((n) => (have & PermissionFlagsBits[n]) === 0n);
    if (missing.length > 0) throw new ApiError(403, 50013, 'Missing Permissions');
  }

  /** What a message made in answer to a submitted form says about the interaction that opened the form. */
  #triggeringMetadata(opener: InteractionRecord): JsonObject {
    return {
      id: opener.id,
      type: opener.type,
      user: this.world.apiUser(this.world.requireUser(opener.userId)),
      authorizing_integration_owners: opener.payload['authorizing_integration_owners'],
      ...(opener.type === InteractionType.MessageComponent && opener.sourceMessageId !== null ? { interacted_message_id: opener.sourceMessageId } : {}),
    };
  }

  /** Tells the bot's gateway sessions about a guild (GUILD_CREATE). */
  announceGuild(guild: GuildRecord): void {
    this.gateway?.dispatch('GUILD_CREATE', this.world.apiGuildCreate(guild), GatewayIntentBits.Guilds);
  }
}

function allowedCallbackTypes(type: InteractionType): number[] {
  switch (type) {
    case InteractionType.ApplicationCommand:
      return [4, 5, 9];
    case InteractionType.MessageComponent:
      return [4, 5, 6, 7, 9];
    case InteractionType.ApplicationCommandAutocomplete:
      return [8];
    case InteractionType.ModalSubmit:
      return [4, 5, 6, 7];
    default:
      return [1];
  }
}

function commandName(payload: JsonObject): string {
  const data = isObject(payload['data']) ? payload['data'] : {};
  const parts = [String(data['name'] ?? '')];
  let options = data['options'];
  while (Array.isArray(options)) {
    const first: unknown = options[0];
    if (!isObject(first) || (first['type'] !== ApplicationCommandOptionType.Subcommand && first['type'] !== ApplicationCommandOptionType.SubcommandGroup)) break;
    parts.push(String(first['name']));
    options = first['options'];
  }
  return parts.join(' ');
}

function normaliseOptions(options: unknown[]): JsonObject[] {
  return options.filter(isObject).map((o) => {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(o)) if (v !== null && v !== undefined) out[k] = k === 'options' && Array.isArray(v) ? normaliseOptions(v) : v;
    // Discord leaves `required` out when false, except on options inside subcommands where it echoes it.
    if (out['required'] === false) delete out['required'];
    return out;
  });
}

/** Rules Discord enforces on command registration that the OpenAPI schema cannot express. */
export function commandRuleIssues(commands: readonly JsonObject[], global: boolean): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const seen = new Set<string>();
  commands.forEach((c, i) => {
    const type = typeof c['type'] === 'number' ? c['type'] : 1;
    const name = typeof c['name'] === 'string' ? c['name'] : '';
    const key = `${type}:${name}`;
    if (seen.has(key)) issues.push({ path: `${i}.name`, code: 'APPLICATION_COMMANDS_DUPLICATE_NAME', message: `Application command names must be unique (${name}).` });
    seen.add(key);
    if (type === 1) {
      checkChatInputNode(c, `${i}`, issues, 0);
    }
    if (!global && 'dm_permission' in c && c['dm_permission'] !== null && c['dm_permission'] !== undefined) {
      issues.push({ path: `${i}.dm_permission`, code: 'APPLICATION_COMMAND_GUILD_DM_PERMISSION', message: 'dm_permission has no meaning on a guild command.' });
    }
  });
  return issues;
}

function checkChatInputNode(node: JsonObject, at: string, issues: SchemaIssue[], depth: number): void {
  const name = typeof node['name'] === 'string' ? node['name'] : '';
  if (!COMMAND_NAME.test(name) || name !== name.toLowerCase()) {
    issues.push({ path: `${at}.name`, code: 'APPLICATION_COMMAND_INVALID_NAME', message: `Command name is invalid: ${JSON.stringify(name)} (lowercase letters, digits, - _ ' only, 1-32 characters).` });
  }
  const description = node['description'];
  if (typeof description !== 'string' || description.length < 1 || description.length > 100) {
    issues.push({ path: `${at}.description`, code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' });
  }
  const options = Array.isArray(node['options']) ? node['options'].filter(isObject) : [];
  if (options.length > 25) issues.push({ path: `${at}.options`, code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
  const names = new Set<string>();
  let sawOptional = false;
  const nestedTypes: number[] = [ApplicationCommandOptionType.Subcommand, ApplicationCommandOptionType.SubcommandGroup];
  const hasNested = options.some((o) => nestedTypes.includes(o['type'] as number));
  options.forEach((o, j) => {
    const path = `${at}.options.${j}`;
    const oname = typeof o['name'] === 'string' ? o['name'] : '';
    if (names.has(oname)) issues.push({ path: `${path}.name`, code: 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS', message: `Option name ${oname} is already used.` });
    names.add(oname);
    const isNested = nestedTypes.includes(o['type'] as number);
    if (hasNested && !isNested) issues.push({ path, code: 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', message: 'Subcommands and groups cannot be mixed with other options.' });
    if (o['type'] === ApplicationCommandOptionType.SubcommandGroup && depth > 0) issues.push({ path, code: 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', message: 'Subcommand groups can only be at the top level.' });
    if (isNested) {
      checkChatInputNode(o, path, issues, depth + 1);
      return;
    }
    if (!COMMAND_NAME.test(oname) || oname !== oname.toLowerCase()) {
      issues.push({ path: `${path}.name`, code: 'APPLICATION_COMMAND_INVALID_NAME', message: `Option name is invalid: ${JSON.stringify(oname)}.` });
    }
    const d = o['description'];
    if (typeof d !== 'string' || d.length < 1 || d.length > 100) issues.push({ path: `${path}.description`, code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' });
    if (o['required'] === true && sawOptional) issues.push({ path: `${path}.required`, code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', message: 'Required options must be placed before non-required options.' });
    if (o['required'] !== true) sawOptional = true;
    const choices = o['choices'];
    if (Array.isArray(choices) && choices.length > 0 && o['autocomplete'] === true) {
      issues.push({ path: `${path}.autocomplete`, code: 'APPLICATION_COMMAND_OPTIONS_AUTOCOMPLETE_CHOICES', message: 'Autocomplete cannot be set on an option with choices.' });
    }
  });
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import { ComponentType, MessageFlags } from 'discord.js';

type JsonObject = Record<string, unknown>;

/** A message as the simulator keeps it: Discord's object plus what only the simulator knows. */
export interface SimMessage {
  readonly id: string;
  readonly channelId: string;
  readonly guildId: string | null;
  /** The message exactly as the API returns it now (Discord's MessageResponse shape). */
  readonly data: JsonObject;
  /** Only `visibleTo` sees it. */
  readonly ephemeral: boolean;
  readonly visibleTo: string | null;
  /** A deferred reply still showing "thinking…". */
  readonly loading: boolean;
  /** The interaction that produced it (response, follow-up), if any. */
  readonly interactionId: string | null;
  /** The `allowed_mentions` the bot sent with the latest create or edit; `undefined` when it sent none (Discord then parses every mention). */
  readonly allowedMentions: unknown;
  readonly deleted: boolean;
  /** Earlier versions, oldest first. */
  readonly history: readonly JsonObject[];
}

/** A button found on a message. */
export interface SimButton {
  readonly customId: string | null;
  readonly label: string | null;
  readonly style: number;
  readonly disabled: boolean;
  readonly url: string | null;
  readonly emoji: string | null;
}

/** The mutable record behind a {@link SimMessage}. */
export interface MessageRecord {
  id: string;
  channelId: string;
  guildId: string | null;
  data: JsonObject;
  ephemeral: boolean;
  visibleTo: string | null;
  loading: boolean;
  interactionId: string | null;
  allowedMentions: unknown;
  deleted: boolean;
  history: JsonObject[];
}

/** A file the bot uploaded with a multipart body. */
export interface UploadedFile {
  readonly field: string;
  readonly filename: string;
  readonly size: number;
  readonly contentType: string;
}

export interface MentionContext {
  /** Whether the sender may ping @everyone/@here (webhooks may; channel messages need Mention Everyone). */
  readonly canMentionEveryone: boolean;
}

/** Flags a bot may set when sending; the rest are Discord's to set. */
const SENDABLE_FLAGS = MessageFlags.SuppressEmbeds | MessageFlags.Ephemeral | MessageFlags.SuppressNotifications | MessageFlags.IsComponentsV2;

/** Whether a create/edit body carries anything to show. */
export function hasVisibleContent(body: JsonObject, files: readonly UploadedFile[]): boolean {
  const nonEmpty = (v: unknown): boolean => (typeof v === 'string' ? v.length > 0 : Array.isArray(v) ? v.length > 0 : v !== null && v !== undefined);
  return nonEmpty(body['content']) || nonEmpty(body['embeds']) || nonEmpty(body['components']) || nonEmpty(body['sticker_ids']) || nonEmpty(body['poll']) || files.length > 0;
}

/** Builds Discord's message object for a new message. */
export function createMessageData(args: {
  id: string;
  channelId: string;
  author: JsonObject;
  body: JsonObject;
  files: readonly UploadedFile[];
  type: number;
  ephemeral: boolean;
  loading: boolean;
  webhookId: string | null;
  applicationId: string | null;
  interactionMetadata: JsonObject | null;
  interaction: JsonObject | null;
  mentionContext: MentionContext;
  knownUsers: (id: string) => JsonObject | undefined;
}): JsonObject {
  const { body } = args;
  // Ephemerality comes from how the message is sent (interaction responses only), never from a channel message's flags.
  const flags =
    (typeof body['flags'] === 'number' ? body['flags'] & SENDABLE_FLAGS & ~MessageFlags.Ephemeral : 0) |
    (args.ephemeral ? MessageFlags.Ephemeral : 0) |
    (args.loading ? MessageFlags.Loading : 0);
  const content = typeof body['content'] === 'string' ? body['content'] : '';
  const data: JsonObject = {
    type: args.type,
    content,
    mentions: [],
    mention_roles: [],
    attachments: toAttachments(args.files, args.id),
    embeds: normaliseEmbeds(body['embeds']),
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    flags,
    components: normaliseComponents(body['components']),
    id: args.id,
    channel_id: args.channelId,
    author: args.author,
    pinned: false,
    mention_everyone: false,
    tts: body['tts'] === true,
    ...(args.webhookId !== null ? { webhook_id: args.webhookId } : {}),
    ...(args.applicationId !== null ? { application_id: args.applicationId } : {}),
    ...(args.interactionMetadata !== null ? { interaction_metadata: args.interactionMetadata } : {}),
    ...(args.interaction !== null ? { interaction: args.interaction } : {}),
    ...(typeof body['nonce'] === 'string' || typeof body['nonce'] === 'number' ? { nonce: body['nonce'] } : {}),
    ...(isObject(body['poll']) ? { poll: body['poll'] } : {}),
  };
  applyMentions(data, body['allowed_mentions'], args.mentionContext, args.knownUsers);
  return data;
}

/** Applies an edit body to a message object; returns the new object (the old one is kept as history by the caller). */
export function editMessageData(
  previous: JsonObject,
  body: JsonObject,
  files: readonly UploadedFile[],
  opts: { markEdited: boolean; clearLoading: boolean; mentionContext: MentionContext; knownUsers: (id: string) => JsonObject | undefined },
): JsonObject {
  const next: JsonObject = structuredClone(previous);
  if ('content' in body) next['content'] = typeof body['content'] === 'string' ? body['content'] : '';
  if ('embeds' in body) next['embeds'] = normaliseEmbeds(body['embeds']);
  if ('components' in body) next['components'] = normaliseComponents(body['components']);
  if ('attachments' in body || files.length > 0) next['attachments'] = toAttachments(files, String(previous['id']));
  let flags = typeof previous['flags'] === 'number' ? previous['flags'] : 0;
  if (typeof body['flags'] === 'number') {
    // Only Suppress Embeds can change on edit; ephemerality is fixed at creation.
    flags = (flags & ~MessageFlags.SuppressEmbeds) | (body['flags'] & MessageFlags.SuppressEmbeds);
  }
  if (opts.clearLoading) flags &= ~MessageFlags.Loading;
  next['flags'] = flags;
  if (opts.markEdited) next['edited_timestamp'] = new Date().toISOString();
  applyMentions(next, 'allowed_mentions' in body ? body['allowed_mentions'] : undefined, opts.mentionContext, opts.knownUsers);
  return next;
}

/** Every button on a message, in reading order (action rows, sections and containers included). */
export function buttonsOf(data: JsonObject): SimButton[] {
  const found: SimButton[] = [];
  const walk = (components: unknown): void => {
    if (!Array.isArray(components)) return;
    for (const c of components) {
      if (!isObject(c)) continue;
      if (c['type'] === ComponentType.Button) {
        const emoji = isObject(c['emoji']) ? (typeof c['emoji']['name'] === 'string' ? c['emoji']['name'] : null) : null;
        found.push({
          customId: typeof c['custom_id'] === 'string' ? c['custom_id'] : null,
          label: typeof c['label'] === 'string' ? c['label'] : null,
          style: typeof c['style'] === 'number' ? c['style'] : 0,
          disabled: c['disabled'] === true,
          url: typeof c['url'] === 'string' ? c['url'] : null,
          emoji,
        });
      }
      walk(c['components']);
      if (isObject(c['accessory'])) walk([c['accessory']]);
    }
  };
  walk(data['components']);
  return found;
}

/** A detached, read-only copy for tests. */
export function snapshot(record: MessageRecord): SimMessage {
  return structuredClone({
    id: record.id,
    channelId: record.channelId,
    guildId: record.guildId,
    data: record.data,
    ephemeral: record.ephemeral,
    visibleTo: record.visibleTo,
    loading: record.loading,
    interactionId: record.interactionId,
    allowedMentions: record.allowedMentions,
    deleted: record.deleted,
    history: record.history,
  });
}

/** Whether this allowed_mentions value lets @everyone/@here ping (an absent value parses everything). */
export function allowsEveryone(allowedMentions: unknown): boolean {
  if (allowedMentions === undefined || allowedMentions === null) return true;
  if (!isObject(allowedMentions)) return true;
  // Once the object is sent, a missing `parse` means "parse nothing".
  const parse = allowedMentions['parse'];
  return Array.isArray(parse) && parse.includes('everyone');
}

function applyMentions(data: JsonObject, allowedMentions: unknown, ctx: MentionContext, knownUsers: (id: string) => JsonObject | undefined): void {
  const content = typeof data['content'] === 'string' ? data['content'] : '';
  const am = isObject(allowedMentions) ? allowedMentions : undefined;
  const parse = am === undefined ? ['users', 'roles', 'everyone'] : Array.isArray(am['parse']) ? (am['parse'] as unknown[]) : [];
  const allowedUsers = am !== undefined && Array.isArray(am['users']) ? (am['users'] as unknown[]) : [];
  const allowedRoles = am !== undefined && Array.isArray(am['roles']) ? (am['roles'] as unknown[]) : [];
  const userIds = [...new Set([...content.matchAll(/<@!?(\d+)>/g)].map((m) => m[1] ?? ''))];
  const roleIds = [...new Set([...content.matchAll(/<@&(\d+)>/g)].map((m) => m[1] ?? ''))];
  data['mentions'] = userIds
    .filter((id) => parse.includes('users') || allowedUsers.includes(id))
    .map((id) => knownUsers(id))
    .filter((u): u is JsonObject => u !== undefined);
  data['mention_roles'] = roleIds.filter((id) => parse.includes('roles') || allowedRoles.includes(id));
  data['mention_everyone'] = ctx.canMentionEveryone && parse.includes('everyone') && /@(everyone|here)\b/.test(content);
}

function toAttachments(files: readonly UploadedFile[], messageId: string): JsonObject[] {
  return files.map((f, i) => {
    const id = `${messageId}${i}`;
    return {
      id,
      filename: f.filename,
      size: f.size,
      url: `https://cdn.discordapp.com/attachments/sim/${id}/${encodeURIComponent(f.filename)}`,
      proxy_url: `https://media.discordapp.net/attachments/sim/${id}/${encodeURIComponent(f.filename)}`,
      content_type: f.contentType,
    };
  });
}

function normaliseEmbeds(embeds: unknown): JsonObject[] {
  if (!Array.isArray(embeds)) return [];
  return embeds.filter(isObject).map((e) => {
    const out = stripNulls(e);
    out['type'] = typeof out['type'] === 'string' ? out['type'] : 'rich';
    if (Array.isArray(out['fields'])) {
      out['fields'] = out['fields'].filter(isObject).map((f) => ({ ...f, inline: f['inline'] === true }));
    }
    return out;
  });
}

// Discord numbers every component of a message depth-first from 1 when the sender gave no ids.
function normaliseComponents(components: unknown): JsonObject[] {
  if (!Array.isArray(components)) return [];
  let next = 1;
  const used = new Set<number>();
  const collect = (list: unknown): void => {
    if (!Array.isArray(list)) return;
    for (const c of list) {
      if (!isObject(c)) continue;
      if (typeof c['id'] === 'number') used.add(c['id']);
      collect(c['components']);
      if (isObject(c['accessory'])) collect([c['accessory']]);
    }
  };
  collect(components);
  const number = (list: unknown): JsonObject[] => {
    if (!Array.isArray(list)) return [];
    return list.filter(isObject).map((c) => {
      const out = stripNulls(c);
      if (typeof out['id'] !== 'number') {
        while (used.has(next)) next += 1;
        out['id'] = next;
        used.add(next);
      }
      if (Array.isArray(c['components'])) out['components'] = number(c['components']);
      if (isObject(c['accessory'])) out['accessory'] = number([c['accessory']])[0];
      return out;
    });
  };
  return number(components);
}

function stripNulls(value: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue;
    out[k] = isObject(v) ? stripNulls(v) : Array.isArray(v) ? v.map((x) => (isObject(x) ? stripNulls(x) : x)) : v;
  }
  return out;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import { ApplicationCommandOptionType, ChannelType } from 'discord.js';
import type { ChannelRecord, GuildRecord, World } from './world.js';

type JsonObject = Record<string, unknown>;

/** A value typed by a member for one option. Users, channels and roles may be given by id or by name. */
export type OptionValue = string | number | boolean;
/** Options as a simple `{ name: value }` object, or as Discord's raw option array (sent unchecked). */
export type OptionsInput = Readonly<Record<string, OptionValue>> | readonly JsonObject[];

export interface CommandPath {
  readonly name: string;
  readonly group: string | undefined;
  readonly subcommand: string | undefined;
}

export interface BuildContext {
  readonly world: World;
  readonly guild: GuildRecord | null;
  readonly invokerId: string;
  /** Skip the checks Discord's client makes before sending (required options, ranges, choices). */
  readonly force: boolean;
}

export interface FocusedOption {
  readonly name: string;
  readonly value: string;
}

/** Thrown when a test asks for something a Discord client would not let a member send. */
export class SimulatorUsageError extends Error {
  override readonly name = 'SimulatorUsageError';
}

/**
 * Parses what a member would type, e.g. `/quiz start rounds:3 scope:film` or `/fact query:act 3 director`,
 * into a command name (with any subcommand words) and `{ option: text }`. A value runs until the next ` name:`;
 * quotes are optional and removed. Values stay text; {@link buildCommandData} types them from the definition.
 * @throws {SimulatorUsageError} when the text does not start with `/` or names an option twice.
 */
export function parseSlashCommand(text: string): { name: string; options: Record<string, string> } {
  const trimmed = text.trim();
  if (!trimmed.startsWith('/')) throw new SimulatorUsageError(`a slash command starts with /: ${JSON.stringify(text)}`);
  const body = trimmed.slice(1);
  const first = /(?:^|\s)([-_\p{L}\p{N}]+):/u.exec(body);
  const name = (first === null ? body : body.slice(0, first.index)).trim().replace(/\s+/g, ' ');
  const options: Record<string, string> = {};
  if (first !== null) {
    const rest = body.slice(first.index);
    const parts = [...rest.matchAll(/(?:^|\s)([-_\p{L}\p{N}]+):/gu)];
    parts.forEach((m, i) => {
      const key = m[1] ?? '';
      const start = (m.index ?? 0) + m[0].length;
      const end = parts[i + 1]?.index ?? rest.length;
      if (key in options) throw new SimulatorUsageError(`option ${key} given twice`);
      options[key] = rest.slice(start, end).trim().replace(/^"(.*)"$/s, '$1');
    });
  }
  return { name, options };
}

/**
 * Splits `quiz start` / `config quiz-channels add` into command, group and subcommand,
 * using the registered definition to tell a group from a subcommand.
 */
export function parseCommandPath(name: string, subcommandGroup: string | undefined, subcommand: string | undefined, definition: JsonObject | undefined): CommandPath {
  const words = name.trim().replace(/^\//, '').split(/\s+/);
  const [root = '', ...rest] = words;
  if (rest.length === 0) return { name: root, group: subcommandGroup, subcommand };
  if (rest.length === 2) return { name: root, group: rest[0], subcommand: rest[1] };
  const only = rest[0] ?? '';
  const defOpt = optionsOf(definition).find((o) => o['name'] === only);
  if (defOpt?.['type'] === ApplicationCommandOptionType.SubcommandGroup) return { name: root, group: only, subcommand };
  return { name: root, group: subcommandGroup, subcommand: only };
}

/**
 * Builds `data` of an APPLICATION_COMMAND or APPLICATION_COMMAND_AUTOCOMPLETE interaction.
 * @throws {SimulatorUsageError} when the options do not fit the registered definition (unless `force`).
 */
export function buildCommandData(
  definition: JsonObject | undefined,
  commandId: string,
  path: CommandPath,
  options: OptionsInput | undefined,
  ctx: BuildContext,
  focused?: FocusedOption,
): JsonObject {
  const label = `/${[path.name, path.group, path.subcommand].filter((x) => x !== undefined).join(' ')}`;
  const resolved: Record<'users' | 'members' | 'roles' | 'channels', Record<string, JsonObject>> = { users: {}, members: {}, roles: {}, channels: {} };

  let leafDefs = optionsOf(definition);
  if (definition !== undefined) {
    if (path.group !== undefined) {
      const group = leafDefs.find((o) => o['name'] === path.group && o['type'] === ApplicationCommandOptionType.SubcommandGroup);
      if (group === undefined) throw new SimulatorUsageError(`${label}: /${path.name} has no subcommand group ${path.group}`);
      leafDefs = optionsOf(group);
    }
    if (path.subcommand !== undefined) {
      const sub = leafDefs.find((o) => o['name'] === path.subcommand && o['type'] === ApplicationCommandOptionType.Subcommand);
      if (sub === undefined) throw new SimulatorUsageError(`${label}: no such subcommand (have: ${names(leafDefs, ApplicationCommandOptionType.Subcommand)})`);
      leafDefs = optionsOf(sub);
    }
    const nested = leafDefs.filter((o) => o['type'] === ApplicationCommandOptionType.Subcommand || o['type'] === ApplicationCommandOptionType.SubcommandGroup);
    if (nested.length > 0 && !ctx.force) {
      throw new SimulatorUsageError(`${label} needs a subcommand: ${nested.map((o) => String(o['name'])).join(', ')}`);
    }
  }

  let leaf: JsonObject[];
  if (Array.isArray(options)) {
    leaf = structuredClone(options as JsonObject[]);
  } else {
    const given = (options ?? {}) as Readonly<Record<string, OptionValue>>;
    leaf = [];
    const entries = Object.entries(given).filter(([key]) => key !== focused?.name);
    // Definition order, as Discord's client sends them; unknown names are refused unless forced.
    const order = (key: string): number => {
      const i = leafDefs.findIndex((d) => d['name'] === key);
      return i === -1 ? Number.MAX_SAFE_INTEGER : i;
    };
    entries.sort(([a], [b]) => order(a) - order(b));
    for (const [key, raw] of entries) {
      const def = leafDefs.find((d) => d['name'] === key);
      if (def === undefined && definition !== undefined && !ctx.force) {
        throw new SimulatorUsageError(`${label} has no option ${key} (have: ${leafDefs.map((d) => String(d['name'])).join(', ') || 'none'})`);
      }
      leaf.push(convertOption(key, raw, def, ctx, resolved, label));
    }
    if (focused !== undefined) {
      const def = leafDefs.find((d) => d['name'] === focused.name);
      if (definition !== undefined && !ctx.force) {
        if (def === undefined) throw new SimulatorUsageError(`${label} has no option ${focused.name}`);
        if (def['autocomplete'] !== true) throw new SimulatorUsageError(`option ${focused.name} of ${label} does not have autocomplete`);
      }
      const type = typeof def?.['type'] === 'number' ? def['type'] : ApplicationCommandOptionType.String;
      leaf.push({ name: focused.name, type, value: focused.value, focused: true });
    } else if (definition !== undefined && !ctx.force) {
      const missing = leafDefs.filter((d) => d['required'] === true && !leaf.some((o) => o['name'] === d['name']));
      if (missing.length > 0) throw new SimulatorUsageError(`${label} is missing required option(s): ${missing.map((d) => String(d['name'])).join(', ')}`);
    }
  }

  let top: JsonObject[] = leaf;
  if (path.subcommand !== undefined) top = [{ name: path.subcommand, type: ApplicationCommandOptionType.Subcommand, options: top }];
  if (path.group !== undefined) top = [{ name: path.group, type: ApplicationCommandOptionType.SubcommandGroup, options: top }];

  const data: JsonObject = { id: commandId, name: path.name, type: 1 };
  if (top.length > 0) data['options'] = top;
  const usedResolved = Object.fromEntries(Object.entries(resolved).filter(([, v]) => Object.keys(v).length > 0));
  if (Object.keys(usedResolved).length > 0) data['resolved'] = usedResolved;
  if (definition !== undefined && typeof definition['guild_id'] === 'string') data['guild_id'] = definition['guild_id'];
  return data;
}

function convertOption(
  name: string,
  raw: OptionValue,
  def: JsonObject | undefined,
  ctx: BuildContext,
  resolved: Record<'users' | 'members' | 'roles' | 'channels', Record<string, JsonObject>>,
  label: string,
): JsonObject {
  const type = typeof def?.['type'] === 'number' ? def['type'] : inferType(raw);
  const fail = (why: string): never => {
    throw new SimulatorUsageError(`option ${name} of ${label}: ${why}`);
  };
  const check = !ctx.force && def !== undefined;
  switch (type) {
    case ApplicationCommandOptionType.String: {
      const value = String(raw);
      if (check) {
        if (typeof def['min_length'] === 'number' && value.length < def['min_length']) fail(`at least ${def['min_length']} characters`);
        if (typeof def['max_length'] === 'number' && value.length > def['max_length']) fail(`at most ${def['max_length']} characters`);
        checkChoices(def, value, fail);
      }
      return { name, type, value };
    }
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number: {
      const value = typeof raw === 'number' ? raw : Number(raw);
      if (check) {
        if (!Number.isFinite(value) || (type === ApplicationCommandOptionType.Integer && !Number.isInteger(value))) fail(`${JSON.stringify(raw)} is not ${type === ApplicationCommandOptionType.Integer ? 'an integer' : 'a number'}`);
        if (typeof def['min_value'] === 'number' && value < def['min_value']) fail(`must be at least ${def['min_value']}`);
        if (typeof def['max_value'] === 'number' && value > def['max_value']) fail(`must be at most ${def['max_value']}`);
        checkChoices(def, value, fail);
      }
      return { name, type, value };
    }
    case ApplicationCommandOptionType.Boolean: {
      const value = raw === true || raw === 'true' ? true : raw === false || raw === 'false' ? false : fail(`${JSON.stringify(raw)} is not true/false`);
      return { name, type, value };
    }
    case ApplicationCommandOptionType.User:
      return { name, type, value: resolveUser(String(raw), ctx, resolved, fail) };
    case ApplicationCommandOptionType.Role:
      return { name, type, value: resolveRole(String(raw), ctx, resolved, fail) };
    case ApplicationCommandOptionType.Mentionable: {
      const ref = String(raw);
      const role = ctx.guild === null ? undefined : ctx.world.findRole(ctx.guild, ref);
      return { name, type, value: role !== undefined ? resolveRole(ref, ctx, resolved, fail) : resolveUser(ref, ctx, resolved, fail) };
    }
    case ApplicationCommandOptionType.Channel: {
      const id = resolveChannel(String(raw), ctx, resolved, fail);
      const allowed = def?.['channel_types'];
      const channel = ctx.world.channels.get(id);
      if (check && Array.isArray(allowed) && channel !== undefined && !allowed.includes(channel.type)) {
        fail(`channel #${channel.name} is not one of the allowed channel types ${JSON.stringify(allowed)}`);
      }
      return { name, type, value: id };
    }
    case ApplicationCommandOptionType.Attachment:
      return fail('attachments are not simulated');
    default:
      return fail(`unsupported option type ${String(type)}`);
  }
}

function checkChoices(def: JsonObject, value: string | number, fail: (why: string) => never): void {
  const choices = def['choices'];
  if (!Array.isArray(choices) || choices.length === 0) return;
  const values = choices.map((c) => (typeof c === 'object' && c !== null ? (c as JsonObject)['value'] : undefined));
  if (!values.includes(value)) fail(`${JSON.stringify(value)} is not one of the choices ${values.map((v) => JSON.stringify(v)).join(', ')}`);
}

function resolveUser(ref: string, ctx: BuildContext, resolved: Record<string, Record<string, JsonObject>>, fail: (why: string) => never): string {
  const cleaned = ref.replace(/^<@!?(\d+)>$/, '$1').replace(/^@/, '');
  let userId: string;
  try {
    userId = ctx.world.userId(cleaned, ctx.guild ?? undefined);
  } catch {
    return fail(`no user ${ref}`);
  }
  const user = ctx.world.requireUser(userId);
  (resolved['users'] ??= {})[userId] = ctx.world.apiUser(user);
  const member = ctx.guild?.members.get(userId);
  if (ctx.guild !== null && member !== undefined) {
    (resolved['members'] ??= {})[userId] = {
      ...ctx.world.apiMember(ctx.guild, member, false),
      permissions: ctx.world.memberBasePermissions(ctx.guild, userId).toString(),
    };
  }
  return userId;
}

function resolveRole(ref: string, ctx: BuildContext, resolved: Record<string, Record<string, JsonObject>>, fail: (why: string) => never): string {
  if (ctx.guild === null) return fail('roles only exist in guilds');
  const role = ctx.world.findRole(ctx.guild, ref.replace(/^<@&(\d+)>$/, '$1'));
  if (role === undefined) return fail(`no role ${ref} in ${ctx.guild.name}`);
  (resolved['roles'] ??= {})[role.id] = ctx.world.apiRole(role);
  return role.id;
}

function resolveChannel(ref: string, ctx: BuildContext, resolved: Record<string, Record<string, JsonObject>>, fail: (why: string) => never): string {
  const cleaned = ref.replace(/^<#(\d+)>$/, '$1');
  const channel: ChannelRecord | undefined = ctx.guild === null ? ctx.world.channels.get(cleaned) : ctx.world.findChannel(ctx.guild, cleaned);
  if (channel === undefined) return fail(`no channel ${ref}${ctx.guild === null ? '' : ` in ${ctx.guild.name}`}`);
  const api = ctx.world.apiChannel(channel);
  const permissions = channel.guildId === null ? '0' : ctx.world.memberChannelPermissions(channel, ctx.invokerId).toString();
  (resolved['channels'] ??= {})[channel.id] = {
    id: channel.id,
    name: channel.name,
    type: channel.type,
    permissions,
    ...(channel.guildId !== null ? { guild_id: channel.guildId, parent_id: channel.parentId, position: channel.position, flags: 0 } : {}),
    ...(channel.type === ChannelType.GuildText ? { topic: api['topic'], nsfw: false, last_message_id: channel.lastMessageId, rate_limit_per_user: 0 } : {}),
  };
  return channel.id;
}

function inferType(raw: OptionValue): number {
  if (typeof raw === 'boolean') return ApplicationCommandOptionType.Boolean;
  if (typeof raw === 'number') return Number.isInteger(raw) ? ApplicationCommandOptionType.Integer : ApplicationCommandOptionType.Number;
  return ApplicationCommandOptionType.String;
}

function optionsOf(node: JsonObject | undefined): JsonObject[] {
  const options = node?.['options'];
  return Array.isArray(options) ? options.filter((o): o is JsonObject => typeof o === 'object' && o !== null) : [];
}

function names(defs: readonly JsonObject[], type: number): string {
  return defs.filter((d) => d['type'] === type).map((d) => String(d['name'])).join(', ') || 'none';
}

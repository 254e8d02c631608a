import { ButtonStyle, ComponentType } from 'discord.js';
import type { SimMessage } from './messages.js';

type JsonObject = Record<string, unknown>;

/** What the renderer needs to know beyond the message itself. */
export interface RenderContext {
  /** Display name of a user id. */
  readonly userName: (id: string) => string;
  /** `/quiz start rounds:3` or `[B]` for the interaction that produced a message, when known. */
  readonly interactionLabel: (interactionId: string) => { user: string; label: string } | undefined;
}

const STYLE_NAMES: Record<number, string> = {
  [ButtonStyle.Primary]: 'primary',
  [ButtonStyle.Secondary]: 'secondary',
  [ButtonStyle.Success]: 'success',
  [ButtonStyle.Danger]: 'danger',
  [ButtonStyle.Link]: 'link',
  [ButtonStyle.Premium]: 'premium',
};

/**
 * One message as readable text: who used which command, author, ephemeral/edited marks, content,
 * embeds (author, title, description, fields, footer) and components (buttons with style and state).
 */
export function renderMessage(message: SimMessage, ctx: RenderContext): string {
  const lines: string[] = [];
  const data = message.data;
  const origin = message.interactionId === null ? undefined : ctx.interactionLabel(message.interactionId);
  const isResponse = isObject(data['interaction_metadata']) && !('original_response_message_id' in data['interaction_metadata']);
  if (origin !== undefined && isResponse) lines.push(`> ${origin.user} ${verbOf(origin.label)} ${origin.label}`);
  const author = isObject(data['author']) ? String(data['author']['global_name'] ?? data['author']['username'] ?? '?') : '?';
  const marks: string[] = [];
  if (message.ephemeral) marks.push(`only ${message.visibleTo === null ? '?' : ctx.userName(message.visibleTo)} can see this`);
  if (typeof data['edited_timestamp'] === 'string') marks.push('edited');
  const head = `${author}${marks.length > 0 ? ` (${marks.join(', ')})` : ''}`;
  if (message.loading) {
    lines.push(`${head}: is thinking…`);
    return lines.join('\n');
  }
  const content = typeof data['content'] === 'string' ? data['content'] : '';
  const contentLines = content === '' ? [] : content.split('\n');
  if (contentLines.length === 1) lines.push(`${head}: ${contentLines[0] ?? ''}`);
  else {
    lines.push(`${head}:`);
    for (const l of contentLines) lines.push(`  ${l}`);
  }
  for (const embed of Array.isArray(data['embeds']) ? data['embeds'].filter(isObject) : []) lines.push(...renderEmbed(embed));
  lines.push(...renderComponents(Array.isArray(data['components']) ? data['components'] : [], '  '));
  for (const a of Array.isArray(data['attachments']) ? data['attachments'].filter(isObject) : []) lines.push(`  📎 ${String(a['filename'])}`);
  return lines.join('\n');
}

/** A channel's conversation: a title line, then every message in order, separated by blank lines. */
export function renderTranscript(title: string, messages: readonly SimMessage[], ctx: RenderContext): string {
  const body = messages.map((m) => renderMessage(m, ctx));
  return `── ${title} ──\n${body.length === 0 ? '(no messages)' : body.join('\n\n')}`;
}

function renderEmbed(embed: JsonObject): string[] {
  const out: string[] = [];
  const bar = (text: string): void => {
    for (const l of text.split('\n')) out.push(`  │ ${l}`);
  };
  if (isObject(embed['author']) && typeof embed['author']['name'] === 'string') bar(embed['author']['name']);
  if (typeof embed['title'] === 'string') bar(`**${embed['title']}**${typeof embed['url'] === 'string' ? ` <${embed['url']}>` : ''}`);
  if (typeof embed['description'] === 'string') bar(embed['description']);
  for (const f of Array.isArray(embed['fields']) ? embed['fields'].filter(isObject) : []) {
    const value = String(f['value'] ?? '');
    if (value.includes('\n')) {
      bar(`${String(f['name'] ?? '')}:`);
      for (const l of value.split('\n')) bar(`  ${l}`);
    } else bar(`${String(f['name'] ?? '')}: ${value}`);
  }
  if (isObject(embed['image']) && typeof embed['image']['url'] === 'string') bar(`[image ${embed['image']['url']}]`);
  if (isObject(embed['thumbnail']) && typeof embed['thumbnail']['url'] === 'string') bar(`[thumbnail ${embed['thumbnail']['url']}]`);
  const footer = isObject(embed['footer']) && typeof embed['footer']['text'] === 'string' ? embed['footer']['text'] : undefined;
  const timestamp = typeof embed['timestamp'] === 'string' ? embed['timestamp'] : undefined;
  if (footer !== undefined || timestamp !== undefined) bar(`— ${[footer, timestamp].filter((x) => x !== undefined).join(' · ')}`);
  return out;
}

function renderComponents(components: readonly unknown[], indent: string): string[] {
  const out: string[] = [];
  for (const c of components) {
    if (!isObject(c)) continue;
    const children = Array.isArray(c['components']) ? c['components'] : [];
    switch (c['type']) {
      case ComponentType.ActionRow:
        out.push(`${indent}${children.filter(isObject).map(renderInline).join(' ')}`);
        break;
      case ComponentType.TextDisplay:
        for (const l of String(c['content'] ?? '').split('\n')) out.push(`${indent}${l}`);
        break;
      case ComponentType.Section:
        out.push(...renderComponents(children, indent));
        if (isObject(c['accessory'])) out.push(`${indent}${renderInline(c['accessory'])}`);
        break;
      case ComponentType.Container:
        out.push(...renderComponents(children, `${indent}┃ `));
        break;
      case ComponentType.Separator:
        out.push(`${indent}────`);
        break;
      default:
        out.push(`${indent}${renderInline(c)}`);
    }
  }
  return out;
}

function renderInline(c: JsonObject): string {
  switch (c['type']) {
    case ComponentType.Button: {
      const emoji = isObject(c['emoji']) && typeof c['emoji']['name'] === 'string' ? `${c['emoji']['name']} ` : '';
      const label = `${emoji}${typeof c['label'] === 'string' ? c['label'] : ''}`.trim() || '(no label)';
      const style = STYLE_NAMES[c['style'] as number] ?? `style ${String(c['style'])}`;
      const attrs = [style, ...(c['disabled'] === true ? ['disabled'] : []), ...(typeof c['url'] === 'string' ? [`→ ${c['url']}`] : [])];
      return `[${label}](${attrs.join(', ')})`;
    }
    case ComponentType.StringSelect:
    case ComponentType.UserSelect:
    case ComponentType.RoleSelect:
    case ComponentType.ChannelSelect:
    case ComponentType.MentionableSelect:
      return `[▾ ${typeof c['placeholder'] === 'string' ? c['placeholder'] : 'select'}]${c['disabled'] === true ? '(disabled)' : ''}`;
    case ComponentType.Thumbnail:
      return '[thumbnail]';
    default:
      return `[component ${String(c['type'])}]`;
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How a transcript says what the member did: used a command, sent a form, clicked a button. */
function verbOf(label: string): string {
  if (label.startsWith('/')) return 'used';
  return label.startsWith('form ') ? 'sent' : 'clicked';
}

/**
 * `/help` and `/about`, rendered from the commands' own definitions: a command, subcommand or
 * option is shown by the name the reader's Discord client shows (`/퀴즈 시작 문제수:10` for a
 * Korean client), and its one-line summary is the description Discord shows beside it. Only the
 * longer explanations and the examples come from the help catalog.
 */
import { EmbedBuilder } from '@discordjs/builders';
import { ApplicationCommandOptionType, type APIEmbed, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { BASE_POINTS, MAX_SPEED_BONUS, MAX_STREAK_BONUS, STREAK_BONUS_STEP } from '../quiz/scoring.js';
import type { Lang } from '../i18n/lang.js';
import { help, HELP_TOPICS, type HelpTopic } from '../i18n/messages/help.js';
import { truncate } from './format.js';
import { EMBED_LIMITS } from './lookup-view.js';

type CommandJson = RESTPostAPIChatInputApplicationCommandsJSONBody;

/** The parts of a command option this view reads (subcommands, groups and plain options alike). */
interface OptionJson {
  readonly type: number;
  readonly name: string;
  readonly name_localizations?: Partial<Record<string, string | null>> | null;
  readonly description: string;
  readonly description_localizations?: Partial<Record<string, string | null>> | null;
  readonly required?: boolean;
  readonly options?: readonly OptionJson[];
  readonly choices?: readonly { readonly name: string; readonly name_localizations?: Partial<Record<string, string | null>> | null; readonly value: string | number }[];
}

const COLOUR = 0x5865f2;

function localName(o: { name: string; name_localizations?: Partial<Record<string, string | null>> | null }, lang: Lang): string {
  return (lang === 'ko' ? o.name_localizations?.['ko'] : undefined) ?? o.name;
}

function localDescription(o: { description: string; description_localizations?: Partial<Record<string, string | null>> | null }, lang: Lang): string {
  return (lang === 'ko' ? o.description_localizations?.['ko'] : undefined) ?? o.description;
}

const isSub = (o: OptionJson): boolean => o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup;

function findCommand(defs: readonly CommandJson[], name: string): OptionJson | undefined {
  return defs.find((d) => d.name === name) as OptionJson | undefined;
}

/**
 * An example (`quiz start rounds:10`) as the reader types it, in code font: `/퀴즈 시작 문제수:10`.
 * A choice's value is shown by the choice's name. Undefined when the example names a command,
 * subcommand or option that does not exist (a test keeps every example real).
 */
export function renderExample(defs: readonly CommandJson[], run: string, lang: Lang): string | undefined {
  const m = /^(\S+)((?:\s+(?!\S+:)\S+)*)((?:\s+\S+:.*)?)$/u.exec(run.trim());
  if (!m?.[1]) return undefined;
  let node = findCommand(defs, m[1]);
  if (!node) return undefined;
  const parts = [localName(node, lang)];
  for (const sub of (m[2] ?? '').trim().split(/\s+/u).filter(Boolean)) {
    const next: OptionJson | undefined = node.options?.find((o) => isSub(o) && o.name === sub);
    if (!next) return undefined;
    parts.push(localName(next, lang));
    node = next;
  }
  if ((node.options ?? []).some(isSub)) return undefined;
  const pairs = [...(m[3] ?? '').matchAll(/(\S+):(.*?)(?=\s+\S+:|$)/gu)];
  for (const [, name, value] of pairs) {
    const option = node.options?.find((o) => o.name === name);
    if (!option || value === undefined) return undefined;
    const choice = option.choices?.find((c) => String(c.value) === value.trim());
    parts.push(`${localName(option, lang)}:${choice ? localName(choice, lang) : value.trim()}`);
  }
  return `\`/${parts.join(' ')}\``;
}

/** "`/퀴즈 시작 [문제수] [제한시간]`: 이 채널에서 …", one line per subcommand (or one for the command). */
function usageLines(command: OptionJson, lang: Lang): string[] {
  const t = help[lang].topic;
  const line = (path: readonly string[], node: OptionJson): string => {
    const options = (node.options ?? []).map((o) => (o.required ? t.required({ name: localName(o, lang) }) : t.optional({ name: localName(o, lang) })));
    return `\`/${[...path, ...options].join(' ')}\`: ${localDescription(node, lang)}`;
  };
  const walk = (path: readonly string[], node: OptionJson): string[] => {
    const subs = (node.options ?? []).filter(isSub);
    if (subs.length === 0) return [line(path, node)];
    return subs.flatMap((s) => walk([...path, localName(s, lang)], s));
  };
  return walk([localName(command, lang)], command);
}

/** Lines packed into as few fields as Discord's 1,024-character limit allows. */
function chunkFields(name: string, lines: readonly string[]): { name: string; value: string }[] {
  const values: string[] = [];
  for (const l of lines) {
    const last = values.at(-1);
    if (last !== undefined && last.length + 1 + l.length <= EMBED_LIMITS.fieldValue) values[values.length - 1] = `${last}\n${l}`;
    else values.push(truncate(l, EMBED_LIMITS.fieldValue));
  }
  return values.map((value) => ({ name, value }));
}

function percent(fraction: number): number {
  return Math.round(fraction * 100);
}

/** `/help` with no command: every command, its one-line summary and one example. */
export function helpOverviewEmbed(defs: readonly CommandJson[], lang: Lang): APIEmbed {
  const t = help[lang];
  const lines: string[] = [];
  for (const topic of HELP_TOPICS) {
    const command = findCommand(defs, topic);
    if (!command) continue;
    const example = t.topics[topic].examples.map((e) => renderExample(defs, e.run, lang)).find((r) => r !== undefined) ?? `\`/${localName(command, lang)}\``;
    lines.push(t.overview.line({ usage: `\`/${localName(command, lang)}\``, summary: localDescription(command, lang), example }));
  }
  return new EmbedBuilder()
    .setColor(COLOUR)
    .setTitle(t.overview.title)
    .setDescription(truncate([t.overview.intro, '', ...lines].join('\n'), EMBED_LIMITS.description))
    .setFooter({ text: t.overview.footer })
    .toJSON();
}

/** `/help command:<topic>`: what it does, how to use each subcommand, and examples. */
export function helpTopicEmbed(defs: readonly CommandJson[], topic: HelpTopic, lang: Lang): APIEmbed {
  const t = help[lang];
  const command = findCommand(defs, topic);
  const name = command ? localName(command, lang) : topic;
  const entry = t.topics[topic];
  const e = new EmbedBuilder().setColor(COLOUR).setTitle(t.topic.title({ command: `/${name}` })).setDescription(entry.details);
  if (command) e.addFields(...chunkFields(t.topic.usage, usageLines(command, lang)));
  if (topic === 'quiz') {
    e.addFields({
      name: t.topic.scoring,
      value: t.scoring({
        easy: BASE_POINTS.easy,
        medium: BASE_POINTS.medium,
        hard: BASE_POINTS.hard,
        speed: percent(MAX_SPEED_BONUS),
        step: percent(STREAK_BONUS_STEP),
        cap: percent(MAX_STREAK_BONUS),
      }),
    });
  }
  const examples = entry.examples.flatMap((x) => {
    const run = renderExample(defs, x.run, lang);
    return run === undefined ? [] : [t.topic.example({ run, note: x.note })];
  });
  if (examples.length > 0) e.addFields(...chunkFields(t.topic.examples, examples));
  return e.setFooter({ text: t.topic.footer }).toJSON();
}

/** `/about`: a few lines, the commands by name, and where to learn more (well under 1,000 characters). */
export function aboutEmbed(defs: readonly CommandJson[], lang: Lang): APIEmbed {
  const t = help[lang].about;
  const names = HELP_TOPICS.map((topic) => findCommand(defs, topic)).flatMap((c) => (c ? [`\`/${localName(c, lang)}\``] : []));
  const helpCommand = findCommand(defs, 'help');
  return new EmbedBuilder()
    .setColor(COLOUR)
    .setTitle(t.title)
    .setDescription(helpCommand ? `${t.description}\n\n${t.more({ help: `\`/${localName(helpCommand, lang)}\`` })}` : t.description)
    .addFields({ name: t.commands, value: names.join(' ') })
    .setFooter({ text: t.footer })
    .toJSON();
}

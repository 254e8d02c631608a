/**
 * Small helpers for the moderator-configuration end-to-end tests: run a command and read the
 * bot's answer as text, find the quiz intro, read the "setting changed" log lines, and put a
 * guild back to a clean state between tests (settings, running quizzes, member roles).
 */
import { expect } from 'vitest';
import type { CommandInvocation, SimMessage } from '../sim/index.js';
import type { Harness } from './harness.js';

export interface Answer {
  readonly message: SimMessage;
  /** The message as the simulator renders it (content, embed title/fields/footer, buttons). */
  readonly text: string;
  readonly ephemeral: boolean;
  /** The message's content alone. */
  readonly content: string;
  /** Everything a member reads in it (content, embeds, button labels), without the simulator's framing. */
  readonly visible: string;
}

/** Dispatches a slash command and waits for what the bot shows in answer. */
export async function run(h: Harness, invocation: CommandInvocation): Promise<Answer> {
  const handle = h.sim.command(invocation);
  const message = await handle.waitForReply();
  return answerOf(h, message);
}

/** An answer read from a message the bot showed (a reply, or a message it updated). */
export function answerOf(h: Harness, message: SimMessage): Answer {
  return { message, text: h.sim.renderMessage(message), ephemeral: message.ephemeral, content: String(message.data['content'] ?? ''), visible: visibleText(message) };
}

/** Content, embed texts and button labels, one per line: what a member reads. */
export function visibleText(m: SimMessage): string {
  const out: string[] = [];
  if (typeof m.data['content'] === 'string' && m.data['content'] !== '') out.push(m.data['content']);
  for (const e of embedsOf(m) as (ReturnType<typeof embedsOf>[number] & { footer?: { text?: string } })[]) {
    if (e.title) out.push(e.title);
    if (e.description) out.push(e.description);
    for (const f of e.fields ?? []) out.push(f.name, f.value);
    if (e.footer?.text) out.push(e.footer.text);
  }
  for (const b of buttonsOf(m)) if (b.label) out.push(b.label);
  return out.join('\n');
}

interface RawButton {
  readonly label?: string;
  readonly custom_id?: string;
  readonly disabled?: boolean;
}

/** Every button of a message as the API returned it. */
export function buttonsOf(m: SimMessage): RawButton[] {
  const rows = Array.isArray(m.data['components']) ? (m.data['components'] as { components?: RawButton[] }[]) : [];
  return rows.flatMap((r) => r.components ?? []);
}

/**
 * Checks a message against Discord's limits: content 2,000; embed title 256, description 4,096,
 * 25 fields of name 256 and value 1,024, footer 2,048, 6,000 in all; button labels 80, ids 100.
 */
export function expectWithinDiscordLimits(m: SimMessage): void {
  expect(String(m.data['content'] ?? '').length, 'content').toBeLessThanOrEqual(2000);
  const embeds = embedsOf(m) as (ReturnType<typeof embedsOf>[number] & { footer?: { text?: string } })[];
  expect(embeds.length).toBeLessThanOrEqual(10);
  let total = 0;
  for (const e of embeds) {
    expect(e.title?.length ?? 0, 'embed title').toBeLessThanOrEqual(256);
    expect(e.description?.length ?? 0, 'embed description').toBeLessThanOrEqual(4096);
    expect(e.fields?.length ?? 0, 'embed fields').toBeLessThanOrEqual(25);
    for (const f of e.fields ?? []) {
      expect(f.name.length, `field name ${f.name}`).toBeLessThanOrEqual(256);
      expect(f.value.length, `field value of ${f.name}`).toBeLessThanOrEqual(1024);
      expect(f.value.trim(), `field value of ${f.name}`).not.toBe('');
      total += f.name.length + f.value.length;
    }
    expect(e.footer?.text?.length ?? 0, 'embed footer').toBeLessThanOrEqual(2048);
    total += (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text?.length ?? 0);
  }
  expect(total, 'embeds in all').toBeLessThanOrEqual(6000);
  for (const b of buttonsOf(m)) {
    expect(b.label?.length ?? 0, `button ${b.label}`).toBeLessThanOrEqual(80);
    expect(b.custom_id?.length ?? 0, `button id of ${b.label}`).toBeLessThanOrEqual(100);
  }
}

/** A message or label with a placeholder left unfilled ("undefined", "{rounds}", "[object Object]"). */
export function expectNoPlaceholder(text: string): void {
  expect(text).not.toMatch(/undefined|\bnull\b|NaN|\[object |[{}]/);
}

const HANGUL = /[\uac00-\ud7a3]/u;

/**
 * The English words left in a Korean text once what is not prose is taken out: code in backticks
 * (option values such as `film+series-4`), mentions and timestamps, @everyone, the names of the
 * languages ("English") and anything `allowed` matches.
 */
export function englishIn(text: string, allowed: readonly RegExp[] = []): string[] {
  let rest = text
    .replace(/`[^`]*`/g, ' ')
    .replace(/<(?:#|@&|@!?|t:)[^>]*>/g, ' ')
    .replace(/@everyone/g, ' ')
    .replace(/\bEnglish\b/g, ' ');
  for (const a of allowed) rest = rest.replace(new RegExp(a.source, a.flags.includes('g') ? a.flags : `${a.flags}g`), ' ');
  return rest.match(/[A-Za-z]{2,}/g) ?? [];
}

/** A Korean reply: Hangul, every placeholder filled, no English left in it. */
export function expectKorean(text: string, allowed: readonly RegExp[] = []): void {
  expect(text, text).toMatch(HANGUL);
  expectNoPlaceholder(text);
  expect(englishIn(text, allowed), text).toEqual([]);
}

/** An English reply: every placeholder filled and no Korean sentence (Hangul only beside a name, e.g. "Korean (한국어)"). */
export function expectEnglish(text: string): void {
  expectNoPlaceholder(text);
  const hangulRuns = text.match(/[\uac00-\ud7a3]+(?:\s+[\uac00-\ud7a3]+)*/gu) ?? [];
  for (const run of hangulRuns) expect(run.split(/\s+/).length, `Korean words in an English reply: ${run}`).toBeLessThanOrEqual(2);
}

/** The first public message posted in a channel after `before` messages: the quiz intro, right after `/quiz start`. */
export function firstPublicAfter(h: Harness, channelId: string, before: number): SimMessage {
  const m = h.sim.messages(channelId).slice(before).find((x) => !x.ephemeral);
  if (!m) throw new Error(`no public message in channel ${channelId} after ${before}:\n${h.sim.render(channelId)}`);
  return m;
}


const INTRO_TITLE = 'Love in the Big City quiz';

/** The text of the latest quiz intro posted in a channel (the quiz runner posts it before `/quiz start` answers). */
export function latestIntro(h: Harness, channelId: string): string {
  const intros = h.sim.messages(channelId).filter((m) => !m.ephemeral && embedTitle(m) === INTRO_TITLE);
  const last = intros.at(-1);
  if (!last) throw new Error(`no quiz intro in channel ${channelId}:\n${h.sim.render(channelId)}`);
  return h.sim.renderMessage(last);
}

/** How many quiz intros a channel has seen (to tell that a refused start posted nothing). */
export function introCount(h: Harness, channelId: string): number {
  return h.sim.messages(channelId).filter((m) => embedTitle(m) === INTRO_TITLE).length;
}

function embedTitle(m: SimMessage): unknown {
  const embeds = m.data['embeds'];
  return Array.isArray(embeds) ? (embeds[0] as { title?: unknown } | undefined)?.title : undefined;
}

/** The embeds of a message, as the API returned them. */
export function embedsOf(m: SimMessage): { title?: string; description?: string; fields?: { name: string; value: string }[] }[] {
  const embeds = m.data['embeds'];
  return Array.isArray(embeds) ? (embeds as { title?: string; description?: string; fields?: { name: string; value: string }[] }[]) : [];
}

export interface LogLine {
  readonly msg?: string;
  readonly [field: string]: unknown;
}

/** Every structured log line the bot wrote so far, parsed. */
export function logLines(h: Harness): LogLine[] {
  return h.logs
    .join('')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LogLine);
}

/** The "server setting changed" (and "leaderboard reset") lines written after `since` lines. */
export function settingChanges(h: Harness, since = 0): LogLine[] {
  return logLines(h)
    .slice(since)
    .filter((l) => l.msg === 'server setting changed' || l.msg === 'leaderboard reset');
}

/** Stops every quiz running in the guild's channels and waits until the runner is idle. */
export async function stopQuizzes(h: Harness, guild: string): Promise<void> {
  const { channels, ownerId } = h.sim.guild(guild);
  for (const channelId of Object.values(channels)) {
    if (h.bot.ctx.quiz.running(channelId)) await h.bot.ctx.quiz.stop({ guildId: h.sim.guild(guild).id, channelId, userId: ownerId, canManage: true });
  }
  await h.bot.ctx.quiz.idle();
}

/** Puts a guild back to its defaults: no running quiz, default settings, listed members without extra roles. */
export async function resetGuild(h: Harness, guild: string, members: readonly string[] = []): Promise<void> {
  await stopQuizzes(h, guild);
  await h.bot.ctx.store.settings.delete(h.sim.guild(guild).id);
  for (const member of members) h.sim.setMemberRoles(guild, member, []);
}

/**
 * Small helpers for the moderator-configuration end-to-end tests: run a command and read the
 * bot's answer as text, find the quiz intro, read the "setting changed" log lines, and put a
 * guild back to a clean state between tests (settings, running quizzes, member roles).
 */
import type { CommandInvocation, SimMessage } from '../sim/index.js';
import type { Harness } from './harness.js';

export interface Answer {
  readonly message: SimMessage;
  /** The message as the simulator renders it (content, embed title/fields/footer, buttons). */
  readonly text: string;
  readonly ephemeral: boolean;
}

/** Dispatches a slash command and waits for what the bot shows in answer. */
export async function run(h: Harness, invocation: CommandInvocation): Promise<Answer> {
  const handle = h.sim.command(invocation);
  const message = await handle.waitForReply();
  return { message, text: h.sim.renderMessage(message), ephemeral: message.ephemeral };
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
    if (h.bot.ctx.quiz.running(channelId)) await h.bot.ctx.quiz.stop({ channelId, userId: ownerId, canManage: true });
  }
  await h.bot.ctx.quiz.idle();
}

/** Puts a guild back to its defaults: no running quiz, default settings, listed members without extra roles. */
export async function resetGuild(h: Harness, guild: string, members: readonly string[] = []): Promise<void> {
  await stopQuizzes(h, guild);
  await h.bot.ctx.store.settings.delete(h.sim.guild(guild).id);
  for (const member of members) h.sim.setMemberRoles(guild, member, []);
}

/**
 * Helpers for the quiz end-to-end tests: reading what the bot posted in the simulator, driving
 * the quiz's manual clock, and an independent tally of the points the clicks should earn
 * (from the scoring rules, `scoreAnswer`), to compare with what the bot shows and stores.
 */
import { expect } from 'vitest';
import { scoreAnswer } from '../../src/quiz/scoring.js';
import { isSessionState, type SessionState } from '../../src/quiz/session.js';
import type { Difficulty } from '../../src/quiz/types.js';
import { startHarness, type Harness, type HarnessOptions } from './harness.js';
import type { FakeScheduler } from '../../src/quiz/scheduler.js';
import type { InteractionHandle, SimMessage } from '../sim/index.js';

/** The harness's pauses, spelled out here so the tests can step over them exactly. */
export const INTRO_MS = 1_000;
export const REVEAL_PAUSE_MS = 1_000;

/** A harness on a manual clock, with the quiz pauses above and a fixed seed (replayable questions). */
export function startQuizHarness(options: HarnessOptions = {}): Promise<Harness> {
  return startHarness({ manualTime: true, seed: 6, ...options, timings: { introMs: INTRO_MS, revealPauseMs: REVEAL_PAUSE_MS, ...options.timings } });
}

export interface ManualTime {
  readonly clock: { now(): number; set(ms: number): void };
  readonly scheduler: FakeScheduler;
}

/** The manual clock and the bot's current fake scheduler (a restart brings a new one). */
export function time(h: Harness): ManualTime {
  const { clock, scheduler } = h;
  if (!clock || !scheduler) throw new Error('this harness was started without manualTime');
  return { clock, scheduler };
}

// ---------------------------------------------------------------------------
// Reading messages

interface Embed {
  readonly title?: string;
  readonly description?: string;
  readonly fields?: readonly { readonly name: string; readonly value: string }[];
  readonly footer?: { readonly text: string };
}

export function embedOf(m: SimMessage): Embed {
  const embeds = m.data['embeds'];
  if (!Array.isArray(embeds) || embeds.length === 0) throw new Error(`message ${m.id} has no embed`);
  return embeds[0] as Embed;
}

export function titleOf(m: SimMessage): string | undefined {
  const embeds = m.data['embeds'];
  return Array.isArray(embeds) && embeds.length > 0 ? (embeds[0] as Embed).title : undefined;
}

export function contentOf(m: SimMessage): string {
  const content = m.data['content'];
  return typeof content === 'string' ? content : '';
}

/** A non-ephemeral message the bot posted in the channel, by embed title (edits count), leaving out `earlier` ones. */
export function waitForTitle(h: Harness, channelId: string, title: string, earlier: ReadonlySet<string> = new Set()): Promise<SimMessage> {
  return h.sim.waitForMessage((m) => !m.ephemeral && !earlier.has(m.id) && titleOf(m) === title, {
    channelId,
    description: `a message titled "${title}"`,
  });
}

/** The ids of the messages in a channel now, to tell later ones apart (a second game in the same channel). */
export function messageIds(h: Harness, channelId: string): Set<string> {
  return new Set(h.sim.messages(channelId).map((m) => m.id));
}

/** Messages everyone in the channel sees (no ephemeral replies). */
export function publicMessages(h: Harness, channelId: string): SimMessage[] {
  return h.sim.messages(channelId).filter((m) => !m.ephemeral);
}

/** The reply to an interaction; checks it is ephemeral, for the invoker only. */
export async function ephemeralReply(h: Harness, ix: InteractionHandle, userId: string): Promise<string> {
  const reply = await ix.waitForReply();
  expect(ix.ephemeral, h.sim.renderMessage(reply)).toBe(true);
  expect(reply.visibleTo).toBe(h.sim.userId(userId));
  return contentOf(reply);
}

/** Clicks a button by label (or a forged custom id with `force`) and returns the ephemeral answer's text. */
export async function click(
  h: Harness,
  messageId: string,
  userId: string,
  button: { readonly label: string } | { readonly customId: string },
  force = false,
): Promise<string> {
  return (await clickWithCallbacks(h, messageId, userId, button, force)).text;
}

/** {@link click}, also returning the interaction callback types the bot used (4 = a reply straight away). */
export async function clickWithCallbacks(
  h: Harness,
  messageId: string,
  userId: string,
  button: { readonly label: string } | { readonly customId: string },
  force = false,
): Promise<{ text: string; callbacks: number[] }> {
  const ix = h.sim.click({ messageId, userId, ...button, ...(force ? { force } : {}) });
  const text = await ephemeralReply(h, ix, userId);
  return { text, callbacks: ix.callbacks.map((c) => c.type) };
}

// ---------------------------------------------------------------------------
// Quizzes

/** The saved state of the channel's quiz, as the bot persisted it. */
export async function savedState(h: Harness, channelId: string): Promise<SessionState | undefined> {
  // Writes after a post are not awaited by the quiz (the next step does not need them): let them land.
  await h.bot.ctx.quiz.idle();
  const stored = await h.bot.ctx.store.sessions.get(channelId);
  if (!stored) return undefined;
  if (!isSessionState(stored.state)) throw new Error('the saved quiz state is unreadable');
  return stored.state;
}

export interface AskedQuestion {
  readonly message: SimMessage;
  readonly number: number;
  readonly total: number;
  readonly sessionId: string;
  readonly askedAt: number;
  readonly closesAt: number;
  /** From the embed footer ("hard · 10 s to answer"). */
  readonly difficulty: Difficulty;
  /** Button labels in option order: A–D, or True/False. */
  readonly labels: readonly string[];
  readonly correctLabel: string;
  /** Any label but the correct one. */
  readonly wrongLabel: string;
}

/**
 * Waits for question `number` to be on screen (after the intro or reveal pause was stepped over)
 * and describes it. The correct option is read from the quiz state the bot saved; the reveal
 * must later agree with it (see {@link expectReveal}).
 */
export async function questionOnScreen(h: Harness, channelId: string, number: number, total: number): Promise<AskedQuestion> {
  const message = await waitForTitle(h, channelId, `Question ${number} of ${total}`);
  const buttons = h.sim.buttons(message.id);
  expect(buttons.every((b) => !b.disabled)).toBe(true);
  const labels = buttons.map((b) => b.label ?? '');
  const footer = embedOf(message).footer?.text ?? '';
  const difficulty = /^(easy|medium|hard) · /.exec(footer)?.[1] as Difficulty | undefined;
  if (!difficulty) throw new Error(`no difficulty in the footer "${footer}"`);
  const state = await savedState(h, channelId);
  if (!state || state.askedAt === null || state.closesAt === null) throw new Error('no open round in the saved state');
  expect(state.round).toBe(number - 1);
  expect(state.questionMessageId).toBe(message.id);
  const question = state.questions[number - 1];
  if (!question) throw new Error(`no question ${number} in the saved state`);
  const correctLabel = labels[question.answer] ?? '';
  const wrongLabel = labels.find((l) => l !== correctLabel) ?? '';
  const customIds = buttons.map((b) => b.customId);
  expect(customIds).toEqual(labels.map((_, i) => `quiz:${state.id}:${number - 1}:${i}`));
  // The countdown shown is the real closing time.
  expect(embedOf(message).description).toContain(`<t:${Math.ceil(state.closesAt / 1000)}:R>`);
  return {
    message,
    number,
    total,
    sessionId: state.id,
    askedAt: state.askedAt,
    closesAt: state.closesAt,
    difficulty,
    labels,
    correctLabel,
    wrongLabel,
  };
}

/** Steps the manual clock to `elapsedMs` after the question was asked (no timer falls due before time-up). */
export async function at(h: Harness, q: AskedQuestion, elapsedMs: number): Promise<void> {
  const { clock, scheduler } = time(h);
  const target = q.askedAt + elapsedMs;
  expect(target).toBeGreaterThanOrEqual(clock.now());
  expect(target).toBeLessThan(q.closesAt);
  await scheduler.advance(target - clock.now());
}

/** Steps to time-up (the close timer runs, the reveal edit is made) and returns the revealed message. */
export async function toReveal(h: Harness, channelId: string, q: AskedQuestion): Promise<SimMessage> {
  const { clock, scheduler } = time(h);
  await scheduler.advance(Math.max(0, q.closesAt - clock.now()));
  return waitForTitle(h, channelId, `Question ${q.number} of ${q.total}: time is up`);
}

/** Steps over the pause after a reveal (or the intro): the next question or the standings follow. */
export async function overPause(h: Harness, ms = REVEAL_PAUSE_MS): Promise<void> {
  await time(h).scheduler.advance(ms);
}

/** Starts a quiz and checks the ephemeral confirmation and the public intro. */
export async function startQuiz(
  h: Harness,
  channelId: string,
  userId: string,
  options: Readonly<Record<string, string | number>>,
): Promise<{ intro: SimMessage }> {
  const earlier = messageIds(h, channelId);
  const reply = await ephemeralReply(h, h.sim.command({ channelId, userId, name: 'quiz start', options }), userId);
  expect(reply).toMatch(/^Quiz started: \d+ questions?\. Good luck!$/);
  const intro = await waitForTitle(h, channelId, 'Love in the Big City quiz', earlier);
  expect(embedOf(intro).description).toContain(`<@${h.sim.userId(userId)}> started a quiz`);
  return { intro };
}

// ---------------------------------------------------------------------------
// The expected tally

export interface Click {
  readonly user: string;
  readonly label: string;
  readonly elapsedMs: number;
}

interface Totals {
  points: number;
  correct: number;
  answered: number;
  streak: number;
  bestStreak: number;
}

export interface ExpectedWinner {
  readonly userId: string;
  readonly points: number;
  readonly elapsedMs: number;
}

/** What the clicks of a game should earn, by the scoring rules; keyed by user id. */
export class Tally {
  readonly players = new Map<string, Totals>();

  constructor(private readonly h: Harness) {}

  /** Scores one closed round; returns its winners, fastest first (as the reveal lists them). */
  round(q: AskedQuestion, clicks: readonly Click[]): ExpectedWinner[] {
    const windowMs = q.closesAt - q.askedAt;
    const answered = new Set(clicks.map((c) => this.h.sim.userId(c.user)));
    for (const [userId, t] of this.players) if (!answered.has(userId)) t.streak = 0;
    const winners: ExpectedWinner[] = [];
    for (const c of [...clicks].sort((a, b) => a.elapsedMs - b.elapsedMs)) {
      const userId = this.h.sim.userId(c.user);
      const t = this.players.get(userId) ?? { points: 0, correct: 0, answered: 0, streak: 0, bestStreak: 0 };
      const correct = c.label === q.correctLabel;
      const score = scoreAnswer({ difficulty: q.difficulty, correct, elapsedMs: c.elapsedMs, windowMs, streakBefore: t.streak });
      t.points += score.total;
      t.correct += correct ? 1 : 0;
      t.answered += 1;
      t.streak = score.streak;
      t.bestStreak = Math.max(t.bestStreak, score.streak);
      this.players.set(userId, t);
      if (correct) winners.push({ userId, points: score.total, elapsedMs: c.elapsedMs });
    }
    return winners;
  }

  /** Final standings lines, as the bot should post them (points, then correct, best streak, user id; the top 20). */
  standingsLines(): string[] {
    const rows = [...this.players].sort(
      ([ua, a], [ub, b]) => b.points - a.points || b.correct - a.correct || b.bestStreak - a.bestStreak || (ua < ub ? -1 : ua > ub ? 1 : 0),
    );
    const lines = withRanks(rows.map(([userId, t]) => ({ userId, ...t })))
      .slice(0, 20)
      .map((r) => `${r.rank}. <@${r.userId}>: **${r.points}** pts · ${r.correct}/${r.answered} correct · best streak ${r.bestStreak}`);
    if (rows.length > 20) lines.push(`…and ${rows.length - 20} more players`);
    return lines;
  }

  /** Leaderboard lines (points, then user id), for a board holding exactly these players. */
  leaderboardLines(): string[] {
    const rows = [...this.players].sort(([ua, a], [ub, b]) => b.points - a.points || (ua < ub ? -1 : ua > ub ? 1 : 0));
    return withRanks(rows.map(([userId, t]) => ({ userId, ...t }))).map(
      (r) => `${r.rank}. <@${r.userId}>: **${r.points}** pts · ${r.correct}/${r.answered} correct`,
    );
  }

  get(user: string): Totals {
    const t = this.players.get(this.h.sim.userId(user));
    if (!t) throw new Error(`${user} has not played`);
    return t;
  }

  /** 1 + players with strictly more points. */
  rank(user: string): number {
    const mine = this.get(user).points;
    return 1 + [...this.players.values()].filter((t) => t.points > mine).length;
  }
}

function withRanks<T extends { points: number }>(rows: readonly T[]): (T & { rank: number })[] {
  const out: (T & { rank: number })[] = [];
  rows.forEach((row, i) => {
    const prev = out[i - 1];
    out.push({ ...row, rank: prev && prev.points === row.points ? prev.rank : i + 1 });
  });
  return out;
}

/** The reveal's winners field, as the bot should write it: the 15 fastest, then how many more. */
export function winnerLines(winners: readonly ExpectedWinner[]): string {
  if (winners.length === 0) return 'Nobody got it this time.';
  const lines = winners.slice(0, 15).map((w, i) => `${i + 1}. <@${w.userId}> +${w.points} (${(w.elapsedMs / 1000).toFixed(1)} s)`);
  if (winners.length > 15) lines.push(`…and ${winners.length - 15} more`);
  return lines.join('\n');
}

/** Checks a reveal against the question and the expected winners. */
export function expectReveal(h: Harness, reveal: SimMessage, q: AskedQuestion, winners: readonly ExpectedWinner[], answered: number): void {
  const embed = embedOf(reveal);
  expect(embed.description).toContain(`Answer: **${q.correctLabel}**`);
  expect((embed.fields ?? []).map((f) => ({ name: f.name, value: f.value }))).toEqual([
    { name: `Correct (${winners.length} of ${answered} answered)`, value: winnerLines(winners) },
  ]);
  const buttons = h.sim.buttons(reveal.id);
  expect(buttons.map((b) => b.label)).toEqual(q.labels);
  expect(buttons.every((b) => b.disabled)).toBe(true);
  // The correct button turns green (success), the others grey.
  expect(buttons.map((b) => b.style)).toEqual(q.labels.map((l) => (l === q.correctLabel ? 3 : 2)));
}

/** The description of the final standings (of the game after the `earlier` messages). */
export async function standingsText(h: Harness, channelId: string, earlier: ReadonlySet<string> = new Set()): Promise<string> {
  const m = await waitForTitle(h, channelId, 'Final standings', earlier);
  return embedOf(m).description ?? '';
}

/** `/quiz leaderboard` as `userId`, returning the embed's description lines and footer. */
export async function leaderboard(
  h: Harness,
  where: { readonly channelId: string } | { readonly dm: true },
  userId: string,
  options: Readonly<Record<string, string>> = {},
): Promise<{ title: string; lines: string[]; footer: string }> {
  const ix = h.sim.command({ ...where, userId, name: 'quiz leaderboard', options });
  const reply = await ix.waitForReply();
  expect(ix.ephemeral).toBe(false);
  const embed = embedOf(reply);
  return { title: embed.title ?? '', lines: (embed.description ?? '').split('\n'), footer: embed.footer?.text ?? '' };
}

/** `/quiz stats` as `userId`: its fields by name. */
export async function stats(
  h: Harness,
  where: { readonly channelId: string } | { readonly dm: true },
  userId: string,
  options: Readonly<Record<string, string>> = {},
): Promise<Record<string, string>> {
  const reply = await h.sim.command({ ...where, userId, name: 'quiz stats', options }).waitForReply();
  return Object.fromEntries((embedOf(reply).fields ?? []).map((f) => [f.name, f.value]));
}

/** The first two lines of a `/quiz stats` board field (the third is a relative "last played"). */
export function statsLines(points: number, rank: number, players: number, correct: number, answered: number, games: number, bestStreak: number): string {
  return `**${points}** pts · rank ${rank} of ${players}\n${correct}/${answered} correct · ${games} game${games === 1 ? '' : 's'} · best streak ${bestStreak}`;
}

/**
 * Helpers for the quiz end-to-end tests: reading what the bot posted in the simulator, driving
 * the quiz's manual clock, and an independent tally of the points the clicks should earn
 * (from the scoring rules, `scoreAnswer`), to compare with what the bot shows and stores.
 */
import { expect } from 'vitest';
import type { Lang } from '../../src/i18n/lang.js';
import { scoreAnswer } from '../../src/quiz/scoring.js';
import { restoreSessionState, type SessionState } from '../../src/quiz/session.js';
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
  // The questions are saved once per game, apart from the state.
  const restored = restoreSessionState(stored.state, await h.bot.ctx.store.sessions.getGame(channelId));
  if ('problem' in restored) throw new Error(`the saved quiz state is unreadable: ${restored.problem}`);
  return restored.state;
}

/** The titles and words the quiz shows, spelled out per language (the tests do not read the catalog). */
export const WORDS = {
  en: {
    intro: 'Love in the Big City quiz',
    question: (n: number, total: number) => `Question ${n} of ${total}`,
    reveal: (n: number, total: number) => `Question ${n} of ${total}: time is up`,
    standings: 'Final standings',
    report: 'Report',
    difficulty: { easy: 'easy', medium: 'medium', hard: 'hard' },
    started: /^Quiz started: \d+ questions?\. Good luck!$/,
  },
  ko: {
    intro: '대도시의 사랑법 퀴즈',
    question: (n: number, total: number) => `문제 ${n}/${total}`,
    reveal: (n: number, total: number) => `문제 ${n}/${total} · 정답 공개`,
    standings: '최종 순위',
    report: '신고',
    difficulty: { easy: '쉬움', medium: '보통', hard: '어려움' },
    started: /^퀴즈를 시작했어요\. 모두 \d+문제예요\. 행운을 빌어요!$/,
  },
} as const;

export interface AskedQuestion {
  readonly message: SimMessage;
  /** The language of the quiz's public messages. */
  readonly lang: Lang;
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
export async function questionOnScreen(h: Harness, channelId: string, number: number, total: number, lang: Lang = 'en'): Promise<AskedQuestion> {
  const message = await waitForTitle(h, channelId, WORDS[lang].question(number, total));
  const buttons = h.sim.buttons(message.id);
  expect(buttons.every((b) => !b.disabled)).toBe(true);
  const labels = buttons.map((b) => b.label ?? '');
  const footer = embedOf(message).footer?.text ?? '';
  const words = WORDS[lang].difficulty;
  const difficulty = (['easy', 'medium', 'hard'] as const).find((d) => footer.startsWith(`${words[d]} · `)) as Difficulty | undefined;
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
  // The countdown shown is the real closing time, rounded down: never more than the question's seconds.
  expect(embedOf(message).description).toContain(`<t:${Math.floor(state.closesAt / 1000)}:R>`);
  expect(Math.floor(state.closesAt / 1000) * 1000 - state.askedAt).toBeLessThanOrEqual(state.options.seconds * 1000);
  return {
    message,
    lang,
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
  return waitForTitle(h, channelId, WORDS[q.lang].reveal(q.number, q.total));
}

/** Steps over the pause after a reveal (or the intro): the next question or the standings follow. */
export async function overPause(h: Harness, ms = REVEAL_PAUSE_MS): Promise<void> {
  await time(h).scheduler.advance(ms);
}

/**
 * Starts a quiz and checks the ephemeral confirmation (in the host's language, `langs.user`)
 * and the public intro (in the server's, `langs.server`).
 */
export async function startQuiz(
  h: Harness,
  channelId: string,
  userId: string,
  options: Readonly<Record<string, string | number>>,
  langs: { readonly user?: Lang; readonly server?: Lang } = {},
): Promise<{ intro: SimMessage; reply: string }> {
  const earlier = messageIds(h, channelId);
  const reply = await ephemeralReply(h, h.sim.command({ channelId, userId, name: 'quiz start', options }), userId);
  expect(reply).toMatch(WORDS[langs.user ?? 'en'].started);
  const server = langs.server ?? 'en';
  const intro = await waitForTitle(h, channelId, WORDS[server].intro, earlier);
  expect(embedOf(intro).description).toContain(`<@${h.sim.userId(userId)}>${server === 'ko' ? '님이' : ' started a quiz'}`);
  return { intro, reply };
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
  readonly base: number;
  readonly speedBonus: number;
  readonly streakBonus: number;
  readonly streak: number;
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
      if (correct) {
        winners.push({ userId, points: score.total, elapsedMs: c.elapsedMs, base: score.base, speedBonus: score.speedBonus, streakBonus: score.streakBonus, streak: score.streak });
      }
    }
    return winners;
  }

  /** The game's players in standings order (points, then correct, best streak, user id), with shared ranks. */
  private ranked(): (Totals & { userId: string; rank: number })[] {
    const rows = [...this.players].sort(
      ([ua, a], [ub, b]) => b.points - a.points || b.correct - a.correct || b.bestStreak - a.bestStreak || (ua < ub ? -1 : ua > ub ? 1 : 0),
    );
    return withRanks(rows.map(([userId, t]) => ({ userId, ...t })));
  }

  /** Final standings lines, as the bot should post them (the top 20). */
  standingsLines(lang: Lang = 'en'): string[] {
    const ranked = this.ranked();
    const lines = ranked
      .slice(0, 20)
      .map((r) =>
        lang === 'en'
          ? `${r.rank}. <@${r.userId}>: **${r.points}** pts · ${r.correct}/${r.answered} correct · best streak ${r.bestStreak}`
          : `${r.rank}. <@${r.userId}> **${r.points}**점 · 정답 ${r.correct}/${r.answered} · 최고 ${r.bestStreak}연속`,
      );
    if (ranked.length > 20) lines.push(lang === 'en' ? `…and ${ranked.length - 20} more players` : `…외 ${ranked.length - 20}명`);
    return lines;
  }

  /** The running scoreboard a reveal shows after the rounds scored so far: the top 5. */
  scoreboardLines(lang: Lang = 'en'): string[] {
    const ranked = this.ranked();
    const lines = ranked.slice(0, 5).map((r) => (lang === 'en' ? `${r.rank}. <@${r.userId}> **${r.points}** pts` : `${r.rank}. <@${r.userId}> **${r.points}**점`));
    const more = ranked.length - 5;
    if (more > 0) lines.push(lang === 'en' ? `…and ${more} more player${more === 1 ? '' : 's'}` : `…외 ${more}명`);
    return lines;
  }

  /** Leaderboard lines (points, then user id), for a board holding exactly these players. */
  leaderboardLines(lang: Lang = 'en'): string[] {
    const rows = [...this.players].sort(([ua, a], [ub, b]) => b.points - a.points || (ua < ub ? -1 : ua > ub ? 1 : 0));
    return withRanks(rows.map(([userId, t]) => ({ userId, ...t }))).map((r) =>
      lang === 'en' ? `${r.rank}. <@${r.userId}>: **${r.points}** pts · ${r.correct}/${r.answered} correct` : `${r.rank}. <@${r.userId}> **${r.points}**점 · 정답 ${r.correct}/${r.answered}`,
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

/** One scorer's line: the points, the time, then why (base, speed bonus, streak bonus). */
export function scorerLine(w: ExpectedWinner, rank: number, lang: Lang = 'en'): string {
  const secs = (w.elapsedMs / 1000).toFixed(1);
  if (lang === 'en') {
    return (
      `${rank}. <@${w.userId}> **+${w.points}** (${secs} s): base +${w.base}` +
      (w.speedBonus > 0 ? ` · speed +${w.speedBonus}` : '') +
      (w.streakBonus > 0 ? ` · 🔥 ${w.streak} in a row +${w.streakBonus}` : '')
    );
  }
  return (
    `${rank}. <@${w.userId}> **+${w.points}점** (${secs}초): 기본 +${w.base}` +
    (w.speedBonus > 0 ? ` · 속도 +${w.speedBonus}` : '') +
    (w.streakBonus > 0 ? ` · 🔥 ${w.streak}연속 정답 +${w.streakBonus}` : '')
  );
}

/** The reveal's scorers field, as the bot should write it: the 15 fastest, then how many more. */
export function winnerLines(winners: readonly ExpectedWinner[], lang: Lang = 'en'): string {
  const lines = winners.slice(0, 15).map((w, i) => scorerLine(w, i + 1, lang));
  const more = winners.length - 15;
  if (more > 0) lines.push(lang === 'en' ? `…and ${more} more` : `…외 ${more}명`);
  return lines.join('\n');
}

/** What the reveal says of the round's outcome: its fields, and a line at the end of the description when nobody scored. */
export function expectedOutcome(
  winners: readonly ExpectedWinner[],
  answered: number,
  lang: Lang,
): { readonly field: { name: string; value: string } | null; readonly line: string | null } {
  if (answered === 0) return { field: null, line: lang === 'en' ? 'Nobody answered this question.' : '이번 문제에는 아무도 답하지 않았어요.' };
  if (winners.length === 0) {
    const en = answered === 1 ? 'Nobody got it right: the one answer was wrong.' : `Nobody got it right: all ${answered} answers were wrong.`;
    const ko = answered === 1 ? '맞힌 사람이 없어요. 답한 1명이 틀렸어요.' : `맞힌 사람이 없어요. 답한 ${answered}명 모두 틀렸어요.`;
    return { field: null, line: lang === 'en' ? en : ko };
  }
  const name = lang === 'en' ? `${winners.length} of ${answered} got it right` : `${answered}명 중 ${winners.length}명 정답`;
  return { field: { name, value: winnerLines(winners, lang) }, line: null };
}

/**
 * Checks a reveal against the question, the expected scorers (with their breakdown, fastest
 * first) and the game's running scoreboard after this round (from the tally).
 */
export function expectReveal(
  h: Harness,
  reveal: SimMessage,
  q: AskedQuestion,
  winners: readonly ExpectedWinner[],
  answered: number,
  tally: Tally,
): void {
  const embed = embedOf(reveal);
  expect(embed.description).toContain(q.lang === 'en' ? `Answer: **${q.correctLabel}**` : `정답: **${q.correctLabel}**`);
  const outcome = expectedOutcome(winners, answered, q.lang);
  if (outcome.line) expect(embed.description?.endsWith(`\n\n${outcome.line}`), embed.description).toBe(true);
  const board = tally.scoreboardLines(q.lang);
  const fields = [
    ...(outcome.field ? [outcome.field] : []),
    ...(board.length > 0 ? [{ name: q.lang === 'en' ? `Scoreboard after question ${q.number}` : `${q.number}번 문제까지의 순위`, value: board.join('\n') }] : []),
  ];
  expect((embed.fields ?? []).map((f) => ({ name: f.name, value: f.value }))).toEqual(fields);
  for (const f of embed.fields ?? []) expect(f.value.length).toBeLessThanOrEqual(1024);
  const all = h.sim.buttons(reveal.id);
  const buttons = all.filter((b) => b.customId?.startsWith('quiz:'));
  expect(buttons.map((b) => b.label)).toEqual(q.labels);
  expect(buttons.every((b) => b.disabled)).toBe(true);
  // The correct button turns green (success), the others grey.
  expect(buttons.map((b) => b.style)).toEqual(q.labels.map((l) => (l === q.correctLabel ? 3 : 2)));
  // Last, anyone's Report button for the question (quiz-reports.test.ts follows it).
  expect(all.at(-1)).toMatchObject({ label: WORDS[q.lang].report, disabled: false });
  expect(all.at(-1)?.customId).toMatch(/^report:q:/);
}

/** The description of the final standings (of the game after the `earlier` messages). */
export async function standingsText(h: Harness, channelId: string, earlier: ReadonlySet<string> = new Set(), lang: Lang = 'en'): Promise<string> {
  const m = await waitForTitle(h, channelId, WORDS[lang].standings, earlier);
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

/** `/quiz stats` as `userId`: the card's title and its lines. */
export async function stats(
  h: Harness,
  where: { readonly channelId: string } | { readonly dm: true },
  userId: string,
  options: Readonly<Record<string, string>> = {},
): Promise<{ title: string; lines: string[] }> {
  const ix = h.sim.command({ ...where, userId, name: 'quiz stats', options });
  const reply = await ix.waitForReply();
  expect(ix.ephemeral).toBe(false);
  const embed = embedOf(reply);
  expect(embed.fields ?? []).toEqual([]);
  return { title: embed.title ?? '', lines: (embed.description ?? '').split('\n') };
}

/**
 * The first two lines of a `/quiz stats` card with games on its board (the second ends with a
 * relative "last played", left out here): where and rank, then accuracy, games and best streak.
 */
export function statsLines(
  points: number,
  rank: number,
  players: number,
  correct: number,
  answered: number,
  games: number,
  bestStreak: number,
  where: 'server' | 'global' = 'server',
): [string, string] {
  return [
    `**${points}** pts ${where === 'server' ? 'on this server' : 'across all servers'} · rank ${rank} of ${players}`,
    `${correct}/${answered} correct · ${games} game${games === 1 ? '' : 's'} · best streak ${bestStreak} · last played <t:`,
  ];
}

/** Checks that a stats card opens with {@link statsLines}. */
export function expectStatsOpen(card: { lines: readonly string[] }, expected: readonly [string, string]): void {
  expect(card.lines[0], card.lines.join('\n')).toBe(expected[0]);
  expect(card.lines[1]?.startsWith(expected[1]), card.lines.join('\n')).toBe(true);
}

/** `Heading: **N** pts · rank R of P`: the month, week and all-servers lines of a stats card. */
export function boardLine(heading: 'This month' | 'This week' | 'All servers', points: number, rank: number, players: number): string {
  return `${heading}: **${points}** pts · rank ${rank} of ${players}`;
}

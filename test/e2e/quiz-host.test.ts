/**
 * The host's controls end to end (issue 12): `/quiz skip`, `/quiz pause` and `/quiz resume`,
 * and `/quiz start pace:manual` with its Next question button. Each has its happy path and its
 * refusals (no permission, wrong channel, no quiz, paused already, expired or forged buttons), in
 * English and in Korean, and each survives a restart: a paused quiz stays paused, a manual quiz
 * still waits for its host, and the 15 minutes it waits count from the reveal.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Lang } from '../../src/i18n/lang.js';
import type { GuildSpec, SimMessage } from '../sim/index.js';
import { FANS, OTHER, type Harness } from './harness.js';
import {
  INTRO_MS,
  REVEAL_PAUSE_MS,
  Tally,
  at,
  click,
  contentOf,
  embedOf,
  ephemeralReply,
  expectReveal,
  expectedOutcome,
  leaderboard,
  messageIds,
  overPause,
  publicMessages,
  questionOnScreen,
  savedState,
  standingsText,
  startQuiz,
  startQuizHarness,
  time,
  titleOf,
  toReveal,
  waitForTitle,
  WORDS,
  type AskedQuestion,
  type ExpectedWinner,
} from './quiz-helpers.js';

/** The 15 minutes a manual quiz waits for its host's Next question (HOST_WAIT_MS, spelled out). */
const HOST_WAIT_MS = 15 * 60_000;

const SEOUL = '서울 대도시 팬클럽';
const SEOUL_SPEC: GuildSpec = {
  name: SEOUL,
  owner: 'jiwoo',
  locale: 'ko',
  members: [{ username: 'jiwoo', locale: 'ko' }, { username: 'minji', locale: 'ko' }, { username: 'haneul', locale: 'ko' }, { username: 'sam' }],
  channels: [{ name: 'general' }, { name: 'quiz' }],
};

/** What the host controls say, per language (spelled out: the tests do not read the catalog). */
const SAYS = {
  en: {
    forbidden: (hostId: string) => `Only the host (<@${hostId}>), the quiz role or members with Manage Server can do that.`,
    paused: 'Paused. Use `/quiz resume` to carry on.',
    alreadyPaused: 'The quiz is paused already. Use `/quiz resume` to carry on.',
    resumed: 'Resumed.',
    notPaused: "The quiz isn't paused.",
    pausedSkip: 'The quiz is paused. Use `/quiz resume` first.',
    skipped: 'Skipped: the answer is revealed now.',
    skippedPause: 'Skipped the pause: the next question is coming.',
    skippedToEnd: 'Skipped the pause: the final standings are coming.',
    notRunning: 'No quiz is running in this channel.',
    dm: 'There are no quizzes in DMs.',
    questionPaused: (seconds: number) => `⏸ Paused by the host, with ${seconds} s left. Answers are closed until the quiz resumes.`,
    clickPaused: 'The quiz is paused: answers are closed until the host resumes it.',
    next: 'Next question',
    report: 'Report',
    waiting: 'The host goes on with **Next question** when everyone is ready.',
    notWaiting: 'That button is no longer active: the quiz has moved on.',
    unknownButton: "That button isn't part of a running quiz.",
    finished: 'That quiz has finished.',
    noticePaused: 'Back after a restart: the quiz is still paused. The host carries on with `/quiz resume`.',
    abandoned: (played: number, total: number) => `Ended after ${played} of ${total} questions: nobody pressed Next question for 15 minutes.`,
    saved: 'Scores are saved: see `/quiz leaderboard` and `/quiz stats`.',
    locked: (label: string, closesAt: number) => `Your answer **${label}** is locked in. Results <t:${Math.floor(closesAt / 1000)}:R>.`,
  },
  ko: {
    forbidden: (hostId: string) => `진행자(<@${hostId}>), 퀴즈 역할이 있는 멤버, 서버 관리 권한이 있는 멤버만 할 수 있어요.`,
    paused: '퀴즈를 잠시 멈췄어요. 이어서 하려면 `/퀴즈 재개`를 써 주세요.',
    alreadyPaused: '퀴즈가 이미 멈춰 있어요. 이어서 하려면 `/퀴즈 재개`를 써 주세요.',
    resumed: '퀴즈를 다시 시작했어요.',
    notPaused: '퀴즈가 멈춰 있지 않아요.',
    pausedSkip: '퀴즈가 멈춰 있어요. 먼저 `/퀴즈 재개`를 써 주세요.',
    skipped: '건너뛰었어요. 지금 정답을 공개해요.',
    skippedPause: '쉬는 시간을 건너뛰었어요. 곧 다음 문제가 나와요.',
    skippedToEnd: '쉬는 시간을 건너뛰었어요. 곧 최종 순위가 나와요.',
    notRunning: '이 채널에서 진행 중인 퀴즈가 없어요.',
    dm: 'DM에서는 퀴즈가 열리지 않아요.',
    questionPaused: (seconds: number) => `⏸ 진행자가 퀴즈를 잠시 멈췄어요. 남은 시간은 ${seconds}초예요. 다시 시작할 때까지 답할 수 없어요.`,
    clickPaused: '퀴즈가 잠시 멈춘 상태예요. 진행자가 다시 시작하면 답할 수 있어요.',
    next: '다음 문제',
    report: '신고',
    waiting: '모두 준비되면 진행자가 **다음 문제** 버튼을 눌러 이어 가요.',
    notWaiting: '이미 지난 버튼이에요. 퀴즈는 벌써 다음으로 넘어갔어요.',
    unknownButton: '진행 중인 퀴즈의 버튼이 아니에요.',
    finished: '이 퀴즈는 끝났어요.',
    noticePaused: '봇이 다시 시작됐어요. 퀴즈는 아직 멈춰 있어요. 진행자가 `/퀴즈 재개`로 이어 갈 수 있어요.',
    abandoned: (played: number, total: number) => `15분 동안 아무도 다음 문제 버튼을 누르지 않아서 ${total}문제 중 ${played}문제를 진행하고 끝났어요.`,
    saved: '점수는 저장됐어요. `/퀴즈 순위표`와 `/퀴즈 기록`에서 확인해 보세요.',
    locked: (label: string, closesAt: number) => `**${label}**로 답했어요. 결과는 <t:${Math.floor(closesAt / 1000)}:R> 공개돼요.`,
  },
} as const;

const EN = SAYS.en;
const SAVED = `\n\n${EN.saved}`;

// ---------------------------------------------------------------------------
// Helpers

type Control = 'skip' | 'pause' | 'resume';

/** `/quiz skip|pause|resume` as `user` in a channel (or a DM); the private reply's text. */
function control(h: Harness, where: string | { readonly dm: true }, user: string, what: Control): Promise<string> {
  const ix = h.sim.command({ ...(typeof where === 'string' ? { channelId: where } : where), userId: user, name: `quiz ${what}` });
  return ephemeralReply(h, ix, user);
}

/** Steps the manual clock to the absolute time `t` (timers due by then run). */
async function advanceTo(h: Harness, t: number): Promise<void> {
  const { clock, scheduler } = time(h);
  expect(t).toBeGreaterThanOrEqual(clock.now());
  await scheduler.advance(t - clock.now());
}

function now(h: Harness): number {
  return time(h).clock.now();
}

interface RowButton {
  readonly label: string | null;
  readonly customId: string | null;
  readonly style: number;
  readonly disabled: boolean;
}

/**
 * A message's buttons by action row, as the snapshot shows them, without a reveal's last row of
 * its own with the Report button (anyone's, checked by {@link expectRevealRows}; see quiz-reports.test.ts).
 */
function rowsOf(m: SimMessage): RowButton[][] {
  return allRowsOf(m).filter((row) => !(row.length === 1 && row[0]?.customId?.startsWith('report:q:') === true));
}

/** Every action row of a message, the Report row included. */
function allRowsOf(m: SimMessage): RowButton[][] {
  const rows = m.data['components'];
  if (!Array.isArray(rows)) return [];
  return rows.map((row) => {
    const components = (row as { components?: unknown }).components;
    return (Array.isArray(components) ? components : []).map((c) => {
      const b = c as { label?: string; custom_id?: string; style?: number; disabled?: boolean };
      return { label: b.label ?? null, customId: b.custom_id ?? null, style: b.style ?? 0, disabled: b.disabled === true };
    });
  });
}

/** The current version of a message once `check` holds for it (edits are awaited). */
function waitForEdit(h: Harness, messageId: string, check: (m: SimMessage) => boolean, description: string): Promise<SimMessage> {
  return h.sim.waitForMessage((m) => m.id === messageId && check(m), { description });
}

const descriptionOf = (m: SimMessage): string => embedOf(m).description ?? '';

/** The question message once it shows the paused line; checks its answer buttons are disabled. */
async function pausedOnScreen(h: Harness, q: AskedQuestion, secondsLeft: number): Promise<SimMessage> {
  const line = SAYS[q.lang].questionPaused(secondsLeft);
  const m = await waitForEdit(h, q.message.id, (x) => descriptionOf(x).endsWith(`\n\n${line}`), `question ${q.number} to show "${line}"`);
  expect(titleOf(m)).toBe(WORDS[q.lang].question(q.number, q.total));
  expect(descriptionOf(m)).not.toContain('<t:');
  const rows = rowsOf(m);
  expect(rows).toHaveLength(1);
  expect(rows[0]?.map((b) => b.label)).toEqual(q.labels);
  expect(rows[0]?.every((b) => b.disabled)).toBe(true);
  return m;
}

/** The question message once it counts down to `closesAt` again; checks its answer buttons are enabled. */
async function countingDownTo(h: Harness, q: AskedQuestion, closesAt: number): Promise<SimMessage> {
  const countdown = q.lang === 'en' ? `Answers close <t:${Math.floor(closesAt / 1000)}:R>.` : `<t:${Math.floor(closesAt / 1000)}:R> 마감돼요.`;
  const m = await waitForEdit(h, q.message.id, (x) => descriptionOf(x).endsWith(`\n\n${countdown}`), `question ${q.number} to count down to ${closesAt}`);
  expect(titleOf(m)).toBe(WORDS[q.lang].question(q.number, q.total));
  expect(h.sim.buttons(q.message.id).every((b) => !b.disabled)).toBe(true);
  return m;
}

/**
 * Checks a reveal like {@link expectReveal}, by its rows: the answer row (disabled, the right
 * one green) and, at `pace:manual` before the last question, a second row with the host's
 * enabled Next question button (`next`, its custom id) and the line saying the host goes on.
 */
function expectRevealRows(
  _h: Harness,
  reveal: SimMessage,
  q: AskedQuestion,
  winners: readonly ExpectedWinner[],
  answered: number,
  tally: Tally,
  next: string | null,
): void {
  const say = SAYS[q.lang];
  const embed = embedOf(reveal);
  expect(embed.title).toBe(WORDS[q.lang].reveal(q.number, q.total));
  const description = embed.description ?? '';
  expect(description).toContain(q.lang === 'en' ? `Answer: **${q.correctLabel}**` : `정답: **${q.correctLabel}**`);
  const outcome = expectedOutcome(winners, answered, q.lang);
  const tail = [outcome.line, next ? say.waiting : null].filter((l): l is string => l !== null).map((l) => `\n\n${l}`).join('');
  expect(description.endsWith(tail), description).toBe(true);
  if (!next) expect(description).not.toContain(say.waiting);
  const board = tally.scoreboardLines(q.lang);
  expect((embed.fields ?? []).map((f) => ({ name: f.name, value: f.value }))).toEqual([
    ...(outcome.field ? [outcome.field] : []),
    ...(board.length > 0 ? [{ name: q.lang === 'en' ? `Scoreboard after question ${q.number}` : `${q.number}번 문제까지의 순위`, value: board.join('\n') }] : []),
  ]);
  const rows = rowsOf(reveal);
  expect(rows[0]?.map((b) => b.label)).toEqual(q.labels);
  expect(rows[0]?.every((b) => b.disabled)).toBe(true);
  expect(rows[0]?.map((b) => b.style)).toEqual(q.labels.map((l) => (l === q.correctLabel ? 3 : 2)));
  expect(rows.slice(1)).toEqual(next ? [[{ label: say.next, customId: next, style: 1, disabled: false }]] : []);
  // Last, whatever the host does: the Report button, enabled for everyone.
  const all = allRowsOf(reveal);
  expect(all).toHaveLength(rows.length + 1);
  expect(all.at(-1)).toEqual([{ label: say.report, customId: expect.stringMatching(/^report:q:/) as unknown as string, style: 2, disabled: false }]);
}

/** The Next question button's id for the reveal of question `number`. */
const nextId = (q: AskedQuestion): string => `quiznext:${q.sessionId}:${q.number - 1}`;

/**
 * The reveal once its Next question prompt is gone (the quiz moved on): the answer row and the
 * scores as they were, no Next row, no line saying the host goes on.
 */
async function nextPromptGone(h: Harness, reveal: SimMessage, lang: Lang = 'en'): Promise<SimMessage> {
  const updated = await waitForEdit(h, reveal.id, (m) => rowsOf(m).length === 1 && !descriptionOf(m).includes(SAYS[lang].waiting), 'the Next prompt to leave the reveal');
  expect(rowsOf(updated)).toEqual([rowsOf(reveal)[0]]);
  expect(allRowsOf(updated).at(-1)).toEqual(allRowsOf(reveal).at(-1));
  expect(embedOf(updated).fields).toEqual(embedOf(reveal).fields);
  expect(descriptionOf(updated)).toBe(descriptionOf(reveal).replace(`\n\n${SAYS[lang].waiting}`, ''));
  return updated;
}

/**
 * The host (or a member allowed to steer) presses Next question: the press is acknowledged
 * without a message (callback 6), and the quiz takes the prompt off the reveal. Returns the
 * updated reveal.
 */
async function pressNext(h: Harness, reveal: SimMessage, user: string, lang: Lang = 'en'): Promise<SimMessage> {
  const ix = h.sim.click({ messageId: reveal.id, userId: user, label: SAYS[lang].next });
  await ix.response;
  expect(ix.failed).toBe(false);
  expect(ix.callbacks.map((c) => c.type)).toEqual([6]);
  return nextPromptGone(h, reveal, lang);
}

function checkHarness(h: Harness | undefined): void {
  if (!h) return;
  h.sim.assertNoViolations();
  expect(h.sim.messagesAllowingEveryone()).toEqual([]);
}

/** The restart notice the bot posts in the channel. */
function notice(h: Harness, channelId: string, text: string): Promise<SimMessage> {
  return h.sim.waitForMessage((m) => !m.ephemeral && contentOf(m) === text, { channelId, description: `the notice "${text}"` });
}

// ---------------------------------------------------------------------------

describe('/quiz pause and /quiz resume', () => {
  let h: Harness;
  let quiz: string;

  beforeEach(async () => {
    h = await startQuizHarness();
    quiz = h.channel('Big City Fans', 'quiz');
  });
  afterEach(async () => {
    try {
      checkHarness(h);
    } finally {
      await h.close();
    }
  });

  it('given the host pausing mid-question, the countdown stops, clicks are refused, and resume gives back exactly the time left without counting the pause as answering time', async () => {
    const tally = new Tally(h);
    await startQuiz(h, quiz, 'alice', { rounds: 2, seconds: 20 });
    await overPause(h, INTRO_MS);
    const q1 = await questionOnScreen(h, quiz, 1, 2);
    await at(h, q1, 4_000);
    expect(await click(h, q1.message.id, 'bob', { label: q1.correctLabel })).toBe(EN.locked(q1.correctLabel, q1.closesAt));

    await at(h, q1, 6_000);
    expect(await control(h, quiz, 'alice', 'pause')).toBe(EN.paused);
    await pausedOnScreen(h, q1, 14);
    expect((await savedState(h, quiz))?.pause).toEqual({ since: q1.askedAt + 6_000, remainingMs: 14_000 });

    // Long past the original time-up: nothing is revealed, nothing new is posted.
    const posted = publicMessages(h, quiz).length;
    await advanceTo(h, q1.closesAt + 60_000);
    expect(titleOf(h.sim.message(q1.message.id) ?? q1.message)).toBe('Question 1 of 2');
    expect(publicMessages(h, quiz)).toHaveLength(posted);
    expect(time(h).scheduler.pending()).toBe(0);
    // The buttons are disabled; a click sent anyway is refused.
    expect(() => h.sim.click({ messageId: q1.message.id, userId: 'carol', label: q1.correctLabel })).toThrow();
    expect(await click(h, q1.message.id, 'carol', { label: q1.correctLabel }, true)).toBe(EN.clickPaused);
    expect(await click(h, q1.message.id, 'bob', { label: q1.wrongLabel }, true)).toBe(EN.clickPaused);

    const resumedAt = now(h);
    expect(await control(h, quiz, 'alice', 'resume')).toBe(EN.resumed);
    const closesAt = resumedAt + 14_000;
    await countingDownTo(h, q1, closesAt);
    const state = await savedState(h, quiz);
    expect(state?.pause).toBeNull();
    expect(state?.closesAt).toBe(closesAt);
    expect(state?.pauses).toEqual([{ from: q1.askedAt + 6_000, to: resumedAt }]);

    // carol answers 2 s after the resume: 8 s of answering time, not 68 s.
    await advanceTo(h, resumedAt + 2_000);
    expect(await click(h, q1.message.id, 'carol', { label: q1.correctLabel })).toBe(EN.locked(q1.correctLabel, closesAt));
    expect(await click(h, q1.message.id, 'bob', { label: q1.wrongLabel })).toBe(`You already answered **${q1.correctLabel}** to this question. One answer per question.`);
    await advanceTo(h, closesAt - 1);
    expect(titleOf(h.sim.message(q1.message.id) ?? q1.message)).toBe('Question 1 of 2');
    await advanceTo(h, closesAt);
    const reveal = await waitForTitle(h, quiz, 'Question 1 of 2: time is up');
    const winners = tally.round(q1, [
      { user: 'bob', label: q1.correctLabel, elapsedMs: 4_000 },
      { user: 'carol', label: q1.correctLabel, elapsedMs: 8_000 },
    ]);
    // Both keep a speed bonus: the 20 s window is the answering time, pauses left out.
    expect(winners.map((w) => w.speedBonus > 0)).toEqual([true, true]);
    expectReveal(h, reveal, q1, winners, 2, tally);
    expect((await leaderboard(h, { channelId: quiz }, 'olivia')).lines).toEqual(tally.leaderboardLines());

    // The quiz goes on as usual: the next question after the reveal pause, with a fresh window.
    await overPause(h);
    const q2 = await questionOnScreen(h, quiz, 2, 2);
    expect(q2.askedAt).toBe(closesAt + REVEAL_PAUSE_MS);
    expect(q2.closesAt - q2.askedAt).toBe(20_000);
    expect((await savedState(h, quiz))?.pauses).toEqual([]);
    tally.round(q2, []);
    await toReveal(h, quiz, q2);
    await overPause(h);
    expect(await standingsText(h, quiz)).toBe(`Quiz complete: 2 questions played.\n\n${tally.standingsLines().join('\n')}${SAVED}`);
  });

  it('given two pauses in one question, both are left out of the answering time', async () => {
    const tally = new Tally(h);
    await startQuiz(h, quiz, 'alice', { rounds: 1, seconds: 10 });
    await overPause(h, INTRO_MS);
    const q1 = await questionOnScreen(h, quiz, 1, 1);
    await at(h, q1, 2_000);
    expect(await control(h, quiz, 'alice', 'pause')).toBe(EN.paused);
    await pausedOnScreen(h, q1, 8);
    await advanceTo(h, now(h) + 30_000);
    expect(await control(h, quiz, 'alice', 'resume')).toBe(EN.resumed);
    await countingDownTo(h, q1, now(h) + 8_000);
    await advanceTo(h, now(h) + 3_000);
    // 5 s answered so far; 500 ms left once rounded down: "with 5 s left".
    expect(await control(h, quiz, 'mod', 'pause')).toBe(EN.paused);
    await pausedOnScreen(h, q1, 5);
    await advanceTo(h, now(h) + 45_000);
    const resumedAt = now(h);
    expect(await control(h, quiz, 'mod', 'resume')).toBe(EN.resumed);
    await countingDownTo(h, q1, resumedAt + 5_000);
    await advanceTo(h, resumedAt + 1_500);
    await click(h, q1.message.id, 'carol', { label: q1.correctLabel });
    await advanceTo(h, resumedAt + 5_000);
    const reveal = await waitForTitle(h, quiz, 'Question 1 of 1: time is up');
    expectReveal(h, reveal, q1, tally.round(q1, [{ user: 'carol', label: q1.correctLabel, elapsedMs: 6_500 }]), 1, tally);
    expect(embedOf(reveal).fields?.[0]?.value).toContain('(6.5 s)');
  });

  it('given a pause twice, a resume when not paused, and a skip while paused, each is refused privately and the quiz stays as it was', async () => {
    await startQuiz(h, quiz, 'alice', { rounds: 2, seconds: 20 });
    await overPause(h, INTRO_MS);
    const q1 = await questionOnScreen(h, quiz, 1, 2);
    await at(h, q1, 1_000);
    expect(await control(h, quiz, 'alice', 'resume')).toBe(EN.notPaused);
    expect((await savedState(h, quiz))?.closesAt).toBe(q1.closesAt);

    expect(await control(h, quiz, 'alice', 'pause')).toBe(EN.paused);
    await pausedOnScreen(h, q1, 19);
    const paused = await savedState(h, quiz);
    await at(h, q1, 3_000);
    expect(await control(h, quiz, 'alice', 'pause')).toBe(EN.alreadyPaused);
    expect(await control(h, quiz, 'mod', 'pause')).toBe(EN.alreadyPaused);
    // The first pause stands: still 19 s left.
    expect((await savedState(h, quiz))?.pause).toEqual(paused?.pause);

    await control(h, quiz, 'alice', 'skip');
    // Nothing was skipped: no reveal, still paused.
    await time(h).scheduler.advance(60_000);
    expect(titleOf(h.sim.message(q1.message.id) ?? q1.message)).toBe('Question 1 of 2');
    expect((await savedState(h, quiz))?.pause).toEqual(paused?.pause);

    const resumedAt = now(h);
    expect(await control(h, quiz, 'alice', 'resume')).toBe(EN.resumed);
    expect(await control(h, quiz, 'alice', 'resume')).toBe(EN.notPaused);
    await countingDownTo(h, q1, resumedAt + 19_000);
  });

  it('given a skip while paused, the reply says to resume first', async () => {
    await startQuiz(h, quiz, 'alice', { rounds: 2, seconds: 20 });
    await overPause(h, INTRO_MS);
    const q1 = await questionOnScreen(h, quiz, 1, 2);
    expect(await control(h, quiz, 'alice', 'pause')).toBe(EN.paused);
    expect(await control(h, quiz, 'alice', 'skip')).toBe(EN.pausedSkip);
    expect(titleOf(h.sim.message(q1.message.id) ?? q1.message)).toBe('Question 1 of 2');
  });

  it('given a pause during the intro and during the pause after a reveal, the next question waits until resume, then follows after the usual pause', async () => {
    const tally = new Tally(h);
    await startQuiz(h, quiz, 'alice', { rounds: 2, seconds: 10 });
    expect(await control(h, quiz, 'alice', 'pause')).toBe(EN.paused);
    expect((await savedState(h, quiz))?.pause).toEqual({ since: now(h), remainingMs: null });
    await time(h).scheduler.advance(10 * 60_000);
    expect(publicMessages(h, quiz).map((m) => titleOf(m))).toEqual(['Love in the Big City quiz']);
    const resumedAt = now(h);
    expect(await control(h, quiz, 'alice', 'resume')).toBe(EN.resumed);
    await advanceTo(h, resumedAt + INTRO_MS - 1);
    expect(publicMessages(h, quiz)).toHaveLength(1);
    await advanceTo(h, resumedAt + INTRO_MS);
    const q1 = await questionOnScreen(h, quiz, 1, 2);
    expect(q1.askedAt).toBe(resumedAt + INTRO_MS);

    await at(h, q1, 1_000);
    await click(h, q1.message.id, 'bob', { label: q1.correctLabel });
    const reveal = await toReveal(h, quiz, q1);
    expectReveal(h, reveal, q1, tally.round(q1, [{ user: 'bob', label: q1.correctLabel, elapsedMs: 1_000 }]), 1, tally);
    const revealed = structuredClone(reveal.data);
    expect(await control(h, quiz, 'mod', 'pause')).toBe(EN.paused);
    await time(h).scheduler.advance(10 * 60_000);
    expect(publicMessages(h, quiz).some((m) => titleOf(m) === 'Question 2 of 2')).toBe(false);
    // The reveal is left as it was.
    expect(h.sim.message(reveal.id)?.data['embeds']).toEqual(revealed['embeds']);
    const again = now(h);
    expect(await control(h, quiz, 'mod', 'resume')).toBe(EN.resumed);
    await advanceTo(h, again + REVEAL_PAUSE_MS);
    const q2 = await questionOnScreen(h, quiz, 2, 2);
    expect(q2.askedAt).toBe(again + REVEAL_PAUSE_MS);
  });
});

describe('who may skip, pause and resume, and where', () => {
  let h: Harness;
  let quiz: string;
  let general: string;

  beforeEach(async () => {
    h = await startQuizHarness({ guilds: [FANS, OTHER] });
    quiz = h.channel('Big City Fans', 'quiz');
    general = h.channel('Big City Fans', 'general');
  });
  afterEach(async () => {
    try {
      checkHarness(h);
    } finally {
      await h.close();
    }
  });

  it('given a member who is neither host, quiz role holder nor Manage Server, every control is refused naming the host, and the quiz carries on untouched', async () => {
    await startQuiz(h, quiz, 'alice', { rounds: 2, seconds: 20 });
    await overPause(h, INTRO_MS);
    const q1 = await questionOnScreen(h, quiz, 1, 2);
    const alice = h.sim.userId('alice');
    for (const what of ['skip', 'pause', 'resume'] as const) {
      expect(await control(h, quiz, 'bob', what), what).toBe(EN.forbidden(alice));
    }
    const state = await savedState(h, quiz);
    expect(state?.pause).toBeNull();
    expect(state?.phase).toBe('asking');
    expect(state?.closesAt).toBe(q1.closesAt);
    expect(h.sim.message(q1.message.id)?.history).toHaveLength(0);
    // Paused by the host, bob still cannot resume it.
    expect(await control(h, quiz, 'alice', 'pause')).toBe(EN.paused);
    expect(await control(h, quiz, 'bob', 'resume')).toBe(EN.forbidden(alice));
    expect(await control(h, quiz, 'bob', 'skip')).toBe(EN.forbidden(alice));
    expect((await savedState(h, quiz))?.pause).not.toBeNull();
  });

  it('given no quiz in the channel, or a DM, the controls say so', async () => {
    for (const what of ['skip', 'pause', 'resume'] as const) {
      expect(await control(h, general, 'mod', what), what).toBe(EN.notRunning);
      expect(await control(h, { dm: true }, 'alice', what), what).toBe(EN.dm);
    }
    // A quiz that has ended is no longer running either.
    await startQuiz(h, general, 'alice', { rounds: 1, seconds: 10 });
    expect(await ephemeralReply(h, h.sim.command({ channelId: general, userId: 'alice', name: 'quiz stop' }), 'alice')).toContain('Quiz stopped.');
    expect(await control(h, general, 'alice', 'pause')).toBe(EN.notRunning);
    expect(await control(h, general, 'alice', 'skip')).toBe(EN.notRunning);
  });

  it("given quizzes in two channels, a control acts on its own channel's quiz only, and the host of one is refused in the other", async () => {
    await startQuiz(h, quiz, 'alice', { rounds: 2, seconds: 20 });
    await startQuiz(h, general, 'carol', { rounds: 2, seconds: 20 });
    await overPause(h, INTRO_MS);
    const inQuiz = await questionOnScreen(h, quiz, 1, 2);
    const inGeneral = await questionOnScreen(h, general, 1, 2);
    // alice hosts #quiz, not #general.
    expect(await control(h, general, 'alice', 'pause')).toBe(EN.forbidden(h.sim.userId('carol')));
    expect(await control(h, general, 'carol', 'pause')).toBe(EN.paused);
    await pausedOnScreen(h, inGeneral, 20);
    expect((await savedState(h, quiz))?.pause).toBeNull();
    expect(h.sim.buttons(inQuiz.message.id).every((b) => !b.disabled)).toBe(true);
    // #quiz runs on: its question is revealed on time, #general's is not.
    await toReveal(h, quiz, inQuiz);
    expect(titleOf(h.sim.message(inGeneral.message.id) ?? inGeneral.message)).toBe('Question 1 of 2');
    expect(await control(h, quiz, 'carol', 'skip')).toBe(EN.forbidden(h.sim.userId('alice')));
    expect(await control(h, general, 'alice', 'resume')).toBe(EN.forbidden(h.sim.userId('carol')));
    expect(await control(h, general, 'carol', 'resume')).toBe(EN.resumed);
    await countingDownTo(h, inGeneral, now(h) + 20_000);
  });

  it('given a moderator with Manage Server and the server owner, both may pause, resume and skip a quiz they do not host', async () => {
    await startQuiz(h, quiz, 'alice', { rounds: 2, seconds: 20 });
    await overPause(h, INTRO_MS);
    const q1 = await questionOnScreen(h, quiz, 1, 2);
    expect(await control(h, quiz, 'mod', 'pause')).toBe(EN.paused);
    await pausedOnScreen(h, q1, 20);
    expect(await control(h, quiz, 'olivia', 'resume')).toBe(EN.resumed);
    expect(await control(h, quiz, 'olivia', 'skip')).toBe(EN.skipped);
    await waitForTitle(h, quiz, 'Question 1 of 2: time is up');
    expect(await control(h, quiz, 'mod', 'skip')).toBe(EN.skippedPause);
    await questionOnScreen(h, quiz, 2, 2);
  });

  it('given the quiz role set with /config quiz-role, a holder may skip, pause and resume; without the role she may not', async () => {
    const set = await ephemeralReply(h, h.sim.command({ channelId: general, userId: 'mod', name: 'config quiz-role set', options: { role: '@Quizmaster' } }), 'mod');
    expect(set).toContain(`<@&${h.sim.guild('Big City Fans').roles['Quizmaster']}>`);
    h.sim.setMemberRoles('Big City Fans', 'alice', ['Quizmaster']);
    await startQuiz(h, quiz, 'alice', { rounds: 2, seconds: 20 });
    await overPause(h, INTRO_MS);
    const q1 = await questionOnScreen(h, quiz, 1, 2);
    expect(await control(h, quiz, 'carol', 'skip')).toBe(EN.forbidden(h.sim.userId('alice')));
    h.sim.setMemberRoles('Big City Fans', 'carol', ['Quizmaster']);
    expect(await control(h, quiz, 'carol', 'pause')).toBe(EN.paused);
    await pausedOnScreen(h, q1, 20);
    expect(await control(h, quiz, 'carol', 'resume')).toBe(EN.resumed);
    await at(h, q1, 2_000);
    expect(await control(h, quiz, 'carol', 'skip')).toBe(EN.skipped);
    await waitForTitle(h, quiz, 'Question 1 of 2: time is up');
  });
});

describe('/quiz skip', () => {
  let h: Harness;
  let quiz: string;

  beforeEach(async () => {
    h = await startQuizHarness();
    quiz = h.channel('Big City Fans', 'quiz');
  });
  afterEach(async () => {
    try {
      checkHarness(h);
    } finally {
      await h.close();
    }
  });

  it('given a question on screen, skip reveals it at once with its answers scored, the next follows after the reveal pause, and a skip in that pause posts it at once', async () => {
    const tally = new Tally(h);
    await startQuiz(h, quiz, 'alice', { rounds: 3, seconds: 20 });
    // A skip during the intro brings the first question at once.
    expect(await control(h, quiz, 'alice', 'skip')).toBe(EN.skippedPause);
    const q1 = await questionOnScreen(h, quiz, 1, 3);
    expect(q1.askedAt).toBe(now(h));

    await at(h, q1, 3_000);
    await click(h, q1.message.id, 'bob', { label: q1.correctLabel });
    await at(h, q1, 5_000);
    await click(h, q1.message.id, 'carol', { label: q1.wrongLabel });
    const skippedAt = now(h);
    expect(await control(h, quiz, 'alice', 'skip')).toBe(EN.skipped);
    // Revealed now, before its time was up; the clicks count as they were (the full window stands).
    const reveal1 = await waitForTitle(h, quiz, 'Question 1 of 3: time is up');
    expect(now(h)).toBe(skippedAt);
    expectReveal(h, reveal1, q1, tally.round(q1, [
      { user: 'bob', label: q1.correctLabel, elapsedMs: 3_000 },
      { user: 'carol', label: q1.wrongLabel, elapsedMs: 5_000 },
    ]), 2, tally);
    expect(await click(h, q1.message.id, 'olivia', { label: q1.correctLabel }, true)).toBe('Time is up for that question.');
    expect((await leaderboard(h, { channelId: quiz }, 'olivia')).lines).toEqual(tally.leaderboardLines());

    await advanceTo(h, skippedAt + REVEAL_PAUSE_MS - 1);
    expect(publicMessages(h, quiz).some((m) => titleOf(m) === 'Question 2 of 3')).toBe(false);
    await advanceTo(h, skippedAt + REVEAL_PAUSE_MS);
    const q2 = await questionOnScreen(h, quiz, 2, 3);
    expect(q2.askedAt).toBe(skippedAt + REVEAL_PAUSE_MS);

    expect(await control(h, quiz, 'mod', 'skip')).toBe(EN.skipped);
    const reveal2 = await waitForTitle(h, quiz, 'Question 2 of 3: time is up');
    expectReveal(h, reveal2, q2, tally.round(q2, []), 0, tally);
    expect(await control(h, quiz, 'alice', 'skip')).toBe(EN.skippedPause);
    const q3 = await questionOnScreen(h, quiz, 3, 3);
    expect(q3.askedAt).toBe(q2.askedAt);
    await at(h, q3, 1_000);
    await click(h, q3.message.id, 'bob', { label: q3.correctLabel });
    // The last question skipped: the standings follow after the reveal pause.
    expect(await control(h, quiz, 'alice', 'skip')).toBe(EN.skipped);
    expectReveal(h, await waitForTitle(h, quiz, 'Question 3 of 3: time is up'), q3, tally.round(q3, [{ user: 'bob', label: q3.correctLabel, elapsedMs: 1_000 }]), 1, tally);
    await overPause(h);
    expect(await standingsText(h, quiz)).toBe(`Quiz complete: 3 questions played.\n\n${tally.standingsLines().join('\n')}${SAVED}`);
    expect(await control(h, quiz, 'alice', 'skip')).toBe(EN.notRunning);
    expect((await leaderboard(h, { channelId: quiz }, 'olivia')).lines).toEqual(tally.leaderboardLines());
  });
});

describe('/quiz start pace:manual', () => {
  let h: Harness;
  let quiz: string;

  beforeEach(async () => {
    h = await startQuizHarness();
    quiz = h.channel('Big City Fans', 'quiz');
  });
  afterEach(async () => {
    try {
      checkHarness(h);
    } finally {
      await h.close();
    }
  });

  it('given a manual quiz, each reveal waits for the host\'s Next question; others are refused, old and forged buttons are answered, and the last reveal leads to the standings by itself', async () => {
    const tally = new Tally(h);
    await startQuiz(h, quiz, 'alice', { rounds: 3, seconds: 10, pace: 'manual' });
    expect((await savedState(h, quiz))?.options.pace).toBe('manual');
    await overPause(h, INTRO_MS);
    const q1 = await questionOnScreen(h, quiz, 1, 3);
    await at(h, q1, 2_000);
    await click(h, q1.message.id, 'bob', { label: q1.correctLabel });
    const reveal1 = await toReveal(h, quiz, q1);
    expectRevealRows(h, reveal1, q1, tally.round(q1, [{ user: 'bob', label: q1.correctLabel, elapsedMs: 2_000 }]), 1, tally, nextId(q1));

    // Minutes go by: no question 2 by itself.
    await time(h).scheduler.advance(5 * 60_000);
    expect(publicMessages(h, quiz).some((m) => titleOf(m) === 'Question 2 of 3')).toBe(false);

    expect(await click(h, reveal1.id, 'carol', { label: EN.next })).toBe(EN.forbidden(h.sim.userId('alice')));
    expect(rowsOf(h.sim.message(reveal1.id) ?? reveal1)).toHaveLength(2);

    const pressedAt = now(h);
    await pressNext(h, reveal1, 'alice');
    const q2 = await questionOnScreen(h, quiz, 2, 3);
    expect(q2.askedAt).toBe(pressedAt);

    // The old button, pressed again (its row is gone: sent anyway), and forged ones.
    expect(await click(h, reveal1.id, 'alice', { customId: nextId(q1) }, true)).toBe(EN.notWaiting);
    expect(await click(h, reveal1.id, 'alice', { customId: 'quiznext:zzzzzzzz:0' }, true)).toBe(EN.unknownButton);
    expect(await click(h, reveal1.id, 'alice', { customId: 'quiznext:../x' }, true)).toBe(EN.unknownButton);
    // The Next button of the round on screen (before its reveal) is not active either.
    expect(await click(h, q2.message.id, 'alice', { customId: nextId(q2) }, true)).toBe(EN.notWaiting);
    expect(publicMessages(h, quiz).filter((m) => titleOf(m) === 'Question 3 of 3')).toHaveLength(0);

    await at(h, q2, 1_000);
    await click(h, q2.message.id, 'carol', { label: q2.correctLabel });
    const reveal2 = await toReveal(h, quiz, q2);
    expectRevealRows(h, reveal2, q2, tally.round(q2, [{ user: 'carol', label: q2.correctLabel, elapsedMs: 1_000 }]), 1, tally, nextId(q2));
    // A moderator (Manage Server) may press it too.
    await pressNext(h, reveal2, 'mod');
    const q3 = await questionOnScreen(h, quiz, 3, 3);
    expect(await click(h, reveal2.id, 'mod', { customId: nextId(q2) }, true)).toBe(EN.notWaiting);

    await at(h, q3, 3_000);
    await click(h, q3.message.id, 'bob', { label: q3.wrongLabel });
    const reveal3 = await toReveal(h, quiz, q3);
    // The last reveal: no Next question, the standings after the usual pause.
    expectRevealRows(h, reveal3, q3, tally.round(q3, [{ user: 'bob', label: q3.wrongLabel, elapsedMs: 3_000 }]), 1, tally, null);
    await overPause(h);
    expect(await standingsText(h, quiz)).toBe(`Quiz complete: 3 questions played.\n\n${tally.standingsLines().join('\n')}${SAVED}`);
    expect(await click(h, reveal2.id, 'alice', { customId: nextId(q2) }, true)).toBe(EN.finished);
    expect((await leaderboard(h, { channelId: quiz }, 'olivia')).lines).toEqual(tally.leaderboardLines());
  });

  it('given the quiz role, a holder who is not the host may press Next question', async () => {
    await h.bot.ctx.store.settings.update(h.sim.guild('Big City Fans').id, { quizRole: h.sim.guild('Big City Fans').roles['Quizmaster'] ?? null });
    await startQuiz(h, quiz, 'mod', { rounds: 2, seconds: 10, pace: 'manual' });
    await overPause(h, INTRO_MS);
    const q1 = await questionOnScreen(h, quiz, 1, 2);
    const reveal = await toReveal(h, quiz, q1);
    expect(await click(h, reveal.id, 'bob', { label: EN.next })).toBe(EN.forbidden(h.sim.userId('mod')));
    h.sim.setMemberRoles('Big City Fans', 'bob', ['Quizmaster']);
    await pressNext(h, reveal, 'bob');
    await questionOnScreen(h, quiz, 2, 2);
  });

  it('given a manual quiz, /quiz skip and /quiz pause still work: a skipped question waits for Next, and Next while paused waits for resume', async () => {
    const tally = new Tally(h);
    await startQuiz(h, quiz, 'alice', { rounds: 3, seconds: 20, pace: 'manual' });
    await overPause(h, INTRO_MS);
    const q1 = await questionOnScreen(h, quiz, 1, 3);
    await at(h, q1, 1_000);
    await click(h, q1.message.id, 'bob', { label: q1.correctLabel });
    expect(await control(h, quiz, 'alice', 'skip')).toBe(EN.skipped);
    const reveal1 = await waitForTitle(h, quiz, 'Question 1 of 3: time is up');
    expectRevealRows(h, reveal1, q1, tally.round(q1, [{ user: 'bob', label: q1.correctLabel, elapsedMs: 1_000 }]), 1, tally, nextId(q1));
    await time(h).scheduler.advance(60_000);
    expect(publicMessages(h, quiz).some((m) => titleOf(m) === 'Question 2 of 3')).toBe(false);

    expect(await control(h, quiz, 'alice', 'pause')).toBe(EN.paused);
    // Paused: Next does not move the quiz on, and says to resume first; its prompt stays.
    expect(await click(h, reveal1.id, 'alice', { label: EN.next })).toBe(EN.pausedSkip);
    expect(rowsOf(h.sim.message(reveal1.id) ?? reveal1)).toHaveLength(2);
    expect(publicMessages(h, quiz).some((m) => titleOf(m) === 'Question 2 of 3')).toBe(false);
    // Paused, the 15 minutes do not run.
    await time(h).scheduler.advance(HOST_WAIT_MS + 60_000);
    expect(publicMessages(h, quiz).some((m) => titleOf(m) === 'Final standings')).toBe(false);
    const resumedAt = now(h);
    expect(await control(h, quiz, 'alice', 'resume')).toBe(EN.resumed);
    // Resumed, it waits for Next again (its 15 minutes from the resume).
    await time(h).scheduler.advance(HOST_WAIT_MS - 1);
    expect(publicMessages(h, quiz).some((m) => titleOf(m) === 'Question 2 of 3' || titleOf(m) === 'Final standings')).toBe(false);
    await pressNext(h, h.sim.message(reveal1.id) ?? reveal1, 'alice');
    const q2 = await questionOnScreen(h, quiz, 2, 3);
    expect(q2.askedAt).toBe(resumedAt + HOST_WAIT_MS - 1);
  });

  it('given a manual quiz, /quiz skip while it waits for Next posts the next question at once', async () => {
    await startQuiz(h, quiz, 'alice', { rounds: 2, seconds: 10, pace: 'manual' });
    await overPause(h, INTRO_MS);
    const q1 = await questionOnScreen(h, quiz, 1, 2);
    const reveal1 = await toReveal(h, quiz, q1);
    expect(rowsOf(reveal1)).toHaveLength(2);
    expect(await control(h, quiz, 'alice', 'skip')).toBe(EN.skippedPause);
    await questionOnScreen(h, quiz, 2, 2);
    await nextPromptGone(h, reveal1);
    expect(await click(h, reveal1.id, 'alice', { customId: nextId(q1) }, true)).toBe(EN.notWaiting);
  });

  it('given a manual quiz stopped while it waits for Next, the reveal loses its Next prompt and the standings follow', async () => {
    await startQuiz(h, quiz, 'alice', { rounds: 3, seconds: 10, pace: 'manual' });
    await overPause(h, INTRO_MS);
    const q1 = await questionOnScreen(h, quiz, 1, 3);
    const reveal1 = await toReveal(h, quiz, q1);
    expect(rowsOf(reveal1)).toHaveLength(2);
    const stop = h.sim.command({ channelId: quiz, userId: 'alice', name: 'quiz stop' });
    await ephemeralReply(h, stop, 'alice');
    await waitForTitle(h, quiz, 'Final standings');
    await nextPromptGone(h, reveal1);
    expect(await click(h, reveal1.id, 'alice', { customId: nextId(q1) }, true)).toBe(EN.finished);
  });

  it('given the pause after the last reveal, /quiz skip says the final standings are coming, and they do', async () => {
    await startQuiz(h, quiz, 'alice', { rounds: 1, seconds: 10 });
    await overPause(h, INTRO_MS);
    const q1 = await questionOnScreen(h, quiz, 1, 1);
    await toReveal(h, quiz, q1);
    expect(await control(h, quiz, 'alice', 'skip')).toBe(EN.skippedToEnd);
    await waitForTitle(h, quiz, 'Final standings');
  });

  it('given the next question slow to post (a rate limit), the host\'s Next press is still answered within Discord\'s 3 s', async () => {
    await startQuiz(h, quiz, 'alice', { rounds: 2, seconds: 10, pace: 'manual' });
    await overPause(h, INTRO_MS);
    const q1 = await questionOnScreen(h, quiz, 1, 2);
    const reveal = await toReveal(h, quiz, q1);
    h.sim.rateLimitNext(1, 3.5, { method: 'POST', path: new RegExp(`/channels/${quiz}/messages$`) });
    const ix = h.sim.click({ messageId: reveal.id, userId: 'alice', label: EN.next });
    await ix.response;
    expect(ix.failed).toBe(false);
    await questionOnScreen(h, quiz, 2, 2);
  });

  it('given nobody pressing Next question for 15 minutes, the quiz ends with standings saying so and the channel is free', async () => {
    const tally = new Tally(h);
    await startQuiz(h, quiz, 'alice', { rounds: 3, seconds: 10, pace: 'manual' });
    await overPause(h, INTRO_MS);
    const q1 = await questionOnScreen(h, quiz, 1, 3);
    await at(h, q1, 2_500);
    await click(h, q1.message.id, 'carol', { label: q1.correctLabel });
    const reveal1 = await toReveal(h, quiz, q1);
    const revealedAt = now(h);
    expectRevealRows(h, reveal1, q1, tally.round(q1, [{ user: 'carol', label: q1.correctLabel, elapsedMs: 2_500 }]), 1, tally, nextId(q1));

    await advanceTo(h, revealedAt + HOST_WAIT_MS - 1);
    expect(publicMessages(h, quiz).some((m) => titleOf(m) === 'Final standings')).toBe(false);
    expect(h.bot.ctx.quiz.running(quiz)).toBeDefined();
    await advanceTo(h, revealedAt + HOST_WAIT_MS);
    expect(await standingsText(h, quiz)).toBe(`${EN.abandoned(1, 3)}\n\n${tally.standingsLines().join('\n')}${SAVED}`);
    await nextPromptGone(h, reveal1);
    expect(publicMessages(h, quiz).some((m) => titleOf(m)?.startsWith('Question 2'))).toBe(false);
    expect(await savedState(h, quiz)).toBeUndefined();
    expect(h.bot.ctx.quiz.running(quiz)).toBeUndefined();
    expect(time(h).scheduler.pending()).toBe(0);
    expect((await leaderboard(h, { channelId: quiz }, 'olivia')).lines).toEqual(tally.leaderboardLines());
    expect(await click(h, reveal1.id, 'alice', { customId: nextId(q1) }, true)).toBe(EN.finished);
    expect(await control(h, quiz, 'alice', 'resume')).toBe(EN.notRunning);
    // The channel is free for the next quiz.
    await startQuiz(h, quiz, 'bob', { rounds: 1, seconds: 10 });
  });
});

describe('host controls across a restart', () => {
  let h: Harness;
  let quiz: string;

  beforeEach(async () => {
    h = await startQuizHarness();
    quiz = h.channel('Big City Fans', 'quiz');
  });
  afterEach(async () => {
    try {
      checkHarness(h);
    } finally {
      await h.close();
    }
  });

  it('given a restart while paused mid-question, the quiz says it is still paused, stays paused, and resume closes the question after the time that was left', async () => {
    const tally = new Tally(h);
    await startQuiz(h, quiz, 'alice', { rounds: 2, seconds: 20 });
    await overPause(h, INTRO_MS);
    const q1 = await questionOnScreen(h, quiz, 1, 2);
    await at(h, q1, 2_000);
    await click(h, q1.message.id, 'bob', { label: q1.correctLabel });
    await at(h, q1, 5_000);
    expect(await control(h, quiz, 'alice', 'pause')).toBe(EN.paused);
    await pausedOnScreen(h, q1, 15);

    await h.restart();
    await notice(h, quiz, EN.noticePaused);
    // Long past its time: still paused, nothing revealed, clicks refused.
    await time(h).scheduler.advance(10 * 60_000);
    expect(titleOf(h.sim.message(q1.message.id) ?? q1.message)).toBe('Question 1 of 2');
    expect(h.sim.buttons(q1.message.id).every((b) => b.disabled)).toBe(true);
    expect(time(h).scheduler.pending()).toBe(0);
    expect(await click(h, q1.message.id, 'carol', { label: q1.correctLabel }, true)).toBe(EN.clickPaused);
    expect(await control(h, quiz, 'alice', 'pause')).toBe(EN.alreadyPaused);
    expect(await control(h, quiz, 'bob', 'resume')).toBe(EN.forbidden(h.sim.userId('alice')));

    const resumedAt = now(h);
    expect(await control(h, quiz, 'alice', 'resume')).toBe(EN.resumed);
    await countingDownTo(h, q1, resumedAt + 15_000);
    await advanceTo(h, resumedAt + 1_000);
    expect(await click(h, q1.message.id, 'carol', { label: q1.correctLabel })).toBe(EN.locked(q1.correctLabel, resumedAt + 15_000));
    expect(await click(h, q1.message.id, 'bob', { label: q1.wrongLabel })).toContain('You already answered');
    await advanceTo(h, resumedAt + 15_000 - 1);
    expect(titleOf(h.sim.message(q1.message.id) ?? q1.message)).toBe('Question 1 of 2');
    await advanceTo(h, resumedAt + 15_000);
    expectReveal(h, await waitForTitle(h, quiz, 'Question 1 of 2: time is up'), q1, tally.round(q1, [
      { user: 'bob', label: q1.correctLabel, elapsedMs: 2_000 },
      { user: 'carol', label: q1.correctLabel, elapsedMs: 6_000 },
    ]), 2, tally);
    expect((await leaderboard(h, { channelId: quiz }, 'olivia')).lines).toEqual(tally.leaderboardLines());
  });

  it('given a restart while paused between questions, it stays paused until resume, then the next question follows', async () => {
    await startQuiz(h, quiz, 'alice', { rounds: 2, seconds: 10 });
    await overPause(h, INTRO_MS);
    const q1 = await questionOnScreen(h, quiz, 1, 2);
    await toReveal(h, quiz, q1);
    expect(await control(h, quiz, 'alice', 'pause')).toBe(EN.paused);
    await h.restart();
    await notice(h, quiz, EN.noticePaused);
    await time(h).scheduler.advance(5 * 60_000);
    expect(publicMessages(h, quiz).some((m) => titleOf(m) === 'Question 2 of 2')).toBe(false);
    const resumedAt = now(h);
    expect(await control(h, quiz, 'alice', 'resume')).toBe(EN.resumed);
    await advanceTo(h, resumedAt + REVEAL_PAUSE_MS);
    const q2 = await questionOnScreen(h, quiz, 2, 2);
    expect(q2.askedAt).toBe(resumedAt + REVEAL_PAUSE_MS);
  });

  it('given a paused quiz left paused for over 15 minutes, a restart keeps it paused rather than ending it as offline too long', async () => {
    await startQuiz(h, quiz, 'alice', { rounds: 2, seconds: 20 });
    await overPause(h, INTRO_MS);
    const q1 = await questionOnScreen(h, quiz, 1, 2);
    await at(h, q1, 5_000);
    expect(await control(h, quiz, 'alice', 'pause')).toBe(EN.paused);
    await time(h).scheduler.advance(20 * 60_000);
    // The bot itself was down for no time at all.
    await h.restart();
    await h.bot.ctx.quiz.idle();
    expect(publicMessages(h, quiz).map((m) => contentOf(m)).filter((c) => c.startsWith('Back after a restart'))).toEqual([EN.noticePaused]);
    expect(publicMessages(h, quiz).some((m) => titleOf(m) === 'Final standings')).toBe(false);
    expect(await control(h, quiz, 'alice', 'resume')).toBe(EN.resumed);
  });

  it('given a question resumed after a pause of over 15 minutes, a restart carries on with it', async () => {
    await startQuiz(h, quiz, 'alice', { rounds: 2, seconds: 20 });
    await overPause(h, INTRO_MS);
    const q1 = await questionOnScreen(h, quiz, 1, 2);
    await at(h, q1, 5_000);
    expect(await control(h, quiz, 'alice', 'pause')).toBe(EN.paused);
    await time(h).scheduler.advance(20 * 60_000);
    const resumedAt = now(h);
    expect(await control(h, quiz, 'alice', 'resume')).toBe(EN.resumed);
    await advanceTo(h, resumedAt + 1_000);
    await h.restart();
    await h.bot.ctx.quiz.idle();
    expect(publicMessages(h, quiz).map((m) => contentOf(m)).filter((c) => c.startsWith('Back after a restart'))).toEqual([
      'Back after a restart: the quiz carries on (question 1 of 2).',
    ]);
    expect(titleOf(h.sim.message(q1.message.id) ?? q1.message)).toBe('Question 1 of 2');
    expect(await click(h, q1.message.id, 'bob', { label: q1.correctLabel })).toBe(EN.locked(q1.correctLabel, resumedAt + 15_000));
  });

  it('given a manual quiz paused and resumed while it waits for Next, a restart keeps the 15 minutes counted from the resume', async () => {
    await startQuiz(h, quiz, 'alice', { rounds: 3, seconds: 10, pace: 'manual' });
    await overPause(h, INTRO_MS);
    const q1 = await questionOnScreen(h, quiz, 1, 3);
    await toReveal(h, quiz, q1);
    const revealedAt = now(h);
    expect(await control(h, quiz, 'alice', 'pause')).toBe(EN.paused);
    await advanceTo(h, revealedAt + 10 * 60_000);
    const resumedAt = now(h);
    expect(await control(h, quiz, 'alice', 'resume')).toBe(EN.resumed);
    await advanceTo(h, resumedAt + 2 * 60_000);
    await h.restart();
    await notice(h, quiz, 'Back after a restart: the quiz carries on (question 1 of 3).');
    await advanceTo(h, resumedAt + HOST_WAIT_MS - 1);
    expect(publicMessages(h, quiz).some((m) => titleOf(m) === 'Final standings')).toBe(false);
  });

  it('given a restart while a manual quiz waits for its host, the reveal is shown again with its Next button, and Next posts the next question', async () => {
    const tally = new Tally(h);
    await startQuiz(h, quiz, 'alice', { rounds: 3, seconds: 10, pace: 'manual' });
    await overPause(h, INTRO_MS);
    const q1 = await questionOnScreen(h, quiz, 1, 3);
    await at(h, q1, 1_000);
    await click(h, q1.message.id, 'bob', { label: q1.correctLabel });
    const reveal = await toReveal(h, quiz, q1);
    const winners = tally.round(q1, [{ user: 'bob', label: q1.correctLabel, elapsedMs: 1_000 }]);
    expectRevealRows(h, reveal, q1, winners, 1, tally, nextId(q1));
    const edits = h.sim.message(reveal.id)?.history.length ?? 0;
    await time(h).scheduler.advance(2 * 60_000);

    await h.restart();
    await notice(h, quiz, 'Back after a restart: the quiz carries on (question 1 of 3).');
    const again = await waitForEdit(h, reveal.id, (m) => m.history.length > edits, 'the reveal to be shown again');
    expect(again.data['embeds']).toEqual(reveal.data['embeds']);
    expectRevealRows(h, again, q1, winners, 1, tally, nextId(q1));
    // Still waiting: nothing by itself.
    await time(h).scheduler.advance(5 * 60_000);
    expect(publicMessages(h, quiz).some((m) => titleOf(m) === 'Question 2 of 3')).toBe(false);
    expect(await click(h, reveal.id, 'carol', { label: EN.next })).toBe(EN.forbidden(h.sim.userId('alice')));
    const pressedAt = now(h);
    await pressNext(h, again, 'alice');
    const q2 = await questionOnScreen(h, quiz, 2, 3);
    expect(q2.askedAt).toBe(pressedAt);
    // The round was counted once across the restart.
    expect((await leaderboard(h, { channelId: quiz }, 'olivia')).lines).toEqual(tally.leaderboardLines());
  });

  it('given a restart while a manual quiz waits for its host, the 15 minutes count from the reveal, not from the restart', async () => {
    const tally = new Tally(h);
    await startQuiz(h, quiz, 'alice', { rounds: 3, seconds: 10, pace: 'manual' });
    await overPause(h, INTRO_MS);
    const q1 = await questionOnScreen(h, quiz, 1, 3);
    await at(h, q1, 4_000);
    await click(h, q1.message.id, 'carol', { label: q1.correctLabel });
    const reveal1 = await toReveal(h, quiz, q1);
    tally.round(q1, [{ user: 'carol', label: q1.correctLabel, elapsedMs: 4_000 }]);
    const revealedAt = now(h);
    await advanceTo(h, revealedAt + 8 * 60_000);
    // Down for two minutes as well.
    await h.restart({ downtimeMs: 2 * 60_000 });
    await notice(h, quiz, 'Back after a restart: the quiz carries on (question 1 of 3).');
    await advanceTo(h, revealedAt + HOST_WAIT_MS - 1);
    expect(publicMessages(h, quiz).some((m) => titleOf(m) === 'Final standings')).toBe(false);
    await advanceTo(h, revealedAt + HOST_WAIT_MS);
    expect(await standingsText(h, quiz)).toBe(`${EN.abandoned(1, 3)}\n\n${tally.standingsLines().join('\n')}${SAVED}`);
    await nextPromptGone(h, reveal1);
    expect(await savedState(h, quiz)).toBeUndefined();
    expect((await leaderboard(h, { channelId: quiz }, 'olivia')).lines).toEqual(tally.leaderboardLines());
  });
});

describe('host controls in Korean', () => {
  let h: Harness;
  let seoulQuiz: string;

  beforeEach(async () => {
    h = await startQuizHarness({ guilds: [FANS, SEOUL_SPEC] });
    seoulQuiz = h.channel(SEOUL, 'quiz');
  });
  afterEach(async () => {
    try {
      checkHarness(h);
    } finally {
      await h.close();
    }
  });

  it('given the Korean command names, skip, pause, resume and the manual pace are registered as /퀴즈 건너뛰기, 일시정지, 재개 and 진행방식:수동', () => {
    const quizCommand = h.sim.commands().find((c) => c.name === 'quiz') as unknown as {
      name_localizations?: Record<string, string>;
      options: { name: string; name_localizations?: Record<string, string>; options?: { name: string; name_localizations?: Record<string, string>; choices?: { value: string; name_localizations?: Record<string, string> }[] }[] }[];
    };
    expect(quizCommand.name_localizations?.['ko']).toBe('퀴즈');
    const ko = (name: string): string | undefined => quizCommand.options.find((o) => o.name === name)?.name_localizations?.['ko'];
    expect([ko('skip'), ko('pause'), ko('resume')]).toEqual(['건너뛰기', '일시정지', '재개']);
    const pace = quizCommand.options.find((o) => o.name === 'start')?.options?.find((o) => o.name === 'pace');
    expect(pace?.name_localizations?.['ko']).toBe('진행방식');
    expect(pace?.choices?.map((c) => [c.value, c.name_localizations?.['ko']])).toEqual([['auto', '자동'], ['manual', '수동']]);
  });

  it('given a Korean server, the host pauses, restarts, resumes, skips and presses 다음 문제 in Korean, and an English member is answered in English', async () => {
    const ko = SAYS.ko;
    const tally = new Tally(h);
    await startQuiz(h, seoulQuiz, 'minji', { rounds: 2, seconds: 10, pace: 'manual' }, { user: 'ko', server: 'ko' });
    await overPause(h, INTRO_MS);
    const q1 = await questionOnScreen(h, seoulQuiz, 1, 2, 'ko');
    await at(h, q1, 2_000);
    expect(await click(h, q1.message.id, 'sam', { label: q1.correctLabel })).toBe(EN.locked(q1.correctLabel, q1.closesAt));

    await at(h, q1, 3_000);
    expect(await control(h, seoulQuiz, 'minji', 'pause')).toBe(ko.paused);
    await pausedOnScreen(h, q1, 7);
    const minji = h.sim.userId('minji');
    expect(await control(h, seoulQuiz, 'haneul', 'resume')).toBe(ko.forbidden(minji));
    expect(await control(h, seoulQuiz, 'sam', 'skip')).toBe(EN.forbidden(minji));
    expect(await click(h, q1.message.id, 'haneul', { label: q1.correctLabel }, true)).toBe(ko.clickPaused);
    expect(await control(h, seoulQuiz, 'minji', 'pause')).toBe(ko.alreadyPaused);

    await h.restart();
    await notice(h, seoulQuiz, ko.noticePaused);
    await time(h).scheduler.advance(60_000);
    expect(titleOf(h.sim.message(q1.message.id) ?? q1.message)).toBe(WORDS.ko.question(1, 2));

    const resumedAt = now(h);
    expect(await control(h, seoulQuiz, 'minji', 'resume')).toBe(ko.resumed);
    expect(await control(h, seoulQuiz, 'minji', 'resume')).toBe(ko.notPaused);
    await countingDownTo(h, q1, resumedAt + 7_000);
    await advanceTo(h, resumedAt + 1_000);
    expect(await click(h, q1.message.id, 'haneul', { label: q1.correctLabel })).toBe(ko.locked(q1.correctLabel, resumedAt + 7_000));
    expect(await control(h, seoulQuiz, 'minji', 'skip')).toBe(ko.skipped);
    const reveal1 = await waitForTitle(h, seoulQuiz, WORDS.ko.reveal(1, 2));
    expectRevealRows(h, reveal1, q1, tally.round(q1, [
      { user: 'sam', label: q1.correctLabel, elapsedMs: 2_000 },
      { user: 'haneul', label: q1.correctLabel, elapsedMs: 4_000 },
    ]), 2, tally, nextId(q1));

    expect(await click(h, reveal1.id, 'haneul', { label: ko.next })).toBe(ko.forbidden(minji));
    expect(await click(h, reveal1.id, 'sam', { label: ko.next })).toBe(EN.forbidden(minji));
    await pressNext(h, reveal1, 'minji', 'ko');
    const q2 = await questionOnScreen(h, seoulQuiz, 2, 2, 'ko');
    expect(await click(h, reveal1.id, 'minji', { customId: nextId(q1) }, true)).toBe(ko.notWaiting);
    expect(await click(h, reveal1.id, 'minji', { customId: 'quiznext:zzzzzzzz:0' }, true)).toBe(ko.unknownButton);
    const reveal2 = await toReveal(h, seoulQuiz, q2);
    expectRevealRows(h, reveal2, q2, tally.round(q2, []), 0, tally, null);
    await overPause(h);
    expect(await standingsText(h, seoulQuiz, new Set(), 'ko')).toBe(`퀴즈가 끝났어요. 2문제를 모두 풀었어요.\n\n${tally.standingsLines('ko').join('\n')}\n\n${ko.saved}`);
    expect(await control(h, seoulQuiz, 'minji', 'pause')).toBe(ko.notRunning);
    expect(await control(h, { dm: true }, 'minji', 'pause')).toBe(ko.dm);
  });

  it('given a Korean manual quiz nobody moves on for 15 minutes, the standings say so in Korean', async () => {
    const tally = new Tally(h);
    await startQuiz(h, seoulQuiz, 'jiwoo', { rounds: 3, seconds: 10, pace: 'manual' }, { user: 'ko', server: 'ko' });
    await overPause(h, INTRO_MS);
    const q1 = await questionOnScreen(h, seoulQuiz, 1, 3, 'ko');
    const reveal = await toReveal(h, seoulQuiz, q1);
    tally.round(q1, []);
    expect(descriptionOf(reveal).endsWith(`\n\n${SAYS.ko.waiting}`)).toBe(true);
    await time(h).scheduler.advance(HOST_WAIT_MS);
    expect(await standingsText(h, seoulQuiz, messageIds(h, h.channel(SEOUL, 'general')), 'ko')).toBe(`${SAYS.ko.abandoned(1, 3)}\n\n아무도 답하지 않았어요.\n\n${SAYS.ko.saved}`);
    expect(await click(h, reveal.id, 'minji', { customId: nextId(q1) }, true)).toBe(SAYS.ko.finished);
  });
});

/**
 * The quiz in two languages, end to end: a Korean server (its preferred locale `ko`) and an
 * English one, each with an English-locale and a Korean-locale member clicking. Every public
 * message is in the server's language, every private reply in the clicker's; and each wording
 * defect of issue 9 has its test.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dataset } from '../../src/data/dataset.js';
import { NO_SPOILERS } from '../../src/data/spoilers.js';
import { buildBank } from '../../src/quiz/bank.js';
import { pickQuestions } from '../../src/quiz/generate.js';
import { seededRng } from '../../src/quiz/rng.js';
import { createSession } from '../../src/quiz/session.js';
import type { Question } from '../../src/quiz/types.js';
import type { GuildSpec, SimMessage } from '../sim/index.js';
import { FANS, type Harness } from './harness.js';
import {
  INTRO_MS,
  Tally,
  at,
  click,
  contentOf,
  embedOf,
  ephemeralReply,
  expectReveal,
  leaderboard,
  messageIds,
  overPause,
  publicMessages,
  questionOnScreen,
  savedState,
  standingsText,
  startQuiz,
  startQuizHarness,
  stats,
  time,
  toReveal,
  waitForTitle,
  WORDS,
  type AskedQuestion,
} from './quiz-helpers.js';

const SEOUL = '서울 대도시 팬클럽';
const SEOUL_SPEC: GuildSpec = {
  name: SEOUL,
  owner: 'jiwoo',
  locale: 'ko',
  members: [{ username: 'jiwoo', locale: 'ko' }, { username: 'minji', locale: 'ko' }, { username: 'sam' }],
  channels: [{ name: 'general' }, { name: 'quiz' }, { name: 'lounge' }],
};
const FANS_SPEC: GuildSpec = { ...FANS, members: [...(FANS.members ?? []), { username: 'haneul', locale: 'ko' }] };

const HANGUL = /[\uac00-\ud7a3]/u;

// ---------------------------------------------------------------------------
// Reading what a member sees

interface Embed {
  readonly title?: string;
  readonly description?: string;
  readonly fields?: readonly { readonly name: string; readonly value: string }[];
  readonly footer?: { readonly text: string };
}

/** Every text of a message a member reads: content, embed parts, button labels. */
function textsOf(h: Harness, m: SimMessage): string[] {
  const out: string[] = [];
  const content = contentOf(m);
  if (content !== '') out.push(content);
  const embeds = Array.isArray(m.data['embeds']) ? (m.data['embeds'] as Embed[]) : [];
  for (const e of embeds) {
    if (e.title) out.push(e.title);
    if (e.description) out.push(e.description);
    for (const f of e.fields ?? []) out.push(f.name, f.value);
    if (e.footer?.text) out.push(e.footer.text);
  }
  for (const b of h.sim.buttons(m.id)) if (b.label) out.push(b.label);
  return out;
}

/** What the bot wrote around a question: the message without the question's own text (the bank's tests check that). */
function chromeOf(h: Harness, m: SimMessage, questions: readonly Question[] = []): string {
  let text = textsOf(h, m).join('\n');
  const parts = questions.flatMap((q) => [q.prompt, q.explanation ?? '', ...q.options]).filter((p) => p.length > 1);
  // Longest first, so an option inside a prompt does not leave half of it behind.
  for (const part of parts.sort((a, b) => b.length - a.length)) text = text.split(part).join(' ');
  return text;
}

/** Latin words left in a Korean text once code, mentions, timestamps and the sources footer's publication names are set aside. */
function englishIn(text: string): string[] {
  const rest = text
    .replace(/`[^`]*`/g, ' ')
    .replace(/<(?:#|@&|@!?|t:)[^>]*>/g, ' ')
    .replace(/^출처: .*$/gm, ' ')
    .replace(/\(UTC\)/g, ' ');
  return rest.match(/[A-Za-z]{2,}/g) ?? [];
}

function expectNoPlaceholder(text: string): void {
  expect(text, text).not.toMatch(/undefined|null|NaN|\[object|\{|\}/);
}

/** A Korean message: Hangul, no English sentence, every placeholder filled. */
function expectKorean(text: string): void {
  expect(text, text).toMatch(HANGUL);
  expectNoPlaceholder(text);
  expect(englishIn(text), text).toEqual([]);
}

/** An English message: no Hangul in what the bot wrote around the questions, every placeholder filled. */
function expectEnglish(text: string): void {
  expectNoPlaceholder(text);
  expect(text, text).not.toMatch(HANGUL);
  expect(text, text).toMatch(/[A-Za-z]{3,}/);
}

/** Discord's limits on a message and its embeds. */
function expectWithinLimits(m: SimMessage): void {
  // Button labels are checked too (80 characters).
  const content = contentOf(m);
  expect(content.length).toBeLessThanOrEqual(2000);
  const embeds = Array.isArray(m.data['embeds']) ? (m.data['embeds'] as Embed[]) : [];
  for (const e of embeds) {
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(256);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(4096);
    expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(2048);
    expect(e.fields?.length ?? 0).toBeLessThanOrEqual(25);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeLessThanOrEqual(256);
      expect(f.value.length).toBeLessThanOrEqual(1024);
    }
    const total = (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(6000);
  }
  for (const b of h.sim.buttons(m.id)) expect(b.label?.length ?? 0).toBeLessThanOrEqual(80);
}

/** A locked-in reply, in the clicker's language. */
const lockedEn = (label: string, q: AskedQuestion): string => `Your answer **${label}** is locked in. Results <t:${Math.floor(q.closesAt / 1000)}:R>.`;
const lockedKo = (label: string, q: AskedQuestion): string => `**${label}**로 답했어요. 결과는 <t:${Math.floor(q.closesAt / 1000)}:R> 공개돼요.`;

let h: Harness;
let seoulQuiz: string;
let fansQuiz: string;

beforeAll(async () => {
  h = await startQuizHarness({ guilds: [FANS_SPEC, SEOUL_SPEC] });
  seoulQuiz = h.channel(SEOUL, 'quiz');
  fansQuiz = h.channel('Big City Fans', 'quiz');
});
afterAll(async () => {
  await h?.close();
});
afterEach(() => {
  h.sim.assertNoViolations();
  expect(h.sim.messagesAllowingEveryone()).toEqual([]);
});

describe('a quiz on a Korean server, with a Korean and an English member clicking', () => {
  it('given a four-question game, every public message is Korean, each private reply follows the clicker, and the reveals show each breakdown and the top 5', async () => {
    const earlier = messageIds(h, seoulQuiz);
    const tally = new Tally(h);
    const { intro, reply } = await startQuiz(h, seoulQuiz, 'minji', { rounds: 4, seconds: 10 }, { user: 'ko', server: 'ko' });
    expect(reply).toBe('퀴즈를 시작했어요. 모두 4문제예요. 행운을 빌어요!');
    const state = await savedState(h, seoulQuiz);
    if (!state) throw new Error('no saved quiz');
    // The language is fixed in the saved quiz, and its questions are written in it.
    expect(state.options.lang).toBe('ko');
    expect(state.questions.every((q) => q.lang === 'ko')).toBe(true);
    const questions = state.questions;
    expect(embedOf(intro).description?.split('\n')).toEqual([
      `<@${h.sim.userId('minji')}>님이 소설·영화·드라마 퀴즈를 시작했어요. 모두 **4**문제, 문제당 **10초**예요.`,
      // The spoiler setting is described by the shared words for it (src/i18n/messages/common.ts).
      expect.stringMatching(/^난이도: \*\*혼합\*\* · 스포일러: \*\*[^*]*없음[^*]*\*\*$/),
      '버튼을 눌러 답해 주세요. 문제마다 한 번만 답할 수 있고, 빨리 맞힐수록, 연달아 맞힐수록 점수가 더 올라가요.',
      `첫 문제는 <t:${Math.floor((time(h).clock.now() + INTRO_MS) / 1000)}:R> 나와요.`,
    ]);
    await overPause(h, INTRO_MS);

    // 1: minji right (Korean reply), sam wrong (English reply), sam again: "already answered" in English.
    const q1 = await questionOnScreen(h, seoulQuiz, 1, 4, 'ko');
    expect(embedOf(q1.message).footer?.text).toMatch(/^(쉬움|보통|어려움) · 제한 시간 10초$/);
    if (questions[0]?.kind === 'true-false') expect(q1.labels).toEqual(['O', 'X']);
    await at(h, q1, 2_000);
    expect(await click(h, q1.message.id, 'minji', { label: q1.correctLabel })).toBe(lockedKo(q1.correctLabel, q1));
    expect(await click(h, q1.message.id, 'minji', { label: q1.wrongLabel })).toBe(
      `이 문제에는 이미 **${q1.correctLabel}**로 답했어요. 문제마다 한 번만 답할 수 있어요.`,
    );
    await at(h, q1, 3_000);
    expect(await click(h, q1.message.id, 'sam', { label: q1.wrongLabel })).toBe(lockedEn(q1.wrongLabel, q1));
    expect(await click(h, q1.message.id, 'sam', { label: q1.correctLabel })).toBe(
      `You already answered **${q1.wrongLabel}** to this question. One answer per question.`,
    );
    const reveal1 = await toReveal(h, seoulQuiz, q1);
    expectReveal(h, reveal1, q1, tally.round(q1, [
      { user: 'minji', label: q1.correctLabel, elapsedMs: 2_000 },
      { user: 'sam', label: q1.wrongLabel, elapsedMs: 3_000 },
    ]), 2, tally);
    // Late clicks, after the reveal: each in the clicker's language.
    expect(await click(h, q1.message.id, 'sam', { label: q1.correctLabel }, true)).toBe('Time is up for that question.');
    expect(await click(h, q1.message.id, 'jiwoo', { label: q1.correctLabel }, true)).toBe('이 문제는 이미 마감됐어요.');
    await overPause(h);

    // 2: minji right again (a streak of 2: its bonus shows), jiwoo right too.
    const q2 = await questionOnScreen(h, seoulQuiz, 2, 4, 'ko');
    await at(h, q2, 1_000);
    await click(h, q2.message.id, 'jiwoo', { label: q2.correctLabel });
    await at(h, q2, 4_000);
    await click(h, q2.message.id, 'minji', { label: q2.correctLabel });
    const reveal2 = await toReveal(h, seoulQuiz, q2);
    const winners2 = tally.round(q2, [
      { user: 'jiwoo', label: q2.correctLabel, elapsedMs: 1_000 },
      { user: 'minji', label: q2.correctLabel, elapsedMs: 4_000 },
    ]);
    expectReveal(h, reveal2, q2, winners2, 2, tally);
    const scorers = embedOf(reveal2).fields?.[0]?.value.split('\n') ?? [];
    // Fastest first; minji's streak bonus is spelled out.
    expect(scorers[0]).toMatch(new RegExp(`^1\\. <@${h.sim.userId('jiwoo')}> \\*\\*\\+\\d+점\\*\\* \\(1\\.0초\\): 기본 \\+\\d+ · 속도 \\+\\d+$`));
    expect(scorers[1]).toMatch(new RegExp(`^2\\. <@${h.sim.userId('minji')}> \\*\\*\\+\\d+점\\*\\* \\(4\\.0초\\): 기본 \\+\\d+ · 속도 \\+\\d+ · 🔥 2연속 정답 \\+\\d+$`));
    await overPause(h);

    // 3: only sam answers, wrongly. 4: nobody answers.
    const q3 = await questionOnScreen(h, seoulQuiz, 3, 4, 'ko');
    await at(h, q3, 5_000);
    await click(h, q3.message.id, 'sam', { label: q3.wrongLabel });
    const reveal3 = await toReveal(h, seoulQuiz, q3);
    expectReveal(h, reveal3, q3, tally.round(q3, [{ user: 'sam', label: q3.wrongLabel, elapsedMs: 5_000 }]), 1, tally);
    expect(embedOf(reveal3).description).toMatch(/\n\n맞힌 사람이 없어요\. 답한 1명이 틀렸어요\.$/);
    await overPause(h);
    const q4 = await questionOnScreen(h, seoulQuiz, 4, 4, 'ko');
    const reveal4 = await toReveal(h, seoulQuiz, q4);
    expectReveal(h, reveal4, q4, tally.round(q4, []), 0, tally);
    expect(embedOf(reveal4).description).toMatch(/\n\n이번 문제에는 아무도 답하지 않았어요\.$/);
    await overPause(h);

    const standings = await standingsText(h, seoulQuiz, earlier, 'ko');
    expect(standings).toBe(
      `퀴즈가 끝났어요. 4문제를 모두 풀었어요.\n\n${tally.standingsLines('ko').join('\n')}\n\n점수는 저장됐어요. \`/퀴즈 순위표\`와 \`/퀴즈 기록\`에서 확인해 보세요.`,
    );
    expect(await click(h, q4.message.id, 'sam', { label: q4.correctLabel }, true)).toBe('That quiz has finished.');
    expect(await click(h, q4.message.id, 'minji', { label: q4.correctLabel }, true)).toBe('이 퀴즈는 끝났어요.');

    // Every public message of the game: Korean, within Discord's limits.
    const shown = publicMessages(h, seoulQuiz).filter((m) => !earlier.has(m.id));
    expect(shown.map((m) => embedOf(m).title)).toEqual(['대도시의 사랑법 퀴즈', '문제 1/4 · 정답 공개', '문제 2/4 · 정답 공개', '문제 3/4 · 정답 공개', '문제 4/4 · 정답 공개', '최종 순위']);
    for (const m of shown) {
      expectWithinLimits(m);
      expectKorean(chromeOf(h, m, questions));
      // The sources of a reveal are named for people, in Korean.
      const footer = embedOf(m).footer?.text;
      if (footer) expect(footer).toMatch(/^출처: [^,]+(, [^,]+){0,2}$/);
    }
    // Each question's own text is Korean too, and a true/false question is answered with O and X.
    for (const q of questions) expect(q.prompt).toMatch(HANGUL);
    for (const [i, asked] of [q1, q2, q3, q4].entries()) {
      if (questions[i]?.kind === 'true-false') expect(asked.labels).toEqual(['O', 'X']);
      else expect(asked.labels).toEqual(['A', 'B', 'C', 'D']);
    }
  });

  it('given the finished Korean game, /quiz leaderboard and /quiz stats (posted for the channel) are in Korean whoever asks', async () => {
    for (const user of ['sam', 'minji']) {
      const board = await leaderboard(h, { channelId: seoulQuiz }, user);
      expect(board.title).toBe('서버 순위표 · 전체 기간');
      expect(board.footer).toMatch(/^이 순위표에 \d+명이 있어요$/);
      for (const line of board.lines) expect(line).toMatch(/^\d+\. <@\d+>( \(나\))? \*\*\d+\*\*점 · 정답 \d+\/\d+$/);
      expectKorean([board.title, ...board.lines, board.footer].join('\n'));
    }
    const month = await leaderboard(h, { channelId: seoulQuiz }, 'sam', { scope: 'global', period: 'month' });
    expect(month.title).toBe('전체 서버 순위표 · 이번 달 (UTC)');
    const card = await stats(h, { channelId: seoulQuiz }, 'sam', { user: 'minji' });
    expect(card.title).toBe('minji님의 퀴즈 기록');
    expect(card.lines[0]).toMatch(/^이 서버 \*\*\d+\*\*점 · \d+명 중 1위$/);
    expect(card.lines[1]).toMatch(/^정답 2\/2 · 1게임 · 최고 2연속 · 최근 플레이 <t:\d+:R>$/);
    expect(card.lines.slice(2, 5).map((l) => l.replace(/\d+/g, 'N'))).toEqual([
      '이번 달: **N**점 · N명 중 N위',
      '이번 주: **N**점 · N명 중 N위',
      '전체 서버: **N**점 · N명 중 N위',
    ]);
    expect(card.lines[5]).toBe('연습: 아직 푼 문제가 없어요');
    // The player's name (Latin letters, no Hangul) aside, the card is Korean.
    expectKorean(`${card.title.replace('minji', '')}\n${card.lines.join('\n')}`);
    // sam's own request for something that cannot be: the refusal is private and in English.
    expect(await ephemeralReply(h, h.sim.command({ dm: true, userId: 'sam', name: 'quiz leaderboard', options: { scope: 'server' } }), 'sam')).toBe(
      'There is no server board in DMs; use `scope:global`.',
    );
    expect(await ephemeralReply(h, h.sim.command({ dm: true, userId: 'minji', name: 'quiz leaderboard', options: { scope: 'server' } }), 'minji')).toBe(
      'DM에는 서버 순위표가 없어요. `범위`에서 전체 서버를 골라 주세요.',
    );
  });
});

describe('a quiz on an English server, with a Korean member clicking', () => {
  it('given haneul (Korean client) and alice playing, the public messages are English and each private reply follows the clicker', async () => {
    const earlier = messageIds(h, fansQuiz);
    const tally = new Tally(h);
    const { reply } = await startQuiz(h, fansQuiz, 'haneul', { rounds: 1, seconds: 10 }, { user: 'ko', server: 'en' });
    expect(reply).toBe('퀴즈를 시작했어요. 모두 1문제예요. 행운을 빌어요!');
    const state = await savedState(h, fansQuiz);
    expect(state?.options.lang).toBe('en');
    const questions = state?.questions ?? [];
    expect(questions.every((q) => q.lang === 'en')).toBe(true);
    // Someone else's stop, refused in their own language.
    expect(await ephemeralReply(h, h.sim.command({ channelId: fansQuiz, userId: 'alice', name: 'quiz stop' }), 'alice')).toBe(
      `Only the host (<@${h.sim.userId('haneul')}>), the quiz role or members with Manage Server can stop this quiz.`,
    );
    await overPause(h, INTRO_MS);
    const q = await questionOnScreen(h, fansQuiz, 1, 1, 'en');
    await at(h, q, 1_000);
    expect(await click(h, q.message.id, 'haneul', { label: q.correctLabel })).toBe(lockedKo(q.correctLabel, q));
    await at(h, q, 6_000);
    expect(await click(h, q.message.id, 'alice', { label: q.correctLabel })).toBe(lockedEn(q.correctLabel, q));
    const reveal = await toReveal(h, fansQuiz, q);
    expectReveal(h, reveal, q, tally.round(q, [
      { user: 'haneul', label: q.correctLabel, elapsedMs: 1_000 },
      { user: 'alice', label: q.correctLabel, elapsedMs: 6_000 },
    ]), 2, tally);
    await overPause(h);
    expect(await standingsText(h, fansQuiz, earlier)).toBe(
      `Quiz complete: 1 question played.\n\n${tally.standingsLines('en').join('\n')}\n\nScores are saved: see \`/quiz leaderboard\` and \`/quiz stats\`.`,
    );
    const shown = publicMessages(h, fansQuiz).filter((m) => !earlier.has(m.id));
    expect(shown.map((m) => embedOf(m).title)).toEqual([WORDS.en.intro, WORDS.en.reveal(1, 1), WORDS.en.standings]);
    for (const m of shown) {
      expectWithinLimits(m);
      expectEnglish(chromeOf(h, m, questions));
    }
    expect(await click(h, q.message.id, 'haneul', { label: q.correctLabel }, true)).toBe('이 퀴즈는 끝났어요.');
  });

  it('given a Korean member, /quiz start and /quiz stop refusals are Korean, with the right particle after names ending with and without a final consonant', async () => {
    const general = h.channel('Big City Fans', 'general');
    const refused = async (options: Record<string, string | number>): Promise<string> =>
      ephemeralReply(h, h.sim.command({ channelId: general, userId: 'haneul', name: 'quiz start', options, force: true }), 'haneul');
    // 문제수 ends in a vowel (는), 제한시간 in a consonant (은).
    expect(await refused({ rounds: 0 })).toBe('`문제수`는 1부터 30까지의 정수여야 해요.');
    expect(await refused({ seconds: 61 })).toBe('`제한시간`은 10부터 60까지의 정수여야 해요.');
    expect(await refused({ difficulty: 'insane' })).toBe('`난이도`는 mixed, easy, medium, hard 중 하나여야 해요.');
    expect(await refused({ scope: 'everything' })).toBe('`범위`는 all, film, series, novel 중 하나여야 해요.');
    expect(await ephemeralReply(h, h.sim.command({ channelId: general, userId: 'haneul', name: 'quiz stop' }), 'haneul')).toBe(
      '이 채널에서 진행 중인 퀴즈가 없어요.',
    );
    expect(await ephemeralReply(h, h.sim.command({ dm: true, userId: 'haneul', name: 'quiz start' }), 'haneul')).toBe(
      '퀴즈는 서버 채널에서 열려요. DM에서는 `/퀴즈 연습`으로 나만의 문제를 풀어 보세요.',
    );
    const readOnly = h.channel('Big City Fans', 'read-only');
    expect(await ephemeralReply(h, h.sim.command({ channelId: readOnly, userId: 'haneul', name: 'quiz start' }), 'haneul')).toBe(
      '이 채널에서는 퀴즈를 열 수 없어요. 봇에게 메시지 보내기, 링크 첨부 권한이 없어요.',
    );

    const guildId = h.sim.guild('Big City Fans').id;
    await h.bot.ctx.store.settings.update(guildId, { maxSpoilers: { film: true, series: 0, novel: 0 } });
    try {
      // `all` ends in ㄹ (은), `series-4` is read "사" (는), `film` ends in a consonant (은).
      expect(await refused({ spoilers: 'all' })).toBe(
        '이 서버는 스포일러를 `film`(영화)까지만 허용해요. `all`은 그 범위를 넘어요. `film` 안에서 골라 주세요.',
      );
      expect(await refused({ spoilers: 'series-4' })).toBe(
        '이 서버는 스포일러를 `film`(영화)까지만 허용해요. `series-4`는 그 범위를 넘어요. `film` 안에서 골라 주세요.',
      );
      const practice = await ephemeralReply(h, h.sim.command({ channelId: general, userId: 'haneul', name: 'quiz practice', options: { spoilers: 'film+series-2' } }), 'haneul');
      expect(practice).toBe('이 서버는 스포일러를 `film`(영화)까지만 허용해요. `film+series-2`는 그 범위를 넘어요. `film` 안에서 골라 주세요.');
    } finally {
      await h.bot.ctx.store.settings.delete(guildId);
    }
  });
});

describe('the wording defects of issue 9, one test each', () => {
  it('given a question nobody answers, the reveal says "Nobody answered this question." (not "Correct (0 of 0 answered): Nobody got it this time.")', async () => {
    const general = h.channel('Big City Fans', 'general');
    const tally = new Tally(h);
    await startQuiz(h, general, 'alice', { rounds: 2, seconds: 10 });
    await overPause(h, INTRO_MS);
    const q1 = await questionOnScreen(h, general, 1, 2);
    const reveal1 = await toReveal(h, general, q1);
    expectReveal(h, reveal1, q1, tally.round(q1, []), 0, tally);
    const text1 = textsOf(h, reveal1).join('\n');
    expect(embedOf(reveal1).description).toMatch(/\n\nNobody answered this question\.$/);
    expect(text1).not.toMatch(/0 of 0|Correct \(|Nobody got it this time/);
    await overPause(h);
    // Answered, but only wrongly: it says that, plainly.
    const q2 = await questionOnScreen(h, general, 2, 2);
    await at(h, q2, 1_000);
    await click(h, q2.message.id, 'bob', { label: q2.wrongLabel });
    await at(h, q2, 2_000);
    await click(h, q2.message.id, 'carol', { label: q2.wrongLabel });
    const reveal2 = await toReveal(h, general, q2);
    expectReveal(h, reveal2, q2, tally.round(q2, [
      { user: 'bob', label: q2.wrongLabel, elapsedMs: 1_000 },
      { user: 'carol', label: q2.wrongLabel, elapsedMs: 2_000 },
    ]), 2, tally);
    expect(embedOf(reveal2).description).toMatch(/\n\nNobody got it right: all 2 answers were wrong\.$/);
    expect(textsOf(h, reveal2).join('\n')).not.toMatch(/0 of 2|Correct \(/);
    await overPause(h);
    await waitForTitle(h, general, 'Final standings');
  });

  it('given a completed game, the standings say how many questions were played once ("Quiz complete: 2 questions played."), not "All questions played. 2 of 2 questions played."', async () => {
    const general = h.channel('Big City Fans', 'general');
    const earlier = messageIds(h, general);
    await startQuiz(h, general, 'bob', { rounds: 2, seconds: 10 });
    await time(h).scheduler.runAll();
    const text = await standingsText(h, general, earlier);
    const first = text.split('\n')[0] ?? '';
    expect(first).toBe('Quiz complete: 2 questions played.');
    expect(text).not.toMatch(/All questions played|2 of 2/);
    expect(first.match(/\d+/g)).toEqual(['2']);
  });

  it('given a 10-second question asked half-way through a second, the countdown and the locked-in reply never show more than 10 s (rounded down from the real deadline)', async () => {
    const lounge = h.channel(SEOUL, 'lounge');
    const { clock } = time(h);
    // The intro pause is a whole number of seconds, so the question is asked at .5 s too.
    clock.set(Math.floor(clock.now() / 1000) * 1000 + 500);
    await startQuiz(h, lounge, 'jiwoo', { rounds: 1, seconds: 10 }, { user: 'ko', server: 'ko' });
    await overPause(h, INTRO_MS);
    const q = await questionOnScreen(h, lounge, 1, 1, 'ko');
    expect(q.askedAt % 1000).toBe(500);
    expect(q.closesAt - q.askedAt).toBe(10_000);
    const shown = Math.floor(q.closesAt / 1000);
    const description = embedOf(q.message).description ?? '';
    expect(description.endsWith(`\n\n<t:${shown}:R> 마감돼요.`)).toBe(true);
    // Rounded up, Discord would say "in 11 seconds" at the moment the question appears.
    expect(description).not.toContain(`<t:${Math.ceil(q.closesAt / 1000)}:R>`);
    expect(shown * 1000 - q.askedAt).toBeLessThanOrEqual(10_000);
    expect(shown * 1000).toBeLessThanOrEqual(q.closesAt);
    expect(embedOf(q.message).footer?.text).toMatch(/ · 제한 시간 10초$/);
    await at(h, q, 0);
    const locked = await click(h, q.message.id, 'sam', { label: q.correctLabel });
    expect(locked).toBe(`Your answer **${q.correctLabel}** is locked in. Results <t:${shown}:R>.`);
    await toReveal(h, lounge, q);
    await overPause(h);
  });

  it('given quiz channels set, a refusal in another channel names them without calling the refused channel "here", in each asker\'s language', async () => {
    const guildId = h.sim.guild('Big City Fans').id;
    const general = h.channel('Big City Fans', 'general');
    const noEmbeds = h.channel('Big City Fans', 'no-embeds');
    await h.bot.ctx.store.settings.update(guildId, { quizChannels: [fansQuiz] });
    try {
      const en = await ephemeralReply(h, h.sim.command({ channelId: general, userId: 'alice', name: 'quiz start' }), 'alice');
      expect(en).toBe(`Quizzes can't run in this channel. On this server they run in <#${fansQuiz}>.`);
      expect(en).not.toMatch(/\bhere\b/i);
      const ko = await ephemeralReply(h, h.sim.command({ channelId: general, userId: 'haneul', name: 'quiz start' }), 'haneul');
      expect(ko).toBe(`이 채널에서는 퀴즈를 열 수 없어요. 이 서버에서는 <#${fansQuiz}> 채널에서 열 수 있어요.`);
      expect(ko).not.toContain('여기');
      await h.bot.ctx.store.settings.update(guildId, { quizChannels: [fansQuiz, general] });
      expect(await ephemeralReply(h, h.sim.command({ channelId: noEmbeds, userId: 'alice', name: 'quiz start' }), 'alice')).toBe(
        `Quizzes can't run in this channel. On this server they run in one of: <#${fansQuiz}>, <#${general}>.`,
      );
      expect(await ephemeralReply(h, h.sim.command({ channelId: noEmbeds, userId: 'haneul', name: 'quiz start' }), 'haneul')).toBe(
        `이 채널에서는 퀴즈를 열 수 없어요. 이 서버에서는 <#${fansQuiz}>, <#${general}> 채널 중 한 곳에서 열 수 있어요.`,
      );
    } finally {
      await h.bot.ctx.store.settings.delete(guildId);
    }
  });
});

describe('/quiz practice in both languages', () => {
  /** Asks practice questions until one of the wanted kind comes (at most 40), and returns it. */
  async function practiseUntil(user: string, wanted: (labels: string[]) => boolean): Promise<SimMessage> {
    for (let i = 0; i < 40; i++) {
      const ix = h.sim.command({ dm: true, userId: user, name: 'quiz practice' });
      const question = await ix.waitForReply();
      expect(ix.ephemeral).toBe(true);
      if (wanted(h.sim.buttons(question.id).map((b) => b.label ?? ''))) return question;
    }
    throw new Error('no practice question of the wanted kind in 40 tries');
  }

  it('given a Korean member, a practice O/X question and its answer are in Korean, with O and X as labels', async () => {
    const question = await practiseUntil('haneul', (labels) => labels.length === 2);
    expect(h.sim.buttons(question.id).map((b) => b.label)).toEqual(['O', 'X']);
    const embed = embedOf(question);
    expect(embed.title).toBe('연습 문제');
    expect(embed.description?.startsWith('O/X 퀴즈: ')).toBe(true);
    expect(embed.footer?.text).toMatch(/^(쉬움|보통|어려움) · 연습 문제는 순위표가 아니라 연습 기록에만 남아요$/);
    expectKorean(textsOf(h, question).join('\n').replace(/^O\/X 퀴즈: .*$/m, ' '));
    expectWithinLimits(question);

    const press = h.sim.click({ messageId: question.id, userId: 'haneul', label: 'O' });
    await press.waitForReply();
    const recorded = await h.sim.waitForMessage((m) => m.id === question.id && /연습 기록/.test(embedOf(m).description ?? ''), { description: 'the practice record line' });
    const answered = embedOf(recorded);
    expect(['정답이에요!', '아쉽게도 틀렸어요']).toContain(answered.title);
    expect(answered.description).toMatch(/\n정답: \*\*[OX]\*\*/);
    expect(answered.description).toMatch(/\n\n연습 기록: \d+문제 중 \d+문제 정답\. 한 문제 더 풀어 볼까요\? `\/퀴즈 연습`$/);
    if (answered.footer) expect(answered.footer.text).toMatch(/^출처: /);
    expectWithinLimits(recorded);
    expect(await click(h, question.id, 'haneul', { label: 'X' }, true)).toBe('이미 답한 연습 문제예요.');
    expect(await click(h, question.id, 'haneul', { customId: 'practice:zzzz:1' }, true)).toBe(
      '시간이 지나 끝난 연습 문제예요. `/퀴즈 연습`으로 새 문제를 받아 보세요.',
    );
  });

  it('given an English member, a practice true/false question uses True and False and English around it', async () => {
    const question = await practiseUntil('alice', (labels) => labels.length === 2);
    expect(h.sim.buttons(question.id).map((b) => b.label)).toEqual(['True', 'False']);
    expect(embedOf(question).title).toBe('Practice question');
    const updated = await h.sim.click({ messageId: question.id, userId: 'alice', label: 'True' }).waitForReply();
    expect(['Correct!', 'Not quite']).toContain(embedOf(updated).title);
    expect(embedOf(updated).description).toMatch(/\nAnswer: \*\*(True|False)\*\*/);
  });
});

describe('quizzes across a restart, by language', () => {
  it('given a quiz saved by the previous release (no language) on a Korean server, it resumes in English; one started in Korean resumes in Korean', async () => {
    const general = h.channel(SEOUL, 'general');
    const guildId = h.sim.guild(SEOUL).id;
    // What the previous release saved: options without a language, English questions.
    const bank = buildBank(dataset);
    const questions = pickQuestions(bank, { scope: 'all', difficulty: 'mixed', spoilers: NO_SPOILERS, count: 2, rng: seededRng(3) }).map(
      ({ lang: _lang, ...q }) => q as Question,
    );
    const old = createSession({
      id: 'oldrelease01',
      guildId,
      channelId: general,
      hostId: h.sim.userId('jiwoo'),
      options: { rounds: 2, seconds: 10, scope: 'all', difficulty: 'mixed', spoilers: NO_SPOILERS },
      questions,
      now: time(h).clock.now(),
    });
    expect('lang' in old.options).toBe(false);
    await h.bot.ctx.store.sessions.put(general, guildId, JSON.parse(JSON.stringify(old)));
    // And a Korean quiz of this release in the other channel, before the restart.
    const before = messageIds(h, seoulQuiz);
    await startQuiz(h, seoulQuiz, 'minji', { rounds: 2, seconds: 10 }, { user: 'ko', server: 'ko' });

    await h.restart();
    const notice = (channelId: string, text: string) =>
      h.sim.waitForMessage((m) => !m.ephemeral && contentOf(m) === text, { channelId, description: `the notice "${text}"` });
    await notice(general, 'Back after a restart: the quiz starts shortly.');
    await notice(seoulQuiz, '봇이 다시 시작됐어요. 퀴즈가 곧 시작돼요.');
    await overPause(h, INTRO_MS);
    const q = await questionOnScreen(h, general, 1, 2, 'en');
    expect(embedOf(q.message).footer?.text).toMatch(/^(easy|medium|hard) · 10 s to answer$/);
    await questionOnScreen(h, seoulQuiz, 1, 2, 'ko');
    // A Korean member's click on the old English quiz is answered in Korean all the same.
    await at(h, q, 1_000);
    expect(await click(h, q.message.id, 'minji', { label: q.correctLabel })).toBe(lockedKo(q.correctLabel, q));
    await h.bot.ctx.quiz.stop({ guildId, channelId: general, userId: h.sim.userId('jiwoo'), canManage: true });
    await h.bot.ctx.quiz.stop({ guildId, channelId: seoulQuiz, userId: h.sim.userId('minji'), canManage: true });
    expect(embedOf(await waitForTitle(h, general, 'Final standings')).description?.split('\n')[0]).toBe('Stopped with /quiz stop after 1 of 2 questions.');
    expect(embedOf(await waitForTitle(h, seoulQuiz, '최종 순위', before)).description?.split('\n')[0]).toBe(
      '`/퀴즈 중지`로 2문제 중 1문제를 진행하고 멈췄어요.',
    );
  });
});

describe('the command definition', () => {
  it('given the registered /quiz, every name, option and choice carries a Korean name, and the choices use the words the replies use', () => {
    const [quiz] = h.sim.commands().filter((c) => c['name'] === 'quiz') as { name: string; name_localizations?: Record<string, string>; options?: Opt[] }[];
    interface Opt {
      name: string;
      name_localizations?: Record<string, string>;
      description_localizations?: Record<string, string>;
      options?: Opt[];
      choices?: { name: string; value: string; name_localizations?: Record<string, string> }[];
    }
    expect(quiz?.name_localizations?.['ko']).toBe('퀴즈');
    const walk = (opts: readonly Opt[]): Opt[] => opts.flatMap((o) => [o, ...walk(o.options ?? [])]);
    const all = walk(quiz?.options ?? []);
    for (const o of all) {
      expect(o.name_localizations?.['ko'], o.name).toMatch(HANGUL);
      expect(o.description_localizations?.['ko'], o.name).toMatch(HANGUL);
      for (const c of o.choices ?? []) expect(c.name_localizations?.['ko'], `${o.name}:${c.value}`).toMatch(HANGUL);
    }
    const start = all.find((o) => o.name === 'start');
    const choicesOf = (name: string) => Object.fromEntries((start?.options?.find((o) => o.name === name)?.choices ?? []).map((c) => [c.value, c.name_localizations?.['ko']]));
    expect(choicesOf('difficulty')).toEqual({ mixed: '혼합', easy: '쉬움', medium: '보통', hard: '어려움' });
    expect(choicesOf('scope')).toEqual({ all: '전체', film: '영화', series: '드라마', novel: '소설' });
    const board = all.find((o) => o.name === 'leaderboard');
    expect(board?.options?.map((o) => o.choices?.map((c) => c.name_localizations?.['ko']))).toEqual([
      ['이 서버', '전체 서버'],
      ['전체 기간', '이번 달', '이번 주'],
    ]);
  });

  it('given difficulty:hard chosen in Korean, the intro and the question name it with the same word as the choice', async () => {
    const lounge = h.channel(SEOUL, 'lounge');
    const { intro } = await startQuiz(h, lounge, 'jiwoo', { rounds: 1, seconds: 10, difficulty: 'hard' }, { user: 'ko', server: 'ko' });
    expect(embedOf(intro).description).toContain('난이도: **어려움**');
    await overPause(h, INTRO_MS);
    const q = await questionOnScreen(h, lounge, 1, 1, 'ko');
    expect(embedOf(q.message).footer?.text).toBe('어려움 · 제한 시간 10초');
    await toReveal(h, lounge, q);
    await overPause(h);
  });
});

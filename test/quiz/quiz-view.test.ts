/**
 * The quiz's views rendered straight from view models, in both languages: what the simulator
 * games cannot reach cheaply (every end reason, a reveal with thousands of scorers, a prompt at
 * Discord's limit, every countdown offset, an empty stats card).
 */
import { describe, expect, it } from 'vitest';
import type { APIEmbed } from 'discord.js';
import { ALL_SPOILERS, NO_SPOILERS } from '../../src/data/spoilers.js';
import { renderLeaderboard, renderStats } from '../../src/discord/scores-view.js';
import {
  answerText,
  fitLines,
  refusalText,
  relativeTime,
  renderIntro,
  renderNotice,
  renderQuestion,
  renderReveal,
  renderStandings,
  startReplyText,
} from '../../src/discord/quiz-view.js';
import { LANGS, type Lang } from '../../src/i18n/lang.js';
import type { BoardView, PlayerRecord } from '../../src/quiz/records.js';
import type { QuestionView, RevealView } from '../../src/quiz/runner.js';
import type { EndReason, RoundWinner, Standing } from '../../src/quiz/session.js';

const T0 = Date.UTC(2026, 2, 14, 20, 0, 0);
const HANGUL = /[\uac00-\ud7a3]/u;
const END_REASONS: readonly EndReason[] = ['completed', 'inactive', 'stopped', 'channel', 'store', 'error', 'removed', 'interrupted'];

function embedOf(body: { embeds?: APIEmbed[] | undefined }): APIEmbed {
  const embed = body.embeds?.[0];
  if (!embed) throw new Error('no embed');
  return embed;
}

function textOf(embed: APIEmbed): string {
  return [embed.title, embed.description, ...(embed.fields ?? []).flatMap((f) => [f.name, f.value]), embed.footer?.text].filter(Boolean).join('\n');
}

/** Latin words in a Korean text, once code, mentions, timestamps and "(UTC)" are set aside. */
function englishIn(text: string): string[] {
  return text.replace(/`[^`]*`/g, ' ').replace(/\(UTC\)/g, ' ').replace(/<(?:#|@&|@!?|t:)[^>]*>/g, ' ').match(/[A-Za-z]{2,}/g) ?? [];
}

function expectReadable(text: string, lang: Lang): void {
  expect(text, text).not.toMatch(/undefined|null|NaN|\[object|\{|\}/);
  if (lang === 'ko') {
    expect(text, text).toMatch(HANGUL);
    expect(englishIn(text), text).toEqual([]);
  } else {
    expect(text, text).not.toMatch(HANGUL);
  }
}

function expectWithinLimits(embed: APIEmbed): void {
  expect(embed.title?.length ?? 0).toBeLessThanOrEqual(256);
  expect(embed.description?.length ?? 0).toBeLessThanOrEqual(4096);
  for (const f of embed.fields ?? []) {
    expect(f.name.length).toBeLessThanOrEqual(256);
    expect(f.value.length).toBeLessThanOrEqual(1024);
  }
  expect(embed.footer?.text.length ?? 0).toBeLessThanOrEqual(2048);
  expect(textOf(embed).length).toBeLessThanOrEqual(6000);
}

const userId = (i: number): string => String(1_400_000_000_000_000_000n + BigInt(i));

function question(lang: Lang, over: Partial<QuestionView> = {}): QuestionView {
  return {
    sessionId: 'sess0001',
    lang,
    round: 0,
    number: 1,
    total: 5,
    kind: 'choice',
    difficulty: 'medium',
    prompt: lang === 'ko' ? '영화의 감독은 누구일까요?' : 'Who directed the film?',
    options: ['이언희', '허진호', '손태겸', '김세인'].map((text, index) => ({ index, label: 'ABCD'[index] ?? '', text, customId: `quiz:sess0001:0:${index}` })),
    seconds: 10,
    askedAt: T0,
    closesAt: T0 + 10_000,
    paused: null,
    ...over,
  };
}

function reveal(lang: Lang, winners: readonly RoundWinner[], answered: number, over: Partial<RevealView> = {}): RevealView {
  const { askedAt: _a, closesAt: _c, paused: _p, ...q } = question(lang);
  const scoreboard: Standing[] = winners.slice(0, 5).map((w, i) => ({ rank: i + 1, userId: w.userId, points: w.points, correct: 1, answered: 1, bestStreak: w.streak }));
  return {
    ...q,
    next: null,
    correct: 0,
    correctLabel: 'A',
    correctText: '이언희',
    sources: ['verified:21', 'verified:1'],
    explanation: null,
    winners,
    scoreboard,
    players: Math.max(answered, winners.length),
    answered,
    optionCounts: [winners.length, answered - winners.length, 0, 0],
    isLast: false,
    disabled: true,
    report: { customId: 'report:q:crew:film-director#1' },
    ...over,
  };
}

const winner = (i: number, over: Partial<RoundWinner> = {}): RoundWinner => ({
  userId: userId(i),
  points: 236,
  elapsedMs: 2_500 + i,
  base: 150,
  speedBonus: 56,
  streakBonus: 30,
  streak: 3,
  ...over,
});

describe('countdowns agree with the real deadline', () => {
  it.each([0, 1, 250, 499, 500, 501, 999])('given a 10-second question asked %d ms into a second, the countdown shows at most 10 s and never past the deadline', (offset) => {
    for (const lang of LANGS) {
      const askedAt = T0 + offset;
      const body = renderQuestion(question(lang, { askedAt, closesAt: askedAt + 10_000 }));
      const shown = Number(/<t:(\d+):R>/.exec(embedOf(body).description ?? '')?.[1]) * 1000;
      expect(shown).toBeLessThanOrEqual(askedAt + 10_000);
      expect(shown - askedAt).toBeLessThanOrEqual(10_000);
      expect(askedAt + 10_000 - shown).toBeLessThan(1_000);
    }
  });

  it('given a relative time, it is rounded down to the second', () => {
    expect(relativeTime(T0 + 10_999)).toBe(`<t:${(T0 + 10_000) / 1000}:R>`);
  });
});

describe('the reveal', () => {
  it.each(LANGS)('given nobody answered (%s), it says so plainly and lists no scorers', (lang) => {
    const embed = embedOf(renderReveal(reveal(lang, [], 0, { players: 0, scoreboard: [] })));
    expect(embed.description?.split('\n').at(-1)).toBe(lang === 'en' ? 'Nobody answered this question.' : '이번 문제에는 아무도 답하지 않았어요.');
    expect(embed.fields ?? []).toEqual([]);
    expect(textOf(embed)).not.toMatch(/0 of 0|0명 중/);
    expectReadable(textOf(embed).replace(/이언희|허진호|손태겸|김세인/g, ''), lang);
  });

  it.each(LANGS)('given a scorer with speed and streak bonuses (%s), the line shows the points and why', (lang) => {
    const embed = embedOf(renderReveal(reveal(lang, [winner(1)], 1)));
    expect(embed.fields?.[0]?.value).toBe(
      lang === 'en'
        ? `1. <@${userId(1)}> **+236** (2.5 s): base +150 · speed +56 · 🔥 3 in a row +30`
        : `1. <@${userId(1)}> **+236점** (2.5초): 기본 +150 · 속도 +56 · 🔥 3연속 정답 +30`,
    );
    // A last-instant first answer: no speed or streak part to show.
    const plain = embedOf(renderReveal(reveal(lang, [winner(2, { points: 150, speedBonus: 0, streakBonus: 0, streak: 1 })], 1)));
    expect(plain.fields?.[0]?.value).toMatch(lang === 'en' ? /: base \+150$/ : /: 기본 \+150$/);
  });

  it.each(LANGS)('given 5,000 scorers and a prompt at the limit (%s), the reveal stays within every Discord limit and says how many more scored', (lang) => {
    const winners = Array.from({ length: 5_000 }, (_, i) => winner(i));
    const view = reveal(lang, winners, 5_000, { prompt: '가'.repeat(4_000), players: 5_000 });
    const embed = embedOf(renderReveal(view));
    expectWithinLimits(embed);
    const lines = embed.fields?.[0]?.value.split('\n') ?? [];
    expect(lines.length).toBeGreaterThan(1);
    const shown = lines.length - 1;
    expect(lines.at(-1)).toBe(lang === 'en' ? `…and ${5_000 - shown} more` : `…외 ${5_000 - shown}명`);
    expect(embed.fields?.[1]?.value.split('\n')).toHaveLength(6);
    expect(embed.fields?.[1]?.value.split('\n').at(-1)).toBe(lang === 'en' ? '…and 4995 more players' : '…외 4995명');
  });

  it('given lines longer than the room, fitLines keeps what fits and counts the rest', () => {
    const more = (n: number): string => `+${n}`;
    expect(fitLines(['aaaa', 'bbbb', 'cccc'], 100, more)).toBe('aaaa\nbbbb\ncccc');
    expect(fitLines(['aaaa', 'bbbb', 'cccc'], 10, more)).toBe('aaaa\n+2');
    expect(fitLines(['aaaa'], 100, more, 3)).toBe('aaaa\n+3');
    expect(fitLines(['aaaaaaaaaaaa'], 5, more)).toBe('+1');
  });
});

describe('every public message in both languages', () => {
  it.each(LANGS)('given each way a quiz can end (%s), the standings say it once, with nothing missing', (lang) => {
    for (const reason of END_REASONS) {
      for (const [played, total] of [[0, 5], [1, 1], [2, 5], [5, 5]] as const) {
        if (reason === 'completed' && played !== total) continue;
        const embed = embedOf(renderStandings({ sessionId: 's', lang, hostId: userId(0), reason, roundsPlayed: played, total, standings: [], scoresSaved: reason !== 'store' }));
        const first = embed.description?.split('\n')[0] ?? '';
        expectReadable(embed.description ?? '', lang);
        // The counts appear once: "2 of 5", never "All … 5 of 5 questions played".
        expect(first.match(/\d+/g)?.length ?? 0, first).toBeLessThanOrEqual(reason === 'completed' ? 1 : 2);
        expect(first).not.toMatch(/All questions played/);
      }
    }
  });

  it.each(LANGS)('given the intro, a question and the notices (%s), each reads whole in its language', (lang) => {
    for (const spoilers of [NO_SPOILERS, ALL_SPOILERS, { film: true, series: 4, novel: 0 }]) {
      const intro = embedOf(renderIntro({ sessionId: 's', lang, hostId: userId(0), rounds: 1, seconds: 10, scope: 'series', difficulty: 'mixed', spoilers, firstQuestionAt: T0, pingRoleId: null, recap: null }));
      expectReadable(textOf(intro), lang);
    }
    // A recap says what comes first, in the intro everyone sees.
    const recap = textOf(
      embedOf(renderIntro({ sessionId: 's', lang, hostId: userId(0), rounds: 1, seconds: 10, scope: 'series', difficulty: 'mixed', spoilers: { film: false, series: 4, novel: 0 }, firstQuestionAt: T0, pingRoleId: null, recap: { film: false, series: [3, 4], novel: null } })),
    );
    expect(recap).toContain(lang === 'en' ? 'A recap: questions about series episodes 3–4 come first.' : '복습 퀴즈예요. 드라마 3~4회 문제가 먼저 나와요.');
    expectReadable(recap, lang);
    // Without a quiz ping nobody is mentioned; with one, exactly that role may be notified.
    const base = { sessionId: 's', lang, hostId: userId(0), rounds: 1, seconds: 10, scope: 'series', difficulty: 'mixed', spoilers: NO_SPOILERS, firstQuestionAt: T0, recap: null } as const;
    expect(renderIntro({ ...base, pingRoleId: null })).toMatchObject({ allowed_mentions: { parse: [] } });
    expect(renderIntro({ ...base, pingRoleId: null }).content).toBeUndefined();
    const pinged = renderIntro({ ...base, pingRoleId: '555000000000000001' });
    expect(pinged.content).toBe('<@&555000000000000001>');
    expect(pinged.allowed_mentions).toEqual({ parse: [], roles: ['555000000000000001'] });
    const q = embedOf(renderQuestion(question(lang)));
    expectReadable(textOf(q).replace(/이언희|허진호|손태겸|김세인|Who directed the film\?|영화의 감독은 누구일까요\?/g, ''), lang);
    for (const number of [null, 3]) {
      for (const paused of [false, true]) expectReadable(renderNotice({ kind: 'resumed', sessionId: 's', lang, number, total: 5, paused }).content ?? '', lang);
    }
    // Paused, the question says how much time is left and its buttons are disabled; a manual reveal has a Next question button.
    const paused = renderQuestion(question(lang, { paused: { remainingMs: 6_200 } }));
    expectReadable(textOf(embedOf(paused)).replace(/이언희|허진호|손태겸|김세인|Who directed the film\?|영화의 감독은 누구일까요\?/g, ''), lang);
    expect(embedOf(paused).description).toContain(lang === 'ko' ? '남은 시간은 7초' : 'with 7 s left');
    const row = paused.components?.[0] as { components: { disabled?: boolean }[] } | undefined;
    expect(row?.components.every((b) => b.disabled === true)).toBe(true);
    const manual = renderReveal(reveal(lang, [], 0, { next: { customId: 'quiznext:sess0001:0' } }));
    const nextRow = manual.components?.[1] as { components: { custom_id?: string; label?: string; disabled?: boolean }[] } | undefined;
    expect(nextRow?.components).toEqual([expect.objectContaining({ custom_id: 'quiznext:sess0001:0', label: lang === 'ko' ? '다음 문제' : 'Next question' })]);
    expect(embedOf(manual).description).toContain(lang === 'ko' ? '다음 문제** 버튼을 눌러' : 'The host goes on with **Next question**');
  });
});

describe('private replies', () => {
  it('given a locked-in answer in Korean, the label takes 로 (A, B, C, D, O, X and True are all read ending in a vowel)', () => {
    for (const label of ['A', 'B', 'C', 'D', 'O', 'X', 'True']) {
      expect(answerText({ kind: 'locked', option: 0, label, closesAt: T0 }, 'ko')).toBe(`**${label}**로 답했어요. 결과는 <t:${T0 / 1000}:R> 공개돼요.`);
    }
  });

  it.each(LANGS)('given every answer outcome and start result (%s), the reply is whole', (lang) => {
    for (const outcome of [{ kind: 'closed' }, { kind: 'finished' }, { kind: 'unknown' }, { kind: 'wrong-guild' }, { kind: 'wrong-channel' }, { kind: 'already-answered', option: 1, label: 'B' }] as const) {
      expectReadable(answerText(outcome, lang), lang);
    }
    for (const result of [
      { ok: true, sessionId: 's', messageId: 'm', rounds: 3 },
      { ok: false, reason: 'already-running' },
      { ok: false, reason: 'no-questions' },
      { ok: false, reason: 'cannot-post' },
      { ok: false, reason: 'shutting-down' },
      { ok: false, reason: 'error' },
      { ok: false, reason: 'invalid-options', detail: 'x', problem: { option: 'seconds', min: 10, max: 60 } },
    ] as const) {
      expectReadable(startReplyText(result, lang, null).text, lang);
    }
    for (const refusal of [
      { kind: 'role', roleId: '1' },
      { kind: 'channel', allowed: ['1', '2'] },
      { kind: 'spoilers', requested: ALL_SPOILERS, cap: NO_SPOILERS },
    ] as const) {
      const text = refusalText(refusal, lang);
      expectReadable(text, lang);
      expect(text).not.toMatch(/\bhere\b|여기/);
    }
  });
});

describe('leaderboard and stats cards', () => {
  const stats = { points: 386, correct: 3, answered: 4, gamesPlayed: 2, bestStreak: 3, lastPlayed: T0, rank: 2, players: 7 };

  it.each(LANGS)('given a player with games this server but none this month (%s), the card is one list with a line for the month', (lang) => {
    const record: PlayerRecord = { userId: userId(1), scope: 'server', allTime: stats, month: undefined, week: undefined, everywhere: { ...stats, rank: 9, players: 40 }, practice: { answered: 0, correct: 0 } };
    const embed = renderStats(record, 'minji', lang);
    expect(embed.fields).toBeUndefined();
    expect(embed.description?.split('\n')).toEqual(
      lang === 'en'
        ? [
            '**386** pts on this server · rank 2 of 7',
            `3/4 correct · 2 games · best streak 3 · last played <t:${T0 / 1000}:R>`,
            'This month: no games yet',
            'All servers: **386** pts · rank 9 of 40',
            'Practice: no questions yet',
          ]
        : [
            '이 서버 **386**점 · 7명 중 2위',
            `정답 3/4 · 2게임 · 최고 3연속 · 최근 플레이 <t:${T0 / 1000}:R>`,
            '이번 달: 아직 기록이 없어요',
            '전체 서버: **386**점 · 40명 중 9위',
            '연습: 아직 푼 문제가 없어요',
          ],
    );
    expect(embed.title).toBe(lang === 'en' ? "minji's quiz record" : 'minji님의 퀴즈 기록');
    expectReadable(embed.description ?? '', lang);
  });

  it.each(LANGS)('given a player with games this month (%s), a line for this week follows the month, "no games yet" when the week is quiet', (lang) => {
    const month = { ...stats, points: 200, rank: 3, players: 5 };
    const week = { ...stats, points: 80, rank: 1, players: 2 };
    const base: PlayerRecord = { userId: userId(1), scope: 'server', allTime: stats, month, week, everywhere: null, practice: { answered: 0, correct: 0 } };
    const lines = (record: PlayerRecord) => renderStats(record, 'minji', lang).description?.split('\n').slice(2, 4);
    expect(lines(base)).toEqual(
      lang === 'en' ? ['This month: **200** pts · rank 3 of 5', 'This week: **80** pts · rank 1 of 2'] : ['이번 달: **200**점 · 5명 중 3위', '이번 주: **80**점 · 2명 중 1위'],
    );
    expect(lines({ ...base, week: undefined })).toEqual(
      lang === 'en' ? ['This month: **200** pts · rank 3 of 5', 'This week: no games yet'] : ['이번 달: **200**점 · 5명 중 3위', '이번 주: 아직 기록이 없어요'],
    );
    // A week that began last month can have games while this month has none yet.
    expect(lines({ ...base, month: undefined })).toEqual(
      lang === 'en' ? ['This month: no games yet', 'This week: **80** pts · rank 1 of 2'] : ['이번 달: 아직 기록이 없어요', '이번 주: **80**점 · 2명 중 1위'],
    );
    expectReadable(renderStats(base, 'minji', lang).description ?? '', lang);
  });

  it.each(LANGS)('given a weekly board (%s), its title names this week', (lang) => {
    const view: BoardView = { scope: 'server', period: 'week', viewerId: userId(0), board: { entries: [], total: 0 } };
    expect(renderLeaderboard(view, lang).title).toBe(lang === 'en' ? 'Server leaderboard · this week (UTC)' : '서버 순위표 · 이번 주 (UTC)');
  });

  it.each(LANGS)('given an empty board and a full one with the asker below the top (%s), the lines are whole', (lang) => {
    const empty: BoardView = { scope: 'server', period: 'month', viewerId: userId(0), board: { entries: [], total: 0 } };
    expectReadable(textOf(renderLeaderboard(empty, lang)), lang);
    const entries = Array.from({ length: 10 }, (_, i) => ({ rank: i + 1, userId: userId(i + 1), points: 1_000 - i, correct: 1, answered: 1 }));
    const full: BoardView = { scope: 'global', period: 'all-time', viewerId: userId(0), board: { entries, total: 30, me: { rank: 25, userId: userId(0), points: 5, correct: 0, answered: 1 } } };
    const embed = renderLeaderboard(full, lang);
    expect(embed.description?.split('\n').slice(-2)).toEqual(['…', lang === 'en' ? `25. <@${userId(0)}> (you): **5** pts · 0/1 correct` : `25. <@${userId(0)}> (나) **5**점 · 정답 0/1`]);
    expectReadable(textOf(embed), lang);
  });
});

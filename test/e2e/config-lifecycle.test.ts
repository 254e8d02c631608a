/**
 * Moderator configuration over time, end to end with the real bot and the local simulator:
 * the leaderboard reset confirmation, settings surviving a restart, and the clean-up when the
 * bot is removed from a server.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { RESET_CONFIRM_MS } from '../../src/commands/config.js';
import { DEFAULT_GUILD_SETTINGS } from '../../src/store/settings.js';
import { weekKey } from '../../src/store/boards.js';
import type { ScoreScope, ScorePeriod } from '../../src/store/types.js';
import {
  answerOf,
  buttonsOf,
  expectEnglish,
  expectKorean,
  expectWithinDiscordLimits,
  resetGuild,
  run,
  settingChanges,
  type Answer,
} from './config-helpers.js';
import { startHarness, type Harness } from './harness.js';

const FANS = 'Big City Fans';
const OTHER = 'Other Server';

function checks(get: () => Harness): void {
  afterEach(() => {
    get().sim.assertNoViolations();
    expect(get().sim.messagesAllowingEveryone()).toEqual([]);
  });
}

/** Points per user id on a board. */
async function board(h: Harness, scope: ScoreScope, period: ScorePeriod = 'all-time'): Promise<Record<string, number>> {
  const { entries } = await h.bot.ctx.store.scores.leaderboard(scope, period, { limit: 50 });
  return Object.fromEntries(entries.map((e) => [e.userId, e.points]));
}

let seedCount = 0;
/** Scores one round in a guild, as a finished quiz question would. */
async function seed(h: Harness, guildId: string, points: Record<string, number>, at?: number): Promise<void> {
  const results = Object.entries(points).map(([userId, p]) => ({ userId, points: p, correct: p > 0, streak: p > 0 ? 1 : 0 }));
  await h.bot.ctx.store.scores.commitRound(guildId, `seed-${++seedCount}`, results, at);
}

describe('/config reset-leaderboard', () => {
  let h: Harness;
  let fansId: string;
  let otherId: string;
  let general: string;
  let ids: Record<'alice' | 'bob' | 'dave', string>;
  beforeAll(async () => {
    h = await startHarness({ manualTime: true });
    fansId = h.sim.guild(FANS).id;
    otherId = h.sim.guild(OTHER).id;
    general = h.channel(FANS, 'general');
    ids = { alice: h.sim.userId('alice'), bob: h.sim.userId('bob'), dave: h.sim.userId('dave') };
    // A Korean moderator (her Discord client is in Korean).
    h.sim.addMember(FANS, { username: 'minji', roles: ['Moderator'], locale: 'ko' });
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(async () => {
    await resetGuild(h, FANS);
    await h.bot.ctx.store.scores.resetGuild(fansId, 'all-time');
    await h.bot.ctx.store.scores.resetGuild(otherId, 'all-time');
    await seed(h, fansId, { [ids.alice]: 100, [ids.bob]: 50 });
    await seed(h, otherId, { [ids.alice]: 30, [ids.dave]: 70 });
  });
  checks(() => h);

  /** Asks for a reset as `userId` and returns the private question with its two buttons. */
  async function ask(period?: ScorePeriod, userId = 'mod') {
    const answer = await run(h, { channelId: general, userId, name: 'config reset-leaderboard', ...(period ? { options: { period } } : {}) });
    expect(answer.ephemeral).toBe(true);
    expectWithinDiscordLimits(answer.message);
    const [confirm, cancel] = h.sim.buttons(answer.message.id);
    if (!confirm?.customId || !cancel?.customId) throw new Error(`no confirmation buttons:\n${answer.text}`);
    return { answer, customId: confirm.customId, label: confirm.label ?? '', cancelId: cancel.customId, cancelLabel: cancel.label ?? '' };
  }

  /** Clicks a button and returns the message the bot showed in answer (the updated question, or a new private reply). */
  async function click(messageId: string, userId: string, customId: string, force = false): Promise<Answer & { ephemeralReply: boolean | undefined }> {
    const handle = h.sim.click({ messageId, userId, customId, ...(force ? { force: true } : {}) });
    const message = await handle.waitForReply();
    expectWithinDiscordLimits(message);
    return { ...answerOf(h, message), ephemeralReply: handle.ephemeral };
  }

  const disabled = (a: Answer) => buttonsOf(a.message).map((b) => b.disabled === true);
  const untouched = async () => expect(await board(h, { guildId: fansId })).toEqual({ [ids.alice]: 100, [ids.bob]: 50 });

  it("given the asking moderator confirms, this server's board is empty while the other server's and the global board keep their points", async () => {
    const globalBefore = await board(h, 'global');
    expect(Object.keys(globalBefore).sort()).toEqual([ids.alice, ids.bob, ids.dave].sort());
    const { answer, label, cancelLabel } = await ask();
    const expires = Math.ceil((h.bot.ctx.clock.now() + RESET_CONFIRM_MS) / 1000);
    expect(answer.content).toBe(
      "Reset this server's leaderboard? This wipes every score on it, every month and week included. Scores on other servers and the global board are not touched.\n" +
        `Press **Reset leaderboard** to go ahead or **Cancel** to keep the scores. The buttons expire <t:${expires}:R>.`,
    );
    // One countdown, no "within 60 seconds (in 1 min)".
    expect(answer.content.match(/<t:/g)).toHaveLength(1);
    expect(answer.content).not.toMatch(/\d+ seconds/);
    expect([label, cancelLabel]).toEqual(['Reset leaderboard', 'Cancel']);
    expectEnglish(answer.visible);
    expect(await board(h, { guildId: fansId })).toEqual({ [ids.alice]: 100, [ids.bob]: 50 });

    const since = h.logs.length;
    const done = await h.sim.click({ messageId: answer.message.id, userId: 'mod', label }).waitForReply();
    expect(done.id).toBe(answer.message.id);
    expect(done.data['content']).toBe("Done: this server's leaderboard has been reset (all-time, every month and every week).");
    expect(h.sim.buttons(done.id)).toEqual([]);

    expect(await board(h, { guildId: fansId })).toEqual({});
    expect(await board(h, { guildId: fansId }, 'month')).toEqual({});
    expect(await board(h, { guildId: otherId })).toEqual({ [ids.alice]: 30, [ids.dave]: 70 });
    expect(await board(h, { guildId: otherId }, 'month')).toEqual({ [ids.alice]: 30, [ids.dave]: 70 });
    expect(await board(h, 'global')).toEqual(globalBefore);

    const [line] = settingChanges(h, since);
    expect(line).toMatchObject({ guildId: fansId, moderatorId: h.sim.userId('mod'), setting: 'leaderboard', after: 'reset all-time' });

    const shown = await run(h, { channelId: general, userId: 'alice', name: 'quiz leaderboard' });
    expect(shown.text).toContain('No scores yet');
    const global = await run(h, { channelId: general, userId: 'alice', name: 'quiz leaderboard', options: { scope: 'global' } });
    expect(global.text).toContain(`<@${ids.alice}>: **${globalBefore[ids.alice]}** pts`);
  });

  it("given period:month, only this month's board of this server is wiped", async () => {
    const lastMonth = Date.UTC(2026, 9, 15, 12);
    await seed(h, fansId, { [ids.bob]: 40 }, lastMonth);
    expect(await board(h, { guildId: fansId })).toEqual({ [ids.alice]: 100, [ids.bob]: 90 });
    const { answer, label } = await ask('month');
    expect(answer.content).toContain("This wipes this month's scores on it; the all-time board keeps them.");
    expect(answer.content).toContain("Press **Reset this month's scores** to go ahead or **Cancel** to keep the scores.");
    expect(label).toBe("Reset this month's scores");
    const done = await h.sim.click({ messageId: answer.message.id, userId: 'mod', label }).waitForReply();
    expect(done.data['content']).toBe("Done: this month's leaderboard of this server has been reset; the all-time board is unchanged.");
    expect(await board(h, { guildId: fansId }, 'month')).toEqual({});
    expect(await board(h, { guildId: fansId })).toEqual({ [ids.alice]: 100, [ids.bob]: 90 });
    expect(await board(h, { guildId: otherId }, 'month')).toEqual({ [ids.alice]: 30, [ids.dave]: 70 });
  });

  it("given period:week, only this week's board of this server is wiped; last week, the month and all-time keep theirs", async () => {
    expect(weekKey(h.bot.ctx.clock.now())).toBe('2026-W47');
    const lastWeek = Date.UTC(2026, 10, 15, 12); // Sunday of 2026-W46, the same month
    await seed(h, fansId, { [ids.bob]: 40 }, lastWeek);
    expect(await board(h, { guildId: fansId }, 'week')).toEqual({ [ids.alice]: 100, [ids.bob]: 50 });
    const globalWeek = await board(h, 'global', 'week');
    const { answer, label } = await ask('week');
    expect(answer.content).toContain('This wipes the scores on it since Monday 00:00 UTC; the all-time and monthly boards keep them.');
    expect(label).toBe("Reset this week's scores");
    const done = await h.sim.click({ messageId: answer.message.id, userId: 'mod', label }).waitForReply();
    expect(done.data['content']).toBe("Done: this week's leaderboard of this server has been reset; the all-time and monthly boards are unchanged.");
    expect(await board(h, { guildId: fansId }, 'week')).toEqual({});
    expect(await board(h, { guildId: fansId }, 'month')).toEqual({ [ids.alice]: 100, [ids.bob]: 90 });
    expect(await board(h, { guildId: fansId })).toEqual({ [ids.alice]: 100, [ids.bob]: 90 });
    expect(await board(h, { guildId: otherId }, 'week')).toEqual({ [ids.alice]: 30, [ids.dave]: 70 });
    expect(await board(h, 'global', 'week')).toEqual(globalWeek);
    const shown = await run(h, { channelId: general, userId: 'alice', name: 'quiz leaderboard', options: { period: 'week' } });
    expect(shown.text).toContain('No scores yet');
  });

  it('given another moderator presses either button (sent anyway), it is refused in their language and nothing is wiped or cancelled', async () => {
    const { answer, customId, cancelId } = await ask();
    expect(() => h.sim.click({ messageId: answer.message.id, userId: 'olivia', customId })).toThrow(/ephemeral/);
    for (const id of [customId, cancelId]) {
      const refused = await click(answer.message.id, 'olivia', id, true);
      expect(refused.ephemeralReply).toBe(true);
      expect(refused.message.id).not.toBe(answer.message.id);
      expect(refused.content).toBe('Only the moderator who asked for the reset can confirm or cancel it.');
      const korean = await click(answer.message.id, 'minji', id, true);
      expect(korean.content).toBe('초기화를 요청한 운영자만 확인하거나 취소할 수 있어요.');
      expectKorean(korean.visible);
    }
    await untouched();
    // The question is unchanged: both buttons still work for its owner.
    const question = h.sim.message(answer.message.id);
    if (!question) throw new Error('the question is gone');
    expect(disabled(answerOf(h, question))).toEqual([false, false]);
    // The original confirmation still works for its owner.
    await h.sim.click({ messageId: answer.message.id, userId: 'mod', customId }).waitForReply();
    expect(await board(h, { guildId: fansId })).toEqual({});
  });

  it('given the confirmation is pressed after it expired, the question says so and both buttons are disabled; nothing is wiped', async () => {
    const { answer, customId } = await ask();
    h.clock?.advance(RESET_CONFIRM_MS + 1_000);
    const late = await click(answer.message.id, 'mod', customId);
    expect(late.message.id).toBe(answer.message.id);
    expect(late.ephemeral).toBe(true);
    expect(late.content).toBe('This confirmation has expired, so nothing was reset. Run `/config reset-leaderboard` again if you still want to.');
    expect(disabled(late)).toEqual([true, true]);
    expect(() => h.sim.click({ messageId: answer.message.id, userId: 'mod', customId })).toThrow(/disabled/);
    await untouched();
  });

  it('given a Korean moderator, the question, the buttons and the outcome are in Korean, with the particles after the labels', async () => {
    const { answer, label, cancelLabel } = await ask('all-time', 'minji');
    const expires = Math.ceil((h.bot.ctx.clock.now() + RESET_CONFIRM_MS) / 1000);
    expect(answer.content).toBe(
      '이 서버의 순위표를 초기화할까요? 지난달과 지난주 기록까지 이 서버의 모든 점수가 지워져요. 다른 서버의 점수와 글로벌 순위표는 그대로예요.\n' +
        `계속하려면 **순위표 초기화**를, 점수를 지키려면 **취소**를 눌러 주세요. 버튼은 <t:${expires}:R>에 만료돼요.`,
    );
    expect([label, cancelLabel]).toEqual(['순위표 초기화', '취소']);
    expectKorean(answer.visible);
    const done = await h.sim.click({ messageId: answer.message.id, userId: 'minji', label }).waitForReply();
    expect(done.data['content']).toBe('이 서버의 순위표를 초기화했어요 (전체 기간, 월간·주간 순위표 모두).');
    expect(await board(h, { guildId: fansId })).toEqual({});

    await seed(h, fansId, { [ids.alice]: 10 });
    const month = await ask('month', 'minji');
    expect(month.answer.content).toContain('계속하려면 **이번 달 점수 초기화**를, 점수를 지키려면 **취소**를 눌러 주세요.');
    expectKorean(month.answer.visible);
    const doneMonth = await h.sim.click({ messageId: month.answer.message.id, userId: 'minji', label: month.label }).waitForReply();
    expect(doneMonth.data['content']).toBe('이 서버의 이번 달 순위표를 초기화했어요. 전체 기간 순위표는 그대로예요.');

    const week = await ask('week', 'minji');
    expect(week.answer.content).toContain('이번 주(세계 표준시 기준 월요일 0시부터) 점수만 지워지고 전체 기간과 이번 달 순위표에는 그대로 남아요.');
    expect(week.answer.content).toContain('계속하려면 **이번 주 점수 초기화**를, 점수를 지키려면 **취소**를 눌러 주세요.');
    expectKorean(week.answer.visible);
    const doneWeek = await h.sim.click({ messageId: week.answer.message.id, userId: 'minji', label: week.label }).waitForReply();
    expect(doneWeek.data['content']).toBe('이 서버의 이번 주 순위표를 초기화했어요. 전체 기간과 이번 달 순위표는 그대로예요.');
  });

  it('given Cancel, the question says it was cancelled in the asker\'s language, both buttons are disabled and nothing is wiped', async () => {
    const since = h.logs.length;
    const english = await ask();
    const cancelled = await click(english.answer.message.id, 'mod', english.cancelId);
    expect(cancelled.message.id).toBe(english.answer.message.id);
    expect(cancelled.content).toBe('Cancelled: the leaderboard was not reset.');
    expect(buttonsOf(cancelled.message).map((b) => b.label)).toEqual(['Reset leaderboard', 'Cancel']);
    expect(disabled(cancelled)).toEqual([true, true]);
    expect(() => h.sim.click({ messageId: english.answer.message.id, userId: 'mod', customId: english.customId })).toThrow(/disabled/);

    const korean = await ask('month', 'minji');
    const koCancelled = await click(korean.answer.message.id, 'minji', korean.cancelId);
    expect(koCancelled.content).toBe('취소했어요. 순위표는 그대로예요.');
    expect(disabled(koCancelled)).toEqual([true, true]);
    expectKorean(koCancelled.visible);
    await untouched();
    expect(settingChanges(h, since)).toEqual([]);
  });

  it('given a Korean moderator presses after expiry, the question says so in Korean with both buttons disabled', async () => {
    const { answer, cancelId } = await ask('all-time', 'minji');
    h.clock?.advance(RESET_CONFIRM_MS + 1);
    // Even Cancel, once expired, answers with the expiry (nothing is left to cancel).
    const late = await click(answer.message.id, 'minji', cancelId);
    expect(late.content).toBe('확인 시간이 지나서 아무것도 초기화하지 않았어요. 그래도 초기화하려면 `/설정 순위초기화`를 다시 실행하세요.');
    expect(disabled(late)).toEqual([true, true]);
    expectKorean(late.visible);
    await untouched();
  });

  it('given a forged or altered confirmation id, it is refused and nothing is wiped', async () => {
    const { answer, customId } = await ask();
    const parts = customId.split(':');
    parts[5] = String(Number(parts[5]) + 3_600_000); // a later expiry, keeping the old signature
    const otherGuild = customId.replace(fansId, otherId); // the same id replayed for another server
    const first = 'reset:' + customId.split(':').slice(2, 6).join(':') + ':' + customId.split(':')[6]; // the id shape of the first release
    for (const forged of [parts.join(':'), customId.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), otherGuild, first, 'reset:y:1:2:a:3:xxxxxxxxxxxxxxxx']) {
      const refused = await click(answer.message.id, 'mod', forged, true);
      expect(refused.content, forged).toBe('That confirmation button is not valid here.');
    }
    const cancelAsConfirm = (await ask('all-time', 'minji')).cancelId.replace(':n:', ':y:');
    const korean = await click(answer.message.id, 'minji', cancelAsConfirm, true);
    expect(korean.content).toBe('여기서는 쓸 수 없는 확인 버튼이에요.');
    await untouched();
  });

  it('given the asking moderator lost Manage Server before confirming, the reset is refused', async () => {
    const { answer, customId } = await ask();
    h.sim.setMemberRoles(FANS, 'mod', []);
    try {
      const refused = await click(answer.message.id, 'mod', customId);
      expect(refused.content).toBe('You need the Manage Server permission to change these settings.');
      expect(refused.ephemeralReply).toBe(true);
    } finally {
      h.sim.setMemberRoles(FANS, 'mod', ['Moderator']);
    }
    expect(await board(h, { guildId: fansId })).toEqual({ [ids.alice]: 100, [ids.bob]: 50 });
  });

  it('given a restart between asking and confirming, the confirmation still works within its time', async () => {
    const { answer, customId } = await ask();
    const globalBefore = await board(h, 'global');
    await h.restart();
    await h.sim.click({ messageId: answer.message.id, userId: 'mod', customId }).waitForReply();
    expect(await board(h, { guildId: fansId })).toEqual({});
    expect(await board(h, 'global')).toEqual(globalBefore);
  });

  it('given a restart, Cancel and the expiry answer still work (no state was kept in memory)', async () => {
    const first = await ask();
    const second = await ask('month', 'minji');
    await h.restart();
    expect((await click(first.answer.message.id, 'mod', first.cancelId)).content).toBe('Cancelled: the leaderboard was not reset.');
    h.clock?.advance(RESET_CONFIRM_MS + 1);
    const late = await click(second.answer.message.id, 'minji', second.customId);
    expect(late.content).toContain('확인 시간이 지나서');
    expect(disabled(late)).toEqual([true, true]);
    await untouched();
  });
});

describe('settings across a restart', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ manualTime: true });
  });
  afterAll(async () => {
    await h?.close();
  });
  checks(() => h);

  it('given settings changed before a restart, the restarted bot shows and enforces them', async () => {
    const general = h.channel(FANS, 'general');
    const quiz = h.channel(FANS, 'quiz');
    const roleId = h.sim.guild(FANS).roles['Quizmaster'];
    await run(h, { channelId: general, userId: 'mod', name: 'config quiz-channels add', options: { channel: '#quiz' } });
    await run(h, { channelId: general, userId: 'mod', name: 'config spoilers', options: { max: 'film' } });
    await run(h, { channelId: general, userId: 'mod', name: 'config quiz-defaults', options: { rounds: 4, seconds: 45, difficulty: 'medium' } });
    await run(h, { channelId: general, userId: 'mod', name: 'config quiz-role set', options: { role: 'Quizmaster' } });
    await run(h, { channelId: general, userId: 'mod', name: 'config language', options: { value: 'ko' } });

    await h.restart();

    const shown = await run(h, { channelId: general, userId: 'mod', name: 'config show' });
    expect(shown.text).toContain(`Quiz channels: <#${quiz}>`);
    expect(shown.text).toContain('Spoiler cap: `film`');
    expect(shown.text).toContain(`Quiz role: <@&${roleId}>`);
    expect(shown.text).toContain('Quiz defaults: 4 questions · 45 s each · medium · spoilers `none`');
    expect(shown.text).toContain('Language of quiz messages: Korean (한국어)');

    expect((await run(h, { channelId: quiz, userId: 'alice', name: 'quiz start' })).text).toContain(`<@&${roleId}>`);
    expect((await run(h, { channelId: general, userId: 'mod', name: 'quiz start' })).text).toContain("can't run in this channel");
    expect((await run(h, { channelId: quiz, userId: 'mod', name: 'quiz start', options: { spoilers: 'all' } })).text).toContain('up to `film`');
    // Gyu-ho enters in episode 5, beyond a cap of film: he is not even named; Heung-soo's film plot shows behind tags.
    const gyuho = await run(h, { channelId: general, userId: 'alice', name: 'character', options: { name: 'Gyu-ho' } });
    expect(gyuho.text).toContain("That goes beyond this server's spoiler setting (`film`)");
    expect(gyuho.text).not.toContain('HIV');
    const heungsoo = await run(h, { channelId: general, userId: 'alice', name: 'character', options: { name: 'Heung-soo' } });
    expect(heungsoo.text).toContain('||Heung-soo is a closeted gay man');

    const started = await run(h, { channelId: quiz, userId: 'mod', name: 'quiz start' });
    expect(started.text).toContain('Quiz started: 4 questions');
    await run(h, { channelId: quiz, userId: 'mod', name: 'quiz stop' });
  });
});

describe('removal from a server', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ manualTime: true });
  });
  afterAll(async () => {
    await h?.close();
  });
  checks(() => h);

  it("given the bot is removed from a server, that server's settings and running quiz are gone, its scores stay on the global board, and the other server is untouched", async () => {
    const fansId = h.sim.guild(FANS).id;
    const otherId = h.sim.guild(OTHER).id;
    const fansGeneral = h.channel(FANS, 'general');
    const otherGeneral = h.channel(OTHER, 'general');
    const alice = h.sim.userId('alice');
    const dave = h.sim.userId('dave');

    await run(h, { channelId: fansGeneral, userId: 'mod', name: 'config spoilers', options: { max: 'none' } });
    await run(h, { channelId: fansGeneral, userId: 'mod', name: 'config quiz-channels add', options: { channel: '#general' } });
    await run(h, { channelId: otherGeneral, userId: 'dave', name: 'config spoilers', options: { max: 'film' } });
    expect((await run(h, { channelId: fansGeneral, userId: 'alice', name: 'quiz start' })).text).toContain('Quiz started');
    expect((await run(h, { channelId: otherGeneral, userId: 'dave', name: 'quiz start' })).text).toContain('Quiz started');
    await seed(h, fansId, { [alice]: 80 });
    await seed(h, otherId, { [dave]: 20 });
    const store = h.bot.ctx.store;
    expect((await store.sessions.list()).map((s) => s.guildId).sort()).toEqual([fansId, otherId].sort());
    // Past the intro: both quizzes are asking their first question.
    await h.scheduler?.advance(1_000);
    expect(h.bot.ctx.quiz.running(fansGeneral)?.phase).toBe('asking');
    const fansMessages = h.sim.messages(fansGeneral, { includeDeleted: true }).length;

    h.sim.removeGuild(FANS);

    await vi.waitFor(
      async () => {
        expect(h.bot.ctx.quiz.running(fansGeneral)).toBeUndefined();
        expect((await store.sessions.list()).map((s) => s.guildId)).toEqual([otherId]);
        expect(await store.settings.get(fansId)).toEqual(DEFAULT_GUILD_SETTINGS);
      },
      { timeout: 5_000, interval: 20 },
    );
    expect(await store.settings.get(otherId)).toMatchObject({ maxSpoilers: { film: true, series: 0, novel: 0 } });
    expect(h.bot.ctx.quiz.running(otherGeneral)?.hostId).toBe(dave);
    expect(await board(h, 'global')).toEqual({ [alice]: 80, [dave]: 20 });
    expect(await board(h, { guildId: otherId })).toEqual({ [dave]: 20 });
    expect(h.logs.join('')).toContain('removed from a server');
    // Time passes: the other server's quiz reveals its first question, the removed server's takes no step.
    const otherMessages = h.sim.messages(otherGeneral).length;
    await h.scheduler?.advance(25_000);
    expect(h.sim.messages(otherGeneral).length).toBeGreaterThan(otherMessages);
    expect(h.sim.messages(fansGeneral, { includeDeleted: true })).toHaveLength(fansMessages);
    expect(h.sim.requests.filter((r) => r.path.includes(fansGeneral) && r.status >= 400)).toEqual([]);

    // Nothing comes back after a restart either.
    await h.restart();
    expect(await h.bot.ctx.store.settings.get(fansId)).toEqual(DEFAULT_GUILD_SETTINGS);
    expect((await h.bot.ctx.store.sessions.list()).map((s) => s.guildId)).toEqual([otherId]);
    expect(h.bot.ctx.quiz.running(otherGeneral)).toBeDefined();
    await run(h, { channelId: otherGeneral, userId: 'dave', name: 'quiz stop' });
  });
});

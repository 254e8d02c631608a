/**
 * Moderator configuration over time, end to end with the real bot and the local simulator:
 * the leaderboard reset confirmation, settings surviving a restart, and the clean-up when the
 * bot is removed from a server.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { RESET_CONFIRM_MS } from '../../src/commands/config.js';
import { DEFAULT_GUILD_SETTINGS } from '../../src/store/settings.js';
import type { ScoreScope, ScorePeriod } from '../../src/store/types.js';
import { resetGuild, run, settingChanges } from './config-helpers.js';
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

  async function ask(period?: 'all-time' | 'month') {
    const answer = await run(h, { channelId: general, userId: 'mod', name: 'config reset-leaderboard', ...(period ? { options: { period } } : {}) });
    expect(answer.ephemeral).toBe(true);
    const [button] = h.sim.buttons(answer.message.id);
    if (!button?.customId) throw new Error(`no confirmation button:\n${answer.text}`);
    return { answer, customId: button.customId, label: button.label ?? '' };
  }

  it("given the asking moderator confirms, this server's board is empty while the other server's and the global board keep their points", async () => {
    const globalBefore = await board(h, 'global');
    expect(Object.keys(globalBefore).sort()).toEqual([ids.alice, ids.bob, ids.dave].sort());
    const { answer, label } = await ask();
    expect(answer.text).toContain('Confirm within 60 seconds');
    expect(answer.text).toContain('other servers and the global board are not touched');
    expect(label).toBe('Reset all-time leaderboard');
    expect(await board(h, { guildId: fansId })).toEqual({ [ids.alice]: 100, [ids.bob]: 50 });

    const since = h.logs.length;
    const done = await h.sim.click({ messageId: answer.message.id, userId: 'mod', label }).waitForReply();
    expect(h.sim.renderMessage(done)).toContain("Done: this server's all-time leaderboard has been reset");
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
    expect(answer.text).toContain("this month's scores");
    await h.sim.click({ messageId: answer.message.id, userId: 'mod', label }).waitForReply();
    expect(await board(h, { guildId: fansId }, 'month')).toEqual({});
    expect(await board(h, { guildId: fansId })).toEqual({ [ids.alice]: 100, [ids.bob]: 90 });
    expect(await board(h, { guildId: otherId }, 'month')).toEqual({ [ids.alice]: 30, [ids.dave]: 70 });
  });

  it('given another moderator presses the button, the reset is refused and nothing is wiped', async () => {
    const { answer, customId } = await ask();
    expect(() => h.sim.click({ messageId: answer.message.id, userId: 'olivia', customId })).toThrow(/ephemeral/);
    const refused = h.sim.click({ messageId: answer.message.id, userId: 'olivia', customId, force: true });
    const text = h.sim.renderMessage(await refused.waitForReply());
    expect(refused.ephemeral).toBe(true);
    expect(text).toContain('Only the moderator who asked for the reset can confirm it');
    expect(await board(h, { guildId: fansId })).toEqual({ [ids.alice]: 100, [ids.bob]: 50 });
    // The original confirmation still works for its owner.
    await h.sim.click({ messageId: answer.message.id, userId: 'mod', customId }).waitForReply();
    expect(await board(h, { guildId: fansId })).toEqual({});
  });

  it('given the confirmation is pressed after it expired, it is refused and nothing is wiped', async () => {
    const { answer, customId } = await ask();
    h.clock?.advance(RESET_CONFIRM_MS + 1_000);
    const late = h.sim.click({ messageId: answer.message.id, userId: 'mod', customId });
    expect(h.sim.renderMessage(await late.waitForReply())).toContain('That confirmation has expired');
    expect(late.ephemeral).toBe(true);
    expect(await board(h, { guildId: fansId })).toEqual({ [ids.alice]: 100, [ids.bob]: 50 });
  });

  it('given a forged or altered confirmation id, it is refused and nothing is wiped', async () => {
    const { answer, customId } = await ask();
    const parts = customId.split(':');
    parts[4] = String(Number(parts[4]) + 3_600_000); // a later expiry, keeping the old signature
    for (const forged of [parts.join(':'), customId.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), 'reset:1:2:a:3:xxxxxxxxxxxxxxxx']) {
      const refused = h.sim.click({ messageId: answer.message.id, userId: 'mod', customId: forged, force: true });
      expect(h.sim.renderMessage(await refused.waitForReply())).toContain('That confirmation button is not valid here');
    }
    expect(await board(h, { guildId: fansId })).toEqual({ [ids.alice]: 100, [ids.bob]: 50 });
  });

  it('given the asking moderator lost Manage Server before confirming, the reset is refused', async () => {
    const { answer, customId } = await ask();
    h.sim.setMemberRoles(FANS, 'mod', []);
    try {
      const refused = h.sim.click({ messageId: answer.message.id, userId: 'mod', customId });
      expect(h.sim.renderMessage(await refused.waitForReply())).toContain('You need the Manage Server permission');
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

    await h.restart();

    const shown = await run(h, { channelId: general, userId: 'mod', name: 'config show' });
    expect(shown.text).toContain(`Quiz channels: <#${quiz}>`);
    expect(shown.text).toContain('Spoiler cap: `film`');
    expect(shown.text).toContain(`Quiz role: <@&${roleId}>`);
    expect(shown.text).toContain('Quiz defaults: 4 rounds · 45 s · medium · spoilers `none`');

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

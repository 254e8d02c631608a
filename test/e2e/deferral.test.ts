/**
 * A slow store (a remote PostgreSQL or Redis, a busy SQLite lock) must not cost a member their
 * answer: when a handler has not answered in time, the bot defers for it, with the visibility the
 * answer will have, and fills the placeholder in when the handler is done. A private answer after a
 * public placeholder goes out privately, and the placeholder is removed. (The store is slowed by
 * wrapping the running bot's repositories; the deferral is set to 150 ms instead of 2 s so that
 * the test waits a fraction of a second rather than Discord's full window.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';
import { overPause, questionOnScreen, startQuiz, startQuizHarness } from './quiz-helpers.js';

const DEFER_AFTER_MS = 150;
const SLOW_MS = 400;

let h: Harness | undefined;
afterEach(async () => {
  h?.sim.assertNoViolations();
  await h?.close();
  h = undefined;
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Makes one method of a running repository take `ms` longer (and optionally fail). */
function slow<T extends object>(repo: T, method: keyof T & string, ms: number, fail?: Error): void {
  const original = (repo[method] as (...args: unknown[]) => Promise<unknown>).bind(repo);
  (repo as Record<string, unknown>)[method] = async (...args: unknown[]) => {
    await sleep(ms);
    if (fail) throw fail;
    return original(...args);
  };
}

const titleOf = (data: Record<string, unknown>): string | undefined =>
  (Array.isArray(data['embeds']) ? (data['embeds'][0] as { title?: string } | undefined)?.title : undefined) ?? undefined;

describe('slow answers are deferred, never lost', () => {
  it('given a leaderboard read slower than the deferral, the channel sees the bot thinking, then the leaderboard in the same message', async () => {
    h = await startHarness({ deferAfterMs: DEFER_AFTER_MS });
    slow(h.bot.ctx.store.scores, 'leaderboard', SLOW_MS);
    const ix = h.sim.command({ channelId: h.channel('Big City Fans', 'general'), userId: 'alice', name: 'quiz leaderboard' });
    const reply = await ix.waitForReply({ timeoutMs: 5_000 });
    expect(ix.failed).toBe(false);
    expect(ix.callbacks.map((c) => c.type)).toEqual([5]);
    expect(ix.ephemeral).toBe(false);
    expect(titleOf(reply.data)).toMatch(/^Server leaderboard/);
    expect(ix.replies()).toHaveLength(1);
  });

  it('given a quick leaderboard, the answer is sent at once with no placeholder', async () => {
    h = await startHarness({ deferAfterMs: DEFER_AFTER_MS });
    const ix = h.sim.command({ channelId: h.channel('Big City Fans', 'general'), userId: 'alice', name: 'quiz leaderboard' });
    await ix.waitForReply();
    expect(ix.callbacks.map((c) => c.type)).toEqual([4]);
  });

  it('given a slow read that then fails, the member alone is told, and the public placeholder goes away', async () => {
    h = await startHarness({ deferAfterMs: DEFER_AFTER_MS });
    slow(h.bot.ctx.store.scores, 'stats', SLOW_MS, new Error('connection reset by the database server'));
    const ix = h.sim.command({ channelId: h.channel('Big City Fans', 'general'), userId: 'alice', name: 'quiz stats' });
    const note = await ix.waitForFollowUp(0, { timeoutMs: 5_000 });
    expect(note.ephemeral).toBe(true);
    expect(String(note.data['content'])).toMatch(/^Something went wrong on our side/);
    await h.sim.waitFor(() => (ix.original() === undefined ? true : undefined), 'the placeholder to be deleted', { timeoutMs: 5_000 });
    expect(ix.replies().map((m) => m.ephemeral)).toEqual([true]);
  });

  it('given a slow settings read behind /config show, the placeholder is private like the answer', async () => {
    h = await startHarness({ deferAfterMs: DEFER_AFTER_MS });
    slow(h.bot.ctx.store.settings, 'get', SLOW_MS);
    const ix = h.sim.command({ channelId: h.channel('Big City Fans', 'general'), userId: 'mod', name: 'config show' });
    const reply = await ix.waitForReply({ timeoutMs: 5_000 });
    expect(ix.callbacks.map((c) => c.type)).toEqual([5]);
    expect(ix.ephemeral).toBe(true);
    expect(JSON.stringify(reply.data)).toContain('Quiz');
  });

  it('given an answer whose save takes longer than 2 s, the click is deferred privately and then told it is locked in, and a second click is told it has answered already', async () => {
    h = await startQuizHarness();
    const general = h.channel('Big City Fans', 'general');
    await startQuiz(h, general, 'alice', { rounds: 1 });
    await overPause(h);
    const q = await questionOnScreen(h, general, 1, 1);
    // The answer's group commit waits past the bot's 2 s for answers, within Discord's 3 s.
    slow(h.bot.ctx.store.sessions, 'appendAnswers', 2_400);
    const ix = h.sim.click({ messageId: q.message.id, userId: 'bob', label: q.correctLabel });
    await h.sim.waitFor(() => (ix.callbacks.length > 0 ? true : undefined), 'the deferral', { timeoutMs: 5_000 });
    expect(ix.callbacks.map((c) => c.type)).toEqual([5]);
    expect(ix.ephemeral).toBe(true);
    const edited = await h.sim.waitFor(() => {
      const reply = ix.replies()[0];
      return reply !== undefined && String(reply.data['content'] ?? '').length > 0 ? reply : undefined;
    }, 'the locked-in edit', { timeoutMs: 5_000 });
    expect(ix.failed).toBe(false);
    expect(edited.ephemeral).toBe(true);
    expect(String(edited.data['content'])).toContain('locked in');
    // Saved: a second click is told so from memory, at once.
    const again = h.sim.click({ messageId: q.message.id, userId: 'bob', label: q.correctLabel });
    expect(String((await again.waitForReply()).data['content'])).toMatch(/already/i);
  });
});

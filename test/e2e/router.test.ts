/**
 * The single error wrapper and graceful shutdown, through the simulator and the real bot.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  h?.sim.assertNoViolations();
  await h?.close();
  h = undefined;
});

const content = (data: Record<string, unknown>): string => String(data['content'] ?? '');

describe('the error wrapper', () => {
  it('given a handler failing unexpectedly (the database is gone), the member gets a generic private reply and the log names command, user and guild', async () => {
    h = await startHarness();
    const general = h.channel('Big City Fans', 'general');
    await h.bot.ctx.store.close();
    const ix = h.sim.command({ channelId: general, userId: 'alice', name: 'quiz stats' });
    const reply = await ix.waitForReply();
    expect(ix.ephemeral).toBe(true);
    expect(content(reply.data)).toBe('Something went wrong on our side while handling that. It has been logged; please try again.');
    const line = h.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['msg'] === 'interaction handler failed');
    expect(line).toMatchObject({ command: 'quiz', userId: h.sim.userId('alice'), guildId: h.sim.guild('Big City Fans').id });
    expect(line?.['err']).toBeDefined();
    // The process carries on: a look-up that needs no database still works.
    const film = await h.sim.command({ channelId: general, userId: 'bob', name: 'film' }).waitForReply();
    expect(h.sim.renderMessage(film)).toContain('118 minutes');
  });
});

describe('graceful shutdown', () => {
  it('given a stop while a reply is in flight, the reply still lands, and a command arriving meanwhile is told the bot is restarting', async () => {
    h = await startHarness();
    const general = h.channel('Big City Fans', 'general');
    // Hold the first reply back with a rate limit so the stop has something to wait for.
    h.sim.rateLimitNext(1, 0.8, { method: 'POST', path: /\/callback$/ });
    const first = h.sim.command({ channelId: general, userId: 'alice', name: 'novel' });
    await h.sim.waitFor(() => (h?.sim.requests.some((r) => r.path.endsWith('/callback')) ? true : undefined), 'the first callback attempt');
    const stopping = h.bot.stop();
    const second = h.sim.command({ channelId: general, userId: 'bob', name: 'film' });
    const notice = await second.waitForReply();
    expect(second.ephemeral).toBe(true);
    expect(content(notice.data)).toBe('The bot is restarting. Please try again in a few seconds.');
    const landed = await first.waitForReply();
    expect(h.sim.renderMessage(landed)).toContain('Changbi (창비)');
    await stopping;
  });
});

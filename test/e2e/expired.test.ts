/**
 * Interactions Discord has already expired (10062) are let go quietly: one debug line with the
 * interaction's age, no error, no second reply. A quiz answer whose reply came too late still
 * counts (it was saved before the reply was tried).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NO_SPOILERS } from '../../src/data/spoilers.js';
import type { Harness } from './harness.js';
import { INTRO_MS, overPause, questionOnScreen, startQuizHarness, time, toReveal } from './quiz-helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  h?.sim.assertNoViolations();
  await h?.close();
  h = undefined;
});

interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [key: string]: unknown;
}
const lines = (harness: Harness): LogLine[] => harness.logs.map((l) => JSON.parse(l) as LogLine);
const callbacksOf = (harness: Harness, interactionId: string) =>
  harness.sim.requests.filter((r) => r.method.toLowerCase() === 'post' && r.path.includes(`/interactions/${interactionId}/`));

async function expiredLine(harness: Harness, interactionId: string): Promise<LogLine> {
  for (let waited = 0; !lines(harness).some((l) => l.interactionId === interactionId && l.msg === 'interaction expired before its reply'); waited += 10) {
    if (waited > 5_000) throw new Error(`no "interaction expired" line for ${interactionId}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const found = lines(harness).filter((l) => l.interactionId === interactionId);
  expect(found).toHaveLength(1);
  return found[0] as LogLine;
}

describe('interactions that expired before the bot answered', () => {
  it('given a command whose reply reaches Discord after its deadline, it is logged once at debug with its age and not answered again', async () => {
    h = await startQuizHarness({ interactionDeadlineMs: 1, logLevel: 'debug' });
    const general = h.channel('Big City Fans', 'general');
    const ix = h.sim.command({ channelId: general, userId: 'alice', name: 'film' });
    await expect(ix.response).rejects.toThrow();
    const line = await expiredLine(h, ix.id);
    expect(line).toMatchObject({ level: 20, code: 10062 });
    expect(typeof line['ageMs']).toBe('number');
    expect(callbacksOf(h, ix.id)).toHaveLength(1);
    expect(lines(h).filter((l) => l.level >= 40)).toEqual([]);
  });

  it('given a quiz click whose "locked in" comes too late, the answer still counts and nothing is retried or logged as an error', async () => {
    h = await startQuizHarness({ interactionDeadlineMs: 1, logLevel: 'debug' });
    const general = h.channel('Big City Fans', 'general');
    const started = await h.bot.ctx.quiz.start({
      guildId: h.sim.guild('Big City Fans').id,
      channelId: general,
      hostId: h.sim.userId('alice'),
      options: { rounds: 1, seconds: 20, scope: 'all', difficulty: 'mixed', spoilers: NO_SPOILERS, lang: 'en' },
    });
    expect(started.ok).toBe(true);
    await overPause(h, INTRO_MS);
    const q = await questionOnScreen(h, general, 1, 1);
    const ix = h.sim.click({ messageId: q.message.id, userId: 'bob', label: q.correctLabel });
    await expect(ix.response).rejects.toThrow();
    expect(await expiredLine(h, ix.id)).toMatchObject({ level: 20, code: 10062 });
    expect(callbacksOf(h, ix.id)).toHaveLength(1);
    const { clock } = time(h);
    await time(h).scheduler.advance(q.closesAt - clock.now());
    const reveal = await toReveal(h, general, q);
    expect(h.sim.renderMessage(reveal)).toContain('1 of 1 got it right');
    expect(lines(h).filter((l) => l.level >= 40)).toEqual([]);
  });
});

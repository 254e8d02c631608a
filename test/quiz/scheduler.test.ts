import { describe, expect, it } from 'vitest';
import { manualClock } from '../../src/quiz/rng.js';
import { createFakeScheduler } from '../../src/quiz/scheduler.js';

describe('fake scheduler', () => {
  it('given timers, advancing runs the due ones in due order with the clock at each due time', async () => {
    const clock = manualClock(1_000);
    const s = createFakeScheduler(clock);
    const ran: [string, number][] = [];
    s.setTimeout(() => void ran.push(['b', clock.now()]), 200);
    s.setTimeout(() => void ran.push(['a', clock.now()]), 100);
    s.setTimeout(() => void ran.push(['c', clock.now()]), 200);
    s.setTimeout(() => void ran.push(['late', clock.now()]), 500);
    await s.advance(300);
    expect(ran).toEqual([
      ['a', 1_100],
      ['b', 1_200],
      ['c', 1_200],
    ]);
    expect(clock.now()).toBe(1_300);
    expect(s.pending()).toBe(1);
    expect(s.nextDueIn()).toBe(200);
  });

  it('given an async callback that sets another timer, that timer runs within the same advance when due', async () => {
    const clock = manualClock(0);
    const s = createFakeScheduler(clock);
    const ran: number[] = [];
    s.setTimeout(async () => {
      await Promise.resolve();
      ran.push(clock.now());
      s.setTimeout(() => void ran.push(clock.now()), 50);
    }, 100);
    await s.advance(149);
    expect(ran).toEqual([100]);
    await s.advance(1);
    expect(ran).toEqual([100, 150]);
  });

  it('given a cleared timer, it never runs', async () => {
    const clock = manualClock(0);
    const s = createFakeScheduler(clock);
    let ran = false;
    const h = s.setTimeout(() => {
      ran = true;
    }, 10);
    s.clearTimeout(h);
    await s.runAll();
    expect(ran).toBe(false);
    expect(s.pending()).toBe(0);
  });

  it('given a timer that keeps rescheduling itself, runAll stops with an error instead of looping forever', async () => {
    const clock = manualClock(0);
    const s = createFakeScheduler(clock);
    const again = (): void => void s.setTimeout(again, 1);
    again();
    await expect(s.runAll(50)).rejects.toThrow(/more than 50 timers/);
  });

  it('given a timer whose callback pauses in sleep, other timers run meanwhile and the callback goes on when its pause ends', async () => {
    const clock = manualClock(0);
    const s = createFakeScheduler(clock);
    const ran: [string, number][] = [];
    s.setTimeout(async () => {
      ran.push(['retrying', clock.now()]);
      await s.sleep(500);
      ran.push(['retried', clock.now()]);
    }, 100);
    s.setTimeout(() => void ran.push(['other', clock.now()]), 300);
    // The pause ends after this window: advance returns, leaving the callback paused.
    await s.advance(400);
    expect(ran).toEqual([
      ['retrying', 100],
      ['other', 300],
    ]);
    await s.advance(200);
    expect(ran.at(-1)).toEqual(['retried', 600]);
    expect(s.pending()).toBe(0);
  });

  it('given a callback that waits for I/O (not a pause), advance waits for it as before', async () => {
    const clock = manualClock(0);
    const s = createFakeScheduler(clock);
    let done = false;
    s.setTimeout(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      done = true;
    }, 10);
    await s.advance(10);
    expect(done).toBe(true);
  });
});

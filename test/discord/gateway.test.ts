import { describe, expect, it } from 'vitest';
import { createPacer, type Pacer } from '../../src/discord/gateway.js';

/** A pacer on a fake clock: each delivery takes `costMs` of it, and deferred turns run only when `turn()` is called. */
function fakePacer(options: { sliceMs: number; costMs: (item: string) => number; fail?: (item: string) => boolean }) {
  let now = 0;
  const deferred: (() => void)[] = [];
  const delivered: string[] = [];
  const errors: [string, string][] = [];
  const pacer: Pacer<string> = createPacer<string>({
    sliceMs: options.sliceMs,
    now: () => now,
    defer: (fn) => deferred.push(fn),
    deliver: (item) => {
      now += options.costMs(item);
      if (options.fail?.(item)) throw new Error(`cannot deliver ${item}`);
      delivered.push(item);
    },
    onError: (err, item) => errors.push([item, err instanceof Error ? err.message : String(err)]),
  });
  /** Runs one turn of the event loop: what was deferred before it; returns what it delivered. */
  const turn = (): string[] => {
    const before = delivered.length;
    const due = deferred.splice(0);
    for (const fn of due) fn();
    return delivered.slice(before);
  };
  return { pacer, delivered, errors, turn, deferred };
}

const items = (n: number): string[] => Array.from({ length: n }, (_, i) => `e${i}`);

describe('the gateway pacer', () => {
  it('given events pushed in one read, none is handed on during the read itself, and the next turn hands them on in order', () => {
    const f = fakePacer({ sliceMs: 8, costMs: () => 0.1 });
    for (const e of items(5)) f.pacer.push(e);
    expect(f.delivered).toEqual([]);
    expect(f.pacer.pending).toBe(5);
    // One turn is asked for, however many events came.
    expect(f.deferred).toHaveLength(1);
    expect(f.turn()).toEqual(items(5));
    expect(f.pacer.pending).toBe(0);
    expect(f.deferred).toHaveLength(0);
  });

  it('given a burst costing more than one slice, each turn hands on only a slice of it and the rest follows on later turns, in order', () => {
    const f = fakePacer({ sliceMs: 8, costMs: () => 3 });
    for (const e of items(10)) f.pacer.push(e);
    // 3 ms each: the third reaches 9 ms, past the 8 ms slice, and the turn ends there.
    expect(f.turn()).toEqual(['e0', 'e1', 'e2']);
    expect(f.pacer.pending).toBe(7);
    expect(f.turn()).toEqual(['e3', 'e4', 'e5']);
    expect(f.turn()).toEqual(['e6', 'e7', 'e8']);
    expect(f.turn()).toEqual(['e9']);
    expect(f.delivered).toEqual(items(10));
    expect(f.turn()).toEqual([]);
  });

  it('given events arriving while a burst is being handed on, they queue behind it', () => {
    const f = fakePacer({ sliceMs: 8, costMs: () => 5 });
    f.pacer.push('a');
    f.pacer.push('b');
    expect(f.turn()).toEqual(['a', 'b']);
    f.pacer.push('c');
    f.pacer.push('d');
    f.pacer.push('e');
    f.pacer.push('f');
    expect(f.turn()).toEqual(['c', 'd']);
    f.pacer.push('g');
    expect(f.turn()).toEqual(['e', 'f']);
    expect(f.turn()).toEqual(['g']);
  });

  it('given one event costing more than a whole slice, it is still handed on, one per turn', () => {
    const f = fakePacer({ sliceMs: 8, costMs: () => 50 });
    for (const e of items(3)) f.pacer.push(e);
    expect(f.turn()).toEqual(['e0']);
    expect(f.turn()).toEqual(['e1']);
    expect(f.turn()).toEqual(['e2']);
  });

  it('given a delivery that throws, the error is reported with its event and the events after it still go out, in order', () => {
    const f = fakePacer({ sliceMs: 8, costMs: () => 1, fail: (item) => item === 'e1' });
    for (const e of items(4)) f.pacer.push(e);
    expect(f.turn()).toEqual(['e0', 'e2', 'e3']);
    expect(f.errors).toEqual([['e1', 'cannot deliver e1']]);
  });

  it('given an error handler that itself throws, the events after it are not stranded', () => {
    let now = 0;
    const deferred: (() => void)[] = [];
    const delivered: string[] = [];
    const pacer = createPacer<string>({
      sliceMs: 8,
      now: () => now,
      defer: (fn) => deferred.push(fn),
      deliver: (item) => {
        now += 1;
        if (item === 'bad') throw new Error('bad event');
        delivered.push(item);
      },
      onError: () => {
        throw new Error('the error handler failed too');
      },
    });
    for (const e of ['a', 'bad', 'b', 'c']) pacer.push(e);
    expect(() => deferred.shift()?.()).toThrow('the error handler failed too');
    expect(delivered).toEqual(['a']);
    // The rest are still queued, and a turn has been asked for them.
    expect(pacer.pending).toBe(2);
    expect(deferred).toHaveLength(1);
    deferred.shift()?.();
    expect(delivered).toEqual(['a', 'b', 'c']);
  });

  it('given flush() (the client is being destroyed), everything already read is handed on at once, in order, and a later event is paced again', () => {
    const f = fakePacer({ sliceMs: 8, costMs: () => 5 });
    for (const e of items(6)) f.pacer.push(e);
    expect(f.turn()).toEqual(['e0', 'e1']);
    f.pacer.flush();
    expect(f.delivered).toEqual(items(6));
    expect(f.pacer.pending).toBe(0);
    // The turn asked for before the flush finds nothing left.
    expect(f.turn()).toEqual([]);
    f.pacer.push('later');
    expect(f.delivered).toHaveLength(6);
    expect(f.turn()).toEqual(['later']);
  });
});

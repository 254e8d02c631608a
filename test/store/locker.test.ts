import { describe, expect, it } from 'vitest';
import { KeyedMutex } from '../../src/store/index.js';

import { gate } from './helpers.js';

describe('KeyedMutex', () => {
  it('given callers queued on one name, they run one at a time in arrival order', async () => {
    const mutex = new KeyedMutex();
    const order: string[] = [];
    let inside = 0;
    let maxInside = 0;
    const held = gate();
    const first = mutex.withLock('a', async () => {
      inside += 1;
      maxInside = Math.max(maxInside, inside);
      order.push('first');
      await held.wait;
      inside -= 1;
    });
    const rest = ['second', 'third', 'fourth'].map((label) =>
      mutex.withLock('a', async () => {
        inside += 1;
        maxInside = Math.max(maxInside, inside);
        order.push(label);
        await Promise.resolve();
        inside -= 1;
      }),
    );
    await Promise.resolve();
    expect(order).toEqual(['first']);
    held.open();
    await Promise.all([first, ...rest]);
    expect(order).toEqual(['first', 'second', 'third', 'fourth']);
    expect(maxInside).toBe(1);
    expect(mutex.activeNames).toBe(0);
  });

  it('given a held name, another name is not blocked', async () => {
    const mutex = new KeyedMutex();
    const held = gate();
    const blocked = mutex.withLock('a', () => held.wait);
    expect(await mutex.withLock('b', async () => 'b ran')).toBe('b ran');
    held.open();
    await blocked;
  });

  it('given a critical section that throws, the error reaches the caller and the lock is released', async () => {
    const mutex = new KeyedMutex();
    await expect(mutex.withLock('a', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await mutex.withLock('a', async () => 42)).toBe(42);
    expect(mutex.activeNames).toBe(0);
  });

  it('given 1,000 concurrent read-modify-writes under the lock, none is lost', async () => {
    const mutex = new KeyedMutex();
    let value = 0;
    await Promise.all(
      Array.from({ length: 1000 }, () =>
        mutex.withLock('counter', async () => {
          const read = value;
          await new Promise((resolve) => setImmediate(resolve));
          value = read + 1;
        }),
      ),
    );
    expect(value).toBe(1000);
  });
});

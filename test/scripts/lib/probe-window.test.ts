import { describe, expect, it } from 'vitest';
import { cpuMs, parseProbeWindow } from '../../../scripts/lib/probe-window.js';

const WINDOW = { elapsedMs: 1500, maxBlockMs: 12, cpuUserMs: 300, cpuSystemMs: 50, loopUtilization: 0.4, wcharBytes: 2048, rssBytes: 1e8, heapUsedBytes: 5e7 };

describe('parseProbeWindow', () => {
  it('given a report from the probe, it comes back as it is, with CPU as user plus system', () => {
    const window = parseProbeWindow(WINDOW);
    expect(window).toEqual(WINDOW);
    expect(cpuMs(window)).toBe(350);
  });

  it('given no /proc/self/io, the bytes written are null and the report still reads', () => {
    expect(parseProbeWindow({ ...WINDOW, wcharBytes: null }).wcharBytes).toBeNull();
  });

  it('given a missing or non-numeric field, it throws naming the field', () => {
    const { cpuUserMs: _omit, ...missing } = WINDOW;
    expect(() => parseProbeWindow(missing)).toThrow(/cpuUserMs/);
    expect(() => parseProbeWindow({ ...WINDOW, maxBlockMs: '12' })).toThrow(/maxBlockMs/);
    expect(() => parseProbeWindow({ ...WINDOW, wcharBytes: Number.NaN })).toThrow(/wcharBytes/);
    expect(() => parseProbeWindow(null)).toThrow(TypeError);
  });
});

import { describe, expect, it } from 'vitest';
import { cpuMs, otherThreadsCpuMs, parseProbeWindow } from '../../../scripts/lib/probe-window.js';

const WINDOW = { elapsedMs: 1500, maxBlockMs: 12, cpuUserMs: 300, cpuSystemMs: 50, loopUtilization: 0.4, wcharBytes: 2048, maxHeldMs: 9.5, waitingForCoreMs: 40, mainThreadCpuMs: 280, maxGcPauseMs: 6, gcMs: 30, rssBytes: 1e8, heapUsedBytes: 5e7 };

describe('parseProbeWindow', () => {
  it('given a report from the probe, it comes back as it is, with CPU as user plus system', () => {
    const window = parseProbeWindow(WINDOW);
    expect(window).toEqual(WINDOW);
    expect(cpuMs(window)).toBe(350);
    expect(otherThreadsCpuMs(window)).toBe(70);
  });

  it('given no /proc (another OS), the bytes written and the scheduler figures are null and the report still reads', () => {
    const window = parseProbeWindow({ ...WINDOW, wcharBytes: null, maxHeldMs: null, waitingForCoreMs: null, mainThreadCpuMs: null });
    expect(window.wcharBytes).toBeNull();
    expect(otherThreadsCpuMs(window)).toBeNull();
    expect(window.maxHeldMs).toBeNull();
    expect(window.waitingForCoreMs).toBeNull();
  });

  it('given a missing or non-numeric field, it throws naming the field', () => {
    const { cpuUserMs: _omit, ...missing } = WINDOW;
    expect(() => parseProbeWindow(missing)).toThrow(/cpuUserMs/);
    expect(() => parseProbeWindow({ ...WINDOW, maxBlockMs: '12' })).toThrow(/maxBlockMs/);
    expect(() => parseProbeWindow({ ...WINDOW, wcharBytes: Number.NaN })).toThrow(/wcharBytes/);
    const { maxHeldMs: _held, ...noHeld } = WINDOW;
    expect(() => parseProbeWindow(noHeld)).toThrow(/maxHeldMs/);
    expect(() => parseProbeWindow({ ...WINDOW, gcMs: undefined })).toThrow(/gcMs/);
    expect(() => parseProbeWindow({ ...WINDOW, mainThreadCpuMs: 'x' })).toThrow(/mainThreadCpuMs/);
    expect(() => parseProbeWindow(null)).toThrow(TypeError);
  });
});

import {
  LATENCY_BIN_COUNT,
  LatencyHistogram,
  latencyBin,
  latencyBinUpperBound,
} from './latency.histogram.js';
import { RollingLatencyWindow } from './rolling-latency.window.js';

describe('latency bins', () => {
  it('are exact below 16 ms and never more than 12.5 % wide above', () => {
    for (let ms = 0; ms < 16; ms++)
      expect(latencyBinUpperBound(latencyBin(ms))).toBe(ms);
    for (const ms of [16, 17, 100, 1_000, 12_345, 999_999, 2 ** 30]) {
      const upper = latencyBinUpperBound(latencyBin(ms));
      expect(upper).toBeGreaterThanOrEqual(ms);
      expect(upper).toBeLessThanOrEqual(ms * 1.125);
    }
  });

  it('are monotonic and clamp what they cannot tell apart', () => {
    let previous = 0;
    for (let ms = 0; ms < 100_000; ms += 7) {
      const bin = latencyBin(ms);
      expect(bin).toBeGreaterThanOrEqual(previous);
      previous = bin;
    }
    expect(latencyBin(-5)).toBe(0);
    expect(latencyBin(Number.NaN)).toBe(0);
    expect(latencyBin(Number.MAX_VALUE)).toBe(LATENCY_BIN_COUNT - 1);
  });
});

describe('LatencyHistogram', () => {
  it('answers nearest-rank percentiles, capped by the exact maximum', () => {
    const histogram = new LatencyHistogram();
    for (const ms of [1, 2, 3, 4, 1_000]) histogram.record(ms);

    expect(histogram.percentile(0.5)).toBe(3);
    expect(histogram.percentile(0.8)).toBe(4);
    expect(histogram.percentile(1)).toBe(1_000);
    expect(histogram.sumMs / histogram.count).toBe(202);
  });

  it('answers 0 when empty', () => {
    expect(new LatencyHistogram().percentile(0.99)).toBe(0);
  });
});

describe('RollingLatencyWindow', () => {
  it('keeps the last bucketCount slices', () => {
    const window = new RollingLatencyWindow(3);
    window.record(10, true);
    window.rotate();
    window.record(20, false);
    window.rotate();

    expect(window.snapshot()).toMatchObject({ count: 2, max: 20 });
    expect(window.slowCalls).toBe(1);

    window.rotate();

    expect(window.snapshot()).toMatchObject({ count: 1, max: 20, p50: 20 });
    expect(window.slowCalls).toBe(0);
  });
});

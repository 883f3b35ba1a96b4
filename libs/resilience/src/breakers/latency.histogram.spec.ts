import {
  LATENCY_BIN_COUNT,
  LatencyHistogram,
  latencyBin,
  latencyBinUpperBound,
} from './latency.histogram.js';
import {
  LATENCY_SAMPLE_CAPACITY,
  RollingLatencyWindow,
} from './rolling-latency.window.js';

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

describe('RollingLatencyWindow percentiles', () => {
  it('reports known percentiles while the ring grows', () => {
    const window = new RollingLatencyWindow(10);
    for (let latency = 1; latency <= 15; latency++)
      window.record(latency, false);

    // Below 16 ms every latency has a bin of its own, so percentiles are exact.
    expect(window.snapshot()).toEqual({
      count: 15,
      mean: 8,
      p50: 8,
      p90: 14,
      p95: 15,
      p99: 15,
      max: 15,
    });
  });

  it('keeps exact counts beyond the sample capacity, percentiles from the latest calls', () => {
    const window = new RollingLatencyWindow(10);
    for (let i = 0; i < LATENCY_SAMPLE_CAPACITY; i++)
      window.record(1_000, true);
    for (let i = 0; i < LATENCY_SAMPLE_CAPACITY; i++) window.record(2, false);

    expect(window.snapshot()).toMatchObject({
      count: 2 * LATENCY_SAMPLE_CAPACITY,
      mean: 501,
      p99: 2,
      max: 1_000,
    });
    expect(window.slowCalls).toBe(LATENCY_SAMPLE_CAPACITY);
  });

  it('drops the samples of a slice once it leaves the window', () => {
    const window = new RollingLatencyWindow(2);
    window.record(9, false);
    window.rotate();
    window.record(3, false);
    window.rotate();

    expect(window.snapshot()).toMatchObject({
      count: 1,
      p50: 3,
      p99: 3,
      max: 3,
    });

    window.rotate();

    expect(window.snapshot()).toEqual({
      count: 0,
      mean: 0,
      p50: 0,
      p90: 0,
      p95: 0,
      p99: 0,
      max: 0,
    });
  });
});

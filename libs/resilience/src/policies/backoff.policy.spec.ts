import {
  backoffDelayMs,
  baseBackoffDelayMs,
  maxBackoffDelayMs,
  type BackoffSettings,
  type RandomSource,
} from './backoff.policy.js';

/** Mulberry32: a small seeded generator, so jitter samples are the same on every run. */
function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const settings = (overrides: Partial<BackoffSettings>): BackoffSettings => ({
  backoff: 'exponential',
  baseDelayMs: 100,
  maxDelayMs: 10_000,
  jitter: 'none',
  ...overrides,
});

const sequence = (s: BackoffSettings, retries: number): number[] =>
  Array.from({ length: retries }, (_, i) => backoffDelayMs(s, i + 1));

describe('backoffDelayMs without jitter', () => {
  it('doubles from the base for exponential backoff', () => {
    expect(sequence(settings({ backoff: 'exponential' }), 6)).toEqual([
      100, 200, 400, 800, 1600, 3200,
    ]);
  });

  it('grows by the base for linear backoff', () => {
    expect(sequence(settings({ backoff: 'linear' }), 5)).toEqual([
      100, 200, 300, 400, 500,
    ]);
  });

  it('repeats the base for fixed backoff', () => {
    expect(sequence(settings({ backoff: 'fixed' }), 4)).toEqual([
      100, 100, 100, 100,
    ]);
  });

  it('caps every kind at maxDelayMs', () => {
    expect(
      sequence(settings({ backoff: 'exponential', maxDelayMs: 500 }), 6),
    ).toEqual([100, 200, 400, 500, 500, 500]);
    expect(
      sequence(settings({ backoff: 'linear', maxDelayMs: 250 }), 4),
    ).toEqual([100, 200, 250, 250]);
    expect(sequence(settings({ backoff: 'fixed', maxDelayMs: 50 }), 2)).toEqual(
      [50, 50],
    );
  });

  it('stays a number for a zero base however many retries', () => {
    expect(baseBackoffDelayMs(settings({ baseDelayMs: 0 }), 2000)).toBe(0);
    expect(baseBackoffDelayMs(settings({ baseDelayMs: 1 }), 2000)).toBe(10_000);
  });
});

describe('backoffDelayMs with jitter', () => {
  const samples = 10_000;

  it('spreads full jitter over [0, d]', () => {
    const random = seededRandom(1);
    const s = settings({ jitter: 'full' });
    const delays = Array.from({ length: samples }, () =>
      backoffDelayMs(s, 3, undefined, random),
    );
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThanOrEqual(400);
    expect(Math.min(...delays)).toBeLessThan(10);
    expect(Math.max(...delays)).toBeGreaterThan(390);
    const mean = delays.reduce((a, b) => a + b, 0) / samples;
    expect(mean).toBeGreaterThan(190);
    expect(mean).toBeLessThan(210);
  });

  it('keeps equal jitter within [d/2, d]', () => {
    const random = seededRandom(2);
    const s = settings({ jitter: 'equal' });
    const delays = Array.from({ length: samples }, () =>
      backoffDelayMs(s, 3, undefined, random),
    );
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(200);
    expect(Math.max(...delays)).toBeLessThanOrEqual(400);
    expect(Math.min(...delays)).toBeLessThan(205);
    expect(Math.max(...delays)).toBeGreaterThan(395);
  });

  it('applies jitter after the cap', () => {
    const s = settings({ jitter: 'full', maxDelayMs: 300 });
    expect(backoffDelayMs(s, 10, undefined, () => 0.5)).toBe(150);
    expect(
      backoffDelayMs({ ...s, jitter: 'equal' }, 10, undefined, () => 0.5),
    ).toBe(225);
  });

  it('draws decorrelated jitter from [base, previous * 3], capped', () => {
    const random = seededRandom(3);
    const s = settings({ jitter: 'decorrelated', maxDelayMs: 2000 });
    let previous = s.baseDelayMs;
    let reachedCap = false;
    for (let retry = 1; retry <= samples; retry++) {
      const delay = backoffDelayMs(s, retry, previous, random);
      expect(delay).toBeGreaterThanOrEqual(100);
      expect(delay).toBeLessThanOrEqual(Math.min(2000, previous * 3));
      reachedCap ||= delay === 2000;
      previous = delay;
    }
    expect(reachedCap).toBe(true);
  });

  it('starts decorrelated jitter from the base and reaches its bounds', () => {
    const s = settings({ jitter: 'decorrelated' });
    expect(backoffDelayMs(s, 1, undefined, () => 0)).toBe(100);
    expect(backoffDelayMs(s, 1, undefined, () => 0.5)).toBe(200);
    expect(backoffDelayMs(s, 2, 1000, () => 0.5)).toBe(1550);
    expect(backoffDelayMs(s, 3, 9000, () => 0.99)).toBe(10_000);
  });

  it('uses Math.random when no source is given', () => {
    const spy = vi.spyOn(Math, 'random').mockReturnValue(0.25);
    try {
      expect(backoffDelayMs(settings({ jitter: 'full' }), 1)).toBe(25);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('maxBackoffDelayMs', () => {
  it('is the capped base delay for every jitter but decorrelated', () => {
    for (const jitter of ['none', 'full', 'equal'] as const) {
      expect(maxBackoffDelayMs(settings({ jitter, maxDelayMs: 500 }), 3)).toBe(
        400,
      );
      expect(maxBackoffDelayMs(settings({ jitter, maxDelayMs: 500 }), 4)).toBe(
        500,
      );
    }
  });

  it('triples per retry for decorrelated jitter, up to the cap', () => {
    const s = settings({ jitter: 'decorrelated', maxDelayMs: 5000 });
    expect([1, 2, 3, 4].map((retry) => maxBackoffDelayMs(s, retry))).toEqual([
      300, 900, 2700, 5000,
    ]);
  });
});

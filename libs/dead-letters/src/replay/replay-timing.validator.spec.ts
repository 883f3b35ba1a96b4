import { resolveDeadLetterOptions } from '../dead-letter.constants.js';
import { isInvalidDeadLetterOptionsError } from '../errors/invalid-dead-letter-options.error.js';
import { replayTimingProblems } from './replay-timing.validator.js';

const timings = (
  bulkReplay: Partial<{
    heartbeatIntervalMs: number;
    leaseMs: number;
    takeoverIntervalMs: number;
  }>,
  replayConfirmTimeoutMs = 600_000,
) => ({
  bulkReplay: {
    ...resolveDeadLetterOptions().bulkReplay,
    ...bulkReplay,
  },
  replayConfirmTimeoutMs,
});

describe('replayTimingProblems', () => {
  it('accepts the defaults, and 0 for the takeover interval and the confirmation timeout', () => {
    expect(replayTimingProblems(timings({}))).toEqual([]);
    expect(replayTimingProblems(timings({ takeoverIntervalMs: 0 }, 0))).toEqual(
      [],
    );
  });

  it('names every unusable timing and what is allowed', () => {
    const problems = replayTimingProblems(
      timings(
        { heartbeatIntervalMs: 50, leaseMs: 60, takeoverIntervalMs: -1 },
        1.5,
      ),
    );
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(
      /^bulkReplay\.heartbeatIntervalMs: .*at least 100/,
    );
    expect(problems[1]).toMatch(
      /^bulkReplay\.leaseMs: .*twice heartbeatIntervalMs/,
    );
    expect(problems[2]).toMatch(/^bulkReplay\.takeoverIntervalMs: /);
    expect(problems[3]).toMatch(/^replayConfirmTimeoutMs: /);
  });

  it('refuses a lease a single missed heartbeat would lose', () => {
    expect(
      replayTimingProblems(
        timings({ heartbeatIntervalMs: 5_000, leaseMs: 9_999 }),
      ),
    ).toHaveLength(1);
  });

  it('stops the module at boot through resolveDeadLetterOptions', () => {
    let thrown: unknown;
    try {
      resolveDeadLetterOptions({ bulkReplay: { leaseMs: 1_000 } });
    } catch (error) {
      thrown = error;
    }
    expect(isInvalidDeadLetterOptionsError(thrown)).toBe(true);
    expect(String(thrown)).toContain('bulkReplay.leaseMs');
  });
});

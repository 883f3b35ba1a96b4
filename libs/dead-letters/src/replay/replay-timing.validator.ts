import type { ResolvedDeadLetterOptions } from '../dead-letter-module-options.interface.js';

/** Whole milliseconds, at least `min`. */
function wholeMs(value: number, min: number): boolean {
  return Number.isSafeInteger(value) && value >= min;
}

/**
 * What is wrong with the replay timings of `options`, one line per option (empty when
 * nothing): heartbeat, lease and takeover of bulk replay jobs, and the confirmation timeout of
 * hand-overs. Pure, so the rules are tested without a module.
 */
export function replayTimingProblems(
  options: Pick<
    ResolvedDeadLetterOptions,
    'bulkReplay' | 'replayConfirmTimeoutMs'
  >,
): string[] {
  const { heartbeatIntervalMs, leaseMs, takeoverIntervalMs } =
    options.bulkReplay;
  const problems: string[] = [];
  if (!wholeMs(heartbeatIntervalMs, 100)) {
    problems.push(
      `bulkReplay.heartbeatIntervalMs: must be a whole number of milliseconds, at least 100 (got ${heartbeatIntervalMs})`,
    );
  }
  if (!wholeMs(leaseMs, 1) || leaseMs < 2 * heartbeatIntervalMs) {
    problems.push(
      `bulkReplay.leaseMs: must be a whole number of milliseconds, at least twice heartbeatIntervalMs (${2 * heartbeatIntervalMs}) (got ${leaseMs})`,
    );
  }
  if (!wholeMs(takeoverIntervalMs, 0)) {
    problems.push(
      `bulkReplay.takeoverIntervalMs: must be a whole number of milliseconds, 0 to never take a job over (got ${takeoverIntervalMs})`,
    );
  }
  if (!wholeMs(options.replayConfirmTimeoutMs, 0)) {
    problems.push(
      `replayConfirmTimeoutMs: must be a whole number of milliseconds, 0 to wait for good (got ${options.replayConfirmTimeoutMs})`,
    );
  }
  return problems;
}

import type { RetrySettings } from '../config/resilience-settings.interface.js';
import { maxBackoffDelayMs } from './backoff.policy.js';

/** The retry settings that decide how many attempts are made and how long each wait is. */
export type RetryTimingSettings = Pick<
  RetrySettings,
  | 'maxAttempts'
  | 'backoff'
  | 'baseDelayMs'
  | 'maxDelayMs'
  | 'jitter'
  | 'respectRetryAfter'
>;

/**
 * The longest total wait between the attempts of one call: the longest delay each retry can be
 * given. With `respectRetryAfter` every delay counts as `maxDelayMs`, since an upstream may ask
 * for that long (asking for longer ends the retries instead).
 */
export function maxTotalRetryDelayMs(settings: RetryTimingSettings): number {
  let totalMs = 0;
  for (let retry = 1; retry < settings.maxAttempts; retry++) {
    totalMs += settings.respectRetryAfter
      ? settings.maxDelayMs
      : maxBackoffDelayMs(settings, retry);
  }
  return totalMs;
}

/**
 * The longest all attempts and all waits of one call can take: `maxAttempts` times the
 * per-attempt timeout, plus {@link maxTotalRetryDelayMs}. Used at boot to check a retry budget
 * against a request timeout.
 *
 * @param perAttemptTimeoutMs the timeout bounding each attempt; `0` (no timeout) makes the
 *   worst case unbounded, so the answer is `Infinity`
 * @throws RangeError when `maxAttempts` is not an integer of at least 1
 */
export function worstCaseRetryTimeMs(
  settings: RetryTimingSettings,
  perAttemptTimeoutMs: number,
): number {
  const { maxAttempts } = settings;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(
      `maxAttempts must be an integer >= 1, got ${maxAttempts}`,
    );
  }
  if (perAttemptTimeoutMs === 0) return Number.POSITIVE_INFINITY;
  return maxAttempts * perAttemptTimeoutMs + maxTotalRetryDelayMs(settings);
}

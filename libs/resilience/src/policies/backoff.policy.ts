import type { RetrySettings } from '../config/resilience-settings.interface.js';

/** The retry settings that shape the wait between attempts. */
export type BackoffSettings = Pick<
  RetrySettings,
  'backoff' | 'baseDelayMs' | 'maxDelayMs' | 'jitter'
>;

/** Source of uniform random numbers in `[0, 1)`, injectable so tests can seed it. */
export type RandomSource = () => number;

/**
 * Delay before retry `retry` (1 for the first retry, so the delay before the second attempt),
 * before any jitter: `base * 2^(retry-1)`
 * (exponential), `base * retry` (linear) or `base` (fixed), capped at `maxDelayMs`.
 */
export function baseBackoffDelayMs(
  settings: BackoffSettings,
  retry: number,
): number {
  const { baseDelayMs, maxDelayMs } = settings;
  // 0 * 2^1024 would be NaN, not 0.
  if (baseDelayMs === 0) return 0;
  let delayMs: number;
  switch (settings.backoff) {
    case 'exponential':
      delayMs = baseDelayMs * 2 ** (retry - 1);
      break;
    case 'linear':
      delayMs = baseDelayMs * retry;
      break;
    case 'fixed':
      delayMs = baseDelayMs;
      break;
  }
  return Math.min(delayMs, maxDelayMs);
}

/**
 * Delay before retry `retry` (1 for the first retry), jitter applied, never above `maxDelayMs`.
 *
 * - `none`: the capped base delay `d`.
 * - `full`: uniform in `[0, d]`.
 * - `equal`: `d/2` plus uniform in `[0, d/2]`.
 * - `decorrelated` (AWS): `min(maxDelayMs, uniform in [base, previousDelayMs * 3])`. It replaces
 *   the backoff shape rather than jittering it, since its growth comes from the previous delay.
 *
 * @param previousDelayMs the delay this function returned for the previous retry; read by
 *   `decorrelated` only. @default settings.baseDelayMs (what AWS starts from)
 * @param random @default Math.random
 */
export function backoffDelayMs(
  settings: BackoffSettings,
  retry: number,
  previousDelayMs: number = settings.baseDelayMs,
  random: RandomSource = Math.random,
): number {
  if (settings.jitter === 'decorrelated') {
    const { baseDelayMs, maxDelayMs } = settings;
    const upperMs = Math.max(baseDelayMs, previousDelayMs * 3);
    return Math.min(
      maxDelayMs,
      baseDelayMs + random() * (upperMs - baseDelayMs),
    );
  }
  const delayMs = baseBackoffDelayMs(settings, retry);
  switch (settings.jitter) {
    case 'none':
      return delayMs;
    case 'full':
      return random() * delayMs;
    case 'equal':
      return delayMs / 2 + (random() * delayMs) / 2;
  }
}

/**
 * The longest delay retry `retry` can be given, whatever the random numbers: the bound used to
 * check a retry budget at boot.
 */
export function maxBackoffDelayMs(
  settings: BackoffSettings,
  retry: number,
): number {
  if (settings.jitter !== 'decorrelated')
    return baseBackoffDelayMs(settings, retry);
  const { baseDelayMs, maxDelayMs } = settings;
  // Each decorrelated delay may reach three times the previous one, starting from the base.
  let upperMs = baseDelayMs;
  for (let n = 1; n <= retry && upperMs < maxDelayMs; n++) upperMs *= 3;
  return Math.min(maxDelayMs, upperMs);
}

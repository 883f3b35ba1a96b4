import type { ErrorClassification } from '@nest-resilience/resilience';
import { isMessageOutOfOrderError } from '../errors/message-out-of-order.error.js';
import type { DeliveryFailure } from './message-delivery.js';

/** What a consumer does with a message once its handler returned. */
export type Settlement =
  /** Done (applied, or recognised as a duplicate): acknowledge. */
  | { action: 'ack' }
  /** Arrived before its predecessor: set aside until the group reaches it. */
  | { action: 'park' }
  /** The handler could not even be tried (open circuit, full bulkhead): try again later, no attempt spent. */
  | { action: 'defer'; delayMs: number }
  /** Failed for good: dead-letter it, then acknowledge. */
  | { action: 'dead-letter'; error: unknown };

/** Bounds of a deferral. */
export interface DeferralBounds {
  /** @default 100 */
  minDelayMs: number;
  /** @default 30000 */
  maxDelayMs: number;
}

/** Default {@link DeferralBounds}. */
export const DEFAULT_DEFERRAL_BOUNDS: DeferralBounds = {
  minDelayMs: 100,
  maxDelayMs: 30_000,
};

/**
 * Decides a message's fate from the one classification of its last failure:
 *
 * - no failure: acknowledge;
 * - out of order: park (never a failure of the message itself);
 * - `CIRCUIT_OPEN` / `BULKHEAD_FULL`: the handler was refused before it ran, so no attempt is
 *   spent; try again after the breaker's `retryAfterMs` (bounded), holding the message's group;
 * - anything else reaching the consumer is final: permanent errors were never retried, and
 *   transient ones already spent the handler's `maxAttempts` (its `@Retry`, counted across
 *   redeliveries), so: dead-letter.
 */
export function decideSettlement(
  failure: DeliveryFailure | undefined,
  classify: (error: unknown) => ErrorClassification,
  bounds: DeferralBounds = DEFAULT_DEFERRAL_BOUNDS,
): Settlement {
  if (!failure) return { action: 'ack' };
  const { error } = failure;
  if (isMessageOutOfOrderError(error)) return { action: 'park' };
  const classification = failure.classification ?? classify(error);
  if (
    classification.code === 'CIRCUIT_OPEN' ||
    classification.code === 'BULKHEAD_FULL'
  ) {
    const wantedMs = classification.retryAfterMs ?? bounds.minDelayMs;
    return {
      action: 'defer',
      delayMs: Math.min(
        bounds.maxDelayMs,
        Math.max(bounds.minDelayMs, wantedMs),
      ),
    };
  }
  return { action: 'dead-letter', error };
}

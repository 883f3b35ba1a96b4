import type { ErrorClassification } from '@nest-resilience/resilience';
import { MessageAttemptsExhaustedError } from '../errors/message-attempts-exhausted.error.js';
import { isMessageOutOfOrderError } from '../errors/message-out-of-order.error.js';
import type { DeliveryFailure } from './message-delivery.js';
import {
  isLaterFailure,
  isRefusal,
  type MessageRedeliveryPolicy,
} from './message-redelivery.policy.js';

/** What a consumer does with a message once its handler returned. */
export type Settlement =
  /** Done (applied, or recognised as a duplicate): acknowledge. */
  | { action: 'ack' }
  /** Arrived before its predecessor: set aside until the group reaches it. */
  | { action: 'park' }
  /**
   * Failed for a reason that says "later": deliver it again after `delayMs`, its group
   * waiting behind it. `counted`: this delivery spent one of the consumer's `maxDeliveries`
   * (false when the handler was refused before it ran: an open circuit, a full bulkhead).
   */
  | { action: 'redeliver'; delayMs: number; counted: boolean }
  /** Failed for good (permanent, or out of deliveries): dead-letter it, then acknowledge. */
  | { action: 'dead-letter'; error: unknown };

/** What {@link decideSettlement} reads of a delivery. */
export interface SettlementState {
  /** The failure the round ended with, if any. */
  readonly failure?: DeliveryFailure;
  /** Deliveries that failed for a "later" reason before this round. */
  readonly deliveries: number;
  /** Attempts of this round that ran the handler. */
  readonly roundAttempts: number;
  /** The last error of an attempt that ran the handler (under the retry's wrapper, if any). */
  readonly lastAttemptError?: unknown;
}

/**
 * Decides a message's fate from the one classification of the failure its round ended with:
 *
 * - no failure: acknowledge;
 * - out of order: park (never a failure of the message itself);
 * - permanent (validation, malformed, unknown pattern, a business refusal, ...): dead-letter
 *   at once;
 * - "later" (see `isLaterFailure`), but the handler never ran (open circuit, full bulkhead):
 *   deliver again after the breaker's `retryAfterMs`, no delivery spent;
 * - "later" after the handler ran: one delivery spent; deliver again after the policy's
 *   backoff, or, when that was the consumer's last delivery, dead-letter with the last
 *   attempt's error (wrapped in `MessageAttemptsExhaustedError`).
 */
export function decideSettlement(
  state: SettlementState,
  classify: (error: unknown) => ErrorClassification,
  policy: MessageRedeliveryPolicy,
): Settlement {
  const { failure } = state;
  if (!failure) return { action: 'ack' };
  const { error } = failure;
  if (isMessageOutOfOrderError(error)) return { action: 'park' };
  const classification = failure.classification ?? classify(error);
  if (!isLaterFailure(classification)) return { action: 'dead-letter', error };
  if (isRefusal(classification) && state.roundAttempts === 0) {
    return {
      action: 'redeliver',
      delayMs: policy.refusalDelayMs(classification.retryAfterMs),
      counted: false,
    };
  }
  const deliveries = state.deliveries + 1;
  if (policy.exhausted(deliveries)) {
    // The attempt's own error, not the retry's wrapper nor the refusal that ended the round.
    const last = state.lastAttemptError ?? error;
    return {
      action: 'dead-letter',
      error: new MessageAttemptsExhaustedError(
        deliveries,
        policy.options.maxDeliveries,
        last,
      ),
    };
  }
  return {
    action: 'redeliver',
    delayMs: policy.delayMs(deliveries, classification.retryAfterMs),
    counted: true,
  };
}

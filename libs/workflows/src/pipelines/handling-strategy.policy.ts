import {
  ErrorCategory,
  ErrorSeverity,
  type ErrorClassification,
  backoffDelayMs,
  type BackoffSettings,
} from '@nest-resilience/resilience';
import type {
  HandlingContext,
  HandlingDecision,
} from './handling-decision.interface.js';
import { HandlingStrategy } from './handling-strategy.enum.js';

/** How long {@link determineHandlingStrategy} makes messages wait. */
export interface HandlingTimings {
  /** Backoff of message-level retries (the retry count picks the step). */
  retry: BackoffSettings;
  /** Wait after a full bulkhead, or an open circuit that did not say when it probes. */
  circuitBreakDelayMs: number;
}

/**
 * Decides what to do about a failed step from its classification alone, in one place (the
 * campaign service's `determineHandlingStrategy`). In order:
 *
 * 1. CRITICAL severity or a SECURITY error: alert at once, then decide as below.
 * 2. Open circuit or full bulkhead: fall back when the step can, else wait for the dependency
 *    (`CIRCUIT_BREAK`) without counting an attempt: the message is not at fault.
 * 3. Corrupt data, a refused credential, a misconfiguration or an unexpected (`INTERNAL`)
 *    error: dead-letter; nothing automatic can fix those, and undoing work would lose what an
 *    operator needs to replay.
 * 4. Retryable and retries left: retry with backoff, never sooner than the `Retry-After` asked
 *    for (even beyond the backoff's longest delay: a scheduled retry holds nothing meanwhile).
 * 5. Recoverable and the step has a fallback: continue with it.
 * 6. Refused for good (a permanent or business error): undo the completed steps when some can
 *    be undone, else dead-letter.
 * 7. Retries used up: dead-letter, so a replay resumes where it stopped.
 */
export function determineHandlingStrategy(
  classification: ErrorClassification,
  context: HandlingContext,
  timings: HandlingTimings,
): HandlingDecision {
  const { code, category, severity } = classification;
  const alert =
    severity === ErrorSeverity.CRITICAL || category === ErrorCategory.SECURITY;
  const decide = (
    strategy: HandlingStrategy,
    reason: string,
    delayMs?: number,
  ): HandlingDecision => ({
    strategy,
    alert,
    reason: alert ? `${reason}; ${severity} ${category} error alerted` : reason,
    ...(delayMs === undefined ? {} : { delayMs: Math.round(delayMs) }),
  });

  if (code === 'CIRCUIT_OPEN' || code === 'BULKHEAD_FULL') {
    if (context.hasFallback)
      return decide(HandlingStrategy.FALLBACK, `${code}: step has a fallback`);
    // Never sooner than half the configured wait, plus jitter: the messages parked on one open
    // circuit must not all wake at its half-open moment and fight over the single probe.
    const spreadMs = timings.circuitBreakDelayMs / 2;
    const askedMs =
      code === 'CIRCUIT_OPEN' ? (classification.retryAfterMs ?? 0) : 0;
    const waitMs = Math.max(askedMs, spreadMs) + Math.random() * spreadMs;
    return decide(
      HandlingStrategy.CIRCUIT_BREAK,
      `${code}: dependency refuses work, waiting`,
      waitMs,
    );
  }
  if (
    category === ErrorCategory.DATA_CORRUPTION ||
    category === ErrorCategory.SECURITY ||
    category === ErrorCategory.CONFIGURATION ||
    code === 'INTERNAL'
  ) {
    return decide(
      HandlingStrategy.DEAD_LETTER,
      `${code} (${category}) needs an operator`,
    );
  }
  if (classification.retryable && context.retryCount < context.maxRetries) {
    // A scheduled retry holds nothing while it waits, so the upstream's `Retry-After` is
    // honoured in full, even beyond the backoff's longest delay: never sooner than asked.
    const backoffMs = backoffDelayMs(timings.retry, context.retryCount + 1);
    return decide(
      HandlingStrategy.RETRY,
      `${code} is retryable: retry ${context.retryCount + 1} of ${context.maxRetries}`,
      Math.max(backoffMs, classification.retryAfterMs ?? 0),
    );
  }
  if (classification.recoverable && context.hasFallback) {
    return decide(HandlingStrategy.FALLBACK, `${code}: step has a fallback`);
  }
  if (!classification.retryable) {
    return context.hasCompensation
      ? decide(
          HandlingStrategy.COMPENSATE,
          `${code} (${category}) is permanent: undoing completed steps`,
        )
      : decide(
          HandlingStrategy.DEAD_LETTER,
          `${code} (${category}) is permanent and nothing can be undone`,
        );
  }
  return decide(
    HandlingStrategy.DEAD_LETTER,
    `${code}: ${context.maxRetries} retries used up; a replay resumes at this step`,
  );
}

import type { HandlingStrategy } from './handling-strategy.enum.js';

/** What {@link determineHandlingStrategy} is told besides the classification. */
export interface HandlingContext {
  /** Message-level retries of the failed step so far. */
  retryCount: number;
  /** Message-level retries allowed per step. */
  maxRetries: number;
  /** Whether the failed step declares a fallback output. */
  hasFallback: boolean;
  /** Whether a completed step declares an undo. */
  hasCompensation: boolean;
}

/** The one answer to "what now" for a failed step, with its reason for the logs. */
export interface HandlingDecision {
  strategy: HandlingStrategy;
  /** Alert an operator at once (CRITICAL severity or a SECURITY error), whatever the strategy. */
  alert: boolean;
  /** Wait before the next try, for `RETRY` and `CIRCUIT_BREAK`. */
  delayMs?: number;
  /** Why, in words: logged with the message id and request id. */
  reason: string;
}

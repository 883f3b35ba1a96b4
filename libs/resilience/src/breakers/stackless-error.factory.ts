import { BulkheadFullError } from '../errors/bulkhead-full.error.js';
import { CircuitOpenError } from '../errors/circuit-open.error.js';

/*
 * Refusals are the hot path of an open circuit: every call is refused, at full request rate, and
 * capturing a stack trace is most of what `new Error` costs. Their stack would only ever point
 * into the breaker, so it is left out: `stack` keeps the name and message line only.
 */

/** A {@link CircuitOpenError} built without capturing a stack trace. */
export function createCircuitOpenError(
  breaker: string,
  retryAfterMs: number,
): CircuitOpenError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new CircuitOpenError(breaker, retryAfterMs);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * A {@link BulkheadFullError} for a breaker at its `capacity` (it has no queue), built without
 * capturing a stack trace.
 */
export function createCapacityFullError(
  breaker: string,
  capacity: number,
): BulkheadFullError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new BulkheadFullError(breaker, capacity, 0);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

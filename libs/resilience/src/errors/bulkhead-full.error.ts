import { hasErrorCode, ResilienceError } from './resilience.error.js';

/** Thrown when a bulkhead has no free slot and its queue is full. Never retried. */
export class BulkheadFullError extends ResilienceError {
  static readonly CODE = 'RESILIENCE.BULKHEAD_FULL';
  readonly code = BulkheadFullError.CODE;

  /**
   * @param bulkhead name of the bulkhead (the dependency's service name)
   * @param maxConcurrent its configured concurrency
   * @param maxQueue its configured queue length
   */
  constructor(
    readonly bulkhead: string,
    readonly maxConcurrent: number,
    readonly maxQueue: number,
  ) {
    super(
      `Bulkhead "${bulkhead}" is full (${maxConcurrent} running, ${maxQueue} queued)`,
    );
  }
}

/** Type guard for {@link BulkheadFullError}. */
export function isBulkheadFullError(
  value: unknown,
): value is BulkheadFullError {
  return hasErrorCode(value, BulkheadFullError.CODE);
}

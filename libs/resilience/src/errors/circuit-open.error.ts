import { hasErrorCode, ResilienceError } from './resilience.error.js';

/**
 * Thrown instead of calling a dependency whose circuit is open (or half open with its probe
 * already in flight). Never retried: waiting out a backoff cannot close a circuit sooner.
 */
export class CircuitOpenError extends ResilienceError {
  static readonly CODE = 'RESILIENCE.CIRCUIT_OPEN';
  readonly code = CircuitOpenError.CODE;

  /**
   * @param breaker name of the circuit (the dependency's service name)
   * @param retryAfterMs time left until the breaker lets the next probe through
   */
  constructor(
    readonly breaker: string,
    readonly retryAfterMs: number,
  ) {
    super(`Circuit "${breaker}" is open; next probe in ${retryAfterMs} ms`);
  }
}

/** Type guard for {@link CircuitOpenError}, safe across package copies and processes. */
export function isCircuitOpenError(value: unknown): value is CircuitOpenError {
  return hasErrorCode(value, CircuitOpenError.CODE);
}

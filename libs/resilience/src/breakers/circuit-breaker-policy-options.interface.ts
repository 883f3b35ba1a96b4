import type { CircuitBreakerSettings } from '../config/resilience-settings.interface.js';

/**
 * How a breaker counts a call that rejected with `error`. It must not throw.
 *
 * - `true`: a failure, the dependency is unhealthy (the classifier's `countsAsFailure`).
 * - `false`: a success, the dependency answered (a 404, a validation error).
 * - `'ignore'`: neither, left out of every count and threshold, as resilience4j's
 *   `ignoreExceptions` (the classifier's `ignoredByBreaker`: an upstream 429, busy rather than
 *   broken).
 */
export type FailurePredicate = (error: unknown) => boolean | 'ignore';

/** What one {@link CircuitBreakerPolicy} is built from. */
export interface CircuitBreakerPolicyOptions {
  /** Name of the circuit: the dependency's service name, also the logger context. */
  name: string;
  /** Resolved settings; copied, so later changes to the object have no effect. */
  settings: CircuitBreakerSettings;
  isFailure: FailurePredicate;
}

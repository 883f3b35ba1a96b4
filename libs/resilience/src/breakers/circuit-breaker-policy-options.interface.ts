import type { CircuitBreakerSettings } from '../config/resilience-settings.interface.js';

/**
 * Whether an error says the dependency is unhealthy and must count toward opening the circuit
 * (the classifier's `countsAsFailure`). Errors it answers `false` for (a 404, a validation error)
 * neither trip nor count as failures. It must not throw.
 */
export type FailurePredicate = (error: unknown) => boolean;

/** What one {@link CircuitBreakerPolicy} is built from. */
export interface CircuitBreakerPolicyOptions {
  /** Name of the circuit: the dependency's service name, also the logger context. */
  name: string;
  /** Resolved settings; copied, so later changes to the object have no effect. */
  settings: CircuitBreakerSettings;
  isFailure: FailurePredicate;
}

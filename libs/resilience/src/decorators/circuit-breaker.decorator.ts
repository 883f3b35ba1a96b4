import type { CircuitBreakerSettings } from '../config/resilience-settings.interface.js';
import { ResilienceMethod } from './resilience-method.decorator.js';

/**
 * Guards the method with the circuit breaker of the named dependency. All methods naming the
 * same service share one breaker. `timeoutMs` in `overrides` bounds this method's attempts
 * only; the other settings shape the shared breaker, so two methods giving it different values
 * stop the start with a message naming both.
 *
 * @param service a service name from the resilience configuration (checked at boot)
 * @param overrides settings that differ from the configuration for this method
 */
export function CircuitBreaker(
  service: string,
  overrides: Partial<CircuitBreakerSettings> = {},
): MethodDecorator {
  return ResilienceMethod({ circuitBreaker: { service, overrides } });
}

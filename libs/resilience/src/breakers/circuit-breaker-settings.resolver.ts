import type { CircuitBreakerSettings } from '../config/resilience-settings.interface.js';

/**
 * Port that answers the resolved circuit breaker settings of a named dependency: the defaults
 * with that service's overrides applied, already validated. The registry injects it by this
 * class; the module provides it from the resilience configuration.
 */
export abstract class CircuitBreakerSettingsResolver {
  /**
   * @param name the dependency's service name
   * @throws ResilienceConfigurationError when `name` has no valid settings
   */
  abstract resolve(name: string): CircuitBreakerSettings;
}

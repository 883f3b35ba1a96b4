import type { BulkheadSettings } from '../config/resilience-settings.interface.js';
import { ResilienceMethod } from './resilience-method.decorator.js';

/**
 * Limits how many calls to the named dependency run and wait at once; beyond that a call
 * fails at once with `BulkheadFullError`. All methods naming the same service share the
 * bulkhead.
 *
 * @param service a service name from the resilience configuration (checked at boot)
 * @param overrides bulkhead settings, used when this method creates the shared bulkhead
 */
export function Bulkhead(
  service: string,
  overrides: Partial<BulkheadSettings> = {},
): MethodDecorator {
  return ResilienceMethod({ bulkhead: { service, overrides } });
}

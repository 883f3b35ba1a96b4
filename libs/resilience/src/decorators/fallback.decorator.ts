import type { FallbackSpec } from './resilience-metadata.interface.js';
import { ResilienceMethod } from './resilience-method.decorator.js';

/**
 * Stands in for the method's result once everything else failed with a recoverable error
 * (never for a client's mistake). Sources are tried in order; the first that answers wins,
 * and if none does the original error is thrown. A fallback result is marked degraded
 * (`isDegraded(result)`).
 *
 * @example
 * ```ts
 * @Fallback({ lastGood: true }, { method: 'assumeAvailable' })
 * ```
 * @param sources `{ value }`, `{ method }` (a method of the same class, checked at boot) or
 *   `{ lastGood }` (the last successful result for the same arguments)
 */
export function Fallback(
  ...sources: [FallbackSpec, ...FallbackSpec[]]
): MethodDecorator {
  return ResilienceMethod({ fallback: sources });
}

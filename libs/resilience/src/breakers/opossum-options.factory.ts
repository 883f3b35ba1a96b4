import type { EventEmitter } from 'node:events';
import type CircuitBreaker from 'opossum';
import type { CircuitBreakerSettings } from '../config/resilience-settings.interface.js';
import type {
  ExecutionContext,
  Operation,
} from '../policies/policy.interface.js';

/** Arguments of the one opossum action every breaker shares: the operation and its context. */
export type OperationArgs = [
  operation: Operation<unknown>,
  context: ExecutionContext,
];

/**
 * The generic action: one opossum breaker per dependency runs whatever operation it is given,
 * so a breaker is never built per call.
 */
export function runOperation(
  operation: Operation<unknown>,
  context: ExecutionContext,
): Promise<unknown> {
  return operation(context);
}

/**
 * A fresh opossum options object for one breaker (opossum writes its defaults into the object it
 * is given, so options are never shared).
 *
 * @param name name of the circuit
 * @param settings resolved settings of the dependency
 * @param errorFilter answers `true` for errors that must not count as failures
 * @param rotator emits `rotate` each time the rolling window moves on a slice
 */
export function createOpossumOptions(
  name: string,
  settings: Readonly<CircuitBreakerSettings>,
  errorFilter: (error: unknown) => boolean,
  rotator: EventEmitter,
): CircuitBreaker.Options<OperationArgs> {
  return {
    name,
    // The timeout policy runs inside the breaker, so a TimeoutError reaches it as a failure.
    timeout: false,
    errorThresholdPercentage: settings.errorThresholdPercentage,
    volumeThreshold: settings.volumeThreshold,
    resetTimeout: settings.resetTimeoutMs,
    rollingCountTimeout: settings.rollingCountTimeoutMs,
    rollingCountBuckets: settings.rollingCountBuckets,
    // opossum reads `0` as "no call at all"; the settings mean "unlimited".
    capacity: settings.capacity > 0 ? settings.capacity : undefined,
    // opossum sorts every latency of the window on each failure when these are on; the breaker
    // keeps its own histogram instead.
    rollingPercentilesEnabled: false,
    enableSnapshots: false,
    rotateBucketController: rotator,
    errorFilter,
  };
}

import { ResilienceMethod } from './resilience-method.decorator.js';

/**
 * Bounds each attempt of the method. Given a service name, the service's
 * `circuitBreaker.timeoutMs` applies; given a number, that many milliseconds. On expiry the
 * attempt fails with `TimeoutError` and its `@AttemptSignal()` is aborted.
 *
 * @param serviceOrMs a service name from the configuration, or a timeout in milliseconds
 */
export function Timeout(serviceOrMs: string | number): MethodDecorator {
  return ResilienceMethod({
    timeout:
      typeof serviceOrMs === 'number'
        ? { timeoutMs: serviceOrMs }
        : { service: serviceOrMs },
  });
}

import {
  ATTEMPT_SIGNAL_METADATA,
  RESILIENCE_POLICIES_METADATA,
} from '../resilience.constants.js';
import type { ResilienceMethodMetadata } from './resilience-metadata.interface.js';

/**
 * Decorator that merges `patch` into the decorated method's resilience metadata, so the
 * decorators combine whatever order they are written in. The metadata lives on the method
 * function itself, where both the explorer and `ExecutionContext#getHandler()` find it.
 */
export function resilienceDecorator(
  patch: ResilienceMethodMetadata,
): MethodDecorator {
  return (target, key, descriptor) => {
    const method = descriptor.value as unknown;
    if (typeof method !== 'function') {
      throw new TypeError(
        `Resilience decorators go on methods; ${String(key)} is not one`,
      );
    }
    // Parameter decorators run before method decorators, so the signal index is known here.
    const signalIndex: number | undefined = Reflect.getMetadata(
      ATTEMPT_SIGNAL_METADATA,
      target,
      key,
    );
    Reflect.defineMetadata(
      RESILIENCE_POLICIES_METADATA,
      { ...getResilienceMetadata(method), ...patch, signalIndex },
      method,
    );
    return descriptor;
  };
}

/**
 * What the resilience decorators recorded on a method, given the method function itself
 * (`context.getHandler()` in an interceptor or guard), for code of your own that must agree
 * with them, such as a consumer counting a handler's `@Retry` attempts across redeliveries.
 */
export function getResilienceMetadata(
  method: Function,
): ResilienceMethodMetadata | undefined {
  return Reflect.getMetadata(RESILIENCE_POLICIES_METADATA, method);
}

import {
  defer,
  from,
  isObservable,
  map,
  Observable,
  of,
  throwError,
} from 'rxjs';
import { getResilienceMetadata } from '../decorators/resilience-metadata.js';
import { markDegraded } from '../policies/degradation.marker.js';
import type { FallbackInfo } from '../policies/fallback-source.interface.js';
import { FeatureDisabledError } from './feature-disabled.error.js';

/** How a method answers: what a disabled one must answer the same way. */
export type CallShape = 'promise' | 'observable' | 'sync';

/** A fallback bound to its instance, called with the call's arguments. */
export type BoundFeatureFallback = (args: readonly unknown[]) => unknown;

/**
 * The shape of `method`'s answers: an `Observable` when declared to return one, a `Promise`
 * for async methods, methods declared to return one and methods the resilience decorators
 * guard (which always answer a `Promise`), a plain value otherwise.
 */
export function callShape(
  instance: object,
  key: string,
  method: Function,
): CallShape {
  const declared: unknown = Reflect.getMetadata(
    'design:returntype',
    instance,
    key,
  );
  if (declared === Observable) return 'observable';
  if (
    declared === Promise ||
    method.constructor.name === 'AsyncFunction' ||
    getResilienceMetadata(method) !== undefined
  ) {
    return 'promise';
  }
  return 'sync';
}

/**
 * What a call to a disabled feature answers, in the method's shape: the fallback's result
 * marked degraded (`isDegraded()`), or a {@link FeatureDisabledError} (thrown, rejected or
 * emitted) without a fallback.
 */
export function disabledAnswer(
  feature: string,
  shape: CallShape,
  fallback: BoundFeatureFallback | undefined,
  args: readonly unknown[],
): unknown {
  const error = new FeatureDisabledError(feature);
  const info: FallbackInfo = { name: feature, source: 'function', error };
  const mark = (value: unknown) => markDegraded(value, info);
  if (shape === 'observable') {
    return defer(() =>
      fallback
        ? toObservable(fallback(args)).pipe(map(mark))
        : throwError(() => error),
    );
  }
  if (shape === 'promise') {
    if (!fallback) return Promise.reject(error);
    return Promise.resolve()
      .then(() => settle(fallback(args)))
      .then(mark);
  }
  if (!fallback) throw error;
  const value = fallback(args);
  return isPromiseLike(value) || isObservable(value)
    ? Promise.resolve(settle(value)).then(mark)
    : mark(value);
}

function toObservable(value: unknown): Observable<unknown> {
  if (isObservable(value)) return value;
  return isPromiseLike(value) ? from(value) : of(value);
}

/** A fallback's value, its last emission when it answers an `Observable`. */
function settle(value: unknown): unknown {
  if (!isObservable(value)) return value;
  return new Promise((resolve, reject) => {
    let last: unknown;
    value.subscribe({
      next: (emitted) => (last = emitted),
      error: reject,
      complete: () => resolve(last),
    });
  });
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

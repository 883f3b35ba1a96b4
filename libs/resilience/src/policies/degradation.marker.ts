import type { FallbackInfo } from './fallback-source.interface.js';

const degradations = new WeakMap<object, FallbackInfo>();

function isMarkable(value: unknown): value is object {
  return (
    (typeof value === 'object' && value !== null) || typeof value === 'function'
  );
}

/**
 * Records that `value` was served by a fallback, and returns it unchanged.
 *
 * Objects are marked by identity in a `WeakMap`, so the mark lives as long as the object and
 * nothing is added to it. A primitive (a number, a string, `undefined`) cannot be marked: only
 * the fallback's `onFallback` hook and the metrics fed by it see that it was degraded. An
 * object served more than once (a constant, a cached result) carries the latest fallback's info,
 * and stays marked should the real call ever return that same object.
 */
export function markDegraded<T>(value: T, info: FallbackInfo): T {
  if (isMarkable(value)) degradations.set(value, info);
  return value;
}

/** Whether `value` is an object a fallback served. Always false for primitives. */
export function isDegraded(value: unknown): boolean {
  return isMarkable(value) && degradations.has(value);
}

/** How `value` came to be served by a fallback, or `undefined` when it was not (or is a primitive). */
export function degradationOf(value: unknown): FallbackInfo | undefined {
  return isMarkable(value) ? degradations.get(value) : undefined;
}

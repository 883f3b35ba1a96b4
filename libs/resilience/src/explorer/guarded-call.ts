import { isObservable, lastValueFrom, type Observable } from 'rxjs';
import type { ExecutionContext as AttemptContext } from '../policies/policy.interface.js';

/** Turns whatever one attempt returned into a promise of its result. */
export function settle<T>(result: T | Promise<T> | Observable<T>): Promise<T> {
  if (isObservable(result)) return lastValueFrom(result);
  if (result instanceof Promise) return result;
  // Thenables and plain values alike.
  return Promise.resolve(result);
}

/**
 * The arguments one attempt is called with: the caller's, with the attempt's `AbortSignal` at
 * the `@AttemptSignal()` position when the method has one.
 */
export function attemptArgs(
  args: readonly unknown[],
  signalIndex: number | undefined,
  context: AttemptContext,
): unknown[] {
  if (signalIndex === undefined) return args as unknown[];
  const withSignal = args.slice();
  withSignal[signalIndex] = context.signal;
  return withSignal;
}

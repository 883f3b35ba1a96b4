import { isObservable, lastValueFrom, type Observable } from 'rxjs';
import type { ExecutionContext as AttemptContext } from '../policies/policy.interface.js';

/** Turns whatever one attempt returned into a promise of its result. */
export function settle<T>(result: T | Promise<T> | Observable<T>): Promise<T> {
  // Most guarded methods are async: answer them before asking rxjs.
  if (result instanceof Promise) return result;
  if (isObservable(result)) return lastValueFrom(result);
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

/**
 * What each attempt of a guarded provider method runs: the method on its instance, with the
 * call's arguments from the context (the attempt's signal put in place), its result as a promise.
 * Built once per method, so a call allocates no closure for it.
 */
export function methodOperation(
  instance: object,
  method: Function,
  signalIndex: number | undefined,
): (context: AttemptContext) => Promise<unknown> {
  return (context) =>
    settle(
      method.apply(
        instance,
        attemptArgs(context.args ?? [], signalIndex, context),
      ),
    );
}

import { isObservable, lastValueFrom, type Observable } from 'rxjs';
import { isBulkheadFullError } from '../errors/bulkhead-full.error.js';
import { isCircuitOpenError } from '../errors/circuit-open.error.js';
import { isRetriesExhaustedError } from '../errors/retries-exhausted.error.js';
import { isTimeoutError } from '../errors/timeout.error.js';
import type { CallOutcome } from '../events/resilience-event.interface.js';
import type { ExecutionContext as AttemptContext } from '../policies/policy.interface.js';

/** Where a call's context records that a fallback answered it. */
const FELL_BACK = Symbol('RESILIENCE:fell-back');

type MarkedContext = AttemptContext & { [FELL_BACK]?: true };

/** Records on the call's context that a fallback served its result. */
export function markFellBack(context: AttemptContext): void {
  (context as MarkedContext)[FELL_BACK] = true;
}

/** How a call whose context is `context` ended, given that it answered. */
export function answeredOutcome(context: AttemptContext): CallOutcome {
  return (context as MarkedContext)[FELL_BACK] ? 'fallback' : 'success';
}

/**
 * How a call that failed with `error` ended: refused by an open circuit, by a full bulkhead (or
 * a breaker at capacity), timed out (its last attempt, when retries ran out), or failed.
 */
export function failedOutcome(error: unknown): CallOutcome {
  if (isCircuitOpenError(error)) return 'short_circuited';
  if (isBulkheadFullError(error)) return 'rejected';
  const last = isRetriesExhaustedError(error) ? error.cause : error;
  return isTimeoutError(last) ? 'timeout' : 'failure';
}

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

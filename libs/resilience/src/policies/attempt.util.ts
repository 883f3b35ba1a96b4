import type { ExecutionContext, Operation } from './policy.interface.js';

/**
 * One call of `operation`, always as a promise: an operation that throws instead of rejecting
 * gives a rejected promise, so the layer around it handles both failures alike.
 */
export function attempt<T>(
  operation: Operation<T>,
  context: ExecutionContext,
): Promise<T> {
  try {
    return operation(context);
  } catch (error) {
    return Promise.reject(error);
  }
}

import { ATTEMPT_SIGNAL_METADATA } from '../resilience.constants.js';

/**
 * Marks the parameter that receives the current attempt's `AbortSignal`, aborted when the
 * attempt times out. Callers leave it out; the library fills it in.
 *
 * @example
 * ```ts
 * @Timeout('product-service')
 * check(ids: string[], @AttemptSignal() signal?: AbortSignal) {
 *   return this.http.post(url, { ids }, { signal });
 * }
 * ```
 */
export function AttemptSignal(): ParameterDecorator {
  return (target, key, index) => {
    if (key === undefined) {
      throw new TypeError('@AttemptSignal() goes on a method parameter');
    }
    Reflect.defineMetadata(ATTEMPT_SIGNAL_METADATA, index, target, key);
  };
}

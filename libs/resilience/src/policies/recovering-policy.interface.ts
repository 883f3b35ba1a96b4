import type {
  ExecutionContext,
  Operation,
  ResiliencePolicy,
} from './policy.interface.js';

/**
 * A layer that lets every success through untouched and acts only once its inner call failed:
 * the retry, and the fallback without a `last-good` source. Its `execute` is `prepare`, the
 * inner call, then `recover` if that call failed.
 *
 * A promise reaction is most of what such a layer costs a successful call, so the pipeline runs
 * adjacent recovering layers on a single reaction: the inner call's failure goes to each
 * `recover` in turn, innermost first.
 */
export interface RecoveringPolicy extends ResiliencePolicy {
  /** Whether the layer is one right now (a fallback keeping last-good results is not). */
  readonly passesSuccessesThrough: boolean;
  /** Readies the context before the inner call; the retry numbers the first attempt. */
  prepare(context: ExecutionContext): void;
  /**
   * What the layer makes of its inner call's failure.
   *
   * @param error why the inner call failed
   * @param failed the inner call's rejected promise; hand it back to pass the failure on as is
   * @param operation the inner call, for a layer that calls it again
   * @returns `failed` itself, or the layer's own outcome (a retried call, a stand-in)
   */
  recover<T>(
    error: unknown,
    failed: Promise<T>,
    operation: Operation<T>,
    context: ExecutionContext,
  ): Promise<T>;
}

/** Whether `layer` can join the single promise reaction of its recovering neighbours. */
export function isRecoveringPolicy(
  layer: ResiliencePolicy,
): layer is RecoveringPolicy {
  const candidate = layer as Partial<RecoveringPolicy>;
  return (
    candidate.passesSuccessesThrough === true &&
    typeof candidate.prepare === 'function' &&
    typeof candidate.recover === 'function'
  );
}

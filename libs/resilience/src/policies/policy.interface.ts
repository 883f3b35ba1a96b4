/**
 * What one execution of a guarded call knows about itself. Create a fresh context for every
 * call: layers write to it (the retry sets `attempt`), so two calls must never share one.
 */
export interface ExecutionContext {
  /**
   * Aborted when the current attempt times out. Present only when the guarded method asked for
   * it (an `@AttemptSignal()` parameter), so calls that cannot abort pay nothing for it.
   */
  signal?: AbortSignal;
  /** 1 for the first call, 2 for the first retry, ... */
  attempt: number;
  /**
   * The guarded method's arguments. The fallback keys its last-good results by them and hands
   * them to fallback functions.
   */
  args?: readonly unknown[];
}

/** The guarded work: called once per attempt. */
export type Operation<T> = (context: ExecutionContext) => Promise<T>;

/**
 * One layer of protection around a call. Layers nest in the fixed order
 * fallback( retry( circuit breaker( bulkhead( timeout( call ))))).
 *
 * A layer hands the operation the context it was given, or a copy of all its own members, symbol
 * keys included (`Object.assign({}, context)`), never a context built from scratch: the members
 * it does not know about (`args`, and what the pipeline keeps there) must reach the call.
 */
export interface ResiliencePolicy {
  execute<T>(operation: Operation<T>, context: ExecutionContext): Promise<T>;
}

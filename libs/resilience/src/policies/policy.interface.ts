/** What one execution of a guarded call knows about itself. */
export interface ExecutionContext {
  /**
   * Aborted when the current attempt times out. Present only when the guarded method asked for
   * it (an `@AttemptSignal()` parameter), so calls that cannot abort pay nothing for it.
   */
  signal?: AbortSignal;
  /** 1 for the first call, 2 for the first retry, ... */
  attempt: number;
}

/** The guarded work: called once per attempt. */
export type Operation<T> = (context: ExecutionContext) => Promise<T>;

/**
 * One layer of protection around a call. Layers nest in the fixed order
 * fallback( retry( circuit breaker( bulkhead( timeout( call ))))).
 */
export interface ResiliencePolicy {
  execute<T>(operation: Operation<T>, context: ExecutionContext): Promise<T>;
}

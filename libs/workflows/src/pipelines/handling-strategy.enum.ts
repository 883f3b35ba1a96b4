/** What is done about a step that failed after its own retries (the campaign service's strategies). */
export enum HandlingStrategy {
  /** Try the step again later, with backoff; counts as an attempt. */
  RETRY = 'RETRY',
  /**
   * The dependency refuses work (open circuit, full bulkhead): wait until it may take some
   * again, without counting an attempt against the message.
   */
  CIRCUIT_BREAK = 'CIRCUIT_BREAK',
  /** Continue with the step's fallback output. */
  FALLBACK = 'FALLBACK',
  /** Undo the completed steps, latest first; the message ends `COMPENSATED`. */
  COMPENSATE = 'COMPENSATE',
  /** Hand the message to the dead letter queue; a replay resumes at the failed step. */
  DEAD_LETTER = 'DEAD_LETTER',
}

/**
 * What a step is given: the message, the outputs of the steps completed before it, and the
 * idempotency key it must send with any external side effect, so that running it again after a
 * crash between the call and the checkpoint does not apply the effect twice.
 */
export interface StepInput<TPayload = unknown> {
  /** Id of the message (the pipeline's own id, stable across redeliveries and replays). */
  readonly messageId: string;
  /** Message type, which chose the pipeline. */
  readonly type: string;
  readonly payload: TPayload;
  /** Outputs of the completed steps, by step name. */
  readonly outputs: Readonly<Record<string, unknown>>;
  /**
   * `<messageId>:<step>` for a run, `<messageId>:<step>:compensate` for an undo: the same on
   * every attempt, so a target that honours it applies the effect once.
   */
  readonly idempotencyKey: string;
  /** Message-level retries of this step so far (0 on the first run). */
  readonly retryCount: number;
}

/**
 * One named step of a pipeline. `run` is usually a provider method carrying the library's
 * decorators (`@Retry`, `@CircuitBreaker`, `@Bulkhead`, `@Timeout`), so each external system
 * gets its own per-service configuration; the pipeline adds checkpoints around it.
 *
 * @example
 * ```ts
 * const reserve: PipelineStep<Order> = {
 *   name: 'reserve-inventory',
 *   system: 'inventory-service',
 *   run: (input) => inventory.reserve(input.payload.items, input.idempotencyKey),
 *   compensate: (input, output) => inventory.release((output as Reservation).id, input.idempotencyKey),
 * };
 * ```
 */
export interface PipelineStep<TPayload = unknown> {
  /** Unique within its pipeline; recorded in checkpoints, so renaming one strands messages. */
  readonly name: string;
  /** The external system it calls (a service of the resilience configuration), if any. */
  readonly system?: string;
  /**
   * Does the step's work.
   * @returns its output, stored with the checkpoint (it must survive JSON)
   */
  run(input: StepInput<TPayload>): Promise<unknown>;
  /**
   * Undoes a completed run when a later step fails for good. Must be idempotent: it may run
   * again after a crash.
   * @param output what `run` returned
   */
  compensate?(input: StepInput<TPayload>, output: unknown): Promise<void>;
  /**
   * Output that may stand in for the result when the step fails with a recoverable error and
   * nothing else helped (an optional enrichment, for example). Without it, such a failure stops
   * the message.
   */
  fallback?(input: StepInput<TPayload>, error: unknown): unknown;
}

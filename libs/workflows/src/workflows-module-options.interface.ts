import type { WorkflowDeadLetterDestination } from './dead-letters/workflow-dead-letter-destination.interface.js';

/** Options of `WorkflowsModule.forRoot()` / `forRootAsync()`. */
export interface WorkflowsModuleOptions {
  /**
   * Where the engine's dead letters point. The application registers a `DeadLetterTransport`
   * for these destinations that reads them back and calls `WorkflowReplayService`, so a replay
   * from the dead letter queue resumes from the checkpoint instead of resending the payload.
   */
  deadLetterDestination: WorkflowDeadLetterDestination;
  /**
   * Name of the engine in dead letter sources (`<name>:<type>`), alert keys, error log
   * entries and the request context of every run.
   * @default 'workflow'
   */
  name?: string;
  /** How long a claim on a message lasts past each checkpoint; past it the message is stuck. @default 120000 */
  leaseMs?: number;
  /** Message-level retries of one step, on top of the step's own `@Retry`. @default 5 */
  maxRetries?: number;
  /** First wait of a message-level retry (exponential backoff, full jitter). @default 5000 */
  retryBaseDelayMs?: number;
  /** Longest wait of a message-level retry. @default 300000 */
  retryMaxDelayMs?: number;
  /** Wait after a full bulkhead, or an open circuit that did not say when it probes. @default 2000 */
  circuitBreakDelayMs?: number;
  /** Messages processed at once by this instance; more wait in line. @default 64 */
  maxConcurrentMessages?: number;
  /** How often the recovery jobs run; `0` turns the schedule off (they can still be run by hand). @default 15000 */
  recoveryIntervalMs?: number;
  /** Messages one recovery pass claims, or deletes per batch. @default 100 */
  recoveryBatchSize?: number;
  /** Days completed and compensated messages are kept. @default 7 */
  retentionDays?: number;
  /** Days dead-lettered messages and failed undos are kept, for replays. @default 30 */
  failedRetentionDays?: number;
  /** How long shutdown waits for steps in flight before leaving them to recovery. @default 5000 */
  shutdownGraceMs?: number;
  /** How long a stored message may wait unclaimed before recovery takes it. @default 10000 */
  claimGraceMs?: number;
}

/** The options with every default filled in. */
export type ResolvedWorkflowsOptions = Required<WorkflowsModuleOptions>;

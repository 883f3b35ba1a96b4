import type { ErrorClassification } from '@nest-resilience/resilience';
import type { ProblemDetails } from './problem-details.interface.js';

/** Everything known about an `@EventPattern` handler's failure. */
export interface UnhandledEventError {
  /** The thrown value, as thrown (internal). */
  error: unknown;
  classification: ErrorClassification;
  /** The envelope a reply would have carried. */
  envelope: ProblemDetails;
  /** Pattern, subject or topic the event arrived on. */
  pattern?: string;
  /** Id of the message where the transport or payload carries one. */
  messageId?: string;
  /** The event's payload. */
  data: unknown;
  /** The transport's RPC context (`RmqContext`, `KafkaContext`, ...), for ack / nack. */
  context: unknown;
}

/**
 * Hook for events whose handler failed: nobody waits for a reply, so the failure would
 * otherwise only be logged. The messaging layer provides an implementation that dead-letters
 * or redelivers (by `classification.retryable`); the default does nothing beyond the log line
 * the filter writes. Inject and provide it by this class.
 *
 * The exception filter awaits the returned promise before the event counts as handled, and
 * logs (never rethrows) what the hook throws.
 */
export abstract class UnhandledEventErrorHandler {
  abstract handle(failure: UnhandledEventError): void | Promise<void>;
}

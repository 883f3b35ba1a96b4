import type { ErrorCategory } from '@nest-resilience/resilience';

/**
 * What a producer hands {@link DeadLetterService.deadLetter}: the message that could not be
 * delivered or processed, and the error that stopped it. The error is classified by the
 * injected `ErrorClassifier`.
 */
export interface DeadLetterInput {
  /** Where the message came from (queue, topic, route, component). */
  source: string;
  /** Where it was going; its scheme picks the replay transport (`http://127.0.0.1:3000/hook`). */
  destination: string;
  /** Message pattern or event type. */
  pattern?: string;
  /** The original payload, stored unmasked so that a replay delivers it as it was. */
  payload: unknown;
  /** The original headers, stored unmasked. @default {} */
  headers?: Record<string, string>;
  /** The thrown value that made the message fail. */
  error: unknown;
  /** Id of the original message. */
  messageId?: string;
  /** Deliveries already attempted. @default 0 */
  retryCount?: number;
  /** When the original message arrived. @default firstFailedAt */
  receivedAt?: Date;
  /** When it failed for the first time. @default now */
  firstFailedAt?: Date;
  /** Trace id of the failed work. */
  traceId?: string;
  /** Request id of the failed work. @default the current request's, if any */
  requestId?: string;
}

/**
 * A failure reported from outside the process (`POST /admin/dlq/messages`): no thrown value to
 * classify, only the reporter's code, message and, optionally, category.
 */
export interface ExternalDeadLetterInput extends Omit<
  DeadLetterInput,
  'error'
> {
  error: { code: string; message: string; category?: ErrorCategory };
}

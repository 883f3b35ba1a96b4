import type { ErrorCategory, ErrorSeverity } from '@nest-resilience/resilience';
import type { DeadLetterStatus } from './dead-letter-status.enum.js';

/** Why a message was dead-lettered (or why its last replay failed). */
export interface DeadLetterErrorInfo {
  /** Class name of the error (`AxiosError`, `QueryFailedError`), or `External` when reported from outside. */
  type: string;
  /** Public problem code of the classification (`UPSTREAM_UNAVAILABLE`), or the reporter's own code. */
  code: string;
  /** The error's own code where it has one (`ECONNREFUSED`, `23505`). */
  sourceCode?: string;
  category: ErrorCategory;
  severity: ErrorSeverity;
  /** Internal message of the error; masked before it is shown or logged. */
  message: string;
}

/** Who resolved an entry, when and why. */
export interface DeadLetterResolution {
  by: string;
  at: Date;
  reason: string;
}

/**
 * One stored dead letter, unmasked: what a replay delivers. Never hand it out as is; the admin
 * API shows the masked {@link DeadLetterView}.
 */
export interface DeadLetter {
  id: string;
  /** Id of the original message, when it had one. */
  messageId?: string;
  /** Where the message came from: a queue, a topic, a route, a component. */
  source: string;
  /** Where it was going: a URL (`http://...`) or a transport address (`amqp:orders`); picks the replay transport. */
  destination: string;
  /** Message pattern or event type, when it had one. */
  pattern?: string;
  /** The original payload, unmasked. */
  payload: unknown;
  /** The original headers, unmasked. */
  headers: Record<string, string>;
  error: DeadLetterErrorInfo;
  /** Deliveries attempted before and since it was dead-lettered. */
  retryCount: number;
  status: DeadLetterStatus;
  /** When the original message arrived. */
  receivedAt: Date;
  firstFailedAt: Date;
  lastFailedAt: Date;
  /** When it entered the dead letter queue. */
  createdAt: Date;
  /** When a replay last claimed it. */
  lastAttemptAt?: Date;
  /**
   * When a replay last handed it over to a transport that cannot confirm the handler (a
   * broker); set while it awaits, or awaited, the consumer's confirmation. Cleared when the
   * message is dead-lettered again.
   */
  replayedAt?: Date;
  /**
   * Replays that claimed it and did not give it back untouched; kept when the message is
   * dead-lettered again and its entry reopened. @default 0
   */
  replayCount?: number;
  traceId?: string;
  requestId?: string;
  resolution?: DeadLetterResolution;
  /** Optimistic lock: raised by every change. */
  version: number;
}

/** A dead letter as the admin API shows it: payload, headers and texts masked. */
export type DeadLetterView = Omit<
  DeadLetter,
  | 'receivedAt'
  | 'firstFailedAt'
  | 'lastFailedAt'
  | 'createdAt'
  | 'lastAttemptAt'
  | 'replayedAt'
  | 'resolution'
> & {
  receivedAt: string;
  firstFailedAt: string;
  lastFailedAt: string;
  createdAt: string;
  lastAttemptAt?: string;
  replayedAt?: string;
  resolution?: { by: string; at: string; reason: string };
};

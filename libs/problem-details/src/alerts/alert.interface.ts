import type { ErrorSeverity } from '@nest-resilience/resilience';

/** Something an operator should hear about. */
export interface Alert {
  /** What makes two alerts the same, for de-duplication (`dlq-full`, `error:INTERNAL:postgres`). */
  key: string;
  /** Routes the alert: CRITICAL is sent at once, HIGH in a digest, the rest only logged. */
  severity: ErrorSeverity;
  /** One line. */
  title: string;
  /** What happened and what to look at. Never payloads or secrets. */
  message: string;
  /** Small structured facts (counts, codes, ids). */
  details?: Record<string, unknown>;
  /** @default now */
  occurredAt?: Date;
}

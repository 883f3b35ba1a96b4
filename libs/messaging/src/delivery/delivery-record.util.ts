import { RecordedFailureError } from '../errors/recorded-failure.error.js';
import type {
  InboxRecord,
  RecordedError,
} from '../inbox/inbox-record.interface.js';
import type { MessageDelivery } from './message-delivery.js';

/** An error as the inbox keeps it: class name, own code, message. */
export function describeError(error: unknown): RecordedError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return {
      name: error.name,
      ...(typeof code === 'string' ? { code } : {}),
      message: error.message,
    };
  }
  return { name: typeof error, message: String(error) };
}

/** A stand-in for an error an earlier process recorded. */
export function errorFromRecord(recorded: RecordedError): Error {
  return new RecordedFailureError(
    recorded.name,
    recorded.code,
    recorded.message,
  );
}

/**
 * Takes what the inbox kept into `delivery`, net of what this delivery already counted (a
 * delivery re-admitted after the inbox failed must not count its own attempts twice).
 */
export function restoreFromInbox(
  delivery: MessageDelivery,
  record: InboxRecord,
): void {
  delivery.priorAttempts = Math.max(
    delivery.priorAttempts,
    record.attempts - delivery.attempts,
  );
  delivery.priorDeliveries = Math.max(
    delivery.priorDeliveries,
    record.deliveries - delivery.failedRounds,
  );
  if (!delivery.historyLoaded) {
    delivery.history = [...record.history, ...delivery.history];
    delivery.historyLoaded = true;
  }
}

import type {
  ErrorLogEntry,
  ErrorLogQuery,
} from './error-log-entry.interface.js';

/**
 * Port of the error audit trail: where the exception filter records every error of severity
 * HIGH or CRITICAL. Inject it by this class; the default is {@link InMemoryErrorLogStore}.
 * Implementations must not throw from `record` into the caller's error path: the filter guards
 * the call, but a store that throws loses the entry.
 */
export abstract class ErrorLogStore {
  /** Stores one entry. */
  abstract record(entry: ErrorLogEntry): void | Promise<void>;
  /** Entries matching `query`, newest first. */
  abstract query(
    query?: ErrorLogQuery,
  ): ErrorLogEntry[] | Promise<ErrorLogEntry[]>;
}

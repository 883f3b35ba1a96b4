import type {
  ErrorLogEntry,
  ErrorLogQuery,
  ErrorLogResolution,
  ErrorLogStats,
} from './error-log-entry.interface.js';

/**
 * Port of the error audit trail: where the exception filter records every error of severity
 * HIGH or CRITICAL, and where operators list, count and resolve them. Inject it by this class;
 * the default is {@link InMemoryErrorLogStore}. Implementations must not throw from `record`
 * into the caller's error path: the filter guards the call, but a store that throws loses the
 * entry.
 */
export abstract class ErrorLogStore {
  /** Stores one entry. */
  abstract record(entry: ErrorLogEntry): void | Promise<void>;
  /** Entries matching `query`, newest first by `(timestamp, id)`. */
  abstract query(
    query?: ErrorLogQuery,
  ): ErrorLogEntry[] | Promise<ErrorLogEntry[]>;
  /** The entry with `id`, or `undefined`. */
  abstract get(
    id: string,
  ): ErrorLogEntry | undefined | Promise<ErrorLogEntry | undefined>;
  /**
   * Marks the open entry `id` resolved, atomically.
   * @returns `false` when no open entry has that id (unknown, or resolved already)
   */
  abstract resolve(
    id: string,
    resolution: ErrorLogResolution,
  ): boolean | Promise<boolean>;
  /** Counts over the whole log; `recent` counts entries at or after `recentSince`. */
  abstract stats(recentSince: Date): ErrorLogStats | Promise<ErrorLogStats>;
}

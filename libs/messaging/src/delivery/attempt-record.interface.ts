/**
 * One failed attempt of a message's handler, as the inbox keeps it and its dead letter shows
 * it (header `x-attempt-history`, a JSON array, oldest first).
 */
export interface AttemptRecord {
  /** When the attempt failed (ISO 8601). */
  at: string;
  /** Which delivery it belonged to, from 1. */
  delivery: number;
  /** Which attempt it was, counted across deliveries, from 1. */
  attempt: number;
  /** The classification's public code (`DEPENDENCY_UNAVAILABLE`, `VALIDATION_FAILED`). */
  code: string;
  /** The error's own code, where it had one (`ECONNREFUSED`, `57P01`). */
  sourceCode?: string;
  /** Class name of the error. */
  type: string;
  /** Its message, cut to {@link ATTEMPT_MESSAGE_LENGTH} characters. */
  message: string;
}

/** Longest error message an attempt record keeps. */
export const ATTEMPT_MESSAGE_LENGTH = 300;

/** Most attempt records a dead letter carries: the newest ones. */
export const MAX_ATTEMPT_RECORDS = 100;

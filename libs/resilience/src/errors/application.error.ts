import type { ProblemCode } from '../classification/problem-code.constants.js';

/**
 * Base class for domain errors an application throws (`OrderNotFoundError`,
 * `InvalidOrderTransitionError`). Domain code throws these, not `HttpException`; the classifier
 * maps `problem` to the response through the one status table.
 */
export abstract class ApplicationError extends Error {
  /** Stable, namespaced identifier, for example `ORDERS.NOT_FOUND`. */
  abstract readonly code: string;
  /** Public envelope code this error answers with, for example `NOT_FOUND`. */
  abstract readonly problem: ProblemCode;
  /** Brand checked by {@link isApplicationError}; survives package copies and JSON. */
  readonly applicationError = true;
  /**
   * Extra members for the envelope (RFC 9457 extension members), sent as they are, so only
   * what a client may see; they never replace a standard member.
   */
  readonly extensions?: Readonly<Record<string, unknown>>;

  /**
   * @param message detail safe to show a client (it is sent in the envelope's `detail`)
   * @param options `cause`, logged but never sent
   */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Type guard for {@link ApplicationError}. */
export function isApplicationError(value: unknown): value is ApplicationError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { applicationError?: unknown }).applicationError === true &&
    typeof (value as { problem?: unknown }).problem === 'string'
  );
}

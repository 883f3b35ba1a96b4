/**
 * Stand-in for the last error of a message whose attempts were spent by an earlier process:
 * only its class name, code and message survive, from the inbox. Classified by its `code`
 * like the original would have been where the code is one the classifier knows.
 */
export class RecordedFailureError extends Error {
  /**
   * @param name class name of the original error
   * @param code the original's own code (`ECONNRESET`, `ORDERS.CONFLICT`), when it had one
   * @param message the original's message
   */
  constructor(
    name: string,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = name;
  }
}

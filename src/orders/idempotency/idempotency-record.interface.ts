/** What is kept under an `Idempotency-Key`. */
export type IdempotencyRecord =
  /** The first request with the key is still running. */
  | { state: 'in-progress'; fingerprint: string }
  /** The first request finished: its answer is replayed to repeats. */
  | { state: 'completed'; fingerprint: string; status: number; body: unknown };

/**
 * What a database call was waiting for when its time ran out: a connection from the full pool
 * (`acquire`), a new connection's handshake (`connect`), or the server's answer to a statement
 * (`query`).
 */
export type DatabaseWait = 'acquire' | 'connect' | 'query';

/**
 * The database did not answer in time: no pooled connection came free within
 * `DATABASE_POOL_ACQUIRE_TIMEOUT_MS`, a new connection was not up within
 * `DATABASE_CONNECT_TIMEOUT_MS`, or a statement got no answer within
 * `DATABASE_QUERY_TIMEOUT_MS` (its connection is then dropped, since its state is unknown).
 * pg reports these as plain errors told apart only by their message, or not at all; this type
 * names them so `databaseTimeoutRule` classifies them as `DEPENDENCY_UNAVAILABLE` (503, counted
 * by the `postgres` breaker) and the request path does not wait for them a second time.
 */
export class DatabaseTimeoutError extends Error {
  static readonly CODE = 'DATABASE.TIMEOUT';
  /** Stable code, also the brand {@link isDatabaseTimeoutError} checks. */
  readonly code = DatabaseTimeoutError.CODE;

  /**
   * @param wait what the call was waiting for
   * @param timeoutMs the bound it reached
   * @param cause what pg reported, if anything
   */
  constructor(
    readonly wait: DatabaseWait,
    readonly timeoutMs: number,
    cause?: unknown,
  ) {
    super(
      `The database did not answer in time (${wait}, ${timeoutMs} ms)`,
      cause === undefined ? undefined : { cause },
    );
    this.name = DatabaseTimeoutError.name;
  }
}

/** Type guard for {@link DatabaseTimeoutError}, safe across package copies and processes. */
export function isDatabaseTimeoutError(
  value: unknown,
): value is DatabaseTimeoutError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { code?: unknown }).code === DatabaseTimeoutError.CODE
  );
}

/**
 * The {@link DatabaseTimeoutError} behind `error`: itself, the driver error TypeORM wrapped in
 * a `QueryFailedError`, or one in its `cause` chain (a retry's `RetriesExhaustedError`).
 */
export function findDatabaseTimeout(
  error: unknown,
): DatabaseTimeoutError | undefined {
  let current = error;
  for (let depth = 0; depth < 8; depth++) {
    if (typeof current !== 'object' || current === null) return undefined;
    if (isDatabaseTimeoutError(current)) return current;
    const { driverError } = current as { driverError?: unknown };
    if (isDatabaseTimeoutError(driverError)) return driverError;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

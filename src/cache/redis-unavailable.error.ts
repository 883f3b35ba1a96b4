/**
 * Redis could not answer a command: not connected (the offline queue is off, so commands fail
 * at once instead of waiting for a reconnection), the command timed out, or the connection
 * dropped under it. ioredis reports these as plain `Error`s told apart only by their message,
 * which the classifier never reads; this type gives them a name that
 * {@link redisUnavailableRule} classifies as `DEPENDENCY_UNAVAILABLE` (retryable, counted by
 * the `redis` breaker, recoverable, so callers' fallbacks apply).
 */
export class RedisUnavailableError extends Error {
  static readonly CODE = 'CACHE.REDIS_UNAVAILABLE';
  /** Stable code, also the brand {@link isRedisUnavailableError} checks. */
  readonly code = RedisUnavailableError.CODE;

  /**
   * @param command the Redis command that failed (`GET`, `EVALSHA`, ...)
   * @param cause what ioredis threw
   */
  constructor(command: string, cause: unknown) {
    super(`Redis did not answer ${command}`, { cause });
    this.name = RedisUnavailableError.name;
  }
}

/** Type guard for {@link RedisUnavailableError}, safe across package copies and processes. */
export function isRedisUnavailableError(
  value: unknown,
): value is RedisUnavailableError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { code?: unknown }).code === RedisUnavailableError.CODE
  );
}

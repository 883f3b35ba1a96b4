/** A counter after {@link KeyValueStore.increment}. */
export interface CounterState {
  /** The value after this increment: 1 for the first call in a window. */
  count: number;
  /** Time left until the counter expires and starts again from 0. */
  ttlMs: number;
}

/**
 * Port of the shared, expiring key-value state the application keeps outside its database:
 * cached orders, idempotency records and rate-limit counters. Redis when `REDIS_URL` is set,
 * process memory otherwise. Inject it by this class.
 *
 * Implementations may fail (Redis down, hung or unreachable); callers decide what a failure
 * means for them and fail open, so an outage of this store never fails a request.
 */
export abstract class KeyValueStore {
  /** Whether the state is shared between processes (Redis) or local to this one. */
  abstract readonly shared: boolean;

  /** The value of `key`, or `undefined` when it is absent or expired. */
  abstract get(key: string): Promise<string | undefined>;

  /** Stores `value` under `key` for `ttlMs`, replacing any value. */
  abstract set(key: string, value: string, ttlMs: number): Promise<void>;

  /**
   * Stores `value` under `key` for `ttlMs` only when `key` is absent.
   * @returns whether this call stored it
   */
  abstract setIfAbsent(
    key: string,
    value: string,
    ttlMs: number,
  ): Promise<boolean>;

  /** Removes `key`; nothing happens when it is absent. */
  abstract delete(key: string): Promise<void>;

  /**
   * Adds one to the counter `key`, creating it with a lifetime of `ttlMs` when it is absent
   * (a fixed window: later increments do not extend it).
   */
  abstract increment(key: string, ttlMs: number): Promise<CounterState>;
}

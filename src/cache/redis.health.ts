import { Injectable } from '@nestjs/common';
import {
  HealthIndicatorService,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { KeyValueStore } from './key-value.store.js';
import { RedisKeyValueStore } from './redis-key-value.store.js';

/** How long the Redis check waits for `PONG` before reporting Redis degraded. */
export const REDIS_HEALTH_TIMEOUT_MS = 1_000;

/**
 * Terminus indicator of Redis. Redis is not critical (the cache, idempotency records and rate
 * limits fail open), so an unreachable or hung Redis makes the check `degraded`, never `down`:
 * `/health` says so, readiness stays up. Without `REDIS_URL` it is `up` with `mode: 'in-memory'`.
 * The ping bypasses the `redis` breaker and is bounded by {@link REDIS_HEALTH_TIMEOUT_MS}.
 */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly store: KeyValueStore,
  ) {}

  /** @param key key of the indicator in the result @default 'redis' */
  async isHealthy<const Key extends string = 'redis'>(
    key: Key = 'redis' as Key,
    timeoutMs = REDIS_HEALTH_TIMEOUT_MS,
  ): Promise<HealthIndicatorResult<Key>> {
    const store = this.store;
    if (!(store instanceof RedisKeyValueStore)) {
      return this.health.check(key).up({ mode: 'in-memory' });
    }
    const result = await this.health
      .check(key)
      .attempt(async () => {
        await store.ping();
        return { mode: 'redis' };
      })
      .withTimeout(timeoutMs);
    const { status, message: _reason, ...details } = result[key];
    if (status !== 'down') return result;
    return this.health.check(key).degraded({
      ...details,
      mode: 'redis',
      message:
        'Redis does not answer; cache, idempotency and rate limits run locally',
    });
  }
}

import { Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { Fallback } from '@nest-resilience/resilience';
import { InMemoryKeyValueStore } from './in-memory-key-value.store.js';
import { KeyValueStore } from './key-value.store.js';

/** What `ThrottlerStorage.increment` answers (`ThrottlerStorageRecord`, times in seconds). */
export interface RateLimitRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

/** Local counters kept while Redis is unreachable. */
const LOCAL_MAX_KEYS = 10_000;

/**
 * The throttler's storage on the shared {@link KeyValueStore}, so every instance counts a
 * client's requests together when Redis is configured: a fixed window of `ttl` per client and
 * throttler, one atomic increment per request. A client over the limit is blocked until its
 * window ends (`blockDuration` is not used: the application's throttler blocks for its `ttl`,
 * the throttler's default).
 *
 * Fails open: while the store is unreachable (or its breaker is open), counting falls back to
 * this process's memory, so a Redis outage neither fails requests nor switches rate limiting
 * off; each instance then limits on its own.
 */
@Injectable()
export class RateLimitStorage implements ThrottlerStorage {
  private readonly local = new InMemoryKeyValueStore(LOCAL_MAX_KEYS);

  constructor(private readonly store: KeyValueStore) {}

  /** Counts one request of `key`; see `ThrottlerStorage.increment`. */
  @Fallback({ method: 'incrementLocally' })
  increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    throttlerName: string,
  ): Promise<RateLimitRecord> {
    return hit(this.store, key, ttl, limit, throttlerName);
  }

  /** The fallback of {@link increment}: the same count in this process's memory. */
  incrementLocally(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    throttlerName: string,
  ): Promise<RateLimitRecord> {
    return hit(this.local, key, ttl, limit, throttlerName);
  }
}

async function hit(
  store: KeyValueStore,
  key: string,
  ttlMs: number,
  limit: number,
  throttlerName: string,
): Promise<RateLimitRecord> {
  // One round trip per request: past the limit the client stays blocked until the window ends,
  // since every further request keeps the count above the limit.
  const { count, ttlMs: leftMs } = await store.increment(
    `throttle:${throttlerName}:${key}`,
    ttlMs,
  );
  const isBlocked = count > limit;
  return {
    totalHits: count,
    timeToExpire: seconds(leftMs),
    isBlocked,
    timeToBlockExpire: isBlocked ? seconds(leftMs) : 0,
  };
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { cacheConfig, type CacheConfig } from './cache.config.js';
import { InMemoryKeyValueStore } from './in-memory-key-value.store.js';
import { KeyValueStore } from './key-value.store.js';
import { RateLimitStorage } from './rate-limit.storage.js';
import { createRedisClient } from './redis-client.factory.js';
import { RedisKeyValueStore } from './redis-key-value.store.js';
import { RedisHealthIndicator } from './redis.health.js';

/**
 * Shared expiring state: the {@link KeyValueStore} on Redis when `REDIS_URL` is set (behind the
 * `redis` breaker), in memory otherwise; the throttler's {@link RateLimitStorage} on it; and the
 * Redis health indicator. Import it where the store is needed and in `ThrottlerModule`'s
 * `forRootAsync({ imports, inject: [RateLimitStorage] })`.
 */
@Module({
  imports: [ConfigModule.forFeature(cacheConfig), TerminusModule],
  providers: [
    {
      provide: KeyValueStore,
      inject: [cacheConfig.KEY],
      useFactory: (config: CacheConfig): KeyValueStore =>
        config.redisUrl === undefined
          ? new InMemoryKeyValueStore()
          : new RedisKeyValueStore(createRedisClient(config)),
    },
    RateLimitStorage,
    RedisHealthIndicator,
  ],
  exports: [KeyValueStore, RateLimitStorage, RedisHealthIndicator],
})
export class KeyValueStoreModule {}

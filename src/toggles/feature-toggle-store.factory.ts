import {
  InMemoryFeatureToggleStore,
  type FeatureToggleStore,
} from '@nest-resilience/resilience';
import type { CacheConfig } from '../cache/cache.config.js';
import { createRedisClient } from '../cache/redis-client.factory.js';
import { RedisFeatureToggleStore } from './redis-feature-toggle.store.js';

/**
 * Where runtime feature toggle changes live: Redis when `REDIS_URL` is set, so a change reaches
 * every instance, or this process's memory otherwise. Give it to
 * `ResilienceModule.forRoot({ features: { store } })`, which owns its connections.
 */
export function createFeatureToggleStore(
  config: CacheConfig,
): FeatureToggleStore {
  return config.redisUrl === undefined
    ? new InMemoryFeatureToggleStore()
    : new RedisFeatureToggleStore(createRedisClient(config), config.keyPrefix);
}

import { Redis } from 'ioredis';
import type { CacheConfig } from './cache.config.js';

/**
 * An ioredis client for `config.redisUrl`, set up so a Redis outage costs a request at most a
 * few hundred milliseconds:
 *
 * - `enableOfflineQueue: false`: while disconnected, commands fail at once instead of queueing
 *   until a reconnection that may never come;
 * - `commandTimeout`: a hung server (accepting, never answering) fails a command after
 *   `commandTimeoutMs`;
 * - `maxRetriesPerRequest: 1` and no resending after a reconnection: our own breaker and retry
 *   policy decide about retries, not the driver;
 * - reconnection forever, backing off up to `maxReconnectDelayMs`, so Redis coming back is
 *   picked up without restarting the application;
 * - `lazyConnect`: the connection is opened by the owner at boot, where a failure is logged
 *   and tolerated instead of thrown.
 */
export function createRedisClient(config: CacheConfig): Redis {
  if (config.redisUrl === undefined) {
    throw new TypeError('createRedisClient needs cache.redisUrl (REDIS_URL)');
  }
  return new Redis(config.redisUrl, {
    lazyConnect: true,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 1,
    commandTimeout: config.commandTimeoutMs,
    connectTimeout: config.connectTimeoutMs,
    keyPrefix: config.keyPrefix,
    retryStrategy: (times) => Math.min(times * 100, config.maxReconnectDelayMs),
  });
}

import { registerAs, type ConfigType } from '@nestjs/config';
import { z } from 'zod';

const schema = z.object({
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//i, 'must be a redis:// or rediss:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

/**
 * The `cache` configuration namespace: Redis when `REDIS_URL` is set, in-memory state
 * otherwise. Validated at boot; a malformed URL stops the start.
 *
 * Timeouts are chosen so a hung Redis cannot stall a request: a command gives up after
 * `commandTimeoutMs` (a Redis on the same network answers in about a millisecond), and a
 * connection attempt after `connectTimeoutMs`. The command timeout is the only one a command
 * has: the `redis` breaker adds none in the shipped configuration.
 */
export const cacheConfig = registerAs('cache', () => {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(
      `Invalid cache environment:\n  - ${problems.join('\n  - ')}`,
    );
  }
  return {
    /** `REDIS_URL`; unset: in-memory state, not shared between processes. */
    redisUrl: parsed.data.REDIS_URL,
    /** How long one Redis command may take before it fails. @default 200 */
    commandTimeoutMs: 200,
    /** How long opening the connection may take. @default 1000 */
    connectTimeoutMs: 1_000,
    /** Longest wait between two reconnection attempts. @default 2000 */
    maxReconnectDelayMs: 2_000,
    /** Prefix of every key, so several applications may share one Redis. @default 'app:' */
    keyPrefix: 'app:',
  };
});

/** Type of the injected `cache` namespace. */
export type CacheConfig = ConfigType<typeof cacheConfig>;

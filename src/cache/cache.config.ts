import { registerAs, type ConfigType } from '@nestjs/config';
import { z } from 'zod';

const schema = z.object({
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//i, 'must be a redis:// or rediss:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(10).default(200),
  REDIS_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(1_000),
  REDIS_MAX_RECONNECT_DELAY_MS: z.coerce.number().int().min(100).default(2_000),
});

/** Variables that only a Redis connection uses: set without `REDIS_URL`, they stop the start. */
const REDIS_ONLY = [
  'REDIS_COMMAND_TIMEOUT_MS',
  'REDIS_CONNECT_TIMEOUT_MS',
  'REDIS_MAX_RECONNECT_DELAY_MS',
] as const;

/**
 * The `cache` configuration namespace: Redis when `REDIS_URL` is set, in-memory state
 * otherwise. Validated at boot; a malformed URL or timeout stops the start.
 *
 * Timeouts are chosen so a hung Redis cannot stall a request: a command gives up after
 * `REDIS_COMMAND_TIMEOUT_MS` (a Redis on the same network answers in about a millisecond), and
 * a connection attempt after `REDIS_CONNECT_TIMEOUT_MS`; while disconnected, commands fail at
 * once. The command timeout is the only one a command has: the `redis` breaker adds none in
 * the shipped configuration. Every caller falls back to local state, so an unavailable Redis
 * costs a request at most a command timeout per call until the `redis` breaker opens.
 */
export const cacheConfig = registerAs('cache', () => {
  const env = process.env;
  const parsed = schema.safeParse(env);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues).map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    ),
    ...(env.REDIS_URL
      ? []
      : REDIS_ONLY.filter((name) => env[name] !== undefined).map(
          (name) =>
            `${name}: applies to Redis only, and REDIS_URL is unset (in-memory state)`,
        )),
  ];
  if (!parsed.success || problems.length > 0) {
    throw new Error(
      `Invalid cache environment:\n  - ${problems.join('\n  - ')}`,
    );
  }
  const e = parsed.data;
  return {
    /** `REDIS_URL`; unset: in-memory state, not shared between processes. */
    redisUrl: e.REDIS_URL,
    /** How long one Redis command may take (`REDIS_COMMAND_TIMEOUT_MS`). @default 200 */
    commandTimeoutMs: e.REDIS_COMMAND_TIMEOUT_MS,
    /** How long opening the connection may take (`REDIS_CONNECT_TIMEOUT_MS`). @default 1000 */
    connectTimeoutMs: e.REDIS_CONNECT_TIMEOUT_MS,
    /** Longest wait between reconnections (`REDIS_MAX_RECONNECT_DELAY_MS`). @default 2000 */
    maxReconnectDelayMs: e.REDIS_MAX_RECONNECT_DELAY_MS,
    /** Prefix of every key, so several applications may share one Redis. @default 'app:' */
    keyPrefix: 'app:',
  };
});

/** Type of the injected `cache` namespace. */
export type CacheConfig = ConfigType<typeof cacheConfig>;

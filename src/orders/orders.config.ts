import { registerAs, type ConfigType } from '@nestjs/config';
import { z } from 'zod';

const httpUrl = z
  .string()
  .regex(/^https?:\/\/[^\s/]+/i, 'must be an http:// or https:// URL')
  .transform((url) => url.replace(/\/+$/, ''))
  .optional()
  .or(z.literal('').transform(() => undefined));

const schema = z.object({
  PRODUCT_SERVICE_URL: httpUrl,
  DELIVERY_SERVICE_URL: httpUrl,
  SHUTDOWN_GRACE_PERIOD_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(600_000)
    .default(10_000),
});

/**
 * The `orders` configuration namespace, validated at boot. Downstream URLs left unset mean the
 * built-in simulators, served by this application on its own port.
 */
export const ordersConfig = registerAs('orders', () => {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(
      `Invalid orders environment:\n  - ${problems.join('\n  - ')}`,
    );
  }
  const env = parsed.data;
  return {
    /** `PRODUCT_SERVICE_URL`; unset: the product service simulator. */
    productServiceUrl: env.PRODUCT_SERVICE_URL,
    /** `DELIVERY_SERVICE_URL`; unset: the delivery service simulator. */
    deliveryServiceUrl: env.DELIVERY_SERVICE_URL,
    /** How long shutdown waits for requests and deliveries in flight. @default 10000 */
    shutdownGracePeriodMs: env.SHUTDOWN_GRACE_PERIOD_MS,
    /** How long a cached order is served before it is read again. @default 60000 */
    cacheTtlMs: 60_000,
    /** How often the delivery retry job looks for queued deliveries. @default 5000 */
    deliveryRetryIntervalMs: 5_000,
    /** First wait before a queued delivery is tried again; doubles each time. @default 5000 */
    deliveryRetryBaseDelayMs: 5_000,
    /** Longest wait between two tries of a queued delivery. @default 300000 */
    deliveryRetryMaxDelayMs: 300_000,
    /** Tries of one delivery, the first included, before it is marked failed. @default 20 */
    deliveryMaxAttempts: 20,
    /** Queued deliveries one run of the job tries. @default 20 */
    deliveryBatchSize: 20,
  };
});

/** Type of the injected `orders` namespace. */
export type OrdersConfig = ConfigType<typeof ordersConfig>;

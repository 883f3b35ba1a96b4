import { registerAs, type ConfigType } from '@nestjs/config';
import { z } from 'zod';
import type { ResilientMessagingModuleOptions } from '@nest-resilience/messaging';

const flag = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

const schema = z.object({
  RABBITMQ_URL: z
    .string()
    .regex(/^amqps?:\/\//i, 'must be an amqp:// or amqps:// URL')
    .optional(),
  NATS_URL: z
    .string()
    .regex(/^(nats|tls):\/\//i, 'must be a nats:// or tls:// URL')
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//i, 'must be a redis:// or rediss:// URL')
    .optional(),
  MESSAGING_QUEUE: z.string().min(1).max(200).default('orders.events'),
  MESSAGING_PREFETCH: z.coerce.number().int().min(1).max(1_000).default(32),
  MESSAGING_DELIVERY_LIMIT: z.coerce
    .number()
    .int()
    .min(2)
    .max(1_000)
    .default(20),
  MESSAGING_NATS_STREAM: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('ORDERS'),
  MESSAGING_NATS_DURABLE: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('order-status'),
  MESSAGING_REDIS_EVENTS: flag.default(true),
  MESSAGING_RELAY: flag.default(true),
});

/** The messaging settings the application runs with. */
export interface MessagingSettings {
  /** The durable broker: RabbitMQ when `RABBITMQ_URL` is set, else JetStream when `NATS_URL` is, else in process. */
  broker: ResilientMessagingModuleOptions['broker'];
  /** Nest's Redis transport (at most once) for events, when `REDIS_URL` is set and not turned off. */
  redis?: { host: string; port: number; password?: string; tls: boolean };
  /** Whether this instance relays the outbox. */
  relayEnabled: boolean;
}

/** Validates `env` into {@link MessagingSettings}. @throws Error naming every invalid variable */
export function parseMessagingSettings(
  env: NodeJS.ProcessEnv,
): MessagingSettings {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(
      `Invalid messaging environment:\n  - ${problems.join('\n  - ')}`,
    );
  }
  const e = parsed.data;
  const queue = e.MESSAGING_QUEUE;
  const broker: MessagingSettings['broker'] = e.RABBITMQ_URL
    ? {
        transport: 'rabbitmq',
        url: e.RABBITMQ_URL,
        queue,
        prefetch: e.MESSAGING_PREFETCH,
        deliveryLimit: e.MESSAGING_DELIVERY_LIMIT,
      }
    : e.NATS_URL
      ? {
          transport: 'nats',
          servers: e.NATS_URL,
          stream: e.MESSAGING_NATS_STREAM,
          subject: queue,
          durable: e.MESSAGING_NATS_DURABLE,
          maxAckPending: e.MESSAGING_PREFETCH,
          maxDeliver: e.MESSAGING_DELIVERY_LIMIT,
        }
      : { transport: 'in-process', queue };
  let redis: MessagingSettings['redis'];
  if (e.REDIS_URL && e.MESSAGING_REDIS_EVENTS) {
    const url = new URL(e.REDIS_URL);
    redis = {
      host: url.hostname,
      port: Number(url.port || 6379),
      ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
      tls: url.protocol === 'rediss:',
    };
  }
  return {
    broker,
    ...(redis ? { redis } : {}),
    relayEnabled: e.MESSAGING_RELAY,
  };
}

/**
 * The `messaging` configuration namespace, validated at boot: the durable broker
 * (`RABBITMQ_URL`, else `NATS_URL`, else in process on the database), the queue
 * (`MESSAGING_QUEUE`), prefetch and broker delivery limit, JetStream names, the optional Redis
 * event transport (`REDIS_URL`, `MESSAGING_REDIS_EVENTS`) and whether this instance relays the
 * outbox (`MESSAGING_RELAY`).
 */
export const messagingConfig = registerAs('messaging', () =>
  parseMessagingSettings(process.env),
);

/** The resolved `messaging` namespace. */
export type MessagingConfig = ConfigType<typeof messagingConfig>;

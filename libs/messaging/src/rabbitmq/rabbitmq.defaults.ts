import type { RabbitMqBrokerOptions } from '../resilient-messaging-options.interface.js';

/** Every default of the RabbitMQ transport, defined once. */
export const RABBITMQ_DEFAULTS: Required<
  Omit<RabbitMqBrokerOptions, 'transport' | 'url' | 'queue'>
> = {
  prefetch: 32,
  deliveryLimit: 20,
  singleActiveConsumer: true,
  publishTimeoutMs: 5_000,
  reconnectSeconds: 1,
};

/** The options with every default filled in. */
export type ResolvedRabbitMqOptions = Required<RabbitMqBrokerOptions>;

/** `options` over {@link RABBITMQ_DEFAULTS}. */
export function resolveRabbitMqOptions(
  options: RabbitMqBrokerOptions,
): ResolvedRabbitMqOptions {
  return { ...RABBITMQ_DEFAULTS, ...options };
}

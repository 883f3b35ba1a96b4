import { parseMessagingSettings } from './messaging.config.js';

describe('parseMessagingSettings', () => {
  it('runs in process on the database when no broker is configured', () => {
    expect(parseMessagingSettings({})).toEqual({
      broker: { transport: 'in-process', queue: 'orders.events' },
      relayEnabled: true,
    });
  });

  it('prefers RabbitMQ, then JetStream', () => {
    const both = {
      RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:5672',
      NATS_URL: 'nats://127.0.0.1:4222',
    };
    expect(parseMessagingSettings(both).broker).toEqual({
      transport: 'rabbitmq',
      url: both.RABBITMQ_URL,
      queue: 'orders.events',
      prefetch: 32,
      deliveryLimit: 20,
    });
    expect(
      parseMessagingSettings({
        NATS_URL: both.NATS_URL,
        MESSAGING_PREFETCH: '8',
      }).broker,
    ).toEqual({
      transport: 'nats',
      servers: both.NATS_URL,
      stream: 'ORDERS',
      subject: 'orders.events',
      durable: 'order-status',
      maxAckPending: 8,
      maxDeliver: 20,
    });
  });

  it('adds the Redis event transport when REDIS_URL is set, unless turned off', () => {
    expect(
      parseMessagingSettings({ REDIS_URL: 'redis://:s3cret@cache:6380' }).redis,
    ).toEqual({
      host: 'cache',
      port: 6380,
      password: 's3cret',
      tls: false,
    });
    expect(
      parseMessagingSettings({
        REDIS_URL: 'redis://cache',
        MESSAGING_REDIS_EVENTS: 'false',
      }).redis,
    ).toBeUndefined();
  });

  it('stops the start naming every invalid variable', () => {
    expect(() =>
      parseMessagingSettings({
        RABBITMQ_URL: 'http://nope',
        MESSAGING_PREFETCH: '0',
      }),
    ).toThrow(
      /RABBITMQ_URL: must be an amqp:\/\/ or amqps:\/\/ URL[\s\S]*MESSAGING_PREFETCH/,
    );
  });
});

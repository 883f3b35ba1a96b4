import type { INestApplication, INestMicroservice } from '@nestjs/common';
import { Transport } from '@nestjs/microservices';
import { connectResilientMicroservice } from '@nest-resilience/problem-details';
import {
  DeliveryGuarantee,
  DurableTransportFactory,
  MessagingTransportRegistry,
} from '@nest-resilience/messaging';
import { messagingConfig, type MessagingConfig } from './messaging.config.js';

/**
 * Connects the application's message consumers, before `app.init()`: the durable consumer of
 * the configured broker (at least once), and Nest's Redis transport when `REDIS_URL` is set
 * (at most once: Redis pub/sub keeps nothing for a consumer that is not listening). Both get
 * the application's filters, pipes and interceptors, so the same handlers and decorators work
 * on either. Then `await app.init(); await app.startAllMicroservices();`.
 */
export function connectMessaging(app: INestApplication): INestMicroservice[] {
  const settings = app.get<MessagingConfig>(messagingConfig.KEY);
  const strategy = app.get(DurableTransportFactory).createServer();
  const microservices = [connectResilientMicroservice(app, { strategy })];
  if (settings.redis) {
    const { host, port, password, tls } = settings.redis;
    const redis = connectResilientMicroservice(app, {
      transport: Transport.REDIS,
      options: {
        host,
        port,
        ...(password ? { password } : {}),
        ...(tls ? { tls: {} } : {}),
      },
    });
    let connected = false;
    redis.status.subscribe((status) => (connected = status === 'connected'));
    microservices.push(redis);
    app.get(MessagingTransportRegistry).register({
      name: 'redis consumer',
      transport: 'redis',
      guarantee: DeliveryGuarantee.AT_MOST_ONCE,
      isConnected: () => connected,
    });
  }
  return microservices;
}

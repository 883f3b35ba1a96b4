import { Inject, Injectable } from '@nestjs/common';
import type { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { InProcessPublisher } from '../in-process/in-process.publisher.js';
import { InProcessServer } from '../in-process/in-process.server.js';
import { MessagingTransportRegistry } from '../health/messaging-transport.registry.js';
import { JetStreamServer } from '../nats/jetstream.server.js';
import { resolveJetStreamOptions } from '../nats/jetstream.defaults.js';
import { MessagePublisher } from '../outbox/message.publisher.js';
import { resolveRabbitMqOptions } from '../rabbitmq/rabbitmq.defaults.js';
import { DurableRmqServer } from '../rabbitmq/durable-rmq.server.js';
import type { ResilientMessagingModuleOptions } from '../resilient-messaging-options.interface.js';
import { RESILIENT_MESSAGING_OPTIONS } from '../resilient-messaging.module-definition.js';
import type { DurableDispatcherOptions } from './durable.dispatcher.js';
import { MessageDeliveryService } from './message-delivery.service.js';

/** A durable consumer: a Nest transport strategy. */
export type DurableServer = Server & CustomTransportStrategy;

/**
 * Builds the durable consumer of the configured broker, to connect as a microservice of the
 * application (`connectResilientMicroservice(app, { strategy })`), and registers it for health.
 */
@Injectable()
export class DurableTransportFactory {
  constructor(
    @Inject(RESILIENT_MESSAGING_OPTIONS)
    private readonly options: ResilientMessagingModuleOptions,
    private readonly deliveries: MessageDeliveryService,
    private readonly publisher: MessagePublisher,
    private readonly registry: MessagingTransportRegistry,
  ) {}

  /** A new consumer strategy for the configured broker. */
  createServer(dispatcher?: DurableDispatcherOptions): DurableServer {
    const { broker } = this.options;
    switch (broker.transport) {
      case 'rabbitmq': {
        const server = new DurableRmqServer(
          resolveRabbitMqOptions(broker),
          this.deliveries,
          dispatcher,
        );
        this.registry.register({
          name: `rabbitmq consumer of ${broker.queue}`,
          transport: 'rabbitmq',
          guarantee: server.guarantee,
          isConnected: () => server.isConnected(),
          load: () => server.load(),
        });
        return server;
      }
      case 'nats': {
        const server = new JetStreamServer(
          resolveJetStreamOptions(broker),
          this.deliveries,
          dispatcher,
        );
        this.registry.register({
          name: `jetstream consumer ${broker.durable} of ${broker.stream}`,
          transport: 'nats',
          guarantee: server.guarantee,
          isConnected: () => server.isConnected(),
          load: () => server.load(),
        });
        return server;
      }
      case 'in-process': {
        const server = new InProcessServer(
          broker.queue ?? 'in-process',
          this.deliveries,
        );
        if (this.publisher instanceof InProcessPublisher)
          this.publisher.attach(server);
        this.registry.register({
          name: `in-process consumer of ${broker.queue ?? 'in-process'}`,
          transport: 'in-process',
          guarantee: server.guarantee,
          isConnected: () => server.isListening(),
        });
        return server;
      }
    }
  }
}

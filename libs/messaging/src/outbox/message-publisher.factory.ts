import { InProcessPublisher } from '../in-process/in-process.publisher.js';
import { resolveJetStreamOptions } from '../nats/jetstream.defaults.js';
import { JetStreamPublisher } from '../nats/jetstream.publisher.js';
import { resolveRabbitMqOptions } from '../rabbitmq/rabbitmq.defaults.js';
import { RabbitMqPublisher } from '../rabbitmq/rabbitmq.publisher.js';
import type { ResilientMessagingModuleOptions } from '../resilient-messaging-options.interface.js';
import type { MessagePublisher } from './message.publisher.js';

/** The outbox relay's publisher for the configured broker. */
export function createMessagePublisher(
  options: ResilientMessagingModuleOptions,
): MessagePublisher {
  const { broker } = options;
  switch (broker.transport) {
    case 'rabbitmq':
      return new RabbitMqPublisher(resolveRabbitMqOptions(broker));
    case 'nats':
      return new JetStreamPublisher(resolveJetStreamOptions(broker));
    case 'in-process':
      return new InProcessPublisher();
  }
}

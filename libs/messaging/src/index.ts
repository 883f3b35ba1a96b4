// Public API of the messaging capability; re-exported by the library's entry.
// Module
export { ResilientMessagingModule } from './resilient-messaging.module.js';
export {
  RESILIENT_MESSAGING_OPTIONS,
  RESILIENT_MESSAGING_OPTIONS_TYPE,
  RESILIENT_MESSAGING_ASYNC_OPTIONS_TYPE,
} from './resilient-messaging.module-definition.js';
export type {
  InProcessBrokerOptions,
  NatsBrokerOptions,
  OutboxRelayOptions,
  RabbitMqBrokerOptions,
  ResilientMessagingModuleOptions,
} from './resilient-messaging-options.interface.js';
export { MESSAGING_ENTITIES, MESSAGING_MIGRATIONS } from './messaging-typeorm.constants.js';
export { MESSAGE_HEADERS, MESSAGING_HEALTH_KEY } from './messaging.constants.js';
export { DeliveryGuarantee } from './delivery-guarantee.enum.js';
// Publishing: the transactional outbox
export { OutboxPublisher } from './outbox.publisher.js';
export type { OutboxEvent } from './outbox-event.interface.js';
export { OutboxRelay } from './outbox/outbox.relay.js';
export { MessagePublisher, type PublishOutcome } from './outbox/message.publisher.js';
export type { OutboundMessage } from './outbox/outbound-message.interface.js';
// Consuming
export { ResilientConsumer } from './delivery/resilient-consumer.decorator.js';
export { MessageAttemptInterceptor } from './delivery/message-attempt.interceptor.js';
export { MessageDeliveryFailureHandler } from './delivery/message-delivery-failure.handler.js';
export { MessageFailureFilter } from './delivery/message-failure.filter.js';
export { MessageDelivery } from './delivery/message-delivery.js';
export { MessageDeliveryService } from './delivery/message-delivery.service.js';
export { DurableTransportFactory, type DurableServer } from './delivery/durable-transport.factory.js';
export type { DurableDispatcherOptions } from './delivery/durable.dispatcher.js';
export { InboxService, type ConsumeResult } from './inbox/inbox.service.js';
export { DurableRmqServer } from './rabbitmq/durable-rmq.server.js';
export { JetStreamServer } from './nats/jetstream.server.js';
export { JetStreamContext } from './nats/jetstream.context.js';
export { InProcessServer, InProcessContext } from './in-process/in-process.server.js';
// Errors
export { MalformedMessageError, isMalformedMessageError } from './errors/malformed-message.error.js';
export { BrokerUnavailableError, isBrokerUnavailableError } from './errors/broker-unavailable.error.js';
export {
  DeliveryLimitExceededError,
  isDeliveryLimitExceededError,
} from './errors/delivery-limit-exceeded.error.js';
export { UnknownPatternError, isUnknownPatternError } from './errors/unknown-pattern.error.js';
export { MessageOutOfOrderError, isMessageOutOfOrderError } from './errors/message-out-of-order.error.js';
export {
  MessageAttemptsExhaustedError,
  isMessageAttemptsExhaustedError,
} from './errors/message-attempts-exhausted.error.js';
// Health
export { MessagingHealthIndicator, type MessagingHealthOptions } from './health/messaging.health.js';
export { MessagingTransportRegistry, type MessagingEndpoint } from './health/messaging-transport.registry.js';

// Building blocks the other libraries of the toolkit use
export { assertDurableQueue } from './rabbitmq/rabbitmq.topology.js';

// Module
export { ResilientMessagingModule } from './resilient-messaging.module.js';
export type {
  InProcessBrokerOptions,
  NatsBrokerOptions,
  OutboxRelayOptions,
  RabbitMqBrokerOptions,
  ResilientMessagingModuleOptions,
} from './resilient-messaging-options.interface.js';
export {
  MESSAGING_ENTITIES,
  MESSAGING_MIGRATIONS,
} from './messaging-typeorm.constants.js';
export { DeliveryGuarantee } from './delivery-guarantee.enum.js';
// Publishing: the transactional outbox and the broker behind it
export { OutboxPublisher } from './outbox.publisher.js';
export type { OutboxEvent } from './outbox-event.interface.js';
export { OutboxRelay } from './outbox/outbox.relay.js';
export {
  MessagePublisher,
  type PublishOutcome,
} from './outbox/message.publisher.js';
export type { OutboundMessage } from './outbox/outbound-message.interface.js';
// Consuming: durable consumers, attempts and redelivery, the inbox
export { ResilientConsumer } from './delivery/resilient-consumer.decorator.js';
export {
  DurableTransportFactory,
  type DurableServer,
} from './delivery/durable-transport.factory.js';
export type { DurableDispatcherOptions } from './delivery/durable.dispatcher.js';
export {
  DEFAULT_REDELIVERY_OPTIONS,
  type RedeliveryJitter,
  type RedeliveryOptions,
} from './delivery/redelivery-options.interface.js';
export type { ResilientConsumerOptions } from './delivery/resilient-consumer-options.interface.js';
export type { AttemptRecord } from './delivery/attempt-record.interface.js';
export { MessageDelivery } from './delivery/message-delivery.js';
export { MessageDeliveryFailureHandler } from './delivery/message-delivery-failure.handler.js';
export { InboxService, type ConsumeResult } from './inbox/inbox.service.js';
// What became of each message consumed, as it happens (metrics)
export { MessagingEvents } from './events/messaging.events.js';
export type {
  MessageOutcome,
  MessageOutcomeEvent,
  MessageOutcomeListener,
} from './events/message-outcome-event.interface.js';
// Producers outside the outbox: the headers consumers read and the queues they expect
export { MESSAGE_HEADERS } from './messaging.constants.js';
export {
  assertDurableQueue,
  type DurableQueueTopology,
} from './rabbitmq/rabbitmq.topology.js';
// Errors
export {
  MalformedMessageError,
  isMalformedMessageError,
} from './errors/malformed-message.error.js';
export {
  BrokerUnavailableError,
  isBrokerUnavailableError,
} from './errors/broker-unavailable.error.js';
export {
  DeliveryLimitExceededError,
  isDeliveryLimitExceededError,
} from './errors/delivery-limit-exceeded.error.js';
export {
  UnknownPatternError,
  isUnknownPatternError,
} from './errors/unknown-pattern.error.js';
export {
  MessageOutOfOrderError,
  isMessageOutOfOrderError,
} from './errors/message-out-of-order.error.js';
export {
  MessageAttemptsExhaustedError,
  isMessageAttemptsExhaustedError,
} from './errors/message-attempts-exhausted.error.js';
export {
  InvalidRedeliveryOptionsError,
  isInvalidRedeliveryOptionsError,
} from './errors/invalid-redelivery-options.error.js';
// Health
export {
  MessagingHealthIndicator,
  type MessagingHealthOptions,
} from './health/messaging.health.js';
export {
  MessagingTransportRegistry,
  type MessagingEndpoint,
} from './health/messaging-transport.registry.js';

import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AtMostOnceDeadLetterer } from './delivery/at-most-once.dead-letterer.js';
import { ConsumerRedeliveryRegistry } from './delivery/consumer-redelivery.registry.js';
import { DurableTransportFactory } from './delivery/durable-transport.factory.js';
import { MessageAttemptInterceptor } from './delivery/message-attempt.interceptor.js';
import { MessageDeliveryService } from './delivery/message-delivery.service.js';
import { MessageRedeliveryPolicy } from './delivery/message-redelivery.policy.js';
import { MessagingDeadLetterTransport } from './delivery/messaging-dead-letter.transport.js';
import { MessagingEvents } from './events/messaging.events.js';
import { MessagingHealthIndicator } from './health/messaging.health.js';
import { MessagingTransportRegistry } from './health/messaging-transport.registry.js';
import { GroupPositionCache } from './inbox/group-position.cache.js';
import { InboxService } from './inbox/inbox.service.js';
import { InboxFailureStore } from './inbox/inbox-failure.store.js';
import { InboxStore } from './inbox/inbox.store.js';
import { MESSAGING_ENTITIES } from './messaging-typeorm.constants.js';
import { createMessagePublisher } from './outbox/message-publisher.factory.js';
import { MessagePublisher } from './outbox/message.publisher.js';
import { OutboxRelay } from './outbox/outbox.relay.js';
import { OutboxSignal } from './outbox/outbox.signal.js';
import { OutboxStore } from './outbox/outbox.store.js';
import { TypeOrmOutboxPublisher } from './outbox/typeorm-outbox.publisher.js';
import { OutboxPublisher } from './outbox.publisher.js';
import type { ResilientMessagingModuleOptions } from './resilient-messaging-options.interface.js';
import {
  RESILIENT_MESSAGING_OPTIONS,
  ResilientMessagingConfigurableModule,
} from './resilient-messaging.module-definition.js';
import { MessagingTransactionRunner } from './storage/messaging-transaction.runner.js';

/**
 * Messaging that never loses a message: the transactional outbox (`OutboxPublisher`) and its
 * relay with publisher confirms, the consumer inbox (`InboxService`), durable consumers for
 * RabbitMQ, JetStream or in process (`DurableTransportFactory`), attempt counting across
 * redeliveries (`@ResilientConsumer()`), redelivery with backoff of messages failing for a
 * reason that says "later" (`redelivery`), dead-lettering into the dead letter queue with the
 * attempt history and replay to the original destination, and a health indicator stating each
 * transport's guarantee.
 *
 * Needs the global `ResilienceModule`, the `DeadLetterModule` (imported into this module through
 * `forRootAsync({ imports })` unless global), and TypeORM with `MESSAGING_ENTITIES` and
 * `MESSAGING_MIGRATIONS`. Give `ProblemDetailsModule` `unhandledEventHandler: new
 * MessageDeliveryFailureHandler()` too, so that handlers outside `@ResilientConsumer()` classes
 * are settled the same way.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([...MESSAGING_ENTITIES]),
    TerminusModule,
    DiscoveryModule,
  ],
  providers: [
    {
      // Built, and so validated, at start: bad options stop the boot.
      provide: MessageRedeliveryPolicy,
      inject: [RESILIENT_MESSAGING_OPTIONS],
      useFactory: (options: ResilientMessagingModuleOptions) =>
        MessageRedeliveryPolicy.create(options.redelivery ?? {}),
    },
    ConsumerRedeliveryRegistry,
    {
      provide: MessagingTransactionRunner,
      inject: [getDataSourceToken()],
      useFactory: (dataSource: DataSource) =>
        new MessagingTransactionRunner(dataSource),
    },
    {
      provide: InboxStore,
      inject: [MessagingTransactionRunner],
      useFactory: (db: MessagingTransactionRunner) => new InboxStore(db),
    },
    {
      provide: InboxFailureStore,
      inject: [MessagingTransactionRunner, InboxStore],
      useFactory: (db: MessagingTransactionRunner, inbox: InboxStore) =>
        new InboxFailureStore(db, inbox),
    },
    {
      provide: OutboxStore,
      inject: [MessagingTransactionRunner],
      useFactory: (db: MessagingTransactionRunner) => new OutboxStore(db),
    },
    { provide: GroupPositionCache, useFactory: () => new GroupPositionCache() },
    {
      provide: MessagePublisher,
      inject: [RESILIENT_MESSAGING_OPTIONS],
      useFactory: (options: ResilientMessagingModuleOptions) =>
        createMessagePublisher(options),
    },
    { provide: OutboxPublisher, useClass: TypeOrmOutboxPublisher },
    OutboxSignal,
    OutboxRelay,
    MessageDeliveryService,
    InboxService,
    MessageAttemptInterceptor,
    MessagingTransportRegistry,
    DurableTransportFactory,
    MessagingHealthIndicator,
    MessagingEvents,
    MessagingDeadLetterTransport,
    AtMostOnceDeadLetterer,
  ],
  exports: [
    MessagingEvents,
    OutboxPublisher,
    InboxService,
    MessageDeliveryService,
    MessageAttemptInterceptor,
    MessageRedeliveryPolicy,
    ConsumerRedeliveryRegistry,
    MessagePublisher,
    OutboxRelay,
    MessagingTransportRegistry,
    DurableTransportFactory,
    MessagingHealthIndicator,
    AtMostOnceDeadLetterer,
  ],
})
export class ResilientMessagingModule extends ResilientMessagingConfigurableModule {}

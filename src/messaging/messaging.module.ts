import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ResilientMessagingModule } from '@nest-resilience/messaging';
import { deadLetterQueueModule } from '../dead-letter/dead-letter-queue.module.js';
import { messagingConfig, type MessagingConfig } from './messaging.config.js';
import { OrderStatusEntity } from './order-status/entities/order-status.entity.js';
import { OrderStatusConsumer } from './order-status/order-status.consumer.js';
import { OrderStatusProjection } from './order-status/order-status.projection.js';

/**
 * The application's messaging: the library's outbox, relay, inbox and durable consumer on the
 * configured broker (RabbitMQ, else JetStream, else in process), and the order-status
 * projection consuming the orders feature's events. Connect the consumers with
 * `connectMessaging(app)` before `app.init()`.
 */
@Module({
  imports: [
    ConfigModule.forFeature(messagingConfig),
    ResilientMessagingModule.forRootAsync({
      // Dead letters go to the application's dead letter queue.
      imports: [
        ConfigModule.forFeature(messagingConfig),
        deadLetterQueueModule,
      ],
      inject: [messagingConfig.KEY],
      useFactory: (settings: MessagingConfig) => ({
        broker: settings.broker,
        relay: {
          enabled: settings.relayEnabled,
          breakerService: settings.broker.transport,
        },
      }),
    }),
    TypeOrmModule.forFeature([OrderStatusEntity]),
  ],
  controllers: [OrderStatusConsumer],
  providers: [OrderStatusProjection],
  exports: [OrderStatusProjection],
})
export class MessagingModule {}

import { HttpModule, HttpService } from '@nestjs/axios';
import {
  Module,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { forwardRequestId } from '@nest-resilience/problem-details';
import { KeyValueStoreModule } from '../cache/key-value-store.module.js';
import { DeliveryClient } from './clients/delivery.client.js';
import { DownstreamUrls } from './clients/downstream-urls.js';
import { ProductClient } from './clients/product.client.js';
import { DatabaseFailureTranslator } from './database-failure.translator.js';
import { DeliveryRequestStore } from './delivery/delivery-request.store.js';
import { DeliveryRetryJob } from './delivery/delivery-retry.job.js';
import { DeliveryScheduler } from './delivery/delivery.scheduler.js';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor.js';
import { IdempotencyStore } from './idempotency/idempotency.store.js';
import { OrderLifecycleService } from './order-lifecycle.service.js';
import { OrderCache } from './order.cache.js';
import { OrderStore } from './order.store.js';
import { ordersConfig } from './orders.config.js';
import { OrdersController } from './orders.controller.js';
import { OrdersService } from './orders.service.js';
import { GracefulShutdownService } from './shutdown/graceful-shutdown.service.js';
import { InFlightRequestsMiddleware } from './shutdown/in-flight-requests.middleware.js';
import { InFlightRequestsTracker } from './shutdown/in-flight-requests.tracker.js';
import { SelfUrlResolver } from '../simulators/self-url.resolver.js';

/**
 * The orders feature, the sales API of the seeds: orders stored with their events in the
 * outbox, product and delivery services behind their breakers, the order cache and idempotency
 * records on the shared key-value store, queued deliveries retried in the background, and the
 * graceful shutdown of HTTP requests.
 *
 * Needs the application's TypeORM data source (with `ORDERS_ENTITIES` and `ORDERS_MIGRATIONS`),
 * `ResilienceModule` and an `OutboxPublisher` provider.
 */
@Module({
  imports: [
    ConfigModule.forFeature(ordersConfig),
    HttpModule.register({ maxRedirects: 0 }),
    KeyValueStoreModule,
    TerminusModule,
  ],
  controllers: [OrdersController],
  providers: [
    DownstreamUrls,
    SelfUrlResolver,
    ProductClient,
    DeliveryClient,
    OrderStore,
    DeliveryRequestStore,
    DatabaseFailureTranslator,
    OrderCache,
    IdempotencyStore,
    IdempotencyInterceptor,
    OrdersService,
    OrderLifecycleService,
    DeliveryScheduler,
    DeliveryRetryJob,
    InFlightRequestsTracker,
    GracefulShutdownService,
  ],
  exports: [DeliveryRetryJob],
})
export class OrdersModule implements NestModule {
  constructor(http: HttpService) {
    // Outbound calls carry the request id of the request that made them.
    forwardRequestId(http.axiosRef);
  }

  configure(consumer: MiddlewareConsumer): void {
    // The simulators stand for other services: an order in flight must still reach them.
    consumer
      .apply(InFlightRequestsMiddleware)
      .exclude('simulators/{*path}')
      .forRoutes('{*path}');
  }
}

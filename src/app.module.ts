import { Module } from '@nestjs/common';
import { ConfigModule, type ConfigType } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { ThrottlerModule } from '@nestjs/throttler';
import {
  AlertingErrorLogStore,
  ProblemDetailsModule,
} from '@nest-resilience/problem-details';
import {
  CircuitBreakerAdminController,
  resilienceConfig,
  ResilienceModule,
  type ResilienceConfig,
} from '@nest-resilience/resilience';
import { HttpThrottlerGuard } from './cache/http-throttler.guard.js';
import { KeyValueStoreModule } from './cache/key-value-store.module.js';
import { RateLimitStorage } from './cache/rate-limit.storage.js';
import { APP_CLASSIFICATION_RULES } from './config/classification-rules.constants.js';
import { appConfig } from './config/app.config.js';
import { DatabaseModule } from './database/database.module.js';
import { deadLetterQueueModule } from './dead-letter/dead-letter-queue.module.js';
import { HealthModule } from './health/health.module.js';
import { IntegrationConsumerModule } from './integration/consumer/integration-consumer.module.js';
import { IntegrationModule } from './integration/integration.module.js';
import { MessagingModule } from './messaging/messaging.module.js';
import { OrdersModule } from './orders/orders.module.js';
import { SimulatorsModule } from './simulators/simulators.module.js';

/** The application: the resilience library wired from configuration, and its features. */
@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      cache: true,
      load: [appConfig, resilienceConfig],
    }),
    ResilienceModule.forRootAsync({
      inject: [resilienceConfig.KEY, appConfig.KEY],
      useFactory: (
        settings: ResilienceConfig,
        app: ConfigType<typeof appConfig>,
      ) => ({
        settings,
        admin: { token: app.adminToken, readonlyToken: app.adminReadonlyToken },
        classificationRules: [...APP_CLASSIFICATION_RULES],
      }),
    }),
    ProblemDetailsModule.forRootAsync({
      // Installs the envelope filter, the request timeout and request ids for every route.
      global: true,
      // The error log is the dead letter queue's durable, alerting store.
      imports: [deadLetterQueueModule],
      inject: [appConfig.KEY, AlertingErrorLogStore],
      useFactory: (
        app: ConfigType<typeof appConfig>,
        errorLog: AlertingErrorLogStore,
      ) => ({
        production: app.production,
        requestTimeoutMs: app.requestTimeoutMs,
        errorLog,
      }),
    }),
    ThrottlerModule.forRootAsync({
      imports: [KeyValueStoreModule],
      inject: [appConfig.KEY, RateLimitStorage],
      useFactory: (
        app: ConfigType<typeof appConfig>,
        storage: RateLimitStorage,
      ) => ({
        throttlers: [{ ttl: 60_000, limit: app.rateLimitPerMinute }],
        storage,
      }),
    }),
    ScheduleModule.forRoot(),
    DatabaseModule,
    deadLetterQueueModule,
    MessagingModule,
    OrdersModule,
    // The built-in simulators the environment asks for: see servedSimulatorGroups().
    SimulatorsModule.forRoot(),
    IntegrationModule,
    IntegrationConsumerModule,
    HealthModule,
  ],
  controllers: [CircuitBreakerAdminController],
  providers: [{ provide: APP_GUARD, useClass: HttpThrottlerGuard }],
})
export class AppModule {}

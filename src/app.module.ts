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
  AdminAuditController,
  AdminTokenRegistry,
  CircuitBreakerAdminController,
  FeatureToggleAdminController,
  resilienceConfig,
  ResilienceModule,
  type ResilienceConfig,
} from '@nest-resilience/resilience';
import { adminConfig, type AdminConfig } from './admin/admin.config.js';
import { AdminAuditModule } from './admin/admin-audit.module.js';
import {
  createAdminThrottler,
  isAdminRequest,
} from './admin/admin-throttler.factory.js';
import { TypeOrmAdminAuditStore } from './admin/typeorm-admin-audit.store.js';
import { cacheConfig, type CacheConfig } from './cache/cache.config.js';
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
import { ObservabilityModule } from './observability/observability.module.js';
import { OrdersModule } from './orders/orders.module.js';
import { SimulatorsModule } from './simulators/simulators.module.js';
import { createFeatureToggleStore } from './toggles/feature-toggle-store.factory.js';

/** The application: the resilience library wired from configuration, and its features. */
@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      cache: true,
      load: [appConfig, adminConfig, resilienceConfig],
    }),
    ResilienceModule.forRootAsync({
      // The admin audit log is kept in the application's database; runtime feature toggle
      // changes in Redis when REDIS_URL is set, so they reach every instance.
      imports: [AdminAuditModule, ConfigModule.forFeature(cacheConfig)],
      inject: [
        resilienceConfig.KEY,
        appConfig.KEY,
        adminConfig.KEY,
        TypeOrmAdminAuditStore,
        cacheConfig.KEY,
      ],
      useFactory: (
        settings: ResilienceConfig,
        app: ConfigType<typeof appConfig>,
        admin: AdminConfig,
        auditStore: TypeOrmAdminAuditStore,
        cache: CacheConfig,
      ) => ({
        settings,
        admin: {
          token: app.adminToken,
          readonlyToken: app.adminReadonlyToken,
          tokens: admin.tokens,
          auditStore,
        },
        classificationRules: [...APP_CLASSIFICATION_RULES],
        features: { store: createFeatureToggleStore(cache) },
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
      inject: [
        appConfig.KEY,
        adminConfig.KEY,
        RateLimitStorage,
        AdminTokenRegistry,
      ],
      useFactory: (
        app: ConfigType<typeof appConfig>,
        admin: AdminConfig,
        storage: RateLimitStorage,
        tokens: AdminTokenRegistry,
      ) => ({
        // The /admin routes have a limit of their own, apart from the public one.
        throttlers: [
          {
            ttl: 60_000,
            limit: app.rateLimitPerMinute,
            skipIf: isAdminRequest,
          },
          createAdminThrottler(admin.rateLimitPerMinute, tokens),
        ],
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
    ObservabilityModule,
  ],
  controllers: [
    CircuitBreakerAdminController,
    AdminAuditController,
    FeatureToggleAdminController,
  ],
  providers: [{ provide: APP_GUARD, useClass: HttpThrottlerGuard }],
})
export class AppModule {}

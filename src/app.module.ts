import { Module } from '@nestjs/common';
import { ConfigModule, type ConfigType } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import {
  AlertingErrorLogStore,
  CircuitBreakerAdminController,
  resilienceConfig,
  ResilienceModule,
  type ResilienceConfig,
} from '@app/resilience';
import { appConfig } from './config/app.config.js';
import { DatabaseModule } from './database/database.module.js';
import { deadLetterQueueModule } from './dead-letter/dead-letter-queue.module.js';
import { HealthModule } from './health/health.module.js';

/** The application: the resilience library wired from configuration, and its features. */
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, cache: true, load: [appConfig, resilienceConfig] }),
    ResilienceModule.forRootAsync({
      // The error log is the dead letter queue's durable, alerting store.
      imports: [deadLetterQueueModule],
      inject: [resilienceConfig.KEY, appConfig.KEY, AlertingErrorLogStore],
      useFactory: (
        settings: ResilienceConfig,
        app: ConfigType<typeof appConfig>,
        errorLog: AlertingErrorLogStore,
      ) => ({
        settings,
        admin: { token: app.adminToken, readonlyToken: app.adminReadonlyToken },
        errors: { production: app.production, requestTimeoutMs: app.requestTimeoutMs },
        errorLog,
      }),
    }),
    DatabaseModule,
    deadLetterQueueModule,
    ThrottlerModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: (app: ConfigType<typeof appConfig>) => [
        { ttl: 60_000, limit: app.rateLimitPerMinute },
      ],
    }),
    HealthModule,
  ],
  controllers: [CircuitBreakerAdminController],
  providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }],
})
export class AppModule {}

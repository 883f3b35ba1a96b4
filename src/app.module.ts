import { Module } from '@nestjs/common';
import { ConfigModule, type ConfigType } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import {
  CircuitBreakerAdminController,
  resilienceConfig,
  ResilienceModule,
  type ResilienceConfig,
} from '@app/resilience';
import { appConfig } from './config/app.config.js';
import { HealthModule } from './health/health.module.js';

/** The application: the resilience library wired from configuration, and its features. */
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, cache: true, load: [appConfig, resilienceConfig] }),
    ResilienceModule.forRootAsync({
      inject: [resilienceConfig.KEY, appConfig.KEY],
      useFactory: (settings: ResilienceConfig, app: ConfigType<typeof appConfig>) => ({
        settings,
        admin: { token: app.adminToken, readonlyToken: app.adminReadonlyToken },
        errors: { production: app.production, requestTimeoutMs: app.requestTimeoutMs },
      }),
    }),
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

import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { KeyValueStoreModule } from '../cache/key-value-store.module.js';
import { IntegrationModule } from '../integration/integration.module.js';
import { OrdersModule } from '../orders/orders.module.js';
import { DatabaseHealthIndicator } from './database.health.js';
import { EnvironmentHealthIndicator } from './environment.health.js';
import { HealthController } from './health.controller.js';

/** Terminus health checks of the application and its dependencies. */
@Module({
  imports: [
    TerminusModule,
    KeyValueStoreModule,
    OrdersModule,
    IntegrationModule,
  ],
  controllers: [HealthController],
  providers: [DatabaseHealthIndicator, EnvironmentHealthIndicator],
})
export class HealthModule {}

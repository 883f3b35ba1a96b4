import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { KeyValueStoreModule } from '../cache/key-value-store.module.js';
import { IntegrationModule } from '../integration/integration.module.js';
import { OrdersModule } from '../orders/orders.module.js';
import { DatabaseHealthIndicator } from './database.health.js';
import { EnvironmentHealthIndicator } from './environment.health.js';
import { HealthCheckFailedFilter } from './health-check-failed.filter.js';
import { HealthController } from './health.controller.js';

/**
 * Terminus health checks of the application and its dependencies. Terminus's own logging is
 * off: it would print the whole health document for every failed probe; the health routes log
 * one line instead ({@link HealthCheckFailedFilter}).
 */
@Module({
  imports: [
    TerminusModule.forRoot({ logger: false }),
    KeyValueStoreModule,
    OrdersModule,
    IntegrationModule,
  ],
  controllers: [HealthController],
  providers: [
    DatabaseHealthIndicator,
    EnvironmentHealthIndicator,
    HealthCheckFailedFilter,
  ],
})
export class HealthModule {}

import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import {
  ALERT_OPTIONS,
  AlertService,
  AlertWebhookClient,
} from '@nest-resilience/problem-details';
import { DeadLetterCapacityMonitor } from './dead-letter-capacity.monitor.js';
import {
  DEAD_LETTER_OPTIONS,
  resolveDeadLetterOptions,
} from './dead-letter.constants.js';
import { DeadLetterHealthIndicator } from './dead-letter.health.js';
import { DeadLetterCipher } from './encryption/dead-letter.cipher.js';
import { createDeadLetterCipher } from './encryption/dead-letter-cipher.factory.js';
import { DeadLetterMaintenanceService } from './dead-letter-maintenance.service.js';
import {
  DEAD_LETTER_MODULE_OPTIONS,
  DeadLetterConfigurableModule,
} from './dead-letter.module-definition.js';
import type {
  DeadLetterModuleOptions,
  ResolvedDeadLetterOptions,
} from './dead-letter-module-options.interface.js';
import { DeadLetterPresenter } from './dead-letter.presenter.js';
import { DeadLetterService } from './dead-letter.service.js';
import { DeadLetterStorePolicy } from './dead-letter-store.policy.js';
import { DeadLetterWriteBatcher } from './dead-letter-write.batcher.js';
import { BulkReplayJobRegistry } from './replay/bulk-replay-job.registry.js';
import { DeadLetterBulkReplayService } from './replay/dead-letter-bulk-replay.service.js';
import { DeadLetterReplayService } from './replay/dead-letter-replay.service.js';
import { DeadLetterTransportRegistry } from './transport/dead-letter-transport.registry.js';
import { HttpDeadLetterTransport } from './transport/http-dead-letter.transport.js';

/**
 * The dead letter queue: `DeadLetterService` for producers, replay (single and bulk, through
 * pluggable transports by destination scheme), retention, size limit, alerts, a health
 * indicator and the `/admin/dlq` API; payloads, headers and error messages encrypted at rest
 * with `encryptionKeys`. Needs the global `ResilienceModule` (classifier,
 * breakers, admin tokens) and, with the default TypeORM store, the application's TypeORM
 * data source with `DEAD_LETTER_ENTITIES` and `DEAD_LETTER_MIGRATIONS`.
 *
 * @example
 * ```ts
 * DeadLetterModule.forRootAsync({
 *   inject: [appConfig.KEY],
 *   useFactory: (app: AppConfig) => ({
 *     storeService: 'postgres',
 *     alerts: { webhookUrl: app.alertWebhookUrl },
 *   }),
 * })
 * ```
 */
@Module({
  imports: [TerminusModule],
  providers: [
    {
      provide: DEAD_LETTER_OPTIONS,
      inject: [DEAD_LETTER_MODULE_OPTIONS],
      useFactory: (options: DeadLetterModuleOptions) =>
        resolveDeadLetterOptions(options),
    },
    {
      provide: ALERT_OPTIONS,
      inject: [DEAD_LETTER_OPTIONS],
      useFactory: (options: ResolvedDeadLetterOptions) => options.alerts,
    },
    {
      provide: DeadLetterCipher,
      inject: [DEAD_LETTER_OPTIONS],
      useFactory: (options: ResolvedDeadLetterOptions) =>
        createDeadLetterCipher(options.encryptionKeys),
    },
    AlertWebhookClient,
    AlertService,
    DeadLetterStorePolicy,
    DeadLetterPresenter,
    DeadLetterCapacityMonitor,
    DeadLetterWriteBatcher,
    DeadLetterService,
    DeadLetterTransportRegistry,
    HttpDeadLetterTransport,
    DeadLetterReplayService,
    BulkReplayJobRegistry,
    DeadLetterBulkReplayService,
    DeadLetterMaintenanceService,
    DeadLetterHealthIndicator,
  ],
  exports: [
    DEAD_LETTER_OPTIONS,
    DeadLetterCipher,
    AlertService,
    DeadLetterService,
    DeadLetterPresenter,
    DeadLetterTransportRegistry,
    DeadLetterReplayService,
    DeadLetterBulkReplayService,
    DeadLetterMaintenanceService,
    DeadLetterHealthIndicator,
  ],
})
export class DeadLetterModule extends DeadLetterConfigurableModule {}

import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CheckpointStore, StepPipelineRunner } from '@nest-resilience/workflows';
import { FhirServerClient } from './clients/fhir-server.client.js';
import { InventoryClient } from './clients/inventory.client.js';
import { PaymentClient } from './clients/payment.client.js';
import { ShippingClient } from './clients/shipping.client.js';
import { TargetHttpClient } from './clients/target-http.client.js';
import { TargetUrlResolver } from './clients/target-url.resolver.js';
import { TerminologyClient } from './clients/terminology.client.js';
import {
  integrationConfig,
  type IntegrationConfig,
} from './config/integration.config.js';
import { IntegrationDeadLetterTransport } from './dead-letter/integration-dead-letter.transport.js';
import { CompensationCoordinator } from './engine/compensation.coordinator.js';
import { FailureNotifier } from './engine/failure.notifier.js';
import { IntegrationEngine } from './engine/integration-engine.service.js';
import { IntegrationReplayService } from './engine/integration-replay.service.js';
import { MessageProcessor } from './engine/message.processor.js';
import { StepFailureHandler } from './engine/step-failure.handler.js';
import { IntegrationHealthIndicator } from './health/integration.health.js';
import { IntegrationController } from './integration.controller.js';
import { INTEGRATION_ENTITIES } from './persistence/integration-typeorm.constants.js';
import { TypeOrmCheckpointStore } from './persistence/typeorm-checkpoint.store.js';
import { OrderFulfilmentPipeline } from './pipelines/order-fulfilment.pipeline.js';
import { PatientRecordPipeline } from './pipelines/patient-record.pipeline.js';
import { PipelineRegistry } from './pipelines/pipeline.registry.js';
import { ConnectionRecoveryJob } from './recovery/connection-recovery.job.js';
import { OutboxRepublishJob } from './recovery/outbox-republish.job.js';
import { RecoveryAdminController } from './recovery/recovery-admin.controller.js';
import { RecoveryRunRegistry } from './recovery/recovery-run.registry.js';
import { RecoveryScheduler } from './recovery/recovery.scheduler.js';
import { RetentionJob } from './recovery/retention.job.js';
import { StuckMessageJob } from './recovery/stuck-message.job.js';
import { TargetSimulatorModule } from './simulators/target-simulator.module.js';
import { SelfUrlResolver } from '../simulators/self-url.resolver.js';

/**
 * The integration engine: multi-step pipelines per message type with a checkpoint after every
 * step, compensation, per-system bulkheads, breakers and retries (the library's decorators on
 * the target clients), one error strategy, replay from the dead letter queue, recovery jobs,
 * the HTTP entry and simulated target systems (the durable consumer is `IntegrationConsumerModule`).
 *
 * Needs from the application: the global `ResilienceModule` (with the target systems declared
 * in the resilience configuration), TypeORM with `INTEGRATION_ENTITIES` and
 * `INTEGRATION_MIGRATIONS`, a global `DeadLetterModule` and `ScheduleModule.forRoot()`.
 */
@Module({
  imports: [
    ConfigModule.forFeature(integrationConfig),
    TypeOrmModule.forFeature(INTEGRATION_ENTITIES),
    TerminusModule,
    TargetSimulatorModule,
  ],
  controllers: [IntegrationController, RecoveryAdminController],
  providers: [
    { provide: CheckpointStore, useClass: TypeOrmCheckpointStore },
    {
      provide: StepPipelineRunner,
      inject: [CheckpointStore, integrationConfig.KEY],
      useFactory: (store: CheckpointStore, config: IntegrationConfig) =>
        new StepPipelineRunner({ store, leaseMs: config.leaseMs }),
    },
    TargetUrlResolver,
    SelfUrlResolver,
    TargetHttpClient,
    FhirServerClient,
    TerminologyClient,
    InventoryClient,
    PaymentClient,
    ShippingClient,
    PatientRecordPipeline,
    OrderFulfilmentPipeline,
    PipelineRegistry,
    CompensationCoordinator,
    FailureNotifier,
    StepFailureHandler,
    MessageProcessor,
    IntegrationEngine,
    IntegrationReplayService,
    IntegrationDeadLetterTransport,
    RecoveryRunRegistry,
    StuckMessageJob,
    OutboxRepublishJob,
    RetentionJob,
    ConnectionRecoveryJob,
    RecoveryScheduler,
    IntegrationHealthIndicator,
  ],
  exports: [
    IntegrationEngine,
    RecoveryScheduler,
    RecoveryRunRegistry,
    IntegrationHealthIndicator,
    TargetSimulatorModule,
  ],
})
export class IntegrationModule {}

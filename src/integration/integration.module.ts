import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { WorkflowsModule } from '@nest-resilience/workflows';
import { FhirServerClient } from './clients/fhir-server.client.js';
import { InventoryClient } from './clients/inventory.client.js';
import { PaymentClient } from './clients/payment.client.js';
import { ShippingClient } from './clients/shipping.client.js';
import { TargetHttpClient } from './clients/target-http.client.js';
import { TargetUrlResolver } from './clients/target-url.resolver.js';
import { TerminologyClient } from './clients/terminology.client.js';
import { integrationConfig } from './config/integration.config.js';
import { integrationWorkflowsOptions } from './config/integration-workflows.config.js';
import { IntegrationDeadLetterTransport } from './dead-letter/integration-dead-letter.transport.js';
import { IntegrationController } from './integration.controller.js';
import { OrderFulfilmentPipeline } from './pipelines/order-fulfilment.pipeline.js';
import { PatientRecordPipeline } from './pipelines/patient-record.pipeline.js';
import { SelfUrlResolver } from '../simulators/self-url.resolver.js';

/**
 * The integration engine: the `WorkflowsModule` engine (checkpoints, compensation, one error
 * strategy, replay from the dead letter queue, recovery jobs under `/admin/integration/recovery`)
 * running this application's pipelines, per-system bulkheads, breakers and retries (the
 * resilience decorators on the target clients), and the HTTP entry (the durable consumer is
 * `IntegrationConsumerModule`; the simulated target systems are `SimulatorsModule`'s).
 *
 * Needs from the application: the global `ResilienceModule` (with the target systems declared
 * in the resilience configuration), TypeORM with `WORKFLOW_ENTITIES` and
 * `WORKFLOW_MIGRATIONS`, a global `DeadLetterModule` and `ScheduleModule.forRoot()`; where a
 * target's URL is unset, `SimulatorsModule` serving the `targets` group.
 */
@Module({
  imports: [
    ConfigModule.forFeature(integrationConfig),
    WorkflowsModule.forRootAsync({
      adminPath: 'admin/integration/recovery',
      imports: [ConfigModule.forFeature(integrationConfig)],
      inject: [integrationConfig.KEY],
      useFactory: integrationWorkflowsOptions,
    }),
  ],
  controllers: [IntegrationController],
  providers: [
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
    IntegrationDeadLetterTransport,
  ],
  exports: [
    // The engine, its recovery scheduler and health indicator, for the consumer and health modules.
    WorkflowsModule,
  ],
})
export class IntegrationModule {}
